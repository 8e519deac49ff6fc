//! The capacity exchange through the real server: offers, a call, requests,
//! review with a conflict of interest refused, a round solved and published
//! to the ledger with every request explained, CSV export, usage as JSON and
//! as a CSV upload (refused above the allocation or from another provider),
//! closing with unused hours back in the pool, a fellowship match with its
//! why-not explanations, the pages and their forms, and the demo.

use serde_json::{Value, json};
use waico_members::{CountryCode, RoleGrant};

use crate::app::{TestApp, csrf_of, sign_in};

const PASSWORD: &str = "correct horse battery";

/// A request body for `POST /api/v1/capacity/calls/{call}/requests`.
pub(crate) fn request_json(
    id: &str,
    country: &str,
    models: &[(&str, f64)],
    hours: f64,
    minimum: f64,
) -> Value {
    json!({
        "id": id,
        "title": format!("Project {id}"),
        "abstract": "Speech models for local languages.",
        "institution": format!("Institute {id}"),
        "country": country,
        "accelerators": models.iter().map(|(m, f)| json!({"model": m, "factor": f})).collect::<Vec<_>>(),
        "hours": hours,
        "minimum_hours": minimum,
        "window": {"start": "2027-01-01", "end": "2027-06-30"},
        "end_use": "research",
    })
}

fn offer_json(id: &str, jurisdiction: &str, model: &str, hours: f64) -> Value {
    json!({
        "id": id, "provider": format!("Provider {id}"), "site": "Site", "jurisdiction": jurisdiction,
        "accelerator": model, "count": 8, "hours": hours,
        "window": {"start": "2027-01-01", "end": "2027-06-30"},
        "terms": {"kind": "free"},
    })
}

struct Api {
    app: TestApp,
    http: reqwest::Client,
}

impl Api {
    async fn token_for(&self, name: &str, grants: &[RoleGrant], country: &str) -> String {
        let user = self
            .app
            .user_from(name, PASSWORD, grants, country, None)
            .await;
        self.app
            .token(
                user.id,
                waico_store::TokenScope::Write,
                waico_store::now_ms() + 600_000,
            )
            .await
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut r = self
            .http
            .request(method, self.app.url(path))
            .bearer_auth(token);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let r = r.send().await.unwrap();
        let status = r.status().as_u16();
        if status >= 400 {
            assert_eq!(
                r.headers()["content-type"],
                "application/problem+json",
                "{path}"
            );
        }
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, token, Some(body))
            .await
    }

    async fn get(&self, path: &str) -> Value {
        let r = self.http.get(self.app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        r.json().await.unwrap()
    }
}

/// Hours equal up to the solver's floating-point noise.
fn about(v: &Value, hours: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - hours).abs() < 1e-6)
}

fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn explanation<'a>(round: &'a Value, request: &str) -> &'a Value {
    round["result"]["explanations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["request"] == request)
        .unwrap_or_else(|| panic!("no explanation of {request}"))
}

