//! Safety through the real server: the TLP matrix (level × viewer ×
//! surface: report API, list, search snippet, count, statistics, exports,
//! Atom feed, the incidents of an AI system), comments with their own
//! marking, the ledger (hash for TLP:CLEAR, commitment only otherwise),
//! the workflow, merging duplicates (sources kept), AVID import in each
//! schema version, and bad input refused with the field named.

use serde_json::{Value, json};
use waico_members::{CountryCode, InstitutionKind, InstitutionName, RoleGrant};
use waico_store::{NewInstitution, TokenScope};

use crate::app::{TestApp, browser, sign_in};

const PASSWORD: &str = "correct horse battery";

/// The five levels, the word each report's text carries, and how it is marked.
const LEVELS: [(&str, &str); 5] = [
    ("CLEAR", "quokkaclear"),
    ("GREEN", "quokkagreen"),
    ("AMBER", "quokkaamber"),
    ("AMBER+STRICT", "quokkastrict"),
    ("RED", "quokkared"),
];

struct Node {
    app: TestApp,
    /// viewer name → token (None: anonymous).
    viewers: Vec<(&'static str, Option<String>)>,
    /// viewer name → user name (None: anonymous).
    usernames: Vec<(&'static str, Option<&'static str>)>,
    /// level → report id.
    ids: Vec<(&'static str, String)>,
    reporter: String,
    admin: String,
}

async fn institution(app: &TestApp, name: &str, country: &str) -> i64 {
    app.state
        .store
        .create_institution(&NewInstitution {
            name: InstitutionName::parse(name).unwrap(),
            kind: InstitutionKind::ResearchInstitute,
            country: CountryCode::parse(country).unwrap(),
            website: None,
        })
        .await
        .unwrap()
        .id
}

async fn person(
    app: &TestApp,
    name: &str,
    grants: &[RoleGrant],
    country: &str,
    inst: Option<i64>,
) -> String {
    let u = app.user_from(name, PASSWORD, grants, country, inst).await;
    app.token(u.id, TokenScope::Write, waico_store::now_ms() + 3_600_000)
        .await
}

async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, String) {
    let mut rq = reqwest::Client::new().request(method, app.url(path));
    if let Some(t) = token {
        rq = rq.bearer_auth(t);
    }
    if let Some(b) = body {
        rq = rq.json(&b);
    }
    let r = rq.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String) {
    call(app, reqwest::Method::GET, path, token, None).await
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> (u16, Value) {
    let (s, t) = call(app, reqwest::Method::POST, path, Some(token), Some(body)).await;
    (s, serde_json::from_str(&t).unwrap_or(Value::Null))
}

fn report_body(level: &str, word: &str) -> Value {
    json!({
        "tlp": level,
        "community": "KEN",
        "recipients": ["xenia"],
        "report": {
            "title": format!("Chatbot leaked records {word}"),
            "description": format!("The assistant disclosed patient records {word}."),
            "date": "2026-03-14",
            "alleged_deployers": ["Clinic"],
            "sources": [{"url": format!("https://news.example/{word}"), "text": format!("Press report {word}")}],
            "harm_types": ["psychological"],
            "sectors": ["health"],
            "countries": ["KE"],
            "systems": ["triage-bot"],
        }
    })
}

const SYSTEM: &str = "\
id: triage-bot
name: Triage bot
provider: KEN
roles: [provider]
jurisdictions: [EU]
purposes: [medical]
capabilities: [interacts_with_people]
";

/// A node with one report at each level by `rita` (institution A, Kenya),
/// and the viewers of the matrix.
async fn node() -> Node {
    let app = TestApp::spawn().await;
    let a = institution(&app, "Nairobi AI Lab", "KEN").await;
    let b = institution(&app, "Mombasa Data Trust", "KEN").await;
    let c = institution(&app, "Rio AI Institute", "BRA").await;
    let reporter = person(&app, "rita", &[], "KEN", Some(a)).await;
    let admin = person(&app, "sam", &[RoleGrant::SecretariatAdmin], "", None).await;
    let viewers = vec![
        ("anonymous", None),
        (
            "outsider",
            Some(person(&app, "otto", &[], "BRA", Some(c)).await),
        ),
        (
            "community",
            Some(person(&app, "kioko", &[], "KEN", Some(b)).await),
        ),
        (
            "colleague",
            Some(person(&app, "sara", &[], "KEN", Some(a)).await),
        ),
        (
            "recipient",
            Some(person(&app, "xenia", &[], "BRA", None).await),
        ),
        ("secretariat", Some(admin.clone())),
        ("reporter", Some(reporter.clone())),
    ];
    // A registered AI system the reports concern.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/systems"))
        .bearer_auth(&admin)
        .header("content-type", "application/yaml")
        .body(SYSTEM)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
    let mut ids = Vec::new();
    for (level, word) in LEVELS {
        let (s, v) = post(
            &app,
            "/api/v1/safety/reports",
            &reporter,
            report_body(level, word),
        )
        .await;
        assert_eq!(s, 201, "{level}: {v}");
        assert_eq!(v["tlp"], format!("TLP:{level}"));
        ids.push((level, v["id"].as_str().unwrap().to_owned()));
    }
    let usernames = vec![
        ("anonymous", None),
        ("outsider", Some("otto")),
        ("community", Some("kioko")),
        ("colleague", Some("sara")),
        ("recipient", Some("xenia")),
        ("secretariat", Some("sam")),
        ("reporter", Some("rita")),
    ];
    Node {
        app,
        viewers,
        usernames,
        ids,
        reporter,
        admin,
    }
}

/// Who sees which level (TLP 2.0 as the node maps it).
fn expected(viewer: &str) -> &'static [&'static str] {
    match viewer {
        "anonymous" => &["CLEAR"],
        "outsider" | "secretariat" => &["CLEAR", "GREEN"],
        "community" => &["CLEAR", "GREEN", "AMBER"],
        "colleague" => &["CLEAR", "GREEN", "AMBER", "AMBER+STRICT"],
        "recipient" => &["CLEAR", "GREEN", "RED"],
        "reporter" => &["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"],
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn tlp_matrix_level_by_viewer_by_surface_leaks_nothing() {
    let n = node().await;
    let app = &n.app;
    for (viewer, token) in &n.viewers {
        let token = token.as_deref();
        let sees = expected(viewer);
        let hidden: Vec<&str> = LEVELS
            .iter()
            .filter(|(l, _)| !sees.contains(l))
            .map(|(_, w)| *w)
            .collect();
        let shown: Vec<&str> = LEVELS
            .iter()
            .filter(|(l, _)| sees.contains(l))
            .map(|(_, w)| *w)
            .collect();
        let leak = |surface: &str, body: &str| {
            for w in &hidden {
                assert!(!body.contains(w), "{viewer} sees {w} on {surface}");
            }
            for (level, id) in &n.ids {
                if !sees.contains(level) {
                    assert!(
                        !body.contains(id.as_str()),
                        "{viewer} sees {level}'s id on {surface}"
                    );
                }
            }
        };
        // The report itself.
        for (level, id) in &n.ids {
            let (s, body) = get(app, &format!("/api/v1/safety/reports/{id}"), token).await;
            let want = if sees.contains(level) { 200 } else { 404 };
            assert_eq!(s, want, "{viewer} × {level} × report API");
            if want == 404 {
                leak("report API 404", &body);
            }
        }
        // The list and its count.
        let (s, body) = get(app, "/api/v1/safety/reports?limit=100", token).await;
        assert_eq!(s, 200);
        leak("list", &body);
        let list: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(list["total"], sees.len(), "{viewer} × count");
        for w in &shown {
            assert!(body.contains(w), "{viewer} misses {w} in the list");
        }
        // A level filter counts no more than may be seen.
        let (_, body) = get(app, "/api/v1/safety/reports?tlp=RED", token).await;
        let red: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            red["total"],
            usize::from(sees.contains(&"RED")),
            "{viewer} × RED count"
        );
        // Search: hits, snippets and total.
        let (s, body) = get(app, "/api/v1/safety/search?q=patient%20records", token).await;
        assert_eq!(s, 200, "{body}");
        leak("search", &body);
        let hits: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(hits["total"], sees.len(), "{viewer} × search total");
        let (_, body) = get(app, "/api/v1/safety/reports?q=records", token).await;
        leak("list search", &body);
        // Statistics (the charts' numbers).
        let (_, body) = get(app, "/api/v1/safety/statistics", token).await;
        let stats: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(stats["total"], sees.len(), "{viewer} × statistics");
        assert_eq!(stats["by_harm_type"]["psychological"], sees.len());
        assert_eq!(stats["by_sector"]["health"], sees.len());
        assert_eq!(stats["by_month"]["2026-03"], sees.len());
        // Exports.
        for format in ["jsonl", "csv", "stix"] {
            let (s, body) = get(
                app,
                &format!("/api/v1/safety/export?format={format}"),
                token,
            )
            .await;
            assert_eq!(s, 200);
            leak(format, &body);
            for w in &shown {
                assert!(body.contains(w), "{viewer} misses {w} in {format}");
            }
        }
        // The incidents of the AI system.
        let (_, body) = get(
            app,
            "/api/v1/safety/linked?kind=system&target=triage-bot",
            token,
        )
        .await;
        leak("system incidents", &body);
        let linked: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(linked.as_array().unwrap().len(), sees.len());
    }
    // The pages, signed in through the sign-in form.
    for (viewer, username) in &n.usernames {
        let client = match username {
            Some(u) => sign_in(app, u, PASSWORD).await,
            None => browser(),
        };
        let page = |path: String| {
            let client = client.clone();
            async move {
                let r = client.get(app.url(&path)).send().await.unwrap();
                (r.status().as_u16(), r.text().await.unwrap())
            }
        };
        let sees = expected(viewer);
        for (level, id) in &n.ids {
            let (s, _) = page(format!("/safety/reports/{id}")).await;
            let want = if sees.contains(level) { 200 } else { 404 };
            assert_eq!(s, want, "{viewer} × {level} × page");
        }
        for path in [
            "/safety",
            "/safety?q=records",
            "/safety/statistics",
            "/systems/triage-bot",
        ] {
            let (s, body) = page(path.to_owned()).await;
            assert_eq!(s, 200, "{viewer} × {path}");
            for (level, word) in LEVELS {
                if !sees.contains(&level) {
                    assert!(!body.contains(word), "{viewer} sees {word} on {path}");
                }
            }
            if path == "/safety" || path == "/systems/triage-bot" {
                for (level, word) in LEVELS {
                    assert_eq!(
                        body.contains(word),
                        sees.contains(&level),
                        "{viewer} × {word} on /safety"
                    );
                }
            }
        }
    }
    // The feed is public whoever asks: only TLP:CLEAR.
    for (viewer, token) in &n.viewers {
        let (s, body) = get(app, "/api/v1/safety/feed.atom", token.as_deref()).await;
        assert_eq!(s, 200);
        assert!(body.contains("quokkaclear"), "{viewer}");
        for (_, w) in &LEVELS[1..] {
            assert!(!body.contains(w), "{viewer} × feed shows {w}");
        }
    }
}

#[tokio::test]
async fn comments_keep_their_own_marking_and_restricted_reports_commit_only() {
    let n = node().await;
    let app = &n.app;
    let green = &n.ids[1].1;
    // A RED comment on a GREEN report: only its recipient and author see it.
    let (s, v) = post(
        app,
        &format!("/api/v1/safety/reports/{green}/comments"),
        &n.reporter,
        json!({"body": "vendor contact narwhalsecret", "tlp": "RED", "recipients": ["xenia"]}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    // A comment less restricted than its report is refused, naming the field.
    let red = &n.ids[4].1;
    let (s, v) = post(
        app,
        &format!("/api/v1/safety/reports/{red}/comments"),
        &n.reporter,
        json!({"body": "public note", "tlp": "CLEAR"}),
    )
    .await;
    assert_eq!(s, 409, "a comment below its report's level: {v}");
    assert_eq!(v["errors"][0]["field"], "tlp");
    for (viewer, token) in &n.viewers {
        let (_, body) = get(
            app,
            &format!("/api/v1/safety/reports/{green}"),
            token.as_deref(),
        )
        .await;
        let (_, export) = get(app, "/api/v1/safety/export?format=jsonl", token.as_deref()).await;
        let sees = matches!(*viewer, "recipient" | "reporter");
        assert_eq!(body.contains("narwhalsecret"), sees, "{viewer} × comment");
        assert_eq!(
            export.contains("narwhalsecret"),
            sees,
            "{viewer} × comment export"
        );
    }
    // The ledger: the CLEAR report's hash, the others a commitment only.
    let size = app.state.store.ledger_head().await.unwrap().size;
    let bodies = app.state.store.ledger_bodies(0, size).await.unwrap();
    let text: Vec<String> = bodies
        .iter()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    let all = text.join("\n");
    for (_, w) in LEVELS {
        assert!(!all.contains(w), "the ledger holds report text {w}");
    }
    for (level, id) in &n.ids {
        let rec = text
            .iter()
            .find(|t| t.contains(id.as_str()))
            .expect("a record");
        if *level == "CLEAR" {
            assert!(
                rec.contains("safety_report_published") && rec.contains("sha256"),
                "{rec}"
            );
        } else {
            assert!(
                rec.contains("safety_report_committed") && rec.contains("commitment"),
                "{rec}"
            );
            // The node keeps the opening, shown to those who see the report.
            let (s, body) = get(
                app,
                &format!("/api/v1/safety/reports/{id}/openings"),
                Some(&n.reporter),
            )
            .await;
            assert_eq!(s, 200);
            let o: Value = serde_json::from_str(&body).unwrap();
            let opening = waico_safety::commitment::Opening {
                nonce: o[0]["nonce"].as_str().unwrap().into(),
                document: o[0]["document"].as_str().unwrap().into(),
            };
            assert!(waico_safety::commitment::opens(
                o[0]["commitment"].as_str().unwrap(),
                &opening
            ));
            assert!(rec.contains(o[0]["commitment"].as_str().unwrap()));
            let (s, _) = get(app, &format!("/api/v1/safety/reports/{id}/openings"), None).await;
            assert_eq!(s, 404);
        }
    }
}

#[tokio::test]
async fn workflow_merge_keeps_sources_and_only_the_secretariat_triages() {
    let n = node().await;
    let app = &n.app;
    let (clear, green) = (&n.ids[0].1, &n.ids[1].1);
    // The reporter may not triage; the secretariat may.
    let (s, _) = post(
        app,
        &format!("/api/v1/safety/reports/{green}/steps"),
        &n.reporter,
        json!({"action": "triage"}),
    )
    .await;
    assert_eq!(s, 403);
    let (s, v) = post(
        app,
        &format!("/api/v1/safety/reports/{green}/steps"),
        &n.admin,
        json!({"action": "triage"}),
    )
    .await;
    assert_eq!((s, v["state"].as_str()), (200, Some("triaged")), "{v}");
    // A step that the state does not allow is a conflict; nothing changes.
    let (s, _) = post(
        app,
        &format!("/api/v1/safety/reports/{green}/steps"),
        &n.admin,
        json!({"action": "close"}),
    )
    .await;
    assert_eq!(s, 409);
    let (s, v) = post(
        app,
        &format!("/api/v1/safety/reports/{green}/steps"),
        &n.admin,
        json!({"action": "reject"}),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(v["errors"][0]["field"], "reason");
    // The secretariat cannot act on what its marking hides from it.
    let amber = &n.ids[2].1;
    let (s, _) = post(
        app,
        &format!("/api/v1/safety/reports/{amber}/steps"),
        &n.admin,
        json!({"action": "triage"}),
    )
    .await;
    assert_eq!(s, 404);
    // A GREEN duplicate cannot merge into a CLEAR report (its sources would leak) …
    let (s, v) = post(
        app,
        &format!("/api/v1/safety/reports/{green}/merge"),
        &n.admin,
        json!({"target": clear}),
    )
    .await;
    assert_eq!(s, 409, "a target shared more widely: {v}");
    // … but a CLEAR one merges into a GREEN one, which keeps its sources.
    let (s, v) = post(
        app,
        &format!("/api/v1/safety/reports/{clear}/merge"),
        &n.admin,
        json!({"target": green}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let urls: Vec<&str> = v["content"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap())
        .collect();
    assert!(urls.iter().any(|u| u.ends_with("quokkaclear")), "{urls:?}");
    assert!(urls.iter().any(|u| u.ends_with("quokkagreen")), "{urls:?}");
    let (_, body) = get(app, &format!("/api/v1/safety/reports/{clear}"), None).await;
    let dup: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(dup["state"], "duplicate");
    assert_eq!(dup["state_detail"]["of"], green.as_str());
    // Assigning a member who may see the report.
    let (s, v) = post(
        app,
        &format!("/api/v1/safety/reports/{green}/assignees"),
        &n.admin,
        json!({"username": "kioko"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["assignees"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bad_reports_are_refused_naming_the_field_and_nothing_is_kept() {
    let n = node().await;
    let app = &n.app;
    let cases = [
        (json!({"tlp": "WHITE", "report": {"title": "x"}}), "tlp"),
        (json!({"tlp": "CLEAR", "report": {"title": "  "}}), "title"),
        (
            json!({"tlp": "CLEAR", "report": {"title": "x", "date": "14/03/2026"}}),
            "date",
        ),
        (
            json!({"tlp": "CLEAR", "report": {"title": "x", "harm_types": ["boredom"]}}),
            "harm_types",
        ),
        (
            json!({"tlp": "CLEAR", "report": {"title": "x", "sources": [{"url": "javascript:alert(1)"}]}}),
            "sources.url",
        ),
        (
            json!({"tlp": "AMBER", "report": {"title": "x"}}),
            "community",
        ),
        (
            json!({"tlp": "RED", "recipients": ["nobody"], "report": {"title": "x"}}),
            "recipients",
        ),
        (
            json!({"tlp": "CLEAR", "report": {"title": "x", "systems": ["no-such-system"]}}),
            "systems",
        ),
    ];
    let before = app.state.store.safety_count().await.unwrap();
    let ledger = app.state.store.ledger_head().await.unwrap().size;
    for (body, field) in cases {
        let (s, v) = post(app, "/api/v1/safety/reports", &n.reporter, body.clone()).await;
        // A recipient or a linked system that does not exist is a name the
        // node lacks (404); the rest are refusals of the form (422).
        let expected = if matches!(field, "recipients" | "systems") {
            404
        } else {
            422
        };
        assert_eq!(s, expected, "{body}: {v}");
        assert_eq!(v["errors"][0]["field"], field, "{body}: {v}");
    }
    assert_eq!(app.state.store.safety_count().await.unwrap(), before);
    assert_eq!(app.state.store.ledger_head().await.unwrap().size, ledger);
    // Anonymous callers cannot submit.
    let (s, _) = call(
        app,
        reqwest::Method::POST,
        "/api/v1/safety/reports",
        None,
        Some(report_body("CLEAR", "x")),
    )
    .await;
    assert_eq!(s, 401);
}

/// AVID reports as each schema version writes them.
fn avid(version: &str, id: &str, title_word: &str) -> Value {
    let artifacts_key = if version == "0.1" {
        "artifact"
    } else {
        "artifacts"
    };
    let class_key = if version == "0.1" { "class" } else { "classof" };
    json!({
        "data_type": "AVID",
        "data_version": version,
        "metadata": {"report_id": id},
        "affects": {
            "developer": ["Acme"],
            "deployer": ["Acme"],
            artifacts_key: [{"type": "Model", "name": "acme-7b"}]
        },
        "problemtype": {
            class_key: "LLM Evaluation",
            "type": "Detection",
            "description": {"lang": "eng", "value": format!("Prompt injection {title_word}")}
        },
        "description": {"lang": "eng", "value": format!("The model follows injected instructions {title_word}.")},
        "references": [{"type": "source", "label": "Write-up", "url": format!("https://example.org/{id}")}],
        "reported_date": "2024-05-01"
    })
}

#[tokio::test]
async fn avid_import_in_each_schema_version_is_all_or_nothing() {
    let n = node().await;
    let app = &n.app;
    let batch = json!([
        avid("0.1", "AVID-2023-R0001", "walrusone"),
        avid("0.2", "AVID-2024-R0002", "walrustwo"),
        avid("0.3", "AVID-2025-R0003", "walrusthree"),
    ]);
    let import = |token: String, body: String, q: &'static str| {
        let app = &n.app;
        async move {
            let r = reqwest::Client::new()
                .post(app.url(&format!("/api/v1/safety/import?{q}")))
                .bearer_auth(token)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            let s = r.status().as_u16();
            (s, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    // Only the secretariat imports.
    let (s, _) = import(n.reporter.clone(), batch.to_string(), "format=avid").await;
    assert_eq!(s, 403);
    let (s, v) = import(n.admin.clone(), batch.to_string(), "format=avid").await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["imported"].as_array().unwrap().len(), 3, "{v}");
    for w in ["walrusone", "walrustwo", "walrusthree"] {
        let (_, body) = get(app, &format!("/api/v1/safety/reports?q={w}"), None).await;
        let list: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(list["total"], 1, "{w}: {body}");
    }
    // A file with one bad report imports nothing.
    let before = app.state.store.safety_count().await.unwrap();
    let mut bad = batch.clone();
    bad[1]["data_version"] = json!("9.9");
    let (s, v) = import(n.admin.clone(), bad.to_string(), "format=avid").await;
    assert_eq!(s, 409, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("report 2"), "{v}");
    assert_eq!(app.state.store.safety_count().await.unwrap(), before);
    // Importing the same file again suggests the earlier reports as duplicates.
    let (s, v) = import(n.admin.clone(), batch.to_string(), "format=avid").await;
    assert_eq!(s, 201);
    assert!(
        !v["suggested_duplicates"].as_array().unwrap().is_empty(),
        "{v}"
    );
}

#[tokio::test]
async fn the_demo_has_reports_at_every_level_and_state_with_running_deadlines() {
    let app = TestApp::spawn().await;
    assert!(waico::demo::seed(&app.state).await.unwrap());
    let all = app.state.store.safety_reports().await.unwrap();
    assert!(all.len() >= 200, "{}", all.len());
    let levels: std::collections::BTreeSet<&str> =
        all.iter().map(|r| r.row().tlp.as_str()).collect();
    assert_eq!(levels.len(), 5, "{levels:?}");
    let states: std::collections::BTreeSet<&str> =
        all.iter().map(|r| r.row().state.as_str()).collect();
    for s in [
        "submitted",
        "triaged",
        "confirmed",
        "mitigated",
        "closed",
        "rejected",
        "duplicate",
        "withdrawn",
    ] {
        assert!(states.contains(s), "no demo report is {s}: {states:?}");
    }
    // A legal incident of a demo system shows its duties with a countdown.
    let legal = all
        .iter()
        .find(|r| {
            r.row().tlp == "CLEAR"
                && r.links
                    .iter()
                    .any(|(k, t)| k == "system" && t == "demo-hiring-screener")
                && r.row().document.contains("aware_at")
        })
        .expect("a public legal incident of the hiring screener");
    let (s, body) = get(
        &app,
        &format!("/api/v1/safety/reports/{}", legal.row().id),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    let duties = v["duties"].as_array().unwrap();
    assert!(!duties.is_empty(), "{body}");
    assert!(
        duties
            .iter()
            .any(|d| d["citation"].as_str().unwrap().contains("73")),
        "{body}"
    );
    let r = reqwest::get(app.url(&format!("/safety/reports/{}", legal.row().id)))
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains("Art. 73"), "the report page shows the duty");
    // The anonymous see public reports only, in every surface.
    let (_, body) = get(&app, "/api/v1/safety/statistics", None).await;
    let stats: Value = serde_json::from_str(&body).unwrap();
    let public = all
        .iter()
        .filter(|r| {
            r.row().tlp == "CLEAR" && !matches!(r.row().state.as_str(), "duplicate" | "withdrawn")
        })
        .count();
    assert_eq!(stats["total"], public);
}

#[test]
fn the_shell_imports_avid_files_and_exports_what_a_user_may_see() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_waico"))
            .args(["--data-dir", data, "--config", "/nonexistent/waico.toml"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    assert!(run(&["migrate"]).0);
    let create = |name: &str, role: &[&str]| {
        let mut args = vec![
            "admin",
            "create-user",
            "--username",
            name,
            "--display-name",
            name,
            "--email",
        ];
        let email = format!("{name}@example.org");
        args.push(&email);
        args.extend(["--password", PASSWORD]);
        args.extend(role);
        let (ok, text) = run(&args);
        assert!(ok, "{text}");
    };
    create("sec", &["--role", "secretariat_admin"]);
    create("res", &["--role", "researcher"]);
    let file = dir.path().join("avid.jsonl");
    let lines = [
        avid("0.1", "AVID-2023-R0101", "otterone"),
        avid("0.3", "AVID-2025-R0103", "ottertwo"),
    ]
    .iter()
    .map(Value::to_string)
    .collect::<Vec<_>>()
    .join("\n");
    std::fs::write(&file, lines).unwrap();
    let path = file.to_str().unwrap();
    // Only the secretariat imports; a researcher is refused and nothing is kept.
    let (ok, text) = run(&["safety", "import", path, "--as", "res"]);
    assert!(!ok, "{text}");
    let (ok, text) = run(&["safety", "import", path, "--as", "sec", "--tlp", "GREEN"]);
    assert!(ok, "{text}");
    assert!(text.contains("imported 2 reports"), "{text}");
    // GREEN: a signed-in member sees them, the anonymous do not.
    let (ok, member) = run(&["safety", "export", "--as", "res", "--format", "csv"]);
    assert!(ok, "{member}");
    assert!(
        member.contains("otterone") && member.contains("ottertwo"),
        "{member}"
    );
    let (ok, public) = run(&["safety", "export", "--format", "stix"]);
    assert!(ok, "{public}");
    assert!(!public.contains("otter"), "{public}");
    // An imported AVID report is no legal incident: no EU report, said in words.
    let id = member
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .find(|w| w.starts_with("SR-"))
        .expect("a report id in the export")
        .to_owned();
    let (ok, text) = run(&["safety", "eu-report", &id, "--as", "res"]);
    assert!(!ok, "{text}");
    assert!(text.contains("not a legal incident"), "{text}");
    let (ok, text) = run(&[
        "safety",
        "eu-report",
        &id,
        "--stage",
        "final",
        "--as",
        "res",
    ]);
    assert!(!ok && text.contains("stage"), "{text}");
}

/// Parses a STIX bundle strictly with the OASIS `stix2` library and prints
/// the names of its reports and vulnerabilities.
const STIX_VALIDATE: &str = r#"
import sys, stix2
b = stix2.parse(open(sys.argv[1], encoding="utf-8").read(), allow_custom=False, version="2.1")
print("\n".join(getattr(o, "name", "") for o in b.objects if o.type != "marking-definition"))
"#;

#[tokio::test]
async fn stix_exports_validate_with_the_oasis_library_and_honour_tlp() {
    let python = crate::python::python();
    let n = node().await;
    let dir = tempfile::tempdir().unwrap();
    for (viewer, token) in &n.viewers {
        let (s, body) = get(
            &n.app,
            "/api/v1/safety/export?format=stix",
            token.as_deref(),
        )
        .await;
        assert_eq!(s, 200);
        let file = dir.path().join(format!("{viewer}.json"));
        std::fs::write(&file, &body).unwrap();
        let out = std::process::Command::new(&python)
            .args(["-c", STIX_VALIDATE])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{viewer}: stix2 rejects the bundle: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let names = String::from_utf8(out.stdout).unwrap();
        for (level, word) in LEVELS {
            assert_eq!(
                names.contains(word),
                expected(viewer).contains(&level),
                "{viewer} × {level} in STIX: {names}"
            );
        }
    }
}

/// The entries of the ledger with a given record name, as the API lists them.
async fn ledger_entries_named(app: &TestApp, name: &str) -> Vec<Value> {
    let (s, body) = get(app, "/api/v1/ledger/entries?limit=1000", None).await;
    assert_eq!(s, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    v["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e.to_string().contains(name))
        .cloned()
        .collect()
}

#[tokio::test]
async fn the_author_or_a_triager_changes_the_marking_and_making_it_public_publishes_its_hash() {
    let n = node().await;
    let app = &n.app;
    let id = |level: &str| n.ids.iter().find(|(l, _)| *l == level).unwrap().1.clone();
    let outsider = n.viewers[1].1.clone().unwrap();
    let green = id("GREEN");
    let published_before = ledger_entries_named(app, "safety_report_published")
        .await
        .len();

    // Neither the author nor a triager: refused, nothing changes.
    let marking = json!({"tlp": "CLEAR"});
    let (s, v) = post(
        app,
        &format!("/api/v1/safety/reports/{green}/marking"),
        &outsider,
        marking.clone(),
    )
    .await;
    assert_eq!(s, 403, "{v}");
    assert_eq!(
        get(app, &format!("/api/v1/safety/reports/{green}"), None)
            .await
            .0,
        404
    );

    // A bad level is refused naming the field.
    let (s, v) = post(
        app,
        &format!("/api/v1/safety/reports/{green}/marking"),
        &n.reporter,
        json!({"tlp": "PURPLE"}),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert!(v.to_string().contains("tlp"), "{v}");

    // The author makes it public: everyone sees it, the ledger has its hash.
    let (s, v) = post(
        app,
        &format!("/api/v1/safety/reports/{green}/marking"),
        &n.reporter,
        marking,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["tlp"], "TLP:CLEAR");
    assert!(
        v.to_string().contains("remarked"),
        "the history records the change: {v}"
    );
    let (s, body) = get(app, &format!("/api/v1/safety/reports/{green}"), None).await;
    assert_eq!(s, 200, "{body}");
    let published = ledger_entries_named(app, "safety_report_published").await;
    assert_eq!(published.len(), published_before + 1, "{published:?}");
    assert!(
        published.iter().any(|e| e.to_string().contains(&green)),
        "{published:?}"
    );

    // The secretariat (a triager) narrows it to RED for one recipient: it no
    // longer sees it (204), the public neither, the recipient does.
    let (s, v) = post(
        app,
        &format!("/api/v1/safety/reports/{green}/marking"),
        &n.admin,
        json!({"tlp": "RED", "recipients": ["xenia"]}),
    )
    .await;
    assert_eq!(s, 204, "{v}");
    assert_eq!(
        get(app, &format!("/api/v1/safety/reports/{green}"), None)
            .await
            .0,
        404
    );
    assert_eq!(
        get(
            app,
            &format!("/api/v1/safety/reports/{green}"),
            Some(&n.admin)
        )
        .await
        .0,
        404
    );
    let xenia = n.viewers[4].1.clone().unwrap();
    assert_eq!(
        get(
            app,
            &format!("/api/v1/safety/reports/{green}"),
            Some(&xenia)
        )
        .await
        .0,
        200
    );
    let (_, list) = get(app, "/api/v1/safety/reports?q=quokkagreen", None).await;
    assert!(
        !list.contains(&green),
        "search no longer shows it to the public: {list}"
    );

    // Through the page: the author sees the form and changes the marking back.
    let rita = sign_in(app, "rita", PASSWORD).await;
    let html = rita
        .get(app.url(&format!("/safety/reports/{green}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!("/safety/reports/{green}/marking")),
        "the form is shown"
    );
    let csrf = crate::app::csrf_of(&html);
    let r = rita
        .post(app.url(&format!("/safety/reports/{green}/marking")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("tlp", "GREEN"),
            ("community", ""),
            ("recipients", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(
        get(
            app,
            &format!("/api/v1/safety/reports/{green}"),
            Some(&outsider)
        )
        .await
        .0,
        200
    );
    // Someone else's page has no form.
    let otto = sign_in(app, "otto", PASSWORD).await;
    let html = otto
        .get(app.url(&format!("/safety/reports/{green}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains(&format!("/safety/reports/{green}/marking")));
}

#[tokio::test]
async fn the_eu_serious_incident_report_of_a_demo_incident_carries_its_duty_and_dates() {
    let app = TestApp::spawn().await;
    assert!(waico::demo::seed(&app.state).await.unwrap());
    let all = app.state.store.safety_reports().await.unwrap();
    let legal = all
        .iter()
        .find(|r| {
            r.row().tlp == "CLEAR"
                && r.links
                    .iter()
                    .any(|(k, t)| k == "system" && t == "demo-hiring-screener")
                && r.row().document.contains("aware_at")
        })
        .expect("a public legal incident of the hiring screener");
    let id = legal.row().id.clone();
    let (s, body) = get(
        &app,
        &format!("/api/v1/safety/reports/{id}/eu-report"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{body}");
    let eu: Value = serde_json::from_str(&body).unwrap();
    let view: Value = serde_json::from_str(
        &get(&app, &format!("/api/v1/safety/reports/{id}"), None)
            .await
            .1,
    )
    .unwrap();
    assert_eq!(eu["stage"], "initial");
    assert_eq!(eu["node_reference"], id.as_str());
    assert_eq!(eu["incident"]["title"], view["content"]["title"]);
    assert!(
        eu["deadline"]["article"].as_str().unwrap().contains("73"),
        "{body}"
    );
    let due = view["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["jurisdiction"] == "EU" && d["citation"].as_str().unwrap().contains("73"))
        .expect("the EU duty on the report");
    // The due date in the export is the day of the report page's deadline.
    if let (Some(day), Some(deadline)) = (
        eu["deadline"]["due_date"].as_str(),
        due["deadline"].as_str(),
    ) {
        assert!(deadline.starts_with(day), "{day} vs {deadline}");
    }
    assert!(eu["incident"]["date_of_awareness"].is_string(), "{body}");
    // Calendar dates are written YYYY-MM-DD, here and in the report itself.
    let day = eu["incident"]["date_of_occurrence"]
        .as_str()
        .expect("a date");
    assert!(
        day.len() == 10 && day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-',
        "{day}"
    );
    assert_eq!(view["content"]["date"], day);
    assert!(
        !eu["incident"]["categories"].as_array().unwrap().is_empty(),
        "{body}"
    );
    assert!(
        eu["ai_system"]["node_system_ids"]
            .to_string()
            .contains("demo-hiring-screener")
    );
    assert!(
        eu["causal_link"].is_null(),
        "left for the provider to complete"
    );

    let (s, body) = get(
        &app,
        &format!("/api/v1/safety/reports/{id}/eu-report?stage=complete"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert!(body.contains("\"complete\""));
    let (s, body) = get(
        &app,
        &format!("/api/v1/safety/reports/{id}/eu-report?stage=final"),
        None,
    )
    .await;
    assert_eq!(s, 422, "{body}");
    assert!(body.contains("stage"), "{body}");
    let (s, body) = get(
        &app,
        &format!("/api/v1/safety/reports/{id}/eu-report?system=nope"),
        None,
    )
    .await;
    assert_eq!(s, 422, "{body}");
    assert!(body.contains("system"), "{body}");

    // A public report that is not a legal incident: 409; a hidden one: 404.
    let plain = all
        .iter()
        .find(|r| r.row().tlp == "CLEAR" && !r.row().document.contains("aware_at"))
        .expect("a public report without legal data");
    let (s, body) = get(
        &app,
        &format!("/api/v1/safety/reports/{}/eu-report", plain.row().id),
        None,
    )
    .await;
    assert_eq!(s, 409, "{body}");
    assert!(
        body.contains("problem") || body.contains("status"),
        "{body}"
    );
    let hidden = all.iter().find(|r| r.row().tlp == "RED").unwrap();
    let (s, _) = get(
        &app,
        &format!("/api/v1/safety/reports/{}/eu-report", hidden.row().id),
        None,
    )
    .await;
    assert_eq!(s, 404);

    // The report page links to the export.
    let html = reqwest::get(app.url(&format!("/safety/reports/{id}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("/api/v1/safety/reports/{id}/eu-report")));
}

/// The safety warnings among the mails the server received, once there are
/// `n` of them (or after 10 s).
async fn safety_mails(smtp: &crate::mail::MailServer, n: usize) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let got: Vec<String> = smtp
            .messages()
            .into_iter()
            .filter(|m| crate::mail::unfolded(m).contains("https://waico.test/safety/reports/"))
            .collect();
        if got.len() >= n || std::time::Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn deadline_warnings_go_once_by_e_mail_and_a_failed_one_is_sent_on_the_next_run() {
    use waico_app::safety::warnings::{WarningRun, send_due_warnings};
    let smtp = crate::mail::MailServer::start().await;
    let port = smtp.port;
    let app = TestApp::spawn_with(&crate::app::Backend::Sqlite, |mut state| {
        let mut settings = (*state.settings).clone();
        settings.mailer = crate::mail::mailer(port);
        settings.public_url = "https://waico.test".into();
        state.settings = std::sync::Arc::new(settings);
        state
    })
    .await;
    assert!(waico::demo::seed(&app.state).await.unwrap());
    let now = time::OffsetDateTime::now_utc();

    // The demo's incidents whose duties warn now: one mail per duty, level and person.
    let run = send_due_warnings(&app.state, now).await.unwrap();
    assert!(run.sent > 0, "{run:?}");
    assert_eq!(run.failed, 0);
    // Other parts mail too (the demo's capacity and deliberation notices,
    // sent in the background): only the safety warnings are counted.
    let mails = safety_mails(&smtp, run.sent).await;
    assert_eq!(mails.len(), run.sent);
    for mail in &mails {
        let text = crate::mail::unfolded(mail);
        let start = text
            .find("https://waico.test/safety/reports/")
            .expect("a link");
        let id = text[start + "https://waico.test/safety/reports/".len()..]
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap()
            .to_owned();
        // Addressed to the author or an assignee, who may see the report,
        // about a duty of that report that warns.
        let stored = app.state.store.safety_report(&id).await.unwrap();
        let report = waico_app::safety::from_stored(&stored).unwrap();
        let people: Vec<String> = std::iter::once(&report.origin.author)
            .chain(report.assignees())
            .filter_map(waico_app::safety::user_of)
            .map(|uid| uid.to_string())
            .collect();
        let mut addressed = false;
        for uid in &people {
            let user = app.state.store.user(uid.parse().unwrap()).await.unwrap();
            if text.contains(&format!("To: {}", user.email))
                || text.contains(&format!("<{}>", user.email))
            {
                addressed = true;
                let actor = waico_app::accounts::actor_of(&user);
                let view = waico_app::safety::get(&app.state, &actor, &id)
                    .await
                    .unwrap();
                assert!(view.duties.iter().any(|d| d.warn), "{id}: no warning duty");
            }
        }
        assert!(
            addressed,
            "{id}: not addressed to its author or an assignee:\n{text}"
        );
    }

    // Nothing twice.
    assert_eq!(
        send_due_warnings(&app.state, now).await.unwrap(),
        WarningRun::default()
    );

    // Twenty days on, the duties are overdue (a new level). With the SMTP
    // server down nothing is sent and every claim is given back; once it is
    // up again, the next run sends them.
    let later = now + time::Duration::days(20);
    drop(smtp);
    let down = send_due_warnings(&app.state, later).await.unwrap();
    assert_eq!(down.sent, 0);
    assert!(down.failed > 0, "{down:?}");
    let smtp = crate::mail::MailServer::start_on(port).await;
    let up = send_due_warnings(&app.state, later).await.unwrap();
    assert_eq!(up.sent, down.failed, "{up:?} after {down:?}");
    let overdue = safety_mails(&smtp, up.sent).await;
    assert_eq!(overdue.len(), up.sent);
    assert!(
        overdue
            .iter()
            .any(|m| crate::mail::unfolded(m).contains("late")),
        "an overdue warning says it is late"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_index_follows_reports_written_by_another_process() {
    use std::time::{Duration, Instant};
    for backend in crate::app::backends() {
        let shared = tempfile::tempdir().unwrap();
        let url = match &backend {
            crate::app::Backend::Sqlite => {
                format!("sqlite://{}", shared.path().join("waico.db").display())
            }
            crate::app::Backend::Postgres(base) => crate::app::fresh_postgres(base).await,
        };
        let artifacts = shared.path().join("artifacts");
        let a = crate::commons::node_on(&url, &artifacts, Duration::from_millis(50)).await;
        let b = crate::commons::node_on(&url, &artifacts, Duration::from_millis(50)).await;
        let rita = person(&a, "rita", &[], "KEN", None).await;
        let search = |app: &TestApp, word: &str| {
            let url = app.url(&format!("/api/v1/safety/search?q={word}"));
            async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
        };
        // B's index is filled (empty) before A writes.
        assert!(!search(&b, "wombatfollow").await.contains("wombatfollow"));
        let mut body = report_body("CLEAR", "wombatfollow");
        body["report"]["systems"] = json!([]);
        let (s, v) = post(&a, "/api/v1/safety/reports", &rita, body).await;
        assert_eq!(s, 201, "{v}");
        let id = v["id"].as_str().unwrap().to_owned();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !search(&b, "wombatfollow").await.contains(&id) {
            assert!(Instant::now() < deadline, "B never found A's report");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // A narrows it: B's public search stops showing it.
        let (s, v) = post(
            &a,
            &format!("/api/v1/safety/reports/{id}/marking"),
            &rita,
            json!({"tlp": "AMBER+STRICT"}),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while search(&b, "wombatfollow").await.contains(&id) {
            assert!(
                Instant::now() < deadline,
                "B still shows the narrowed report"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // The steady state re-indexes nothing.
        use waico_app::safety::follow::catch_up;
        assert!(catch_up(&b.state).await.unwrap() <= 1);
        assert_eq!(catch_up(&b.state).await.unwrap(), 0);
    }
}
