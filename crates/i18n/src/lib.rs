//! The interface in the six UN languages: Fluent message files compiled into
//! the binary, plural categories from ICU4X (CLDR), and the choice of
//! language from a request.
//!
//! Messages select plural forms with the `PLURAL` function, which asks
//! `icu_plurals` rather than fluent-bundle's built-in rules (those put Arabic
//! numbers above 100 in the wrong category):
//!
//! ```ftl
//! members-count = { PLURAL($count) ->
//!     [one] { $count } member
//!    *[other] { $count } members
//! }
//! ```

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu_plurals::{PluralCategory, PluralRules};
pub use waico_members::Lang;

pub mod names;

/// The Fluent sources of each language, embedded at build time: the shared
/// interface (`locales/<lang>.ftl`) and one file per part
/// (`locales/<part>/<lang>.ftl`), so that parts add their words without
/// touching each other's files. A message id must be unique across a language's files.
macro_rules! sources_of {
    ($lang:literal) => {
        &[
            include_str!(concat!("../locales/", $lang, ".ftl")),
            include_str!(concat!("../locales/deliberation/", $lang, ".ftl")),
            include_str!(concat!("../locales/capacity/", $lang, ".ftl")),
            include_str!(concat!("../locales/capacity_forms/", $lang, ".ftl")),
            include_str!(concat!("../locales/safety/", $lang, ".ftl")),
            include_str!(concat!("../locales/accounts/", $lang, ".ftl")),
            include_str!(concat!("../locales/framework/", $lang, ".ftl")),
            include_str!(concat!("../locales/commons/", $lang, ".ftl")),
        ]
    };
}

pub const SOURCES: [(Lang, &[&str]); 6] = [
    (Lang::Ar, sources_of!("ar")),
    (Lang::Zh, sources_of!("zh")),
    (Lang::En, sources_of!("en")),
    (Lang::Fr, sources_of!("fr")),
    (Lang::Ru, sources_of!("ru")),
    (Lang::Es, sources_of!("es")),
];

pub struct Catalog {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

/// The CLDR plural category of `n` in `lang`, as the Fluent variant key
/// (`zero`, `one`, `two`, `few`, `many`, `other`).
pub fn plural_category(lang: Lang, n: f64) -> &'static str {
    let category = with_plural_rules(lang, |rules| {
        if n.fract() == 0.0 && n.abs() < 1e15 {
            rules.category_for(n as i64)
        } else {
            match format!("{n}").parse::<fixed_decimal::Decimal>() {
                Ok(decimal) => rules.category_for(&decimal),
                Err(_) => PluralCategory::Other,
            }
        }
    });
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// Runs `f` with the cardinal plural rules of `lang` (built once per thread:
/// ICU4X rules are not `Sync`).
fn with_plural_rules<R>(lang: Lang, f: impl FnOnce(&PluralRules) -> R) -> R {
    thread_local! {
        static RULES: Vec<PluralRules> = Lang::ALL
            .iter()
            .map(|l| {
                let locale: icu_locale_core::Locale = l.code().parse().expect("valid locale");
                PluralRules::try_new((&locale).into(), Default::default()).expect("compiled CLDR data has the six UN languages")
            })
            .collect();
    }
    RULES.with(|all| f(&all[Lang::ALL.iter().position(|l| *l == lang).expect("listed")]))
}

impl Catalog {
    /// The catalog built from the embedded sources.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog::build().unwrap_or_else(|e| panic!("embedded locales: {e}")))
    }

