//! Notices of the capacity exchange against a real SMTP server (`aiosmtpd`)
//! on SQLite and, when `WAICO_TEST_POSTGRES_URL` is set, PostgreSQL: a
//! published round tells its requester and its provider, a published match
//! its applicant, each listed on `/capacity` and by the API; two processes
//! sharing the database mail each notice once. And export licences: a pair
//! barred only for lack of a licence is served once one is recorded.

use serde_json::{Value, json};
use waico_app::AppState;
use waico_app::capacity as cap;
use waico_members::policy::Actor;
use waico_members::{CountryCode, RoleGrant};

use crate::app::{Backend, TestApp, backends, fresh_postgres, sign_in};
use crate::mail::{MailServer, mailer, unfolded};

const PASSWORD: &str = "correct horse battery";

/// A process on the database at `url`, with `mail` as its mailer.
async fn process(url: &str, dir: &std::path::Path, mail: waico_app::mail::Mailer) -> AppState {
    let store = waico_store::Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let artifacts = waico_store::artifacts::open(&dir.join("artifacts"), None).unwrap();
    let settings = waico_app::Settings {
        mailer: mail,
        public_url: "https://waico.test".into(),
        ..Default::default()
    };
    AppState::new(store, artifacts, settings)
}

async fn person(state: &AppState, name: &str, grants: &[RoleGrant], country: &str) -> Actor {
    let input = waico_app::accounts::UserInput {
        username: name.into(),
        display_name: format!("{name} (test)"),
        email: format!("{name}@test.waico.org"),
        password: PASSWORD.into(),
        country: country.into(),
        institution_id: None,
        language: if name == "fatou" { "fr" } else { "en" }.into(),
    };
    let user = waico_app::accounts::create_user_in(&state.store, &input, grants)
        .await
        .unwrap();
    waico_app::accounts::actor_of(&user)
}

fn delegate(country: &str) -> RoleGrant {
    RoleGrant::Delegate {
        country: CountryCode::parse(country).unwrap(),
    }
}

fn request(id: &str, country: &str, model: &str) -> Value {
    json!({
        "id": id, "title": format!("Project {id}"), "abstract": "Models for local languages.",
        "institution": "Institute", "country": country,
        "accelerators": [{"model": model, "factor": 1.0}],
        "hours": 400, "minimum_hours": 100,
        "window": {"start": "2027-01-01", "end": "2027-06-30"}, "end_use": "research",
    })
}

fn offer(id: &str, jurisdiction: &str, model: &str) -> Value {
    json!({
        "id": id, "provider": format!("Provider {id}"), "site": "Site",
        "jurisdiction": jurisdiction, "accelerator": model, "count": 8, "hours": 1000,
        "window": {"start": "2027-01-01", "end": "2027-06-30"}, "terms": {"kind": "free"},
    })
}

