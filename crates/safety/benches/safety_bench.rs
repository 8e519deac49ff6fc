//! Safety benchmark (issue 13), not part of the test run:
//!
//! 1. Import of `WAICO_BENCH_AVID` (default 10 000) AVID-format reports
//!    (JSON texts in the 0.1, 0.2 and 0.3 layouts, in turn), each parsed,
//!    mapped and validated into report content: time and the peak resident
//!    memory the import adds (VmHWM, reset before through
//!    `/proc/self/clear_refs`).
//! 2. Search latency at `WAICO_BENCH_REPORTS` (default 100 000) reports in
//!    the six languages, `WAICO_BENCH_QUERIES` (default 1 000) queries:
//!    the report index with the TLP filter (a member of one organisation and
//!    one community), the same index without the filter, and SQLite FTS5 on
//!    the same texts. FTS5 cannot segment Chinese nor strip Arabic
//!    articles, so (as in the commons benchmark) it receives the text
//!    analysed by our analyzer and the same AND-of-ORs query. Every engine
//!    does the same job per query: the top 20 with a snippet of the body,
//!    and the total number of matches.
//!
//! Run: `scripts/bench-safety.sh` (= `cargo bench -p waico-safety --features unfiltered-search`).

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use time::macros::datetime;
use waico_commons::analysis::{Mode, analyze, query_terms};
use waico_safety::avid;
use waico_safety::ids::{CommunityId, MemberId, OrgId, ReportId};
use waico_safety::report::{Report, ReportDraft};
use waico_safety::search::{ReportIndex, SearchQuery};
use waico_safety::taxonomy::Taxonomies;
use waico_safety::tlp::{Marking, MemberView, Origin, Recipients, Viewer};

const WORDS: [&[&str]; 6] = [
    &[
        "نموذج",
        "روبوت",
        "محادثة",
        "نصائح",
        "طبية",
        "خاطئة",
        "مرضى",
        "تمييز",
        "توظيف",
        "بيانات",
        "تسريب",
        "صورة",
        "وجه",
        "تعرف",
        "خطأ",
        "قرض",
        "مصرف",
        "سيارة",
        "حادث",
        "طريق",
    ],
    &[
        "模型",
        "聊天",
        "机器人",
        "医疗",
        "建议",
        "错误",
        "患者",
        "歧视",
        "招聘",
        "数据",
        "泄露",
        "图像",
        "人脸",
        "识别",
        "贷款",
        "银行",
        "汽车",
        "事故",
        "道路",
        "新闻",
    ],
    &[
        "model",
        "chatbot",
        "medical",
        "advice",
        "wrong",
        "patients",
        "discrimination",
        "hiring",
        "data",
        "leak",
        "image",
        "face",
        "recognition",
        "error",
        "loan",
        "bank",
        "car",
        "crash",
        "road",
        "jailbreak",
        "prompt",
        "injection",
        "agent",
        "deepfake",
        "election",
        "voice",
    ],
    &[
        "modèle",
        "robot",
        "conversation",
        "conseils",
        "médicaux",
        "erronés",
        "patients",
        "discrimination",
        "recrutement",
        "données",
        "fuite",
        "image",
        "visage",
        "reconnaissance",
        "crédit",
        "banque",
        "voiture",
        "accident",
        "route",
        "élection",
    ],
    &[
        "модель",
        "чатбот",
        "медицинские",
        "советы",
        "ошибочные",
        "пациенты",
        "дискриминация",
        "найм",
        "данные",
        "утечка",
        "изображение",
        "лицо",
        "распознавание",
        "кредит",
        "банк",
        "автомобиль",
        "авария",
        "дорога",
        "выборы",
        "голос",
    ],
    &[
        "modelo",
        "chatbot",
        "consejos",
        "médicos",
        "erróneos",
        "pacientes",
        "discriminación",
        "contratación",
        "datos",
        "fuga",
        "imagen",
        "rostro",
        "reconocimiento",
        "crédito",
        "banco",
        "coche",
        "accidente",
        "carretera",
        "elecciones",
        "voz",
    ],
];

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed towards the first words (roughly Zipf-like).
    fn word<'a>(&mut self, words: &[&'a str]) -> &'a str {
        let a = self.below(words.len());
        let b = self.below(words.len());
        words[a.min(b)]
    }
}

fn sentence(rng: &mut Rng, lang: usize, n: usize) -> String {
    (0..n)
        .map(|_| rng.word(WORDS[lang]))
        .collect::<Vec<_>>()
        .join(" ")
}

