//! `Accept-Language` headers: negotiation always gives one of the six
//! languages.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waico_members::Lang;

fuzz_target!(|header: &str| {
    assert!(Lang::ALL.contains(&waico_i18n::negotiate(header)));
});
