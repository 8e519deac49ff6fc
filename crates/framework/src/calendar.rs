//! Calendar due dates of obligations: a duty with no deadline is due on the
//! date it applies; a duty with a deadline is due that many days (or working
//! days, Monday to Friday — public holidays are not known here) after the
//! date of its trigger event, once that date is known.

use crate::rulepack::Deadline;
use time::{Date, Duration, Weekday, format_description::well_known::Iso8601};

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<Date> {
    if !crate::diagnostics::is_iso_date(s) {
        return None;
    }
    Date::parse(s, &Iso8601::DATE).ok()
}

fn format_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// `date` plus `days` calendar days, or working days (Monday to Friday) when `working`.
pub fn add_days(date: &str, days: u32, working: bool) -> Option<String> {
    let mut d = parse_date(date)?;
    if !working {
        return Some(format_date(d.checked_add(Duration::days(days.into()))?));
    }
    let mut left = days;
    while left > 0 {
        d = d.next_day()?;
        if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    Some(format_date(d))
}

/// The calendar date an obligation is due: with a deadline, the trigger
/// date plus the period (none while the trigger date is unknown); without
/// one, the date the obligation applies from.
pub fn due_date(
    applies_from: Option<&str>,
    deadline: Option<&Deadline>,
    trigger_date: Option<&str>,
) -> Option<String> {
    match deadline {
        Some(d) => add_days(trigger_date?, d.days, d.working_days),
        None => applies_from.map(str::to_owned),
    }
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some((parse_date(to)? - parse_date(from)?).whole_days())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(days: u32, working: bool) -> Deadline {
        Deadline {
            days,
            working_days: working,
            trigger: "t".into(),
        }
    }

    #[test]
    fn calendar_and_working_days() {
        assert_eq!(add_days("2026-08-02", 15, false).unwrap(), "2026-08-17");
        assert_eq!(add_days("2026-12-31", 1, false).unwrap(), "2027-01-01");
        // Friday + 1 working day = Monday; + 10 working days = two weeks later.
        assert_eq!(add_days("2026-12-04", 1, true).unwrap(), "2026-12-07");
        assert_eq!(add_days("2026-12-04", 10, true).unwrap(), "2026-12-18");
        assert_eq!(add_days("2026-02-30", 1, false), None);
    }

    #[test]
    fn due_dates_come_from_the_trigger_or_the_application_date() {
        assert_eq!(
            due_date(Some("2026-08-02"), None, None).as_deref(),
            Some("2026-08-02")
        );
        assert_eq!(
            due_date(Some("2026-08-02"), Some(&dl(15, false)), None),
            None
        );
        assert_eq!(
            due_date(Some("2026-08-02"), Some(&dl(2, false)), Some("2026-09-30")).as_deref(),
            Some("2026-10-02")
        );
        assert_eq!(days_between("2026-12-03", "2027-01-02"), Some(30));
    }
}
