//! The storage story: the same steps against SQLite always, and against
//! PostgreSQL when `WAICO_TEST_POSTGRES_URL` is set (each run in a fresh
//! database created for it).

use waico_members::{
    CountryCode, DisplayName, Email, InstitutionKind, InstitutionName, Lang, MemberStatus,
    RoleGrant, Username,
};
use waico_store::{
    BlobLease, InstitutionFilter, NewInstitution, NewUser, Store, StoreError, TokenScope,
};

struct TestStore {
    store: Store,
    _dir: Option<tempfile::TempDir>,
}

async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("story.db").display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    TestStore {
        store,
        _dir: Some(dir),
    }
}

/// A fresh PostgreSQL database named after the test, when a server is given.
async fn postgres(name: &str) -> Option<TestStore> {
    let base = std::env::var("WAICO_TEST_POSTGRES_URL").ok()?;
    let url = waico_store_test_db(&base, name).await;
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    Some(TestStore { store, _dir: None })
}

async fn waico_store_test_db(base: &str, name: &str) -> String {
    use sqlx::Executor;
    let admin = Store::connect(base)
        .await
        .expect("WAICO_TEST_POSTGRES_URL reachable");
    let db = format!("waico_story_{name}_{}", rand::random::<u32>());
    admin
        .pool()
        .execute(format!("CREATE DATABASE {db}").as_str())
        .await
        .unwrap();
    admin.close().await;
    let (prefix, _) = base.rsplit_once('/').expect("URL has a database path");
    format!("{prefix}/{db}")
}

async fn each_backend(name: &str) -> Vec<TestStore> {
    let mut stores = vec![sqlite().await];
    stores.extend(postgres(name).await);
    stores
}

fn cc(code: &str) -> CountryCode {
    CountryCode::parse(code).unwrap()
}

fn institution(name: &str, kind: InstitutionKind, country: &str) -> NewInstitution {
    NewInstitution {
        name: InstitutionName::parse(name).unwrap(),
        kind,
        country: cc(country),
        website: Some("https://example.org".into()),
    }
}

