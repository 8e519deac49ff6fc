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
