//! Files in and out: a CSV of incidents to import, and exports in JSON
//! Lines and CSV that hold only what the viewer may see (the export
//! functions take the viewer; each record keeps its TLP label, as TLP 2.0
//! asks of whoever passes information on).
//!
//! Import CSV: a header row, then one incident per row. Columns (any order,
//! names case-insensitive): `title` (required), `description`, `date`
//! (YYYY-MM-DD), `deployers`, `developers`, `harmed_parties`, `sources`
//! (URLs), `harm_types`, `severity`, `stakeholders`, `sectors`,
//! `countries`, `systems`, `repos`. Lists are separated by `;`.

use std::io::{Read, Write};

use serde::Serialize;

use crate::report::{Comment, Report, ReportContent, ReportDraft, SourceDraft, Subject};
use crate::taxonomy::Taxonomies;
use crate::tlp::{Shared, Viewer};

/// A CSV import that failed: the 1-based data row (0 for the header) and the field.
#[derive(Debug, thiserror::Error)]
#[error("row {row}, {field}: {reason}")]
pub struct CsvImportError {
    pub row: usize,
    pub field: String,
    pub reason: String,
}

const COLUMNS: [&str; 14] = [
    "title",
    "description",
    "date",
    "deployers",
    "developers",
    "harmed_parties",
    "sources",
    "harm_types",
    "severity",
    "stakeholders",
    "sectors",
    "countries",
    "systems",
    "repos",
];

fn list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads a CSV of incidents; every row is validated, the first bad one fails the import.
pub fn import_csv(
    input: impl Read,
    taxonomies: &Taxonomies,
) -> Result<Vec<ReportContent>, CsvImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let header_err = |reason: String| CsvImportError {
        row: 0,
        field: "header".into(),
        reason,
    };
    let headers = reader
        .headers()
        .map_err(|e| header_err(e.to_string()))?
        .clone();
    let mut index = [None; COLUMNS.len()];
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == h) {
            Some(c) if index[c].is_none() => index[c] = Some(i),
            Some(_) => return Err(header_err(format!("column {h:?} given twice"))),
            None => return Err(header_err(format!("unknown column {h:?}"))),
        }
    }
    if index[0].is_none() {
        return Err(header_err("no title column".into()));
    }
    let mut out = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 1;
        let record = record.map_err(|e| CsvImportError {
            row,
            field: "record".into(),
            reason: e.to_string(),
        })?;
        let cell = |c: usize| index[c].and_then(|i| record.get(i)).unwrap_or("").trim();
        let draft = ReportDraft {
            title: cell(0).to_owned(),
            description: cell(1).to_owned(),
            date: Some(cell(2).to_owned()).filter(|d| !d.is_empty()),
            alleged_deployers: list(cell(3)),
            alleged_developers: list(cell(4)),
            alleged_harmed_parties: list(cell(5)),
            sources: list(cell(6))
                .into_iter()
                .map(|url| SourceDraft {
                    url,
                    ..SourceDraft::default()
                })
                .collect(),
            harm_types: list(cell(7)),
            severity: Some(cell(8).to_owned()).filter(|s| !s.is_empty()),
            stakeholders: list(cell(9)),
            sectors: list(cell(10)),
            countries: list(cell(11)),
            systems: list(cell(12)),
            repos: list(cell(13)),
            ..ReportDraft::default()
        };
        let content = draft.validate(taxonomies).map_err(|e| CsvImportError {
            row,
            field: e.field,
            reason: e.reason,
        })?;
        out.push(content);
    }
    Ok(out)
}

/// One exported report: its label, state, content and the comments the viewer may see.
#[derive(Debug, Serialize)]
pub struct ExportRecord<'a> {
    pub id: &'a str,
    /// `TLP:AMBER` …: the label travels with the record.
    pub tlp: String,
    pub state: &'static str,
    pub content: &'a ReportContent,
    pub comments: Vec<&'a Comment>,
}

fn records<'a>(
    reports: impl IntoIterator<Item = &'a Report>,
    viewer: &'a Viewer,
) -> impl Iterator<Item = ExportRecord<'a>> {
    reports
        .into_iter()
        .filter(move |r| r.visible_to(viewer))
        .map(move |r| ExportRecord {
            id: r.id.as_str(),
            tlp: r.marking.tlp().label(),
            state: r.state().name(),
            content: &r.content,
            comments: r.comments_for(viewer).collect(),
        })
}

/// Writes one JSON object per line for each report `viewer` may see; returns how many.
pub fn export_jsonl<'a>(
    reports: impl IntoIterator<Item = &'a Report>,
    viewer: &'a Viewer,
    mut out: impl Write,
) -> std::io::Result<usize> {
    let mut n = 0;
    for rec in records(reports, viewer) {
        serde_json::to_writer(&mut out, &rec)?;
        out.write_all(b"\n")?;
        n += 1;
    }
    Ok(n)
}

/// The columns of the CSV export.
pub const EXPORT_COLUMNS: [&str; 15] = [
    "id",
    "tlp",
    "state",
    "kind",
    "title",
    "description",
    "date",
    "deployers",
    "developers",
    "harmed_parties",
    "sources",
    "harm_types",
    "severity",
    "sectors",
    "countries",
];

/// Writes a CSV (header and one row per report `viewer` may see); returns how many rows.
pub fn export_csv<'a>(
    reports: impl IntoIterator<Item = &'a Report>,
    viewer: &'a Viewer,
    out: impl Write,
) -> Result<usize, csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(EXPORT_COLUMNS)?;
    let mut n = 0;
    for rec in records(reports, viewer) {
        let c = rec.content;
        let join = |v: &[String]| v.join(";");
        let set = |v: &std::collections::BTreeSet<String>| {
            v.iter().cloned().collect::<Vec<_>>().join(";")
        };
        w.write_record([
            rec.id.to_owned(),
            rec.tlp,
            rec.state.to_owned(),
            match c.subject {
                Subject::Incident => "incident".into(),
                Subject::Vulnerability { .. } => "vulnerability".into(),
            },
            c.title.to_string(),
            c.description.clone(),
            c.date.map(|d| d.to_string()).unwrap_or_default(),
            join(&c.alleged_deployers),
            join(&c.alleged_developers),
            join(&c.alleged_harmed_parties),
            c.sources
                .iter()
                .map(|s| s.url.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            set(&c.harm.harm_types),
            c.harm.severity.clone().unwrap_or_default(),
            set(&c.harm.sectors),
            c.harm
                .countries
                .iter()
                .map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        ])?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}