fn avid_json(i: usize, rng: &mut Rng) -> String {
    let lang = i % 6;
    let title = sentence(rng, lang, 8);
    let description = sentence(rng, lang, 60);
    match i % 3 {
        0 => serde_json::json!({
            "data_type": "AVID", "data_version": "0.1",
            "metadata": {"report_id": format!("AVID-2022-R{i:05}")},
            "affects": {"developer": ["Lab"], "deployer": ["Hub"], "artifact": [{"type": "Model", "name": format!("model-{i}")}]},
            "problemtype": {"class": "LLM evaluation", "type": "Detection", "description": {"lang": "eng", "value": title}},
            "metrics": [{"name": "HONEST", "features": {"measured": "x"}, "detection_method": {"class": "Significance test", "name": "z"}}],
            "references": [{"type": "source", "label": "src", "url": format!("https://example.org/{i}")}],
            "description": {"lang": "eng", "value": description},
            "impact": {"avid": {"risk_domain": ["Ethics"], "sep_view": [{"id": "E0101", "name": "Group fairness"}],
                "lifecycle_view": [{"id": "L05", "stage": "Evaluation"}], "taxonomy_version": "0.1"}},
            "reported_date": "2022-11-09"
        }),
        1 => serde_json::json!({
            "data_type": "AVID", "data_version": "0.2",
            "metadata": {"report_id": format!("AVID-2023-R{i:05}")},
            "affects": {"developer": ["Lab"], "deployer": ["Lab"], "artifacts": [{"type": "Dataset", "name": format!("data-{i}")}]},
            "problemtype": {"classof": "Third-party Report", "type": "Issue", "description": {"lang": "eng", "value": title}},
            "metrics": [{"name": "coverage", "detection_method": {"type": "Static Threshold", "name": "share"}, "results": {"share": 0.02}}],
            "references": [{"label": "paper", "url": format!("https://example.org/p/{i}")}],
            "description": {"lang": "eng", "value": description},
            "impact": {"avid": {"risk_domain": ["Ethics"], "sep_view": ["E0102: Representation"], "lifecycle_view": ["L03: Data"], "taxonomy_version": "0.2"}},
            "reported_date": "2023-03-01"
        }),
        _ => serde_json::json!({
            "data_type": "AVID", "data_version": "0.3.3",
            "metadata": {"report_id": format!("AVID-2026-R{i:05}")},
            "affects": {"developer": ["Vendor"], "deployer": ["Vendor"], "artifacts": [{"type": "System", "name": format!("sys-{i}")}]},
            "problemtype": {"classof": "CVE Entry", "type": "Advisory", "description": {"lang": "eng", "value": title}},
            "metrics": [{"scorer": "combined", "metrics": "avg_score", "value": 0.58}],
            "references": [{"type": "source", "label": "NVD", "url": format!("https://example.org/cve/{i}")}],
            "description": {"lang": "eng", "value": description},
            "impact": {"avid": {"risk_domain": ["Security"], "sep_view": ["S0403: Adversarial example"], "lifecycle_view": ["L06: Deployment"], "taxonomy_version": "0.2"},
                "cvss": {"version": "3.1", "baseScore": 8.1}},
            "reported_date": "2026-01-12"
        }),
    }
    .to_string()
}

fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentiles(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let p = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
    (p(0.50), p(0.99))
}

fn bench_avid_import(n: usize) {
    let mut rng = Rng(0x5eed);
    let files: Vec<String> = (0..n).map(|i| avid_json(i, &mut rng)).collect();
    let bytes: usize = files.iter().map(String::len).sum();
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_kb("VmRSS:");
    let started = Instant::now();
    let taxonomies = Taxonomies::builtin();
    let mut contents = Vec::with_capacity(n);
    for f in &files {
        let imported = avid::import(f).expect("imports");
        contents.push(imported.draft.validate(taxonomies).expect("validates"));
    }
    let took = started.elapsed();
    let peak = status_kb("VmHWM:");
    println!(
        "| AVID import of {n} reports ({:.1} MB of JSON) | {took:.2?} ({:.0} reports/s) |",
        bytes as f64 / 1e6,
        n as f64 / took.as_secs_f64()
    );
    println!(
        "| peak RSS added by the import (VmHWM{} − RSS before) | {:.1} MB |",
        if reset { " reset" } else { " not reset" },
        peak.saturating_sub(before) as f64 / 1024.0
    );
    drop(contents);
}

