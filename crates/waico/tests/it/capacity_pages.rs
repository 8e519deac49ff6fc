//! The capacity exchange from the browser, without the API: the demo
//! secretariat loads rules, opens a call, assigns reviewers, opens a round
//! with its weights, runs and closes it, sets up a fellowship match and
//! runs it; a demo provider offers hours, changes the offer, reports usage
//! per allocation and as an uploaded CSV file; a demo researcher requests
//! hours and applies. Each form is posted with its CSRF token, refused
//! with the field's message in the user's language (422), then accepted.

use reqwest::Client;
use waico_members::RoleGrant;

use crate::app::{TestApp, csrf_of, sign_in};

struct Browser {
    client: Client,
    csrf: String,
}

impl Browser {
    async fn sign_in(app: &TestApp, name: &str, password: &str) -> Browser {
        let client = sign_in(app, name, password).await;
        let page = client
            .get(app.url("/capacity"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        // The overview has no form; the sign-out button carries the token.
        let csrf = csrf_of(&page);
        Browser { client, csrf }
    }

    async fn get(&self, app: &TestApp, path: &str) -> (u16, String) {
        let r = self.client.get(app.url(path)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Posts a form; the status and the body (or the redirect's target).
    async fn post(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let r = self
            .client
            .post(app.url(path))
            .form(&all)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        (status, location.unwrap_or(r.text().await.unwrap()))
    }

    /// Posts a `multipart/form-data` form with one file, as a browser does.
    async fn upload(&self, app: &TestApp, path: &str, file: &str) -> (u16, String) {
        let boundary = "----waico-test-boundary-7d1";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"usage.csv\"\r\n\
             Content-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n",
            self.csrf
        );
        let r = self
            .client
            .post(app.url(path))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        (status, location.unwrap_or(r.text().await.unwrap()))
    }
}

fn offer_form<'a>(id: &'a str, hours: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("provider", "Strathmore University"),
        ("site", "Nairobi"),
        ("jurisdiction", "KEN"),
        ("accelerator", "TPU v5e"),
        ("count", "8"),
        ("hours", hours),
        ("window_start", "2027-07-01"),
        ("window_end", "2027-12-31"),
        ("terms_kind", "free"),
        ("terms_price_per_hour", ""),
        ("terms_currency", ""),
        ("restrictions_destinations_excluded", "RUS, PRK"),
        ("restrictions_destinations_allowed", ""),
        ("restrictions_end_uses_excluded", "military"),
    ]
}

#[tokio::test]
async fn the_secretariat_a_provider_and_a_researcher_work_from_the_browser() {
    let app = TestApp::spawn().await;
    assert!(waico::demo::seed(&app.state).await.unwrap());
    let state = &app.state;
    let sec = Browser::sign_in(&app, "admin", "waico-admin-demo").await;
    let grace = Browser::sign_in(&app, "grace", "waico-rep-demo1").await;
    let moussa = Browser::sign_in(&app, "moussa", "waico-rep-demo1").await;
    let rahim = Browser::sign_in(&app, "rahim", "waico-researcher-demo").await;

    // The overview links each one to the forms they may use.
    let (_, home) = sec.get(&app, "/capacity").await;
    for link in [
        "/capacity/offers/new",
        "/capacity/calls/new",
        "/capacity/rounds/new",
        "/capacity/matches/new",
        "/capacity/rules/new",
    ] {
        assert!(home.contains(link), "the secretariat sees {link}");
    }
    let (_, home) = rahim.get(&app, "/capacity").await;
    assert!(!home.contains("/capacity/calls/new"));
    assert_eq!(rahim.get(&app, "/capacity/calls/new").await.0, 403);
    // A form without its token is refused before any handler runs.
    let r = sec
        .client
        .post(app.url("/capacity/calls/new"))
        .form(&[("id", "c"), ("title", "t"), ("threshold", "3")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // Export-control rules: broken YAML is re-shown, a new version goes in force.
    let (_, form) = sec.get(&app, "/capacity/rules/new").await;
    assert!(
        form.contains("jurisdictions"),
        "the form starts from the rules in force"
    );
    let (status, body) = sec
        .post(&app, "/capacity/rules/new", &[("source", "version: [")])
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("field-error"), "{body}");
    let yaml = waico_capacity::export_control::SHIPPED_RULES
        .replace("version: \"2026-12-01\"", "version: \"2026-12-04-pages\"");
    let (status, _) = sec
        .post(&app, "/capacity/rules/new", &[("source", yaml.as_str())])
        .await;
    assert_eq!(status, 303);
    let rules = waico_app::capacity::list_rules(state).await.unwrap();
    let active = rules.iter().find(|r| r.status == "active").unwrap();
    assert_eq!(active.version, "2026-12-04-pages");
    assert_eq!(
        rahim
            .post(&app, "/capacity/rules/new", &[("source", yaml.as_str())])
            .await
            .0,
        403
    );

    // A call: a threshold that is not a number, then opened.
    let call_form = |threshold: &'static str| {
        vec![
            ("id", "call-pages"),
            ("title", "Pages call"),
            ("threshold", threshold),
        ]
    };
    let (status, body) = sec
        .post(&app, "/capacity/calls/new", &call_form("high"))
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("Enter a number."), "{body}");
    assert!(body.contains("Pages call"), "what was typed stays");
    let (status, to) = sec.post(&app, "/capacity/calls/new", &call_form("3")).await;
    assert_eq!((status, to.as_str()), (303, "/capacity/calls/call-pages"));

    // A provider offers hours: too many for the window is refused (in French
    // for a French-speaking provider), then the offer goes in and is changed.
    let too_many = offer_form("ke-pages-tpu", "99999999");
    let (status, body) = moussa.post(&app, "/capacity/offers/new", &too_many).await;
    assert_eq!(status, 422);
    assert!(body.contains("Veuillez corriger"), "French form: {body}");
    assert!(body.contains("aria-invalid"), "{body}");
    let (status, body) = grace
        .post(
            &app,
            "/capacity/offers/new",
            &offer_form("ke-pages-tpu", "lots"),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("Enter a number."), "{body}");
    let (status, _) = grace
        .post(
            &app,
            "/capacity/offers/new",
            &offer_form("ke-pages-tpu", "2000"),
        )
        .await;
    assert_eq!(status, 303);
    let offer = waico_app::capacity::get_offer(state, "ke-pages-tpu")
        .await
        .unwrap();
    let grace_id = state.store.user_by_username("grace").await.unwrap().id;
    assert_eq!(offer.provider_user_id, Some(grace_id));
    assert_eq!(offer.offer.restrictions().destinations_excluded.len(), 2);
    let (_, offers) = grace.get(&app, "/capacity/offers").await;
    assert!(offers.contains("/capacity/offers/ke-pages-tpu/edit"));
    let (status, edit) = grace.get(&app, "/capacity/offers/ke-pages-tpu/edit").await;
    assert_eq!(status, 200);
    assert!(edit.contains("value=\"2000\""), "the form shows the offer");
    assert!(edit.contains("RU, KP"), "{edit}");
    assert_eq!(
        moussa
            .get(&app, "/capacity/offers/ke-pages-tpu/edit")
            .await
            .0,
        403
    );
    assert_eq!(
        moussa
            .post(
                &app,
                "/capacity/offers/ke-pages-tpu/edit",
                &offer_form("x", "10")
            )
            .await
            .0,
        403
    );
    let mut changed = offer_form("ignored", "2400");
    changed.retain(|(k, _)| *k != "id");
    let (status, _) = grace
        .post(&app, "/capacity/offers/ke-pages-tpu/edit", &changed)
        .await;
    assert_eq!(status, 303);
    let offer = waico_app::capacity::get_offer(state, "ke-pages-tpu")
        .await
        .unwrap();
    assert_eq!(offer.offer.hours(), 2400.0);

    // A researcher requests hours on the call.
    let (status, _) = rahim
        .post(
            &app,
            "/capacity/calls/call-pages",
            &[
                ("id", "bd-pages-req"),
                ("title", "Bangla OCR"),
                ("summary", "Text recognition for Bangla print"),
                ("institution", "BRAC University"),
                ("country", "KEN"),
                ("accelerators", "TPU v5e=1"),
                ("hours", "1000"),
                ("minimum_hours", "100"),
                ("window_start", "2027-07-01"),
                ("window_end", "2027-12-31"),
                ("data_residency", ""),
                ("end_use", "research"),
            ],
        )
        .await;
    assert_eq!(status, 303);

    // Reviewers: one from the request's country is refused with the reason, another assigned.
    let (status, body) = sec
        .post(
            &app,
            "/capacity/requests/bd-pages-req/reviewers",
            &[("reviewer", "amina")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("Conflict of interest"), "{body}");
    let (status, to) = sec
        .post(
            &app,
            "/capacity/requests/bd-pages-req/reviewers",
            &[("reviewer", "li.wei")],
        )
        .await;
    assert_eq!(
        (status, to.as_str()),
        (303, "/capacity/requests/bd-pages-req")
    );
    waico_app::capacity::review(
        state,
        &waico_app::accounts::actor_of(&state.store.user_by_username("li.wei").await.unwrap()),
        "bd-pages-req",
        5,
        "Strong",
    )
    .await
    .unwrap();

    // A round with its weights: a cap share above 1 is refused, then opened and run.
    let round_form = |cap: &'static str| {
        vec![
            ("id", "round-pages"),
            ("title", "Pages round"),
            ("call", "call-pages"),
            ("window_start", "2027-07-01"),
            ("window_end", "2027-12-31"),
            ("merit_power", "1"),
            ("global_south_bonus", "0.5"),
            ("first_time_bonus", "0.2"),
            ("country_cap_share", cap),
            ("merit_threshold", "3"),
        ]
    };
    let (_, form) = sec.get(&app, "/capacity/rounds/new").await;
    assert!(form.contains("call-pages"), "the open call is offered");
    let (status, body) = sec
        .post(&app, "/capacity/rounds/new", &round_form("2"))
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("aria-invalid"), "{body}");
    let (status, _) = sec
        .post(&app, "/capacity/rounds/new", &round_form("1"))
        .await;
    assert_eq!(status, 303);
    let round = waico_app::capacity::get_round(state, "round-pages")
        .await
        .unwrap();
    assert_eq!(round.policy.country_cap_share, 1.0);
    assert_eq!(round.policy.global_south_bonus, 0.5);
    let (status, _) = sec
        .post(&app, "/capacity/rounds/round-pages/run", &[])
        .await;
    assert_eq!(status, 303);
    let round = waico_app::capacity::get_round(state, "round-pages")
        .await
        .unwrap();
    assert_eq!(round.status, "published");
    let mine = round
        .deliveries
        .iter()
        .find(|d| d.request == "bd-pages-req" && d.offer == "ke-pages-tpu")
        .expect("the request got the TPU offer");
    assert!((mine.allocated - 1000.0).abs() < 1e-3, "{mine:?}");
    assert_eq!(
        grace
            .post(&app, "/capacity/offers/ke-pages-tpu/edit", &changed)
            .await
            .0,
        422,
        "a round took the offer"
    );

