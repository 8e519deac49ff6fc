//! Model and dataset cards: `README.md` files with YAML front matter in the
//! Hugging Face card format.
//!
//! [`parse_card`] never fails: it returns the metadata it could understand, the
//! Markdown body, and a list of [`CardProblem`]s (with the line number in the
//! file where one is known) for the page and the uploader to show.
//! [`render_markdown`] turns a body into sanitized HTML that is safe to embed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One thing wrong with a card. Problems never stop parsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardProblem {
    /// 1-based line number in the README file, where known.
    pub line: Option<usize>,
    /// Front-matter key concerned, if any.
    pub key: Option<String>,
    pub message: String,
}

/// The licence declared by a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum License {
    /// A valid SPDX licence expression, with identifiers in canonical case
    /// (e.g. `Apache-2.0`, `MIT OR Apache-2.0`).
    Spdx { expression: String },
    /// `license: other`, described by `license_name` and `license_link`.
    Other {
        name: Option<String>,
        link: Option<String>,
    },
}

impl License {
    /// Lowercase key used for facets and Hugging Face compatible listings
    /// (`apache-2.0`, `other`).
    pub fn key(&self) -> String {
        match self {
            License::Spdx { expression } => expression.to_ascii_lowercase(),
            License::Other { .. } => "other".to_string(),
        }
    }
}

/// The metadata of a card's front matter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CardMetadata {
    pub license: Option<License>,
    /// ISO 639 codes (optionally with BCP 47 subtags such as `zh-Hans`), or `multilingual`.
    pub language: Vec<String>,
    pub tags: Vec<String>,
    pub datasets: Vec<String>,
    pub base_model: Vec<String>,
    pub pipeline_tag: Option<String>,
    pub library_name: Option<String>,
    /// `model-index` evaluation results, kept as given.
    pub model_index: Option<Value>,
    pub task_categories: Vec<String>,
    pub size_categories: Vec<String>,
    pub pretty_name: Option<String>,
    /// Every other front-matter key, kept as given.
    pub extra: BTreeMap<String, Value>,
}

impl CardMetadata {
    /// The tags a Hugging Face hub lists for a repository with this card,
    /// and that its `filter=` parameter matches: the card's `tags`, plus
    /// for models the library, languages, task, `dataset:…`, `base_model:…`
    /// and `license:…`; for datasets `task_categories:…`, `language:…`,
    /// `size_categories:…`, the other dataset-card list keys as `key:value`,
    /// and `license:…`. In card order, without repeats.
    pub fn hub_tags(&self, kind: crate::repo::RepoKind) -> Vec<String> {
        use crate::repo::RepoKind;
        let mut tags: Vec<String> = Vec::new();
        let prefixed = |key: &str, values: &[String]| -> Vec<String> {
            values.iter().map(|v| format!("{key}:{v}")).collect()
        };
        match kind {
            RepoKind::Model => {
                tags.extend(self.library_name.clone());
                tags.extend(self.tags.iter().cloned());
                tags.extend(self.language.iter().cloned());
                tags.extend(self.pipeline_tag.clone());
                tags.extend(prefixed("dataset", &self.datasets));
                tags.extend(prefixed("base_model", &self.base_model));
            }
            RepoKind::Dataset => {
                tags.extend(self.tags.iter().cloned());
                tags.extend(prefixed("task_categories", &self.task_categories));
                for key in ["task_ids", "multilinguality", "language_creators"] {
                    let values: Vec<String> = match self.extra.get(key) {
                        Some(Value::String(s)) => vec![s.clone()],
                        Some(Value::Array(a)) => a
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect(),
                        _ => Vec::new(),
                    };
                    tags.extend(prefixed(key, &values));
                }
                tags.extend(prefixed("language", &self.language));
                tags.extend(prefixed("size_categories", &self.size_categories));
            }
            RepoKind::Tool => {
                tags.extend(self.tags.iter().cloned());
                tags.extend(self.language.iter().cloned());
                tags.extend(self.pipeline_tag.clone());
            }
        }
        if let Some(license) = &self.license {
            tags.push(format!("license:{}", license.key()));
        }
        let mut seen = std::collections::HashSet::new();
        tags.retain(|t| !t.is_empty() && seen.insert(t.clone()));
        tags
    }
}

