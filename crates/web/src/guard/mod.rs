//! Guards that the router applies once, so every route gets them without
//! asking: CSRF tokens on page forms, security headers, limits on sign-in
//! attempts and the client address they key on.

pub mod client;
pub mod csrf;
pub mod headers;
pub mod signin_limits;

pub use client::ClientAddress;
pub use signin_limits::{SignInLimits, Throttled};
