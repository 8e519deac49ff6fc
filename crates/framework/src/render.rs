//! Human-readable renderings of an [`Assessment`]: Markdown and a standalone
//! HTML page (no external assets; every piece of text is escaped), each in the
//! reader's language through [`Words`]. JSON is [`Assessment::to_json`].

use crate::assess::{Assessment, ObligationStatus, bearer_str};
use crate::rulepack::{Deadline, PackStatus};
use std::fmt::Write;

fn status_text(s: ObligationStatus) -> &'static str {
    match s {
        ObligationStatus::Met => "met",
        ObligationStatus::Missing => "missing",
        ObligationStatus::Unknown => "unknown",
        ObligationStatus::NotYetApplicable => "not_yet_applicable",
        ObligationStatus::Prohibited => "prohibited",
    }
}

/// An obligation's status cell: its status, or, in a jurisdiction where the
/// system is prohibited, that it would apply only if the practice were removed.
fn status_cell(w: &dyn Words, ob: &crate::assess::Obligation) -> String {
    if ob.if_practice_removed {
        w.text("report-if-removed")
    } else {
        w.value("sys-status", status_text(ob.status))
    }
}

/// Controls by title, in the obligation table.
fn control_titles(ob: &crate::assess::Obligation) -> String {
    ob.controls
        .iter()
        .map(|c| {
            if c.title.is_empty() {
                c.control.as_str()
            } else {
                c.title.as_str()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One line per prohibited practice: jurisdiction, what, by which provision, for whom, since when.
fn prohibition_lines(a: &Assessment, w: &dyn Words) -> Vec<(String, Option<String>, String)> {
    a.prohibitions()
        .map(|(j, p)| {
            let bearers: Vec<String> = p
                .bearers
                .iter()
                .map(|b| w.value("bearer", bearer_str(*b)))
                .collect();
            let mut rest = format!(
                "{}: {}",
                w.text("report-prohibited-for"),
                bearers.join(", ")
            );
            if let Some(since) = &p.since {
                rest.push_str(&format!("; {}: {since}", w.text("report-since")));
            }
            (
                format!("{} — {} — {}", j.jurisdiction, p.citation, p.title),
                p.link.as_ref().map(|l| l.to_string()),
                rest,
            )
        })
        .collect()
}

/// Message keys of the obligation table's columns, in both renderings.
const OBLIGATION_COLUMNS: [&str; 9] = [
    "sys-col-citation",
    "sys-col-requirement",
    "sys-col-bearer",
    "sys-col-from",
    "sys-col-deadline",
    "report-col-due",
    "fw-col-status",
    "report-controls",
    "fw-col-rules",
];

/// Escapes a cell for a Markdown table.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

/// The report as English Markdown.
pub fn markdown(a: &Assessment) -> String {
    markdown_in(a, &English)
}

/// The report as Markdown in the language of `w`: the same headings, labels,
/// statuses and deadlines as [`html_in`]. Data and words alike are escaped
/// for table cells (`|`, `\`, line breaks).
pub fn markdown_in(a: &Assessment, w: &dyn Words) -> String {
    use crate::labels::RISK_CLASS;
    let t = |k: &str| md(&w.text(k));
    let val = |prefix: &str, v: &str| md(&w.value(prefix, v));
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# {}: {} (`{}`)\n",
        t("sys-report"),
        md(&a.profile_name),
        md(&a.profile_id)
    );
    if let Some(date) = &a.assessed_on {
        let _ = writeln!(o, "{}: {}.\n", t("report-assessed-on"), md(date));
    }
    let prohibited = prohibition_lines(a, w);
    if !prohibited.is_empty() {
        let _ = writeln!(
            o,
            "## {}\n\n{}\n",
            t("report-prohibited"),
            t("report-prohibited-intro")
        );
        for (what, link, rest) in &prohibited {
            match link {
                Some(l) => {
                    let _ = writeln!(o, "- **{}** (<{}>); {}", md(what), l, md(rest));
                }
                None => {
                    let _ = writeln!(o, "- **{}**; {}", md(what), md(rest));
                }
            }
        }
        let _ = writeln!(o, "\n{}\n", t("report-prohibited-others"));
    }
    let _ = writeln!(
        o,
        "{}: {}. {}:",
        t("report-catalog-version"),
        md(&a.catalog_version),
        t("sys-packs-used")
    );
    for p in &a.packs_used {
        let _ = writeln!(
            o,
            "- `{}` {} v{} ({})",
            p.id,
            p.jurisdiction,
            md(&p.version),
            val("fw-status", p.status.as_str())
        );
    }
    for j in &a.jurisdictions {
        let _ = writeln!(o, "\n## {} — {}\n", md(&j.jurisdiction), md(&j.pack_name));
        if j.status == PackStatus::Repealed {
            let _ = writeln!(
                o,
                "{} {}: {}.",
                t("report-not-applicable"),
                t("fw-col-status"),
                val("fw-status", j.status.as_str())
            );
            continue;
        }
        if !j.applies {
            let _ = writeln!(
                o,
                "{} ({}: {})",
                t("report-not-applicable"),
                t("report-read"),
                j.applicability_fields.join(", ")
            );
            continue;
        }
        let _ = writeln!(
            o,
            "{}: {}. {}: **{}**.\n",
            t("fw-col-status"),
            val("fw-status", j.status.as_str()),
            t("sys-risk-class"),
            val(RISK_CLASS, &j.risk_class)
        );
        for f in &j.fired {
            let _ = writeln!(
                o,
                "- {} `{}` ({}) — {}; {}: {}",
                t("report-rule"),
                f.rule_id,
                md(&f.citation),
                md(&f.title),
                t("report-read"),
                f.fields_read.join(", ")
            );
        }
        for u in &j.undetermined {
            let _ = writeln!(
                o,
                "- `{}` — {}: {} ({})",
                u.rule_id,
                t("sys-undetermined"),
                u.missing_fields.join(", "),
                md(&u.reason)
            );
        }
        if !j.obligations.is_empty() {
            let columns = OBLIGATION_COLUMNS;
            let _ = write!(o, "\n|");
            for k in columns {
                let _ = write!(o, " {} |", t(k));
            }
            let _ = writeln!(o, "\n{}|", "|---".repeat(columns.len()));
            for ob in &j.obligations {
                let _ = writeln!(
                    o,
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    md(&ob.citation),
                    md(&ob.requirement_title),
                    val("bearer", bearer_str(ob.bearer)),
                    match ob.applies_from.as_deref() {
                        Some(d) => md(d),
                        None => t("report-not-set"),
                    },
                    md(&deadline_in(w, &ob.deadline)),
                    md(ob.due.as_deref().unwrap_or("")),
                    md(&status_cell(w, ob)),
                    md(&control_titles(ob)),
                    md(&ob.provenance.rules.join(", "))
                );
            }
        }
    }
    let _ = writeln!(
        o,
        "\n## {}\n\n{}\n\n{}: {} · {}: {}\n",
        t("sys-unified"),
        t("sys-unified-intro"),
        t("report-unified-controls"),
        a.unified.controls.len(),
        t("sys-obligations"),
        a.unified.total_obligations
    );
    for c in &a.unified.controls {
        let _ = writeln!(
            o,
            "- `{}` {} — {}: {} · {}: {}",
            c.control,
            md(&c.title),
            t("sys-discharges"),
            c.discharges.len(),
            t("fw-col-jurisdiction"),
            c.jurisdictions.join(", ")
        );
    }
    if !a.divergences.is_empty() {
        let _ = writeln!(o, "\n## {}\n", t("sys-divergences"));
        for d in &a.divergences {
            let _ = write!(
                o,
                "- **{}**: {}: {}",
                md(&d.theme_title),
                t("sys-imposed-by"),
                d.jurisdictions_with.join(", ")
            );
            if !d.jurisdictions_without.is_empty() {
                let _ = write!(
                    o,
                    "; {}: {}",
                    t("sys-not-imposed-by"),
                    d.jurisdictions_without.join(", ")
                );
            }
            if let Some(s) = &d.strictest {
                let _ = write!(
                    o,
                    "; {}: {} ({} {})",
                    t("sys-strictest"),
                    md(&deadline_in(w, &s.deadline)),
                    s.jurisdiction,
                    md(&s.citation)
                );
            }
            let _ = writeln!(o);
        }
    }
    o
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The words a report (HTML or Markdown) puts around the data, so that an
/// interface can print it in the reader's language. Keys are WAICO message ids (the
/// interface's Fluent catalog has each of them); [`English`] is the built-in
/// wording for callers without a catalog.
pub trait Words {
    /// BCP 47 code of the language, for `<html lang>`.
    fn lang(&self) -> &str;
    /// Whether the language is written right to left.
    fn rtl(&self) -> bool {
        false
    }
    /// A heading, column or phrase, by message id.
    fn text(&self, key: &str) -> String;
    /// The label of a closed-list value (see [`crate::labels`]); the value as
    /// it is when there is no label.
    fn value(&self, prefix: &str, value: &str) -> String;
    /// A period of `days` days (working days when `working`).
    fn days(&self, days: u32, working: bool) -> String;
}

/// The built-in English wording.
pub struct English;

impl Words for English {
    fn lang(&self) -> &str {
        "en"
    }
    fn text(&self, key: &str) -> String {
        match key {
            "sys-report" => "Assessment report",
            "report-assessed-on" => "Assessment date",
            "report-catalog-version" => "Unified catalog version",
            "sys-packs-used" => "Rulepacks used",
            "report-not-applicable" => "Does not apply.",
            "fw-col-status" => "Status",
            "sys-risk-class" => "Risk class",
            "report-rule" => "Rule",
            "report-read" => "fields read",
            "sys-undetermined" => "undetermined, missing fields",
            "sys-col-citation" => "Citation",
            "sys-col-requirement" => "Requirement",
            "sys-col-bearer" => "Borne by",
            "sys-col-from" => "Applies from",
            "sys-col-deadline" => "Deadline",
            "report-controls" => "Controls",
            "fw-col-rules" => "Rules",
            "report-not-set" => "not set",
            "sys-unified" => "Unified view",
            "sys-unified-intro" => {
                "The smallest set of unified controls that covers every obligation in every jurisdiction: one piece of evidence serves several countries."
            }
            "report-unified-controls" => "Unified controls",
            "sys-obligations" => "Obligations",
            "sys-discharges" => "Obligations discharged",
            "fw-col-jurisdiction" => "Jurisdiction",
            "sys-divergences" => "Divergences between jurisdictions",
            "sys-imposed-by" => "Imposed by",
            "sys-not-imposed-by" => "not by",
            "sys-strictest" => "Strictest",
            "report-col-due" => "Due",
            "report-prohibited" => "Prohibited practices",
            "report-prohibited-intro" => {
                "The system must not be placed on the market, put into service or used where a prohibition applies:"
            }
            "report-prohibited-for" => "for",
            "report-since" => "since",
            "report-prohibited-others" => {
                "In those jurisdictions the other duties below would apply only if the practice were removed."
            }
            "report-if-removed" => "would apply if the practice were removed",
            other => other,
        }
        .to_owned()
    }
    fn value(&self, _prefix: &str, value: &str) -> String {
        value.replace('_', " ")
    }
    fn days(&self, days: u32, working: bool) -> String {
        let unit = match (working, days == 1) {
            (false, true) => "day",
            (false, false) => "days",
            (true, true) => "working day",
            (true, false) => "working days",
        };
        format!("{days} {unit}")
    }
}

/// A deadline as "15 days — becoming aware of the serious incident".
pub fn deadline_in(w: &dyn Words, d: &Option<Deadline>) -> String {
    match d {
        Some(d) => format!("{} — {}", w.days(d.days, d.working_days), d.trigger),
        None => String::new(),
    }
}

/// The report as a standalone English HTML page.
pub fn html(a: &Assessment) -> String {
    html_in(a, &English)
}

/// The report as a standalone HTML page in the language of `w`.
pub fn html_in(a: &Assessment, w: &dyn Words) -> String {
    use crate::labels::RISK_CLASS;
    let e = escape_html;
    let t = |k: &str| e(&w.text(k));
    let val = |prefix: &str, v: &str| e(&w.value(prefix, v));
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\"><title>{}: {}</title>\
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:.3em;vertical-align:top;text-align:start}}.met{{color:#060}}.missing{{color:#a00}}.unknown{{color:#850}}.prohibited{{color:#a00;border:2px solid #a00;padding:0 1em}}code{{font-size:.9em}}</style></head><body>\n",
        e(w.lang()),
        if w.rtl() { "rtl" } else { "ltr" },
        t("sys-report"),
        e(&a.profile_name)
    );
    let _ = writeln!(
        o,
        "<h1>{}: {} <code dir=\"ltr\">{}</code></h1>",
        t("sys-report"),
        e(&a.profile_name),
        e(&a.profile_id)
    );
    if let Some(date) = &a.assessed_on {
        let _ = writeln!(
            o,
            "<p>{}: <span dir=\"ltr\">{}</span>.</p>",
            t("report-assessed-on"),
            e(date)
        );
    }
    let prohibited = prohibition_lines(a, w);
    if !prohibited.is_empty() {
        let _ = writeln!(
            o,
            "<section class=\"prohibited\"><h2>{}</h2><p>{}</p><ul>",
            t("report-prohibited"),
            t("report-prohibited-intro")
        );
        for (what, link, rest) in &prohibited {
            let what = match link {
                Some(l) => format!("<a href=\"{}\">{}</a>", e(l), e(what)),
                None => e(what),
            };
            let _ = writeln!(o, "<li><strong>{what}</strong>; {}</li>", e(rest));
        }
        let _ = writeln!(o, "</ul><p>{}</p></section>", t("report-prohibited-others"));
    }
    let _ = writeln!(
        o,
        "<p>{}: <span dir=\"ltr\">{}</span>. {}:</p><ul>",
        t("report-catalog-version"),
        e(&a.catalog_version),
        t("sys-packs-used")
    );
    for p in &a.packs_used {
        let _ = writeln!(
            o,
            "<li><code dir=\"ltr\">{}</code> {} v{} ({})</li>",
            e(&p.id),
            e(&p.jurisdiction),
            e(&p.version),
            val("fw-status", p.status.as_str())
        );
    }
    let _ = writeln!(o, "</ul>");
    for j in &a.jurisdictions {
        let _ = writeln!(
            o,
            "<section><h2>{} — {}</h2>",
            e(&j.jurisdiction),
            e(&j.pack_name)
        );
        if j.status == PackStatus::Repealed {
            let _ = writeln!(
                o,
                "<p>{} {}: {}.</p></section>",
                t("report-not-applicable"),
                t("fw-col-status"),
                val("fw-status", j.status.as_str())
            );
            continue;
        }
        if !j.applies {
            let _ = writeln!(o, "<p>{}</p></section>", t("report-not-applicable"));
            continue;
        }
        let _ = writeln!(
            o,
            "<p>{}: {}. {}: <strong>{}</strong>.</p><ul>",
            t("fw-col-status"),
            val("fw-status", j.status.as_str()),
            t("sys-risk-class"),
            val(RISK_CLASS, &j.risk_class)
        );
        for f in &j.fired {
            let _ = writeln!(
                o,
                "<li>{} <code dir=\"ltr\">{}</code> ({}) — {}; {}: <span dir=\"ltr\">{}</span></li>",
                t("report-rule"),
                e(&f.rule_id),
                e(&f.citation),
                e(&f.title),
                t("report-read"),
                e(&f.fields_read.join(", "))
            );
        }
        for u in &j.undetermined {
            let _ = writeln!(
                o,
                "<li><code dir=\"ltr\">{}</code> — {}: <span dir=\"ltr\">{}</span> ({})</li>",
                e(&u.rule_id),
                t("sys-undetermined"),
                e(&u.missing_fields.join(", ")),
                e(&u.reason)
            );
        }
        let _ = writeln!(o, "</ul>");
        if !j.obligations.is_empty() {
            let _ = write!(o, "<table><tr>");
            for k in OBLIGATION_COLUMNS {
                let _ = write!(o, "<th>{}</th>", t(k));
            }
            let _ = writeln!(o, "</tr>");
            for ob in &j.obligations {
                let st = status_text(ob.status);
                let citation = match &ob.link {
                    Some(l) => format!("<a href=\"{}\">{}</a>", e(l), e(&ob.citation)),
                    None => e(&ob.citation),
                };
                let _ = writeln!(
                    o,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td dir=\"ltr\">{}</td><td>{}</td><td dir=\"ltr\">{}</td><td class=\"{st}\">{}</td><td>{}</td><td dir=\"ltr\">{}</td></tr>",
                    citation,
                    e(&ob.requirement_title),
                    val("bearer", bearer_str(ob.bearer)),
                    match ob.applies_from.as_deref() {
                        Some(d) => e(d),
                        None => t("report-not-set"),
                    },
                    e(&deadline_in(w, &ob.deadline)),
                    e(ob.due.as_deref().unwrap_or("")),
                    e(&status_cell(w, ob)),
                    e(&control_titles(ob)),
                    e(&ob.provenance.rules.join(", "))
                );
            }
            let _ = writeln!(o, "</table>");
        }
        let _ = writeln!(o, "</section>");
    }
    let _ = writeln!(
        o,
        "<section><h2>{}</h2><p>{}</p><p>{}: {} · {}: {}</p><ul>",
        t("sys-unified"),
        t("sys-unified-intro"),
        t("report-unified-controls"),
        a.unified.controls.len(),
        t("sys-obligations"),
        a.unified.total_obligations
    );
    for c in &a.unified.controls {
        let _ = writeln!(
            o,
            "<li><code dir=\"ltr\">{}</code> {} — {}: {} · {}: <span dir=\"ltr\">{}</span></li>",
            e(&c.control),
            e(&c.title),
            t("sys-discharges"),
            c.discharges.len(),
            t("fw-col-jurisdiction"),
            e(&c.jurisdictions.join(", "))
        );
    }
    let _ = writeln!(o, "</ul></section>");
    if !a.divergences.is_empty() {
        let _ = writeln!(o, "<section><h2>{}</h2><ul>", t("sys-divergences"));
        for d in &a.divergences {
            let mut line = format!(
                "<li><strong>{}</strong>: {}: <span dir=\"ltr\">{}</span>",
                e(&d.theme_title),
                t("sys-imposed-by"),
                e(&d.jurisdictions_with.join(", "))
            );
            if !d.jurisdictions_without.is_empty() {
                let _ = write!(
                    line,
                    "; {}: <span dir=\"ltr\">{}</span>",
                    t("sys-not-imposed-by"),
                    e(&d.jurisdictions_without.join(", "))
                );
            }
            if let Some(s) = &d.strictest {
                let _ = write!(
                    line,
                    "; {}: {} ({} {})",
                    t("sys-strictest"),
                    e(&deadline_in(w, &s.deadline)),
                    e(&s.jurisdiction),
                    e(&s.citation)
                );
            }
            let _ = writeln!(o, "{line}</li>");
        }
        let _ = writeln!(o, "</ul></section>");
    }
    let _ = writeln!(o, "</body></html>");
    o
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
