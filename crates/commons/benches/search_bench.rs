//! Search benchmark: tantivy (through `SearchIndex`) against SQLite FTS5.
//!
//! Builds an index of `WAICO_BENCH_DOCS` (default 1 000 000) synthetic
//! repositories whose names and cards are drawn from word lists in the six UN
//! languages below, runs `WAICO_BENCH_QUERIES` (default 1 000) queries and
//! prints p50/p99 latency. The same documents go into an FTS5 table; since
//! FTS5 cannot segment Chinese nor strip Arabic articles, it receives the text
//! already analysed by our analyzer (tokens joined by spaces), and each query
//! is the same AND-of-ORs over token variants, so both engines answer the
//! same question. FTS5 ranks with bm25() weighted like our fields (3/2/1).
//!
//! Run: `CARGO_TARGET_DIR=/work/target-commons CARGO_BUILD_JOBS=1 cargo bench --bench search_bench`
//! Data goes to `WAICO_BENCH_DIR` (default: a temporary directory).

use std::time::{Duration, Instant};

use waico_commons::analysis::{Mode, analyze, query_terms};
use waico_commons::repo::{RepoId, RepoKind};
use waico_commons::search::{IndexOptions, Query, RepoDoc, SearchIndex, Sort};

const AR: &[&str] = &[
    "نموذج",
    "بيانات",
    "ترجمة",
    "لغة",
    "آلة",
    "تعلم",
    "تدريب",
    "نص",
    "صورة",
    "صوت",
    "تعرف",
    "تصنيف",
    "توليد",
    "مفتوح",
    "كبير",
    "عربي",
    "سؤال",
    "جواب",
    "تلخيص",
    "مشاعر",
    "تحليل",
    "معرفة",
    "استدلال",
    "بحث",
    "طب",
    "زراعة",
    "تعليم",
    "مناخ",
    "طقس",
    "مال",
    "قانون",
    "أخبار",
    "حوار",
    "برمجة",
    "رياضيات",
    "تقييم",
    "معيار",
    "ضغط",
    "تكميم",
    "ضبط",
    "متعدد",
    "رؤية",
    "فيديو",
    "صحة",
    "مرض",
    "مدينة",
    "نقل",
    "طاقة",
    "مياه",
    "طالب",
    "مدرسة",
    "جامعة",
    "حكومة",
    "اقتصاد",
    "سياسة",
    "ثقافة",
    "تاريخ",
    "علوم",
    "شبكة",
    "خوارزمية",
];
const ZH: &[&str] = &[
    "模型",
    "数据",
    "翻译",
    "语言",
    "机器",
    "学习",
    "训练",
    "文本",
    "图像",
    "语音",
    "识别",
    "分类",
    "生成",
    "开源",
    "大型",
    "中文",
    "问答",
    "摘要",
    "情感",
    "分析",
    "知识",
    "推理",
    "检索",
    "搜索",
    "医疗",
    "农业",
    "教育",
    "气候",
    "天气",
    "金融",
    "法律",
    "新闻",
    "对话",
    "代码",
    "数学",
    "评测",
    "基准",
    "压缩",
    "量化",
    "蒸馏",
    "微调",
    "预训练",
    "多语言",
    "视觉",
    "视频",
    "音频",
    "合成",
    "标注",
    "语料",
    "词典",
    "城市",
    "交通",
    "能源",
    "水资源",
    "健康",
    "疾病",
    "农民",
    "学生",
    "学校",
    "政府",
];
const EN: &[&str] = &[
    "model",
    "data",
    "translation",
    "language",
    "machine",
    "learning",
    "training",
    "text",
    "image",
    "speech",
    "recognition",
    "classification",
    "generation",
    "open",
    "large",
    "question",
    "answer",
    "summary",
    "sentiment",
    "analysis",
    "knowledge",
    "reasoning",
    "retrieval",
    "search",
    "medical",
    "agriculture",
    "education",
    "climate",
    "weather",
    "finance",
    "legal",
    "news",
    "dialogue",
    "code",
    "math",
    "evaluation",
    "benchmark",
    "compression",
    "quantized",
    "distilled",
    "finetuned",
    "pretrained",
    "multilingual",
    "vision",
    "video",
    "audio",
    "synthesis",
    "annotation",
    "corpus",
    "dictionary",
    "city",
    "transport",
    "energy",
    "water",
    "health",
    "disease",
    "farmer",
    "student",
    "school",
    "government",
];
const FR: &[&str] = &[
    "modèle",
    "données",
    "traduction",
    "langue",
    "apprentissage",
    "automatique",
    "entraînement",
    "texte",
    "image",
    "parole",
    "reconnaissance",
    "classification",
    "génération",
    "ouvert",
    "grand",
    "question",
    "réponse",
    "résumé",
    "sentiment",
    "analyse",
    "connaissance",
    "raisonnement",
    "recherche",
    "médical",
    "agriculture",
    "éducation",
    "climat",
    "météo",
    "finance",
    "juridique",
    "nouvelles",
    "dialogue",
    "code",
    "mathématiques",
    "évaluation",
    "référence",
    "compression",
    "quantifié",
    "multilingue",
    "vision",
    "vidéo",
    "audio",
    "synthèse",
    "annotation",
    "corpus",
    "dictionnaire",
    "ville",
    "transport",
    "énergie",
    "eau",
    "santé",
    "maladie",
    "agriculteur",
    "étudiant",
    "école",
    "gouvernement",
    "nationales",
    "régionaux",
    "publiques",
    "locales",
];
const RU: &[&str] = &[
    "модель",
    "данные",
    "перевод",
    "язык",
    "машинное",
    "обучение",
    "тренировка",
    "текст",
    "изображение",
    "речь",
    "распознавание",
    "классификация",
    "генерация",
    "открытый",
    "большой",
    "вопрос",
    "ответ",
    "резюме",
    "тональность",
    "анализ",
    "знания",
    "рассуждение",
    "поиск",
    "медицина",
    "сельское",
    "хозяйство",
    "образование",
    "климат",
    "погода",
    "финансы",
    "право",
    "новости",
    "диалог",
    "код",
    "математика",
    "оценка",
    "эталон",
    "сжатие",
    "квантованная",
    "многоязычная",
    "зрение",
    "видео",
    "аудио",
    "синтез",
    "разметка",
    "корпус",
    "словарь",
    "город",
    "транспорт",
    "энергия",
    "вода",
    "здоровье",
    "болезнь",
    "фермер",
    "студент",
    "школа",
    "правительство",
    "наука",
    "история",
    "культура",
];
const ES: &[&str] = &[
    "modelo",
    "datos",
    "traducción",
    "idioma",
    "aprendizaje",
    "automático",
    "entrenamiento",
    "texto",
    "imagen",
    "voz",
    "reconocimiento",
    "clasificación",
    "generación",
    "abierto",
    "grande",
    "pregunta",
    "respuesta",
    "resumen",
    "sentimiento",
    "análisis",
    "conocimiento",
    "razonamiento",
    "búsqueda",
    "médico",
    "agricultura",
    "educación",
    "clima",
    "tiempo",
    "finanzas",
    "jurídico",
    "noticias",
    "diálogo",
    "código",
    "matemáticas",
    "evaluación",
    "referencia",
    "compresión",
    "cuantizado",
    "multilingüe",
    "visión",
    "vídeo",
    "audio",
    "síntesis",
    "anotación",
    "corpus",
    "diccionario",
    "ciudad",
    "transporte",
    "energía",
    "agua",
    "salud",
    "enfermedad",
    "agricultor",
    "estudiante",
    "escuela",
    "gobierno",
    "ciencia",
    "historia",
];
const LANGS: [(&str, &[&str]); 6] = [
    ("ar", AR),
    ("zh", ZH),
    ("en", EN),
    ("fr", FR),
    ("ru", RU),
    ("es", ES),
];
const TASKS: &[&str] = &[
    "translation",
    "text-generation",
    "text-classification",
    "summarization",
    "automatic-speech-recognition",
    "image-classification",
    "question-answering",
];
const LICENSES: &[&str] = &["apache-2.0", "mit", "cc-by-4.0", "cc-by-sa-4.0", "other"];
const COUNTRIES: &[(&str, &str, bool)] = &[
    ("EG", "africa", true),
    ("KE", "africa", true),
    ("CN", "asia", true),
    ("IN", "asia", true),
    ("FR", "europe", false),
    ("RU", "europe", false),
    ("BR", "americas", true),
    ("US", "americas", false),
    ("ES", "europe", false),
    ("SA", "asia", true),
];

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed pick: low indexes are much more frequent (roughly Zipf-like).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize
    }
}