/// A parsed card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub metadata: CardMetadata,
    /// The Markdown after the front matter.
    pub body: String,
    /// 1-based line of the README where `body` starts.
    pub body_line: usize,
    pub problems: Vec<CardProblem>,
}

/// Pipeline tags (tasks) accepted for `pipeline_tag` and `task_categories`,
/// following the Hugging Face task list.
pub const PIPELINE_TAGS: &[&str] = &[
    "text-classification",
    "token-classification",
    "table-question-answering",
    "question-answering",
    "zero-shot-classification",
    "translation",
    "summarization",
    "feature-extraction",
    "text-generation",
    "text2text-generation",
    "fill-mask",
    "sentence-similarity",
    "text-ranking",
    "text-retrieval",
    "text-to-speech",
    "text-to-audio",
    "automatic-speech-recognition",
    "audio-to-audio",
    "audio-classification",
    "audio-text-to-text",
    "voice-activity-detection",
    "depth-estimation",
    "image-classification",
    "object-detection",
    "image-segmentation",
    "text-to-image",
    "image-to-text",
    "image-to-image",
    "image-to-video",
    "unconditional-image-generation",
    "video-classification",
    "reinforcement-learning",
    "robotics",
    "tabular-classification",
    "tabular-regression",
    "tabular-to-text",
    "table-to-text",
    "multiple-choice",
    "time-series-forecasting",
    "text-to-video",
    "image-text-to-text",
    "visual-question-answering",
    "document-question-answering",
    "zero-shot-image-classification",
    "graph-ml",
    "mask-generation",
    "zero-shot-object-detection",
    "text-to-3d",
    "image-to-3d",
    "image-feature-extraction",
    "video-text-to-text",
    "keypoint-detection",
    "visual-document-retrieval",
    "any-to-any",
    "video-to-video",
    "other",
];

/// Values accepted in a dataset's `size_categories`.
pub const SIZE_CATEGORIES: &[&str] = &[
    "n<1K",
    "1K<n<10K",
    "10K<n<100K",
    "100K<n<1M",
    "1M<n<10M",
    "10M<n<100M",
    "100M<n<1B",
    "1B<n<10B",
    "10B<n<100B",
    "100B<n<1T",
    "n>1T",
];

/// ISO 639-1 two-letter language codes.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce \
ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he \
hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw \
ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj \
om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta \
te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// Whether `code` is an acceptable `language` value: an ISO 639-1 code from
/// the list, or a three-letter ISO 639-2/3 code (checked for shape only),
/// optionally followed by BCP 47 subtags (`zh-Hans`, `pt-BR`); or the special
/// values `multilingual` and `code`.
pub fn is_valid_language(code: &str) -> bool {
    if code == "multilingual" || code == "code" {
        return true;
    }
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    let primary_ok = match primary.len() {
        2 => ISO_639_1.split(' ').any(|c| c == primary),
        3 => primary.bytes().all(|b| b.is_ascii_lowercase()),
        _ => false,
    };
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Resolves an SPDX expression with case-insensitive identifiers
/// (`apache-2.0` → `Apache-2.0`). Returns `None` when it is not valid SPDX.
pub fn canonical_spdx(expr: &str) -> Option<String> {
    let spaced = expr.replace('(', " ( ").replace(')', " ) ");
    let mut out = Vec::new();
    for word in spaced.split_whitespace() {
        let upper = word.to_ascii_uppercase();
        if matches!(upper.as_str(), "AND" | "OR" | "WITH" | "(" | ")") {
            out.push(upper);
            continue;
        }
        let (base, plus) = match word.strip_suffix('+') {
            Some(b) => (b, "+"),
            None => (word, ""),
        };
        let lic = spdx::identifiers::LICENSES
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(base))
            .map(|l| l.name);
        let exc = spdx::identifiers::EXCEPTIONS
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(base))
            .map(|e| e.name);
        match lic.or(exc) {
            Some(name) => out.push(format!("{name}{plus}")),
            None => return None,
        }
    }
    let joined = out.join(" ").replace("( ", "(").replace(" )", ")");
    let mode = spdx::ParseMode {
        allow_deprecated: true,
        ..spdx::ParseMode::STRICT
    };
    spdx::Expression::parse_mode(&joined, mode).ok()?;
    Some(joined)
}

