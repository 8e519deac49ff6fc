//! Institutions: agencies, universities, labs, companies, NGOs and standards
//! bodies, each belonging to one country.

use serde::{Deserialize, Serialize};

use crate::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
    GovernmentAgency,
    University,
    ResearchInstitute,
    Company,
    Ngo,
    StandardsBody,
}

impl InstitutionKind {
    pub const ALL: [InstitutionKind; 6] = [
        InstitutionKind::GovernmentAgency,
        InstitutionKind::University,
        InstitutionKind::ResearchInstitute,
        InstitutionKind::Company,
        InstitutionKind::Ngo,
        InstitutionKind::StandardsBody,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            InstitutionKind::GovernmentAgency => "government_agency",
            InstitutionKind::University => "university",
            InstitutionKind::ResearchInstitute => "research_institute",
            InstitutionKind::Company => "company",
            InstitutionKind::Ngo => "ngo",
            InstitutionKind::StandardsBody => "standards_body",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|k| k.slug() == raw)
            .ok_or(Invalid::new("kind", "err-invalid-choice"))
    }
}

/// An institution's name: trimmed, 2 to 200 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstitutionName(String);

impl InstitutionName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(Invalid::new("name", "err-required"));
        }
        let len = name.chars().count();
        if !(2..=200).contains(&len) {
            return Err(Invalid::new("name", "err-length"));
        }
        if name.chars().any(char::is_control) {
            return Err(Invalid::new("name", "err-control-chars"));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional web address: must be http(s) when given.
pub fn parse_website(raw: &str) -> Result<Option<String>, Invalid> {
    let url = raw.trim();
    if url.is_empty() {
        return Ok(None);
    }
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 300
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
        && crate::WebLink::is_allowed(url);
    if ok {
        Ok(Some(url.to_owned()))
    } else {
        Err(Invalid::new("website", "err-invalid-url"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_kinds_validate() {
        assert_eq!(
            InstitutionName::parse("  Tsinghua University ")
                .unwrap()
                .as_str(),
            "Tsinghua University"
        );
        assert_eq!(InstitutionName::parse(" ").unwrap_err().key, "err-required");
        assert_eq!(InstitutionName::parse("x").unwrap_err().key, "err-length");
        assert_eq!(
            InstitutionName::parse("a\u{0}b").unwrap_err().key,
            "err-control-chars"
        );
        assert_eq!(InstitutionKind::parse("ngo"), Ok(InstitutionKind::Ngo));
        assert!(InstitutionKind::parse("club").is_err());
        assert_eq!(parse_website("").unwrap(), None);
        assert!(parse_website("javascript:alert(1)").is_err());
        assert!(parse_website("https://example.org/x").unwrap().is_some());
    }
}
