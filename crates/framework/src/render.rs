//! Human-readable renderings of an [`Assessment`]: Markdown and a standalone
//! HTML page (no external assets; every piece of text is escaped). JSON is
//! [`Assessment::to_json`].

use crate::assess::{Assessment, ObligationStatus, bearer_str};
use crate::rulepack::Deadline;
use std::fmt::Write;

fn deadline_text(d: &Option<Deadline>) -> String {
    match d {
        Some(d) => format!(
            "{} {}days after {}",
            d.days,
            if d.working_days { "working " } else { "" },
            d.trigger
        ),
        None => String::new(),
    }
}

fn status_text(s: ObligationStatus) -> &'static str {
    match s {
        ObligationStatus::Met => "met",
        ObligationStatus::Missing => "missing",
        ObligationStatus::Unknown => "unknown",
    }
}

/// Escapes a cell for a Markdown table.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

pub fn markdown(a: &Assessment) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Assessment: {} (`{}`)\n",
        md(&a.profile_name),
        md(&a.profile_id)
    );
    let _ = writeln!(
        o,
        "Unified catalog version {}. Packs used:",
        md(&a.catalog_version)
    );
    for p in &a.packs_used {
        let _ = writeln!(
            o,
            "- `{}` {} v{} ({})",
            p.id,
            p.jurisdiction,
            md(&p.version),
            p.status.as_str()
        );
    }
    for j in &a.jurisdictions {
        let _ = writeln!(o, "\n## {} — {}\n", md(&j.jurisdiction), md(&j.pack_name));
        if !j.applies {
            let _ = writeln!(
                o,
                "Does not apply (read: {}).",
                j.applicability_fields.join(", ")
            );
            continue;
        }
        let _ = writeln!(
            o,
            "Status: {}. Risk class: **{}**.\n",
            j.status.as_str(),
            md(&j.risk_class)
        );
        for f in &j.fired {
            let _ = writeln!(
                o,
                "- rule `{}` ({}) — {}; read: {}",
                f.rule_id,
                md(&f.citation),
                md(&f.title),
                f.fields_read.join(", ")
            );
        }
        for u in &j.undetermined {
            let _ = writeln!(
                o,
                "- undetermined `{}` ({}): {} {}",
                u.rule_id,
                md(&u.citation),
                md(&u.reason),
                u.missing_fields.join(", ")
            );
        }
        if !j.obligations.is_empty() {
            let _ = writeln!(
                o,
                "\n| Citation | Requirement | Bearer | Applies from | Deadline | Status | Controls | Rules |\n|---|---|---|---|---|---|---|---|"
            );
            for ob in &j.obligations {
                let controls: Vec<&str> = ob.controls.iter().map(|c| c.control.as_str()).collect();
                let _ = writeln!(
                    o,
                    "| {} | {} | {} | {} | {} | {} | {} | {} |",
                    md(&ob.citation),
                    md(&ob.requirement_title),
                    bearer_str(ob.bearer),
                    ob.applies_from.as_deref().unwrap_or("not set"),
                    md(&deadline_text(&ob.deadline)),
                    status_text(ob.status),
                    md(&controls.join(", ")),
                    md(&ob.provenance.rules.join(", "))
                );
            }
        }
    }
    let _ = writeln!(
        o,
        "\n## Unified view\n\n{} controls discharge {} obligations.\n",
        a.unified.controls.len(),
        a.unified.total_obligations
    );
    for c in &a.unified.controls {
        let _ = writeln!(
            o,
            "- `{}` {} — {} obligations in {}",
            c.control,
            md(&c.title),
            c.discharges.len(),
            c.jurisdictions.join(", ")
        );
    }
    if !a.divergences.is_empty() {
        let _ = writeln!(o, "\n## Divergences\n");
        for d in &a.divergences {
            let _ = write!(
                o,
                "- **{}**: imposed by {}",
                md(&d.theme_title),
                d.jurisdictions_with.join(", ")
            );
            if !d.jurisdictions_without.is_empty() {
                let _ = write!(o, "; not by {}", d.jurisdictions_without.join(", "));
            }
            if let Some(s) = &d.strictest {
                let _ = write!(
                    o,
                    "; strictest deadline: {} ({} {})",
                    md(&deadline_text(&s.deadline)),
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

pub fn html(a: &Assessment) -> String {
    let e = escape_html;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>WAICO assessment: {}</title>\
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:.3em;vertical-align:top;text-align:left}}.met{{color:#060}}.missing{{color:#a00}}.unknown{{color:#850}}code{{font-size:.9em}}</style></head><body>\n",
        e(&a.profile_name)
    );
    let _ = writeln!(
        o,
        "<h1>Assessment: {} <code>{}</code></h1>",
        e(&a.profile_name),
        e(&a.profile_id)
    );
    let _ = writeln!(
        o,
        "<p>Unified catalog version {}.</p><ul>",
        e(&a.catalog_version)
    );
    for p in &a.packs_used {
        let _ = writeln!(
            o,
            "<li><code>{}</code> {} v{} ({})</li>",
            e(&p.id),
            e(&p.jurisdiction),
            e(&p.version),
            p.status.as_str()
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
        if !j.applies {
            let _ = writeln!(o, "<p>Does not apply.</p></section>");
            continue;
        }
        let _ = writeln!(
            o,
            "<p>Status: {}. Risk class: <strong>{}</strong>.</p><ul>",
            j.status.as_str(),
            e(&j.risk_class)
        );
        for f in &j.fired {
            let _ = writeln!(
                o,
                "<li>rule <code>{}</code> ({}) — {}; read: {}</li>",
                e(&f.rule_id),
                e(&f.citation),
                e(&f.title),
                e(&f.fields_read.join(", "))
            );
        }
        for u in &j.undetermined {
            let _ = writeln!(
                o,
                "<li>undetermined <code>{}</code>: {} {}</li>",
                e(&u.rule_id),
                e(&u.reason),
                e(&u.missing_fields.join(", "))
            );
        }
        let _ = writeln!(o, "</ul>");
        if !j.obligations.is_empty() {
            let _ = writeln!(
                o,
                "<table><tr><th>Citation</th><th>Requirement</th><th>Bearer</th><th>Applies from</th><th>Deadline</th><th>Status</th><th>Controls</th><th>Rules</th></tr>"
            );
            for ob in &j.obligations {
                let controls: Vec<&str> = ob.controls.iter().map(|c| c.control.as_str()).collect();
                let st = status_text(ob.status);
                let _ = writeln!(
                    o,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{st}\">{st}</td><td>{}</td><td>{}</td></tr>",
                    e(&ob.citation),
                    e(&ob.requirement_title),
                    bearer_str(ob.bearer),
                    e(ob.applies_from.as_deref().unwrap_or("not set")),
                    e(&deadline_text(&ob.deadline)),
                    e(&controls.join(", ")),
                    e(&ob.provenance.rules.join(", "))
                );
            }
            let _ = writeln!(o, "</table>");
        }
        let _ = writeln!(o, "</section>");
    }
    let _ = writeln!(
        o,
        "<section><h2>Unified view</h2><p>{} controls discharge {} obligations.</p><ul>",
        a.unified.controls.len(),
        a.unified.total_obligations
    );
    for c in &a.unified.controls {
        let _ = writeln!(
            o,
            "<li><code>{}</code> {} — {} obligations in {}</li>",
            e(&c.control),
            e(&c.title),
            c.discharges.len(),
            e(&c.jurisdictions.join(", "))
        );
    }
    let _ = writeln!(o, "</ul></section>");
    if !a.divergences.is_empty() {
        let _ = writeln!(o, "<section><h2>Divergences</h2><ul>");
        for d in &a.divergences {
            let strict = d
                .strictest
                .as_ref()
                .map(|s| {
                    format!(
                        "; strictest deadline: {} ({} {})",
                        deadline_text(&s.deadline),
                        s.jurisdiction,
                        s.citation
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "<li><strong>{}</strong>: imposed by {}; not by {}{}</li>",
                e(&d.theme_title),
                e(&d.jurisdictions_with.join(", ")),
                e(&d.jurisdictions_without.join(", ")),
                e(&strict)
            );
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