/// Splits a README into (front matter, body, body start line).
/// The front matter is the text between a first line `---` and the next line
/// `---` (or `...`).
fn split_front_matter(text: &str) -> (Option<&str>, &str, usize, bool) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return (None, text, 1, false);
    }
    let mut pos = first_end;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(text.len());
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            return (Some(&text[first_end..pos]), &text[end..], line + 1, false);
        }
        pos = end;
        line += 1;
    }
    // Opening marker without a closing one: everything is body.
    (None, text, 1, true)
}

fn yaml_to_json(v: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

fn yaml_key(k: serde_norway::Value) -> String {
    match yaml_to_json(k) {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

struct Ctx<'a> {
    front: &'a str,
    problems: Vec<CardProblem>,
}

impl Ctx<'_> {
    /// README line of a top-level key (front matter starts on line 2).
    fn key_line(&self, key: &str) -> Option<usize> {
        self.front
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map(|i| i + 2)
    }

    fn problem(&mut self, key: &str, message: String) {
        let line = self.key_line(key);
        self.problems.push(CardProblem {
            line,
            key: Some(key.to_string()),
            message,
        });
    }

    /// A string, or `None` with a problem.
    fn string(&mut self, key: &str, v: Value) -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Null => None,
            other => {
                self.problem(key, format!("`{key}` must be a string, found {other}"));
                None
            }
        }
    }

    /// A string or a list of strings; non-strings are reported and dropped.
    fn strings(&mut self, key: &str, v: Value) -> Vec<String> {
        let items = match v {
            Value::Null => return Vec::new(),
            Value::Array(items) => items,
            single => vec![single],
        };
        let mut out = Vec::new();
        for item in items {
            match item {
                Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                // YAML turns `no` into a boolean in some dialects; numbers may be years.
                Value::Number(n) => out.push(n.to_string()),
                other => self.problem(
                    key,
                    format!("`{key}` must be a string or a list of strings, found {other}"),
                ),
            }
        }
        out
    }
}

