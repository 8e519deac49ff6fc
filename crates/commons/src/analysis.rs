//! The multilingual text analyzer used by search for every text field.
//!
//! Text is split into runs of one script, and each run is analysed by the
//! rules of that script, so mixed-language text ("WAICO 机器翻译 للترجمة
//! traduction") works in one field:
//!
//! * **Han** runs are segmented into words with jieba (search mode at index
//!   time, so a long word also yields its shorter words; plain mode at query
//!   time).
//! * **Arabic** runs: diacritics (tashkeel) and tatweel removed, alef forms
//!   unified, ta marbuta → ha, alef maqsura → ya, Persian kaf/ya unified,
//!   Arabic-Indic digits → ASCII; then light stemming strips the definite
//!   article (with its و ب ك ف ل proclitics) and one common suffix.
//! * **Cyrillic** runs: lowercased, ё → е, Russian Snowball stem.
//! * **Other letters and digits** (Latin and the rest): lowercased,
//!   ASCII-folded, and, for pure a–z words, stemmed with the English, French
//!   and Spanish Snowball stemmers.
//!
//! A token may have several *variants* (the folded word and its stems) at the
//! same position; the search module ORs variants of one position together,
//! so a French query word matches its English-stemmed twin only when a stem
//! agrees.

use std::sync::OnceLock;

use frostem::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Index-time or query-time analysis (they differ only in Chinese segmentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Index,
    Query,
}

/// Longest token kept, in bytes; longer runs are noise (hashes, base64).
const MAX_TOKEN_BYTES: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Han,
    Arabic,
    Cyrillic,
    Other,
}

fn is_arabic_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}' | '\u{066B}' | '\u{066C}' | '\u{06D4}'
    )
}

fn script_of(c: char) -> Option<Script> {
    let u = c as u32;
    if matches!(u, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2EBEF)
        || c == '\u{3007}'
    {
        Some(Script::Han)
    } else if matches!(u, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
    {
        (!is_arabic_punctuation(c)).then_some(Script::Arabic)
    } else if matches!(u, 0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F) {
        Some(Script::Cyrillic)
    } else if c.is_alphanumeric() {
        Some(Script::Other)
    } else {
        None
    }
}

fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// Arabic orthographic normalization (see the module doc).
pub fn normalize_arabic(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfkc() {
        match c {
            // tashkeel, superscript alef, Quranic annotation marks, tatweel
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ة' => out.push('ه'),
            'ى' | 'ی' => out.push('ي'),
            'ک' => out.push('ك'),
            '\u{0660}'..='\u{0669}' => {
                out.push(char::from(b'0' + (c as u32 - 0x0660) as u8));
            }
            '\u{06F0}'..='\u{06F9}' => {
                out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8));
            }
            _ => out.push(c),
        }
    }
    out
}

/// Definite article with its proclitics, longest first.
const ARABIC_PREFIXES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];
/// Common suffixes (after normalization, so ة is already ه), longest first.
const ARABIC_SUFFIXES: [&str; 8] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// Light stemmer for a *normalized* Arabic word: strips one article prefix
/// (keeping at least 2 letters) and then one suffix (keeping at least 3).
pub fn stem_arabic(normalized: &str) -> String {
    let len = |s: &str| s.chars().count();
    let mut word = normalized;
    for prefix in ARABIC_PREFIXES {
        if let Some(rest) = word.strip_prefix(prefix)
            && len(rest) >= 2
        {
            word = rest;
            break;
        }
    }
    for suffix in ARABIC_SUFFIXES {
        if let Some(rest) = word.strip_suffix(suffix)
            && len(rest) >= 3
        {
            word = rest;
            break;
        }
    }
    word.to_string()
}

