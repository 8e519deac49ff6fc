//! The effects of adopted amendments and allocation policies, on SQLite
//! and PostgreSQL: an amendment's pack is checked as an upload is when it
//! is tabled; nothing changes before adoption; at adoption the carried
//! pack version is installed in the decision's transaction (assessments
//! made before it keep the version they name, those made after use the new
//! one) and the allocation policy becomes the default of the next capacity
//! round; schedulers run twice and racing apply each effect once; the
//! ledger verifies.

use time::{Duration, OffsetDateTime};
use waico::ledger::{VerifyOptions, verify};
use waico_app::deliberation::{self as delib, ProposeInput};
use waico_app::{AppState, OpError};
use waico_deliberation::Stage;
use waico_members::policy::Actor;
use waico_members::{CountryCode, MemberStatus, RoleGrant};

use crate::app::{TestApp, backends};

pub const AMENDED: &str = "2025.6.0-amended";
const SHIPPED: &str = "2024.12.0-draft";

fn delegate_of(id: i64, country: &str) -> Actor {
    Actor::User {
        id,
        grants: vec![RoleGrant::Delegate {
            country: CountryCode::parse(country).unwrap(),
        }],
        can_write: true,
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn input(
    title: &str,
    kind: serde_json::Value,
    procedure: &str,
    t0: OffsetDateTime,
) -> ProposeInput {
    ProposeInput {
        body: delib::GENERAL_ASSEMBLY.into(),
        as_state: None,
        title: title.into(),
        kind,
        procedure: procedure.into(),
        text: "The Assembly decides as follows.".into(),
        consultation_until: rfc3339(t0 + Duration::hours(1)),
        negotiation_until: rfc3339(t0 + Duration::hours(2)),
        amendment_votes_until: rfc3339(t0 + Duration::hours(2)),
        decision_until: rfc3339(t0 + Duration::hours(3)),
    }
}

/// The shipped Brazilian pack with another version.
pub fn brazil_pack(version: &str) -> String {
    let (_, src) = waico_framework::catalog::shipped::PACKS
        .iter()
        .find(|(f, _)| f.ends_with("br_pl_2338.yaml"))
        .unwrap();
    let line = format!("version: \"{SHIPPED}\"");
    assert!(src.contains(&line));
    src.replacen(&line, &format!("version: \"{version}\""), 1)
}

/// The version of the Brazilian pack an assessment names.
fn brazil_version(packs_json: &str) -> String {
    let packs: Vec<serde_json::Value> = serde_json::from_str(packs_json).unwrap();
    packs
        .iter()
        .find(|p| p["id"] == "br-pl-2338")
        .expect("the Brazilian pack applies")["version"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn amended_rows(state: &AppState) -> usize {
    state
        .store
        .list_framework_sources()
        .await
        .unwrap()
        .iter()
        .filter(|s| s.subject == "br-pl-2338" && s.version == AMENDED)
        .count()
}

async fn ledger_verifies(app: &TestApp) {
    app.state.ledger.checkpoint_now().await.unwrap();
    verify(&VerifyOptions {
        url: app.base.clone(),
        key: app.state.ledger.verifier().to_key_string(),
        state: app._dir.path().join("verify-effects.json"),
        ..Default::default()
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn adopted_amendments_and_allocation_policies_take_effect_once() {
    for backend in backends() {
        let app = TestApp::spawn_on(&backend).await;
        for c in ["KEN", "NGA", "BRA"] {
            app.admit(c, MemberStatus::Member).await;
        }
        let s = &app.state;
        let admin_user = app
            .user(
                "secretary",
                "a long secretariat password",
                &[RoleGrant::SecretariatAdmin],
            )
            .await;
        let admin = waico_app::accounts::actor_of(&admin_user);
        let (ken, nga, bra) = (
            delegate_of(11, "KEN"),
            delegate_of(12, "NGA"),
            delegate_of(13, "BRA"),
        );

        // An assessment made before the amendment: the shipped version.
        let (_, src) = waico_framework::catalog::shipped::DEMO_SYSTEMS
            .iter()
            .find(|(f, _)| f.ends_with("open_foundation_model.yaml"))
            .unwrap();
        waico_app::framework::register_system(s, &admin, None, src)
            .await
            .unwrap();
        let (_, before) =
            waico_app::framework::assess_system(s, &admin, "demo-open-foundation-model")
                .await
                .unwrap();
        assert_eq!(brazil_version(&before.packs), SHIPPED);

        let t0 = OffsetDateTime::now_utc();
        // A pack that does not load, or a version already in force, is
        // refused when tabled, naming the field.
        for yaml in ["id: nothing\nversion: 1\n".to_owned(), brazil_pack(SHIPPED)] {
            let refused = delib::propose(
                s,
                &ken,
                &input(
                    "Broken amendment",
                    serde_json::json!({"kind": "amendment", "target": "rulepack", "name": "broken", "yaml": yaml}),
                    "recorded_vote",
                    t0,
                ),
                t0,
            )
            .await;
            assert!(
                matches!(&refused, Err(OpError::Invalid(v)) if v[0].field == "yaml"),
                "{refused:?}"
            );
        }
        let refused = delib::propose(
            s,
            &ken,
            &input(
                "Broken policy",
                serde_json::json!({"kind": "allocation_policy", "parameters": {"merit_power": -4}}),
                "consensus",
                t0,
            ),
            t0,
        )
        .await;
        assert!(
            matches!(&refused, Err(OpError::Invalid(v)) if v[0].field == "parameters"),
            "{refused:?}"
        );

        let amendment = delib::propose(
            s,
            &ken,
            &input(
                "Amend the Brazilian pack",
                serde_json::json!({"kind": "amendment", "target": "rulepack",
                    "name": "br_pl_2338_amended", "yaml": brazil_pack(AMENDED)}),
                "recorded_vote",
                t0,
            ),
            t0,
        )
        .await
        .unwrap()
        .row
        .id;
        let policy = delib::propose(
            s,
            &nga,
            &input(
                "Weigh the Global South more",
                serde_json::json!({"kind": "allocation_policy", "parameters":
                    {"merit_power": 1.5, "global_south_bonus": 0.4, "first_time_bonus": 0.1,
                     "country_cap_share": 0.3, "merit_threshold": 2.5}}),
                "consensus",
                t0,
            ),
            t0,
        )
        .await
        .unwrap()
        .row
        .id;
        delib::submit(s, &ken, amendment, None, false, t0)
            .await
            .unwrap();
        delib::submit(s, &nga, policy, None, false, t0)
            .await
            .unwrap();
        let voting = t0 + Duration::minutes(121);
        delib::run_scheduler(s, voting).await.unwrap();
        for who in [&ken, &nga, &bra] {
            delib::vote(s, who, amendment, None, "yes", voting)
                .await
                .unwrap();
        }

        // No effect before adoption.
        let closed = t0 + Duration::hours(3);
        delib::run_scheduler(s, closed - Duration::seconds(1))
            .await
            .unwrap();
        assert_eq!(amended_rows(s).await, 0);
        assert_eq!(
            s.framework
                .catalog()
                .pack("br-pl-2338")
                .unwrap()
                .doc
                .version,
            SHIPPED
        );
        assert!(delib::adopted_allocation_policy(s).await.unwrap().is_none());
        let carried = |id| async move {
            let loaded = delib::get(s, id).await.unwrap();
            delib::effects::carried_version(s, &loaded).await.unwrap()
        };
        let proposed = carried(amendment)
            .await
            .expect("an amendment carries a version");
        assert_eq!(
            (
                proposed.target,
                proposed.subject.as_str(),
                proposed.version.as_str()
            ),
            ("rulepack", "br-pl-2338", AMENDED)
        );
        assert_eq!(proposed.status, "proposed");
        assert_eq!(carried(policy).await, None, "a policy carries no version");

        // Two schedulers at the close, then again: each effect once.
        let (a, b) = tokio::join!(
            delib::run_scheduler(s, closed),
            delib::run_scheduler(s, closed)
        );
        let decided = a.unwrap().decided.len() + b.unwrap().decided.len();
        assert_eq!(decided, 2);
        let again = delib::run_scheduler(s, closed + Duration::minutes(1))
            .await
            .unwrap();
        assert_eq!(again, delib::SchedulerRun::default());
        for id in [amendment, policy] {
            assert_eq!(
                delib::get(s, id).await.unwrap().proposal.stage(),
                Stage::Adopted
            );
        }
        assert_eq!(amended_rows(s).await, 1);
        let shipped_superseded = s
            .store
            .list_framework_sources()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.subject == "br-pl-2338" && r.status == "active")
            .count();
        assert_eq!(shipped_superseded, 1, "one active version of the pack");
        assert_eq!(carried(amendment).await.unwrap().status, "active");
        assert_eq!(
            s.framework
                .catalog()
                .pack("br-pl-2338")
                .unwrap()
                .doc
                .version,
            AMENDED
        );
        assert_eq!(
            s.store
                .snapshot()
                .await
                .unwrap()
                .deliberation
                .allocation_policies
                .len(),
            1
        );

        // Assessments from now on use the amended version; the earlier
        // one keeps the version it was made with.
        let (_, after) =
            waico_app::framework::assess_system(s, &admin, "demo-open-foundation-model")
                .await
                .unwrap();
        assert_eq!(brazil_version(&after.packs), AMENDED);
        let kept = s.store.assessment(before.id).await.unwrap();
        assert_eq!(brazil_version(&kept.packs), SHIPPED);

        // The next capacity round opened without weights uses the policy.
        let adopted = delib::adopted_allocation_policy(s).await.unwrap().unwrap();
        assert_eq!(adopted.merit_power, 1.5);
        waico_app::capacity::open_call(s, &admin, "effects-call", "Effects call", 2.0)
            .await
            .unwrap();
        let round = waico_app::capacity::open_round(
            s,
            &admin,
            "effects-round",
            "effects-call",
            "Round after the policy",
            ("2027-01-01", "2027-03-31"),
            None,
        )
        .await
        .unwrap();
        let used: serde_json::Value = serde_json::from_str(&round.policy).unwrap();
        assert_eq!(used["merit_power"], 1.5);
        assert_eq!(used["global_south_bonus"], 0.4);
        assert_eq!(used["merit_threshold"], 2.5);
        // A round given its own weights keeps them.
        let own = waico_app::capacity::open_round(
            s,
            &admin,
            "own-round",
            "effects-call",
            "Round with its own weights",
            ("2027-01-01", "2027-03-31"),
            Some(waico_capacity::AllocationPolicy::default()),
        )
        .await
        .unwrap();
        let own: serde_json::Value = serde_json::from_str(&own.policy).unwrap();
        assert_eq!(
            own["merit_power"],
            waico_capacity::AllocationPolicy::default().merit_power
        );
        ledger_verifies(&app).await;
    }
}

#[tokio::test]
async fn the_demo_amendment_changed_the_brazilian_pack_and_its_arabic_page_is_rtl() {
    let app = TestApp::spawn().await;
    let s = &app.state;
    assert!(waico::demo::seed(s).await.unwrap());
    assert_eq!(waico::demo_deliberation::AMENDED_BR_VERSION, AMENDED);
    let (items, _) = delib::list(
        s,
        &waico_store::ProposalFilter {
            stages: vec!["adopted".into()],
            limit: 100,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let amendment = items
        .iter()
        .find(|l| l.row.kind == "amendment")
        .expect("an adopted amendment in the demo");
    let id = amendment.row.id;
    assert!(amendment.row.ledger_index.is_some());

    // The pack in force is the amended one; the public chatbot was assessed
    // before the amendment (shipped version, kept) and after it (amended).
    assert_eq!(
        s.framework
            .catalog()
            .pack("br-pl-2338")
            .unwrap()
            .doc
            .version,
        AMENDED
    );
    assert_eq!(amended_rows(s).await, 1);
    let snapshot = s.store.snapshot().await.unwrap();
    let chatbot = snapshot
        .framework
        .systems
        .iter()
        .find(|sys| sys.slug == "demo-public-chatbot")
        .unwrap()
        .id;
    let mut versions: Vec<(i64, String)> = snapshot
        .framework
        .assessments
        .iter()
        .filter(|a| a.system_id == chatbot)
        .map(|a| (a.id, brazil_version(&a.packs)))
        .collect();
    versions.sort();
    let versions: Vec<&str> = versions.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(versions, [SHIPPED, AMENDED]);

    // Its page says which version it carried and since when it counts.
    let english = reqwest::get(app.url(&format!("/deliberation/proposals/{id}?lang=en")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        english.contains(&format!(
            "Rulepack <bdi dir=\"ltr\">br-pl-2338 {AMENDED}</bdi>: in force for assessments made since its adoption"
        )),
        "{english}"
    );

    // Its page in Arabic: right to left, dates and numbers isolated, the
    // tally in the box the stylesheet mirrors.
    let html = reqwest::get(app.url(&format!("/deliberation/proposals/{id}?lang=ar")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        &html[..300]
    );
    assert!(html.contains("class=\"deliberation-tally\""));
    assert!(html.contains("<time datetime=\""));
    assert!(
        html.contains(&format!("<dd><bdi>{id}</bdi></dd>")),
        "the number is isolated"
    );
    let dates = html.matches("<time datetime=\"").count();
    let isolated = html.matches("\"><bdi>").count();
    assert!(
        dates > 0 && isolated >= dates,
        "{dates} dates, {isolated} isolated"
    );
    let css = reqwest::get(app.url("/assets/style.css"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        css.contains("[dir=\"rtl\"] .deliberation-tally .chart-svg { transform: scaleX(-1); }")
    );
    assert!(html.contains("<bdi>2025.6.0-amended</bdi>") || html.contains("br_pl_2338_amended"));
}
