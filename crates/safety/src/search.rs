//! Multilingual search over reports, with TLP filtering done inside the
//! index: every document carries its visibility (level, named community,
//! reporter's organisation, author, RED recipients) as indexed terms, and
//! every query is ANDed with the viewer's visibility clause, so hits,
//! snippets and totals come only from reports the viewer may see.
//!
//! [`visibility_clause`] is the index form of [`crate::tlp::may_see`]; the
//! TLP matrix tests check that both agree for every level and viewer.
//! Text is analysed with the commons multilingual analyzer
//! ([`waico_commons::analysis`]), the same the commons search uses: a
//! query's words are ANDed, the variants of a word ORed, titles weighted
//! above the rest.

use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query as TQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use waico_commons::analysis::{Mode, MultilingualTokenizer, TOKENIZER_NAME, query_terms};

use crate::ids::ReportId;
use crate::report::Report;
use crate::tlp::{Marking, Tlp, Viewer};

/// Search errors.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("cannot open index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("io error: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    body: Field,
    level: Field,
    community: Field,
    org: Field,
    author: Field,
    recipient: Field,
    state: Field,
    harm_type: Field,
    sector: Field,
    country: Field,
    date: Field,
}

fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        level: b.add_text_field("v_level", STRING),
        community: b.add_text_field("v_community", STRING),
        org: b.add_text_field("v_org", STRING),
        author: b.add_text_field("v_author", STRING),
        recipient: b.add_text_field("v_recipient", STRING),
        state: b.add_text_field("state", STRING),
        harm_type: b.add_text_field("harm_type", STRING),
        sector: b.add_text_field("sector", STRING),
        country: b.add_text_field("country", STRING),
        date: b.add_i64_field("date", FAST | INDEXED),
    };
    (b.build(), fields)
}

fn level_term(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "clear",
        Tlp::Green => "green",
        Tlp::Amber => "amber",
        Tlp::AmberStrict => "amber_strict",
        Tlp::Red => "red",
    }
}

/// A search request (filters: values of one filter ORed, filters ANDed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub text: String,
    pub harm_types: Vec<String>,
    pub sectors: Vec<String>,
    pub countries: Vec<String>,
    pub states: Vec<String>,
    /// Hits to skip, at most [`MAX_OFFSET`] (more is taken as that).
    pub offset: usize,
    /// At most 100 (0 counts only).
    pub limit: usize,
}

/// The deepest a search pages: the index keeps `offset + limit` hits in
/// memory, so an unbounded offset would ask it for any amount.
pub const MAX_OFFSET: usize = 10_000;

/// One hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub score: f32,
    pub title: String,
    /// HTML: escaped text with matches in `<b>`.
    pub snippet: String,
}

/// A page of hits and the number of visible matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

/// The report index.
pub struct ReportIndex {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

fn term(field: Field, value: &str) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn all_of(clauses: Vec<Box<dyn TQuery>>) -> Box<dyn TQuery> {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|c| (Occur::Must, c)).collect(),
    ))
}

fn any_of(clauses: Vec<Box<dyn TQuery>>) -> Box<dyn TQuery> {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|c| (Occur::Should, c)).collect(),
    ))
}

impl ReportIndex {
    /// A fresh index in memory.
    pub fn open_in_ram() -> Result<Self, SearchError> {
        let (schema, _) = build_schema();
        Self::from_index(Index::create_in_ram(schema), 50 << 20)
    }

    /// Opens or creates the index in `path`.
    pub fn open_in_dir(path: impl AsRef<Path>, heap_bytes: usize) -> Result<Self, SearchError> {
        std::fs::create_dir_all(path.as_ref())?;
        let (schema, _) = build_schema();
        let index = Index::open_or_create(MmapDirectory::open(path)?, schema)?;
        Self::from_index(index, heap_bytes)
    }

