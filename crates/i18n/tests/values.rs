//! Every value the interface can show from a closed list (purposes,
//! capabilities, affected persons, modalities, bearers, statuses, the risk
//! classes of the shipped rulepacks, the commons' pipeline tags…) has a
//! message in all six languages, so that adding a value to the domain without
//! translating it fails here.

use std::collections::BTreeSet;

use waico_framework::labels;
use waico_i18n::{Catalog, Lang};

#[test]
fn every_taxonomy_value_has_a_message_in_every_language() {
    let catalog = waico_framework::Catalog::shipped().expect("shipped catalog");
    let ids = labels::message_ids(&catalog);
    assert!(ids.len() > 100, "only {} values", ids.len());
    for t in labels::taxonomies() {
        assert!(!t.values.is_empty(), "{} has no values", t.name);
    }
    for lang in Lang::ALL {
        let keys: BTreeSet<String> = Catalog::get().keys(lang).into_iter().collect();
        let missing: Vec<&String> = ids.iter().filter(|id| !keys.contains(*id)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
    }
}

#[test]
fn values_read_as_words_not_identifiers() {
    let tr = waico_i18n::Tr::new(Lang::Fr);
    assert_eq!(
        tr.t("purpose-essential-services-credit"),
        "Solvabilité et notation de crédit"
    );
    assert_eq!(tr.n("sys-working-days", 10), "10 jours ouvrables");
    assert_eq!(waico_i18n::Tr::new(Lang::Ru).n("sys-days", 2), "2 дня");
}

#[test]
fn every_pipeline_tag_and_common_language_has_a_name_in_every_language() {
    // The UN languages and those a Global-South-first commons meets most.
    let languages = "ar zh en fr ru es sw am ha yo ig zu xh af rw so om ti wo ln mg sn hi bn ur \
        pa ta te mr gu ne si id ms vi th tl my km fa ps tr kk uz az ka hy he pt de it nl pl uk \
        ja ko qu gn ay ht multilingual";
    for lang in Lang::ALL {
        let keys: BTreeSet<String> = Catalog::get().keys(lang).into_iter().collect();
        let missing: Vec<String> = waico_commons::card::PIPELINE_TAGS
            .iter()
            .map(|tag| format!("task-{tag}"))
            .chain(
                languages
                    .split_whitespace()
                    .map(|l| format!("language-{l}")),
            )
            .filter(|id| !keys.contains(id))
            .collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        // Every language name is a valid card code (or a tag of one).
        for key in keys.iter().filter_map(|k| k.strip_prefix("language-")) {
            assert!(waico_commons::card::is_valid_language(key), "{key}");
        }
    }
}