/// Parses a README with optional YAML front matter. Never fails.
pub fn parse_card(text: &str) -> Card {
    let (front, body, body_line, unclosed) = split_front_matter(text);
    let mut card = Card {
        body: body.to_string(),
        body_line,
        ..Card::default()
    };
    if unclosed {
        card.problems.push(CardProblem {
            line: Some(1),
            key: None,
            message: "front matter starts with `---` but is never closed".into(),
        });
    }
    let Some(front) = front else {
        return card;
    };
    let mut ctx = Ctx {
        front,
        problems: card.problems,
    };
    let parsed: Result<serde_norway::Value, _> = if front.trim().is_empty() {
        Ok(serde_norway::Value::Null)
    } else {
        serde_norway::from_str(front)
    };
    let map = match parsed {
        Ok(serde_norway::Value::Null) => serde_json::Map::new(),
        Ok(v) => match yaml_to_json(v) {
            Value::Object(m) => m,
            _ => {
                ctx.problems.push(CardProblem {
                    line: Some(2),
                    key: None,
                    message: "front matter must be a YAML mapping of keys to values".into(),
                });
                serde_json::Map::new()
            }
        },
        Err(e) => {
            ctx.problems.push(CardProblem {
                line: e.location().map(|l| l.line() + 1),
                key: None,
                message: format!("front matter is not valid YAML: {e}"),
            });
            serde_json::Map::new()
        }
    };
    let mut meta = CardMetadata::default();
    let mut license_raw = None;
    let mut license_name = None;
    let mut license_link = None;
    for (key, value) in map {
        match key.as_str() {
            "license" => license_raw = ctx.string(&key, value),
            "license_name" => license_name = ctx.string(&key, value),
            "license_link" => license_link = ctx.string(&key, value),
            "language" => {
                for code in ctx.strings(&key, value) {
                    if is_valid_language(&code) {
                        meta.language.push(code);
                    } else {
                        ctx.problem(&key, format!("`{code}` is not an ISO 639 language code"));
                    }
                }
            }
            "tags" => meta.tags = ctx.strings(&key, value),
            "datasets" => meta.datasets = ctx.strings(&key, value),
            "base_model" => meta.base_model = ctx.strings(&key, value),
            "library_name" => meta.library_name = ctx.string(&key, value),
            "pretty_name" => meta.pretty_name = ctx.string(&key, value),
            "pipeline_tag" => {
                if let Some(tag) = ctx.string(&key, value) {
                    if PIPELINE_TAGS.contains(&tag.as_str()) {
                        meta.pipeline_tag = Some(tag);
                    } else {
                        ctx.problem(&key, format!("`{tag}` is not a known pipeline tag"));
                    }
                }
            }
            "task_categories" => {
                for tag in ctx.strings(&key, value) {
                    if PIPELINE_TAGS.contains(&tag.as_str()) {
                        meta.task_categories.push(tag);
                    } else {
                        ctx.problem(&key, format!("`{tag}` is not a known task category"));
                    }
                }
            }
            "size_categories" => {
                for size in ctx.strings(&key, value) {
                    if SIZE_CATEGORIES.contains(&size.as_str()) {
                        meta.size_categories.push(size);
                    } else {
                        ctx.problem(
                            &key,
                            format!("`{size}` is not a size category such as 1K<n<10K"),
                        );
                    }
                }
            }
            "model-index" => {
                if !value.is_array() {
                    ctx.problem(
                        &key,
                        "`model-index` should be a list of models with results".into(),
                    );
                }
                meta.model_index = Some(value);
            }
            _ => {
                meta.extra.insert(key, value);
            }
        }
    }
    match license_raw {
        Some(l) if l.eq_ignore_ascii_case("other") => {
            if license_name.is_none() || license_link.is_none() {
                ctx.problem(
                    "license",
                    "`license: other` requires `license_name` and `license_link`".into(),
                );
            }
            meta.license = Some(License::Other {
                name: license_name,
                link: license_link,
            });
        }
        Some(l) => {
            match canonical_spdx(&l) {
                Some(expression) => meta.license = Some(License::Spdx { expression }),
                None => ctx.problem(
                    "license",
                    format!(
                        "`{l}` is not an SPDX licence identifier; use `other` with `license_name` and `license_link`"
                    ),
                ),
            }
            for (k, v) in [
                ("license_name", license_name),
                ("license_link", license_link),
            ] {
                if let Some(v) = v {
                    meta.extra.insert(k.to_string(), Value::String(v));
                }
            }
        }
        None => {
            if license_name.is_some() || license_link.is_some() {
                ctx.problem(
                    "license_name",
                    "`license_name`/`license_link` given without `license: other`".into(),
                );
            }
        }
    }
    card.metadata = meta;
    card.problems = ctx.problems;
    card
}

impl Card {
    /// `pretty_name` if set, otherwise the text of the first heading of the body.
    pub fn title(&self) -> Option<String> {
        if let Some(name) = &self.metadata.pretty_name {
            return Some(name.clone());
        }
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        let mut in_heading = false;
        let mut text = String::new();
        for event in Parser::new(&self.body) {
            match event {
                Event::Start(Tag::Heading { .. }) => in_heading = true,
                Event::End(TagEnd::Heading(_)) => {
                    let t = text.trim();
                    return (!t.is_empty()).then(|| t.to_string());
                }
                Event::Text(t) | Event::Code(t) if in_heading => text.push_str(&t),
                _ => {}
            }
        }
        None
    }

    /// Plain text of the first paragraph, cut at `max_chars` characters.
    pub fn summary(&self, max_chars: usize) -> String {
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        let mut in_para = false;
        let mut text = String::new();
        for event in Parser::new(&self.body) {
            match event {
                Event::Start(Tag::Paragraph) => in_para = true,
                Event::End(TagEnd::Paragraph) if !text.trim().is_empty() => break,
                Event::Text(t) | Event::Code(t) if in_para => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak if in_para => text.push(' '),
                _ => {}
            }
        }
        text.trim().chars().take(max_chars).collect()
    }
}

/// Lists and block quotes deeper than this are shown flattened: their
/// text stays, their boxes go. Deep nesting is what makes sanitizing cost
/// (every element is checked against its open ancestors): 40 KB of nested
/// list markers took seconds before this bound.
pub const MAX_CARD_NESTING: usize = 12;
/// Markdown events rendered at most; the rest of a longer card is left out.
pub const MAX_CARD_EVENTS: usize = 200_000;

