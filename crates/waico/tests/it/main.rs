//! All integration tests of the node, in one test binary: the real server
//! started on port 0, driven over HTTP.

mod accounts;
mod app;
mod capacity;
mod capacity_notices;
mod capacity_pages;
mod cli;
mod commons;
mod commons_bulk;
mod deliberation;
mod deliberation_ballot;
mod deliberation_effects;
mod deliberation_notices;
mod flows;
mod framework;
mod framework_ciso;
mod global_south;
mod ledger;
mod mail;
mod openapi;
mod pages;
mod python;
mod s3;
mod safety;
mod schemathesis;
mod second_factor;
mod security;
mod single_sign_on;
mod work;
