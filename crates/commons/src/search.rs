//! Full-text and faceted search over Commons repositories, backed by tantivy.
//!
//! Every text field (names, tags, card) is analysed with the multilingual
//! analyzer of [`crate::analysis`]. A query's words are ANDed; the variants of
//! one word (folded form and stems) are ORed, across all text fields, with
//! names weighted above tags and tags above the card. Filters are exact
//! facet matches (several values of one facet are ORed, facets are ANDed) and
//! do not change scores. Results can be sorted by relevance, downloads, likes
//! or recency, paginated, and carry facet counts of the whole result set.
//!
//! Members-only repositories are indexed with a flag: a query matches them
//! (and counts them in facets) only when it says
//! [`Filters::include_members_only`], which callers set exactly when the
//! viewer may read members-only content.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, Count, MultiCollector, SegmentCollector, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query as TQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

use waico_members::GlobalSouth;

use crate::analysis::{Mode, MultilingualTokenizer, TOKENIZER_NAME, query_terms};
use crate::card::Card;
use crate::repo::{RepoId, RepoKind};

/// Search errors.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("cannot open index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("io error: {0}")]
    Io(#[from] std::io::Error),
    #[error("invalid document: {0}")]
    InvalidDocument(String),
    #[error("stored document is corrupt: {0}")]
    Corrupt(#[from] serde_json::Error),
}

/// What the index knows about one repository.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepoDoc {
    pub kind: RepoKind,
    pub id: RepoId,
    /// Pipeline tag or task category.
    pub task: Option<String>,
    /// Licence key, e.g. `apache-2.0` or `other`.
    pub license: Option<String>,
    pub languages: Vec<String>,
    /// ISO 3166-1 alpha-2 code of the owner's country (upper case).
    pub owner_country: Option<String>,
    pub region: Option<String>,
    /// Whether the owner's country counts as Global South; `None` when the
    /// owner has no country.
    pub global_south: Option<GlobalSouth>,
    pub tags: Vec<String>,
    pub title: String,
    pub summary: String,
    /// Card body as plain text; indexed, not stored.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    pub downloads: u64,
    pub likes: u64,
    /// Seconds since the Unix epoch.
    pub updated_at: i64,
    /// Readable by members only: found only by queries that include
    /// members-only repositories.
    #[serde(default)]
    pub members_only: bool,
}

impl RepoDoc {
    /// A document with only kind and id set.
    pub fn new(kind: RepoKind, id: RepoId) -> Self {
        RepoDoc {
            kind,
            id,
            task: None,
            license: None,
            languages: Vec::new(),
            owner_country: None,
            region: None,
            global_south: None,
            tags: Vec::new(),
            title: String::new(),
            summary: String::new(),
            body: String::new(),
            downloads: 0,
            likes: 0,
            updated_at: 0,
            members_only: false,
        }
    }

    /// Fills task, licence, languages, tags, title, summary and body from a card.
    pub fn with_card(mut self, card: &Card) -> Self {
        let m = &card.metadata;
        self.task = m
            .pipeline_tag
            .clone()
            .or_else(|| m.task_categories.first().cloned());
        self.license = m.license.as_ref().map(|l| l.key());
        self.languages = m.language.clone();
        self.tags = m.tags.clone();
        self.title = card.title().unwrap_or_default();
        self.summary = card.summary(300);
        self.body = markdown_text(&card.body);
        self
    }

    /// Unique key of the document: `kind:owner/name`.
    pub fn key(&self) -> String {
        doc_key(self.kind, &self.id)
    }
}

fn doc_key(kind: RepoKind, id: &RepoId) -> String {
    format!("{kind}:{id}")
}

/// Plain text of Markdown (for indexing).
fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::with_capacity(md.len());
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                out.push_str(&t);
                out.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Result ordering.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// BM25 relevance; with no query text this falls back to downloads.
    #[default]
    Relevance,
    Downloads,
    Likes,
    /// Most recently updated first.
    Recent,
}

/// A region filter value as the index holds it: UN M49 codes are written
/// with three digits (`002` for Africa) but indexed as numbers (`2`), so
/// both spellings find the same repositories; other values are kept.
pub fn region_key(value: &str) -> String {
    match value.trim().parse::<u16>() {
        Ok(code) => code.to_string(),
        Err(_) => value.to_owned(),
    }
}

/// Facet filters. Values within one facet are ORed; facets are ANDed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    pub kind: Vec<RepoKind>,
    pub task: Vec<String>,
    pub license: Vec<String>,
    pub language: Vec<String>,
    pub owner: Vec<String>,
    pub owner_country: Vec<String>,
    pub region: Vec<String>,
    /// Only repositories whose owner's country gives this answer
    /// (`Unknown`: an income group the World Bank does not classify).
    pub global_south: Option<GlobalSouth>,
    /// Whether members-only repositories may match (default: no). Set it
    /// exactly when the viewer may read members-only content.
    #[serde(default)]
    pub include_members_only: bool,
}