    fn build() -> Result<Catalog, String> {
        let mut bundles = Vec::new();
        for (lang, sources) in SOURCES {
            let langid: unic_langid::LanguageIdentifier =
                lang.code().parse().map_err(|e| format!("{e}"))?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Direction is handled by the page (`dir`, `<bdi>`), not by
            // invisible isolation marks inside every string.
            bundle.set_use_isolating(false);
            bundle
                .add_function("PLURAL", move |positional, _named| {
                    match positional.first() {
                        Some(FluentValue::Number(n)) => {
                            FluentValue::from(plural_category(lang, n.value))
                        }
                        Some(FluentValue::String(s)) => match s.parse::<f64>() {
                            Ok(v) => FluentValue::from(plural_category(lang, v)),
                            Err(_) => FluentValue::from("other"),
                        },
                        _ => FluentValue::from("other"),
                    }
                })
                .map_err(|e| format!("{e:?}"))?;
            for source in sources {
                let resource = FluentResource::try_new((*source).to_owned())
                    .map_err(|(_, errs)| format!("{lang}.ftl: {errs:?}"))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errs| format!("{lang}.ftl: {errs:?}"))?;
            }
            bundles.push((lang, bundle));
        }
        Ok(Catalog { bundles })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        &self
            .bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .expect("every language has a bundle")
            .1
    }

    /// Formats message `key` in `lang`. A missing message falls back to
    /// English, then to the key itself (the locale test forbids both).
    pub fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
        for l in [lang, Lang::En] {
            let bundle = self.bundle(l);
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned();
            }
        }
        key.to_owned()
    }

    /// Whether `lang` (or English, its fallback) has message `key`.
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        [lang, Lang::En]
            .iter()
            .any(|l| self.bundle(*l).has_message(key))
    }

    /// The message ids defined in `lang`.
    pub fn keys(&self, lang: Lang) -> Vec<String> {
        let sources = SOURCES.iter().find(|(l, _)| *l == lang).expect("listed").1;
        sources
            .iter()
            .flat_map(|source| {
                let resource = fluent_syntax::parser::parse(*source).unwrap_or_else(|(r, _)| r);
                resource
                    .body
                    .into_iter()
                    .filter_map(|entry| match entry {
                        fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

/// A translator bound to one language: what templates and handlers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    /// A message without arguments.
    pub fn t(&self, key: &str) -> String {
        Catalog::get().format(self.lang, key, None)
    }

    /// Message `key`, or `fallback` as it is when there is no such message
    /// (a value from uploaded data that the interface has no word for).
    pub fn t_or(&self, key: &str, fallback: &str) -> String {
        if Catalog::get().has(self.lang, key) {
            self.t(key)
        } else {
            fallback.to_owned()
        }
    }

    /// A message with one numeric argument `$count`, plural-aware.
    pub fn n(&self, key: &str, count: impl Into<f64>) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count.into()));
        Catalog::get().format(self.lang, key, Some(&args))
    }

    /// A message with named string arguments.
    pub fn a(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(value.to_string()));
        }
        Catalog::get().format(self.lang, key, Some(&fluent_args))
    }

    pub fn dir(&self) -> &'static str {
        if self.lang.is_rtl() { "rtl" } else { "ltr" }
    }
}

/// Compares two strings as a reader of `lang` expects them ordered (CLDR
/// collation: pinyin order for Chinese, alef forms together for Arabic).
pub fn collate(lang: Lang, a: &str, b: &str) -> std::cmp::Ordering {
    static COLLATORS: OnceLock<Vec<icu_collator::CollatorBorrowed<'static>>> = OnceLock::new();
    let all = COLLATORS.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|l| {
                let locale: icu_locale_core::Locale = l.code().parse().expect("valid locale");
                icu_collator::Collator::try_new((&locale).into(), Default::default())
                    .expect("compiled CLDR collation data")
            })
            .collect()
    });
    all[Lang::ALL.iter().position(|l| *l == lang).expect("listed")].compare(a, b)
}

