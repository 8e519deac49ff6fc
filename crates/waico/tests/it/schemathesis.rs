//! The whole API against its own OpenAPI document, tried by `schemathesis`
//! (from PyPI, pinned in `python.rs` and `.ci/run`): a demo node on SQLite,
//! a secretariat write token, every operation with generated valid and
//! invalid requests, bounded in time. It must find no server error, no
//! undocumented status, no response that breaks its schema or content
//! type, no valid request refused and no invalid one accepted.

use std::process::Command;
use std::time::{Duration, Instant};

use waico_members::RoleGrant;

use crate::app::TestApp;

/// The main run's time budget in seconds (the whole test stays under 5 min).
const BUDGET_SECS: u64 = 100;

/// The checks that must hold: every check of schemathesis 4.32.5 but the
/// stateful phase's.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
response_headers_conformance,response_schema_conformance,positive_data_acceptance,\
negative_data_rejection,unsupported_method,allow_header_conformance,use_after_free,\
ensure_resource_availability,ignored_auth,missing_required_header";

/// `positive_data_acceptance` takes, by schemathesis' default, 2xx, 3xx,
/// 401, 403, 404, 409, 429 and 5xx (the last left to `not_a_server_error`)
/// as answers to a request its schema allows: refusals that depend on the
/// node's state (a closed call, a name nobody has, a step the item's state
/// does not allow, a rule that bars, an id taken) are 404 or 409 here, and
/// every field's choices, formats, patterns, lengths and ranges are in the
/// document. These operations take a document whose validity a JSON Schema
/// cannot state (an upload to parse, or fields that must agree with each
/// other: JSON Schema compares no two values), so a generated one is
/// refused as invalid (422, or 400 for a multipart body without its part):
/// for them alone that refusal is also taken, with the reason. Their
/// request schemas are written out all the same, and the
/// `negative_data_rejection` check holds for them as for every operation.
const DOCUMENT_BODIES: &[(&str, &str)] = &[
    (
        "POST /api/v1/frameworks",
        "a framework (YAML): its references and rules are checked as it loads",
    ),
    (
        "POST /api/v1/crosswalks",
        "a crosswalk (YAML) between controls that must exist",
    ),
    (
        "POST /api/v1/packs",
        "a rulepack (YAML) of CEL rules that must compile",
    ),
    (
        "POST /api/v1/systems",
        "an AI system profile (its own JSON Schema, /api/v1/profile-schema)",
    ),
    (
        "PUT /api/v1/systems/{id}",
        "an AI system profile (its own JSON Schema, /api/v1/profile-schema)",
    ),
    (
        "POST /api/v1/systems/{id}/work/{item}/evidence",
        "a multipart body with a `file` part",
    ),
    ("POST /api/v1/capacity/rules", "export-control rules (YAML)"),
    (
        "POST /api/v1/capacity/rounds",
        "a window whose end must not come before its start (two dates compared)",
    ),
    (
        "POST /api/v1/capacity/rounds/{id}/close",
        "a window whose end must not come before its start (two dates compared)",
    ),
    (
        "POST /api/v1/capacity/offers",
        "a window whose end must not come before its start, and no more hours than `count` × 24 × the window's days",
    ),
    (
        "POST /api/v1/capacity/calls/{id}/requests",
        "a window whose end must not come before its start, `minimum_hours` not above `hours`, no model named twice",
    ),
    (
        "POST /api/v1/capacity/licences",
        "a window of validity whose end must not come before its start",
    ),
    (
        "POST /api/v1/capacity/rounds/{id}/usage",
        "usage lines (JSON or CSV) of allocations that must exist",
    ),
    (
        "POST /api/v1/commons/import",
        "a .tar or .tar.gz archive of repositories",
    ),
    (
        "POST /api/v1/deliberation/bodies",
        "a body's rules: shares as fractions whose numerator must not exceed their denominator",
    ),
    (
        "POST /api/v1/deliberation/proposals",
        "four deadlines in order, an election's seats no more than its candidates, an amendment's document (YAML) that must load",
    ),
    (
        "POST /api/v1/deliberation/proposals/{id}/acts",
        "an act whose validity depends on the proposal's procedure",
    ),
    (
        "POST /api/v1/deliberation/proposals/{id}/ballots",
        "an encrypted ballot with its zero-knowledge proofs",
    ),
    (
        "POST /api/v1/deliberation/proposals/{id}/election",
        "trustees' public keys with their proofs",
    ),
    (
        "POST /api/v1/deliberation/proposals/{id}/tally",
        "trustees' partial decryptions with their proofs",
    ),
    (
        "POST /api/v1/ledger/cosignatures",
        "a signed note: a checkpoint of this log with a witness' signature",
    ),
    (
        "POST /api/v1/ledger/records",
        "a payload of any JSON whose integers must stay within ±(2^53-1), the record's canonical encoding within 65,535 bytes",
    ),
    (
        "POST /api/v1/safety/import",
        "an AVID or CSV file of reports",
    ),
    (
        "POST /api/v1/safety/reports",
        "source URLs as a URL parser takes them (http or https, a host, no credentials), a vulnerability naming a version of each artifact, calendar dates",
    ),
];