    fn from_index(index: Index, heap_bytes: usize) -> Result<Self, SearchError> {
        let (_, fields) = build_schema();
        index.tokenizers().register(
            TOKENIZER_NAME,
            TextAnalyzer::from(MultilingualTokenizer::new(Mode::Index)),
        );
        let writer = index.writer_with_num_threads(1, heap_bytes.max(15_000_000))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(ReportIndex {
            reader,
            writer: Mutex::new(writer),
            fields,
        })
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn document(&self, r: &Report) -> TantivyDocument {
        let f = &self.fields;
        let c = &r.content;
        let mut d = TantivyDocument::new();
        d.add_text(f.id, r.id.as_str());
        d.add_text(f.title, c.title.as_str());
        let mut body = c.description.clone();
        for s in &c.sources {
            body.push('\n');
            body.push_str(&s.text);
        }
        for n in c
            .alleged_deployers
            .iter()
            .chain(&c.alleged_developers)
            .chain(&c.alleged_harmed_parties)
        {
            body.push('\n');
            body.push_str(n);
        }
        d.add_text(f.body, &body);
        d.add_text(f.level, level_term(r.marking.tlp()));
        d.add_text(f.org, r.origin.org.as_str());
        d.add_text(f.author, r.origin.author.as_str());
        match &r.marking {
            Marking::Amber { community } => d.add_text(f.community, community.as_str()),
            Marking::Red { recipients } => {
                for m in recipients.iter() {
                    d.add_text(f.recipient, m.as_str());
                }
            }
            _ => {}
        }
        d.add_text(f.state, r.state().name());
        for h in &c.harm.harm_types {
            d.add_text(f.harm_type, h);
        }
        for s in &c.harm.sectors {
            d.add_text(f.sector, s);
        }
        for x in &c.harm.countries {
            d.add_text(f.country, x.as_str());
        }
        let day = c.date.unwrap_or(r.submitted_at.date());
        d.add_i64(f.date, i64::from(day.to_julian_day()));
        d
    }

    /// Adds or replaces a report. Visible after [`commit`](Self::commit).
    pub fn upsert(&self, r: &Report) -> Result<(), SearchError> {
        let d = self.document(r);
        let w = self.writer();
        w.delete_term(Term::from_field_text(self.fields.id, r.id.as_str()));
        w.add_document(d)?;
        Ok(())
    }

    /// Removes a report. Visible after [`commit`](Self::commit).
    pub fn delete(&self, id: &ReportId) {
        self.writer()
            .delete_term(Term::from_field_text(self.fields.id, id.as_str()));
    }

    /// Makes changes durable and visible to searches.
    pub fn commit(&self) -> Result<(), SearchError> {
        self.writer().commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces the content with `reports` and commits.
    pub fn rebuild<'a>(
        &self,
        reports: impl IntoIterator<Item = &'a Report>,
    ) -> Result<u64, SearchError> {
        let mut n = 0;
        {
            let w = self.writer();
            w.delete_all_documents()?;
            for r in reports {
                w.add_document(self.document(r))?;
                n += 1;
            }
        }
        self.commit()?;
        Ok(n)
    }

    /// The clause matching exactly the reports `viewer` may see: the index
    /// form of [`crate::tlp::may_see`].
    fn visibility_clause(&self, viewer: &Viewer) -> Box<dyn TQuery> {
        let f = &self.fields;
        let Some(m) = viewer.member() else {
            return term(f.level, level_term(Tlp::Clear));
        };
        let mut any: Vec<Box<dyn TQuery>> = vec![
            term(f.level, level_term(Tlp::Clear)),
            term(f.level, level_term(Tlp::Green)),
            term(f.author, m.member.as_str()),
            all_of(vec![
                term(f.level, level_term(Tlp::AmberStrict)),
                term(f.org, m.org.as_str()),
            ]),
            all_of(vec![
                term(f.level, level_term(Tlp::Red)),
                term(f.recipient, m.member.as_str()),
            ]),
        ];
        if !m.communities.is_empty() {
            any.push(all_of(vec![
                term(f.level, level_term(Tlp::Amber)),
                any_of(
                    m.communities
                        .iter()
                        .map(|c| term(f.community, c.as_str()))
                        .collect(),
                ),
            ]));
        }
        any_of(any)
    }

    fn text_clause(&self, text: &str) -> Option<Box<dyn TQuery>> {
        let groups = query_terms(text);
        if groups.is_empty() {
            return None;
        }
        let f = &self.fields;
        let words: Vec<Box<dyn TQuery>> = groups
            .iter()
            .map(|variants| {
                let mut alts: Vec<Box<dyn TQuery>> = Vec::new();
                for (field, boost) in [(f.title, 2.0), (f.body, 1.0)] {
                    for v in variants {
                        let tq = TermQuery::new(
                            Term::from_field_text(field, v),
                            IndexRecordOption::WithFreqs,
                        );
                        alts.push(Box::new(BoostQuery::new(Box::new(tq), boost)));
                    }
                }
                any_of(alts)
            })
            .collect();
        Some(all_of(words))
    }

    fn filter_clauses(&self, q: &SearchQuery) -> Vec<Box<dyn TQuery>> {
        let f = &self.fields;
        let countries: Vec<String> = q.countries.iter().map(|c| c.to_ascii_uppercase()).collect();
        [
            (f.harm_type, &q.harm_types),
            (f.sector, &q.sectors),
            (f.country, &countries),
            (f.state, &q.states),
        ]
        .into_iter()
        .filter(|(_, values)| !values.is_empty())
        .map(|(field, values)| any_of(values.iter().map(|v| term(field, v)).collect()))
        .collect()
    }

    /// Searches the reports `viewer` may see.
    pub fn search(&self, q: &SearchQuery, viewer: &Viewer) -> Result<SearchResults, SearchError> {
        self.run(q, Some(self.visibility_clause(viewer)))
    }

    /// Searches every report, whoever may see it: for measuring the cost of
    /// the TLP filter only (feature `unfiltered-search`, off in the node).
    #[cfg(feature = "unfiltered-search")]
    pub fn search_unfiltered(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        self.run(q, None)
    }

    fn run(
        &self,
        q: &SearchQuery,
        visibility: Option<Box<dyn TQuery>>,
    ) -> Result<SearchResults, SearchError> {
        let text = self.text_clause(&q.text);
        let mut clauses: Vec<Box<dyn TQuery>> = Vec::new();
        if let Some(t) = &text {
            clauses.push(t.box_clone());
        }
        clauses.extend(self.filter_clauses(q));
        clauses.extend(visibility);
        if clauses.is_empty() {
            clauses.push(Box::new(AllQuery));
        }
        let query = all_of(clauses);
        let searcher = self.reader.searcher();
        let limit = q.limit.min(100);
        let (top, total) = if limit == 0 {
            (Vec::new(), searcher.search(&query, &Count)?)
        } else {
            searcher.search(
                &query,
                &(
                    TopDocs::with_limit(limit)
                        .and_offset(q.offset.min(MAX_OFFSET))
                        .order_by_score(),
                    Count,
                ),
            )?
        };
        let snippets = match &text {
            Some(t) if !top.is_empty() => {
                let mut g = SnippetGenerator::create(&searcher, t.as_ref(), self.fields.body)?;
                g.set_max_num_chars(200);
                Some(g)
            }
            _ => None,
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let get = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let snippet = match &snippets {
                Some(g) => g.snippet_from_doc(&doc).to_html(),
                None => String::new(),
            };
            hits.push(SearchHit {
                id: get(self.fields.id),
                score,
                title: get(self.fields.title),
                snippet,
            });
        }
        Ok(SearchResults { total, hits })
    }

    /// Number of documents in the index (all levels: for maintenance, not for display).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}