/// A call with one reviewed request, a round over it, run by `runner`.
async fn publish_round(setup: &AppState, runner: &AppState, admin: &Actor, reviewer: &str) {
    cap::open_call(setup, admin, "call-n", "Call", 3.0)
        .await
        .unwrap();
    let researcher = person(setup, "fatou", &[RoleGrant::Researcher], "SEN").await;
    cap::submit_request(setup, &researcher, "call-n", request("req-n", "SN", "L4"))
        .await
        .unwrap();
    cap::assign_reviewer(setup, admin, "req-n", reviewer)
        .await
        .unwrap();
    let reviewer_actor =
        waico_app::accounts::actor_of(&setup.store.user_by_username(reviewer).await.unwrap());
    cap::review(setup, &reviewer_actor, "req-n", 5, "Good")
        .await
        .unwrap();
    cap::open_round(
        setup,
        admin,
        "round-n",
        "call-n",
        "Round N",
        ("2027-01-01", "2027-06-30"),
        Some(cap::Policy {
            country_cap_share: 1.0,
            ..cap::Policy::default()
        }),
    )
    .await
    .unwrap();
    cap::run_round(runner, admin, "round-n", std::time::Duration::from_secs(10))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn published_rounds_and_matches_notify_once_by_e_mail_on_every_backend() {
    for backend in backends() {
        let smtp = MailServer::start().await;
        let shared = tempfile::tempdir().unwrap();
        let url = match &backend {
            Backend::Sqlite => format!("sqlite://{}", shared.path().join("waico.db").display()),
            Backend::Postgres(base) => fresh_postgres(base).await,
        };
        // A process without SMTP publishes; two with SMTP then mail.
        let quiet = process(&url, shared.path(), waico_app::mail::Mailer::disabled()).await;
        let a = process(&url, shared.path(), mailer(smtp.port)).await;
        let b = process(&url, shared.path(), mailer(smtp.port)).await;
        let admin = person(&quiet, "sec", &[RoleGrant::SecretariatAdmin], "CHE").await;
        let provider = person(&quiet, "kofi", &[delegate("GHA")], "GHA").await;
        person(&quiet, "ana", &[RoleGrant::Researcher], "BRA").await;
        cap::create_offer(&quiet, &provider, offer("gh-l4", "GH", "L4"))
            .await
            .unwrap();
        publish_round(&quiet, &quiet, &admin, "ana").await;

        // Stored per recipient: the requester and the provider, one each.
        let fatou = quiet.store.user_by_username("fatou").await.unwrap();
        let kofi = quiet.store.user_by_username("kofi").await.unwrap();
        let tr = waico_i18n::Tr::new(waico_members::Lang::En);
        let mine = waico_app::capacity::notices::my_notices(
            &quiet,
            &waico_app::accounts::actor_of(&fatou),
            &tr,
        )
        .await
        .unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].requests[0].request, "req-n");
        assert!((mine[0].requests[0].delivered - 400.0).abs() < 1e-3);
        assert!(!mine[0].mailed);
        let theirs = waico_app::capacity::notices::my_notices(
            &quiet,
            &waico_app::accounts::actor_of(&kofi),
            &tr,
        )
        .await
        .unwrap();
        assert_eq!(theirs[0].offers[0].offer, "gh-l4");
        assert!((theirs[0].offers[0].allocated - 400.0).abs() < 1e-3);
        assert!(smtp.messages().is_empty(), "no SMTP, no mail");

        // Two processes mail at once: each notice goes exactly once.
        let (ra, rb) = tokio::join!(
            waico_app::capacity::notices::send_notices(&a),
            waico_app::capacity::notices::send_notices(&b)
        );
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        assert_eq!(ra.sent + rb.sent, 2, "{ra:?} {rb:?}");
        assert_eq!(ra.failed + rb.failed, 0);
        let mails = smtp.wait_for(2).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(smtp.messages().len(), 2, "nothing twice");
        let to_fatou = mails
            .iter()
            .map(|m| unfolded(m))
            .find(|m| m.contains("fatou@test.waico.org"))
            .expect("the requester got mail");
        // In the requester's language, with the link to the round.
        assert!(to_fatou.contains("Votre demande req-n"), "{to_fatou}");
        assert!(to_fatou.contains("https://waico.test/capacity/rounds/round-n"));
        assert!(
            mails
                .iter()
                .any(|m| unfolded(m).contains("Your offer gh-l4")),
            "the provider got mail"
        );
        assert_eq!(
            waico_app::capacity::notices::send_notices(&a)
                .await
                .unwrap()
                .sent,
            0
        );

        // A match published by a process with SMTP mails its applicant by itself.
        cap::create_match(&a, &admin, "m-n", "Fellows N")
            .await
            .unwrap();
        cap::put_program(
            &a,
            &admin,
            "m-n",
            "Program",
            json!({"id": "p1", "host_institution": "Host", "capacity": 1, "ranking": ["fatou"]}),
        )
        .await
        .unwrap();
        let fatou_actor = waico_app::accounts::actor_of(&fatou);
        cap::apply(&a, &fatou_actor, "m-n", vec!["p1".into()])
            .await
            .unwrap();
        cap::run_match_op(&a, &admin, "m-n").await.unwrap();
        let mails = smtp.wait_for(3).await;
        assert_eq!(mails.len(), 3);
        let to_applicant = mails
            .iter()
            .map(|m| unfolded(m))
            .find(|m| m.contains("https://waico.test/capacity/matches/m-n"))
            .expect("the applicant got mail");
        assert!(to_applicant.contains("fatou@test.waico.org"));
        assert!(
            to_applicant.contains(" p1."),
            "names the program: {to_applicant}"
        );
        let notices = waico_app::capacity::notices::my_notices(&a, &fatou_actor, &tr)
            .await
            .unwrap();
        assert_eq!(
            notices.iter().map(|n| n.kind.as_str()).collect::<Vec<_>>(),
            vec!["match", "round"]
        );
        // Notices of a finished publication are sent: a later send finds none.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !waico_app::capacity::notices::my_notices(&a, &fatou_actor, &tr)
            .await
            .unwrap()
            .iter()
            .all(|n| n.mailed)
        {
            assert!(std::time::Instant::now() < deadline);
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }

        // On the page and through the API, for the signed-in person only.
        let app = TestApp::serve(a.clone(), tempfile::tempdir().unwrap()).await;
        let browser = sign_in(&app, "fatou", PASSWORD).await;
        let home = browser
            .get(app.url("/capacity"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(home.contains("Vos avis"), "{home}");
        assert!(home.contains("/capacity/rounds/round-n"));
        assert!(home.contains("/capacity/matches/m-n"));
        let token = app
            .token(
                fatou.id,
                waico_store::TokenScope::Write,
                waico_store::now_ms() + 600_000,
            )
            .await;
        let http = reqwest::Client::new();
        let r = http
            .get(app.url("/api/v1/capacity/notices"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let list: Value = r.json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert_eq!(list[1]["subject"], "round-n");
        assert_eq!(list[1]["mailed"], true);
        let r = http
            .get(app.url("/api/v1/capacity/notices"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        drop(smtp);
        drop(shared);
    }
}

/// A US H100 offer and a Chinese request: the pair is barred for lack of a
/// licence; once the secretariat records one through the API (refused for
/// a barring rule, and to anyone else), the next round serves it, and the
/// ledger holds the grant.
#[tokio::test]
async fn a_recorded_licence_lets_a_pair_barred_only_for_lack_of_it_through() {
    let app = TestApp::spawn().await;
    let state = &app.state;
    let admin = person(state, "sec", &[RoleGrant::SecretariatAdmin], "CHE").await;
    let us = person(state, "sam", &[delegate("USA")], "USA").await;
    let cn = person(state, "wen", &[RoleGrant::Researcher], "CHN").await;
    person(state, "ana", &[RoleGrant::Researcher], "BRA").await;
    cap::create_offer(state, &us, offer("us-h100", "US", "H100"))
        .await
        .unwrap();
    let run = |round: &'static str, call: &'static str, req: &'static str| {
        let (admin, cn) = (admin.clone(), cn.clone());
        async move {
            cap::open_call(state, &admin, call, "Call", 3.0)
                .await
                .unwrap();
            cap::submit_request(state, &cn, call, request(req, "CN", "H100"))
                .await
                .unwrap();
            cap::assign_reviewer(state, &admin, req, "ana")
                .await
                .unwrap();
            let ana =
                waico_app::accounts::actor_of(&state.store.user_by_username("ana").await.unwrap());
            cap::review(state, &ana, req, 5, "Good").await.unwrap();
            cap::open_round(
                state,
                &admin,
                round,
                call,
                "Round",
                ("2027-01-01", "2027-06-30"),
                Some(cap::Policy {
                    country_cap_share: 1.0,
                    ..cap::Policy::default()
                }),
            )
            .await
            .unwrap();
            let view = cap::run_round(state, &admin, round, std::time::Duration::from_secs(10))
                .await
                .unwrap();
            let e = view
                .result
                .unwrap()
                .explanations
                .into_iter()
                .find(|e| e.request == req)
                .unwrap();
            cap::close_round(state, &admin, round, ("2027-01-01", "2027-06-30"))
                .await
                .unwrap();
            e
        }
    };
    let before = run("round-1", "call-1", "cn-1").await;
    assert_eq!(before.delivered, 0.0);
    let excluded = serde_json::to_string(&before.excluded).unwrap();
    assert!(excluded.contains("us-ear-3a090-d5"), "{excluded}");

    let token = |actor: &Actor| {
        let Actor::User { id, .. } = actor else {
            unreachable!()
        };
        app.token(
            *id,
            waico_store::TokenScope::Write,
            waico_store::now_ms() + 600_000,
        )
    };
    let admin_token = token(&admin).await;
    let us_token = token(&us).await;
    let http = reqwest::Client::new();
    let licence = |rule: &str| {
        json!({
            "id": "bis-2027-001", "rule": rule, "jurisdiction": "US", "destination": "CN",
            "classes": ["3A090.a"], "valid": {"start": "2027-01-01", "end": "2027-12-31"},
            "reference": "BIS D-2027-001",
        })
    };
    let post = |token: &str, body: Value| {
        http.post(app.url("/api/v1/capacity/licences"))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let r = post(&us_token, licence("us-ear-3a090-d5")).await.unwrap();
    assert_eq!(r.status(), 403);
    // A rule that bars: no licence lifts it, a refusal by the rules in
    // force (409 naming the field).
    let r = post(&admin_token, licence("us-ear-746-embargo"))
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "rule");
    assert_eq!(problem["errors"][0]["code"], "capacity-err-barred");
    // Its form is checked first: a destination that is no country, a
    // blank class, an unknown member (422 naming each).
    for (change, field) in [
        (json!({"destination": "XX"}), "destination"),
        (json!({"classes": ["3A090.a", " "]}), "classes[1]"),
        (json!({"granted_by": "me"}), "granted_by"),
    ] {
        let mut body = licence("us-ear-3a090-d5");
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = post(&admin_token, body).await.unwrap();
        assert_eq!(r.status(), 422, "{field}");
        let problem: Value = r.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    // A rule the node does not hold: 404 naming the field.
    let r = post(&admin_token, licence("no-such-rule")).await.unwrap();
    assert_eq!(r.status(), 404);
    let r = post(&admin_token, licence("us-ear-3a090-d5"))
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = post(&admin_token, licence("us-ear-3a090-d5"))
        .await
        .unwrap();
    assert_eq!(r.status(), 409, "an id twice");
    let problem: Value = r.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "id");
    let listed: Value = reqwest::get(app.url("/api/v1/capacity/licences"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["licence"]["reference"], "BIS D-2027-001");

    // The carried-over hours of the US offer now serve the Chinese request.
    let after = run("round-2", "call-2", "cn-2").await;
    assert!((after.delivered - 400.0).abs() < 1e-3, "{after:?}");
    assert!(after.grants.iter().any(|g| g.offer.starts_with("us-h100")));

    // The page lists it; the grant is in the ledger.
    let page = reqwest::get(app.url("/capacity/licences"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("BIS D-2027-001"));
    assert!(!page.contains("name=\"reference\""), "no form for visitors");
    let records: Vec<String> = state
        .store
        .ledger_entries(0, 1000, Some("generic"), None, false)
        .await
        .unwrap()
        .iter()
        .map(|e| String::from_utf8_lossy(&e.body).into_owned())
        .collect();
    assert!(
        records
            .iter()
            .any(|b| b.contains("capacity_licence_granted") && b.contains("bis-2027-001"))
    );

    // Revoked (by the secretariat only, with a reason, once), the licence
    // stays listed but the next round bars the pair again, though a fresh
    // US offer has hours for it; the revocation is in the ledger.
    let revoke = |token: &str, id: &str, reason: &str| {
        http.post(app.url(&format!("/api/v1/capacity/licences/{id}/revoke")))
            .bearer_auth(token)
            .json(&json!({ "reason": reason }))
            .send()
    };
    let r = revoke(&us_token, "bis-2027-001", "Ended").await.unwrap();
    assert_eq!(r.status(), 403);
    let r = revoke(&admin_token, "bis-2027-001", "  ").await.unwrap();
    assert_eq!(r.status(), 422);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "reason");
    let r = revoke(&admin_token, "no-such-licence", "Ended")
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = revoke(
        &admin_token,
        "bis-2027-001",
        "Suspended by the issuing authority",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let revoked: Value = r.json().await.unwrap();
    assert!(revoked["revoked_at"].is_i64());
    let r = revoke(&admin_token, "bis-2027-001", "Again").await.unwrap();
    assert_eq!(r.status(), 409, "revoked once");
    cap::create_offer(state, &us, offer("us-h100-b", "US", "H100"))
        .await
        .unwrap();
    let barred = run("round-3", "call-3", "cn-3").await;
    assert_eq!(barred.delivered, 0.0, "{barred:?}");
    let excluded = serde_json::to_string(&barred.excluded).unwrap();
    assert!(excluded.contains("us-ear-3a090-d5"), "{excluded}");
    let page = reqwest::get(app.url("/capacity/licences?lang=en"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Suspended by the issuing authority"),
        "{page}"
    );
    let revocations = state
        .store
        .ledger_entries(0, 1000, Some("generic"), None, false)
        .await
        .unwrap()
        .iter()
        .filter(|e| {
            let body = String::from_utf8_lossy(&e.body);
            body.contains("capacity_licence_revoked") && body.contains("bis-2027-001")
        })
        .count();
    assert_eq!(revocations, 1);
}