/// The schemathesis configuration that takes 422 (and 400) from the
/// operations of [`DOCUMENT_BODIES`] in `positive_data_acceptance`.
fn config_toml() -> String {
    let mut toml = String::new();
    for (name, why) in DOCUMENT_BODIES {
        toml.push_str(&format!(
            "# {why}\n[[operations]]\ninclude-name = \"{name}\"\n\
             checks.positive_data_acceptance.expected-statuses = \
             [\"2xx\", \"3xx\", \"400\", \"401\", \"403\", \"404\", \"409\", \"422\", \"429\", \"5xx\"]\n\n"
        ));
    }
    toml
}

/// Whether a failed run's report holds only errors of schemathesis' own
/// test generation (Hypothesis raised inside it) and no failed check, no
/// network error: nothing the server answered.
fn only_generator_errors(report: &str) -> bool {
    report.contains("Runtime Error")
        && report.contains("hypothesis.errors")
        && !report.contains("= FAILURES =")
        && !counts_failures(report)
        && !report.contains("Network Error")
}

/// Whether a phase's summary counts failed cases (`❌ 2 failed`).
fn counts_failures(report: &str) -> bool {
    report.lines().any(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        words
            .windows(2)
            .any(|w| w[0].parse::<u32>().is_ok() && w[1].starts_with("failed"))
    })
}

#[test]
fn only_the_generators_own_errors_are_run_again() {
    let internal = "🚫  Coverage\n  ✅ 142 passed  🚫 1 error\n= ERRORS =\nRuntime Error\n\
                    hypothesis.errors.FlakyFailure: Inconsistent results: A test case failed \
                    on the first run but now succeeds";
    assert!(only_generator_errors(internal));
    assert!(!only_generator_errors(&format!(
        "{internal}\n= FAILURES =\nServer error"
    )));
    assert!(!only_generator_errors(&format!("{internal}\n❌ 1 failed")));
    assert!(!only_generator_errors(&format!(
        "{internal}\nNetwork Error"
    )));
    assert!(!only_generator_errors(
        "= FAILURES =\nUndocumented HTTP status code"
    ));
}

/// Operations that can end the run's own token whatever id they are given.
const ENDS_THE_TOKEN: [&str; 3] = [
    "PUT /api/v1/users/{id}/password",
    "DELETE /api/v1/tokens/{id}",
    "POST /api/v1/users/{id}/deactivate",
];

/// Schemathesis 4.32.5's coverage phase stops on this operation's request
/// schema with an internal error of its own (a Hypothesis AST recursion
/// check), not an answer of the server; it is fuzzed on its own.
const NOT_COVERABLE: &str = "POST /api/v1/systems";

