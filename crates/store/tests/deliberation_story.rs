//! The deliberation storage story on SQLite always, and on PostgreSQL when
//! `WAICO_TEST_POSTGRES_URL` is set: bodies, proposals with revisions, the
//! transition log, a decision with its membership effect and ledger entries
//! in one transaction, stale writes refused with nothing written, secret
//! ballots, and backup/restore of the tables.

use waico_members::{CountryCode, MemberStatus};
use waico_store::{
    BallotRow, NewEntry, NewProposalRow, ProposalFilter, ProposalWrite, Store, StoreError,
    StoredBody,
};

struct TestStore {
    store: Store,
    _dir: Option<tempfile::TempDir>,
}

async fn sqlite(file: &str) -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join(file).display());
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
    let db = format!("waico_delib_{name}_{}", rand::random::<u32>());
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
    let mut stores = vec![sqlite("story.db").await];
    stores.extend(postgres(name).await);
    stores
}

fn entry(text: &str) -> NewEntry {
    let body = text.as_bytes().to_vec();
    NewEntry {
        leaf_hash: waico_ledger::leaf_hash(&body),
        body,
        kind: "generic".into(),
        time_ms: 0,
    }
}

fn new_row(id: i64) -> NewProposalRow {
    NewProposalRow {
        body: "general-assembly".into(),
        title: format!("Resolution {id}"),
        kind: "admission".into(),
        procedure: "consensus".into(),
        stage: "draft".into(),
        author: "KEN".into(),
        doc: format!("{{\"id\":{id}}}"),
        next_due_ms: Some(1_000),
    }
}

