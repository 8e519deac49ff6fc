//! Roles a person can hold, some scoped to a state or an institution.

use serde::{Deserialize, Serialize};

use crate::{CountryCode, Invalid};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the organization's node: users, roles, memberships.
    SecretariatAdmin,
    /// Acts for one member state.
    Delegate,
    /// Represents one institution.
    InstitutionRep,
    /// A researcher: uses the commons and the capacity exchange.
    Researcher,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::SecretariatAdmin,
        Role::Delegate,
        Role::InstitutionRep,
        Role::Researcher,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Role::SecretariatAdmin => "secretariat_admin",
            Role::Delegate => "delegate",
            Role::InstitutionRep => "institution_rep",
            Role::Researcher => "researcher",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|r| r.slug() == raw)
            .ok_or(Invalid::new("role", "err-invalid-choice"))
    }
}

/// A role held by a user, with the state or institution it is scoped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum RoleGrant {
    SecretariatAdmin,
    Delegate { country: CountryCode },
    InstitutionRep { institution_id: i64 },
    Researcher,
}

impl RoleGrant {
    pub fn role(&self) -> Role {
        match self {
            RoleGrant::SecretariatAdmin => Role::SecretariatAdmin,
            RoleGrant::Delegate { .. } => Role::Delegate,
            RoleGrant::InstitutionRep { .. } => Role::InstitutionRep,
            RoleGrant::Researcher => Role::Researcher,
        }
    }

    /// The scope as stored: a country code, an institution id, or empty.
    pub fn scope(&self) -> String {
        match self {
            RoleGrant::Delegate { country } => country.to_string(),
            RoleGrant::InstitutionRep { institution_id } => institution_id.to_string(),
            _ => String::new(),
        }
    }

    /// Builds a grant from a role and its stored or submitted scope.
    pub fn from_parts(role: Role, scope: &str) -> Result<Self, Invalid> {
        let scope = scope.trim();
        Ok(match role {
            Role::SecretariatAdmin => RoleGrant::SecretariatAdmin,
            Role::Researcher => RoleGrant::Researcher,
            Role::Delegate => RoleGrant::Delegate {
                country: CountryCode::parse(scope)
                    .map_err(|_| Invalid::new("scope", "err-scope-country"))?,
            },
            Role::InstitutionRep => RoleGrant::InstitutionRep {
                institution_id: scope
                    .parse()
                    .ok()
                    .filter(|id| *id > 0)
                    .ok_or(Invalid::new("scope", "err-scope-institution"))?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_round_trip_through_their_parts() {
        let g = RoleGrant::from_parts(Role::Delegate, "za").unwrap();
        assert_eq!(g.scope(), "ZAF");
        assert_eq!(RoleGrant::from_parts(g.role(), &g.scope()).unwrap(), g);
        assert_eq!(
            RoleGrant::from_parts(Role::Delegate, "").unwrap_err().key,
            "err-scope-country"
        );
        assert_eq!(
            RoleGrant::from_parts(Role::InstitutionRep, "-3")
                .unwrap_err()
                .key,
            "err-scope-institution"
        );
        assert_eq!(
            RoleGrant::from_parts(Role::Researcher, "ignored").unwrap(),
            RoleGrant::Researcher
        );
    }
}
