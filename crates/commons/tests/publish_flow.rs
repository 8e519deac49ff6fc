//! End-to-end use of the public API as the server will use it: check limits,
//! build a commit, parse the card, index the repository, count a download.

use waico_commons::card::{parse_card, render_markdown};
use waico_commons::downloads::{Decision, DownloadCounter, FileRequest, ManualClock, Method};
use waico_commons::limits::{LimitError, Limits, SizeLimits};
use waico_commons::repo::{Change, Commit, RepoId, RepoKind, RepoPath, Sha256};
use waico_commons::search::{Query, RepoDoc, SearchIndex};

const README: &str = "---
license: cc-by-4.0
language: [ar, fr, zh]
pipeline_tag: translation
tags: [un, parliament]
---
# Traductions parlementaires

Modèle de traduction des débats parlementaires — نموذج للترجمة — 议会辩论的机器翻译。

<script>alert('x')</script>
";

#[test]
fn publish_index_and_download() {
    let id = RepoId::parse("un-lab/parl-mt").unwrap();
    let files = [
        ("README.md", README.as_bytes().to_vec()),
        ("config.json", b"{}".to_vec()),
        ("model.safetensors", vec![0u8; 64]),
    ];
    let changes: Vec<Change> = files
        .iter()
        .map(|(p, bytes)| Change::Put {
            path: RepoPath::parse(p).unwrap(),
            size: bytes.len() as u64,
            sha256: Sha256::digest(bytes),
        })
        .collect();

    let tight = SizeLimits {
        default: Limits {
            max_file_bytes: 32,
            ..Limits::default()
        },
        ..SizeLimits::default()
    };
    assert!(matches!(
        tight.check_changes(RepoKind::Model, None, &changes),
        Err(LimitError::FileTooLarge { .. })
    ));
    SizeLimits::default()
        .check_changes(RepoKind::Model, None, &changes)
        .unwrap();
    let commit = Commit::build(None, &changes, "amina", "first upload", 1_750_000_000).unwrap();
    assert!(commit.verify());

    let card = parse_card(README);
    assert!(card.problems.is_empty(), "{:?}", card.problems);
    let html = render_markdown(&card.body);
    assert!(html.contains("<h1>Traductions parlementaires</h1>"));
    assert!(!html.contains("<script"));

    let index = SearchIndex::open_in_ram().unwrap();
    let mut doc = RepoDoc::new(RepoKind::Model, id.clone()).with_card(&card);
    doc.owner_country = Some("SN".into());
    doc.global_south = Some(waico_members::GlobalSouth::Yes);
    index.upsert(&doc).unwrap();
    index.commit().unwrap();
    for q in ["traduction parlementaire", "الترجمة", "机器翻译", "debat"] {
        let r = index.search(&Query::text(q)).unwrap();
        assert_eq!(r.total, 1, "query {q}");
        assert_eq!(r.hits[0].doc.id, id);
    }
    let r = index.search(&Query::default()).unwrap();
    assert_eq!(r.facets["owner_country"][0].value, "SN");
    assert_eq!(r.facets["license"][0].value, "cc-by-4.0");

    let clock = ManualClock::new(0);
    let mut counter = DownloadCounter::new(&clock);
    let paths: Vec<RepoPath> = commit.files.iter().map(|f| f.path.clone()).collect();
    let request = |path: &'static str| FileRequest {
        kind: RepoKind::Model,
        repo: &id,
        path: paths.iter().find(|p| p.as_str() == path).unwrap(),
        method: Method::Get,
        range_start: None,
        library: card.metadata.library_name.as_deref(),
        files: &paths,
        ip: "198.51.100.4",
        user_agent: "huggingface_hub/0.30",
    };
    assert_eq!(counter.record(&request("config.json")), Decision::Counted);
    assert_eq!(
        counter.record(&request("model.safetensors")),
        Decision::NotQueryFile
    );
}
