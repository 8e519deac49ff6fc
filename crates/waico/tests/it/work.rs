//! Compliance work through the real server, on SQLite and (with
//! `WAICO_TEST_POSTGRES_URL`) PostgreSQL: assigning an obligation, evidence
//! files (multipart, checked, stored by SHA-256, read back), submission and
//! review (never by the submitter), the history, strangers refused, the
//! dashboard, the iCalendar feeds (parsed by the `icalendar` library), what
//! changed between assessments, and the work page's multipart form behind
//! the CSRF guard.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use waico_members::{CountryCode, RoleGrant};

use crate::app::{Backend, TestApp, backends, csrf_of, sign_in};

const PASSWORD: &str = "correct horse battery";
const HIRING: &str = include_str!("../../../framework/data/demo_systems/hiring_screener.yaml");
const SYS: &str = "/api/v1/systems/demo-hiring-screener";
/// Evidence limit of the test node.
const LIMIT: usize = 2000;

async fn token(app: &TestApp, username: &str, grants: &[RoleGrant]) -> String {
    let user = app.user(username, PASSWORD, grants).await;
    app.token(
        user.id,
        waico_store::TokenScope::Write,
        waico_store::now_ms() + 600_000,
    )
    .await
}

async fn send(r: reqwest::RequestBuilder) -> (u16, Value) {
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    if status >= 400 {
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "status {status}"
        );
    }
    (status, r.json().await.unwrap_or(Value::Null))
}

/// A `multipart/form-data` body: text fields, then one file.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    multipart_as(fields, "file", file)
}

