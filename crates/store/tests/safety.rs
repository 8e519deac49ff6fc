//! The storage story of the safety part, on SQLite always and on PostgreSQL
//! when `WAICO_TEST_POSTGRES_URL` is set (each run in a fresh database):
//! a report with all its rows is written with its ledger entry in one
//! transaction, read back whole, rewritten, found by its links, and carried
//! through backup and restore.

use waico_store::StoredSafetyReport;
use waico_store::{
    NewEntry, SafetyCommentRow, SafetyHistoryRow, SafetyOpeningRow, SafetyReportRow,
    SafetySourceRow, Store, StoreError,
};

struct TestStore {
    store: Store,
    _dir: Option<tempfile::TempDir>,
}

async fn sqlite(name: &str) -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}",
        dir.path().join(format!("{name}.db")).display()
    );
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    TestStore {
        store,
        _dir: Some(dir),
    }
}

async fn postgres(name: &str) -> Option<TestStore> {
    use sqlx::Executor;
    let base = std::env::var("WAICO_TEST_POSTGRES_URL").ok()?;
    let admin = Store::connect(&base)
        .await
        .expect("WAICO_TEST_POSTGRES_URL reachable");
    let db = format!("waico_safety_{name}_{}", rand::random::<u32>());
    admin
        .pool()
        .execute(format!("CREATE DATABASE {db}").as_str())
        .await
        .unwrap();
    admin.close().await;
    let (prefix, _) = base.rsplit_once('/').expect("URL has a database path");
    let store = Store::connect(&format!("{prefix}/{db}")).await.unwrap();
    store.migrate().await.unwrap();
    Some(TestStore { store, _dir: None })
}

async fn each_backend(name: &str) -> Vec<TestStore> {
    let mut stores = vec![sqlite(name).await];
    stores.extend(postgres(name).await);
    stores
}

fn report(id: &str, tlp: &str, title: &str) -> StoredSafetyReport {
    StoredSafetyReport {
        report: Some(SafetyReportRow {
            id: id.into(),
            author: "user:1".into(),
            org: "institution:7".into(),
            tlp: tlp.into(),
            community: (tlp == "AMBER").then(|| "KEN".into()),
            state: "submitted".into(),
            title: title.into(),
            document: format!("{{\"id\":\"{id}\"}}"),
            submitted_at: 1_700_000_000_000,
            updated_at: 1_700_000_000_000,
        }),
        recipients: if tlp == "RED" {
            vec!["user:2".into(), "user:3".into()]
        } else {
            vec![]
        },
        // In the order the store gives them back: kind, then target.
        links: vec![
            ("repo".into(), "models/ke/llm".into()),
            ("system".into(), "triage-bot".into()),
        ],
        sources: vec![SafetySourceRow {
            report_id: id.into(),
            position: 0,
            url: "https://news.example/a".into(),
            title: Some("A".into()),
            body: "what happened".into(),
        }],
        comments: vec![SafetyCommentRow {
            id: format!("{id}-c1"),
            report_id: id.into(),
            position: 0,
            author: "user:2".into(),
            org: "institution:8".into(),
            tlp: "RED".into(),
            marking: "{\"tlp\":\"RED\",\"recipients\":[\"user:1\"]}".into(),
            body: "a private note".into(),
            created_at: 1_700_000_100_000,
        }],
        history: vec![SafetyHistoryRow {
            report_id: id.into(),
            position: 0,
            at: 1_700_000_000_000,
            actor: "user:1".into(),
            event: "{\"event\":\"submitted\"}".into(),
        }],
        assignees: vec!["user:9".into()],
    }
}

fn entry(n: u32) -> NewEntry {
    let body = format!("{{\"safety\":{n}}}").into_bytes();
    NewEntry {
        leaf_hash: waico_ledger::leaf_hash(&body),
        body,
        kind: "generic".into(),
        time_ms: 0,
    }
}

