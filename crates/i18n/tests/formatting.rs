//! Dates and numbers are written as each language writes them (CLDR data
//! through ICU4X), not as ISO strings that right-to-left text reorders.

use waico_i18n::{Lang, format_date, format_integer};

#[test]
fn dates_read_as_each_language_writes_them() {
    let date = |lang| format_date(lang, 2026, 12, 3).unwrap();
    assert_eq!(date(Lang::En), "Dec 3, 2026");
    assert_eq!(date(Lang::Zh), "2026年12月3日");
    assert_eq!(date(Lang::Fr), "3 déc. 2026");
    assert_eq!(date(Lang::Es), "3 dic 2026");
    assert!(
        date(Lang::Ru).starts_with("3 дек. 2026"),
        "{}",
        date(Lang::Ru)
    );
    // Arabic puts the day first and marks each separator right-to-left, so
    // that the date is not reordered inside Arabic text.
    let ar = date(Lang::Ar);
    assert!(ar.starts_with("03\u{200f}/12"), "{ar:?}");
    assert!(ar.ends_with("2026"), "{ar:?}");
}

#[test]
fn a_date_that_does_not_exist_is_not_formatted() {
    assert_eq!(format_date(Lang::En, 2026, 2, 30), None);
    assert_eq!(format_date(Lang::En, 2026, 13, 1), None);
    assert!(
        format_date(Lang::En, 2024, 2, 29).is_some(),
        "a leap day exists"
    );
}

#[test]
fn numbers_are_grouped_as_each_language_groups_them() {
    assert_eq!(format_integer(Lang::En, 1_234_567), "1,234,567");
    assert_eq!(format_integer(Lang::Zh, 1_234_567), "1,234,567");
    assert_eq!(format_integer(Lang::Es, 1_234_567), "1.234.567");
    assert_eq!(
        format_integer(Lang::Fr, 1_234_567),
        "1\u{202f}234\u{202f}567"
    );
    assert_eq!(format_integer(Lang::Ru, 1_234_567), "1\u{a0}234\u{a0}567");
    assert_eq!(format_integer(Lang::En, -42), "-42");
    assert_eq!(format_integer(Lang::En, 999), "999");
}