    // Usage per allocation: the provider sees her allocation; above it is refused.
    let (status, usage) = grace.get(&app, "/capacity/rounds/round-pages/usage").await;
    assert_eq!(status, 200);
    let field = "used:bd-pages-req:ke-pages-tpu";
    assert!(usage.contains(field), "{usage}");
    assert_eq!(
        rahim
            .get(&app, "/capacity/rounds/round-pages/usage")
            .await
            .0,
        403
    );
    let (status, body) = grace
        .post(
            &app,
            "/capacity/rounds/round-pages/usage",
            &[(field, "5000")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("aria-invalid"), "{body}");
    let (status, _) = grace
        .post(
            &app,
            "/capacity/rounds/round-pages/usage",
            &[(field, "600")],
        )
        .await;
    assert_eq!(status, 303);
    let used = |state: waico_app::AppState| async move {
        waico_app::capacity::get_round(&state, "round-pages")
            .await
            .unwrap()
            .deliveries
            .iter()
            .find(|d| d.offer == "ke-pages-tpu")
            .and_then(|d| d.used)
    };
    assert_eq!(used(state.clone()).await, Some(600.0));

    // Usage as an uploaded CSV file: a row of another provider's offer is refused, then accepted.
    let (status, body) = moussa
        .upload(
            &app,
            "/capacity/rounds/round-pages/usage/upload",
            "request,offer,used_hours\nbd-pages-req,ke-pages-tpu,700\n",
        )
        .await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = grace
        .upload(
            &app,
            "/capacity/rounds/round-pages/usage/upload",
            "request,offer,used_hours\nbd-pages-req,ke-pages-tpu,oops\n",
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("e-file"),
        "the file field carries the message: {body}"
    );
    let (status, _) = grace
        .upload(
            &app,
            "/capacity/rounds/round-pages/usage/upload",
            "request,offer,used_hours\nbd-pages-req,ke-pages-tpu,900\n",
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(used(state.clone()).await, Some(900.0));

    // Closing: a window ending before it starts is refused, then closed.
    let (status, body) = sec
        .post(
            &app,
            "/capacity/rounds/round-pages/close",
            &[
                ("next_window_start", "2028-06-30"),
                ("next_window_end", "2028-01-01"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = sec
        .post(
            &app,
            "/capacity/rounds/round-pages/close",
            &[
                ("next_window_start", "2028-01-01"),
                ("next_window_end", "2028-06-30"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let round = waico_app::capacity::get_round(state, "round-pages")
        .await
        .unwrap();
    assert_eq!(round.status, "closed");

    // A fellowship match: opened, a program added (no places refused), the
    // researcher applies, the secretariat runs it.
    let (status, to) = sec
        .post(
            &app,
            "/capacity/matches/new",
            &[("id", "match-pages"), ("title", "Pages fellowships")],
        )
        .await;
    assert_eq!(
        (status, to.as_str()),
        (303, "/capacity/matches/match-pages")
    );
    let program = |places: &'static str| {
        vec![
            ("id", "nlp-fellow"),
            ("title", "NLP fellowship"),
            ("host_institution", "Strathmore University"),
            ("capacity", places),
            ("eligibility_countries_excluded", ""),
            ("eligibility_countries_allowed", ""),
            ("ranking", "rahim\nwanjiku"),
        ]
    };
    let (status, body) = sec
        .post(
            &app,
            "/capacity/matches/match-pages/programs",
            &program("0"),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("NLP fellowship"), "{body}");
    let (status, _) = sec
        .post(
            &app,
            "/capacity/matches/match-pages/programs",
            &program("1"),
        )
        .await;
    assert_eq!(status, 303);
    let (status, _) = rahim
        .post(
            &app,
            "/capacity/matches/match-pages",
            &[("first", "nlp-fellow")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        rahim
            .post(&app, "/capacity/matches/match-pages/run", &[])
            .await
            .0,
        403
    );
    let (_, page) = sec.get(&app, "/capacity/matches/match-pages").await;
    assert!(page.contains("/capacity/matches/match-pages/run"));
    let (status, _) = sec
        .post(&app, "/capacity/matches/match-pages/run", &[])
        .await;
    assert_eq!(status, 303);
    let view = waico_app::capacity::applicant_view(state, "match-pages", "rahim")
        .await
        .unwrap();
    assert_eq!(
        view.assignment.unwrap().program.as_deref(),
        Some("nlp-fellow")
    );
    let (status, body) = sec
        .post(&app, "/capacity/matches/match-pages/run", &[])
        .await;
    assert_eq!(status, 422, "a match runs once: {body}");
}

/// `PUT /api/v1/capacity/offers/{id}`: the provider changes an offer in the
/// pool; another provider may not; the id does not change.
#[tokio::test]
async fn an_offer_is_changed_through_the_api_by_its_provider_only() {
    let app = TestApp::spawn().await;
    let http = Client::new();
    let token = |name: &'static str, country: &'static str| {
        let app = &app;
        async move {
            let grant = RoleGrant::Delegate {
                country: waico_members::CountryCode::parse(country).unwrap(),
            };
            let user = app
                .user_from(name, "correct horse battery", &[grant], country, None)
                .await;
            app.token(
                user.id,
                waico_store::TokenScope::Write,
                waico_store::now_ms() + 600_000,
            )
            .await
        }
    };
    let kenya = token("ken", "KEN").await;
    let brazil = token("bra", "BRA").await;
    let offer = serde_json::json!({
        "id": "ke-api", "provider": "Kenya", "site": "Nairobi", "jurisdiction": "KE",
        "accelerator": "H100", "count": 4, "hours": 1000,
        "window": {"start": "2027-01-01", "end": "2027-06-30"}, "terms": {"kind": "free"},
    });
    let r = http
        .post(app.url("/api/v1/capacity/offers"))
        .bearer_auth(&kenya)
        .json(&offer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let mut changed = offer.clone();
    changed["hours"] = 1500.into();
    let put = |token: &str, body: &serde_json::Value| {
        http.put(app.url("/api/v1/capacity/offers/ke-api"))
            .bearer_auth(token)
            .json(body)
            .send()
    };
    let r = put(&brazil, &changed).await.unwrap();
    assert_eq!(r.status(), 403);
    let mut renamed = changed.clone();
    renamed["id"] = "other".into();
    let r = put(&kenya, &renamed).await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "id");
    let r = put(&kenya, &changed).await.unwrap();
    assert_eq!(r.status(), 200);
    let view: serde_json::Value = r.json().await.unwrap();
    assert_eq!(view["offer"]["hours"], 1500.0);
    let r = http
        .put(app.url("/api/v1/capacity/offers/nope"))
        .bearer_auth(&kenya)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

/// The secretariat records an export licence and revokes it from the
/// browser: the revocation form lists the licences in force, asks a
/// reason (422 with the message in the user's language without one), is
/// refused to a researcher, and the list then shows when and why.
#[tokio::test]
async fn the_secretariat_records_and_revokes_a_licence_from_the_browser() {
    let app = TestApp::spawn().await;
    assert!(waico::demo::seed(&app.state).await.unwrap());
    let sec = Browser::sign_in(&app, "admin", "waico-admin-demo").await;
    let rahim = Browser::sign_in(&app, "rahim", "waico-researcher-demo").await;
    let (_, page) = sec.get(&app, "/capacity/licences").await;
    assert!(page.contains("href=\"/capacity/licences/revoke\""));
    let (_, page) = rahim.get(&app, "/capacity/licences").await;
    assert!(!page.contains("href=\"/capacity/licences/revoke\""));
    let (status, to) = sec
        .post(
            &app,
            "/capacity/licences",
            &[
                ("id", "bis-form-1"),
                ("rule", "us-ear-3a090-d5"),
                ("jurisdiction", "USA"),
                ("destination", "CHN"),
                ("classes", "3A090.a"),
                ("valid_start", "2027-01-01"),
                ("valid_end", "2027-12-31"),
                ("reference", "BIS D-2027-777"),
            ],
        )
        .await;
    assert_eq!((status, to.as_str()), (303, "/capacity/licences"), "{to}");

    assert_eq!(rahim.get(&app, "/capacity/licences/revoke").await.0, 403);
    let (status, form) = sec.get(&app, "/capacity/licences/revoke?lang=fr").await;
    assert_eq!(status, 200);
    assert!(form.contains("<option value=\"bis-form-1\""), "{form}");
    let (status, refused) = sec
        .post(
            &app,
            "/capacity/licences/revoke?lang=fr",
            &[("id", "bis-form-1"), ("reason", " ")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(refused.contains("Ce champ est obligatoire"), "{refused}");
    let (status, to) = sec
        .post(
            &app,
            "/capacity/licences/revoke",
            &[("id", "bis-form-1"), ("reason", "Suspended by BIS")],
        )
        .await;
    assert_eq!((status, to.as_str()), (303, "/capacity/licences"));
    let (_, page) = sec.get(&app, "/capacity/licences?lang=en").await;
    assert!(page.contains("Revoked on "), "{page}");
    assert!(page.contains("Suspended by BIS"));
    let (_, form) = sec.get(&app, "/capacity/licences/revoke").await;
    assert!(!form.contains("<option value=\"bis-form-1\""));
}