#[tokio::test]
async fn reports_are_written_with_their_rows_and_ledger_entry_and_read_back_whole() {
    for t in each_backend("rows").await {
        let s = &t.store;
        let red = report("SR-1", "RED", "Jailbreak of triage bot");
        let opening = SafetyOpeningRow {
            report_id: "SR-1".into(),
            commitment: "ab".repeat(32),
            nonce: "cd".repeat(32),
            document: "{}".into(),
            created_at: 1,
        };
        s.safety_write(
            std::slice::from_ref(&red),
            std::slice::from_ref(&opening),
            &[entry(1)],
        )
        .await
        .unwrap();
        assert_eq!(s.ledger_head().await.unwrap().size, 1);
        assert_eq!(s.safety_report("SR-1").await.unwrap(), red);
        assert_eq!(s.safety_openings("SR-1").await.unwrap(), vec![opening]);

        // A rewrite replaces the children: one more source, no assignee, new state.
        let mut moved = red.clone();
        moved.report.as_mut().unwrap().state = "triaged".into();
        moved.assignees.clear();
        moved.sources.push(SafetySourceRow {
            report_id: "SR-1".into(),
            position: 1,
            url: "https://news.example/b".into(),
            title: None,
            body: "more".into(),
        });
        let clear = report("SR-2", "CLEAR", "Biased loan scoring");
        s.safety_write(&[moved.clone(), clear.clone()], &[], &[])
            .await
            .unwrap();
        let back = s.safety_report("SR-1").await.unwrap();
        assert_eq!(back, moved);
        assert_eq!(back.row().state, "triaged");
        assert_eq!(s.safety_count().await.unwrap(), 2);
        let all = s.safety_reports().await.unwrap();
        assert_eq!(all, vec![moved.clone(), clear.clone()]);
        assert_eq!(
            s.safety_linked("system", "triage-bot").await.unwrap(),
            ["SR-1", "SR-2"]
        );
        assert!(s.safety_linked("repo", "nothing").await.unwrap().is_empty());
        assert!(matches!(
            s.safety_report("SR-404").await,
            Err(StoreError::NotFound)
        ));

        // A bad level is refused by the table and nothing of the batch is kept,
        // the ledger entry included.
        let bad = report("SR-3", "WHITE", "bad");
        assert!(s.safety_write(&[bad], &[], &[entry(2)]).await.is_err());
        assert_eq!(s.safety_count().await.unwrap(), 2);
        assert_eq!(s.ledger_head().await.unwrap().size, 1);

        // Backup and restore carry every safety row.
        let snapshot = s.snapshot().await.unwrap();
        let fresh = sqlite("restored").await;
        fresh.store.restore(&snapshot).await.unwrap();
        assert_eq!(fresh.store.safety_reports().await.unwrap(), all);
        assert_eq!(fresh.store.safety_openings("SR-1").await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_deadline_warning_is_claimed_once_and_can_be_given_back() {
    use waico_members::{CountryCode, DisplayName, Email, RoleGrant, Username};
    for t in each_backend("warnings").await {
        let s = &t.store;
        s.safety_write(&[report("SR-9", "GREEN", "Late report")], &[], &[])
            .await
            .unwrap();
        let user = s
            .create_user(
                &waico_store::NewUser {
                    username: Username::parse("rita").unwrap(),
                    display_name: DisplayName::parse("Rita").unwrap(),
                    email: Email::parse("rita@example.org").unwrap(),
                    password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
                    country: Some(CountryCode::parse("KEN").unwrap()),
                    institution_id: None,
                    language: waico_members::Lang::En,
                },
                &[RoleGrant::Researcher],
            )
            .await
            .unwrap()
            .id;
        let duty = "triage-bot|EU|Art. 73(2)";
        assert!(
            s.claim_safety_warning("SR-9", duty, "running", user, 1)
                .await
                .unwrap()
        );
        assert!(
            !s.claim_safety_warning("SR-9", duty, "running", user, 2)
                .await
                .unwrap()
        );
        // Another level of the same duty is another warning.
        assert!(
            s.claim_safety_warning("SR-9", duty, "overdue", user, 3)
                .await
                .unwrap()
        );
        s.release_safety_warning("SR-9", duty, "running", user)
            .await
            .unwrap();
        assert!(
            s.claim_safety_warning("SR-9", duty, "running", user, 4)
                .await
                .unwrap()
        );
        assert!(
            !s.claim_safety_warning("SR-9", duty, "overdue", user, 5)
                .await
                .unwrap()
        );
    }
}
