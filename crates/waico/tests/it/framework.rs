//! Framework & assessment through the real server: uploads (accepted, and
//! rejected with located errors leaving the catalog unchanged), crosswalk
//! queries both ways, the AI systems registry and assessments in every
//! format, the registration and upload forms, and `waico assess`.

use serde_json::{Value, json};
use waico_members::{CountryCode, RoleGrant};

use crate::app::{TestApp, csrf_of, sign_in};

const PASSWORD: &str = "correct horse battery";

pub(crate) const FRAMEWORK: &str = "\
urn: urn:waico:framework:ke-ai-test
ref_id: KE-AI
name: Kenya AI test code
version: '1.0'
jurisdiction: KE
nodes:
  - urn: urn:waico:req:ke-ai-test:s1
    kind: section
    ref_id: Part I
    title: Transparency
  - urn: urn:waico:req:ke-ai-test:s1-1
    parent: urn:waico:req:ke-ai-test:s1
    kind: requirement
    ref_id: 'S. 1(1)'
    title: Tell users they talk to a machine
    citation: 'S. 1(1)'
";

const CROSSWALK: &str = "\
framework: urn:waico:framework:ke-ai-test
version: '1.0'
requirement_prefix: 'urn:waico:req:ke-ai-test:'
mappings:
  s1-1: {transparency:1: equal}
";

const PACK: &str = "\
id: ke-ai-test
jurisdiction: KE
name: Kenya AI test pack
version: '1.0'
status: draft
official_source: {title: t, url: 'https://example.org'}
frameworks: [urn:waico:framework:ke-ai-test]
risk_classes: [low, high]
default_risk_class: low
applies_when: \"'KE' in jurisdictions\"
rules:
  - id: ke.chatbot
    title: Chatbots disclose
    citation: 'S. 1(1)'
    when: \"'interacts_with_people' in capabilities\"
    obligations:
      - requirement: urn:waico:req:ke-ai-test:s1-1
        bearer: provider
";

pub(crate) async fn token(app: &TestApp, username: &str, grants: &[RoleGrant]) -> String {
    let user = app.user(username, PASSWORD, grants).await;
    app.token(
        user.id,
        waico_store::TokenScope::Write,
        waico_store::now_ms() + 600_000,
    )
    .await
}

pub(crate) async fn post_yaml(app: &TestApp, path: &str, token: &str, body: &str) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", "application/yaml")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
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