/// Picks the best of the six languages from an `Accept-Language` header,
/// honouring q-values; English when none matches. An item whose q-value is
/// not one RFC 9110 allows (`nan`, `inf`, `2`, …) counts for nothing.
pub fn negotiate(accept_language: &str) -> Lang {
    let mut best: Option<(u16, Lang)> = None;
    for item in accept_language.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let weight = parts
            .map(str::trim)
            .find(|p| p.get(..2).is_some_and(|k| k.eq_ignore_ascii_case("q=")))
            .map_or(Some(1000), |p| qvalue(&p[2..]));
        let Some(weight) = weight.filter(|w| *w > 0) else {
            continue;
        };
        if let Some(lang) = Lang::parse(tag)
            && best.is_none_or(|(w, _)| weight > w)
        {
            best = Some((weight, lang));
        }
    }
    best.map_or(Lang::En, |(_, l)| l)
}

/// A q-value in thousandths, as RFC 9110 §12.4.2 writes it: `0` with up to
/// three decimals, or `1` with up to three zeros; `None` for anything else.
fn qvalue(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// A calendar date as readers of `lang` write it (CLDR medium length, the
/// Gregorian calendar, the language's own digits): `3 Dec 2026`,
/// `٣ ديسمبر ٢٠٢٦`, `2026年12月3日`. `None` for a date that does not exist.
pub fn format_date(lang: Lang, year: i32, month: u8, day: u8) -> Option<String> {
    use icu_calendar::{Date, Gregorian};
    use icu_datetime::FixedCalendarDateTimeFormatter;
    use icu_datetime::fieldsets::YMD;
    thread_local! {
        static FORMATTERS: Vec<FixedCalendarDateTimeFormatter<Gregorian, YMD>> = Lang::ALL
            .iter()
            .map(|l| {
                let locale: icu_locale_core::Locale = l.code().parse().expect("valid locale");
                FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::medium())
                    .expect("compiled CLDR data has the six UN languages")
            })
            .collect();
    }
    let date = Date::try_new_gregorian(year, month, day).ok()?;
    Some(FORMATTERS.with(|all| {
        all[Lang::ALL.iter().position(|l| *l == lang).expect("listed")]
            .format(&date)
            .to_string()
    }))
}

