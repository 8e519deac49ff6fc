//! The members registry of WAICO: states (from ISO 3166-1 reference data),
//! their membership, institutions, people and roles, and the one policy
//! module that decides who may do what. Free of HTTP and SQL.

pub mod country;
pub mod institution;
pub mod language;
pub mod link;
pub mod membership;
pub mod person;
pub mod policy;
pub mod role;
pub mod totp;

pub use country::{
    Countries, Country, CountryCode, GlobalSouth, GlobalSouthRule, IncomeGroup, Region,
};
pub use institution::{InstitutionKind, InstitutionName};
pub use language::Lang;
pub use link::{LocalPath, WebLink};
pub use membership::MemberStatus;
pub use person::{DisplayName, Email, Password, Username};
pub use policy::{Action, Actor, may};
pub use role::{Role, RoleGrant};

/// A value that failed validation, naming the field and a message key that
/// the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {key}")]
pub struct Invalid {
    pub field: &'static str,
    /// Fluent message id, e.g. `err-required`.
    pub key: &'static str,
}

impl Invalid {
    pub fn new(field: &'static str, key: &'static str) -> Self {
        Self { field, key }
    }
}
