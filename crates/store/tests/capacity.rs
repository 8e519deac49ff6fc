//! The capacity exchange's storage story: the same steps against SQLite
//! always, and against PostgreSQL when `WAICO_TEST_POSTGRES_URL` is set
//! (each run in a fresh database created for it).

use waico_members::{CountryCode, DisplayName, Email, RoleGrant, Username};
use waico_store::capacity::{
    AllocationRow, ApplicationRow, ExplanationRow, NewNotice, PublishedRound, UsageRow,
};
use waico_store::{NewEntry, NewUser, Store, StoreError};

struct TestStore {
    store: Store,
    _dir: Option<tempfile::TempDir>,
}

async fn each_backend(name: &str) -> Vec<TestStore> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("capacity.db").display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let mut stores = vec![TestStore {
        store,
        _dir: Some(dir),
    }];
    if let Ok(base) = std::env::var("WAICO_TEST_POSTGRES_URL") {
        use sqlx::Executor;
        let admin = Store::connect(&base).await.expect("postgres reachable");
        let db = format!("waico_capacity_{name}_{}", rand::random::<u32>());
        admin
            .pool()
            .execute(format!("CREATE DATABASE {db}").as_str())
            .await
            .unwrap();
        admin.close().await;
        let (prefix, _) = base.rsplit_once('/').unwrap();
        let store = Store::connect(&format!("{prefix}/{db}")).await.unwrap();
        store.migrate().await.unwrap();
        stores.push(TestStore { store, _dir: None });
    }
    stores
}

fn entry(what: &str) -> NewEntry {
    let body = format!("{{\"capacity\":\"{what}\"}}").into_bytes();
    NewEntry {
        leaf_hash: waico_ledger::leaf_hash(&body),
        body,
        kind: "generic".into(),
        time_ms: 0,
    }
}