/// A whole number as readers of `lang` write it, with the locale's digits
/// and grouping: `12,345`, `12 345`, `١٢٬٣٤٥`.
pub fn format_integer(lang: Lang, n: i64) -> String {
    use icu_decimal::DecimalFormatter;
    thread_local! {
        static FORMATTERS: Vec<DecimalFormatter> = Lang::ALL
            .iter()
            .map(|l| {
                let locale: icu_locale_core::Locale = l.code().parse().expect("valid locale");
                DecimalFormatter::try_new((&locale).into(), Default::default())
                    .expect("compiled CLDR data has the six UN languages")
            })
            .collect();
    }
    FORMATTERS.with(|all| {
        all[Lang::ALL.iter().position(|l| *l == lang).expect("listed")]
            .format(&fixed_decimal::Decimal::from(n))
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_message_exists_in_every_language() {
        let catalog = Catalog::get();
        let english: BTreeSet<String> = catalog.keys(Lang::En).into_iter().collect();
        assert!(english.len() > 50, "English has {} messages", english.len());
        for lang in Lang::ALL {
            let keys: BTreeSet<String> = catalog.keys(lang).into_iter().collect();
            let missing: Vec<_> = english.difference(&keys).collect();
            let extra: Vec<_> = keys.difference(&english).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{lang} has messages English lacks: {extra:?}"
            );
        }
    }

    #[test]
    fn every_message_formats_without_errors_in_every_language() {
        let catalog = Catalog::get();
        for lang in Lang::ALL {
            let bundle = catalog.bundle(lang);
            for key in catalog.keys(lang) {
                let message = bundle.get_message(&key).unwrap();
                let Some(pattern) = message.value() else {
                    continue;
                };
                for count in [0.0, 1.0, 2.0, 3.0, 11.0, 101.0, 102.0] {
                    let mut args = FluentArgs::new();
                    args.set("count", FluentValue::from(count));
                    for name in [
                        "name",
                        "user",
                        "country",
                        "field",
                        "date",
                        "status",
                        "role",
                        "kind",
                        "value",
                        "token",
                        "min",
                        "max",
                        "first",
                        "last",
                        "maxlabel",
                        "title",
                        "duty",
                        "authority",
                        "due",
                        "hours",
                        "provider",
                        "reason",
                        "language",
                    ] {
                        args.set(name, FluentValue::from("x"));
                    }
                    let mut errors = Vec::new();
                    let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                    assert!(errors.is_empty(), "{lang}/{key}: {errors:?}");
                    assert!(!text.trim().is_empty(), "{lang}/{key} is empty");
                }
            }
        }
    }

    #[test]
    fn arabic_plurals_follow_cldr_above_one_hundred() {
        // CLDR: 101 and 102 are "other", 103 is "few", 111 is "many".
        assert_eq!(plural_category(Lang::Ar, 0.0), "zero");
        assert_eq!(plural_category(Lang::Ar, 2.0), "two");
        assert_eq!(plural_category(Lang::Ar, 101.0), "other");
        assert_eq!(plural_category(Lang::Ar, 102.0), "other");
        assert_eq!(plural_category(Lang::Ar, 103.0), "few");
        assert_eq!(plural_category(Lang::Ar, 111.0), "many");
        assert_eq!(plural_category(Lang::Ru, 21.0), "one");
        assert_eq!(plural_category(Lang::Ru, 22.0), "few");
        assert_eq!(plural_category(Lang::Ru, 25.0), "many");
        assert_eq!(plural_category(Lang::Fr, 1.5), "one");
        assert_eq!(plural_category(Lang::Zh, 1.0), "other");
    }

    #[test]
    fn plural_messages_pick_the_cldr_form() {
        let ar = Tr::new(Lang::Ar);
        assert_ne!(ar.n("members-count", 103), ar.n("members-count", 102));
        assert_ne!(ar.n("members-count", 2), ar.n("members-count", 3));
        let ru = Tr::new(Lang::Ru);
        assert_ne!(ru.n("members-count", 21), ru.n("members-count", 25));
        let en = Tr::new(Lang::En);
        assert_eq!(en.n("members-count", 1), "1 member state");
        assert_eq!(en.n("members-count", 30), "30 member states");
    }

    #[test]
    fn names_sort_the_way_each_language_expects() {
        use std::cmp::Ordering::Less;
        // Pinyin: 阿 (a) before 中 (zhong), though its code point is higher.
        assert_eq!(collate(Lang::Zh, "阿根廷", "中国"), Less);
        // Alef with hamza sorts with alef, before ba.
        assert_eq!(collate(Lang::Ar, "إثيوبيا", "البرازيل"), Less);
        assert_eq!(collate(Lang::Ar, "أرمينيا", "باكستان"), Less);
        // Accents are secondary: Égypte between Danemark and France.
        assert_eq!(collate(Lang::Fr, "Égypte", "France"), Less);
        assert_eq!(collate(Lang::Fr, "Danemark", "Égypte"), Less);
    }

    #[test]
    fn accept_language_negotiation_honours_q_values() {
        assert_eq!(negotiate("de-DE,fr;q=0.8,ar;q=0.9"), Lang::Ar);
        assert_eq!(negotiate("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(negotiate("de"), Lang::En);
        assert_eq!(negotiate("es;q=0,ru"), Lang::Ru);
        assert_eq!(negotiate(""), Lang::En);
        // Found by tests/properties.rs: a q-value of NaN or infinity (which
        // `f32` parsing accepts) won over every well-formed one.
        assert_eq!(negotiate("fr;q=nan, en"), Lang::En);
        assert_eq!(negotiate("en;q=0.9, ru;q=inf"), Lang::En);
        assert_eq!(negotiate("ar;q=1e3, zh;q=0.001"), Lang::Zh);
        assert_eq!(negotiate("es;Q=0.5, fr;q=0.4"), Lang::Es);
    }
}
