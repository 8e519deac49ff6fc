//! WAICO's capacity exchange domain: compute offers, requests, the allocator and the
//! fellowship matcher. Free of HTTP and SQL; the solver and the matcher are library
//! functions that tests, benchmarks and the shell call directly.

pub mod allocation;
pub mod eligibility;
pub mod export_control;
pub mod generator;
pub mod ledger_payload;
pub mod matching;
pub mod offer;
pub mod primitives;
pub mod request;
pub mod review;
pub mod solver;
pub mod usage;

pub use allocation::{AllocationPolicy, Round, RoundResult, SolverSettings, allocate};
pub use export_control::ExportRules;
pub use offer::Offer;
pub use primitives::FieldError;
pub use request::Request;