fn marking_for(i: usize) -> (Marking, Origin) {
    let org = OrgId::parse(&format!("org-{}", i % 20)).unwrap();
    let author = MemberId::parse(&format!("m-{}", i % 500)).unwrap();
    let marking = match i % 20 {
        0..=7 => Marking::Clear,
        8..=12 => Marking::Green,
        13..=15 => Marking::Amber {
            community: CommunityId::parse(&format!("c-{}", i % 5)).unwrap(),
        },
        16..=17 => Marking::AmberStrict,
        _ => Marking::Red {
            recipients: Recipients::new([MemberId::parse(&format!("m-{}", i % 97)).unwrap()])
                .unwrap(),
        },
    };
    (marking, Origin { author, org })
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

fn bench_search(n: usize, queries: usize) {
    let dir = tempfile::tempdir_in(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target"))
        .expect("temp dir");
    let mut rng = Rng(0xfeed);
    let taxonomies = Taxonomies::builtin();
    let at = datetime!(2026-09-01 10:00 UTC);
    let reports: Vec<Report> = (0..n)
        .map(|i| {
            let lang = i % 6;
            let draft = ReportDraft {
                title: sentence(&mut rng, lang, 8),
                description: sentence(&mut rng, lang, 40),
                sectors: vec!["health".into()],
                ..ReportDraft::default()
            };
            let (marking, origin) = marking_for(i);
            Report::submit(
                ReportId::parse(&format!("r-{i}")).unwrap(),
                origin,
                marking,
                draft.validate(taxonomies).unwrap(),
                None,
                at,
            )
            .unwrap()
        })
        .collect();

    let started = Instant::now();
    let index = ReportIndex::open_in_dir(dir.path().join("tantivy"), 512 << 20).expect("index");
    index.rebuild(&reports).expect("rebuild");
    let tantivy_build = started.elapsed();

    let started = Instant::now();
    let db = rusqlite::Connection::open(dir.path().join("fts.sqlite")).expect("sqlite");
    db.execute_batch(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
         CREATE VIRTUAL TABLE r USING fts5(id UNINDEXED, title, body);",
    )
    .expect("schema");
    {
        let tx = db.unchecked_transaction().expect("tx");
        let mut ins = tx
            .prepare("INSERT INTO r (id, title, body) VALUES (?1, ?2, ?3)")
            .expect("prepare");
        for r in &reports {
            ins.execute((
                r.id.as_str(),
                analysed(r.content.title.as_str()),
                analysed(&r.content.description),
            ))
            .expect("insert");
        }
        drop(ins);
        tx.commit().expect("commit");
    }
    let fts_build = started.elapsed();

    let texts: Vec<String> = (0..queries)
        .map(|i| {
            let lang = i % 6;
            let words = 1 + i % 2;
            sentence(&mut rng, lang, words)
        })
        .collect();
    let viewer = Viewer::Member(MemberView {
        member: MemberId::parse("m-7").unwrap(),
        org: OrgId::parse("org-3").unwrap(),
        communities: BTreeSet::from([CommunityId::parse("c-1").unwrap()]),
        secretariat: false,
    });
    let query = |t: &str| SearchQuery {
        text: t.to_owned(),
        limit: 20,
        ..SearchQuery::default()
    };
    let run = |filtered: bool| {
        let mut lat = Vec::with_capacity(texts.len());
        let mut total = 0;
        for t in &texts {
            let started = Instant::now();
            let res = if filtered {
                index.search(&query(t), &viewer)
            } else {
                index.search_unfiltered(&query(t))
            }
            .expect("search");
            lat.push(started.elapsed());
            total += res.total;
        }
        (lat, total)
    };
    let mut top = db
        .prepare(
            "SELECT id, snippet(r, 2, '<b>', '</b>', '…', 24) FROM r WHERE r MATCH ?1
             ORDER BY bm25(r, 0.0, 2.0, 1.0) LIMIT 20",
        )
        .expect("prepare");
    let mut count = db
        .prepare("SELECT count(*) FROM r WHERE r MATCH ?1")
        .expect("prepare");
    let mut fts_run = || {
        let mut lat = Vec::with_capacity(texts.len());
        let mut total = 0usize;
        for t in &texts {
            let Some(m) = fts_query(t) else { continue };
            let started = Instant::now();
            let rows: Vec<(String, String)> = top
                .query_map([&m], |row| Ok((row.get(0)?, row.get(1)?)))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows");
            let c: i64 = count.query_row([&m], |row| row.get(0)).expect("count");
            lat.push(started.elapsed());
            std::hint::black_box(rows);
            total += c as usize;
        }
        (lat, total)
    };
    // Warm-up of each, then the measured runs, interleaved once.
    let _ = run(true);
    let _ = run(false);
    let _ = fts_run();
    let (with_tlp, seen) = run(true);
    let (without, all) = run(false);
    let (fts, fts_total) = fts_run();
    let (w50, w99) = percentiles(with_tlp);
    let (o50, o99) = percentiles(without);
    let (f50, f99) = percentiles(fts);
    println!("| engine at {n} reports, {queries} queries | p50 | p99 |");
    println!("|---|---|---|");
    println!("| report index, TLP filter (member of 1 org, 1 community) | {w50:.2?} | {w99:.2?} |");
    println!("| report index, no filter | {o50:.2?} | {o99:.2?} |");
    println!("| SQLite FTS5 (analysed text, bm25, snippet, count) | {f50:.2?} | {f99:.2?} |");
    println!(
        "p99 ratios: TLP-filtered / FTS5 = {:.2}; filtered / unfiltered = {:.2}",
        w99.as_secs_f64() / f99.as_secs_f64(),
        w99.as_secs_f64() / o99.as_secs_f64()
    );
    println!(
        "matches over all queries: filtered {seen}, unfiltered {all}, FTS5 {fts_total}; build: tantivy {tantivy_build:.1?}, FTS5 {fts_build:.1?}"
    );
}

fn main() {
    println!(
        "machine: {} cores; load {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    bench_avid_import(env_num("WAICO_BENCH_AVID", 10_000));
    bench_search(
        env_num("WAICO_BENCH_REPORTS", 100_000),
        env_num("WAICO_BENCH_QUERIES", 1_000),
    );
}
