//! Validated building blocks shared by offers, requests, programs and rounds:
//! country codes, availability windows, positive hour amounts and the field error.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// A value that failed validation, naming the field it came from.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct FieldError {
    pub field: String,
    pub reason: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The same error, its field nested under `parent` (`offers[3].window`).
    pub fn within(self, parent: &str) -> Self {
        Self {
            field: format!("{parent}.{}", self.field),
            reason: self.reason,
        }
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case (`KE`, `BR`, `CN`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(code))
        } else {
            Err(FieldError::new(
                field,
                format!("`{raw}` is not an ISO 3166-1 alpha-2 country code"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CountryCode {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, FieldError> {
        Self::parse("country", &raw)
    }
}

impl From<CountryCode> for String {
    fn from(code: CountryCode) -> String {
        code.0
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A calendar day, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Day(Date);

impl Day {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let bad = || FieldError::new(field, format!("`{raw}` is not a date YYYY-MM-DD"));
        let mut parts = raw.trim().splitn(3, '-');
        let mut next = || -> Result<i64, FieldError> {
            parts
                .next()
                .and_then(|p| p.parse::<i64>().ok())
                .ok_or_else(bad)
        };
        let (y, m, d) = (next()?, next()?, next()?);
        let month = u8::try_from(m)
            .ok()
            .and_then(|m| Month::try_from(m).ok())
            .ok_or_else(bad)?;
        let date = Date::from_calendar_date(
            i32::try_from(y).map_err(|_| bad())?,
            month,
            u8::try_from(d).map_err(|_| bad())?,
        )
        .map_err(|_| bad())?;
        Ok(Self(date))
    }

    /// Days since 1970-01-01.
    pub fn ordinal(self) -> i64 {
        i64::from(self.0.to_julian_day()) - 2_440_588
    }
}

impl TryFrom<String> for Day {
    type Error = FieldError;
    fn try_from(raw: String) -> Result<Self, FieldError> {
        Self::parse("date", &raw)
    }
}

impl From<Day> for String {
    fn from(day: Day) -> String {
        let d = day.0;
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
}

/// An availability window: whole days from `start` to `end`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "WindowFields")]
pub struct Window {
    start: Day,
    end: Day,
}

#[derive(Deserialize)]
struct WindowFields {
    start: Day,
    end: Day,
}

impl TryFrom<WindowFields> for Window {
    type Error = FieldError;
    fn try_from(w: WindowFields) -> Result<Self, FieldError> {
        Window::new(w.start, w.end)
    }
}

impl Window {
    pub fn new(start: Day, end: Day) -> Result<Self, FieldError> {
        if end < start {
            return Err(FieldError::new("window.end", "ends before it starts"));
        }
        Ok(Self { start, end })
    }

    pub fn start(&self) -> Day {
        self.start
    }

    pub fn end(&self) -> Day {
        self.end
    }

    pub fn days(&self) -> i64 {
        self.end.ordinal() - self.start.ordinal() + 1
    }

    /// Whole days both windows share (0 when disjoint).
    pub fn overlap_days(&self, other: &Window) -> i64 {
        let start = self.start.ordinal().max(other.start.ordinal());
        let end = self.end.ordinal().min(other.end.ordinal());
        (end - start + 1).max(0)
    }
}

/// A finite, non-negative amount of hours.
pub fn hours(field: &str, value: f64) -> Result<f64, FieldError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(FieldError::new(
            field,
            format!("{value} is not a finite, non-negative number of hours"),
        ))
    }
}

/// A text that must not be blank, trimmed.
pub fn text(field: &str, value: &str) -> Result<String, FieldError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        Err(FieldError::new(field, "must not be empty"))
    } else {
        Ok(trimmed.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_two_upper_letters() {
        assert_eq!(CountryCode::parse("c", "ke").unwrap().as_str(), "KE");
        let err = CountryCode::parse("request.country", "KEN").unwrap_err();
        assert_eq!(err.field, "request.country");
        assert!(CountryCode::parse("c", "K1").is_err());
    }

    #[test]
    fn days_validate_the_calendar_and_round_trip() {
        assert!(Day::parse("d", "2026-02-29").is_err());
        assert!(Day::parse("d", "2028-02-29").is_ok());
        assert!(Day::parse("d", "2026-13-01").is_err());
        let day = Day::parse("d", "2026-03-05").unwrap();
        assert_eq!(String::from(day), "2026-03-05");
        assert_eq!(Day::parse("d", "1970-01-02").unwrap().ordinal(), 1);
    }

    #[test]
    fn windows_overlap_by_whole_days() {
        let d = |s| Day::parse("d", s).unwrap();
        let a = Window::new(d("2026-01-01"), d("2026-01-31")).unwrap();
        let b = Window::new(d("2026-01-20"), d("2026-02-10")).unwrap();
        let c = Window::new(d("2026-02-01"), d("2026-02-10")).unwrap();
        assert_eq!(a.days(), 31);
        assert_eq!(a.overlap_days(&b), 12);
        assert_eq!(a.overlap_days(&c), 0);
        assert!(Window::new(d("2026-02-01"), d("2026-01-01")).is_err());
    }
}