/// Lowercase and fold to ASCII where a Latin letter has a plain base letter
/// (é → e, ß → ss, œ → oe). Letters of other scripts are kept lowercased.
pub fn fold_latin(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            _ => {
                let base: String = std::iter::once(c)
                    .nfkd()
                    .filter(|d| !is_combining_mark(*d))
                    .collect();
                if !base.is_empty() && base.is_ascii() {
                    out.push_str(&base);
                } else if !is_combining_mark(c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

struct Emitter<'t> {
    tokens: &'t mut Vec<Token>,
    position: usize,
}

impl Emitter<'_> {
    /// Pushes the distinct non-empty variants at one new position.
    fn emit(&mut self, from: usize, to: usize, variants: &[&str]) {
        let start = self.tokens.len();
        for v in variants {
            if v.is_empty() || v.len() > MAX_TOKEN_BYTES {
                continue;
            }
            if self.tokens[start..].iter().any(|t| t.text == *v) {
                continue;
            }
            self.tokens.push(Token {
                offset_from: from,
                offset_to: to,
                position: self.position,
                text: (*v).to_string(),
                position_length: 1,
            });
        }
        if self.tokens.len() > start {
            self.position += 1;
        }
    }
}

fn analyze_run(script: Script, run: &str, base: usize, mode: Mode, out: &mut Emitter<'_>) {
    match script {
        Script::Han => {
            let words = match mode {
                Mode::Index => jieba().cut_for_search(run, true),
                Mode::Query => jieba().cut(run, true),
            };
            for w in words {
                out.emit(base + w.byte_start, base + w.byte_end, &[w.word]);
            }
        }
        Script::Arabic => {
            let normalized = normalize_arabic(run);
            let stem = stem_arabic(&normalized);
            out.emit(base, base + run.len(), &[&normalized, &stem]);
        }
        Script::Cyrillic => {
            let lower: String = run
                .chars()
                .flat_map(char::to_lowercase)
                .filter(|c| !is_combining_mark(*c))
                .map(|c| if c == 'ё' { 'е' } else { c })
                .collect();
            let stem = Stemmer::new(Algorithm::Russian).stem(&lower).into_owned();
            out.emit(base, base + run.len(), &[&lower, &stem]);
        }
        Script::Other => {
            let folded = fold_latin(run);
            if folded.len() > 2 && folded.bytes().all(|b| b.is_ascii_lowercase()) {
                let en = Stemmer::new(Algorithm::English).stem(&folded).into_owned();
                let fr = Stemmer::new(Algorithm::French).stem(&folded).into_owned();
                let es = Stemmer::new(Algorithm::Spanish).stem(&folded).into_owned();
                out.emit(base, base + run.len(), &[&folded, &en, &fr, &es]);
            } else {
                out.emit(base, base + run.len(), &[&folded]);
            }
        }
    }
}

/// Analyses `text` into tokens; tokens sharing a `position` are variants.
pub fn analyze(text: &str, mode: Mode) -> Vec<Token> {
    let mut tokens = Vec::new();
    analyze_into(text, mode, &mut tokens);
    tokens
}

fn analyze_into(text: &str, mode: Mode, tokens: &mut Vec<Token>) {
    let mut out = Emitter {
        tokens,
        position: 0,
    };
    let mut run: Option<(Script, usize)> = None;
    for (i, c) in text.char_indices() {
        // Combining marks continue whatever run they follow.
        if run.is_some() && is_combining_mark(c) {
            continue;
        }
        let script = script_of(c);
        match (run, script) {
            (Some((current, _)), Some(s)) if current == s => {}
            (Some((current, start)), _) => {
                analyze_run(current, &text[start..i], start, mode, &mut out);
                run = script.map(|s| (s, i));
            }
            (None, s) => run = s.map(|s| (s, i)),
        }
    }
    if let Some((script, start)) = run {
        analyze_run(script, &text[start..], start, mode, &mut out);
    }
}

/// Groups the variants of each position of the query-mode analysis.
pub fn query_terms(text: &str) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut last = usize::MAX;
    for t in analyze(text, Mode::Query) {
        if t.position != last {
            groups.push(Vec::new());
            last = t.position;
        }
        if let Some(g) = groups.last_mut() {
            g.push(t.text);
        }
    }
    groups
}

/// The analyzer as a tantivy tokenizer (register it under [`TOKENIZER_NAME`]).
#[derive(Debug, Clone)]
pub struct MultilingualTokenizer {
    mode: Mode,
}