/// From offers to a closed round over the API, with the rights and the
/// refusals at each step.
#[tokio::test]
async fn a_round_runs_end_to_end_through_the_api() {
    let api = Api {
        app: TestApp::spawn().await,
        http: reqwest::Client::new(),
    };
    let admin = api
        .token_for("sec", &[RoleGrant::SecretariatAdmin], "CHE")
        .await;
    let kenya = RoleGrant::Delegate {
        country: CountryCode::parse("KEN").unwrap(),
    };
    let provider = api
        .token_for("provider", std::slice::from_ref(&kenya), "KEN")
        .await;
    let other_provider = api.token_for("provider2", &[kenya], "KEN").await;
    let researcher = api
        .token_for("researcher", &[RoleGrant::Researcher], "NGA")
        .await;
    let kenyan_reviewer = api
        .token_for("kenyan", &[RoleGrant::Researcher], "KEN")
        .await;
    let reviewer = api
        .token_for("reviewer", &[RoleGrant::Researcher], "IND")
        .await;

    // Offers: a researcher may not offer; a bad field is named; two offers go into the pool.
    let (s, _) = api
        .post(
            "/api/v1/capacity/offers",
            &researcher,
            offer_json("x", "US", "H100", 100.0),
        )
        .await;
    assert_eq!(s, 403);
    let (s, p) = api
        .post(
            "/api/v1/capacity/offers",
            &provider,
            offer_json("bad", "USA", "H100", 100.0),
        )
        .await;
    assert_eq!(s, 422);
    assert!(fields(&p).iter().any(|f| f.contains("jurisdiction")), "{p}");
    let (s, _) = api
        .post(
            "/api/v1/capacity/offers",
            &provider,
            offer_json("us-h100", "US", "H100", 1000.0),
        )
        .await;
    assert_eq!(s, 201);
    let (s, _) = api
        .post(
            "/api/v1/capacity/offers",
            &other_provider,
            offer_json("cn-910b", "CN", "Ascend 910B", 300.0),
        )
        .await;
    assert_eq!(s, 201);
    let (s, _) = api
        .post(
            "/api/v1/capacity/offers",
            &provider,
            offer_json("us-h100", "US", "H100", 5.0),
        )
        .await;
    assert_eq!(s, 409);

    // A call and requests; Global South comes from the registry, not the body.
    let (s, _) = api
        .post(
            "/api/v1/capacity/calls",
            &researcher,
            json!({"id": "c1", "title": "Call", "threshold": 3.0}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, _) = api
        .post(
            "/api/v1/capacity/calls",
            &admin,
            json!({"id": "c1", "title": "Call", "threshold": 3.0}),
        )
        .await;
    assert_eq!(s, 201);
    let mut forged = request_json("forged", "NG", &[("H100", 1.0)], 10.0, 0.0);
    forged["global_south"] = json!(true);
    let (s, p) = api
        .post("/api/v1/capacity/calls/c1/requests", &researcher, forged)
        .await;
    assert_eq!((s, fields(&p)), (422, vec!["global_south".to_owned()]));
    // Kenya: H100 only, wants 600 (gets it). China: H100 only (US licence needed) → no eligible offer.
    // Nigeria: wants 1500, at least 1200, more than the H100 offer holds → the minimum binds, zero.
    // Brazil: Ascend accepted at factor 1 → served from the Chinese offer.
    for (id, country, models, hours, minimum) in [
        ("ke", "KE", vec![("H100", 1.0)], 600.0, 0.0),
        ("cn", "CN", vec![("H100", 1.0)], 200.0, 0.0),
        ("ng", "NG", vec![("H100", 1.0)], 1500.0, 1200.0),
        ("br", "BR", vec![("Ascend 910B", 1.0)], 200.0, 0.0),
        ("low", "PK", vec![("H100", 1.0)], 100.0, 0.0),
    ] {
        let (s, body) = api
            .post(
                "/api/v1/capacity/calls/c1/requests",
                &researcher,
                request_json(id, country, &models, hours, minimum),
            )
            .await;
        assert_eq!(s, 201, "{body}");
    }
    let ke = api.get("/api/v1/capacity/requests/ke").await;
    assert_eq!(ke["summary"]["global_south"], true);
    let de_like = api.get("/api/v1/capacity/requests/low").await;
    assert_eq!(de_like["summary"]["decision"]["outcome"], "unreviewed");

    // Review: the Kenyan reviewer is refused for the Kenyan request (conflict of interest).
    let (s, p) = api
        .post(
            "/api/v1/capacity/requests/ke/reviewers",
            &admin,
            json!({"reviewer": "kenyan"}),
        )
        .await;
    // Refused by the node's state (a conflict of interest), not the form: 409.
    assert_eq!(s, 409);
    assert_eq!(p["errors"][0]["code"], "capacity-err-conflict", "{p}");
    let (s, _) = api
        .post(
            "/api/v1/capacity/requests/ke/reviews",
            &kenyan_reviewer,
            json!({"score": 5, "comment": "mine"}),
        )
        .await;
    assert_eq!(s, 403, "an unassigned reviewer may not score");
    for id in ["ke", "cn", "ng", "br", "low"] {
        let (s, p) = api
            .post(
                &format!("/api/v1/capacity/requests/{id}/reviewers"),
                &admin,
                json!({"reviewer": "reviewer"}),
            )
            .await;
        assert_eq!(s, 204, "{p}");
    }
    let (s, p) = api
        .post(
            "/api/v1/capacity/requests/ke/reviews",
            &reviewer,
            json!({"score": 7, "comment": "x"}),
        )
        .await;
    assert_eq!((s, fields(&p)), (422, vec!["score".to_owned()]));
    for (id, score) in [("ke", 5), ("cn", 4), ("ng", 4), ("br", 4), ("low", 2)] {
        let (s, p) = api
            .post(
                &format!("/api/v1/capacity/requests/{id}/reviews"),
                &reviewer,
                json!({"score": score, "comment": "reviewed"}),
            )
            .await;
        assert_eq!(s, 204, "{p}");
    }
    let low = api.get("/api/v1/capacity/requests/low").await;
    assert_eq!(low["summary"]["decision"]["outcome"], "declined");

    // The round: opened, run by the secretariat only, published with a ledger record.
    let (s, round) = api.post("/api/v1/capacity/rounds", &admin, json!({
        "id": "r1", "title": "Round 1", "call": "c1", "window_start": "2027-01-01", "window_end": "2027-06-30",
        "policy": {"country_cap_share": 1.0}
    })).await;
    assert_eq!(s, 201, "{round}");
    assert_eq!(round["pool_offers"], 2);
    let (s, _) = api
        .post("/api/v1/capacity/rounds/r1/run", &researcher, json!({}))
        .await;
    assert_eq!(s, 403);
    let ledger_before = api.app.state.store.ledger_head().await.unwrap().size;
    let (s, round) = api
        .post(
            "/api/v1/capacity/rounds/r1/run",
            &admin,
            json!({"time_limit_seconds": 10}),
        )
        .await;
    assert_eq!(s, 200, "{round}");
    assert_eq!(round["status"], "published");
    assert_eq!(
        api.app.state.store.ledger_head().await.unwrap().size,
        ledger_before + 1
    );
    let (s, _) = api
        .post("/api/v1/capacity/rounds/r1/run", &admin, json!({}))
        .await;
    assert_eq!(s, 409, "a round runs once (a state conflict)");

    let ke = explanation(&round, "ke");
    assert!(about(&ke["delivered"], 600.0), "{ke}");
    assert_eq!(ke["binding"]["kind"], "met");
    let cn = explanation(&round, "cn");
    assert!(about(&cn["delivered"], 0.0));
    assert_eq!(cn["binding"]["kind"], "no_eligible_offer");
    assert!(
        cn["excluded"].to_string().contains("us-ear-3a090-d5"),
        "{cn}"
    );
    let ng = explanation(&round, "ng");
    assert!(
        about(&ng["delivered"], 0.0),
        "the minimum forces zero: {ng}"
    );
    assert_eq!(ng["binding"]["kind"], "minimum");
    assert!(about(&explanation(&round, "br")["delivered"], 200.0));
    assert_eq!(
        explanation(&round, "low")["binding"]["kind"],
        "merit_threshold"
    );
    assert!(
        about(&round["totals"]["global_south_hours"], 800.0),
        "{}",
        round["totals"]
    );
    // The request page's data carries the explanation too.
    let detail = api.get("/api/v1/capacity/requests/cn").await;
    assert_eq!(
        detail["rounds"][0]["explanation"]["binding"]["kind"],
        "no_eligible_offer"
    );
    // The round's pool is taken; the call is closed to new requests.
    let offers = api.get("/api/v1/capacity/offers").await;
    assert!(
        offers
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["round"] == "r1")
    );
    let (s, _) = api
        .post(
            "/api/v1/capacity/calls/c1/requests",
            &researcher,
            request_json("late", "KE", &[("H100", 1.0)], 10.0, 0.0),
        )
        .await;
    assert_eq!(s, 409, "a closed call takes no more requests");

    // CSV export: a header and one row per grant or ungranted request.
    let csv = api
        .http
        .get(api.app.url("/api/v1/capacity/rounds/r1/results.csv"))
        .send()
        .await
        .unwrap();
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("request,country,"));
    assert!(
        csv.lines()
            .any(|l| l.starts_with("ke,KE,true,5,") && l.contains(",us-h100,H100,600,600,")),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + 5);

    // Usage: over the allocation refused; another provider's offer refused; CSV upload accepted.
    let (s, p) = api
        .post(
            "/api/v1/capacity/rounds/r1/usage",
            &provider,
            json!([{"request": "ke", "offer": "us-h100", "used_hours": 700.0}]),
        )
        .await;
    assert_eq!(s, 422, "{p}");
    let (s, _) = api
        .post(
            "/api/v1/capacity/rounds/r1/usage",
            &other_provider,
            json!([{"request": "ke", "offer": "us-h100", "used_hours": 100.0}]),
        )
        .await;
    assert_eq!(s, 403);
    let r = api
        .http
        .post(api.app.url("/api/v1/capacity/rounds/r1/usage"))
        .bearer_auth(&provider)
        .header("content-type", "text/csv")
        .body("request,offer,used_hours\nke,us-h100,450\n")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let (s, _) = api
        .post(
            "/api/v1/capacity/rounds/r1/usage",
            &other_provider,
            json!([{"request": "br", "offer": "cn-910b", "used_hours": 200.0}]),
        )
        .await;
    assert_eq!(s, 200);
    let round = api.get("/api/v1/capacity/rounds/r1").await;
    assert!(about(&round["totals"]["used"], 650.0));
    assert_eq!(round["totals"]["reported"], 2);

    // Closing returns what was not delivered to the pool of the next round.
    let ledger_before = api.app.state.store.ledger_head().await.unwrap().size;
    let (s, closed) = api
        .post(
            "/api/v1/capacity/rounds/r1/close",
            &admin,
            json!({"next_window_start": "2027-07-01", "next_window_end": "2027-12-31"}),
        )
        .await;
    assert_eq!(s, 200, "{closed}");
    assert_eq!(closed["status"], "closed");
    assert_eq!(
        api.app.state.store.ledger_head().await.unwrap().size,
        ledger_before + 1
    );
    let offers = api.get("/api/v1/capacity/offers").await;
    let pooled: Vec<&Value> = offers
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["round"].is_null())
        .collect();
    // The H100 offer: 1000 − 450 used; the Ascend offer: 300 − 200 (its 100 never allocated).
    assert_eq!(pooled.len(), 2, "{offers}");
    let back = |from: &str| {
        pooled
            .iter()
            .find(|o| o["carried_from"] == from)
            .unwrap_or_else(|| panic!("nothing carried from {from}"))
    };
    assert!(about(&back("us-h100")["offer"]["hours"], 550.0));
    assert!(about(&back("cn-910b")["offer"]["hours"], 100.0));
    assert_eq!(back("us-h100")["offer"]["window"]["start"], "2027-07-01");
    let (s, _) = api
        .post(
            "/api/v1/capacity/rounds/r1/usage",
            &provider,
            json!([{"request": "ke", "offer": "us-h100", "used_hours": 1.0}]),
        )
        .await;
    assert_eq!(s, 409, "a closed round takes no more usage");
}

