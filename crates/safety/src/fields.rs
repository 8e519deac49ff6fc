//! The checked values that reports and their rules share: the error that
//! names a failed field, country codes and the OECD harm dimensions.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// A field of a report that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct ReportError {
    pub field: String,
    pub reason: String,
}

impl ReportError {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        ReportError {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(value: &str) -> Result<Self, ReportError> {
        let v = value.trim();
        if v.len() != 2 || !v.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(ReportError::new(
                "harm.countries",
                format!("{value:?} is not an ISO 3166-1 alpha-2 code"),
            ));
        }
        Ok(CountryCode(v.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CountryCode {
    type Error = ReportError;
    fn try_from(v: String) -> Result<Self, ReportError> {
        CountryCode::parse(&v)
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.0
    }
}

/// The OECD AI Incidents Monitor's harm dimensions, as codes of the
/// `oecd-aim` taxonomy (checked by `Taxonomies::check_harm`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HarmDimensions {
    pub harm_types: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    pub stakeholders: BTreeSet<String>,
    pub sectors: BTreeSet<String>,
    pub countries: BTreeSet<CountryCode>,
}

/// Serde for an optional calendar date written `YYYY-MM-DD` (as ISO 8601
/// and every reader expect). Documents stored before this was used hold
/// `[year, day of the year]`, which is read too.
pub mod iso_date_option {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.serialize_some(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Text(String),
        Ordinal(i32, u16),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        use serde::de::Error;
        match Option::<Written>::deserialize(d)? {
            None => Ok(None),
            Some(Written::Text(t)) => {
                let format = time::macros::format_description!("[year]-[month]-[day]");
                Date::parse(&t, format).map(Some).map_err(D::Error::custom)
            }
            Some(Written::Ordinal(year, day)) => Date::from_ordinal_date(year, day)
                .map(Some)
                .map_err(D::Error::custom),
        }
    }

    #[cfg(test)]
    mod tests {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Holder {
            #[serde(default, with = "super")]
            date: Option<time::Date>,
        }

        #[test]
        fn dates_are_written_iso_and_the_old_form_still_reads() {
            let h = Holder {
                date: Some(time::macros::date!(2026 - 09 - 06)),
            };
            let json = serde_json::to_string(&h).unwrap();
            assert_eq!(json, r#"{"date":"2026-09-06"}"#);
            assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), h);
            assert_eq!(
                serde_json::from_str::<Holder>(r#"{"date":[2026,249]}"#).unwrap(),
                h
            );
            assert_eq!(
                serde_json::from_str::<Holder>("{}").unwrap(),
                Holder { date: None }
            );
            assert!(serde_json::from_str::<Holder>(r#"{"date":"06/09/2026"}"#).is_err());
        }
    }
}
