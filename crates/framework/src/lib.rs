//! WAICO framework crate: national AI rules as comparable data.
//!
//! * [`framework`] — versioned trees of URN-addressed requirements (WAICO YAML and
//!   CISO Assistant library import), validated with located errors.
//! * [`controls`] — WAICO's unified control catalog (the common framework).
//! * [`crosswalk`] — requirement ↔ unified-control mappings, queryable both ways.
//! * [`profile`] — the AI-system profile an assessment is run on.
//! * [`rulepack`] — jurisdiction rulepacks whose conditions are CEL expressions.
//! * [`cel_types`] — static type check of CEL conditions against the profile schema.
//! * [`catalog`] — everything above loaded together and cross-checked; the shipped data.
//! * [`assess`] — the assessment engine and its result model.
//! * [`calendar`] — calendar due dates (days and working days from a trigger).
//! * [`work`] — a work item's steps (open → in progress → submitted → accepted or
//!   returned), evidence file checks, and the iCalendar feed of due dates.
//! * [`worklist`] — work status of obligations, overdue/due-soon, and the diff of two assessments.
//! * [`cover`] — the exact minimum set cover behind the unified view.
//! * [`render`] — Markdown and standalone HTML renderings of an assessment.
//! * [`labels`] — which values exist and their message ids, for translated interfaces.
//! * [`text`] — the shared string type of assessment results.
//! * [`oscal`] — OSCAL export: catalogs, per-jurisdiction profiles, the crosswalks as a
//!   1.2 mapping collection, and assessment results.
//!
//! The crate is pure domain logic: no I/O beyond parsing strings handed to it.

pub mod assess;
pub mod assessment;
pub mod calendar;
pub mod catalog;
pub mod cel_types;
pub mod controls;
pub mod cover;
pub mod crosswalk;
pub mod diagnostics;
pub mod framework;
pub mod labels;
pub mod oscal;
pub mod profile;
pub mod render;
pub mod rulepack;
pub mod text;
pub mod work;
pub mod worklist;

pub use assess::{Assessment, assess, assess_on};
pub use catalog::Catalog;
pub use diagnostics::{LoadError, LoadErrors};
pub use profile::{Profile, profile_json_schema};
