//! CISO Assistant libraries that count: a framework library loaded for the
//! jurisdiction chosen at upload, and a mapping-set library that maps its
//! requirements to the unified controls through a shipped framework — over
//! the API (both databases, then a restart), the upload page and the shell.

use std::time::Duration;

use serde_json::Value;
use waico_members::RoleGrant;

use crate::app::{Backend, TestApp, backends, csrf_of, fresh_postgres, sign_in};
use crate::framework::{FRAMEWORK, get_json, node_on, post_yaml, token};

const PASSWORD: &str = "correct horse battery";

const LIBRARY: &str = include_str!("../../../framework/tests/fixtures/ciso_sample.yaml");
const MAPPING_SET: &str =
    include_str!("../../../framework/tests/fixtures/ciso_mapping_sample.yaml");
const LIBRARY_URN: &str = "urn:intuitem:risk:framework:waico-sample-ai-governance";
const SET_URN: &str = "urn:intuitem:risk:library:mapping-waico-sample-to-eu-ai-act";
const OPS_1: &str = "urn:intuitem:risk:req_node:waico-sample-ai-governance:ops.1";
const GOV_1: &str = "urn:intuitem:risk:req_node:waico-sample-ai-governance:gov.1";
const INCIDENT: &str = "urn:waico:control:incident-reporting:1";