/// A fellowship match: applicants rank, programs rank, the result is
/// stable and each applicant learns why not each program ranked higher.
#[tokio::test]
async fn a_fellowship_match_is_published_with_why_not() {
    let api = Api {
        app: TestApp::spawn().await,
        http: reqwest::Client::new(),
    };
    let admin = api
        .token_for("sec", &[RoleGrant::SecretariatAdmin], "CHE")
        .await;
    let ada = api.token_for("adaeze", &[], "GH").await;
    let bo = api.token_for("bolin", &[], "CN").await;
    let cy = api.token_for("cyrus", &[], "").await;
    let (s, _) = api
        .post(
            "/api/v1/capacity/matches",
            &ada,
            json!({"id": "m", "title": "Fellows"}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, _) = api
        .post(
            "/api/v1/capacity/matches",
            &admin,
            json!({"id": "m", "title": "Fellows"}),
        )
        .await;
    assert_eq!(s, 201);
    for (id, places, excluded) in [("p1", 1, vec![]), ("p2", 1, vec!["CN"])] {
        let (s, p) = api.post("/api/v1/capacity/matches/m/programs", &admin, json!({
            "title": format!("Program {id}"),
            "program": {"id": id, "host_institution": "Host", "capacity": places, "eligibility": {"countries_excluded": excluded}, "ranking": []}
        })).await;
        assert_eq!(s, 204, "{p}");
    }
    let (s, p) = api
        .post(
            "/api/v1/capacity/matches/m/applications",
            &ada,
            json!({"ranking": ["p1", "nope"]}),
        )
        .await;
    // A proposal that does not exist: 404 naming the field (crates/web/src/problem.rs).
    assert_eq!((s, fields(&p)), (404, vec!["ranking[1]".to_owned()]));
    let (s, p) = api
        .post(
            "/api/v1/capacity/matches/m/applications",
            &cy,
            json!({"ranking": ["p1"]}),
        )
        .await;
    assert_eq!(
        (s, fields(&p)),
        (422, vec!["country".to_owned()]),
        "an applicant needs a country"
    );
    for (token, ranking) in [(&ada, ["p1", "p2"]), (&bo, ["p1", "p2"])] {
        let (s, p) = api
            .post(
                "/api/v1/capacity/matches/m/applications",
                token,
                json!({"ranking": ranking}),
            )
            .await;
        assert_eq!(s, 204, "{p}");
    }
    // p1 prefers bo; p2 ranks both but excludes Chinese applicants.
    for (id, ranking) in [("p1", ["bolin", "adaeze"]), ("p2", ["bolin", "adaeze"])] {
        let (s, _) = api.post("/api/v1/capacity/matches/m/programs", &admin, json!({
            "title": format!("Program {id}"),
            "program": {"id": id, "host_institution": "Host", "capacity": 1, "eligibility": {"countries_excluded": if id == "p2" { vec!["CN"] } else { vec![] }}, "ranking": ranking}
        })).await;
        assert_eq!(s, 204);
    }
    let ledger_before = api.app.state.store.ledger_head().await.unwrap().size;
    let (s, m) = api
        .send(
            reqwest::Method::POST,
            "/api/v1/capacity/matches/m/run",
            &admin,
            None,
        )
        .await;
    assert_eq!(s, 200, "{m}");
    assert_eq!(
        api.app.state.store.ledger_head().await.unwrap().size,
        ledger_before + 1
    );
    let ada = api
        .get("/api/v1/capacity/matches/m/applications/adaeze")
        .await;
    assert_eq!(ada["assignment"]["program"], "p2");
    assert_eq!(ada["assignment"]["why_not"][0]["program"], "p1");
    assert_eq!(ada["assignment"]["why_not"][0]["reason"], "filled");
    assert_eq!(ada["assignment"]["why_not"][0]["with"], json!(["bolin"]));
    let bo = api
        .get("/api/v1/capacity/matches/m/applications/bolin")
        .await;
    assert_eq!(bo["assignment"]["program"], "p1");
    let (s, _) = api
        .post(
            "/api/v1/capacity/matches/m/applications",
            &admin,
            json!({"ranking": ["p1"]}),
        )
        .await;
    assert_eq!(
        s, 409,
        "a published match takes no more applications (closed: 409)"
    );
}

/// The pages: the round with its charts and table, a request's
/// explanation, a call's request form (errors re-shown, then accepted), a
/// reviewer's form, and the match page with the applicant's why-not.
#[tokio::test]
async fn pages_show_the_demo_round_and_take_forms() {
    let app = TestApp::spawn().await;
    assert!(waico::demo::seed(&app.state).await.unwrap());
    let http = reqwest::Client::new();
    let page = |path: String| {
        let r = http.get(app.url(&path));
        async move {
            let r = r.send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            r.text().await.unwrap()
        }
    };
    let round = page("/capacity/rounds/round-2027-h1".into()).await;
    for needle in [
        "<svg",
        "capacity-chart-region",
        "capacity-chart-south",
        "capacity-chart-class",
        "capacity-chart-delivery",
        "results.csv",
        "req-001",
    ] {
        assert!(round.contains(needle), "round page lacks {needle}");
    }
    let fr = page("/capacity/rounds/round-2027-h1?lang=fr".into()).await;
    assert!(
        fr.contains("Heures par région"),
        "the round page speaks French"
    );
    let ar = page("/capacity?lang=ar".into()).await;
    assert!(ar.contains("dir=\"rtl\""));
    assert!(
        page("/capacity/offers".into())
            .await
            .contains("cn-shlab-910b")
    );
    assert!(
        page("/capacity/requests".into())
            .await
            .matches("/capacity/requests/req-")
            .count()
            >= 120
    );
    let request = page("/capacity/requests/req-001".into()).await;
    assert!(
        request.contains("round-2027-h1"),
        "the request page shows its round"
    );

    // A researcher submits a request through the call's form: a bad number is re-shown, then it goes in.
    let call = "call-2027-h2";
    let sec = app.state.store.user_by_username("admin").await.unwrap();
    waico_app::capacity::open_call(
        &app.state,
        &waico_app::accounts::actor_of(&sec),
        call,
        "Second call",
        3.0,
    )
    .await
    .unwrap();
    app.user_from("nadia", PASSWORD, &[RoleGrant::Researcher], "MAR", None)
        .await;
    let client = sign_in(&app, "nadia", PASSWORD).await;
    let form_page = client
        .get(app.url(&format!("/capacity/calls/{call}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&form_page);
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("id", "ma-speech"),
        ("title", "Darija speech"),
        ("summary", "ASR for Darija"),
        ("institution", "Mohammed V University"),
        ("country", "MAR"),
        ("accelerators", "H100=1, A100=0.6"),
        ("hours", "lots"),
        ("minimum_hours", ""),
        ("window_start", "2027-07-01"),
        ("window_end", "2027-12-31"),
        ("data_residency", ""),
        ("end_use", "research"),
    ];
    let r = client
        .post(app.url(&format!("/capacity/calls/{call}")))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("Darija speech"),
        "the form keeps what was typed"
    );
    assert!(app.state.store.capacity_request("ma-speech").await.is_err());
    fields[7] = ("hours", "1200");
    let r = client
        .post(app.url(&format!("/capacity/calls/{call}")))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let stored = waico_app::capacity::get_request(&app.state, "ma-speech")
        .await
        .unwrap();
    assert_eq!(stored.summary.hours, 1200.0);
    assert!(
        stored.summary.global_south,
        "Morocco is Global South in the registry"
    );

    // An assigned reviewer scores through the request page's form.
    waico_app::capacity::assign_reviewer(
        &app.state,
        &waico_app::accounts::actor_of(&sec),
        "ma-speech",
        "li.wei",
    )
    .await
    .unwrap();
    let reviewer = sign_in(&app, "li.wei", "waico-delegate-demo").await;
    let rp = reviewer
        .get(app.url("/capacity/requests/ma-speech"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(rp.contains("/capacity/requests/ma-speech/review"));
    let r = reviewer
        .post(app.url("/capacity/requests/ma-speech/review"))
        .form(&[
            ("csrf", csrf_of(&rp).as_str()),
            ("score", "4"),
            ("comment", "Clear plan"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let stored = waico_app::capacity::get_request(&app.state, "ma-speech")
        .await
        .unwrap();
    assert_eq!(
        stored.summary.decision,
        waico_capacity::review::Decision::Advanced { merit: 4.0 }
    );

    // The match page shows a signed-in applicant their match and why not the programs above it.
    let ada = sign_in(&app, "amina", "waico-delegate-demo").await;
    let mp = ada
        .get(app.url("/capacity/matches/fellows-2027"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(mp.contains("Your match"), "{mp}");
    let mine = waico_app::capacity::applicant_view(&app.state, "fellows-2027", "amina")
        .await
        .unwrap();
    let assignment = mine.assignment.unwrap();
    for w in &assignment.why_not {
        assert!(mp.contains(&w.program), "the page names {}", w.program);
    }
}

/// The demo: rules, offers under several jurisdictions, 120+ requests from
/// every region, a closed round with explained results and usage, and a
/// published match, each recorded in the ledger.
#[tokio::test]
async fn the_demo_fills_the_capacity_exchange() {
    let app = TestApp::spawn().await;
    assert!(waico::demo::seed(&app.state).await.unwrap());
    let state = &app.state;
    let requests = waico_app::capacity::list_requests(state).await.unwrap();
    assert!(requests.len() >= 120, "{}", requests.len());
    let regions: std::collections::BTreeSet<String> = requests
        .iter()
        .map(|r| waico_app::capacity::region_of(&r.country))
        .collect();
    for region in ["Africa", "Americas", "Asia", "Europe", "Oceania"] {
        assert!(
            regions.contains(region),
            "no request from {region}: {regions:?}"
        );
    }
    let offers = waico_app::capacity::list_offers(state).await.unwrap();
    let jurisdictions: std::collections::BTreeSet<String> = offers
        .iter()
        .map(|o| o.offer.jurisdiction().to_string())
        .collect();
    assert!(jurisdictions.len() >= 6, "{jurisdictions:?}");
    let round = waico_app::capacity::get_round(state, "round-2027-h1")
        .await
        .unwrap();
    assert_eq!(round.status, "closed");
    let result = round.result.as_ref().unwrap();
    assert!(result.explanations.len() >= 100);
    assert!(round.totals.reported > 0 && round.totals.used > 0.0);
    assert!(
        round.totals.global_south_hours > round.totals.allocated / 2.0,
        "Global South first: {:?}",
        round.totals
    );
    // Every allocation respects the offers' capacity.
    for used in &result.offers {
        assert!(used.allocated <= used.capacity + 1e-6, "{used:?}");
    }
    // Unused hours are back in the pool for the next round.
    assert!(
        offers
            .iter()
            .any(|o| o.round.is_none() && o.carried_from.is_some())
    );
    let m = waico_app::capacity::get_match(state, "fellows-2027")
        .await
        .unwrap();
    assert_eq!(m.status, "published");
    assert!(
        m.result
            .unwrap()
            .assignments
            .iter()
            .any(|a| !a.why_not.is_empty())
    );
    // The shell reads the stored round back.
    let rounds = waico::capacity::node_rounds(state).await.unwrap();
    assert!(
        rounds.starts_with("round-2027-h1\tclosed\t2027-01-01 – 2027-06-30"),
        "{rounds}"
    );
    let csv = waico::capacity::node_result(state, "round-2027-h1", true)
        .await
        .unwrap();
    assert_eq!(
        csv.lines().next().unwrap().split(',').next(),
        Some("request")
    );
    assert!(csv.lines().count() > result.explanations.len());
    let text = waico::capacity::node_result(state, "round-2027-h1", false)
        .await
        .unwrap();
    assert!(text.contains("req-001"), "{text}");
    assert!(
        waico::capacity::node_result(state, "no-such-round", false)
            .await
            .is_err()
    );
    // The ledger holds the rules, the round, its closing and the match.
    let kinds: Vec<String> = state
        .store
        .ledger_entries(0, 10_000, Some("generic"), None, false)
        .await
        .unwrap()
        .iter()
        .map(|e| String::from_utf8_lossy(&e.body).into_owned())
        .filter(|b| b.contains("capacity_"))
        .collect();
    for name in [
        "capacity_rules_adopted",
        "capacity_round_published",
        "capacity_round_closed",
        "capacity_match_published",
    ] {
        assert!(
            kinds.iter().any(|b| b.contains(name)),
            "no {name} in the ledger"
        );
    }
}