fn word(rng: &mut Rng, lang: usize) -> String {
    let list = LANGS[lang].1;
    let w = list[rng.skewed(list.len())];
    if lang == 0 {
        // Arabic: article and diacritics vary like in real text.
        match rng.below(4) {
            0 => format!("ال{w}"),
            1 => format!("{w}َ"),
            _ => w.to_string(),
        }
    } else {
        w.to_string()
    }
}

fn sentence(rng: &mut Rng, lang: usize, words: usize) -> String {
    let sep = if lang == 1 { "" } else { " " };
    (0..words)
        .map(|_| word(rng, lang))
        .collect::<Vec<_>>()
        .join(sep)
}

fn make_doc(i: u64) -> RepoDoc {
    let mut rng = Rng::new(i + 1);
    let lang = rng.below(6);
    let kind = RepoKind::ALL[rng.below(3)];
    let owner = format!("org{}", rng.skewed(5000));
    let name = format!(
        "{}-{}-{}",
        EN[rng.below(EN.len())],
        EN[rng.below(EN.len())],
        i
    );
    let mut doc = RepoDoc::new(kind, RepoId::new(&owner, &name).expect("valid id"));
    let (cc, region, gs) = COUNTRIES[rng.below(COUNTRIES.len())];
    doc.task = Some(TASKS[rng.below(TASKS.len())].to_string());
    doc.license = Some(LICENSES[rng.below(LICENSES.len())].to_string());
    doc.languages = vec![LANGS[lang].0.to_string()];
    if rng.below(4) == 0 {
        doc.languages.push("en".into());
    }
    doc.owner_country = Some(cc.into());
    doc.region = Some(region.into());
    doc.global_south = Some(if gs {
        waico_members::GlobalSouth::Yes
    } else {
        waico_members::GlobalSouth::No
    });
    doc.tags = vec![
        EN[rng.skewed(EN.len())].to_string(),
        EN[rng.skewed(EN.len())].to_string(),
    ];
    doc.title = sentence(&mut rng, lang, 3);
    doc.summary = sentence(&mut rng, lang, 12);
    let n = 15 + rng.below(25);
    doc.body = format!(
        "{} {}",
        sentence(&mut rng, lang, n),
        sentence(&mut rng, 2, 3)
    );
    doc.downloads = rng.next() % 100_000;
    doc.likes = rng.next() % 1000;
    doc.updated_at = 1_600_000_000 + (rng.next() % 200_000_000) as i64;
    doc
}