/// Renders Markdown (CommonMark with tables, strikethrough, task lists and
/// footnotes; raw HTML allowed) to HTML, then sanitizes it with a whitelist:
/// no `<script>`, `<style>`, `<iframe>`, forms, event handler attributes or
/// `javascript:`/`data:` URLs; links get `rel="noopener noreferrer nofollow"`.
/// Bounded: lists and quotes nest at most [`MAX_CARD_NESTING`] deep and at
/// most [`MAX_CARD_EVENTS`] events are rendered.
pub fn render_markdown(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_FOOTNOTES);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    // For each open container: whether it is shown.
    let mut open: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, options)
        .take(MAX_CARD_EVENTS)
        .filter(|event| match event {
            Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_)) => {
                let shown = open.len() < MAX_CARD_NESTING;
                open.push(shown);
                shown
            }
            Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                open.pop().unwrap_or(true)
            }
            // A task box of a flattened item has no list to sit in.
            Event::TaskListMarker(_) => open.last().copied().unwrap_or(true),
            _ => true,
        });
    html::push_html(&mut raw, events);
    sanitizer().clean(&raw).to_string()
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("th", ["align", "style"])
        .add_tag_attributes("td", ["align", "style"])
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // Task-list boxes only: no text inputs that could mimic a login form.
            ("input", "type") => (value == "checkbox").then_some(value.into()),
            // pulldown-cmark writes `class="language-rust"` on code blocks.
            ("code", "class") => value
                .split_whitespace()
                .all(|c| {
                    c.starts_with("language-")
                        && c.bytes().all(|b| {
                            b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'+'
                        })
                })
                .then_some(value.into()),
            // Only table alignment styles survive.
            ("th" | "td", "style") => matches!(
                value,
                "text-align: left" | "text-align: center" | "text-align: right"
            )
            .then_some(value.into()),
            _ => Some(value.into()),
        });
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `- - - … x` lines, deeper and deeper: the README that cost 6 s a
    /// view at 40 KB and 25 s at 80 KB.
    fn nested_lists(bytes: usize) -> String {
        let mut s = String::new();
        let mut i = 0;
        while s.len() < bytes {
            s.push_str(&"- ".repeat(i % 400 + 1));
            s.push_str("x\n");
            i += 1;
        }
        s
    }

    #[test]
    fn deeply_nested_cards_render_bounded_in_depth_size_and_time() {
        let md = nested_lists(80 * 1024);
        let started = std::time::Instant::now();
        let html = render_markdown(&md);
        let took = started.elapsed();
        // Unbounded, this README made 890 KB of HTML nested 400 deep.
        let (mut depth, mut deepest, mut rest) = (0usize, 0usize, html.as_str());
        while let Some(at) = rest.find("ul>") {
            if rest[..at].ends_with("</") {
                depth -= 1;
            } else if rest[..at].ends_with('<') {
                depth += 1;
                deepest = deepest.max(depth);
            }
            rest = &rest[at + 3..];
        }
        assert!(deepest <= MAX_CARD_NESTING, "nested {deepest} deep");
        assert!(html.len() < 400 * 1024, "{} bytes of HTML", html.len());
        assert!(
            html.matches('x').count() >= md.lines().count(),
            "the text of every line stays"
        );
        // Seconds before (25 s for 80 KB); well under one now, even unoptimised.
        assert!(took < std::time::Duration::from_secs(3), "took {took:?}");
        // Shallow lists are untouched.
        assert_eq!(
            render_markdown("- a\n  - b\n"),
            "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n"
        );
    }

    const MODEL_CARD: &str = "---
license: apache-2.0
language:
  - ar
  - zh
  - en
tags: [translation, un]
datasets: waico/un-corpus
base_model: waico/base-7b
pipeline_tag: translation
library_name: transformers
model-index:
  - name: waico-mt
    results:
      - task: {type: translation}
        metrics:
          - {type: bleu, value: 41.2}
thumbnail: https://example.org/t.png
---
# WAICO MT

A translation model for the six UN languages.

