//! Card front matter from an untrusted README: parsed (problems reported,
//! never a panic), its hub tags computed and its body rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waico_commons::card::parse_card;
use waico_commons::repo::RepoKind;

fuzz_target!(|text: &str| {
    let card = parse_card(text);
    assert!(text.ends_with(&card.body));
    for kind in [RepoKind::Model, RepoKind::Dataset, RepoKind::Tool] {
        let _ = card.metadata.hub_tags(kind);
    }
});