/// The unified controls `GET /requirements/{urn}` maps a requirement to,
/// with the relationship, and the jurisdiction it reports.
async fn mapped(app: &TestApp, requirement: &str) -> (Vec<(String, String)>, Value) {
    let (status, body) = get_json(app, &format!("/api/v1/requirements/{requirement}")).await;
    assert_eq!(status, 200, "{body}");
    let controls = body["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["control"].as_str().unwrap().to_owned(),
                c["relationship"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (controls, body["jurisdiction"].clone())
}

fn field_of(problem: &Value) -> &str {
    problem["errors"][0]["field"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_library_for_a_chosen_jurisdiction_and_its_mapping_set_survive_a_restart() {
    for backend in backends() {
        let db = tempfile::tempdir().unwrap();
        let url = match &backend {
            Backend::Sqlite => format!("sqlite://{}", db.path().join("waico.db").display()),
            Backend::Postgres(base) => fresh_postgres(base).await,
        };
        let app = node_on(&url, Duration::ZERO).await;
        let admin = token(&app, "sec", &[RoleGrant::SecretariatAdmin]).await;
        let frameworks = "/api/v1/frameworks?format=ciso_assistant&file=lib.yaml";

        // A jurisdiction nobody knows is a field error; nothing is loaded.
        for bad in ["Atlantis", "ZZ", "KEN"] {
            let (status, problem) = post_yaml(
                &app,
                &format!("{frameworks}&jurisdiction={bad}"),
                &admin,
                LIBRARY,
            )
            .await;
            assert_eq!(status, 422, "{problem}");
            assert_eq!(field_of(&problem), "jurisdiction", "{problem}");
            assert_eq!(problem["errors"][0]["code"], "fw-err-jurisdiction");
        }
        // A WAICO framework carries its own jurisdiction.
        let (status, problem) = post_yaml(
            &app,
            "/api/v1/frameworks?jurisdiction=KE",
            &admin,
            FRAMEWORK,
        )
        .await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(field_of(&problem), "jurisdiction", "{problem}");
        let (_, list) = get_json(&app, "/api/v1/frameworks").await;
        assert!(
            !list
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["urn"] == LIBRARY_URN),
            "{list}"
        );

        // A mapping set before its framework is loaded: located, refused.
        let sets = "/api/v1/crosswalks?format=ciso_mapping_set&file=map.yaml";
        let (status, problem) = post_yaml(&app, sets, &admin, MAPPING_SET).await;
        assert_eq!(status, 422, "{problem}");
        assert!(
            problem["load_errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["file"] == "map.yaml"
                    && e["reason"].as_str().unwrap().contains("is not loaded")),
            "{problem}"
        );
        let (status, problem) =
            post_yaml(&app, "/api/v1/crosswalks?format=oscal", &admin, MAPPING_SET).await;
        assert_eq!(status, 422);
        assert_eq!(field_of(&problem), "format", "{problem}");

        // The library, for Kenya (the code as typed, upper-cased).
        let (status, body) = post_yaml(
            &app,
            &format!("{frameworks}&jurisdiction=ke"),
            &admin,
            LIBRARY,
        )
        .await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["kind"], "ciso_assistant");
        assert_eq!(body["subject"], LIBRARY_URN);
        assert_eq!(body["jurisdiction"], "KE");
        let (_, detail) = get_json(&app, &format!("/api/v1/frameworks/{LIBRARY_URN}")).await;
        assert_eq!(detail["jurisdiction"], "KE", "{detail}");
        let (controls, _) = mapped(&app, OPS_1).await;
        assert!(controls.is_empty(), "not mapped yet: {controls:?}");

        // The mapping set, between it and the EU AI Act.
        let (status, body) = post_yaml(&app, sets, &admin, MAPPING_SET).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["kind"], "ciso_mapping_set");
        assert_eq!(body["subject"], SET_URN);
        assert_eq!(body["jurisdiction"], Value::Null);
        // The same version twice is refused.
        let (status, problem) = post_yaml(&app, sets, &admin, MAPPING_SET).await;
        assert_eq!(status, 422, "{problem}");
        // Each adoption is in the public ledger, the mapping set as a crosswalk.
        let store = &app.state.store;
        assert_eq!(
            store
                .ledger_count(Some("framework_version_adopted"))
                .await
                .unwrap(),
            1
        );
        assert_eq!(store.ledger_count(Some("generic")).await.unwrap(), 1);

        // The imported requirements now map to unified controls: OPS.1 ⊂
        // Art. 73(2) ⊂ incident-reporting:1; a `not_related` row maps nothing.
        let check = |app: TestApp| async move {
            let (controls, jurisdiction) = mapped(&app, OPS_1).await;
            assert_eq!(jurisdiction, "KE");
            assert!(
                controls.contains(&(INCIDENT.to_owned(), "subset".to_owned())),
                "{controls:?}"
            );
            assert!(mapped(&app, GOV_1).await.0.is_empty());
            let (_, control) = get_json(&app, "/api/v1/controls/incident-reporting:1").await;
            assert!(
                control["requirements"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["requirement"] == OPS_1 && r["jurisdiction"] == "KE"),
                "{control}"
            );
            let (_, detail) = get_json(&app, &format!("/api/v1/frameworks/{LIBRARY_URN}")).await;
            assert_eq!(detail["jurisdiction"], "KE");
            let ops = detail["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|n| n["urn"] == OPS_1)
                .unwrap();
            assert!(
                ops["controls"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["control"] == INCIDENT),
                "{ops}"
            );
            app
        };
        let app = check(app).await;

        // A node started afresh on the same database loads both, the library
        // for the jurisdiction chosen, the mapping set after it.
        let restarted = node_on(&url, Duration::ZERO).await;
        check(restarted).await;
        drop(app);
    }
}

#[tokio::test]
async fn the_upload_page_offers_a_jurisdiction_and_mapping_sets() {
    let app = TestApp::spawn().await;
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
    // Kinds, and the jurisdictions: INTL (chosen), the catalog's, countries.
    assert!(
        form.contains(r#"<option value="ciso_mapping_set">"#),
        "{form}"
    );
    assert!(form.contains(r#"name="jurisdiction""#), "{form}");
    assert!(form.contains(r#"<option value="INTL" selected>"#), "{form}");
    for code in ["EU", "US-CO", "KE", "BR"] {
        assert!(
            form.contains(&format!(r#"<option value="{code}">"#)),
            "{code}"
        );
    }
    let csrf = csrf_of(&form);
    let post = |fields: Vec<(&'static str, String)>| {
        let (admin, url, csrf) = (
            admin.clone(),
            app.url("/frameworks/upload?lang=fr"),
            csrf.clone(),
        );
        async move {
            let mut fields = fields;
            fields.push(("csrf", csrf));
            admin.post(url).form(&fields).send().await.unwrap()
        }
    };
    let library = |jurisdiction: &str| {
        vec![
            ("kind", "ciso_assistant".to_owned()),
            ("jurisdiction", jurisdiction.to_owned()),
            ("file_name", "lib.yaml".to_owned()),
            ("source", LIBRARY.to_owned()),
        ]
    };

    // A jurisdiction not offered: the form again, in French, with the
    // message on the field and the document kept.
    let r = post(library("XX")).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Choisissez la juridiction d’un cadre chargé"),
        "{html}"
    );
    assert!(
        html.contains("waico-sample-ai-governance"),
        "the source is kept"
    );
    let (_, list) = get_json(&app, "/api/v1/frameworks").await;
    assert!(
        !list
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["urn"] == LIBRARY_URN)
    );

    let r = post(library("BR")).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        format!("/frameworks/{LIBRARY_URN}").as_str()
    );
    let (_, detail) = get_json(&app, &format!("/api/v1/frameworks/{LIBRARY_URN}")).await;
    assert_eq!(detail["jurisdiction"], "BR");
    let sources = app.state.store.list_framework_sources().await.unwrap();
    assert_eq!(sources[0].jurisdiction.as_deref(), Some("BR"));

    // A mapping set from the same form; the jurisdiction select, sent
    // whatever the kind, does not count for it.
    let r = post(vec![
        ("kind", "ciso_mapping_set".to_owned()),
        ("jurisdiction", "BR".to_owned()),
        ("file_name", "map.yaml".to_owned()),
        ("source", MAPPING_SET.to_owned()),
    ])
    .await;
    assert_eq!(r.status(), 303);
    let (controls, jurisdiction) = mapped(&app, OPS_1).await;
    assert_eq!(jurisdiction, "BR");
    assert!(controls.iter().any(|(c, _)| c == INCIDENT), "{controls:?}");
    let sources = app.state.store.list_framework_sources().await.unwrap();
    assert_eq!(sources[1].kind, waico_store::SourceKind::CisoMappingSet);
    assert_eq!(sources[1].jurisdiction, None);
}

#[tokio::test]
async fn the_shell_checks_and_uploads_for_a_jurisdiction() {
    let app = TestApp::spawn().await;
    app.user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    app.user("mallory", PASSWORD, &[]).await;
    let dir = app._dir.path();
    let (lib, map) = (dir.join("lib.yaml"), dir.join("map.yaml"));
    std::fs::write(&lib, LIBRARY).unwrap();
    std::fs::write(&map, MAPPING_SET).unwrap();
    let (lib, map) = (lib.to_str().unwrap(), map.to_str().unwrap());
    let data = dir.to_str().unwrap().to_owned();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_waico"))
            .args(["--data-dir", &data, "--config", "/nonexistent/waico.toml"])
            .arg("framework")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };

    // `check`, without the node: the kind guessed, the jurisdiction checked.
    let (ok, out, err) = run(&["check", lib, "--jurisdiction", "us-co"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("CISO Assistant framework") && out.contains("for US-CO"),
        "{out}"
    );
    let (ok, _, err) = run(&["check", lib, "--jurisdiction", "Atlantis"]);
    assert!(!ok && err.contains("--jurisdiction"), "{err}");
    let (ok, _, err) = run(&["check", map]);
    assert!(!ok && err.contains("is not loaded"), "{err}");
    let (ok, out, err) = run(&["check", map, "--with", lib]);
    assert!(ok, "{err}");
    assert!(
        out.contains("mapping set") && out.contains(SET_URN),
        "{out}"
    );

    // `upload`, as a user, through the same operation and policy.
    let (ok, _, err) = run(&["upload", lib, "--jurisdiction", "KE", "--as", "mallory"]);
    assert!(!ok && err.contains("forbidden"), "{err}");
    let (ok, _, err) = run(&["upload", map, "--jurisdiction", "KE", "--as", "sec"]);
    assert!(!ok && err.contains("jurisdiction"), "{err}");
    let (ok, out, err) = run(&["upload", lib, "--jurisdiction", "ke", "--as", "sec"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("ciso_assistant") && out.contains("for KE"),
        "{out}"
    );
    let (ok, out, err) = run(&["upload", map, "--as", "sec"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("ciso_mapping_set") && out.contains(SET_URN),
        "{out}"
    );

    // The server, another process on the same database, takes both in.
    let fw = &app.state.framework;
    assert!(fw.reload_if_changed(&app.state.store).await.unwrap());
    let cat = fw.catalog();
    assert_eq!(cat.framework(LIBRARY_URN).unwrap().jurisdiction, "KE");
    assert!(
        cat.controls_for_requirement(OPS_1)
            .iter()
            .any(|m| m.control == INCIDENT)
    );
}