| lang | bleu |
|------|------|
| ar   | 40   |
";

    #[test]
    fn hub_tags_follow_the_hub_conventions_per_kind() {
        use crate::repo::RepoKind;
        let model = parse_card(MODEL_CARD).metadata;
        assert_eq!(
            model.hub_tags(RepoKind::Model),
            [
                "transformers",
                // "translation" is both a tag and the task: listed once.
                "translation",
                "un",
                "ar",
                "zh",
                "en",
                "dataset:waico/un-corpus",
                "base_model:waico/base-7b",
                "license:apache-2.0",
            ]
        );
        let dataset = parse_card(
            "---\nlicense: cc-by-4.0\nlanguage: [sw, en]\ntask_categories: [translation]\n\
             size_categories: [10K<n<100K]\nmultilinguality: multilingual\ntags: [news]\n---\n# News\n",
        )
        .metadata;
        assert_eq!(
            dataset.hub_tags(RepoKind::Dataset),
            [
                "news",
                "task_categories:translation",
                "multilinguality:multilingual",
                "language:sw",
                "language:en",
                "size_categories:10K<n<100K",
                "license:cc-by-4.0",
            ]
        );
        assert!(CardMetadata::default().hub_tags(RepoKind::Tool).is_empty());
    }

    #[test]
    fn parses_model_card() {
        let card = parse_card(MODEL_CARD);
        assert!(card.problems.is_empty(), "{:?}", card.problems);
        let m = &card.metadata;
        assert_eq!(
            m.license,
            Some(License::Spdx {
                expression: "Apache-2.0".into()
            })
        );
        assert_eq!(m.license.as_ref().unwrap().key(), "apache-2.0");
        assert_eq!(m.language, ["ar", "zh", "en"]);
        assert_eq!(m.tags, ["translation", "un"]);
        assert_eq!(m.datasets, ["waico/un-corpus"]);
        assert_eq!(m.base_model, ["waico/base-7b"]);
        assert_eq!(m.pipeline_tag.as_deref(), Some("translation"));
        assert_eq!(m.library_name.as_deref(), Some("transformers"));
        let mi = m.model_index.as_ref().unwrap();
        assert_eq!(mi[0]["results"][0]["metrics"][0]["value"], 41.2);
        assert_eq!(
            m.extra.get("thumbnail").and_then(Value::as_str),
            Some("https://example.org/t.png")
        );
        assert_eq!(card.body_line, 20);
        assert!(card.body.starts_with("# WAICO MT"));
        assert_eq!(card.title().as_deref(), Some("WAICO MT"));
        assert_eq!(
            card.summary(200),
            "A translation model for the six UN languages."
        );
        assert_eq!(card.summary(13), "A translation");
    }

    #[test]
    fn parses_dataset_card() {
        let card = parse_card(
            "---\nlicense: cc-by-4.0\nlanguage: fr\ntask_categories:\n- text-classification\nsize_categories:\n- 10K<n<100K\npretty_name: Corpus\n---\nBody\n",
        );
        assert!(card.problems.is_empty(), "{:?}", card.problems);
        assert_eq!(card.metadata.language, ["fr"]);
        assert_eq!(card.metadata.task_categories, ["text-classification"]);
        assert_eq!(card.metadata.size_categories, ["10K<n<100K"]);
        assert_eq!(card.title().as_deref(), Some("Corpus"));
        assert_eq!(card.metadata.license.unwrap().key(), "cc-by-4.0");
    }

    #[test]
    fn no_front_matter_is_fine() {
        let card = parse_card("# Hello\n\nJust text.\n");
        assert!(card.problems.is_empty());
        assert_eq!(card.metadata, CardMetadata::default());
        assert_eq!(card.body_line, 1);
        assert_eq!(card.body, "# Hello\n\nJust text.\n");
    }

    #[test]
    fn reports_problems_with_lines() {
        let card = parse_card(
            "---\ntags: [a]\nlicense: not-a-licence\nlanguage: [en, xx-yy-zz-toolongsubtag, q]\npipeline_tag: text-generator\nsize_categories: huge\n---\nbody",
        );
        let lines: Vec<_> = card
            .problems
            .iter()
            .map(|p| (p.key.as_deref().unwrap_or(""), p.line))
            .collect();
        assert!(lines.contains(&("license", Some(3))), "{lines:?}");
        assert!(lines.contains(&("language", Some(4))), "{lines:?}");
        assert!(lines.contains(&("pipeline_tag", Some(5))), "{lines:?}");
        assert!(lines.contains(&("size_categories", Some(6))), "{lines:?}");
        assert_eq!(
            card.problems
                .iter()
                .filter(|p| p.key.as_deref() == Some("language"))
                .count(),
            2
        );
        assert_eq!(card.metadata.language, ["en"]);
        assert!(card.metadata.license.is_none());
        assert!(card.metadata.pipeline_tag.is_none());
        assert_eq!(card.metadata.tags, ["a"]);
    }

    #[test]
    fn license_other_needs_name_and_link() {
        let card = parse_card("---\nlicense: other\n---\n");
        assert_eq!(card.problems.len(), 1);
        assert_eq!(card.problems[0].line, Some(2));
        let card = parse_card(
            "---\nlicense: other\nlicense_name: waico-open\nlicense_link: LICENSE.md\n---\n",
        );
        assert!(card.problems.is_empty());
        assert_eq!(
            card.metadata.license,
            Some(License::Other {
                name: Some("waico-open".into()),
                link: Some("LICENSE.md".into())
            })
        );
    }

    #[test]
    fn spdx_expressions() {
        assert_eq!(canonical_spdx("mit").as_deref(), Some("MIT"));
        assert_eq!(
            canonical_spdx("mit or apache-2.0").as_deref(),
            Some("MIT OR Apache-2.0")
        );
        assert_eq!(
            canonical_spdx("(MIT OR Apache-2.0) AND bsd-3-clause").as_deref(),
            Some("(MIT OR Apache-2.0) AND BSD-3-Clause")
        );
        assert_eq!(
            canonical_spdx("gpl-2.0-or-later WITH classpath-exception-2.0").as_deref(),
            Some("GPL-2.0-or-later WITH Classpath-exception-2.0")
        );
        assert!(canonical_spdx("openrail-unknown").is_none());
        assert!(canonical_spdx("MIT OR").is_none());
    }

    #[test]
    fn broken_yaml_is_a_problem_not_a_failure() {
        let card = parse_card("---\nlicense: mit\ntags: [a, b\n---\n# Body\n");
        assert_eq!(card.problems.len(), 1);
        assert!(card.problems[0].message.contains("YAML"));
        assert!(card.problems[0].line.is_some_and(|l| l >= 3));
        assert_eq!(card.body, "# Body\n");

        let card = parse_card("---\n- a\n- b\n---\n");
        assert_eq!(card.problems.len(), 1);
        let card = parse_card("---\nlicense: mit\nno end\n");
        assert_eq!(card.problems.len(), 1);
        assert!(card.body.starts_with("---"));
    }

    #[test]
    fn languages() {
        for ok in ["ar", "zh", "zh-Hans", "pt-BR", "yue", "multilingual"] {
            assert!(is_valid_language(ok), "{ok}");
        }
        for bad in ["", "xx", "english", "EN", "e", "en_US", "zh-"] {
            assert!(!is_valid_language(bad), "{bad}");
        }
    }

    #[test]
    fn renders_tables_and_tasks() {
        let html = render_markdown(
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~\n\n```rust\nfn x() {}\n```\n",
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<td"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("class=\"language-rust\""), "{html}");
    }

    #[test]
    fn sanitizes_xss() {
        let attacks = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "<a href=\"javascript&colon;alert(1)\">x</a>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<svg onload=alert(1)><circle/></svg>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div style=\"background:url(javascript:alert(1))\" onclick=\"alert(1)\">x</div>",
            "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<form action=\"https://evil.example\"><input type=\"password\" name=p></form>",
            "<details open ontoggle=alert(1)>x</details>",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<style>body{display:none}</style>",
            "```\n</code><script>alert(1)</script>\n```",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        ];
        for attack in attacks {
            let html = render_markdown(attack).to_ascii_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onload",
                "onclick",
                "ontoggle",
                "javascript:",
                "vbscript:",
                "<iframe",
                "<form",
                "<style",
                "data:text",
                "type=\"password\"",
                "<svg",
            ] {
                assert!(!html.contains(bad), "{attack:?} -> {html:?} contains {bad}");
            }
        }
        let html = render_markdown("[ok](https://waico.org)");
        assert!(html.contains("href=\"https://waico.org\""), "{html}");
        assert!(
            html.contains("rel=\"noopener noreferrer nofollow\""),
            "{html}"
        );
        let html = render_markdown("<b>bold</b> and <em>em</em>");
        assert!(html.contains("<b>bold</b>"));
    }
}
