//! Guards that the router applies once, so every route gets them without
//! asking: CSRF tokens on page forms, security headers, limits on sign-in
//! attempts and the client address they key on, enrolment of a required
//! second factor before anything else.

pub mod client;
pub mod csrf;
pub mod headers;
pub mod second_factor;
pub mod signin_limits;

pub use client::ClientAddress;
pub use signin_limits::{SignInLimits, Throttled};