#[tokio::test(flavor = "multi_thread")]
async fn schemathesis_finds_nothing_over_the_whole_api() {
    let python = tokio::task::spawn_blocking(crate::python::python)
        .await
        .unwrap();
    let app = TestApp::spawn_with(&crate::app::Backend::Sqlite, |mut state| {
        // Uploads of framework documents and the like, as a real node takes.
        std::sync::Arc::make_mut(&mut state.settings).max_body_bytes = 1024 * 1024;
        state
    })
    .await;
    assert!(waico::demo::seed(&app.state).await.unwrap());
    let sec = app
        .user(
            "fuzz-secretariat",
            "fuzz-password-1234",
            &[RoleGrant::SecretariatAdmin],
        )
        .await;
    let token = app
        .token(
            sec.id,
            waico_store::TokenScope::Write,
            4_102_444_800_000, // 2100-01-01
        )
        .await;
    // Schemathesis keeps a cache in its working folder: a temporary one.
    let scratch = tempfile::tempdir().unwrap();
    let config = scratch.path().join("schemathesis.toml");
    std::fs::write(&config, config_toml()).unwrap();
    let started = Instant::now();
    let run = |extra: Vec<String>, secs: u64| {
        let mut command = Command::new(&python);
        command
            .current_dir(scratch.path())
            .args(["-m", "schemathesis.cli", "--config-file"])
            .arg(&config)
            .arg("run")
            .arg(app.url("/api/v1/openapi.json"))
            .args(["--url", &app.base])
            .args(["--header", &format!("Authorization: Bearer {token}")])
            .args(["--checks", CHECKS])
            .args(["--max-examples", "10"])
            .args(["--max-time", &secs.to_string()])
            .args(["--workers", "2"])
            .args(["--request-timeout", "20"])
            // Deterministic: also keeps no example database.
            .args(["--generation-deterministic"])
            .args(["--no-color", "--output-truncate", "false"])
            .args(extra)
            .env("SCHEMATHESIS_TELEMETRY", "false")
            .env("NO_COLOR", "1");
        async move {
            let output = tokio::task::spawn_blocking(move || {
                let first = command.output().expect("schemathesis runs");
                // Schemathesis' own generator sometimes stops on an error of
                // Hypothesis (a flaky draw, an AST check) under load, which
                // is no answer of the server: that run is made again, once.
                // Failed checks and network errors are never retried.
                if !first.status.success()
                    && only_generator_errors(&String::from_utf8_lossy(&first.stdout))
                {
                    return command.output().expect("schemathesis runs");
                }
                first
            })
            .await
            .unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            assert!(
                output.status.success(),
                "schemathesis found problems:\n{stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
            // It really ran operations (not an empty schema or a dead server).
            assert!(
                stdout.contains(" passed"),
                "schemathesis ran nothing:\n{stdout}"
            );
        }
    };
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // 1. Everything but the operations that end the run's own token (a
    //    password reset, a token's revocation, a deactivation, of whatever
    //    id is drawn) and one that schemathesis' coverage phase cannot walk.
    let mut everything = s(&["--phases", "examples,coverage,fuzzing"]);
    for name in ENDS_THE_TOKEN.iter().chain([&NOT_COVERABLE]) {
        everything.extend(s(&["--exclude-name", name]));
    }
    run(everything, BUDGET_SECS).await;
    // 2. That one, fuzzed.
    run(
        s(&["--phases", "fuzzing", "--include-name", NOT_COVERABLE]),
        15,
    )
    .await;
    // 3. Last, those that end the token.
    let mut last = s(&["--phases", "examples,coverage,fuzzing"]);
    for name in ENDS_THE_TOKEN {
        last.extend(s(&["--include-name", name]));
    }
    run(last, 20).await;
    let took = started.elapsed();
    // The three budgets (135 s) plus the coverage phases, which `--max-time`
    // does not cut short, and start-up, on a 2-core machine shared with the
    // rest of the suite (193 s seen under load).
    assert!(took < Duration::from_secs(300), "bounded in time: {took:?}");
}

/// A node on SQLite and a write token of its secretariat.
async fn node_with_secretariat_token() -> (TestApp, waico_store::User, String) {
    let app = TestApp::spawn().await;
    let sec = app
        .user("sec", "fuzz-password-1234", &[RoleGrant::SecretariatAdmin])
        .await;
    let token = app
        .token(sec.id, waico_store::TokenScope::Write, 4_102_444_800_000)
        .await;
    (app, sec, token)
}

/// What schemathesis found, each answered as the document says: a safety
/// search paged far past its hits took the whole process down (the index
/// was asked to hold `offset` hits: an allocation of 38 PB, abort); an
/// account id too large for a ledger record answered 409 instead of 404;
/// a wrong method on `/.well-known/waico-ledger` answered an HTML page;
/// write routes without a token answered 422 about their body, not 401.
#[tokio::test]
async fn what_schemathesis_found_stays_fixed() {
    let (app, sec, token) = node_with_secretariat_token().await;
    let client = reqwest::Client::new();
    let problem = |r: &reqwest::Response| {
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    };
    let r = client
        .get(app.url("/api/v1/safety/search?q=&offset=2422063398928880&limit=3123"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(problem(&r));
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "offset");
    let r = client
        .get(app.url("/api/v1/safety/search?q=x&offset=10000"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the deepest page documented still answers");
    let r = client
        .post(app.url("/api/v1/users/9223372036854775806/reactivate"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = client
        .post(app.url("/.well-known/waico-ledger"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert!(problem(&r));
    assert_eq!(r.headers()["allow"], "GET,HEAD");
    let r = client
        .get(app.url("/api/v1/no-such-route"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(problem(&r));
    // Without a token, a write route answers 401 before it reads the body.
    let r = client
        .delete(app.url(&format!("/api/v1/users/{}/roles", sec.id)))
        .json(&serde_json::json!({ "role": "", "scope": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Nor do the routes that read their body before the token did: a body
    // that is not even JSON, and no token, is 401 as problem+json.
    for path in [
        "/api/v1/deliberation/proposals/1/ballots",
        "/api/v1/ledger/records",
        "/api/v1/safety/import?format=avid",
        "/api/v1/capacity/rounds/r1/run",
        "/api/v1/capacity/rounds/r1/usage",
    ] {
        let r = client
            .post(app.url(path))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{path}");
        assert!(problem(&r), "{path}");
    }
    // The server is still up.
    assert_eq!(
        client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

/// What the written request schemas and the refusals by state promise,
/// each answered as the document says: a safety list paged beyond its
/// stated depth, however far, is 422 naming `offset` (it was 400 once the
/// number no longer parsed); a report without its title is 422 naming it,
/// one linking a system nobody registered 404 naming `systems`; a program
/// is checked against its schema before its match is looked up (a missing
/// member, a country not of the reference table: 422 naming the path),
/// a whole number written `2.0` is taken where the document says
/// `integer`, a match nobody opened is 404; a body's slug taken is 409; the
/// capacity notices have a schema of their own (the deliberation's, with
/// its required `proposal_id`, had taken their name).
#[tokio::test]
async fn written_schemas_and_refusals_by_state_hold() {
    use serde_json::{Value, json};
    let (app, _, token) = node_with_secretariat_token().await;
    let client = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        client
            .post(app.url(path))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    async fn answer(r: reqwest::Response) -> (u16, Value) {
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
    let field = |v: &Value| v["errors"][0]["field"].as_str().unwrap_or("").to_owned();

    // The safety list's depth.
    for offset in ["1000001", "99999999999999999999999999999"] {
        let (status, problem) = answer(
            client
                .get(app.url(&format!("/api/v1/safety/reports?offset={offset}")))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, field(&problem)),
            (422, "offset".into()),
            "{offset}"
        );
    }
    let r = client
        .get(app.url("/api/v1/safety/reports?offset=1000000&limit=99999999999999999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the deepest page documented still answers");
    let r = client
        .get(app.url("/api/v1/safety/reports?offset=ten"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "not a number: does not parse");

    // Safety reports.
    let (status, problem) = answer(
        post(
            "/api/v1/safety/reports",
            json!({"tlp": "CLEAR", "report": {"description": "No title."}}),
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert!(field(&problem).contains("title"), "{problem}");
    let report = |systems: Value| json!({"tlp": "CLEAR", "report": {"title": "A chatbot leaks records", "systems": systems}});
    let (status, problem) = answer(
        post("/api/v1/safety/reports", report(json!(["no-such-system"])))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, field(&problem)),
        (404, "systems".into()),
        "{problem}"
    );
    let (status, created) = answer(
        post("/api/v1/safety/reports", report(json!([])))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 201, "the same report without the link: {created}");

    // Programs of a fellowship match.
    let (status, _) = answer(
        post(
            "/api/v1/capacity/matches",
            json!({"id": "fellows", "title": "Fellows 2027"}),
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 201);
    let program = |with: Value| {
        let mut p = json!({"id": "p1", "host_institution": "Host", "capacity": 2.0, "ranking": []});
        for (k, v) in with.as_object().unwrap() {
            if v.is_null() {
                p.as_object_mut().unwrap().remove(k);
            } else {
                p[k] = v.clone();
            }
        }
        json!({"title": "Program one", "program": p})
    };
    let (status, problem) = answer(
        post(
            "/api/v1/capacity/matches/nobody/programs",
            program(json!({})),
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 404, "{problem}");
    for (with, named) in [
        (
            json!({"host_institution": null}),
            "program.host_institution",
        ),
        (
            json!({"eligibility": {"countries_excluded": ["XX"]}}),
            "program.eligibility.countries_excluded[0]",
        ),
        (json!({"id": "P 1"}), "program.id"),
        (json!({"capacity": 0}), "program.capacity"),
        (json!({"capacity": 4294967296u64}), "program.capacity"),
    ] {
        let (status, problem) = answer(
            post("/api/v1/capacity/matches/fellows/programs", program(with))
                .await
                .unwrap(),
        )
        .await;
        assert_eq!((status, field(&problem)), (422, named.into()), "{problem}");
    }
    let (status, problem) = answer(
        post(
            "/api/v1/capacity/matches/fellows/programs",
            program(json!({"eligibility": {"countries_allowed": ["ke", "BR"]}})),
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 204, "{problem}");

    // A deliberative body's slug taken.
    let body = json!({"slug": "ethics-council", "kind": "council"});
    let (status, created) = answer(
        post("/api/v1/deliberation/bodies", body.clone())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let (status, problem) = answer(post("/api/v1/deliberation/bodies", body).await.unwrap()).await;
    assert_eq!((status, field(&problem)), (409, "slug".into()), "{problem}");

    // The capacity notices' own schema.
    let doc: Value = client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        doc["paths"]["/api/v1/capacity/notices"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["items"]["$ref"],
        "#/components/schemas/CapacityNoticeView"
    );
    let notice = &doc["components"]["schemas"]["CapacityNoticeView"];
    assert!(notice["properties"]["subject"].is_object(), "{notice}");
    assert!(
        notice["properties"].get("proposal_id").is_none(),
        "{notice}"
    );
    // And a report's schema keeps its title required in every form of
    // its marking.
    let submit = &doc["components"]["schemas"]["SubmitInput"];
    let forms = submit["oneOf"].as_array().expect("one form per marking");
    assert_eq!(forms.len(), 3);
    for form in forms {
        assert!(
            form["required"]
                .as_array()
                .unwrap()
                .contains(&json!("report"))
        );
        assert!(
            form["properties"]["report"]["required"]
                .as_array()
                .unwrap()
                .contains(&json!("title")),
            "{form}"
        );
    }
}