async fn user(s: &Store, name: &str) -> i64 {
    s.create_user(
        &NewUser {
            username: Username::parse(name).unwrap(),
            display_name: DisplayName::parse("Reviewer").unwrap(),
            email: Email::parse(&format!("{name}@example.org")).unwrap(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            country: Some(CountryCode::parse("KEN").unwrap()),
            institution_id: None,
            language: waico_members::Lang::En,
        },
        &[RoleGrant::Researcher],
    )
    .await
    .unwrap()
    .id
}

#[tokio::test]
async fn a_round_from_offers_to_usage_and_a_match_are_stored_and_survive_backup() {
    for t in each_backend("story").await {
        let s = &t.store;
        let provider = user(s, "provider").await;
        let reviewer = user(s, "reviewer").await;

        // Rule sets: the newest is active, a version twice is a conflict.
        let ledger_before = s.ledger_head().await.unwrap().size;
        s.add_capacity_rules("2026.1", "version: 2026.1", Some(provider), entry("r1"))
            .await
            .unwrap();
        s.add_capacity_rules("2026.2", "version: 2026.2", None, entry("r2"))
            .await
            .unwrap();
        assert_eq!(
            s.active_capacity_rules().await.unwrap().unwrap().version,
            "2026.2"
        );
        assert!(matches!(
            s.add_capacity_rules("2026.1", "x", None, entry("r3")).await,
            Err(StoreError::Conflict { field: "version" })
        ));
        assert_eq!(
            s.ledger_head().await.unwrap().size,
            ledger_before + 2,
            "a refused version leaves no record"
        );

        // Offers wait in the pool.
        s.add_capacity_offer("o1", Some(provider), "{\"id\":\"o1\"}")
            .await
            .unwrap();
        s.add_capacity_offer("o2", Some(provider), "{\"id\":\"o2\"}")
            .await
            .unwrap();
        assert!(matches!(
            s.add_capacity_offer("o1", None, "{}").await,
            Err(StoreError::Conflict { field: "id" })
        ));
        assert_eq!(s.pooled_capacity_offers().await.unwrap().len(), 2);

        // A call, a request, an assignment, a review replaced by a later one.
        let call = s
            .add_capacity_call("call-1", "First call", 2.5)
            .await
            .unwrap();
        assert_eq!(call.threshold, 2.5);
        let req = s
            .add_capacity_request("r1", call.id, Some(provider), "{\"id\":\"r1\"}")
            .await
            .unwrap();
        s.assign_capacity_reviewer(req.id, reviewer).await.unwrap();
        s.assign_capacity_reviewer(req.id, reviewer).await.unwrap();
        assert_eq!(s.call_capacity_assignments(call.id).await.unwrap().len(), 1);
        s.put_capacity_review(req.id, reviewer, 2, "thin")
            .await
            .unwrap();
        s.put_capacity_review(req.id, reviewer, 4, "strong")
            .await
            .unwrap();
        let reviews = s.call_capacity_reviews(call.id).await.unwrap();
        assert_eq!((reviews.len(), reviews[0].score), (1, 4));

        // A round published: result, allocations, explanations, offers taken, call closed, ledger.
        let round = s
            .add_capacity_round(
                "round-1",
                call.id,
                "Round 1",
                "{}",
                ("2027-01-01", "2027-03-31"),
            )
            .await
            .unwrap();
        let published = PublishedRound {
            result: "{\"round\":\"round-1\"}".into(),
            allocations: vec![AllocationRow {
                round_id: round.id,
                request_slug: "r1".into(),
                offer_slug: "o1".into(),
                accelerator: "H100".into(),
                accelerator_hours: 1000.5,
                reference_hours: 1000.5,
            }],
            explanations: vec![ExplanationRow {
                round_id: round.id,
                request_slug: "r1".into(),
                delivered: 1000.5,
                binding: "capacity".into(),
                body: "{}".into(),
            }],
            offers: vec!["o1".into(), "o2".into()],
            notices: vec![
                NewNotice {
                    user_id: provider,
                    body: "{\"offers\":1}".into(),
                },
                NewNotice {
                    user_id: reviewer,
                    body: "{\"requests\":1}".into(),
                },
            ],
        };
        let before = s.ledger_head().await.unwrap().size;
        let r = s
            .publish_capacity_round(round.id, &published, entry("round"))
            .await
            .unwrap();
        assert_eq!(r.status, "published");
        assert_eq!(s.ledger_head().await.unwrap().size, before + 1);
        assert_eq!(s.capacity_call("call-1").await.unwrap().status, "closed");
        assert!(s.pooled_capacity_offers().await.unwrap().is_empty());
        assert_eq!(s.round_capacity_offers(round.id).await.unwrap().len(), 2);
        // Publishing twice is refused, and nothing more is written.
        assert!(matches!(
            s.publish_capacity_round(round.id, &published, entry("again"))
                .await,
            Err(StoreError::Refused(_))
        ));
        assert_eq!(s.ledger_head().await.unwrap().size, before + 1);
        assert_eq!(
            s.round_capacity_allocations(round.id).await.unwrap()[0].accelerator_hours,
            1000.5
        );
        assert_eq!(
            s.request_capacity_explanations("r1").await.unwrap().len(),
            1
        );

        // Usage: a later report replaces; closing carries unused hours into the pool.
        let usage = |h: f64| UsageRow {
            round_id: round.id,
            request_slug: "r1".into(),
            offer_slug: "o1".into(),
            used_hours: h,
            reported_by: Some(provider),
            reported_at: 1,
        };
        s.put_capacity_usage(&[usage(100.0)]).await.unwrap();
        s.put_capacity_usage(&[usage(600.25)]).await.unwrap();
        let used = s.round_capacity_usage(round.id).await.unwrap();
        assert_eq!((used.len(), used[0].used_hours), (1, 600.25));
        let closed = s
            .close_capacity_round(
                round.id,
                &[(
                    "o1+carried".into(),
                    "o1".into(),
                    Some(provider),
                    "{}".into(),
                )],
                entry("close"),
            )
            .await
            .unwrap();
        assert_eq!(closed.status, "closed");
        let pool = s.pooled_capacity_offers().await.unwrap();
        assert_eq!((pool.len(), pool[0].parent.as_deref()), (1, Some("o1")));

        // A match: programs, an application replaced, the result published once.
        let m = s.add_capacity_match("fellows", "Fellows").await.unwrap();
        s.put_capacity_program(m.id, "p1", "P1", "{\"v\":1}")
            .await
            .unwrap();
        s.put_capacity_program(m.id, "p1", "P1 renamed", "{\"v\":2}")
            .await
            .unwrap();
        let programs = s.match_capacity_programs(m.id).await.unwrap();
        assert_eq!(
            (programs.len(), programs[0].title.as_str()),
            (1, "P1 renamed")
        );
        let app = |ranking: &str| ApplicationRow {
            match_id: m.id,
            applicant: "ama".into(),
            user_id: Some(reviewer),
            country: "GHA".into(),
            ranking: ranking.into(),
            submitted_at: 1,
        };
        s.put_capacity_application(&app("[\"p1\"]")).await.unwrap();
        s.put_capacity_application(&app("[]")).await.unwrap();
        let apps = s.match_capacity_applications(m.id).await.unwrap();
        assert_eq!((apps.len(), apps[0].ranking.as_str()), (1, "[]"));
        let notice = [NewNotice {
            user_id: reviewer,
            body: "{\"program\":\"p1\"}".into(),
        }];
        s.publish_capacity_match(m.id, "{}", &notice, entry("match"))
            .await
            .unwrap();
        assert!(
            s.publish_capacity_match(m.id, "{}", &notice, entry("match"))
                .await
                .is_err()
        );

        // Notices: one per person and publication, newest first; a claim
        // succeeds once, and a released claim can be taken again.
        let mine = s.user_capacity_notices(reviewer).await.unwrap();
        assert_eq!(
            mine.iter()
                .map(|n| (n.kind.as_str(), n.subject.as_str()))
                .collect::<Vec<_>>(),
            vec![("match", "fellows"), ("round", "round-1")]
        );
        assert_eq!(s.user_capacity_notices(provider).await.unwrap().len(), 1);
        let unmailed = s.unmailed_capacity_notices(10).await.unwrap();
        assert_eq!(unmailed.len(), 3);
        let first = unmailed[0].id;
        assert!(s.claim_capacity_notice(first, 5).await.unwrap());
        assert!(!s.claim_capacity_notice(first, 6).await.unwrap());
        assert_eq!(s.unmailed_capacity_notices(10).await.unwrap().len(), 2);
        s.release_capacity_notice(first).await.unwrap();
        assert!(s.claim_capacity_notice(first, 7).await.unwrap());

        // Licences: recorded with their ledger entry; an id twice is a conflict.
        let before = s.ledger_head().await.unwrap().size;
        s.add_capacity_licence("lic-1", "{}", Some(provider), entry("licence"))
            .await
            .unwrap();
        assert!(matches!(
            s.add_capacity_licence("lic-1", "{}", None, entry("licence-again"))
                .await,
            Err(StoreError::Conflict { field: "id" })
        ));
        assert_eq!(s.ledger_head().await.unwrap().size, before + 1);
        assert_eq!(s.list_capacity_licences().await.unwrap().len(), 1);

        // Backup and restore carry every capacity table.
        let snap = s.snapshot().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let other = Store::connect(&format!("sqlite://{}", dir.path().join("r.db").display()))
            .await
            .unwrap();
        other.migrate().await.unwrap();
        other.restore(&snap).await.unwrap();
        let again = other.snapshot().await.unwrap();
        assert_eq!(
            serde_json::to_value(&again.capacity).unwrap(),
            serde_json::to_value(&snap.capacity).unwrap()
        );
        assert_eq!(again.capacity.offers.len(), 3);
        // Ids continue after the restored ones.
        let next = other.add_capacity_offer("o9", None, "{}").await.unwrap();
        assert!(next.id > 3);
    }
}
