//! A state's standing in the organization.

use serde::{Deserialize, Serialize};

use crate::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Member,
    Observer,
    Suspended,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 3] = [
        MemberStatus::Member,
        MemberStatus::Observer,
        MemberStatus::Suspended,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            MemberStatus::Member => "member",
            MemberStatus::Observer => "observer",
            MemberStatus::Suspended => "suspended",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|s| s.slug() == raw)
            .ok_or(Invalid::new("status", "err-invalid-choice"))
    }
}

/// Parses a calendar date `YYYY-MM-DD`.
pub fn parse_date(field: &'static str, raw: &str) -> Result<time::Date, Invalid> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(raw.trim(), format).map_err(|_| Invalid::new(field, "err-invalid-date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_date_parse_strictly() {
        assert_eq!(MemberStatus::parse("observer"), Ok(MemberStatus::Observer));
        assert!(MemberStatus::parse("Member").is_err());
        assert_eq!(
            parse_date("since", "2025-07-26").unwrap().to_string(),
            "2025-07-26"
        );
        assert_eq!(
            parse_date("since", "2025-02-30").unwrap_err().field,
            "since"
        );
    }
}