/// A search request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub text: String,
    pub filters: Filters,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
    /// Compute facet counts (costs one pass over the matches).
    pub facets: bool,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            offset: 0,
            limit: 20,
            facets: true,
        }
    }
}

impl Query {
    pub fn text(text: &str) -> Self {
        Query {
            text: text.to_string(),
            ..Query::default()
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// BM25 score when sorted by relevance.
    pub score: Option<f32>,
    /// The stored document (without `body`).
    pub doc: RepoDoc,
}

/// Count of one facet value in the result set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// Number of matching documents (all pages).
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Facet name → values with counts, most frequent first.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

/// Facet dimensions, in the order used for `Results::facets`.
pub const FACETS: [&str; 8] = [
    "kind",
    "task",
    "license",
    "language",
    "owner",
    "owner_country",
    "region",
    "global_south",
];

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    exact: Field,
    names: Field,
    tags: Field,
    card: Field,
    stored: Field,
    downloads: Field,
    likes: Field,
    updated_at: Field,
    members_only: Field,
    facets: [Field; 8],
}

/// Version of the index layout (schema and analysis). An index on disk made
/// with another version (or none: those made before the marker) is removed
/// and created anew, empty; the node then rebuilds it from the database.
pub const INDEX_VERSION: u32 = 2;

/// The file in the index directory holding [`INDEX_VERSION`].
pub const VERSION_FILE: &str = "waico-index-version";

/// The value of the `members_only` field of members-only documents.
const MEMBERS_ONLY: &str = "true";

fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let key = b.add_text_field("key", STRING);
    let exact = b.add_text_field("exact", STRING);
    let names = b.add_text_field("names", text.clone());
    let tags = b.add_text_field("tags", text.clone());
    let card = b.add_text_field("card", text);
    let stored = b.add_text_field("stored", STORED);
    let downloads = b.add_u64_field("downloads", FAST | INDEXED);
    let likes = b.add_u64_field("likes", FAST);
    let updated_at = b.add_i64_field("updated_at", FAST | INDEXED);
    let members_only = b.add_text_field("members_only", STRING);
    let facets = FACETS.map(|name| b.add_text_field(&format!("f_{name}"), STRING | FAST));
    let fields = Fields {
        key,
        exact,
        names,
        tags,
        card,
        stored,
        downloads,
        likes,
        updated_at,
        members_only,
        facets,
    };
    (b.build(), fields)
}

/// Sizing of the index writer.
#[derive(Debug, Clone, Copy)]
pub struct IndexOptions {
    /// Indexing threads.
    pub threads: usize,
    /// Total writer memory budget in bytes (at least 15 MB per thread).
    pub heap_bytes: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            threads: 1,
            heap_bytes: 64 << 20,
        }
    }
}

/// The repository search index.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

fn facet_term(field: Field, value: &str) -> Term {
    Term::from_field_text(field, value)
}

