//! What an operation answers when it does not succeed, and the two steps
//! every operation starts with: collecting field errors while parsing
//! ([`Check`]) and asking the policy ([`require`]). Each face renders these
//! its own way (a form with messages, or problem+json).

use waico_members::Invalid;
use waico_members::policy::{Action, Actor, may};
use waico_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum OpError {
    #[error("invalid input")]
    Invalid(Vec<Invalid>),
    #[error("sign-in required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("{field} already exists")]
    Conflict { field: &'static str },
    #[error("{0}")]
    Refused(String),
    /// A refusal whose reason is a message key, shown in the reader's
    /// language on pages (and in English in API problems).
    #[error("{}", english(.0))]
    Declined(&'static str),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<StoreError> for OpError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => OpError::NotFound,
            StoreError::Conflict { field } => OpError::Conflict { field },
            StoreError::Refused(r) => OpError::Refused(r),
            other => OpError::Internal(other.to_string()),
        }
    }
}

impl From<Invalid> for OpError {
    fn from(err: Invalid) -> Self {
        OpError::Invalid(vec![err])
    }
}

/// Collects field errors while parsing several fields.
#[derive(Default)]
pub struct Check(Vec<Invalid>);

impl Check {
    pub fn field<T>(&mut self, result: Result<T, Invalid>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }

    pub fn finish(self) -> Result<(), OpError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(OpError::Invalid(self.0))
        }
    }
}

pub fn require(actor: &Actor, action: Action) -> Result<(), OpError> {
    if may(actor, action) {
        Ok(())
    } else if *actor == Actor::Anonymous {
        Err(OpError::Unauthenticated)
    } else {
        Err(OpError::Forbidden)
    }
}

// A field error that is not one of the message keys: a field path
// (`changes[2].sha256`) and a reason in English. (A plain comment: a doc
// comment would become the schema's description in the OpenAPI document.)
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The request field at fault (JSON member or query parameter name).
    pub field: String,
    /// Machine-readable reason, e.g. `err-required`.
    pub code: String,
    /// Human-readable reason in English.
    pub message: String,
}

/// English text for a validation message key, for API clients and the shell.
pub fn english(key: &str) -> String {
    waico_i18n::Tr::new(waico_i18n::Lang::En).t(key)
}
