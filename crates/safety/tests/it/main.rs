//! Tests of the safety domain crate through its public interface.

mod deadlines;
mod fixtures;
mod formats;
mod reports;
mod search;
mod stix_python;
mod tlp_matrix;
mod workflow;
