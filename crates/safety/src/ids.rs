//! Opaque identifiers the safety domain receives from the rest of the node:
//! reports, members, organisations, communities, registered AI systems and
//! commons repositories. They are checked for shape only (the application
//! layer knows whether they exist).

use std::fmt;

use serde::{Deserialize, Serialize};

/// An identifier that is empty, too long or holds whitespace or control characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct IdError {
    pub field: &'static str,
    pub reason: &'static str,
}

/// Longest identifier accepted.
pub const MAX_ID_LEN: usize = 200;

fn check_id(field: &'static str, value: &str) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError {
            field,
            reason: "must not be empty",
        });
    }
    if value.len() > MAX_ID_LEN {
        return Err(IdError {
            field,
            reason: "is longer than 200 bytes",
        });
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(IdError {
            field,
            reason: "must not contain whitespace or control characters",
        });
    }
    Ok(())
}

macro_rules! opaque_id {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Checks the shape of the identifier.
            pub fn parse(value: &str) -> Result<Self, IdError> {
                check_id($field, value)?;
                Ok($name(value.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, IdError> {
                check_id($field, &value)?;
                Ok($name(value))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

opaque_id!(
    /// A report (incident or vulnerability), e.g. `SR-2026-0001`.
    ReportId,
    "report_id"
);
opaque_id!(
    /// A member account (a person).
    MemberId,
    "member_id"
);
opaque_id!(
    /// A member organisation.
    OrgId,
    "org_id"
);
opaque_id!(
    /// A reporting community (a named group of organisations sharing at TLP:AMBER).
    CommunityId,
    "community_id"
);
opaque_id!(
    /// A registered AI system.
    SystemId,
    "system_id"
);
opaque_id!(
    /// A commons repository, as `kind:owner/name`.
    RepoRef,
    "repo_ref"
);
opaque_id!(
    /// A comment on a report.
    CommentId,
    "comment_id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_reject_bad_shapes_and_name_the_field() {
        assert_eq!(ReportId::parse("SR-1").unwrap().as_str(), "SR-1");
        let e = ReportId::parse("").unwrap_err();
        assert_eq!(e.field, "report_id");
        assert!(OrgId::parse("a b").is_err());
        assert!(MemberId::parse(&"x".repeat(201)).is_err());
        let bad: Result<CommunityId, _> = serde_json::from_str("\"a\\nb\"");
        assert!(bad.is_err());
    }
}
