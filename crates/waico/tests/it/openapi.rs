//! The OpenAPI document is generated from the handlers and snapshot-tested:
//! a change to the API shows up as a change to `docs/openapi.json`.
//! Regenerate with `UPDATE_SNAPSHOTS=1 cargo test -p waico openapi`.

use crate::app::TestApp;

#[tokio::test]
async fn openapi_document_matches_the_snapshot() {
    let generated = waico_web::api::openapi().to_pretty_json().unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
        std::fs::write(&path, &generated).unwrap();
    }
    let snapshot = std::fs::read_to_string(&path)
        .expect("docs/openapi.json exists (UPDATE_SNAPSHOTS=1 writes it)");
    assert_eq!(
        generated.trim(),
        snapshot.trim(),
        "the API changed: review and run with UPDATE_SNAPSHOTS=1"
    );

    let app = TestApp::spawn().await;
    let served: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(served["openapi"], "3.1.0");
    for path in [
        "/api/v1/members",
        "/api/v1/institutions",
        "/api/v1/tokens",
        "/api/v1/users",
    ] {
        assert!(served["paths"][path].is_object(), "{path} documented");
    }
    let docs = reqwest::get(app.url("/api/docs"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        docs.contains("/api/v1/institutions/{id}"),
        "the docs page lists the routes"
    );
}