fn new_user(username: &str, email: &str) -> NewUser {
    NewUser {
        username: Username::parse(username).unwrap(),
        display_name: DisplayName::parse("Amina Keita").unwrap(),
        email: Email::parse(email).unwrap(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        country: Some(cc("MLI")),
        institution_id: None,
        language: Lang::Fr,
    }
}

#[tokio::test]
async fn memberships_create_read_update_list_delete() {
    for TestStore { store, .. } in each_backend("memberships").await {
        let since = time::Date::from_calendar_date(2025, time::Month::July, 26).unwrap();
        let m = store
            .set_membership(cc("ZAF"), MemberStatus::Member, since)
            .await
            .unwrap();
        assert_eq!(
            (m.country, m.status, m.since.as_str()),
            (cc("ZAF"), MemberStatus::Member, "2025-07-26")
        );
        store
            .set_membership(cc("QAT"), MemberStatus::Observer, since)
            .await
            .unwrap();
        let updated = store
            .set_membership(
                cc("ZAF"),
                MemberStatus::Suspended,
                time::macros::date!(2026 - 01 - 02),
            )
            .await
            .unwrap();
        assert_eq!(updated.status, MemberStatus::Suspended);
        let all = store.list_memberships().await.unwrap();
        assert_eq!(
            all.iter().map(|m| m.country.as_str()).collect::<Vec<_>>(),
            ["QAT", "ZAF"]
        );
        store.remove_membership(cc("QAT")).await.unwrap();
        assert!(store.membership(cc("QAT")).await.unwrap().is_none());
        assert!(matches!(
            store.remove_membership(cc("QAT")).await,
            Err(StoreError::NotFound)
        ));
    }
}

#[tokio::test]
async fn institutions_filter_paginate_and_refuse_duplicates() {
    for TestStore { store, .. } in each_backend("institutions").await {
        let a = store
            .create_institution(&institution(
                "University of Nairobi",
                InstitutionKind::University,
                "KEN",
            ))
            .await
            .unwrap();
        store
            .create_institution(&institution(
                "Kenya Bureau of Standards",
                InstitutionKind::StandardsBody,
                "KEN",
            ))
            .await
            .unwrap();
        store
            .create_institution(&institution(
                "Tsinghua University",
                InstitutionKind::University,
                "CHN",
            ))
            .await
            .unwrap();

        let dup = store
            .create_institution(&institution(
                "University of Nairobi",
                InstitutionKind::Company,
                "KEN",
            ))
            .await;
        assert!(
            matches!(
                dup,
                Err(StoreError::Conflict { field: "name" }
                    | StoreError::Conflict { field: "country" })
            ),
            "{dup:?}"
        );
        // Same name in another country is a different institution.
        store
            .create_institution(&institution(
                "University of Nairobi",
                InstitutionKind::University,
                "UGA",
            ))
            .await
            .unwrap();

        let page =
            |kind, country: Option<&str>, q: Option<&str>, limit, offset| InstitutionFilter {
                kind,
                country: country.map(cc),
                query: q.map(str::to_owned),
                limit,
                offset,
                ..Default::default()
            };
        let (rows, total) = store
            .list_institutions(&page(None, Some("KEN"), None, 10, 0))
            .await
            .unwrap();
        assert_eq!((rows.len(), total), (2, 2));
        let (rows, total) = store
            .list_institutions(&page(Some(InstitutionKind::University), None, None, 1, 1))
            .await
            .unwrap();
        assert_eq!((rows.len(), total), (1, 3));
        let (rows, _) = store
            .list_institutions(&page(None, None, Some("TSINGHUA"), 10, 0))
            .await
            .unwrap();
        assert_eq!(rows[0].name, "Tsinghua University");
        // A set of countries (a region, an income group…): any of them; none
        // matches nothing.
        let among = |codes: &[&str]| InstitutionFilter {
            countries: Some(codes.iter().map(|c| cc(c)).collect()),
            limit: 10,
            ..Default::default()
        };
        let (_, total) = store
            .list_institutions(&among(&["KEN", "CHN"]))
            .await
            .unwrap();
        let (_, kenya) = store.list_institutions(&among(&["KEN"])).await.unwrap();
        assert_eq!((total, kenya), (3, 2));
        let (_, none) = store.list_institutions(&among(&[])).await.unwrap();
        assert_eq!(none, 0);

        let mut changed = institution(
            "University of Nairobi (UoN)",
            InstitutionKind::University,
            "KEN",
        );
        changed.website = None;
        let b = store.update_institution(a.id, &changed).await.unwrap();
        assert_eq!(
            (b.id, b.name.as_str(), b.website.as_deref()),
            (a.id, "University of Nairobi (UoN)", None)
        );
        assert_eq!(store.institution(a.id).await.unwrap(), b);
        store.delete_institution(a.id).await.unwrap();
        assert!(matches!(
            store.institution(a.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.update_institution(a.id, &changed).await,
            Err(StoreError::NotFound)
        ));
    }
}

#[tokio::test]
async fn users_roles_sessions_and_tokens() {
    for TestStore { store, .. } in each_backend("accounts").await {
        let grants = [
            RoleGrant::Delegate { country: cc("MLI") },
            RoleGrant::Researcher,
        ];
        let user = store
            .create_user(&new_user("amina", "amina@example.ml"), &grants)
            .await
            .unwrap();
        assert_eq!(
            store.user_by_username("AMINA").await.unwrap().grants.len(),
            2
        );

        let dup_name = store
            .create_user(&new_user("amina", "other@example.ml"), &[])
            .await;
        assert!(
            matches!(dup_name, Err(StoreError::Conflict { field: "username" })),
            "{dup_name:?}"
        );
        let dup_mail = store
            .create_user(&new_user("amina2", "amina@example.ml"), &[])
            .await;
        assert!(
            matches!(dup_mail, Err(StoreError::Conflict { field: "email" })),
            "{dup_mail:?}"
        );

        store
            .grant_role(user.id, &RoleGrant::SecretariatAdmin)
            .await
            .unwrap();
        store
            .grant_role(user.id, &RoleGrant::SecretariatAdmin)
            .await
            .unwrap();
        store
            .revoke_role(user.id, &RoleGrant::Researcher)
            .await
            .unwrap();
        let grants = store.user(user.id).await.unwrap().grants;
        assert!(
            grants.contains(&RoleGrant::SecretariatAdmin)
                && !grants.contains(&RoleGrant::Researcher)
        );

        // Sessions.
        let far = waico_store::now_ms() + 3_600_000;
        store
            .create_session("s-hash", user.id, "csrf-1", far, "", None)
            .await
            .unwrap();
        store
            .create_session("old-hash", user.id, "csrf-2", 1, "", None)
            .await
            .unwrap();
        assert_eq!(
            store
                .session("s-hash")
                .await
                .unwrap()
                .unwrap()
                .user
                .username,
            "amina"
        );
        assert!(
            store.session("old-hash").await.unwrap().is_none(),
            "expired session is not live"
        );
        assert_eq!(store.delete_expired_sessions().await.unwrap(), 1);
        // A password change ends every session.
        store.set_password_hash(user.id, "new-hash").await.unwrap();
        assert!(store.session("s-hash").await.unwrap().is_none());

        // Tokens.
        let t = store
            .create_token(
                user.id,
                "ci",
                "tok-hash",
                "waico_ab",
                TokenScope::Write,
                far,
            )
            .await
            .unwrap();
        let (found, owner) = store.token_user("tok-hash").await.unwrap().unwrap();
        assert_eq!(
            (found.id, owner.id, found.scope),
            (t.id, user.id, TokenScope::Write)
        );
        assert!(
            store
                .token_user("tok-hash")
                .await
                .unwrap()
                .unwrap()
                .0
                .last_used_at
                .is_some()
        );
        store
            .create_token(
                user.id,
                "old",
                "expired-hash",
                "waico_cd",
                TokenScope::Read,
                1,
            )
            .await
            .unwrap();
        assert!(store.token_user("expired-hash").await.unwrap().is_none());
        store.revoke_token(user.id, t.id).await.unwrap();
        assert!(store.token_user("tok-hash").await.unwrap().is_none());
        assert!(matches!(
            store.revoke_token(user.id, t.id).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.list_tokens(user.id).await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn a_failed_write_in_a_transaction_leaves_nothing() {
    for TestStore { store, .. } in each_backend("transactions").await {
        // The second grant names a role twice in one insert batch: the whole
        // user creation must roll back.
        let grants = [RoleGrant::Researcher, RoleGrant::Researcher];
        let result = store
            .create_user(&new_user("twice", "twice@example.org"), &grants)
            .await;
        assert!(result.is_err());
        assert!(matches!(
            store.user_by_username("twice").await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.count_users().await.unwrap(), 0);
    }
}

#[tokio::test]
async fn snapshot_restores_into_an_empty_store_and_refuses_a_full_one() {
    for TestStore { store, .. } in each_backend("snapshot").await {
        store
            .set_membership(
                cc("CHN"),
                MemberStatus::Member,
                time::Date::from_calendar_date(2025, time::Month::July, 26).unwrap(),
            )
            .await
            .unwrap();
        let inst = store
            .create_institution(&institution(
                "Shanghai AI Laboratory",
                InstitutionKind::ResearchInstitute,
                "CHN",
            ))
            .await
            .unwrap();
        let mut nu = new_user("li.wei", "li.wei@example.cn");
        nu.institution_id = Some(inst.id);
        store
            .create_user(
                &nu,
                &[RoleGrant::InstitutionRep {
                    institution_id: inst.id,
                }],
            )
            .await
            .unwrap();
        let snap = store.snapshot().await.unwrap();
        let json = serde_json::to_string(&snap).unwrap();

        assert!(matches!(
            store.restore(&snap).await,
            Err(StoreError::Refused(_))
        ));

        let target = sqlite().await;
        target
            .store
            .restore(&serde_json::from_str(&json).unwrap())
            .await
            .unwrap();
        let user = target.store.user_by_username("li.wei").await.unwrap();
        assert_eq!(
            user.grants,
            vec![RoleGrant::InstitutionRep {
                institution_id: inst.id
            }]
        );
        assert_eq!(
            target.store.institution(inst.id).await.unwrap().name,
            "Shanghai AI Laboratory"
        );
        // New rows continue after the restored ids.
        let next = target
            .store
            .create_institution(&institution(
                "Fudan University",
                InstitutionKind::University,
                "CHN",
            ))
            .await
            .unwrap();
        assert!(next.id > inst.id);
    }
}

#[tokio::test]
async fn framework_sources_systems_and_assessments() {
    use waico_store::{NewAiSystem, NewFrameworkSource, SourceKind};
    for t in each_backend("framework").await {
        let s = &t.store;
        let pack = |version: &str| NewFrameworkSource {
            kind: SourceKind::Rulepack,
            subject: "ke-ai".into(),
            version: version.into(),
            file_name: "ke.yaml".into(),
            source: format!("id: ke-ai\nversion: \"{version}\"\n"),
            loaded_by: None,
            jurisdiction: None,
        };
        assert_eq!(
            s.framework_sources_watermark().await.unwrap(),
            waico_store::SourcesWatermark::default()
        );
        let fw = s
            .add_framework_source(
                &NewFrameworkSource {
                    kind: SourceKind::Framework,
                    subject: "urn:x:framework:ke".into(),
                    version: "1".into(),
                    file_name: "fw.yaml".into(),
                    source: "urn: urn:x:framework:ke\n".into(),
                    loaded_by: None,
                    jurisdiction: None,
                },
                |_| Ok(None),
            )
            .await
            .unwrap();
        assert_eq!(fw.status, "active");
        // An adoption and its ledger record are written together.
        let adopted = |row: &waico_store::FrameworkSource| {
            let body = format!("{{\"adopted\":\"{}\"}}", row.version).into_bytes();
            Ok(Some(waico_store::NewEntry {
                leaf_hash: waico_ledger::leaf_hash(&body),
                body,
                kind: "rulepack_version_adopted".into(),
                time_ms: 0,
            }))
        };
        s.add_framework_source(&pack("1.0"), adopted).await.unwrap();
        s.add_framework_source(&pack("1.1"), adopted).await.unwrap();
        assert_eq!(s.ledger_head().await.unwrap().size, 2);
        // The same version twice is refused; nothing else changes, the
        // ledger included.
        assert!(matches!(
            s.add_framework_source(&pack("1.1"), adopted).await,
            Err(StoreError::Conflict { field: "version" })
        ));
        assert_eq!(s.ledger_head().await.unwrap().size, 2);
        let all = s.list_framework_sources().await.unwrap();
        // The watermark counts every row (superseded ones too); the refused
        // upload left it as it was.
        let mark = s.framework_sources_watermark().await.unwrap();
        assert_eq!(mark, waico_store::SourcesWatermark::of(&all));
        assert_eq!((mark.count, mark.newest_id), (3, all[2].id));
        assert_eq!(
            waico_store::SourcesWatermark::of(&all[..2]).with(all[2].id),
            mark
        );
        let summary: Vec<(&str, &str, &str)> = all
            .iter()
            .map(|r| (r.kind.slug(), r.version.as_str(), r.status.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("framework", "1", "active"),
                ("rulepack", "1.0", "superseded"),
                ("rulepack", "1.1", "active"),
            ]
        );
        assert!(all[2].source.contains("1.1"));
        // A CISO Assistant library keeps the jurisdiction it was loaded
        // for; a mapping-set library is a kind of its own (migration 0025
        // widened the kind check on both backends).
        let ciso = |kind, subject: &str, jurisdiction: Option<&str>| NewFrameworkSource {
            kind,
            subject: subject.into(),
            version: "2".into(),
            file_name: "lib.yaml".into(),
            source: "objects: {}\n".into(),
            loaded_by: None,
            jurisdiction: jurisdiction.map(Into::into),
        };
        let lib = s
            .add_framework_source(
                &ciso(SourceKind::CisoAssistant, "urn:x:framework:lib", Some("KE")),
                |_| Ok(None),
            )
            .await
            .unwrap();
        assert_eq!(lib.jurisdiction.as_deref(), Some("KE"));
        let set = s
            .add_framework_source(
                &ciso(SourceKind::CisoMappingSet, "urn:x:library:map", None),
                |_| Ok(None),
            )
            .await
            .unwrap();
        let all = s.list_framework_sources().await.unwrap();
        assert_eq!(all[3], lib);
        assert_eq!(all[4], set);
        assert_eq!(all[4].kind, SourceKind::CisoMappingSet);
        assert_eq!(all[4].jurisdiction, None);

        let sys = s
            .create_ai_system(&NewAiSystem {
                slug: "hiring".into(),
                name: "Hiring screener".into(),
                owner_user_id: None,
                owner_institution_id: None,
                profile: "id: hiring\n".into(),
            })
            .await
            .unwrap();
        assert!(matches!(
            s.create_ai_system(&NewAiSystem {
                slug: "hiring".into(),
                name: "Other".into(),
                owner_user_id: None,
                owner_institution_id: None,
                profile: "id: hiring\n".into(),
            })
            .await,
            Err(StoreError::Conflict { field: "id" })
        ));
        let updated = s
            .update_ai_system(sys.id, "Hiring screener v2", "id: hiring\nname: v2\n")
            .await
            .unwrap();
        assert_eq!(updated.name, "Hiring screener v2");
        assert!(updated.updated_at >= sys.updated_at);
        assert_eq!(
            s.ai_system("hiring").await.unwrap().profile,
            updated.profile
        );
        assert!(matches!(
            s.ai_system("nope").await,
            Err(StoreError::NotFound)
        ));
        let (rows, total) = s.list_ai_systems(10, 0).await.unwrap();
        assert_eq!((rows.len(), total), (1, 1));

        assert!(s.latest_assessment(sys.id).await.unwrap().is_none());
        let a1 = s
            .add_assessment(sys.id, r#"[{"id":"eu","version":"1"}]"#, "{}")
            .await
            .unwrap();
        let a2 = s
            .add_assessment(sys.id, r#"[{"id":"eu","version":"2"}]"#, r#"{"x":1}"#)
            .await
            .unwrap();
        assert!(a2.id > a1.id);
        let latest = s.latest_assessment(sys.id).await.unwrap().unwrap();
        assert_eq!(latest, a2);
        assert_eq!(s.assessment(a1.id).await.unwrap().packs, a1.packs);
        // An assessment needs an existing system.
        assert!(s.add_assessment(9999, "[]", "{}").await.is_err());
    }
}

#[tokio::test]
async fn backups_carry_framework_uploads_systems_and_assessments() {
    use waico_store::{NewAiSystem, NewFrameworkSource, SourceKind};
    let source = sqlite().await;
    let s = &source.store;
    s.add_framework_source(
        &NewFrameworkSource {
            kind: SourceKind::Rulepack,
            subject: "ke-ai".into(),
            version: "1.0".into(),
            file_name: "ke.yaml".into(),
            source: "id: ke-ai\n".into(),
            loaded_by: None,
            jurisdiction: None,
        },
        |_| Ok(None),
    )
    .await
    .unwrap();
    let lib = s
        .add_framework_source(
            &NewFrameworkSource {
                kind: SourceKind::CisoAssistant,
                subject: "urn:x:framework:lib".into(),
                version: "2".into(),
                file_name: "lib.yaml".into(),
                source: "objects: {}\n".into(),
                loaded_by: None,
                jurisdiction: Some("FR".into()),
            },
            |_| Ok(None),
        )
        .await
        .unwrap();
    let system = NewAiSystem {
        slug: "hiring".into(),
        name: "Hiring".into(),
        owner_user_id: None,
        owner_institution_id: None,
        profile: "id: hiring\n".into(),
    };
    let sys = s.create_ai_system(&system).await.unwrap();
    let a = s.add_assessment(sys.id, "[]", "{\"x\":1}").await.unwrap();
    let json = serde_json::to_string(&s.snapshot().await.unwrap()).unwrap();

    for target in each_backend("fwbackup").await {
        let t = &target.store;
        t.restore(&serde_json::from_str(&json).unwrap())
            .await
            .unwrap();
        let restored = t.list_framework_sources().await.unwrap();
        assert_eq!(restored[0].version, "1.0");
        // With the jurisdiction a CISO Assistant library was loaded for.
        assert_eq!(restored[1], lib);
        assert_eq!(t.ai_system("hiring").await.unwrap(), sys);
        assert_eq!(t.latest_assessment(sys.id).await.unwrap(), Some(a.clone()));
        // Ids continue after the restored ones.
        let next = t
            .create_ai_system(&NewAiSystem {
                slug: "other".into(),
                ..system.clone()
            })
            .await
            .unwrap();
        assert!(next.id > sys.id);
    }
    // A backup written before uploads had a jurisdiction still restores:
    // the library loads as it did then (none stored, so `INTL`).
    let mut older: serde_json::Value = serde_json::from_str(&json).unwrap();
    for source in older["framework"]["sources"].as_array_mut().unwrap() {
        assert!(
            source
                .as_object_mut()
                .unwrap()
                .remove("jurisdiction")
                .is_some()
        );
    }
    let before = sqlite().await;
    before
        .store
        .restore(&serde_json::from_value(older).unwrap())
        .await
        .unwrap();
    let restored = before.store.list_framework_sources().await.unwrap();
    assert_eq!(restored[1].subject, lib.subject);
    assert_eq!(restored[1].jurisdiction, None);
    // A backup written before these tables existed still restores.
    let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
    old.as_object_mut().unwrap().remove("framework");
    let empty = sqlite().await;
    empty
        .store
        .restore(&serde_json::from_value(old).unwrap())
        .await
        .unwrap();
    assert!(
        empty
            .store
            .list_framework_sources()
            .await
            .unwrap()
            .is_empty()
    );
}
/// The ledger tables: batched appends continue the same tree as an
/// in-memory one, a stale cached tree is detected, proofs computed over
/// the stored nodes verify, and checkpoints and cosignatures round-trip.
#[tokio::test]
async fn ledger_appends_continue_one_tree_and_prove_over_stored_nodes() {
    use waico_ledger::{MemoryTree, leaf_hash};
    use waico_store::NewEntry;

    for t in each_backend("ledger").await {
        let store = &t.store;
        let entry = |i: u64| {
            let body = format!("{{\"n\":{i}}}").into_bytes();
            NewEntry {
                leaf_hash: leaf_hash(&body),
                body,
                kind: if i.is_multiple_of(2) {
                    "generic"
                } else {
                    "member_admitted"
                }
                .into(),
                time_ms: i as i64,
            }
        };
        let mut memory = MemoryTree::new();
        let mut cached = None;
        let mut next = 0u64;
        for batch in [1u64, 2, 5, 300, 13] {
            let entries: Vec<NewEntry> = (next..next + batch).map(entry).collect();
            // Every other batch resumes from the stored edge, not the cache.
            let cache = if batch.is_multiple_of(2) {
                cached.take()
            } else {
                None
            };
            let (first, builder) = store.ledger_append(&entries, cache).await.unwrap();
            assert_eq!(first, next);
            memory.append(&entries.iter().map(|e| e.leaf_hash).collect::<Vec<_>>());
            assert_eq!(builder.root(), memory.root());
            cached = Some(builder);
            next += batch;
        }
        let head = store.ledger_head().await.unwrap();
        assert_eq!((head.size, head.root), (next, memory.root()));

        // A cached tree that is behind the head is not trusted.
        let mut stale = waico_ledger::TreeBuilder::new();
        stale.push(leaf_hash(b"x"));
        let (first, b) = store
            .ledger_append(&[entry(next)], Some(stale))
            .await
            .unwrap();
        assert_eq!(first, next);
        memory.append(&[entry(next).leaf_hash]);
        assert_eq!(b.root(), memory.root());
        let size = next + 1;

        let proof = store
            .ledger_compute(|r| waico_ledger::inclusion_proof(r, 200, size))
            .await
            .unwrap();
        waico_ledger::verify_inclusion(&entry(200).leaf_hash, 200, size, &proof, &memory.root())
            .unwrap();
        let old_root = store
            .ledger_compute(|r| waico_ledger::proof::root_at(r, 8))
            .await
            .unwrap();
        let proof = store
            .ledger_compute(|r| waico_ledger::consistency_proof(r, 8, size))
            .await
            .unwrap();
        waico_ledger::verify_consistency(8, size, &old_root, &memory.root(), &proof).unwrap();

        assert_eq!(
            store.ledger_entry(7).await.unwrap().unwrap().body,
            entry(7).body
        );
        assert_eq!(
            store
                .ledger_entry_by_hash(&entry(9).leaf_hash)
                .await
                .unwrap()
                .unwrap()
                .index,
            9
        );
        assert!(store.ledger_entry(size).await.unwrap().is_none());
        let newest = store
            .ledger_entries(u64::MAX, 3, Some("member_admitted"), None, true)
            .await
            .unwrap();
        let idx: Vec<u64> = newest.iter().map(|e| e.index).collect();
        let last_odd = if !(size - 1).is_multiple_of(2) {
            size - 1
        } else {
            size - 2
        };
        assert_eq!(idx, vec![last_odd, last_odd - 2, last_odd - 4]);
        assert_eq!(store.ledger_count(None).await.unwrap(), size);
        assert_eq!(store.ledger_bodies(5, 8).await.unwrap().len(), 3);

        assert!(store.ledger_latest_checkpoint().await.unwrap().is_none());
        store
            .ledger_add_checkpoint(size, &memory.root(), "note\n")
            .await
            .unwrap();
        store
            .ledger_add_checkpoint(size, &[0; 32], "other\n")
            .await
            .unwrap();
        let cp = store.ledger_latest_checkpoint().await.unwrap().unwrap();
        assert_eq!(
            (cp.size, cp.root, cp.note.as_str()),
            (size, memory.root(), "note\n")
        );
        store
            .ledger_add_cosignature(size, "w", "— w AAAA")
            .await
            .unwrap();
        store
            .ledger_add_cosignature(size, "w", "— w BBBB")
            .await
            .unwrap();
        let cos = store.ledger_cosignatures(size).await.unwrap();
        assert_eq!(cos.len(), 1);
        assert_eq!(cos[0].line, "— w BBBB");
    }
}

#[tokio::test]
async fn commons_repositories_commits_refs_access_and_downloads() {
    use waico_commons::repo::{
        Change, Commit, RepoId, RepoKind, RepoPath, Revision, Sha256, Visibility,
    };
    use waico_store::{AccessStatus, NewRepo, OwnerKind, RepoFilter, RepoOrder};
    for t in each_backend("commons").await {
        let s = &t.store;
        let user = s
            .create_user(&new_user("amina", "amina@example.org"), &[])
            .await
            .unwrap();
        let id = RepoId::parse("amina/swahili-bert").unwrap();
        let new = NewRepo {
            kind: RepoKind::Model,
            repo: id.clone(),
            owner_kind: OwnerKind::Person,
            visibility: Visibility::Gated,
            created_by: user.id,
        };
        let repo = s.create_repo(&new).await.unwrap();
        assert!(matches!(
            s.create_repo(&new).await,
            Err(StoreError::Conflict { .. })
        ));
        // Names are unique ignoring case, Unicode included.
        for other_case in ["Amina/Swahili-BERT", "AMINA/swahili-bert"] {
            assert!(
                matches!(
                    s.create_repo(&NewRepo {
                        repo: RepoId::parse(other_case).unwrap(),
                        ..new.clone()
                    })
                    .await,
                    Err(StoreError::Conflict { field: "name" })
                ),
                "{other_case} was created beside amina/swahili-bert"
            );
        }
        // Same name, other kind: a separate namespace.
        s.create_repo(&NewRepo {
            kind: RepoKind::Dataset,
            ..new.clone()
        })
        .await
        .unwrap();
        assert_eq!(s.repo(RepoKind::Model, &id).await.unwrap().id, repo.id);

        // Commits move the branch by compare-and-swap.
        let put = |p: &str, b: &[u8]| Change::Put {
            path: RepoPath::parse(p).unwrap(),
            size: b.len() as u64,
            sha256: Sha256::digest(b),
        };
        let c1 = Commit::build(None, &[put("README.md", b"# hi")], "amina", "one", 1).unwrap();
        // A commit names only stored blobs.
        assert!(matches!(
            s.push_commit(repo.id, "main", &c1).await,
            Err(StoreError::Refused(_))
        ));
        for bytes in [&b"# hi"[..], b"{}"] {
            s.record_blob(Sha256::digest(bytes).as_str(), bytes.len() as u64)
                .await
                .unwrap();
        }
        s.push_commit(repo.id, "main", &c1).await.unwrap();
        let again = Commit::build(None, &[put("x", b"x")], "amina", "racing first", 2).unwrap();
        assert!(matches!(
            s.push_commit(repo.id, "main", &again).await,
            Err(StoreError::Conflict { field: "parent" })
        ));
        let c2 = Commit::build(Some(&c1), &[put("config.json", b"{}")], "amina", "two", 3).unwrap();
        let stale = Commit::build(Some(&c1), &[put("other", b"o")], "amina", "stale", 4).unwrap();
        s.push_commit(repo.id, "main", &c2).await.unwrap();
        assert!(matches!(
            s.push_commit(repo.id, "main", &stale).await,
            Err(StoreError::Conflict { field: "parent" })
        ));
        assert_eq!(
            s.branch_head(repo.id, "main").await.unwrap().as_deref(),
            Some(c2.id.as_str())
        );
        assert_eq!(
            s.commit(repo.id, c2.id.as_str()).await.unwrap(),
            c2,
            "a commit reads back whole"
        );
        let history = s.history(repo.id, c2.id.as_str(), 10).await.unwrap();
        assert_eq!(
            history
                .iter()
                .map(|c| c.message.as_str())
                .collect::<Vec<_>>(),
            ["two", "one"]
        );

        // Revisions: branch, tag, full id, 40-digit prefix; a tag cannot take a branch's name.
        // A tag and its release record are written together, or neither.
        let release = |tag: &str| {
            let body = format!("{{\"tag\":\"{tag}\"}}").into_bytes();
            Some(waico_store::NewEntry {
                leaf_hash: waico_ledger::leaf_hash(&body),
                body,
                kind: "commons_release_published".into(),
                time_ms: 0,
            })
        };
        s.set_tag(repo.id, "v1", c1.id.as_str(), release("v1"))
            .await
            .unwrap();
        assert!(matches!(
            s.set_tag(repo.id, "main", c1.id.as_str(), release("main"))
                .await,
            Err(StoreError::Conflict { .. })
        ));
        // Tags never move; the same tag again is a retry and records nothing.
        assert!(matches!(
            s.set_tag(repo.id, "v1", c2.id.as_str(), release("v1 moved"))
                .await,
            Err(StoreError::Conflict { field: "name" })
        ));
        s.set_tag(repo.id, "v1", c1.id.as_str(), release("v1 again"))
            .await
            .unwrap();
        assert_eq!(s.ledger_head().await.unwrap().size, 1);
        for (rev, want) in [
            ("main", &c2.id),
            ("v1", &c1.id),
            (c1.id.as_str(), &c1.id),
            (&c2.id.as_str()[..40], &c2.id),
        ] {
            let got = s
                .resolve_revision(repo.id, &Revision::parse(rev).unwrap())
                .await
                .unwrap();
            assert_eq!(got.as_deref(), Some(want.as_str()), "{rev}");
        }
        assert_eq!(
            s.resolve_revision(repo.id, &Revision::parse("nope").unwrap())
                .await
                .unwrap(),
            None
        );
        assert_eq!(s.list_refs(repo.id).await.unwrap().len(), 2);

        // Blobs, card, listing.
        assert_eq!(s.blob_size(&"a".repeat(64)).await.unwrap(), None);
        s.record_blob(&"a".repeat(64), 42).await.unwrap();
        s.record_blob(&"a".repeat(64), 42).await.unwrap();
        assert_eq!(s.blob_size(&"a".repeat(64)).await.unwrap(), Some(42));

        // Garbage: a blob no commit holds is an orphan once old enough; a
        // committed one never is.
        let held = Sha256::digest(b"# hi").to_string();
        s.record_blob(&held, 4).await.unwrap();
        let later = waico_store::now_ms() + 1;
        assert_eq!(
            s.orphan_blobs(0).await.unwrap(),
            Vec::<String>::new(),
            "too young"
        );
        assert_eq!(s.orphan_blobs(later).await.unwrap(), vec!["a".repeat(64)]);
        assert!(
            !s.mark_orphan_blob(&held, later).await.unwrap(),
            "a committed blob stays"
        );
        // Being told a blob is stored renews its lease: not collected then.
        let orphan = "a".repeat(64);
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        assert_eq!(s.touch_blob(&orphan).await.unwrap(), BlobLease::Held(42));
        assert!(
            !s.mark_orphan_blob(&orphan, later).await.unwrap(),
            "seen after the cut-off"
        );
        // Once marked, uploads and commits of it are refused until it is gone.
        let later = waico_store::now_ms() + 1;
        assert!(s.mark_orphan_blob(&orphan, later).await.unwrap());
        assert_eq!(s.touch_blob(&orphan).await.unwrap(), BlobLease::Collecting);
        assert!(matches!(
            s.record_blob(&orphan, 42).await,
            Err(StoreError::Conflict { field: "sha256" })
        ));
        let takes_orphan = Commit::build(
            Some(&c2),
            &[Change::Put {
                path: RepoPath::parse("weights.bin").unwrap(),
                size: 42,
                sha256: Sha256::parse(&orphan).unwrap(),
            }],
            "amina",
            "late",
            5,
        )
        .unwrap();
        assert!(matches!(
            s.push_commit(repo.id, "main", &takes_orphan).await,
            Err(StoreError::Refused(_))
        ));
        assert_eq!(
            s.branch_head(repo.id, "main").await.unwrap().as_deref(),
            Some(c2.id.as_str()),
            "the refused commit moved nothing"
        );
        s.forget_blob(&orphan).await.unwrap();
        assert_eq!(s.touch_blob(&orphan).await.unwrap(), BlobLease::Absent);
        assert_eq!(s.blob_size(&held).await.unwrap(), Some(4));
        s.record_blob(&orphan, 42).await.unwrap();
        assert_eq!(s.touch_blob(&orphan).await.unwrap(), BlobLease::Held(42));
        let card = waico_commons::card::parse_card(
            "---\npipeline_tag: fill-mask\nlanguage: [sw]\nlicense: mit\n---\n# Swahili BERT\n",
        );
        s.set_repo_card(
            repo.id,
            &card.metadata,
            &serde_json::json!([]),
            "Swahili BERT",
            "A model",
        )
        .await
        .unwrap();
        // Hub tags filter: every tag must match; a card change replaces them.
        let tagged = |tags: &[&str]| RepoFilter {
            tags: tags.iter().map(|t| t.to_string()).collect(),
            limit: 10,
            ..Default::default()
        };
        let count = |f: RepoFilter| async move { s.list_repos(&f).await.unwrap().1 };
        assert_eq!(count(tagged(&["fill-mask", "sw", "license:mit"])).await, 1);
        assert_eq!(count(tagged(&["fill-mask", "en"])).await, 0);
        assert_eq!(
            count(RepoFilter {
                gated: Some(true),
                ..tagged(&["sw"])
            })
            .await,
            1
        );
        assert_eq!(
            count(RepoFilter {
                gated: Some(false),
                ..tagged(&["sw"])
            })
            .await,
            0
        );
        s.set_repo_visibility(repo.id, Visibility::MembersOnly)
            .await
            .unwrap();
        assert_eq!(
            count(RepoFilter {
                public_only: true,
                ..tagged(&["sw"])
            })
            .await,
            0
        );
        s.set_repo_visibility(repo.id, Visibility::Gated)
            .await
            .unwrap();
        let (found, total) = s
            .list_repos(&RepoFilter {
                kind: Some(RepoKind::Model),
                query: Some("swahili".into()),
                order: RepoOrder::Downloads,
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!((found.len(), total), (1, 1));
        assert_eq!(found[0].card_metadata["pipeline_tag"], "fill-mask");
        s.set_repo_card(
            repo.id,
            &waico_commons::card::parse_card("---\npipeline_tag: translation\n---\n").metadata,
            &serde_json::json!([]),
            "Swahili BERT",
            "A model",
        )
        .await
        .unwrap();
        assert_eq!(count(tagged(&["fill-mask"])).await, 0);
        assert_eq!(count(tagged(&["translation"])).await, 1);
        // A store from before tags were kept gets them when it migrates.
        sqlx::query("DELETE FROM commons_repo_tags")
            .execute(s.pool())
            .await
            .unwrap();
        assert_eq!(count(tagged(&["translation"])).await, 0);
        s.migrate().await.unwrap();
        assert_eq!(count(tagged(&["translation"])).await, 1);
        assert_eq!(found[0].title, "Swahili BERT");

        // Access requests: ask, reject with a reason, ask again, approve.
        s.request_access(repo.id, user.id, "research")
            .await
            .unwrap();
        s.decide_access(repo.id, user.id, false, user.id, "not yet")
            .await
            .unwrap();
        let a = s.access_of(repo.id, user.id).await.unwrap().unwrap();
        assert_eq!(
            (a.status, a.decision_reason.as_deref()),
            (AccessStatus::Rejected, Some("not yet"))
        );
        s.request_access(repo.id, user.id, "again").await.unwrap();
        assert_eq!(
            s.list_access(repo.id).await.unwrap()[0].status,
            AccessStatus::Pending
        );
        s.decide_access(repo.id, user.id, true, user.id, "ok")
            .await
            .unwrap();
        // An approved user asking again stays approved.
        s.request_access(repo.id, user.id, "third").await.unwrap();
        assert_eq!(
            s.access_of(repo.id, user.id).await.unwrap().unwrap().status,
            AccessStatus::Approved
        );
        assert!(matches!(
            s.decide_access(repo.id, 9999, true, user.id, "").await,
            Err(StoreError::NotFound)
        ));

        // Downloads per day.
        for day in ["2026-01-01", "2026-01-01", "2026-01-02"] {
            s.record_download(repo.id, day).await.unwrap();
        }
        assert_eq!(
            s.downloads_by_day(repo.id).await.unwrap(),
            vec![("2026-01-01".to_owned(), 2), ("2026-01-02".to_owned(), 1)]
        );
        assert_eq!(s.repo(RepoKind::Model, &id).await.unwrap().downloads, 3);

        // A backup carries the commons; restored into an empty SQLite store
        // (so also across backends), everything reads back.
        let snapshot = s.snapshot().await.unwrap();
        assert_eq!(snapshot.commons.rows("commons_commits"), 2);
        let target = sqlite().await;
        target.store.restore(&snapshot).await.unwrap();
        let t2 = &target.store;
        let r2 = t2.repo(RepoKind::Model, &id).await.unwrap();
        assert_eq!(
            (r2.id, r2.downloads, r2.title.as_str()),
            (repo.id, 3, "Swahili BERT")
        );
        assert_eq!(t2.commit(repo.id, c2.id.as_str()).await.unwrap(), c2);
        assert_eq!(t2.list_refs(repo.id).await.unwrap().len(), 2);
        assert_eq!(
            t2.access_of(repo.id, user.id)
                .await
                .unwrap()
                .unwrap()
                .status,
            AccessStatus::Approved
        );
        assert_eq!(t2.dump_commons().await.unwrap(), snapshot.commons);
        // New repositories continue after the restored ids.
        let next = t2
            .create_repo(&NewRepo {
                repo: RepoId::parse("amina/next").unwrap(),
                ..new.clone()
            })
            .await
            .unwrap();
        assert!(next.id > repo.id);
    }
}

/// Every write that changes what the search index shows moves the
/// repository's `updated_at` to a new value, even within one millisecond,
/// and the changes since a time come back in pages, oldest first.
#[tokio::test]
async fn commons_changes_are_listed_for_the_search_index_to_follow() {
    use waico_commons::repo::{Change, Commit, RepoId, RepoKind, RepoPath, Sha256, Visibility};
    use waico_store::{NewRepo, OwnerKind, RepoChange};
    for t in each_backend("changes").await {
        let s = &t.store;
        let user = s
            .create_user(&new_user("amina", "amina@example.org"), &[])
            .await
            .unwrap();
        let mut repos = Vec::new();
        for name in ["one", "two", "three"] {
            let repo = s
                .create_repo(&NewRepo {
                    kind: RepoKind::Model,
                    repo: RepoId::new("amina", name).unwrap(),
                    owner_kind: OwnerKind::Person,
                    visibility: Visibility::Public,
                    created_by: user.id,
                })
                .await
                .unwrap();
            repos.push(repo);
        }
        let changed = |since: i64| async move {
            let mut all: Vec<RepoChange> = Vec::new();
            loop {
                let page = s.repos_changed_since(since, all.last(), 2).await.unwrap();
                assert!(page.len() <= 2);
                let done = page.len() < 2;
                all.extend(page);
                if done {
                    return all;
                }
            }
        };
        // Oldest change first, every one once, across pages.
        let all = changed(0).await;
        assert_eq!(
            all.iter().map(|c| c.repo.name()).collect::<Vec<_>>(),
            ["one", "two", "three"]
        );
        assert!(
            all.windows(2)
                .all(|w| (w[0].updated_at, w[0].id) < (w[1].updated_at, w[1].id))
        );
        assert_eq!(all[0].kind, RepoKind::Model);
        assert_eq!(all[2].updated_at, repos[2].updated_at);
        let newest = all[2].updated_at;
        assert_eq!(changed(newest + 1).await, []);

        // Each write moves `updated_at` past what it was.
        let one = &repos[0];
        let at = |name: &'static str| async move {
            s.repo(RepoKind::Model, &RepoId::new("amina", name).unwrap())
                .await
                .unwrap()
                .updated_at
        };
        let mut last = at("one").await;
        let mut moved = |now: i64, what: &str| {
            assert!(now > last, "{what} must move updated_at");
            last = now;
        };
        let readme = b"---\nlicense: mit\n---\n# One\n";
        let c1 = Commit::build(
            None,
            &[Change::Put {
                path: RepoPath::parse("README.md").unwrap(),
                size: readme.len() as u64,
                sha256: Sha256::digest(readme),
            }],
            "amina",
            "card",
            1,
        )
        .unwrap();
        s.record_blob(Sha256::digest(readme).as_str(), readme.len() as u64)
            .await
            .unwrap();
        s.push_commit(one.id, "main", &c1).await.unwrap();
        moved(at("one").await, "a push");
        let card = waico_commons::card::parse_card(std::str::from_utf8(readme).unwrap());
        s.set_repo_card(one.id, &card.metadata, &serde_json::json!([]), "One", "")
            .await
            .unwrap();
        moved(at("one").await, "a card");
        // Twice in a row, faster than the clock ticks: still a new value.
        for _ in 0..2 {
            s.set_repo_visibility(one.id, Visibility::MembersOnly)
                .await
                .unwrap();
            moved(at("one").await, "a visibility change");
        }
        // Tags and downloads change nothing the index shows.
        s.set_tag(one.id, "v1", c1.id.as_str(), None).await.unwrap();
        s.record_download(one.id, "2025-01-01").await.unwrap();
        assert_eq!(at("one").await, last);
        assert!(matches!(
            s.set_repo_visibility(-1, Visibility::Public).await,
            Err(StoreError::NotFound)
        ));

        // The changed repository now comes last, and alone after `newest`.
        let all = changed(newest).await;
        let names: Vec<&str> = all.iter().map(|c| c.repo.name()).collect();
        assert!(names.ends_with(&["three", "one"]), "{names:?}");
        let after = changed(newest + 1).await;
        assert_eq!(
            after
                .iter()
                .map(|c| (c.repo.name(), c.updated_at))
                .collect::<Vec<_>>(),
            [("one", last)]
        );
    }
}

/// Transactions that read before they write (a membership change reads the
/// old status, then writes it and its ledger entry) must wait for each other
/// and for plain appends, never fail with "database is locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn read_then_write_transactions_wait_for_each_other() {
    use waico_ledger::leaf_hash;
    use waico_store::NewEntry;

    let entry = |text: String| {
        let body = text.into_bytes();
        NewEntry {
            leaf_hash: leaf_hash(&body),
            body,
            kind: "generic".into(),
            time_ms: 0,
        }
    };
    for t in each_backend("readwrite").await {
        let store = t.store.clone();
        let countries = ["KEN", "ZAF", "CHN", "BRA", "QAT", "IND", "MEX", "EGY"];
        let mut tasks = Vec::new();
        for (i, code) in countries.into_iter().enumerate() {
            let members = store.clone();
            tasks.push(tokio::spawn(async move {
                members
                    .set_membership_recorded(
                        cc(code),
                        MemberStatus::Member,
                        time::Date::from_calendar_date(2025, time::Month::July, 26).unwrap(),
                        |_, _| {
                            // Hold the transaction open between its read and
                            // its write, so that the others write meanwhile.
                            std::thread::sleep(std::time::Duration::from_millis(20));
                            Ok(Some(entry(format!("{{\"member\":\"{code}\"}}"))))
                        },
                    )
                    .await
                    .map(|_| ())
            }));
            let appender = store.clone();
            tasks.push(tokio::spawn(async move {
                appender
                    .ledger_append(&[entry(format!("{{\"n\":{i}}}"))], None)
                    .await
                    .map(|_| ())
            }));
        }
        for task in tasks {
            task.await
                .unwrap()
                .expect("no transaction fails for a lock");
        }
        assert_eq!(store.ledger_head().await.unwrap().size, 16);
        assert_eq!(store.list_memberships().await.unwrap().len(), 8);
    }
}

fn repo_named(id: &str, created_by: i64) -> waico_store::NewRepo {
    waico_store::NewRepo {
        kind: waico_commons::repo::RepoKind::Model,
        repo: waico_commons::repo::RepoId::parse(id).unwrap(),
        owner_kind: waico_store::OwnerKind::Person,
        visibility: waico_commons::repo::Visibility::Public,
        created_by,
    }
}

async fn repos_found(store: &Store, query: &str) -> Vec<String> {
    let (repos, total) = store
        .list_repos(&waico_store::RepoFilter {
            query: Some(query.into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(total as usize, repos.len(), "{query}");
    let mut found: Vec<String> = repos.iter().map(|r| r.repo.to_string()).collect();
    found.sort();
    found
}

async fn institutions_found(store: &Store, query: &str) -> Vec<String> {
    let (found, total) = store
        .list_institutions(&InstitutionFilter {
            query: Some(query.into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(total as usize, found.len(), "{query}");
    found.into_iter().map(|i| i.name).collect()
}

#[tokio::test]
async fn search_takes_wildcards_literally_and_ignores_case_in_every_script() {
    for TestStore { store, .. } in each_backend("search").await {
        let user = store
            .create_user(&new_user("amina", "amina@example.org"), &[])
            .await
            .unwrap();
        for id in ["amina/my_model", "amina/myxmodel", "amina/ru-summary"] {
            store.create_repo(&repo_named(id, user.id)).await.unwrap();
        }
        let summary = store
            .repo(
                waico_commons::repo::RepoKind::Model,
                &waico_commons::repo::RepoId::parse("amina/ru-summary").unwrap(),
            )
            .await
            .unwrap();
        store
            .set_repo_card(
                summary.id,
                &Default::default(),
                &serde_json::json!([]),
                "Реферирование русских текстов: 100% offline",
                "",
            )
            .await
            .unwrap();
        // `_` and `%` match themselves, not any character.
        assert_eq!(repos_found(&store, "my_model").await, ["amina/my_model"]);
        assert_eq!(repos_found(&store, "MY_MODEL").await, ["amina/my_model"]);
        assert_eq!(repos_found(&store, "100%").await, ["amina/ru-summary"]);
        assert_eq!(repos_found(&store, "%").await, ["amina/ru-summary"]);
        assert!(repos_found(&store, "my%model").await.is_empty());
        assert!(repos_found(&store, "\\").await.is_empty());
        // Case is ignored beyond ASCII, the same on both backends.
        assert_eq!(
            repos_found(&store, "Реферирование").await,
            ["amina/ru-summary"]
        );
        assert_eq!(
            repos_found(&store, "РУССКИХ ТЕКСТОВ").await,
            ["amina/ru-summary"]
        );

        for (name, country) in [
            (
                "Scientific and Technological Research Council of Türkiye (TÜBİTAK)",
                "TUR",
            ),
            ("Université Cheikh Anta Diop", "SEN"),
            ("Data_Lab 100%", "KEN"),
            ("DataXLab", "KEN"),
            ("Kenya Data Office", "KEN"),
        ] {
            store
                .create_institution(&institution(name, InstitutionKind::University, country))
                .await
                .unwrap();
        }
        let tubitak = "Scientific and Technological Research Council of Türkiye (TÜBİTAK)";
        assert_eq!(institutions_found(&store, "tübitak").await, [tubitak]);
        assert_eq!(institutions_found(&store, "TÜBİTAK").await, [tubitak]);
        assert_eq!(institutions_found(&store, "türkiye").await, [tubitak]);
        assert_eq!(
            institutions_found(&store, "UNIVERSITÉ").await,
            ["Université Cheikh Anta Diop"]
        );
        assert_eq!(
            institutions_found(&store, "data_lab").await,
            ["Data_Lab 100%"]
        );
        assert_eq!(institutions_found(&store, "0%").await, ["Data_Lab 100%"]);
        // A renamed institution is found by its new name only.
        let (lab, _) = store
            .list_institutions(&InstitutionFilter {
                query: Some("dataxlab".into()),
                limit: 1,
                ..Default::default()
            })
            .await
            .unwrap();
        store
            .update_institution(
                lab[0].id,
                &institution("Лаборатория данных", InstitutionKind::University, "KEN"),
            )
            .await
            .unwrap();
        assert!(institutions_found(&store, "dataxlab").await.is_empty());
        assert_eq!(
            institutions_found(&store, "ЛАБОРАТОРИЯ").await,
            ["Лаборатория данных"]
        );
        // Filters combine with the search, and paging counts them all.
        let (page, total) = store
            .list_institutions(&InstitutionFilter {
                country: Some(cc("KEN")),
                countries: Some(vec![cc("KEN"), cc("TUR")]),
                query: Some("DATA".into()),
                limit: 1,
                offset: 1,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(total, 2);
        assert_eq!(page.len(), 1);
        assert_eq!(page[0].name, "Kenya Data Office");

        // A restored backup is searched the same way.
        let copy = sqlite().await;
        copy.store
            .restore(&store.snapshot().await.unwrap())
            .await
            .unwrap();
        assert_eq!(
            repos_found(&copy.store, "my_model").await,
            ["amina/my_model"]
        );
        assert_eq!(institutions_found(&copy.store, "tübitak").await, [tubitak]);
        // And so is an imported registry.
        let other = sqlite().await;
        other
            .store
            .import_registry(&store.export_registry().await.unwrap())
            .await
            .unwrap();
        assert_eq!(institutions_found(&other.store, "tübitak").await, [tubitak]);
    }
}

/// A store migrated up to (not including) the search columns, with rows
/// written then: `migrate` fills their search columns.
#[tokio::test]
async fn rows_stored_before_the_search_columns_are_found_after_migrating() {
    let mut stores = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display());
    stores.push((
        Store::connect(&url).await.unwrap(),
        sqlx::migrate!("migrations/sqlite"),
    ));
    if let Ok(base) = std::env::var("WAICO_TEST_POSTGRES_URL") {
        let url = waico_store_test_db(&base, "search_fill").await;
        stores.push((
            Store::connect(&url).await.unwrap(),
            sqlx::migrate!("migrations/postgres"),
        ));
    }
    for (store, mut before) in stores {
        before.migrations = before
            .migrations
            .iter()
            .filter(|m| m.version < 8)
            .cloned()
            .collect::<Vec<_>>()
            .into();
        before.run(store.pool()).await.unwrap();
        sqlx::query(
            "INSERT INTO institutions (name, kind, country, created_at) \
             VALUES ('Scientific and Technological Research Council of Türkiye (TÜBİTAK)', 'research_institute', 'TUR', 1)",
        )
        .execute(store.pool())
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO commons_repos (kind, owner, name, owner_kind, visibility, created_by, title, created_at, updated_at) \
             VALUES ('model', 'amina', 'my_model', 'person', 'public', 1, 'Реферирование', 1, 1)",
        )
        .execute(store.pool())
        .await
        .unwrap();
        store.migrate().await.unwrap();
        assert_eq!(institutions_found(&store, "tübitak").await.len(), 1);
        assert_eq!(repos_found(&store, "my_model").await, ["amina/my_model"]);
        assert_eq!(
            repos_found(&store, "реферирование").await,
            ["amina/my_model"]
        );
    }
}

/// A change of power over an account and its ledger entry and account
/// event are written together; a change that changes nothing writes
/// nothing; deactivation ends sessions and stops tokens; the record and the
/// deactivation survive a backup and restore.
#[tokio::test]
async fn account_changes_are_recorded_with_their_ledger_entry() {
    use waico_store::AccountChange;
    for TestStore { store, .. } in each_backend("account_changes").await {
        let new = |name: &str| NewUser {
            username: Username::parse(name).unwrap(),
            display_name: DisplayName::parse(name).unwrap(),
            email: Email::parse(&format!("{name}@example.org")).unwrap(),
            password_hash: "$argon2id$not-checked-here".into(),
            country: None,
            institution_id: None,
            language: Lang::En,
        };
        let entry = |n: u32| {
            let body = format!("{{\"change\":{n}}}").into_bytes();
            waico_store::NewEntry {
                leaf_hash: waico_ledger::leaf_hash(&body),
                body,
                kind: "generic".into(),
                time_ms: 1_000 + i64::from(n),
            }
        };
        let sec = store.create_user(&new("sec"), &[]).await.unwrap();
        // Creation with a grant records the grant.
        let amina = store
            .create_user_recorded(
                &new("amina"),
                &[RoleGrant::Researcher],
                Some(sec.id),
                |_, _| Ok(entry(0)),
            )
            .await
            .unwrap();
        let size = || async { store.ledger_head().await.unwrap().size };
        assert_eq!(size().await, 1);

        let kenya = RoleGrant::Delegate { country: cc("KEN") };
        let granted = store
            .change_account_recorded(
                Some(sec.id),
                amina.id,
                &AccountChange::Grant(kenya.clone()),
                entry(1),
            )
            .await
            .unwrap()
            .expect("a change");
        assert_eq!(granted.ledger_index, 1);
        assert_eq!(granted.detail, "delegate:KEN");
        assert_eq!(size().await, 2);
        // Granting a role already held changes and records nothing.
        assert!(
            store
                .change_account_recorded(
                    Some(sec.id),
                    amina.id,
                    &AccountChange::Grant(kenya.clone()),
                    entry(2)
                )
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(size().await, 2);
        // Revoking one not held is refused, nothing written.
        assert!(matches!(
            store
                .change_account_recorded(
                    None,
                    amina.id,
                    &AccountChange::Revoke(RoleGrant::SecretariatAdmin),
                    entry(3)
                )
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store
                .change_account_recorded(None, 999_999, &AccountChange::Deactivate, entry(3))
                .await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(size().await, 2);

        // Deactivation: the session and the token stop working.
        let far = waico_store::now_ms() + 3_600_000;
        store
            .create_session("live-hash", amina.id, "csrf", far, "Firefox/128.0", None)
            .await
            .unwrap();
        store
            .create_token(
                amina.id,
                "ci",
                "token-hash",
                "waico_ab",
                TokenScope::Read,
                far,
            )
            .await
            .unwrap();
        assert!(store.session("live-hash").await.unwrap().is_some());
        assert!(store.token_user("token-hash").await.unwrap().is_some());
        store
            .change_account_recorded(None, amina.id, &AccountChange::Deactivate, entry(4))
            .await
            .unwrap()
            .expect("a change");
        assert!(store.session("live-hash").await.unwrap().is_none());
        assert!(store.token_user("token-hash").await.unwrap().is_none());
        assert!(
            store
                .credentials("amina")
                .await
                .unwrap()
                .unwrap()
                .deactivated
        );
        assert!(store.user(amina.id).await.unwrap().deactivated_at.is_some());
        // A second deactivation is no change.
        assert!(
            store
                .change_account_recorded(None, amina.id, &AccountChange::Deactivate, entry(5))
                .await
                .unwrap()
                .is_none()
        );
        // Sessions of the user are listed and ended by handle only.
        store
            .change_account_recorded(None, amina.id, &AccountChange::Reactivate, entry(6))
            .await
            .unwrap()
            .expect("a change");
        store
            .create_session("0123456789abcdef-rest", amina.id, "c", far, "curl/8", None)
            .await
            .unwrap();
        store
            .create_session(
                "fedcba9876543210-rest",
                amina.id,
                "c",
                far,
                &"x".repeat(500),
                None,
            )
            .await
            .unwrap();
        let listed = store.list_sessions(amina.id).await.unwrap();
        assert_eq!(listed.len(), 2);
        assert!(listed.iter().all(|s| s.user_agent.chars().count() <= 200));
        assert!(matches!(
            store.end_session(sec.id, "0123456789abcdef").await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.end_session(amina.id, "0123%").await,
            Err(StoreError::NotFound)
        ));
        store
            .end_session(amina.id, "0123456789abcdef")
            .await
            .unwrap();
        assert_eq!(
            store
                .end_other_sessions(amina.id, "nothing-kept")
                .await
                .unwrap(),
            1
        );
        assert!(store.list_sessions(amina.id).await.unwrap().is_empty());

        let events = store
            .account_events(Some(amina.id), None, 10)
            .await
            .unwrap();
        let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "user_reactivated",
                "user_deactivated",
                "role_granted",
                "role_granted"
            ]
        );
        assert_eq!(
            store
                .account_events(None, Some(events[1].id), 10)
                .await
                .unwrap()
                .len(),
            2
        );
        assert!(
            store
                .account_events(Some(sec.id), None, 10)
                .await
                .unwrap()
                .is_empty()
        );

        // Backup and restore keep the record and the deactivation state.
        store
            .change_account_recorded(Some(sec.id), amina.id, &AccountChange::Deactivate, entry(7))
            .await
            .unwrap();
        let snapshot = store.snapshot().await.unwrap();
        let json = serde_json::to_string(&snapshot).unwrap();
        let copy = sqlite().await;
        copy.store
            .restore(&serde_json::from_str(&json).unwrap())
            .await
            .unwrap();
        assert_eq!(
            copy.store.account_events(None, None, 50).await.unwrap(),
            store.account_events(None, None, 50).await.unwrap()
        );
        assert!(
            copy.store
                .credentials("amina")
                .await
                .unwrap()
                .unwrap()
                .deactivated
        );
    }
}
