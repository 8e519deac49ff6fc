//! WAICO's application layer: the node's live state ([`AppState`]) and the
//! operations of every part, one module per part. Pages, the JSON API, the
//! Hugging Face routes and the shell all call these; none of them decides a
//! right or writes to the store by itself.
//!
//! An operation parses its input into domain types (collecting every field
//! error), asks [`waico_members::policy::may`] through [`require`], writes
//! (a decision and its ledger record in one transaction) and refreshes the
//! caches and the search index. It answers an [`OpError`] that each face
//! renders its own way. No HTTP here.

pub mod accounts;
pub mod capacity;
pub mod commons;
pub mod deliberation;
pub mod deliberation_schema;
pub mod error;
pub mod framework;
pub mod ledger;
pub mod mail;
pub mod members;
pub mod periodic;
pub mod safety;
pub mod safety_schema;
pub mod schema;
pub mod single_sign_on;
pub mod state;

pub use error::{Check, FieldError, OpError, english, require};
pub use state::{AppState, Settings};