pub(crate) async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let r = reqwest::get(app.url(path)).await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn pack_ids(packs: &Value) -> Vec<String> {
    packs
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}@{}",
                p["id"].as_str().unwrap(),
                p["version"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn uploads_load_or_are_rejected_with_located_errors_and_change_nothing() {
    let app = TestApp::spawn().await;
    let admin = token(&app, "sec", &[RoleGrant::SecretariatAdmin]).await;
    let delegate = token(
        &app,
        "amina",
        &[RoleGrant::Delegate {
            country: CountryCode::parse("KEN").unwrap(),
        }],
    )
    .await;

    // Only the secretariat loads frameworks.
    let (status, _) = post_yaml(&app, "/api/v1/frameworks", &delegate, FRAMEWORK).await;
    assert_eq!(status, 403);

    // A pack referring to a framework that is not loaded yet: located, nothing changes.
    let (_, before) = get_json(&app, "/api/v1/packs").await;
    let (status, problem) = post_yaml(&app, "/api/v1/packs?file=ke.yaml", &admin, PACK).await;
    assert_eq!(status, 422, "{problem}");
    let errors = problem["load_errors"].as_array().unwrap();
    assert!(errors.iter().all(|e| e["file"] == "ke.yaml"), "{problem}");
    assert!(
        errors.iter().any(|e| e["line"] == 17
            && e["reason"]
                .as_str()
                .unwrap()
                .contains("unknown requirement")),
        "{problem}"
    );
    let (_, after) = get_json(&app, "/api/v1/packs").await;
    assert_eq!(pack_ids(&after), pack_ids(&before));

    // Framework, crosswalk, then the pack load.
    let (status, body) = post_yaml(&app, "/api/v1/frameworks", &admin, FRAMEWORK).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["subject"], "urn:waico:framework:ke-ai-test");
    let (status, body) = post_yaml(&app, "/api/v1/crosswalks", &admin, CROSSWALK).await;
    assert_eq!(status, 201, "{body}");
    // Each adoption is in the public ledger; the rejected uploads are not.
    let store = &app.state.store;
    assert_eq!(
        store
            .ledger_count(Some("framework_version_adopted"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store.ledger_count(Some("generic")).await.unwrap(),
        1,
        "the crosswalk"
    );

    // A CEL condition on an unknown profile field: located at its line.
    let bad = PACK.replace(
        "'interacts_with_people' in capabilities",
        "telepathy == true",
    );
    let (status, problem) = post_yaml(&app, "/api/v1/packs?file=ke.yaml", &admin, &bad).await;
    assert_eq!(status, 422);
    assert_eq!(problem["load_errors"][0]["line"], 15, "{problem}");
    assert!(
        problem["load_errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("telepathy"),
        "{problem}"
    );
    let (_, after) = get_json(&app, "/api/v1/packs").await;
    assert_eq!(pack_ids(&after), pack_ids(&before));

    let (status, body) = post_yaml(&app, "/api/v1/packs", &admin, PACK).await;
    assert_eq!(status, 201, "{body}");
    let (_, packs) = get_json(&app, "/api/v1/packs").await;
    assert!(pack_ids(&packs).contains(&"ke-ai-test@1.0".to_owned()));
    let ke = packs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "ke-ai-test")
        .unwrap();
    assert_eq!(ke["status"], "draft");
    assert_eq!(ke["binding"], false);

    // The same version twice is refused.
    let (status, problem) = post_yaml(&app, "/api/v1/packs", &admin, PACK).await;
    assert_eq!(status, 422);
    assert!(
        problem["load_errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("already loaded")
    );

    // The crosswalk is queryable both ways.
    let (_, control) = get_json(&app, "/api/v1/controls/transparency:1").await;
    assert!(
        control["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["requirement"] == "urn:waico:req:ke-ai-test:s1-1"
                && r["jurisdiction"] == "KE"),
        "{control}"
    );

    // Exports of the uploaded framework.
    let yaml = reqwest::get(app.url("/api/v1/frameworks/urn:waico:framework:ke-ai-test/yaml"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(yaml.contains("urn:waico:req:ke-ai-test:s1-1"));
    let (status, oscal) = get_json(
        &app,
        "/api/v1/frameworks/urn:waico:framework:ke-ai-test/oscal",
    )
    .await;
    assert_eq!(status, 200);
    assert!(oscal["catalog"]["uuid"].is_string(), "{oscal}");

    // A node restarting from the same store rebuilds the same catalog.
    let fresh = waico_app::framework::FrameworkState::default();
    assert!(fresh.catalog().pack("ke-ai-test").is_none());
    let skipped = fresh.load_stored(&app.state.store).await.unwrap();
    assert!(skipped.is_empty());
    assert_eq!(
        fresh.catalog().pack("ke-ai-test").unwrap().doc.version,
        "1.0"
    );
    assert!(
        fresh
            .catalog()
            .framework("urn:waico:framework:ke-ai-test")
            .is_some()
    );
}

/// A server on a shared database, with its own data folder, checking for
/// other processes' uploads every `reload_every` (zero: never).
pub(crate) async fn node_on(url: &str, reload_every: std::time::Duration) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let store = waico_store::Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let artifacts = waico_store::artifacts::open(&dir.path().join("artifacts"), None).unwrap();
    let settings = waico_app::Settings {
        framework_reload_every: reload_every,
        ..Default::default()
    };
    let state = waico_app::AppState::new(store, artifacts, settings);
    state.framework.load_stored(&state.store).await.unwrap();
    TestApp::serve(state, dir).await
}

/// Polls `path` on `app` until `found` holds, for at most 10 s.
async fn wait_until(app: &TestApp, path: &str, found: impl Fn(&Value) -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, body) = get_json(app, path).await;
        if found(&body) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{path} never showed the other process's upload: {body}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

fn lists_framework(list: &Value, urn: &str) -> bool {
    list.as_array()
        .is_some_and(|l| l.iter().any(|f| f["urn"] == urn))
}

#[tokio::test]
async fn uploads_made_by_another_process_take_effect_here() {
    use std::time::Duration;
    const KE: &str = "urn:waico:framework:ke-ai-test";
    for backend in crate::app::backends() {
        let db = tempfile::tempdir().unwrap();
        let url = match &backend {
            crate::app::Backend::Sqlite => {
                format!("sqlite://{}", db.path().join("waico.db").display())
            }
            crate::app::Backend::Postgres(base) => crate::app::fresh_postgres(base).await,
        };
        // A never checks by itself; B checks every 50 ms.
        let a = node_on(&url, Duration::ZERO).await;
        let b = node_on(&url, Duration::from_millis(50)).await;
        let admin = token(&a, "sec", &[RoleGrant::SecretariatAdmin]).await;

        // A framework uploaded through A reaches B without a restart.
        let (status, body) = post_yaml(&a, "/api/v1/frameworks", &admin, FRAMEWORK).await;
        assert_eq!(status, 201, "{body}");
        // A's own upload moved A's watermark: nothing to reload.
        assert!(
            !a.state
                .framework
                .reload_if_changed(&a.state.store)
                .await
                .unwrap()
        );
        wait_until(&b, "/api/v1/frameworks", |l| lists_framework(l, KE)).await;
        assert!(
            !b.state
                .framework
                .reload_if_changed(&b.state.store)
                .await
                .unwrap()
        );

        // B builds on it: a pack referring to the framework A uploaded.
        let (status, body) = post_yaml(&b, "/api/v1/packs", &admin, PACK).await;
        assert_eq!(status, 201, "{body}");
        let (_, packs) = get_json(&a, "/api/v1/packs").await;
        assert!(
            !pack_ids(&packs).contains(&"ke-ai-test@1.0".to_owned()),
            "A does not check by itself"
        );
        // An upload through A first takes in what B stored.
        let (status, body) = post_yaml(&a, "/api/v1/crosswalks", &admin, CROSSWALK).await;
        assert_eq!(status, 201, "{body}");
        let (_, packs) = get_json(&a, "/api/v1/packs").await;
        assert!(pack_ids(&packs).contains(&"ke-ai-test@1.0".to_owned()));
        assert!(
            !a.state
                .framework
                .reload_if_changed(&a.state.store)
                .await
                .unwrap()
        );
        // And the crosswalk reaches B.
        wait_until(&b, "/api/v1/controls/transparency:1", |c| {
            c["requirements"].as_array().is_some_and(|r| {
                r.iter()
                    .any(|r| r["requirement"] == "urn:waico:req:ke-ai-test:s1-1")
            })
        })
        .await;
    }
}

#[tokio::test]
async fn browse_frameworks_and_crosswalks_both_ways() {
    let app = TestApp::spawn().await;
    let (_, list) = get_json(&app, "/api/v1/frameworks").await;
    let urns: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["urn"].as_str().unwrap())
        .collect();
    assert!(urns.contains(&"urn:waico:framework:eu-ai-act"), "{urns:?}");
    assert_eq!(urns.len(), 8);

    let (_, eu) = get_json(&app, "/api/v1/frameworks/urn:waico:framework:eu-ai-act").await;
    let art = eu["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["urn"] == "urn:waico:req:eu-ai-act:art-50-2")
        .expect("Art. 50(2) in the tree");
    assert!(art["depth"].as_u64().unwrap() >= 1);

    // What does EU Art. 50(2) map to?
    let (status, req) = get_json(
        &app,
        "/api/v1/requirements/urn:waico:req:eu-ai-act:art-50-2",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(req["controls"][0]["id"], "content-labeling:1");
    assert_eq!(req["controls"][0]["relationship"], "equal");

    // Which national requirements does that control satisfy?
    let (_, control) = get_json(&app, "/api/v1/controls/content-labeling:1").await;
    let jurisdictions: Vec<&str> = control["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["jurisdiction"].as_str().unwrap())
        .collect();
    assert!(
        jurisdictions.contains(&"EU") && jurisdictions.contains(&"CN"),
        "{jurisdictions:?}"
    );

    assert_eq!(get_json(&app, "/api/v1/controls/nope:9").await.0, 404);
    assert_eq!(get_json(&app, "/api/v1/frameworks/urn:nope").await.0, 404);
    let (_, oscal) = get_json(&app, "/api/v1/controls/oscal").await;
    assert!(oscal["catalog"]["groups"].as_array().unwrap().len() >= 12);
    let (_, schema) = get_json(&app, "/api/v1/profile-schema").await;
    assert_eq!(schema["title"], "Profile");
    assert!(schema["properties"]["training_compute_flop"].is_object());
}

const HIRING: &str = include_str!("../../../framework/data/demo_systems/hiring_screener.yaml");

#[tokio::test]
async fn register_assess_and_read_in_every_format() {
    let app = TestApp::spawn().await;
    let delegate = token(
        &app,
        "amina",
        &[RoleGrant::Delegate {
            country: CountryCode::parse("KEN").unwrap(),
        }],
    )
    .await;
    let researcher = token(&app, "rahim", &[RoleGrant::Researcher]).await;
    let api = reqwest::Client::new();

    // YAML body.
    let (status, sys) = post_yaml(&app, "/api/v1/systems", &delegate, HIRING).await;
    assert_eq!(status, 201, "{sys}");
    assert_eq!(sys["id"], "demo-hiring-screener");
    assert_eq!(sys["profile"]["purposes"][0], "employment");
    // Same id again: conflict.
    let (status, _) = post_yaml(&app, "/api/v1/systems", &delegate, HIRING).await;
    assert_eq!(status, 409);

    // JSON body with a bad capability: located error.
    let bad = json!({"id": "bot", "name": "Bot", "provider": "ACME",
        "jurisdictions": ["EU"], "capabilities": ["telepathy"]});
    let r = api
        .post(app.url("/api/v1/systems"))
        .bearer_auth(&delegate)
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let problem: Value = r.json().await.unwrap();
    assert!(
        problem["load_errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("telepathy"),
        "{problem}"
    );
    // A valid JSON body.
    let good = json!({"id": "bot", "name": "Bot", "provider": "ACME",
        "jurisdictions": ["EU"], "capabilities": ["interacts_with_people"], "public_facing": true});
    let r = api
        .post(app.url("/api/v1/systems"))
        .bearer_auth(&delegate)
        .json(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // Researchers do not register systems; nobody anonymous does.
    let (status, _) = post_yaml(&app, "/api/v1/systems", &researcher, HIRING).await;
    assert_eq!(status, 403);
    let anon = api
        .post(app.url("/api/v1/systems"))
        .body(HIRING)
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 401);

    let (_, list) = get_json(&app, "/api/v1/systems").await;
    assert_eq!(list["total"], 2);

    // Never assessed yet.
    assert_eq!(
        get_json(
            &app,
            "/api/v1/systems/demo-hiring-screener/assessments/latest"
        )
        .await
        .0,
        404
    );
    // Only the owner (or secretariat) runs the assessment.
    let (status, _) = post_yaml(
        &app,
        "/api/v1/systems/demo-hiring-screener/assessments",
        &researcher,
        "",
    )
    .await;
    assert_eq!(status, 403);
    let (status, a) = post_yaml(
        &app,
        "/api/v1/systems/demo-hiring-screener/assessments",
        &delegate,
        "",
    )
    .await;
    assert_eq!(status, 201, "{a}");
    let eu_pack = a["packs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "eu-ai-act")
        .expect("EU pack recorded");
    assert!(eu_pack["version"].is_string());
    let eu = a["result"]["jurisdictions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["jurisdiction"] == "EU")
        .unwrap();
    assert_eq!(eu["risk_class"], "high");

    let latest = "/api/v1/systems/demo-hiring-screener/assessments/latest";
    let (_, json) = get_json(&app, latest).await;
    assert_eq!(json["id"], a["id"]);
    let md = reqwest::get(app.url(&format!("{latest}?format=md")))
        .await
        .unwrap();
    assert!(
        md.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/markdown")
    );
    assert!(
        md.text()
            .await
            .unwrap()
            .contains("Risk class: **High risk**")
    );
    // Markdown follows `lang`, then `Accept-Language`, like HTML.
    let md_fr = reqwest::get(app.url(&format!("{latest}?format=md&lang=fr")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        md_fr.starts_with("# Rapport d'évaluation: ")
            && md_fr.contains("Classe de risque: **Haut risque**"),
        "{md_fr}"
    );
    let md_zh = reqwest::Client::new()
        .get(app.url(&format!("{latest}?format=md")))
        .header("accept-language", "zh-CN,zh;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(md_zh.starts_with("# 评估报告"), "{md_zh}");
    let html = reqwest::get(app.url(&format!("{latest}?format=html")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("TalentSift") && html.contains("eu.annex3.4.employment"));
    let (_, oscal) = get_json(&app, &format!("{latest}?format=oscal")).await;
    assert!(oscal["assessment-results"]["results"].is_array(), "{oscal}");
    let (status, problem) = get_json(&app, &format!("{latest}?format=pdf")).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "format");
    let by_id = format!("/api/v1/assessments/{}?format=json", a["id"]);
    assert_eq!(
        get_json(&app, &by_id).await.1["system"],
        "demo-hiring-screener"
    );

    // Update: a changed profile with the same id; a different id is refused.
    let changed = HIRING.replace("TalentSift CV screener", "TalentSift 2");
    let r = api
        .put(app.url("/api/v1/systems/demo-hiring-screener"))
        .bearer_auth(&delegate)
        .body(changed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["name"], "TalentSift 2");
    let r = api
        .put(app.url("/api/v1/systems/demo-hiring-screener"))
        .bearer_auth(&delegate)
        .body(HIRING.replace("id: demo-hiring-screener", "id: other"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn underlying_model_in_the_commons_is_checked_and_linked() {
    let app = TestApp::spawn().await;
    let delegate = token(
        &app,
        "amina",
        &[RoleGrant::Delegate {
            country: CountryCode::parse("KEN").unwrap(),
        }],
    )
    .await;
    let api = reqwest::Client::new();
    for (kind, name) in [("model", "swahili-bert"), ("dataset", "swahili-corpus")] {
        let r = api
            .post(app.url("/api/v1/commons/repos"))
            .bearer_auth(&delegate)
            .json(&json!({"kind": kind, "owner": "KEN", "name": name, "visibility": "public"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    }
    let profile = |id: &str, source: &str, reference: &str| {
        json!({"id": id, "name": id, "provider": "ACME", "jurisdictions": ["EU"],
            "capabilities": ["interacts_with_people"],
            "underlying_model": {"source": source, "reference": reference}})
    };
    let send = |method: reqwest::Method, path: &str, body: Value| {
        api.request(method, app.url(path))
            .bearer_auth(&delegate)
            .json(&body)
            .send()
    };
    // A commons model of this node: registered.
    let r = send(
        reqwest::Method::POST,
        "/api/v1/systems",
        profile("tutor", "commons", "KEN/swahili-bert"),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    // One that does not exist, one that is not a model, one that is no
    // repository name: a problem naming the field, and nothing registered.
    for reference in ["KEN/no-such-model", "KEN/swahili-corpus", "swahili-bert"] {
        let r = send(
            reqwest::Method::POST,
            "/api/v1/systems",
            profile("ghost", "commons", reference),
        )
        .await
        .unwrap();
        assert_eq!(r.status(), 422, "{reference}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let problem: Value = r.json().await.unwrap();
        assert_eq!(
            problem["errors"][0]["field"], "underlying_model",
            "{problem}"
        );
        assert_eq!(problem["errors"][0]["code"], "sys-err-model-unknown");
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("no model repository with this name"),
            "{problem}"
        );
        let (status, _) = get_json(&app, "/api/v1/systems/ghost").await;
        assert_eq!(status, 404);
    }
    // Marked external, the same name is not looked up.
    let r = send(
        reqwest::Method::POST,
        "/api/v1/systems",
        profile("outsider", "external", "KEN/no-such-model"),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    // Replacing a profile is checked the same way.
    let r = send(
        reqwest::Method::PUT,
        "/api/v1/systems/tutor",
        profile("tutor", "commons", "KEN/no-such-model"),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(
        problem["errors"][0]["field"], "underlying_model",
        "{problem}"
    );

    // The system page links a commons model to its repository, and shows
    // an external one as a name.
    let page = |path: &str| {
        let url = app.url(path);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    let html = page("/systems/tutor").await;
    assert!(
        html.contains("<dt>Underlying model</dt><dd><a href=\"/commons/models/KEN/swahili-bert\" dir=\"ltr\">KEN/swahili-bert</a> (WAICO commons)</dd>"),
        "{html}"
    );
    let html = page("/systems/outsider").await;
    assert!(
        html.contains("<dt>Underlying model</dt><dd><span dir=\"ltr\">KEN/no-such-model</span> (External)</dd>"),
        "{html}"
    );
    assert!(!html.contains("/commons/models/KEN/no-such-model"));
    let html = page("/systems/tutor?lang=fr").await;
    assert!(html.contains("<dt>Modèle sous-jacent</dt>"), "{html}");

    // The form: an unknown commons model is an error on the field, in the
    // viewer's language, with the input kept; marked external it registers.
    let client = sign_in(&app, "amina", PASSWORD).await;
    let form = client
        .get(app.url("/systems/new?lang=es"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("name=\"underlying_model\""), "{form}");
    assert!(form.contains("name=\"underlying_model_external\""));
    let csrf = csrf_of(&form);
    let fields = |id: &'static str, model: &'static str, external: bool| {
        let mut f = vec![
            ("csrf", csrf.clone()),
            ("id", id.to_owned()),
            ("name", id.to_owned()),
            ("provider", "ACME".to_owned()),
            ("jurisdictions", "EU".to_owned()),
            ("underlying_model", model.to_owned()),
        ];
        if external {
            f.push(("underlying_model_external", "on".to_owned()));
        }
        f
    };
    let r = client
        .post(app.url("/systems?lang=es"))
        .form(&fields("helper", "KEN/no-such-model", false))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("aria-describedby=\"e-underlying_model\""),
        "{html}"
    );
    assert!(
        html.contains("No hay ningún repositorio de modelo con este nombre"),
        "{html}"
    );
    assert!(html.contains("value=\"KEN/no-such-model\""), "input kept");
    let r = client
        .post(app.url("/systems"))
        .form(&fields("helper", "KEN/no-such-model", true))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, sys) = get_json(&app, "/api/v1/systems/helper").await;
    assert_eq!(sys["profile"]["underlying_model"]["source"], "external");
    let r = client
        .post(app.url("/systems"))
        .form(&fields("helper-2", "KEN/swahili-bert", false))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let html = page("/systems/helper-2").await;
    assert!(
        html.contains("href=\"/commons/models/KEN/swahili-bert\""),
        "{html}"
    );
}

#[tokio::test]
async fn forms_register_a_system_and_upload_with_errors_reshown() {
    let app = TestApp::spawn().await;
    // A French-speaking delegate.
    let input = waico_app::accounts::UserInput {
        username: "moussa".into(),
        display_name: "Moussa".into(),
        email: "moussa@test.waico.org".into(),
        password: PASSWORD.into(),
        country: String::new(),
        institution_id: None,
        language: "fr".into(),
    };
    waico_app::accounts::create_user_in(
        &app.state.store,
        &input,
        &[RoleGrant::Delegate {
            country: CountryCode::parse("SEN").unwrap(),
        }],
    )
    .await
    .unwrap();
    let institution = |name: &str, country: &str| waico_store::NewInstitution {
        name: waico_members::InstitutionName::parse(name).unwrap(),
        kind: waico_members::InstitutionKind::ResearchInstitute,
        country: CountryCode::parse(country).unwrap(),
        website: None,
    };
    let dakar = app
        .state
        .store
        .create_institution(&institution("Institut IA de Dakar", "SEN"))
        .await
        .unwrap();
    let nairobi = app
        .state
        .store
        .create_institution(&institution("Nairobi AI Lab", "KEN"))
        .await
        .unwrap();
    let client = sign_in(&app, "moussa", PASSWORD).await;
    let form = client
        .get(app.url("/systems/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&form);
    // Closed lists are labelled in French, not with schema names.
    assert!(
        form.contains(
            "value=\"essential_services_credit\"> Solvabilité et notation de crédit</label>"
        ),
        "{form}"
    );
    assert!(form.contains("Reconnaissance des émotions") && form.contains("Données tabulaires"));
    assert!(!form.contains("> essential_services_credit<"));
    // The institution is chosen from those of the delegate's country.
    assert!(
        form.contains(&format!(
            "<option value=\"{}\">Institut IA de Dakar (Sénégal)</option>",
            dakar.id
        )),
        "{form}"
    );
    assert!(!form.contains("Nairobi AI Lab"));
    // Another country's institution is refused on the field, in French.
    let r = client
        .post(app.url("/systems"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("id", "chez-nairobi"),
            ("name", "X"),
            ("provider", "ACME"),
            ("jurisdictions", "EU"),
            ("institution", nairobi.id.to_string().as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Vous ne pouvez pas enregistrer de systèmes pour cette institution"),
        "{html}"
    );
    assert!(html.contains("value=\"chez-nairobi\""), "input kept");
    // Missing name and jurisdictions, a bad number: re-shown in French, input kept.
    let r = client
        .post(app.url("/systems"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("id", "mon-chatbot"),
            ("name", ""),
            ("provider", "ACME"),
            ("jurisdictions", ""),
            ("capabilities", "interacts_with_people"),
            ("training_compute_flop", "beaucoup"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Ce champ est obligatoire"), "{html}");
    assert!(html.contains("value=\"mon-chatbot\""));
    // Valid fields: registered, assessed, shown as a report.
    let r = client
        .post(app.url("/systems"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("id", "mon-chatbot"),
            ("name", "Mon chatbot"),
            ("provider", "ACME"),
            ("jurisdictions", "EU, CN"),
            ("purposes", "chatbot"),
            ("capabilities", "interacts_with_people"),
            ("capabilities", "generates_synthetic_content"),
            ("modalities", "text"),
            ("public_facing", "on"),
            ("institution", dakar.id.to_string().as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = client
        .get(app.url("/systems/mon-chatbot"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Mon chatbot"));
    assert!(
        page.contains("Art. 50"),
        "report lists EU transparency duties"
    );
    let (_, sys) = get_json(&app, "/api/v1/systems/mon-chatbot").await;
    assert_eq!(sys["owner_institution_id"], dakar.id);
    // The profile and the report speak French: values, risk classes, bearers, statuses.
    for words in [
        "Agent conversationnel",
        "Interagit avec des personnes",
        "Risque limité",
        "Fournisseur",
        "Manquante",
    ] {
        assert!(page.contains(words), "{words} missing from {page}");
    }
    assert!(!page.contains(">limited<") && !page.contains(">provider<"));
    // So does the printable HTML report.
    let report = client
        .get(app.url("/api/v1/systems/mon-chatbot/assessments/latest?format=html&lang=fr"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(report.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(
        report.contains("Rapport d&#39;évaluation") && report.contains("Risque limité"),
        "{report}"
    );
    let arabic = reqwest::Client::new()
        .get(app.url("/api/v1/systems/mon-chatbot/assessments/latest?format=html"))
        .header("accept-language", "ar")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(arabic.contains("<html lang=\"ar\" dir=\"rtl\">") && arabic.contains("المورِّد"));
    // Pasted YAML with an error: the located error is shown.
    let r = client
        .post(app.url("/systems"))
        .form(&[
            ("csrf", csrf.as_str()),
            (
                "yaml",
                "id: x\nname: X\nprovider: A\ncapabilities:\n  - telepathy\n",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("profile.yaml:5"), "{html}");

    // The upload form re-shows located errors; only the secretariat sees it.
    let denied = client
        .get(app.url("/frameworks/upload"))
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 403);
    app.user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    let admin = sign_in(&app, "sec", PASSWORD).await;
    let form = admin
        .get(app.url("/frameworks/upload"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = admin
        .post(app.url("/frameworks/upload"))
        .form(&[
            ("csrf", csrf_of(&form).as_str()),
            ("kind", "rulepack"),
            ("file_name", "ke.yaml"),
            ("source", PACK),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("ke.yaml:17"), "{html}");
    assert!(html.contains("ke-ai-test"), "the source is kept");
    let r = admin
        .post(app.url("/frameworks/upload"))
        .form(&[
            ("csrf", csrf_of(&form).as_str()),
            ("kind", "framework"),
            ("file_name", "ke-fw.yaml"),
            ("source", FRAMEWORK),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = reqwest::get(app.url("/frameworks/urn:waico:framework:ke-ai-test"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Tell users they talk to a machine"));
}

/// The unified controls and their themes are named in the reader's
/// language on the catalog, on a control's page and where a framework's
/// requirements point at them; English is the fallback.
#[tokio::test]
async fn unified_controls_and_themes_show_in_the_readers_language() {
    let app = TestApp::spawn().await;
    let cat = app.state.framework.catalog();
    let text = |path: String| {
        let url = app.url(&path);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    // A control the EU AI Act maps to, and its theme.
    let eu = cat.framework("urn:waico:framework:eu-ai-act").unwrap();
    let control_urn = eu
        .nodes
        .iter()
        .find_map(|n| {
            cat.controls_for_requirement(&n.urn)
                .first()
                .map(|m| m.control.clone())
        })
        .expect("the EU AI Act is crosswalked");
    let control = cat.controls.control(&control_urn).unwrap();
    let theme = cat
        .controls
        .themes
        .iter()
        .find(|t| t.controls.iter().any(|c| c.urn == control_urn))
        .unwrap();
    let short = control_urn.strip_prefix("urn:waico:control:").unwrap();
    // As the templates write text.
    let escaped = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;")
    };
    for lang in ["ar", "zh", "fr", "ru", "es"] {
        let theme_title = &escaped(&theme.translations[lang]);
        let control_title = &escaped(&control.translations[lang]);
        let catalog = text(format!("/controls?lang={lang}")).await;
        assert!(
            catalog.contains(theme_title.as_str()),
            "{lang}: {theme_title}"
        );
        assert!(
            !catalog.contains(&format!(">{}<", escaped(&theme.title))),
            "{lang}"
        );
        let page = text(format!("/controls/{short}?lang={lang}")).await;
        assert!(page.contains(theme_title.as_str()), "{lang}: {theme_title}");
        let framework = text(format!(
            "/frameworks/urn:waico:framework:eu-ai-act?lang={lang}"
        ))
        .await;
        assert!(
            framework.contains(&format!("title=\"{control_title}\"")),
            "{lang}: {control_title}"
        );
    }
    let english = text("/controls?lang=en".into()).await;
    assert!(english.contains(&format!(">{}<", escaped(&theme.title))));
}

/// Issue 10 item 4: a requirement shows its title in the reader's language and
/// the official text of the law in the law's own language, one click away
/// (`<details>`) for a reader of another language, under the title for a
/// reader of the law's language.
#[tokio::test]
async fn the_law_is_shown_in_its_own_language_one_click_away() {
    let app = TestApp::spawn().await;
    let text = |path: &str| {
        let url = app.url(path);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    let path = "/frameworks/urn:waico:framework:cn-genai";
    // The opening words of Art. 4 and of its item (2), as the CAC published them.
    let art4 = "提供和使用生成式人工智能服务，应当遵守法律、行政法规，尊重社会公德和伦理道德";
    let item2 = "（二）在算法设计、训练数据选择、模型生成和优化、提供服务等过程中";

    let fr = text(&format!("{path}?lang=fr")).await;
    // No French heading in the data: the English one, marked as English.
    assert!(
        fr.contains(r#"<span lang="en" dir="ltr">Content and conduct requirements for providing and using generative AI</span>"#),
        "{fr}"
    );
    let details = r#"<details class="law"><summary>Texte officiel (chinois)</summary><div class="law-text" lang="zh" dir="ltr">"#;
    let at = fr
        .find(&format!("{details}{art4}"))
        .expect("Art. 4 in a details");
    // Inside the details, not shown outright.
    assert_eq!(fr.matches(art4).count(), 1);
    assert!(fr[at..].contains(item2));
    // Every requirement of the Measures has its text there.
    let fw = app.state.framework.catalog();
    let cn = fw.framework("urn:waico:framework:cn-genai").unwrap();
    assert_eq!(fr.matches(details).count(), cn.requirements().count());
    // A section has no text: its Chinese title is the original.
    assert!(fr.contains(
        r#"<summary>Titre dans la langue d&#39;origine (chinois)</summary><div class="law-text" lang="zh" dir="ltr">总则</div>"#
    ));

    // A reader of Chinese reads the Chinese heading and the text under it.
    let zh = text(&format!("{path}?lang=zh")).await;
    assert!(zh.contains("提供和使用生成式人工智能服务的基本要求"));
    assert!(zh.contains(&format!(
        r#"<div class="law-text" lang="zh" dir="ltr">{art4}"#
    )));
    assert!(
        !zh.contains("<details class=\"law\">"),
        "nothing is hidden from a reader of the law's language"
    );

    // On an Arabic (right-to-left) page the Chinese text runs left to right.
    let ar = text(&format!("{path}?lang=ar")).await;
    assert!(ar.contains(r#"dir="rtl""#));
    assert!(ar.contains(&format!(
        r#"<details class="law"><summary>النص الرسمي (الصينية)</summary><div class="law-text" lang="zh" dir="ltr">{art4}"#
    )));

    // The EU AI Act ships its English text (its 24 language versions are equally
    // authentic; English is the one shipped): one click away for a French
    // reader, on every requirement and on no chapter; under the heading for an
    // English reader.
    let art50_2 = "2. Providers of AI systems, including general-purpose AI systems, generating synthetic audio";
    let eu = text("/frameworks/urn:waico:framework:eu-ai-act?lang=fr").await;
    let eu_details = r#"<details class="law"><summary>Texte officiel (anglais)</summary><div class="law-text" lang="en" dir="ltr">"#;
    assert!(eu.contains(&format!("{eu_details}{art50_2}")), "{eu}");
    assert_eq!(eu.matches("<details class=\"law\">").count(), 61);
    let en = text("/frameworks/urn:waico:framework:eu-ai-act?lang=en").await;
    assert!(!en.contains("<details class=\"law\">"));
    assert!(en.contains(&format!(
        r#"<div class="law-text" lang="en" dir="ltr">{art50_2}"#
    )));

    // The API carries the text and says its language.
    let api: Value =
        serde_json::from_str(&text("/api/v1/frameworks/urn:waico:framework:cn-genai").await)
            .unwrap();
    assert_eq!(api["original_language"], "zh");
    let node = api["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["urn"] == "urn:waico:req:cn-genai:art-4")
        .unwrap();
    assert!(node["text"].as_str().unwrap().starts_with(art4));
}

#[tokio::test]
async fn pages_render_in_arabic_right_to_left() {
    let app = TestApp::spawn().await;
    for path in [
        "/frameworks?lang=ar",
        "/frameworks/urn:waico:framework:eu-ai-act?lang=ar",
        "/controls/content-labeling:1?lang=ar",
        "/packs?lang=ar",
        "/systems?lang=ar",
    ] {
        let r = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains("dir=\"rtl\""), "{path}");
    }
    let packs = reqwest::get(app.url("/packs"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        packs.contains("eu-ai-act") && packs.contains("Draft"),
        "{packs}"
    );
}

#[test]
fn cli_assesses_a_demo_profile_without_a_server() {
    let profile = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../framework/data/demo_systems/open_foundation_model.yaml"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_waico"))
        .args(["assess", profile, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    let eu = a["jurisdictions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["jurisdiction"] == "EU")
        .unwrap();
    assert_eq!(eu["risk_class"], "gpai_systemic");

    let md = std::process::Command::new(env!("CARGO_BIN_EXE_waico"))
        .args(["assess", profile, "--format", "md"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&md.stdout).starts_with("# Assessment report: "));
    let md = std::process::Command::new(env!("CARGO_BIN_EXE_waico"))
        .args(["assess", profile, "--format", "md", "--lang", "fr"])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(
        md.starts_with("# Rapport d'évaluation: ") && md.contains("## Vue unifiée"),
        "{md}"
    );

    // `framework check` prints located errors and fails.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "id: x\nname: X\nprovider: A\ncapabilities:\n  - telepathy\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_waico"))
        .args(["framework", "check", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.yaml:5:"));
}

/// `waico assess --format html`: a standalone page in the reader's
/// language and direction, dated, with each pack's status on that date.
#[test]
fn cli_assesses_to_an_html_report() {
    let profile = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../framework/data/demo_systems/hiring_screener.yaml"
    );
    let html = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_waico"))
            .args(["assess", profile, "--format", "html"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // The Colorado lines of the list of packs used: SB 26-189 (applies from
    // 2027-01-01) and SB 24-205 (repealed on 2026-05-14 before it applied).
    let pack_line = |page: &str, id: &str| {
        page.lines()
            .find(|l| l.contains(&format!("<code dir=\"ltr\">{id}</code>")))
            .unwrap_or_else(|| panic!("no {id} pack line: {page}"))
            .to_owned()
    };
    let colorado = |page: &str| pack_line(page, "us-co-sb26-189");
    let repealed = |page: &str| pack_line(page, "us-co-sb24-205");

    let page = html(&["--date", "2027-02-01"]);
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"),
        "{page}"
    );
    assert!(page.contains("<title>Assessment report: TalentSift CV screener</title>"));
    assert!(page.contains("<h1>Assessment report: TalentSift CV screener"));
    assert!(page.contains("<p>Assessment date: <span dir=\"ltr\">2027-02-01</span>.</p>"));
    assert!(
        colorado(&page).contains("(In force)"),
        "{}",
        colorado(&page)
    );
    assert!(
        repealed(&page).contains("(Repealed)"),
        "{}",
        repealed(&page)
    );
    assert!(page.contains("<h2>US-CO — "), "{page}");
    assert_eq!(
        page.matches("<section>").count(),
        page.matches("</section>").count()
    );
    assert!(page.trim_end().ends_with("</html>"), "{page}");

    // Before Colorado's obligations apply, the same pack is adopted only;
    // SB 24-205 stays repealed, on the day it was to apply too.
    for date in ["2026-06-30", "2026-12-06"] {
        let page = html(&["--date", date]);
        assert!(
            colorado(&page).contains("(Adopted, not yet applicable)"),
            "{}",
            colorado(&page)
        );
        assert!(
            repealed(&page).contains("(Repealed)"),
            "{}",
            repealed(&page)
        );
    }

    // In Arabic: right to left, the interface's words.
    let page = html(&["--date", "2027-02-01", "--lang", "ar"]);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
    assert!(page.contains("<h1>تقرير التقييم: TalentSift CV screener"));
    assert!(page.contains("تاريخ التقييم: <span dir=\"ltr\">2027-02-01</span>"));
    assert!(colorado(&page).contains("(نافذ)"), "{}", colorado(&page));
    assert!(repealed(&page).contains("(ملغى)"), "{}", repealed(&page));
    assert!(!page.contains("Assessment report"));

    // A date that is not one is refused.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_waico"))
        .args([
            "assess",
            profile,
            "--format",
            "html",
            "--date",
            "2026-02-30",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--date"));
}

/// The Markdown report of a demo profile in French, Chinese and Arabic: every
/// heading, column, label and deadline from the interface's catalog, none of
/// the English wording, and table rows still eight cells wide.
#[test]
fn markdown_report_speaks_the_readers_language() {
    use waico_app::framework::ReportWords;
    use waico_framework::render::{English, Words, markdown_in};
    use waico_i18n::{Lang, Tr};

    let (file, src) = waico_framework::catalog::shipped::DEMO_SYSTEMS
        .iter()
        .find(|(f, _)| f.ends_with("hiring_screener.yaml"))
        .expect("demo profile");
    let catalog = waico_framework::Catalog::shipped().unwrap();
    let a = waico_framework::assess(
        &waico_framework::Profile::from_yaml(file, src).unwrap(),
        &catalog,
    );
    assert!(!a.divergences.is_empty() && a.jurisdictions.iter().any(|j| !j.applies));
    let headings = [
        "sys-report",
        "report-catalog-version",
        "sys-packs-used",
        "fw-col-status",
        "sys-risk-class",
        "report-rule",
        "report-read",
        "report-not-applicable",
        "sys-col-citation",
        "sys-col-requirement",
        "sys-col-bearer",
        "sys-col-from",
        "sys-col-deadline",
        "report-controls",
        "fw-col-rules",
        "sys-unified",
        "sys-unified-intro",
        "report-unified-controls",
        "sys-discharges",
        "sys-divergences",
        "sys-imposed-by",
        "sys-strictest",
    ];
    for lang in [Lang::Fr, Lang::Zh, Lang::Ar] {
        let words = ReportWords(Tr::new(lang));
        let md = markdown_in(&a, &words);
        for key in headings {
            let translated = words.text(key);
            assert!(
                md.contains(&translated),
                "{lang:?}: {key} ({translated}) missing:\n{md}"
            );
            let english = English.text(key);
            assert!(
                !md.contains(&english),
                "{lang:?}: English {english:?} left:\n{md}"
            );
        }
        for english in [
            "# Assessment",
            "## Unified view",
            "## Divergences between",
            "| Provider |",
            "| missing |",
            "| Met |",
            "High risk",
            // The deadline's unit ("30 days — trigger"); requirement headings
            // without a translation (Colorado's) stay English and may say "days".
            " days — ",
        ] {
            assert!(!md.contains(english), "{lang:?}: {english:?} left:\n{md}");
        }
        assert!(md.starts_with(&format!("# {}: ", words.text("sys-report"))));
        assert!(md.contains(&format!("\n## {}\n", words.text("sys-divergences"))));
        assert!(md.contains(&words.value("risk-class", "high")), "{md}");
        // Table rows: eight cells, whatever the words contain.
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
        assert!(rows.len() > 2);
        for row in rows {
            let mut separators = 0;
            let mut chars = row.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '|' => separators += 1,
                    _ => {}
                }
            }
            // Nine columns: citation, requirement, bearer, from, deadline, due,
            // status, controls, rules.
            assert_eq!(separators, 10, "{lang:?}: {row}");
        }
    }
}

#[tokio::test]
async fn demo_registers_twelve_assessed_systems_with_printable_reports() {
    let app = TestApp::spawn().await;
    assert!(waico::demo::seed(&app.state).await.unwrap());
    let (_, list) = get_json(&app, "/api/v1/systems?limit=50").await;
    assert_eq!(list["total"], 12);
    // Owned by demo institutions; every one has a stored assessment.
    let (_, sys) = get_json(&app, "/api/v1/systems/demo-cn-public-chatbot").await;
    assert!(sys["owner_institution_id"].is_i64());
    for item in list["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let (status, _) = get_json(&app, &format!("/api/v1/systems/{id}/assessments/latest")).await;
        assert_eq!(status, 200, "{id}");
        // The stored profile reads back.
        let (status, sys) = get_json(&app, &format!("/api/v1/systems/{id}")).await;
        assert_eq!((status, sys["id"].as_str()), (200, Some(id)));
    }
    // The report page: per-jurisdiction classes, divergences with the strictest.
    let page = reqwest::get(app.url("/systems/demo-hiring-screener?lang=zh"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("评估报告"), "report heading in Chinese");
    assert!(page.contains("eu.annex3.4.employment"));
    assert!(page.contains("最严格"), "divergences show the strictest");
    // The print rules live in the stylesheet (no inline styles under the CSP).
    let css = reqwest::get(app.url("/assets/style.css"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(css.contains("@media print"));
}