fn make_query(i: u64) -> String {
    let mut rng = Rng::new(0xBEEF_0000 + i);
    let lang = rng.below(6);
    let words = 1 + rng.below(2);
    // Queries use the unskewed word distribution so rare words are asked too.
    let list = LANGS[lang].1;
    let mut out = Vec::new();
    for _ in 0..words {
        let w = list[rng.below(list.len())];
        out.push(if lang == 0 && rng.below(2) == 0 {
            format!("ال{w}")
        } else {
            w.to_string()
        });
    }
    out.join(" ")
}

fn analysed(text: &str) -> String {
    analyze(text, Mode::Index)
        .into_iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

fn fts_query(text: &str) -> Option<String> {
    let groups = query_terms(text);
    if groups.is_empty() {
        return None;
    }
    Some(
        groups
            .iter()
            .map(|g| {
                let alts: Vec<String> = g
                    .iter()
                    .map(|v| format!("\"{}\"", v.replace('"', "")))
                    .collect();
                format!("({})", alts.join(" OR "))
            })
            .collect::<Vec<_>>()
            .join(" AND "),
    )
}

fn percentiles(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    let p = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
    (p(0.50), p(0.99), *v.last().unwrap_or(&Duration::ZERO))
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; ignore arguments.
    let docs = env_num("WAICO_BENCH_DOCS", 1_000_000);
    let queries = env_num("WAICO_BENCH_QUERIES", 1_000);
    let base = std::env::var("WAICO_BENCH_DIR").ok();
    let dir = match &base {
        Some(b) => {
            std::fs::create_dir_all(b).expect("bench dir");
            tempfile::tempdir_in(b).expect("temp dir")
        }
        None => tempfile::tempdir().expect("temp dir"),
    };
    println!(
        "documents: {docs}, queries: {queries}, data in {}",
        dir.path().display()
    );

    // --- tantivy ---
    let started = Instant::now();
    let index = SearchIndex::open_in_dir_with(
        dir.path().join("tantivy"),
        IndexOptions {
            threads: 1,
            heap_bytes: 1 << 30,
        },
    )
    .expect("open index");
    let n = index.rebuild((0..docs).map(make_doc)).expect("index");
    let tantivy_build = started.elapsed();
    let segments = index
        .tantivy_index()
        .searchable_segment_ids()
        .map(|s| s.len())
        .unwrap_or(0);
    println!("tantivy: indexed {n} docs in {tantivy_build:.1?} ({segments} segments)");

    // --- FTS5 ---
    let started = Instant::now();
    let db = rusqlite::Connection::open(dir.path().join("fts.sqlite")).expect("sqlite");
    db.execute_batch(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
         CREATE VIRTUAL TABLE repos USING fts5(id UNINDEXED, names, tags, card,
             tokenize = 'unicode61 remove_diacritics 0');",
    )
    .expect("schema");
    {
        let tx = db.unchecked_transaction().expect("tx");
        {
            let mut insert = tx
                .prepare("INSERT INTO repos(id, names, tags, card) VALUES (?1, ?2, ?3, ?4)")
                .expect("prepare");
            for i in 0..docs {
                let d = make_doc(i);
                let names = analysed(&format!("{} {} {}", d.id.owner(), d.id.name(), d.title));
                let tags = analysed(&format!(
                    "{} {}",
                    d.tags.join(" "),
                    d.task.clone().unwrap_or_default()
                ));
                let card = analysed(&format!("{} {}", d.summary, d.body));
                insert
                    .execute(rusqlite::params![d.id.to_string(), names, tags, card])
                    .expect("insert");
            }
        }
        tx.commit().expect("commit");
    }
    db.execute_batch("INSERT INTO repos(repos) VALUES('optimize');")
        .expect("optimize");
    let fts_build = started.elapsed();
    println!("fts5: loaded {docs} docs (analysed text) in {fts_build:.1?}");

    let texts: Vec<String> = (0..queries).map(make_query).collect();
    let warmup = texts.len().min(100);

    // tantivy through our API: top 20 by relevance plus the total count.
    let run_tantivy = |facets: bool| {
        let mut lat = Vec::with_capacity(texts.len());
        let mut hits = 0usize;
        for t in &texts {
            let q = Query {
                text: t.clone(),
                sort: Sort::Relevance,
                limit: 20,
                facets,
                ..Query::default()
            };
            let s = Instant::now();
            let r = index.search(&q).expect("search");
            lat.push(s.elapsed());
            hits += r.total;
        }
        (lat, hits)
    };
    // Warm caches for both engines before measuring.
    for t in &texts[..warmup] {
        let _ = index.search(&Query::text(t));
    }
    let (lat, t_hits) = run_tantivy(false);
    let (t50, t99, tmax) = percentiles(lat);
    let (lat, _) = run_tantivy(true);
    let (f50, f99, fmax) = percentiles(lat);

    let mut stmt = db
        .prepare(
            "SELECT id FROM repos WHERE repos MATCH ?1 ORDER BY bm25(repos, 0.0, 3.0, 2.0, 1.0) LIMIT 20",
        )
        .expect("prepare query");
    let mut fts_run = |measure: bool| {
        let mut lat = Vec::with_capacity(texts.len());
        let mut rows = 0usize;
        for t in &texts {
            let Some(m) = fts_query(t) else { continue };
            let s = Instant::now();
            let ids: Vec<String> = stmt
                .query_map([m], |r| r.get(0))
                .expect("fts query")
                .collect::<Result<_, _>>()
                .expect("rows");
            if measure {
                lat.push(s.elapsed());
                rows += ids.len();
            }
        }
        (lat, rows)
    };
    let _ = fts_run(false);
    let (lat, fts_rows) = fts_run(true);
    let (s50, s99, smax) = percentiles(lat);

    println!();
    println!("| engine | p50 | p99 | max |");
    println!("|---|---|---|---|");
    println!("| tantivy top-20 + total | {t50:.2?} | {t99:.2?} | {tmax:.2?} |");
    println!("| tantivy top-20 + total + 8 facets | {f50:.2?} | {f99:.2?} | {fmax:.2?} |");
    println!("| SQLite FTS5 top-20 (bm25) | {s50:.2?} | {s99:.2?} | {smax:.2?} |");
    println!();
    println!(
        "tantivy matched {t_hits} docs in total over all queries; FTS5 returned {fts_rows} rows"
    );
    println!(
        "build: tantivy {tantivy_build:.1?}, fts5 {fts_build:.1?}; p99 floor (tantivy < fts5): {}",
        if t99 < s99 { "met" } else { "NOT met" }
    );
}
