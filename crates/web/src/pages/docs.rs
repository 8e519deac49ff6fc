//! The API reference page, rendered on the server from the same OpenAPI
//! document that `/api/v1/openapi.json` serves, so it works offline.

use askama::Template;
use axum::Router;
use axum::response::Response;
use axum::routing::get;

use super::ok;
use crate::AppState;
use crate::auth::Viewer;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/docs", get(docs))
}

pub struct Operation {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub parameters: Vec<(String, String, bool, String)>,
    pub body: String,
    pub responses: Vec<(String, String)>,
    pub auth: bool,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage<'a> {
    v: &'a Viewer,
    operations: &'a [Operation],
}

fn schema_name(value: &serde_json::Value) -> String {
    value
        .pointer("/content/application~1json/schema/$ref")
        .and_then(|r| r.as_str())
        .map(|r| r.rsplit('/').next().unwrap_or(r).to_owned())
        .unwrap_or_default()
}

/// Flattens the OpenAPI document into the rows the page lists.
pub fn operations() -> &'static [Operation] {
    static OPS: std::sync::OnceLock<Vec<Operation>> = std::sync::OnceLock::new();
    OPS.get_or_init(|| {
        let doc = serde_json::to_value(crate::api::openapi()).expect("OpenAPI serialises");
        let mut list = Vec::new();
        if let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) {
            for (path, item) in paths {
                let Some(item) = item.as_object() else {
                    continue;
                };
                for (method, op) in item {
                    let text = |k: &str| {
                        op.get(k)
                            .and_then(|s| s.as_str())
                            .unwrap_or_default()
                            .to_owned()
                    };
                    let parameters = op
                        .get("parameters")
                        .and_then(|p| p.as_array())
                        .map(|ps| {
                            ps.iter()
                                .map(|p| {
                                    let s = |k: &str| {
                                        p.get(k)
                                            .and_then(|v| v.as_str())
                                            .unwrap_or_default()
                                            .to_owned()
                                    };
                                    (
                                        s("name"),
                                        s("in"),
                                        p.get("required")
                                            .and_then(|r| r.as_bool())
                                            .unwrap_or(false),
                                        s("description"),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let responses = op
                        .get("responses")
                        .and_then(|r| r.as_object())
                        .map(|rs| {
                            rs.iter()
                                .map(|(code, r)| {
                                    (
                                        code.clone(),
                                        r.get("description")
                                            .and_then(|d| d.as_str())
                                            .unwrap_or_default()
                                            .to_owned(),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    list.push(Operation {
                        method: method.to_uppercase(),
                        path: path.clone(),
                        summary: text("summary"),
                        parameters,
                        body: op.get("requestBody").map(schema_name).unwrap_or_default(),
                        responses,
                        auth: op.get("security").is_some(),
                    });
                }
            }
        }
        list
    })
}

async fn docs(v: Viewer) -> Response {
    ok(
        &v,
        &DocsPage {
            v: &v,
            operations: operations(),
        },
    )
}
