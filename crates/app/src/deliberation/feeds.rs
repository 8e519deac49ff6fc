//! The feeds of deliberation, written by hand: an Atom feed (RFC 4287) of
//! decisions and an iCalendar feed (RFC 5545) of the deadlines still to
//! come. Text is escaped for each format; iCalendar lines end in CRLF and
//! are folded at 75 octets without splitting a character.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use waico_deliberation::Stage;

use super::Loaded;

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow are left out.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// An Atom feed of the decided proposals in `decided` (newest first);
/// `base` is the node's public URL without a trailing slash.
pub fn decisions_atom(base: &str, decided: &[Loaded]) -> String {
    let updated = decided
        .iter()
        .filter_map(|l| l.proposal.decision().map(|d| d.at))
        .max()
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "  <id>{}/deliberation/decisions.atom</id>\n  <title>WAICO decisions</title>\n  <updated>{}</updated>\n  <author><name>WAICO</name></author>\n  <link rel=\"self\" href=\"{}/api/v1/deliberation/decisions.atom\"/>\n",
        xml(base),
        rfc3339(updated),
        xml(base)
    ));
    for l in decided {
        let p = &l.proposal;
        let Some(d) = p.decision() else { continue };
        let link = format!("{base}/deliberation/proposals/{}", l.row.id);
        out.push_str(&format!(
            "  <entry>\n    <id>{}</id>\n    <title>{}</title>\n    <updated>{}</updated>\n    <link href=\"{}\"/>\n    <category term=\"{}\"/>\n    <summary>{}</summary>\n  </entry>\n",
            xml(&link),
            xml(&p.title),
            rfc3339(d.at),
            xml(&link),
            d.outcome.slug(),
            xml(&format!(
                "{} ({}, {}) by {}: {}",
                p.title,
                p.kind.slug(),
                p.procedure.slug(),
                p.body,
                d.outcome.slug()
            ))
        ));
    }
    out.push_str("</feed>\n");
    out
}

fn ical_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (continuations start with a
/// space), ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn ical_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// An iCalendar feed with one event per deadline still to come of the
/// proposals in `open`, stamped `now`.
pub fn deadlines_ics(base: &str, open: &[Loaded], now: OffsetDateTime) -> String {
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or(base)
        .trim_end_matches('/');
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//WAICO//Deliberation deadlines//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    for l in open {
        let p = &l.proposal;
        if p.stage().is_final() {
            continue;
        }
        let s = &p.schedule;
        let phases = [
            ("consultation", s.consultation_until, Stage::Consultation),
            ("negotiation", s.negotiation_until, Stage::Negotiation),
            ("amendment-votes", s.amendment_votes_until, Stage::Decision),
            ("decision", s.decision_until, Stage::Decision),
        ];
        for (phase, at, _) in phases {
            if at < now {
                continue;
            }
            line(&mut out, "BEGIN:VEVENT");
            line(
                &mut out,
                &format!("UID:proposal-{}-{phase}@{}", l.row.id, ical_text(host)),
            );
            line(&mut out, &format!("DTSTAMP:{}", ical_time(now)));
            line(&mut out, &format!("DTSTART:{}", ical_time(at)));
            line(
                &mut out,
                &format!(
                    "SUMMARY:{}",
                    ical_text(&format!("{} ({phase} ends)", p.title))
                ),
            );
            line(
                &mut out,
                &format!(
                    "URL:{}",
                    ical_text(&format!("{base}/deliberation/proposals/{}", l.row.id))
                ),
            );
            line(&mut out, "TRANSP:TRANSPARENT");
            line(&mut out, "END:VEVENT");
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ical_lines_are_folded_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        line(&mut out, &long);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{physical:?}");
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn text_is_escaped_for_each_format() {
        assert_eq!(ical_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(
            xml("<a href='x'>&\u{1}"),
            "&lt;a href=&apos;x&apos;&gt;&amp;"
        );
    }
}
