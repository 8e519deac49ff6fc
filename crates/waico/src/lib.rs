//! The WAICO node as a program: configuration, the command line, demo data,
//! backups, the commons client. `cli::main` is what the `waico` binary runs.

pub mod assess;
pub mod backup;
pub mod capacity;
pub mod cli;
pub mod commons;
pub mod commons_demo;
pub mod config;
pub mod deliberation;
pub mod demo;
pub mod demo_capacity;
pub mod demo_deliberation;
pub mod demo_safety;
pub mod demo_states;
pub mod ledger;
pub mod node;
mod shell_error;
pub mod work;