/// Name under which the index-mode tokenizer is registered.
pub const TOKENIZER_NAME: &str = "waico_multilingual";

impl MultilingualTokenizer {
    pub fn new(mode: Mode) -> Self {
        MultilingualTokenizer { mode }
    }
}

/// Token stream over a precomputed token list.
pub struct AnalyzedStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for AnalyzedStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next.saturating_sub(1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self.next.saturating_sub(1);
        &mut self.tokens[i]
    }
}

impl Tokenizer for MultilingualTokenizer {
    type TokenStream<'a> = AnalyzedStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AnalyzedStream {
        AnalyzedStream {
            tokens: analyze(text, self.mode),
            next: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, mode: Mode) -> Vec<String> {
        analyze(text, mode).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn arabic_normalization() {
        assert_eq!(normalize_arabic("تَرْجَمَة"), "ترجمه");
        assert_eq!(normalize_arabic("أحمد إلى آخر ٱلله"), "احمد الي اخر الله");
        assert_eq!(normalize_arabic("عـــربي"), "عربي");
        assert_eq!(normalize_arabic("٢٠٢٤"), "2024");
    }

    #[test]
    fn arabic_light_stem() {
        for w in [
            "الترجمة",
            "ترجمة",
            "تَرْجَمَة",
            "بالترجمة",
            "والترجمة",
            "للترجمة",
            "اَلتَّرْجَمَةُ",
        ] {
            assert_eq!(stem_arabic(&normalize_arabic(w)), "ترجم", "{w}");
        }
        assert_eq!(stem_arabic(&normalize_arabic("النماذج")), "نماذج");
        // Short words are not eaten.
        assert_eq!(stem_arabic("ال"), "ال");
        assert_eq!(stem_arabic("لغه"), "لغه");
    }

    #[test]
    fn latin_folding_and_stemming() {
        assert_eq!(fold_latin("Données Æsir Straße"), "donnees aesir strasse");
        let t = texts("Nationales", Mode::Index);
        assert!(t.contains(&"nationales".to_string()));
        assert!(t.contains(&"national".to_string()), "{t:?}");
        let t = texts("running", Mode::Query);
        assert!(t.contains(&"run".to_string()), "{t:?}");
    }

    #[test]
    fn russian_stemming() {
        let a = texts("модели", Mode::Index);
        let b = texts("Модель", Mode::Index);
        assert!(a.iter().any(|x| b.contains(x)), "{a:?} {b:?}");
        assert!(texts("Ёлка", Mode::Index).contains(&"елка".to_string()));
    }

    #[test]
    fn chinese_segmentation() {
        let idx = texts("这是一个用于机器翻译的大型语言模型", Mode::Index);
        assert!(idx.contains(&"翻译".to_string()), "{idx:?}");
        assert!(idx.contains(&"模型".to_string()), "{idx:?}");
        let q = texts("翻译", Mode::Query);
        assert_eq!(q, ["翻译"]);
    }

    #[test]
    fn mixed_scripts_split_into_runs() {
        let tokens = analyze("GPT模型للترجمة-v2 модель", Mode::Index);
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert!(positions.windows(2).all(|w| w[0] <= w[1]));
        let t: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert!(t.contains(&"gpt"));
        assert!(t.contains(&"模型"));
        assert!(t.contains(&"ترجم"));
        assert!(t.contains(&"v2"));
        assert!(t.contains(&"модель"));
        // Offsets point back into the text.
        let text = "GPT模型للترجمة-v2 модель";
        let ar = tokens.iter().find(|t| t.text == "ترجم").unwrap();
        assert_eq!(&text[ar.offset_from..ar.offset_to], "للترجمة");
    }

    #[test]
    fn query_groups_variants() {
        let g = query_terms("Les modèles");
        assert_eq!(g.len(), 2);
        assert!(g[1].contains(&"modeles".to_string()));
        assert!(query_terms("  ,;! ").is_empty());
    }
}