#[tokio::test]
async fn proposals_decisions_and_their_effects_are_written_together_or_not_at_all() {
    for TestStore { store, .. } in each_backend("story").await {
        let ga = StoredBody {
            slug: "general-assembly".into(),
            kind: "general_assembly".into(),
            doc: "{\"seats\":{}}".into(),
            updated_at: 0,
        };
        store.put_body(&ga).await.unwrap();
        assert_eq!(store.list_bodies().await.unwrap().len(), 1);

        let first = store.create_proposal(|id| Ok(new_row(id))).await.unwrap();
        let second = store.create_proposal(|id| Ok(new_row(id))).await.unwrap();
        assert_eq!((first.id, second.id), (1, 2));
        assert_eq!(first.doc, "{\"id\":1}");
        assert_eq!(first.revision, 1);

        // The scheduler finds what is due, oldest deadline first.
        assert_eq!(
            store.due_proposals(999, 10).await.unwrap(),
            Vec::<i64>::new()
        );
        assert_eq!(store.due_proposals(1_000, 10).await.unwrap(), [1, 2]);

        // A decision: stage, membership effect and two ledger entries
        // (decision, membership) in one transaction.
        let kes = CountryCode::parse("KEN").unwrap();
        let write = ProposalWrite {
            id: 1,
            expected_revision: 1,
            stage: "adopted".into(),
            doc: "{\"id\":1,\"adopted\":true}".into(),
            next_due_ms: None,
            decided_at: Some(1_000),
            transitions: vec![
                ("begin_negotiation".into(), "scheduler".into(), 1_000),
                ("close".into(), "scheduler".into(), 1_000),
            ],
            decision_entry: Some(entry("{\"decision\":1}")),
            membership: Some((
                kes,
                MemberStatus::Member,
                time::macros::date!(2026 - 12 - 03),
            )),
            ..Default::default()
        };
        let after = store
            .write_proposal(&write, |before, after| {
                assert!(before.is_none());
                assert_eq!(after.status, MemberStatus::Member);
                Ok(entry("{\"admitted\":\"KEN\"}"))
            })
            .await
            .unwrap();
        assert_eq!(
            (after.stage.as_str(), after.revision, after.ledger_index),
            ("adopted", 2, Some(0))
        );
        assert_eq!(store.ledger_head().await.unwrap().size, 2);
        assert_eq!(
            store.membership(kes).await.unwrap().unwrap().status,
            MemberStatus::Member
        );
        let log = store.proposal_transitions(1).await.unwrap();
        assert_eq!(
            log.iter()
                .map(|t| (t.seq, t.transition.as_str()))
                .collect::<Vec<_>>(),
            [(1, "begin_negotiation"), (2, "close")]
        );
        assert_eq!(store.due_proposals(5_000, 10).await.unwrap(), [2]);

        // The same write again (a second scheduler that read revision 1) is
        // refused, and nothing of it is written: no ledger entry, no log.
        let again = store
            .write_proposal(&write, |_, _| Ok(entry("{\"admitted\":\"KEN\"}")))
            .await;
        assert!(matches!(
            again,
            Err(StoreError::Conflict { field: "revision" })
        ));
        assert_eq!(store.ledger_head().await.unwrap().size, 2);
        assert_eq!(store.proposal_transitions(1).await.unwrap().len(), 2);
        assert!(matches!(
            store
                .write_proposal(
                    &ProposalWrite {
                        id: 99,
                        ..write.clone()
                    },
                    |_, _| unreachable!()
                )
                .await,
            Err(StoreError::NotFound)
        ));

        // Filters by stage and body.
        let (adopted, total) = store
            .list_proposals(&ProposalFilter {
                stages: vec!["adopted".into()],
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!((adopted.len(), total), (1, 1));
        let (all, total) = store
            .list_proposals(&ProposalFilter {
                body: Some("general-assembly".into()),
                limit: 1,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!((all[0].id, total), (2, 2));

        // Secret ballots: only in the decision stage, at the revision read;
        // a later ballot of the same state replaces the earlier one.
        store.put_election(2, "{\"election\":2}").await.unwrap();
        let ballot = |tracker: &str| BallotRow {
            proposal_id: 2,
            state: "KEN".into(),
            tracker: tracker.into(),
            ballot: "{}".into(),
            cast_at: 5,
        };
        assert!(matches!(
            store.cast_ballot(&ballot("t1"), 1).await,
            Err(StoreError::Conflict { .. })
        ));
        let decision = ProposalWrite {
            id: 2,
            expected_revision: 1,
            stage: "decision".into(),
            doc: "{\"id\":2}".into(),
            next_due_ms: Some(9_000),
            ..Default::default()
        };
        store
            .write_proposal(&decision, |_, _| unreachable!())
            .await
            .unwrap();
        store.cast_ballot(&ballot("t1"), 2).await.unwrap();
        assert!(store.cast_ballot(&ballot("t2"), 2).await.is_err());
        store.cast_ballot(&ballot("t2"), 3).await.unwrap();
        let ballots = store.ballots(2).await.unwrap();
        assert_eq!(ballots.len(), 1);
        assert_eq!(ballots[0].tracker, "t2");
        let closed = ProposalWrite {
            id: 2,
            expected_revision: 4,
            stage: "rejected".into(),
            doc: "{\"id\":2}".into(),
            election_record: Some("{\"record\":2}".into()),
            ..Default::default()
        };
        store
            .write_proposal(&closed, |_, _| unreachable!())
            .await
            .unwrap();
        assert_eq!(
            store.election(2).await.unwrap().record.as_deref(),
            Some("{\"record\":2}")
        );

        // Backup and restore carry every deliberation table.
        let snapshot = store.snapshot().await.unwrap();
        let fresh = sqlite("restored.db").await;
        fresh.store.restore(&snapshot).await.unwrap();
        let copy = fresh.store.snapshot().await.unwrap();
        assert_eq!(copy.deliberation.proposals, snapshot.deliberation.proposals);
        assert_eq!(copy.deliberation.transitions.len(), 2);
        assert_eq!(copy.deliberation.ballots, snapshot.deliberation.ballots);
        assert_eq!(copy.deliberation.elections, snapshot.deliberation.elections);
        assert_eq!(copy.deliberation.bodies, snapshot.deliberation.bodies);
    }
}
