//! Properties of `Accept-Language` negotiation, the one parser of request
//! bytes in this crate. Bounded to 256 cases so that it stays in the test
//! run.

use proptest::prelude::*;
use waico_i18n::negotiate;
use waico_members::Lang;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// A q-value as RFC 9110 §12.4.2 writes it (`0`, `0.5`, `1.000`, …) with
/// its value in thousandths, or a malformed one (no value).
fn qvalue() -> impl Strategy<Value = (String, Option<u16>)> {
    prop_oneof![
        (0u16..=1000).prop_map(|m| {
            let text = if m == 1000 {
                "1.000".to_owned()
            } else {
                format!("0.{m:03}")
            };
            (text, Some(m))
        }),
        Just(("1".to_owned(), Some(1000))),
        Just(("0".to_owned(), Some(0))),
        Just(("0.5".to_owned(), Some(500))),
        Just(("nan".to_owned(), None)),
        Just(("NaN".to_owned(), None)),
        Just(("inf".to_owned(), None)),
        Just(("infinity".to_owned(), None)),
        Just(("1e3".to_owned(), None)),
        Just(("2".to_owned(), None)),
        Just(("1.5".to_owned(), None)),
        Just(("-1".to_owned(), None)),
        Just(("0.0001".to_owned(), None)),
        Just(("".to_owned(), None)),
    ]
}

fn tag() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "ar",
        "zh",
        "zh-Hans-CN",
        "en",
        "en-GB",
        "fr",
        "fr-CA",
        "ru",
        "es",
        "es-419",
        "de",
        "ja",
        "*",
    ])
}

proptest! {
    #![proptest_config(config())]

    /// Any header gives one of the six languages (no panic).
    #[test]
    fn any_header_gives_a_language(header in "[\\PC]{0,80}") {
        prop_assert!(Lang::ALL.contains(&negotiate(&header)));
    }

    /// The language with the highest well-formed q-value wins, the first on
    /// a tie; items with a q-value of 0 or a malformed one count for
    /// nothing; English when nothing is left.
    #[test]
    fn the_highest_well_formed_q_value_wins(
        items in proptest::collection::vec((tag(), proptest::option::of(qvalue())), 0..6)
    ) {
        let header = items
            .iter()
            .map(|(tag, q)| match q {
                Some((text, _)) => format!("{tag};q={text}"),
                None => (*tag).to_owned(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut best: Option<(u16, Lang)> = None;
        for (tag, q) in &items {
            let weight = match q {
                None => 1000,
                Some((_, Some(m))) => *m,
                Some((_, None)) => continue,
            };
            if weight == 0 {
                continue;
            }
            if let Some(lang) = Lang::parse(tag)
                && best.is_none_or(|(w, _)| weight > w)
            {
                best = Some((weight, lang));
            }
        }
        prop_assert_eq!(negotiate(&header), best.map_or(Lang::En, |(_, l)| l), "{}", header);
    }
}