/// Removes the files of a tantivy index from `dir` (its meta files and
/// segments, named by a 32-digit hexadecimal id), and nothing else.
fn remove_index_files(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let segment = name.len() > 33
            && name.as_bytes()[32] == b'.'
            && name.as_bytes()[..32].iter().all(u8::is_ascii_hexdigit);
        if (segment || name == "meta.json" || name == ".managed.json" || name == VERSION_FILE)
            && entry.file_type()?.is_file()
        {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Counts the values of the facet fast fields over all matching documents.
struct FacetCounter;

/// Per-segment state: one column and one counter per term ordinal, per facet.
struct SegmentFacetCounter {
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u64>>,
}

type FacetFruit = Vec<BTreeMap<String, u64>>;

impl Collector for FacetCounter {
    type Fruit = FacetFruit;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let columns = FACETS
            .iter()
            .map(|name| reader.fast_fields().str(&format!("f_{name}")))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let counts = columns
            .iter()
            .map(|c| vec![0; c.as_ref().map_or(0, |c| c.num_terms())])
            .collect();
        Ok(SegmentFacetCounter { columns, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetFruit>) -> tantivy::Result<FacetFruit> {
        let mut merged: FacetFruit = vec![BTreeMap::new(); FACETS.len()];
        for fruit in fruits {
            for (into, from) in merged.iter_mut().zip(fruit) {
                for (value, count) in from {
                    *into.entry(value).or_insert(0) += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = FacetFruit;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        for (column, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            if let Some(column) = column {
                for ord in column.ords().values_for_doc(doc) {
                    counts[ord as usize] += 1;
                }
            }
        }
    }

    fn harvest(self) -> FacetFruit {
        let mut out = Vec::with_capacity(self.columns.len());
        for (column, counts) in self.columns.iter().zip(self.counts) {
            let mut values = BTreeMap::new();
            if let Some(column) = column {
                // One sorted pass over the dictionary instead of a lookup per value.
                let ords: Vec<u64> = (0..counts.len() as u64)
                    .filter(|&o| counts[o as usize] > 0)
                    .collect();
                let mut i = 0;
                let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |term| {
                    let count = counts[ords[i] as usize];
                    values.insert(String::from_utf8_lossy(term).into_owned(), count);
                    i += 1;
                });
            }
            out.push(values);
        }
        out
    }
}

impl SearchIndex {
    /// Opens (or creates) an index stored in `path`.
    pub fn open_in_dir(path: impl AsRef<Path>) -> Result<Self, SearchError> {
        Self::open_in_dir_with(path, IndexOptions::default())
    }

    pub fn open_in_dir_with(
        path: impl AsRef<Path>,
        options: IndexOptions,
    ) -> Result<Self, SearchError> {
        let path = path.as_ref();
        std::fs::create_dir_all(path)?;
        let (schema, _) = build_schema();
        let marker = path.join(VERSION_FILE);
        if path.join("meta.json").exists() {
            let current = std::fs::read_to_string(&marker)
                .is_ok_and(|v| v.trim() == INDEX_VERSION.to_string());
            let old = Index::open(MmapDirectory::open(path)?);
            let same_schema = old.as_ref().is_ok_and(|i| i.schema() == schema);
            if !current || !same_schema {
                if let Ok(old) = &old {
                    // Fails when another process holds the index: it is not
                    // removed under that process.
                    drop(old.writer_with_num_threads::<TantivyDocument>(1, 15_000_000)?);
                }
                drop(old);
                remove_index_files(path)?;
            }
        }
        let index = Index::open_or_create(MmapDirectory::open(path)?, schema)?;
        std::fs::write(&marker, format!("{INDEX_VERSION}\n"))?;
        Self::from_index(index, options)
    }

    /// A fresh index held in memory (tests, small deployments).
    pub fn open_in_ram() -> Result<Self, SearchError> {
        let (schema, _) = build_schema();
        Self::from_index(Index::create_in_ram(schema), IndexOptions::default())
    }

    fn from_index(index: Index, options: IndexOptions) -> Result<Self, SearchError> {
        let (_, fields) = build_schema();
        index.tokenizers().register(
            TOKENIZER_NAME,
            TextAnalyzer::from(MultilingualTokenizer::new(Mode::Index)),
        );
        let writer = index.writer_with_num_threads(options.threads.max(1), options.heap_bytes)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
        })
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn to_document(&self, doc: &RepoDoc) -> Result<TantivyDocument, SearchError> {
        let f = &self.fields;
        let mut country = None;
        if let Some(c) = &doc.owner_country {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(SearchError::InvalidDocument(format!(
                    "owner_country {c:?} is not an ISO 3166-1 alpha-2 code"
                )));
            }
            country = Some(c.to_ascii_uppercase());
        }
        let mut d = TantivyDocument::new();
        d.add_text(f.key, doc.key());
        d.add_text(f.exact, doc.id.to_string().to_lowercase());
        d.add_text(f.exact, doc.id.name().to_lowercase());
        d.add_text(f.names, format!("{} {}", doc.id.owner(), doc.id.name()));
        if !doc.title.is_empty() {
            d.add_text(f.names, &doc.title);
        }
        for t in &doc.tags {
            d.add_text(f.tags, t);
        }
        if let Some(t) = &doc.task {
            d.add_text(f.tags, t);
        }
        d.add_text(f.card, &doc.summary);
        d.add_text(f.card, &doc.body);
        let mut stored = doc.clone();
        stored.body.clear();
        stored.owner_country.clone_from(&country);
        d.add_text(f.stored, serde_json::to_string(&stored)?);
        d.add_u64(f.downloads, doc.downloads);
        d.add_u64(f.likes, doc.likes);
        d.add_i64(f.updated_at, doc.updated_at);
        d.add_text(
            f.members_only,
            if doc.members_only {
                MEMBERS_ONLY
            } else {
                "false"
            },
        );
        let gs = doc.global_south.map(GlobalSouth::slug);
        let single = [
            Some(doc.kind.as_str()),
            doc.task.as_deref(),
            doc.license.as_deref(),
        ];
        for (i, v) in single.into_iter().enumerate() {
            if let Some(v) = v {
                d.add_text(f.facets[i], v);
            }
        }
        for lang in &doc.languages {
            d.add_text(f.facets[3], lang);
        }
        d.add_text(f.facets[4], doc.id.owner());
        if let Some(c) = &country {
            d.add_text(f.facets[5], c);
        }
        if let Some(r) = &doc.region {
            d.add_text(f.facets[6], r);
        }
        if let Some(gs) = gs {
            d.add_text(f.facets[7], gs);
        }
        Ok(d)
    }

    /// Adds or replaces the document with the same kind and id. Visible after [`commit`](Self::commit).
    pub fn upsert(&self, doc: &RepoDoc) -> Result<(), SearchError> {
        let d = self.to_document(doc)?;
        let w = self.writer();
        w.delete_term(Term::from_field_text(self.fields.key, &doc.key()));
        w.add_document(d)?;
        Ok(())
    }

    /// Removes a repository. Visible after [`commit`](Self::commit).
    pub fn delete(&self, kind: RepoKind, id: &RepoId) {
        self.writer()
            .delete_term(Term::from_field_text(self.fields.key, &doc_key(kind, id)));
    }

    /// Makes all changes durable and visible to searches.
    pub fn commit(&self) -> Result<(), SearchError> {
        self.writer().commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces the whole index content with `docs` and commits.
    pub fn rebuild<I: IntoIterator<Item = RepoDoc>>(&self, docs: I) -> Result<u64, SearchError> {
        let mut n = 0;
        {
            let w = self.writer();
            w.delete_all_documents()?;
            for doc in docs {
                w.add_document(self.to_document(&doc)?)?;
                n += 1;
            }
        }
        self.commit()?;
        Ok(n)
    }

    /// Number of documents visible to searches.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The newest `updated_at` of the documents visible to searches (`None`
    /// when the index is empty): how far the index has followed the
    /// repositories' changes.
    pub fn newest_updated_at(&self) -> Result<Option<i64>, SearchError> {
        let top = TopDocs::with_limit(1).order_by_fast_field::<i64>("updated_at", Order::Desc);
        let found = self.reader.searcher().search(&AllQuery, &top)?;
        Ok(found.first().and_then(|(t, _)| *t))
    }

    fn text_query(&self, text: &str) -> Option<Box<dyn TQuery>> {
        let groups = query_terms(text);
        if groups.is_empty() {
            return None;
        }
        let f = &self.fields;
        let weighted = [(f.names, 3.0), (f.tags, 2.0), (f.card, 1.0)];
        let mut must: Vec<(Occur, Box<dyn TQuery>)> = groups
            .iter()
            .map(|variants| {
                let mut any: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
                for (field, boost) in weighted {
                    for v in variants {
                        let tq = TermQuery::new(
                            Term::from_field_text(field, v),
                            IndexRecordOption::WithFreqs,
                        );
                        any.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(tq), boost)),
                        ));
                    }
                }
                (
                    Occur::Must,
                    Box::new(BooleanQuery::new(any)) as Box<dyn TQuery>,
                )
            })
            .collect();
        // A query that is exactly a repository id or name ranks that repository first.
        let exact = TermQuery::new(
            Term::from_field_text(f.exact, text.trim().to_lowercase().as_str()),
            IndexRecordOption::Basic,
        );
        must.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(Box::new(exact), 20.0)),
        ));
        Some(Box::new(BooleanQuery::new(must)))
    }

    fn filter_query(&self, filters: &Filters) -> Vec<Box<dyn TQuery>> {
        let f = &self.fields;
        let kinds: Vec<String> = filters.kind.iter().map(|k| k.to_string()).collect();
        let countries: Vec<String> = filters
            .owner_country
            .iter()
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let regions: Vec<String> = filters.region.iter().map(|r| region_key(r)).collect();
        let gs: Vec<String> = filters
            .global_south
            .iter()
            .map(|g| g.slug().to_owned())
            .collect();
        let dims: [&[String]; 8] = [
            &kinds,
            &filters.task,
            &filters.license,
            &filters.language,
            &filters.owner,
            &countries,
            &regions,
            &gs,
        ];
        dims.iter()
            .zip(f.facets)
            .filter(|(values, _)| !values.is_empty())
            .map(|(values, field)| {
                let any: Vec<(Occur, Box<dyn TQuery>)> = values
                    .iter()
                    .map(|v| {
                        (
                            Occur::Should,
                            Box::new(TermQuery::new(
                                facet_term(field, v),
                                IndexRecordOption::Basic,
                            )) as Box<dyn TQuery>,
                        )
                    })
                    .collect();
                Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0))
                    as Box<dyn TQuery>
            })
            .collect()
    }

    /// Runs a search.
    pub fn search(&self, q: &Query) -> Result<Results, SearchError> {
        let text = self.text_query(&q.text);
        let has_text = text.is_some();
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        if let Some(t) = text {
            clauses.push((Occur::Must, t));
        }
        for filter in self.filter_query(&q.filters) {
            clauses.push((Occur::Must, filter));
        }
        if !q.filters.include_members_only {
            if clauses.is_empty() {
                // A query of exclusions only matches nothing.
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.members_only, MEMBERS_ONLY),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let query: Box<dyn TQuery> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let searcher = self.reader.searcher();
        let limit = q.limit.clamp(1, 1000);
        let top = TopDocs::with_limit(limit).and_offset(q.offset);
        let sort = match q.sort {
            Sort::Relevance if !has_text => Sort::Downloads,
            s => s,
        };
        let mut multi = MultiCollector::new();
        let count_handle = multi.add_collector(Count);
        let facet_handle = q.facets.then(|| multi.add_collector(FacetCounter));
        let (addresses, mut fruits): (Vec<(Option<f32>, DocAddress)>, _) = match sort {
            Sort::Relevance => {
                let (top, fruits) = searcher.search(&query, &(top.order_by_score(), multi))?;
                (top.into_iter().map(|(s, a)| (Some(s), a)).collect(), fruits)
            }
            Sort::Downloads | Sort::Likes => {
                let field = if sort == Sort::Likes {
                    "likes"
                } else {
                    "downloads"
                };
                let (top, fruits) = searcher.search(
                    &query,
                    &(top.order_by_fast_field::<u64>(field, Order::Desc), multi),
                )?;
                (top.into_iter().map(|(_, a)| (None, a)).collect(), fruits)
            }
            Sort::Recent => {
                let (top, fruits) = searcher.search(
                    &query,
                    &(
                        top.order_by_fast_field::<i64>("updated_at", Order::Desc),
                        multi,
                    ),
                )?;
                (top.into_iter().map(|(_, a)| (None, a)).collect(), fruits)
            }
        };
        let total = count_handle.extract(&mut fruits);
        let mut facets = BTreeMap::new();
        if let Some(handle) = facet_handle {
            for (name, counts) in FACETS.iter().zip(handle.extract(&mut fruits)) {
                let mut values: Vec<FacetCount> = counts
                    .into_iter()
                    .map(|(value, count)| FacetCount { value, count })
                    .collect();
                values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
                values.truncate(100);
                facets.insert(name.to_string(), values);
            }
        }
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, addr) in addresses {
            let d: TantivyDocument = searcher.doc(addr)?;
            let json = d
                .get_first(self.fields.stored)
                .and_then(|v| v.as_str())
                .unwrap_or("{}");
            hits.push(Hit {
                score,
                doc: serde_json::from_str(json)?,
            });
        }
        Ok(Results {
            total,
            hits,
            facets,
        })
    }

    /// The underlying tantivy index (for maintenance such as merging).
    pub fn tantivy_index(&self) -> &Index {
        &self.index
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::parse_card;

    #[test]
    fn region_filters_take_three_digit_m49_codes() {
        assert_eq!(region_key("002"), "2");
        assert_eq!(region_key("19"), "19");
        assert_eq!(region_key("150"), "150");
        assert_eq!(region_key("africa"), "africa");
    }

    fn doc(kind: RepoKind, id: &str, title: &str, body: &str) -> RepoDoc {
        let mut d = RepoDoc::new(kind, RepoId::parse(id).unwrap());
        d.title = title.into();
        d.body = body.into();
        d
    }

    fn ids(r: &Results) -> Vec<String> {
        r.hits.iter().map(|h| h.doc.id.to_string()).collect()
    }

    fn fixture() -> SearchIndex {
        let idx = SearchIndex::open_in_ram().unwrap();
        let mut docs = vec![
            doc(
                RepoKind::Model,
                "cairo-nlp/arabic-mt",
                "نموذج الترجمة الآلية",
                "نموذج لِلتَّرْجَمَةِ من العربية إلى الإنجليزية",
            ),
            doc(
                RepoKind::Model,
                "beijing-ai/zh-llm",
                "中文大模型",
                "这是一个用于机器翻译的大型语言模型",
            ),
            doc(
                RepoKind::Dataset,
                "paris-data/corpus-fr",
                "Corpus français",
                "Des données nationales pour la classification des textes",
            ),
            doc(
                RepoKind::Model,
                "moscow-lab/ru-bert",
                "Русская модель",
                "Модели для классификации текстов",
            ),
            doc(
                RepoKind::Tool,
                "waico/eval-kit",
                "Evaluation toolkit",
                "Running evaluations of translation models",
            ),
            doc(
                RepoKind::Dataset,
                "nairobi/swahili-speech",
                "Swahili speech",
                "Speech recognition corpus for translation research",
            ),
        ];
        let meta = [
            (
                "translation",
                "apache-2.0",
                "ar",
                "EG",
                "africa",
                true,
                500,
                10,
            ),
            ("text-generation", "mit", "zh", "CN", "asia", true, 9000, 50),
            (
                "text-classification",
                "cc-by-4.0",
                "fr",
                "FR",
                "europe",
                false,
                300,
                40,
            ),
            (
                "text-classification",
                "apache-2.0",
                "ru",
                "RU",
                "europe",
                false,
                700,
                20,
            ),
            ("translation", "mit", "en", "CH", "europe", false, 100, 60),
            (
                "automatic-speech-recognition",
                "cc-by-4.0",
                "sw",
                "KE",
                "africa",
                true,
                50,
                30,
            ),
        ];
        for (d, (task, lic, lang, cc, region, gs, dl, t)) in docs.iter_mut().zip(meta) {
            d.task = Some(task.into());
            d.license = Some(lic.into());
            d.languages = vec![lang.into()];
            d.owner_country = Some(cc.to_lowercase());
            d.region = Some(region.into());
            d.global_south = Some(if gs {
                GlobalSouth::Yes
            } else {
                GlobalSouth::No
            });
            d.downloads = dl;
            d.updated_at = t;
        }
        for d in &docs {
            idx.upsert(d).unwrap();
        }
        idx.commit().unwrap();
        idx
    }

    #[test]
    fn arabic_with_and_without_article_and_diacritics() {
        let idx = fixture();
        for q in [
            "الترجمة",
            "ترجمة",
            "تَرْجَمَة",
            "بالترجمة",
            "الترجمه",
            "اَلتَّرْجَمَةُ",
        ] {
            let r = idx.search(&Query::text(q)).unwrap();
            assert_eq!(ids(&r), ["cairo-nlp/arabic-mt"], "query {q}");
        }
        // Alef forms are unified: العربيه / الإنجليزية / الانجليزيه.
        let r = idx.search(&Query::text("انجليزية")).unwrap();
        assert_eq!(ids(&r), ["cairo-nlp/arabic-mt"]);
    }

    #[test]
    fn chinese_word_inside_sentence() {
        let idx = fixture();
        for q in ["翻译", "语言模型", "机器翻译"] {
            let r = idx.search(&Query::text(q)).unwrap();
            assert_eq!(ids(&r), ["beijing-ai/zh-llm"], "query {q}");
        }
        assert_eq!(idx.search(&Query::text("足球")).unwrap().total, 0);
    }

    #[test]
    fn french_and_russian_stemming() {
        let idx = fixture();
        let r = idx.search(&Query::text("nationale")).unwrap();
        assert_eq!(ids(&r), ["paris-data/corpus-fr"]);
        // Accent-insensitive.
        let r = idx.search(&Query::text("donnee francais")).unwrap();
        assert_eq!(ids(&r), ["paris-data/corpus-fr"]);
        let r = idx.search(&Query::text("модель классификация")).unwrap();
        assert_eq!(ids(&r), ["moscow-lab/ru-bert"]);
        let r = idx.search(&Query::text("evaluation run")).unwrap();
        assert_eq!(ids(&r), ["waico/eval-kit"]);
    }

    #[test]
    fn words_are_anded_and_names_rank_first() {
        let idx = fixture();
        let r = idx.search(&Query::text("translation")).unwrap();
        assert_eq!(r.total, 3, "{:?}", ids(&r));
        let r = idx.search(&Query::text("translation speech")).unwrap();
        assert_eq!(ids(&r), ["nairobi/swahili-speech"]);
        let r = idx.search(&Query::text("waico/eval-kit")).unwrap();
        assert_eq!(ids(&r)[0], "waico/eval-kit");
        let r = idx.search(&Query::text("swahili")).unwrap();
        assert_eq!(ids(&r), ["nairobi/swahili-speech"]);
    }

    #[test]
    fn facet_filters_and_counts() {
        let idx = fixture();
        let mut q = Query::default();
        q.filters.kind = vec![RepoKind::Model];
        let r = idx.search(&q).unwrap();
        assert_eq!(r.total, 3);
        let kinds = &r.facets["kind"];
        assert_eq!(
            kinds,
            &[FacetCount {
                value: "model".into(),
                count: 3
            }]
        );
        let lic = &r.facets["license"];
        assert_eq!(
            lic[0],
            FacetCount {
                value: "apache-2.0".into(),
                count: 2
            }
        );

        let mut q = Query::default();
        q.filters.global_south = Some(GlobalSouth::Yes);
        q.filters.region = vec!["africa".into()];
        let r = idx.search(&q).unwrap();
        assert_eq!(r.total, 2);
        assert_eq!(r.facets["owner_country"].len(), 2);

        let mut q = Query::default();
        q.filters.owner_country = vec!["fr".into(), "RU".into()];
        q.filters.task = vec!["text-classification".into()];
        let r = idx.search(&q).unwrap();
        assert_eq!(r.total, 2);
        let mut q = Query::text("translation");
        q.filters.license = vec!["mit".into()];
        q.filters.language = vec!["en".into()];
        q.filters.owner = vec!["waico".into()];
        let r = idx.search(&q).unwrap();
        assert_eq!(ids(&r), ["waico/eval-kit"]);

        let r = idx.search(&Query::default()).unwrap();
        assert_eq!(r.total, 6);
        let gs = &r.facets["global_south"];
        assert!(gs.contains(&FacetCount {
            value: "true".into(),
            count: 3
        }));
    }

    #[test]
    fn unknown_global_south_counts_neither_way() {
        let idx = fixture();
        let mut holy_see = doc(
            RepoKind::Dataset,
            "vatican-lib/latin-texts",
            "Latin texts",
            "Manuscripts",
        );
        holy_see.global_south = Some(GlobalSouth::Unknown);
        let mut no_country = doc(RepoKind::Tool, "alice/notes", "Notes", "Notes");
        no_country.global_south = None;
        idx.upsert(&holy_see).unwrap();
        idx.upsert(&no_country).unwrap();
        idx.commit().unwrap();
        let count = |g: GlobalSouth| {
            let mut q = Query::default();
            q.filters.global_south = Some(g);
            idx.search(&q).unwrap()
        };
        assert_eq!(
            ids(&count(GlobalSouth::Unknown)),
            ["vatican-lib/latin-texts"]
        );
        assert_eq!(count(GlobalSouth::Yes).total, 3);
        assert_eq!(count(GlobalSouth::No).total, 3);
        let all = idx.search(&Query::default()).unwrap();
        assert_eq!(all.total, 8);
        let facet = |v: &str| {
            all.facets["global_south"]
                .iter()
                .find(|f| f.value == v)
                .map(|f| f.count)
        };
        assert_eq!(facet("true"), Some(3));
        assert_eq!(facet("false"), Some(3));
        assert_eq!(facet("unknown"), Some(1));
    }

    #[test]
    fn sorting_and_pagination() {
        let idx = fixture();
        let mut q = Query {
            sort: Sort::Downloads,
            ..Query::default()
        };
        let r = idx.search(&q).unwrap();
        let dl: Vec<u64> = r.hits.iter().map(|h| h.doc.downloads).collect();
        assert_eq!(dl, [9000, 700, 500, 300, 100, 50]);
        q.sort = Sort::Recent;
        q.limit = 2;
        q.offset = 1;
        let r = idx.search(&q).unwrap();
        let t: Vec<i64> = r.hits.iter().map(|h| h.doc.updated_at).collect();
        assert_eq!(t, [50, 40]);
        assert_eq!(r.total, 6);
        assert_eq!(idx.newest_updated_at().unwrap(), Some(60));
        assert_eq!(
            SearchIndex::open_in_ram()
                .unwrap()
                .newest_updated_at()
                .unwrap(),
            None
        );
        // Relevance ranks scored hits; a text-less relevance query falls back to downloads.
        let r = idx.search(&Query::text("translation")).unwrap();
        assert!(r.hits.iter().all(|h| h.score.is_some()));
        assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn upsert_replaces_and_delete_removes() {
        let idx = fixture();
        let id = RepoId::parse("waico/eval-kit").unwrap();
        let mut d = doc(
            RepoKind::Tool,
            "waico/eval-kit",
            "Benchmark harness",
            "nothing else",
        );
        d.downloads = 1;
        idx.upsert(&d).unwrap();
        idx.commit().unwrap();
        assert_eq!(idx.num_docs(), 6);
        assert_eq!(idx.search(&Query::text("toolkit")).unwrap().total, 0);
        assert_eq!(idx.search(&Query::text("harness")).unwrap().total, 1);
        // Same id, other kind: a separate document.
        idx.upsert(&doc(RepoKind::Model, "waico/eval-kit", "harness model", ""))
            .unwrap();
        idx.delete(RepoKind::Tool, &id);
        idx.commit().unwrap();
        let r = idx.search(&Query::text("harness")).unwrap();
        assert_eq!(r.total, 1);
        assert_eq!(r.hits[0].doc.kind, RepoKind::Model);
        let bad = RepoDoc {
            owner_country: Some("FRA".into()),
            ..d
        };
        assert!(matches!(
            idx.upsert(&bad),
            Err(SearchError::InvalidDocument(_))
        ));
    }

    #[test]
    fn members_only_documents_match_only_when_included() {
        let idx = fixture();
        let mut secret = doc(
            RepoKind::Model,
            "nairobi/internal-asr",
            "Internal speech",
            "Speech recognition for members",
        );
        secret.members_only = true;
        secret.license = Some("members-licence".into());
        secret.downloads = 99_999;
        idx.upsert(&secret).unwrap();
        idx.commit().unwrap();
        assert_eq!(idx.num_docs(), 7, "members-only repositories are indexed");

        // Left out by default: with text, with filters, with neither, and in facets.
        let r = idx.search(&Query::text("speech")).unwrap();
        assert_eq!(ids(&r), ["nairobi/swahili-speech"]);
        let mut q = Query::default();
        q.filters.owner = vec!["nairobi".into()];
        assert_eq!(ids(&idx.search(&q).unwrap()), ["nairobi/swahili-speech"]);
        let r = idx.search(&Query::default()).unwrap();
        assert_eq!(r.total, 6);
        assert!(
            r.facets["license"]
                .iter()
                .all(|c| c.value != "members-licence")
        );
        assert_eq!(
            r.facets["owner"]
                .iter()
                .find(|c| c.value == "nairobi")
                .map(|c| c.count),
            Some(1)
        );

        // Found, and counted, when the query includes them.
        let mut q = Query::text("speech");
        q.filters.include_members_only = true;
        let r = idx.search(&q).unwrap();
        assert_eq!(r.total, 2);
        assert!(ids(&r).contains(&"nairobi/internal-asr".to_string()));
        let hit = r.hits.iter().find(|h| h.doc.members_only).unwrap();
        assert_eq!(hit.doc.id.to_string(), "nairobi/internal-asr");
        let mut q = Query {
            sort: Sort::Downloads,
            ..Query::default()
        };
        q.filters.include_members_only = true;
        let r = idx.search(&q).unwrap();
        assert_eq!(r.total, 7);
        assert_eq!(r.hits[0].doc.id.to_string(), "nairobi/internal-asr");
        assert!(r.facets["license"].contains(&FacetCount {
            value: "members-licence".into(),
            count: 1
        }));
        // Turned public, it is found by everyone.
        secret.members_only = false;
        idx.upsert(&secret).unwrap();
        idx.commit().unwrap();
        assert_eq!(idx.search(&Query::text("speech")).unwrap().total, 2);
    }

    #[test]
    fn an_index_of_another_schema_or_version_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not the index's").unwrap();
        // An index made with an older schema (no members_only field, no marker).
        {
            let mut b = Schema::builder();
            let key = b.add_text_field("key", STRING);
            b.add_text_field("stored", STORED);
            let old = Index::create_in_dir(dir.path(), b.build()).unwrap();
            let mut w: IndexWriter = old.writer_with_num_threads(1, 15_000_000).unwrap();
            let mut d = TantivyDocument::new();
            d.add_text(key, "model:old/doc");
            w.add_document(d).unwrap();
            w.commit().unwrap();
        }
        let idx = SearchIndex::open_in_dir(dir.path()).unwrap();
        assert_eq!(idx.num_docs(), 0, "the old index is gone");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(VERSION_FILE))
                .unwrap()
                .trim(),
            INDEX_VERSION.to_string()
        );
        idx.upsert(&doc(RepoKind::Model, "new/doc", "fresh", ""))
            .unwrap();
        idx.commit().unwrap();
        drop(idx);
        // Same version: kept.
        assert_eq!(SearchIndex::open_in_dir(dir.path()).unwrap().num_docs(), 1);
        // The current schema under another version marker: replaced too.
        std::fs::write(dir.path().join(VERSION_FILE), "1\n").unwrap();
        let idx = SearchIndex::open_in_dir(dir.path()).unwrap();
        assert_eq!(idx.num_docs(), 0);
        assert_eq!(idx.search(&Query::text("fresh")).unwrap().total, 0);
        drop(idx);
        // Other files in the folder are left alone.
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "not the index's"
        );
    }

    #[test]
    fn on_disk_rebuild_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let idx = SearchIndex::open_in_dir(dir.path()).unwrap();
            let card = parse_card(
                "---\nlicense: MIT\nlanguage: [es]\npipeline_tag: summarization\ntags: [noticias]\n---\n# Resumidor\n\nResume las **noticias** en español.\n",
            );
            let d = RepoDoc::new(RepoKind::Model, RepoId::parse("madrid/resumidor").unwrap())
                .with_card(&card);
            assert_eq!(d.task.as_deref(), Some("summarization"));
            assert_eq!(d.license.as_deref(), Some("mit"));
            let n = idx
                .rebuild(vec![d, doc(RepoKind::Model, "x/y", "other", "")])
                .unwrap();
            assert_eq!(n, 2);
        }
        let idx = SearchIndex::open_in_dir(dir.path()).unwrap();
        assert_eq!(idx.num_docs(), 2);
        let r = idx.search(&Query::text("noticia espanol")).unwrap();
        assert_eq!(ids(&r), ["madrid/resumidor"]);
        assert_eq!(r.hits[0].doc.title, "Resumidor");
        assert!(r.hits[0].doc.body.is_empty(), "body is not stored");
        idx.rebuild(std::iter::empty()).unwrap();
        assert_eq!(idx.num_docs(), 0);
    }
}