/// Like [`multipart`], with the file in the part `part`.
fn multipart_as(
    fields: &[(&str, &str)],
    part: &str,
    file: Option<(&str, &str, &[u8])>,
) -> (String, Vec<u8>) {
    let boundary = "----waico-test-7f3a9c";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((file_name, content_type, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{part}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    app: &TestApp,
    token: &str,
    item: i64,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> (u16, Value) {
    let (ct, body) = multipart(&[], Some((file_name, content_type, bytes)));
    send(
        reqwest::Client::new()
            .post(app.url(&format!("{SYS}/work/{item}/evidence")))
            .bearer_auth(token)
            .header("content-type", ct)
            .body(body),
    )
    .await
}

async fn step(app: &TestApp, token: &str, item: i64, status: &str, comment: &str) -> (u16, Value) {
    send(
        reqwest::Client::new()
            .post(app.url(&format!("{SYS}/work/{item}")))
            .bearer_auth(token)
            .json(&json!({"status": status, "comment": comment})),
    )
    .await
}

async fn get(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    send(reqwest::Client::new().get(app.url(path)).bearer_auth(token)).await
}

async fn spawn(backend: &Backend) -> TestApp {
    TestApp::spawn_with(backend, |mut state| {
        let mut settings = (*state.settings).clone();
        settings.evidence_max_bytes = LIMIT;
        state.settings = std::sync::Arc::new(settings);
        state
    })
    .await
}

/// Registers the hiring screener as `owner` and assesses it.
async fn registered(app: &TestApp, owner: &str) {
    let api = reqwest::Client::new();
    let (status, _) = send(
        api.post(app.url("/api/v1/systems"))
            .bearer_auth(owner)
            .header("content-type", "application/yaml")
            .body(HIRING),
    )
    .await;
    assert_eq!(status, 201);
    let (status, _) = send(
        api.post(app.url(&format!("{SYS}/assessments")))
            .bearer_auth(owner),
    )
    .await;
    assert_eq!(status, 201);
}

fn field_codes(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or("").to_owned(),
                        e["code"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn assign_submit_evidence_review_and_history() {
    for backend in backends() {
        assign_submit_evidence_review_and_history_on(&backend).await;
    }
}

async fn assign_submit_evidence_review_and_history_on(backend: &Backend) {
    let app = spawn(backend).await;
    let owner = token(
        &app,
        "amina",
        &[RoleGrant::Delegate {
            country: CountryCode::parse("KEN").unwrap(),
        }],
    )
    .await;
    let worker = token(&app, "wanjiru", &[]).await;
    let stranger = token(&app, "mallory", &[RoleGrant::Researcher]).await;
    registered(&app, &owner).await;

    // The board lists the latest assessment's obligations, none assigned.
    let (status, board) = get(&app, &owner, &format!("{SYS}/work")).await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(board["may_assign"], true);
    let rows = board["rows"].as_array().unwrap();
    assert!(rows.len() > 5, "{board}");
    assert!(rows.iter().all(|r| r["item"].is_null()));
    let eu = rows
        .iter()
        .find(|r| r["jurisdiction"] == "EU" && r["assessed"] == "missing")
        .expect("an EU duty without evidence");
    let obligation = eu["obligation"].as_str().unwrap().to_owned();

    // Strangers see nothing and change nothing.
    for path in [
        format!("{SYS}/work"),
        format!("{SYS}/work/history"),
        format!("{SYS}/work/due.ics"),
    ] {
        assert_eq!(get(&app, &stranger, &path).await.0, 403, "{path}");
    }
    assert_eq!(
        reqwest::get(app.url(&format!("{SYS}/work")))
            .await
            .unwrap()
            .status(),
        401
    );
    let assign = |who: &str, body: Value| {
        reqwest::Client::new()
            .post(app.url(&format!("{SYS}/work")))
            .bearer_auth(who)
            .json(&body)
    };
    let (status, _) = send(assign(
        &stranger,
        json!({"obligation": obligation, "assignee": "mallory"}),
    ))
    .await;
    assert_eq!(status, 403);

    // Wrong obligation, user and date: each field named.
    let (status, problem) = send(assign(
        &owner,
        json!({"obligation": "nope", "assignee": "ghost", "due_date": "2026-02-30"}),
    ))
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        field_codes(&problem),
        vec![
            ("obligation".into(), "work-err-obligation".into()),
            ("assignee".into(), "work-err-assignee".into()),
            ("due_date".into(), "work-err-date".into()),
        ]
    );

    // Assigned to the worker, due on a past date: overdue.
    let (status, item) = send(assign(
        &owner,
        json!({"obligation": obligation, "assignee": "wanjiru", "due_date": "2020-01-15"}),
    ))
    .await;
    assert_eq!(status, 200, "{item}");
    assert_eq!(item["status"], "open");
    let id = item["id"].as_i64().unwrap();

    // The assignee now sees the board; the stranger still does not.
    let (status, board) = get(&app, &worker, &format!("{SYS}/work")).await;
    assert_eq!(status, 200);
    assert_eq!(board["may_assign"], false);
    let row = board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["obligation"] == obligation.as_str())
        .unwrap();
    assert_eq!(row["item"]["assignee"], "wanjiru");
    assert_eq!(row["due"], "2020-01-15");
    assert_eq!(row["overdue"], true);
    assert_eq!(get(&app, &stranger, &format!("{SYS}/work")).await.0, 403);

    // Nothing to submit yet; start it. Refusals by the item's state are
    // 409, as the API document says.
    let (status, problem) = step(&app, &worker, id, "submitted", "").await;
    assert_eq!(status, 409);
    assert_eq!(
        field_codes(&problem),
        vec![("status".into(), "work-err-no-evidence".into())]
    );
    let (status, problem) = step(&app, &worker, id, "accepted", "").await;
    assert_eq!(status, 409);
    assert_eq!(
        field_codes(&problem),
        vec![("status".into(), "work-err-step".into())]
    );
    let (status, moved) = step(&app, &worker, id, "in_progress", "").await;
    assert_eq!(
        (status, moved["status"].as_str()),
        (200, Some("in_progress"))
    );

    // Evidence: the type and the bytes must agree; the size is limited and
    // the 413 says the limit.
    let notice = "Transparency notice to job applicants, v2 (2026-11-30)\n".as_bytes();
    let (status, problem) =
        upload(&app, &worker, id, "notice.pdf", "application/pdf", notice).await;
    assert_eq!(status, 422);
    assert_eq!(
        field_codes(&problem),
        vec![("file".into(), "work-err-file-content".into())]
    );
    let (status, problem) = upload(
        &app,
        &worker,
        id,
        "tool.exe",
        "application/x-msdownload",
        b"MZ\x90\x00",
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        field_codes(&problem),
        vec![("file".into(), "work-err-file-type".into())]
    );
    let (status, problem) = upload(
        &app,
        &worker,
        id,
        "big.txt",
        "text/plain",
        &[b'a'; LIMIT + 1],
    )
    .await;
    assert_eq!(status, 413, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("2000 bytes"),
        "{problem}"
    );
    assert_eq!(field_codes(&problem)[0].0, "file");
    assert_eq!(
        upload(&app, &stranger, id, "n.txt", "text/plain", notice)
            .await
            .0,
        403
    );
    let (status, saved) = upload(
        &app,
        &worker,
        id,
        "../../notice.txt",
        "text/plain; charset=utf-8",
        notice,
    )
    .await;
    assert_eq!(status, 201, "{saved}");
    let sha = hex::encode(Sha256::digest(notice));
    assert_eq!(saved["sha256"], sha.as_str());
    assert_eq!(saved["file_name"], "notice.txt");
    assert_eq!(saved["content_type"], "text/plain");

    // Read back by hash, for those who may see the work only.
    let r = reqwest::Client::new()
        .get(app.url(&format!("{SYS}/evidence/{sha}")))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/plain");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(&r.bytes().await.unwrap()[..], notice);
    assert_eq!(
        get(&app, &stranger, &format!("{SYS}/evidence/{sha}"))
            .await
            .0,
        403
    );
    assert_eq!(
        get(&app, &owner, &format!("{SYS}/evidence/{}", "0".repeat(64)))
            .await
            .0,
        404
    );

    // Submitted; the submitter never reviews; a return needs a reason.
    let (status, moved) = step(&app, &worker, id, "submitted", "notice attached").await;
    assert_eq!((status, moved["status"].as_str()), (200, Some("submitted")));
    assert_eq!(step(&app, &worker, id, "accepted", "").await.0, 403);
    let (status, problem) = step(&app, &owner, id, "returned", " ").await;
    assert_eq!(status, 422);
    assert_eq!(
        field_codes(&problem),
        vec![("comment".into(), "work-err-no-comment".into())]
    );
    let (status, moved) = step(
        &app,
        &owner,
        id,
        "returned",
        "the notice must name the deployer",
    )
    .await;
    assert_eq!((status, moved["status"].as_str()), (200, Some("returned")));
    // The dashboard of the assignee, while the item is open and overdue.
    let (status, dash) = get(&app, &worker, "/api/v1/work/dashboard").await;
    assert_eq!(status, 200, "{dash}");
    assert_eq!(
        dash["total"],
        json!({"open": 1, "overdue": 1, "due_30_days": 0})
    );
    assert_eq!(dash["unaffiliated"]["open"], 1);
    assert_eq!(dash["mine"][0]["item"], id);
    assert_eq!(dash["mine"][0]["overdue"], true);
    let (_, dash) = get(&app, &stranger, "/api/v1/work/dashboard").await;
    assert_eq!(dash["total"]["open"], 0);
    assert!(dash["mine"].as_array().unwrap().is_empty());

    let (status, _) = step(&app, &worker, id, "submitted", "deployer named").await;
    assert_eq!(status, 200);
    let (status, moved) = step(&app, &owner, id, "accepted", "").await;
    assert_eq!((status, moved["status"].as_str()), (200, Some("accepted")));
    // Accepted evidence is not added to; a second acceptance is no step.
    assert_eq!(
        upload(&app, &worker, id, "more.txt", "text/plain", b"more")
            .await
            .0,
        409
    );
    assert_eq!(step(&app, &owner, id, "accepted", "").await.0, 409);

    // A comment alone.
    let (status, _) = send(
        reqwest::Client::new()
            .post(app.url(&format!("{SYS}/work/{id}")))
            .bearer_auth(&worker)
            .json(&json!({"comment": "thanks"})),
    )
    .await;
    assert_eq!(status, 200);

    // The history, newest first, with who did what.
    let (status, history) = get(&app, &owner, &format!("{SYS}/work/history")).await;
    assert_eq!(status, 200);
    let seen: Vec<(String, String, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["kind"].as_str().unwrap().to_owned(),
                h["status"].as_str().unwrap().to_owned(),
                h["by"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("comment", "accepted", "wanjiru"),
        ("status", "accepted", "amina"),
        ("status", "submitted", "wanjiru"),
        ("status", "returned", "amina"),
        ("status", "submitted", "wanjiru"),
        ("evidence", "in_progress", "wanjiru"),
        ("status", "in_progress", "wanjiru"),
        ("assigned", "open", "amina"),
    ];
    assert_eq!(
        seen,
        expected
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect::<Vec<_>>()
    );
    assert_eq!(history[3]["detail"], "the notice must name the deployer");
    assert_eq!(history[5]["detail"], format!("{sha} notice.txt"));
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["obligation"] == obligation.as_str())
    );

    // The evidence survives a backup and restore into a fresh store.
    let snapshot = app.state.store.snapshot().await.unwrap();
    assert_eq!(snapshot.framework.work.items.len(), 1);
    assert_eq!(snapshot.framework.work.events.len(), 8);
    assert_eq!(snapshot.framework.work.evidence[0].sha256, sha);
    let json = serde_json::to_string(&snapshot).unwrap();
    let back: waico_store::Snapshot = serde_json::from_str(&json).unwrap();
    assert_eq!(back.framework.work.events.len(), 8);
}

#[tokio::test]
async fn calendar_feeds_parse_and_diff_follows_assessments() {
    let app = spawn(&Backend::Sqlite).await;
    let owner = token(&app, "amina", &[RoleGrant::SecretariatAdmin]).await;
    let other = token(&app, "rahim", &[]).await;
    registered(&app, &owner).await;
    let (_, board) = get(&app, &owner, &format!("{SYS}/work")).await;
    let obligations: Vec<String> = board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["obligation"].as_str().unwrap().to_owned())
        .take(3)
        .collect();
    for (ob, due) in obligations.iter().zip(["2027-03-01", "2027-04-15", ""]) {
        let (status, _) = send(
            reqwest::Client::new()
                .post(app.url(&format!("{SYS}/work")))
                .bearer_auth(&owner)
                .json(&json!({"obligation": ob, "assignee": "amina", "due_date": due})),
        )
        .await;
        assert_eq!(status, 200);
    }

    let ics = |who: String, path: &'static str| {
        let url = app.url(path);
        async move {
            let r = reqwest::Client::new()
                .get(url)
                .bearer_auth(who)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
            r.text().await.unwrap()
        }
    };
    let all = ics(owner.clone(), "/api/v1/work/due.ics").await;
    let one = ics(
        owner.clone(),
        "/api/v1/systems/demo-hiring-screener/work/due.ics",
    )
    .await;
    let none = ics(other.clone(), "/api/v1/work/due.ics").await;

    // Parsed by the `icalendar` library: the events, their dates and uids.
    let python = crate::python::python();
    let script = r#"
import json, sys
from icalendar import Calendar
out = []
for doc in json.load(sys.stdin):
    cal = Calendar.from_ical(doc)
    out.append(sorted([str(e.get('DTSTART').dt), str(e.get('UID')), str(e.get('SUMMARY'))] for e in cal.walk('VEVENT')))
print(json.dumps(out))
"#;
    let mut child = std::process::Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            serde_json::to_string(&[&all, &one, &none])
                .unwrap()
                .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Vec<Vec<Vec<String>>> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        parsed[0].len(),
        2 + usize::from(!board["rows"][2]["due"].is_null()),
        "{all}"
    );
    let dates: Vec<&str> = parsed[0].iter().map(|e| e[0].as_str()).collect();
    assert!(
        dates.contains(&"2027-03-01") && dates.contains(&"2027-04-15"),
        "{dates:?}"
    );
    for e in &parsed[0] {
        assert!(e[1].starts_with("work-") && e[1].contains('@'), "{e:?}");
        assert!(e[2].starts_with("TalentSift CV screener"), "{e:?}");
    }
    assert_eq!(parsed[1], parsed[0]);
    assert!(parsed[2].is_empty());

    // Diff: none with one assessment; the same profile assessed again
    // changes nothing; a narrower profile drops obligations.
    assert_eq!(
        send(reqwest::Client::new().get(app.url(&format!("{SYS}/diff"))))
            .await
            .0,
        404
    );
    let api = reqwest::Client::new();
    send(
        api.post(app.url(&format!("{SYS}/assessments")))
            .bearer_auth(&owner),
    )
    .await;
    let (status, d) = send(api.get(app.url(&format!("{SYS}/diff")))).await;
    assert_eq!(status, 200, "{d}");
    assert!(d["diff"]["added"].as_array().unwrap().is_empty());
    assert!(d["diff"]["removed"].as_array().unwrap().is_empty());
    let narrower = HIRING.replace("[EU, DE, FR, US, US-CO]", "[US, US-CO]");
    let (status, _) = send(
        api.put(app.url(SYS))
            .bearer_auth(&owner)
            .header("content-type", "application/yaml")
            .body(narrower),
    )
    .await;
    assert_eq!(status, 200);
    send(
        api.post(app.url(&format!("{SYS}/assessments")))
            .bearer_auth(&owner),
    )
    .await;
    let (status, d) = send(api.get(app.url(&format!("{SYS}/diff")))).await;
    assert_eq!(status, 200);
    assert!(d["from"].as_i64().unwrap() < d["to"].as_i64().unwrap());
    let removed = d["diff"]["removed"].as_array().unwrap();
    assert!(
        removed
            .iter()
            .any(|o| o.as_str().unwrap().starts_with("eu-")),
        "{d}"
    );
    assert!(
        d["diff"]["class_changed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["jurisdiction"] == "EU" && c["after"].is_null()),
        "{d}"
    );
    // Items of obligations no longer found stay on the board, marked.
    let (_, board) = get(&app, &owner, &format!("{SYS}/work")).await;
    assert!(
        board["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["assessed"] == "not_found")
    );
}

#[tokio::test]
async fn the_work_page_takes_a_file_only_with_the_form_token() {
    let app = spawn(&Backend::Sqlite).await;
    let owner = token(&app, "amina", &[RoleGrant::SecretariatAdmin]).await;
    app.user("wanjiru", PASSWORD, &[]).await;
    registered(&app, &owner).await;
    let (_, board) = get(&app, &owner, &format!("{SYS}/work")).await;
    let obligation = board["rows"][0]["obligation"].as_str().unwrap().to_owned();
    let (_, item) = send(
        reqwest::Client::new()
            .post(app.url(&format!("{SYS}/work")))
            .bearer_auth(&owner)
            .json(&json!({"obligation": obligation, "assignee": "wanjiru"})),
    )
    .await;
    let id = item["id"].as_i64().unwrap();

    let browser = sign_in(&app, "wanjiru", PASSWORD).await;
    let page = browser
        .get(app.url("/systems/demo-hiring-screener/work"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("enctype=\"multipart/form-data\""), "{page}");
    assert!(page.contains("type=\"file\""));
    let csrf = csrf_of(&page);
    let action = app.url(&format!("/systems/demo-hiring-screener/work/{id}/evidence"));
    let notice = b"Model card, section 4: data governance.\n";

    // Without the token, or with another one: refused, nothing stored.
    for fields in [vec![], vec![("csrf", "forged-token")]] {
        let (ct, body) = multipart(&fields, Some(("card.md", "text/markdown", notice)));
        let r = browser
            .post(&action)
            .header("content-type", ct)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    }
    let (_, board) = get(&app, &owner, &format!("{SYS}/work")).await;
    let row = |b: &Value| {
        b["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["obligation"] == obligation.as_str())
            .unwrap()
            .clone()
    };
    assert!(
        row(&board)["item"]["evidence"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // With it: stored, and the page lists the file.
    let (ct, body) = multipart(
        &[("csrf", &csrf)],
        Some(("card.md", "text/markdown", notice)),
    );
    let r = browser
        .post(&action)
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, board) = get(&app, &owner, &format!("{SYS}/work")).await;
    assert_eq!(row(&board)["item"]["evidence"][0]["file_name"], "card.md");
    // A refused file re-shows the page with the reason, in the viewer's language.
    let (ct, body) = multipart(
        &[("csrf", &csrf)],
        Some(("card.pdf", "application/pdf", notice)),
    );
    let r = browser
        .post(&action)
        .header("content-type", ct)
        .header("accept-language", "fr")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("does not match its type") || html.contains("ne correspond pas"),
        "{html}"
    );

    // The step form (URL-encoded) works with the token as before.
    let r = browser
        .post(app.url("/systems/demo-hiring-screener/work"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("do", "move"),
            ("item", &id.to_string()),
            ("status", "submitted"),
            ("comment", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, board) = get(&app, &owner, &format!("{SYS}/work")).await;
    assert_eq!(row(&board)["item"]["status"], "submitted");

    // The dashboard page.
    let dash = browser.get(app.url("/work")).send().await.unwrap();
    assert_eq!(dash.status(), 200);
    assert!(dash.text().await.unwrap().contains(&format!("#item-{id}")));
}

#[tokio::test]
async fn the_shell_lists_assigns_and_submits_through_the_same_operations() {
    let app = spawn(&Backend::Sqlite).await;
    let owner = token(&app, "amina", &[RoleGrant::SecretariatAdmin]).await;
    app.user("wanjiru", PASSWORD, &[]).await;
    app.user("mallory", PASSWORD, &[]).await;
    registered(&app, &owner).await;
    let data = app._dir.path().to_str().unwrap().to_owned();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_waico"))
            .args(["--data-dir", &data, "--config", "/nonexistent/waico.toml"])
            .args(["framework", "work"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, listed, err) = run(&["list", "demo-hiring-screener", "--as", "amina"]);
    assert!(ok, "{err}");
    let first = listed
        .lines()
        .find(|l| l.contains("\tEU\t"))
        .expect("an EU line");
    assert!(first.starts_with("-\t("), "{first}");
    let obligation = first.rsplit('\t').next().unwrap().to_owned();
    // A stranger is refused by the same policy.
    let (ok, _, err) = run(&["list", "demo-hiring-screener", "--as", "mallory"]);
    assert!(!ok && err.contains("forbidden"), "{err}");

    let (ok, out, err) = run(&[
        "assign",
        "demo-hiring-screener",
        &obligation,
        "--to",
        "wanjiru",
        "--due",
        "2027-05-31",
        "--as",
        "amina",
    ]);
    assert!(ok, "{err}");
    let item: i64 = out.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(out.contains("open 2027-05-31"), "{out}");
    let (ok, _, err) = run(&["assign", "demo-hiring-screener", "nope", "--as", "amina"]);
    assert!(!ok && err.contains("obligation"), "{err}");

    let file = app._dir.path().join("dpia.md");
    std::fs::write(&file, "# DPIA\nRisks to applicants and their mitigation.\n").unwrap();
    let item_s = item.to_string();
    let (ok, _, err) = run(&["submit", "demo-hiring-screener", &item_s, "--as", "wanjiru"]);
    assert!(!ok && err.contains("evidence"), "{err}");
    let (ok, out, err) = run(&[
        "submit",
        "demo-hiring-screener",
        &item_s,
        "--file",
        file.to_str().unwrap(),
        "--comment",
        "DPIA attached",
        "--as",
        "wanjiru",
    ]);
    assert!(ok, "{err}");
    let sha = hex::encode(Sha256::digest(std::fs::read(&file).unwrap()));
    assert!(out.contains(&format!("evidence {sha} ")), "{out}");
    assert!(out.contains(&format!("item {item} submitted")), "{out}");

    // The server sees what the shell did; the file reads back by hash.
    let (_, board) = get(&app, &owner, &format!("{SYS}/work")).await;
    let row = board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["obligation"] == obligation.as_str())
        .unwrap();
    assert_eq!(row["item"]["status"], "submitted");
    assert_eq!(row["item"]["evidence"][0]["content_type"], "text/markdown");
    let r = reqwest::Client::new()
        .get(app.url(&format!("{SYS}/evidence/{sha}")))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (ok, out, err) = run(&[
        "step",
        "demo-hiring-screener",
        &item_s,
        "accepted",
        "--as",
        "amina",
    ]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), format!("item {item} accepted"));
    let (ok, listed, _) = run(&["list", "demo-hiring-screener", "--as", "wanjiru"]);
    assert!(ok);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with(&format!("{item}\taccepted\twanjiru\t2027-05-31"))),
        "{listed}"
    );
}

/// Framework uploads take the node's `framework_max_bytes` instead of the
/// general body limit (64 KiB on the test node), and the 413 states it.
#[tokio::test]
async fn framework_uploads_have_their_own_limit_stated_in_the_413() {
    const FW_LIMIT: usize = 100_000;
    let app = TestApp::spawn_with(&Backend::Sqlite, |mut state| {
        let mut settings = (*state.settings).clone();
        settings.framework_max_bytes = FW_LIMIT;
        state.settings = std::sync::Arc::new(settings);
        state
    })
    .await;
    assert!(app.state.settings.max_body_bytes < 80_000);
    let admin = token(&app, "sec", &[RoleGrant::SecretariatAdmin]).await;
    // A framework padded with YAML comments past the general limit.
    let padded = |version: &str, bytes: usize| {
        let mut src =
            crate::framework::FRAMEWORK.replace("version: '1.0'", &format!("version: '{version}'"));
        while src.len() < bytes {
            src.push_str("# Kenya AI test code: explanatory note kept with the text of the law.\n");
        }
        src
    };
    let post = |src: String| {
        reqwest::Client::new()
            .post(app.url("/api/v1/frameworks"))
            .bearer_auth(&admin)
            .header("content-type", "application/yaml")
            .body(src)
    };
    let big = padded("2.0", 80_000);
    assert!(big.len() > app.state.settings.max_body_bytes);
    let (status, row) = send(post(big)).await;
    assert_eq!(status, 201, "{row}");
    assert_eq!(row["version"], "2.0");
    let (status, problem) = send(post(padded("3.0", FW_LIMIT + 1))).await;
    assert_eq!(status, 413, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("at most 100000 bytes"),
        "{problem}"
    );
    assert_eq!(
        field_codes(&problem),
        vec![("body".into(), "err-upload-too-large".into())]
    );
    // Rulepacks and crosswalks too; other routes keep the general limit.
    for path in ["/api/v1/packs", "/api/v1/crosswalks"] {
        let r = reqwest::Client::new()
            .post(app.url(path))
            .bearer_auth(&admin)
            .body(vec![b'#'; FW_LIMIT + 10])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 413, "{path}");
        let p: Value = r.json().await.unwrap();
        assert!(
            p["detail"].as_str().unwrap().contains("100000"),
            "{path}: {p}"
        );
    }
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/systems"))
        .bearer_auth(&admin)
        .body(vec![b'#'; 80_000])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    // The listing on the same path still answers.
    let r = reqwest::get(app.url("/api/v1/frameworks")).await.unwrap();
    assert_eq!(r.status(), 200);
}

/// The upload page takes the document as a chosen file (multipart, behind
/// the form token); a file that is not UTF-8 is refused with a message, and
/// located errors name the chosen file.
#[tokio::test]
async fn the_upload_page_takes_a_file() {
    let app = TestApp::spawn().await;
    app.user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    let browser = sign_in(&app, "sec", PASSWORD).await;
    let page = browser
        .get(app.url("/frameworks/upload"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("enctype=\"multipart/form-data\"") && page.contains("type=\"file\""));
    let csrf = csrf_of(&page);
    let post = |fields: Vec<(&str, &str)>, file: Option<(&str, &str, &[u8])>| {
        let (ct, body) = multipart_as(&fields, "upload", file);
        browser
            .post(app.url("/frameworks/upload"))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    // No token: refused.
    let r = post(
        vec![("kind", "framework")],
        Some((
            "ke.yaml",
            "application/yaml",
            crate::framework::FRAMEWORK.as_bytes(),
        )),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 403);
    // A broken file: located errors name it.
    let broken = crate::framework::FRAMEWORK.replace("kind: requirement", "kind: requirment");
    let r = post(
        vec![("csrf", &csrf), ("kind", "framework")],
        Some(("ke-broken.yaml", "application/yaml", broken.as_bytes())),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("ke-broken.yaml"), "{html}");
    let r = post(
        vec![("csrf", &csrf), ("kind", "framework")],
        Some(("ke.yaml", "application/yaml", b"\xff\xfe\x00k")),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("not UTF-8"));
    // The file loads.
    let r = post(
        vec![("csrf", &csrf), ("kind", "framework")],
        Some((
            "ke.yaml",
            "application/yaml",
            crate::framework::FRAMEWORK.as_bytes(),
        )),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 303);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/frameworks/urn:waico:framework:ke-ai-test")
    );
    let (status, list) = send(reqwest::Client::new().get(app.url("/api/v1/frameworks"))).await;
    assert_eq!(status, 200);
    assert!(list.to_string().contains("urn:waico:framework:ke-ai-test"));
}
