//! The shell side: backup and restore across nodes (and backends), registry
//! export and import, and the `waico` binary's own commands.

use std::process::Command;

use object_store::ObjectStoreExt;
use waico_members::{CountryCode, InstitutionKind, InstitutionName, MemberStatus, RoleGrant};

use crate::app::{Backend, TestApp, backends};

#[tokio::test]
async fn backup_restores_into_an_empty_node_on_either_backend() {
    let source = TestApp::spawn().await;
    source
        .user("sec", "a long password", &[RoleGrant::SecretariatAdmin])
        .await;
    source
        .state
        .store
        .set_membership(
            CountryCode::parse("ZAF").unwrap(),
            MemberStatus::Member,
            time::macros::date!(2025 - 07 - 26),
        )
        .await
        .unwrap();
    source
        .state
        .artifacts
        .put(
            &object_store::path::Path::from("blobs/ab/cd"),
            object_store::PutPayload::from_static(b"model weights"),
        )
        .await
        .unwrap();
    let file = source._dir.path().join("node.waico-backup");
    std::fs::write(
        source._dir.path().join("ledger.key"),
        "PRIVATE+KEY+test-key-bytes\n",
    )
    .unwrap();
    let actor = waico_members::Actor::User {
        id: 1,
        grants: vec![RoleGrant::SecretariatAdmin],
        can_write: true,
    };
    let input = waico_app::members::MembershipInput {
        status: "member".into(),
        since: "2025-07-26".into(),
    };
    waico_app::members::set_membership(&source.state, &actor, "CHN", &input)
        .await
        .unwrap();
    let head = source.state.store.ledger_head().await.unwrap();
    assert_eq!(head.size, 1, "the admission is in the ledger");
    waico::backup::write(&source.state, source._dir.path(), &file)
        .await
        .unwrap();

    for backend in backends() {
        let target = TestApp::spawn_on(&backend).await;
        waico::backup::restore(&target.state, target._dir.path(), &file)
            .await
            .unwrap();
        assert_eq!(
            target.state.store.ledger_head().await.unwrap(),
            head,
            "the ledger comes back whole"
        );
        assert_eq!(
            std::fs::read_to_string(target._dir.path().join("ledger.key")).unwrap(),
            "PRIVATE+KEY+test-key-bytes\n"
        );
        assert_eq!(
            target
                .state
                .store
                .user_by_username("sec")
                .await
                .unwrap()
                .grants,
            vec![RoleGrant::SecretariatAdmin]
        );
        let blob = target
            .state
            .artifacts
            .get(&object_store::path::Path::from("blobs/ab/cd"))
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert_eq!(&blob[..], b"model weights");
        // A second restore into the now full node is refused.
        assert!(
            waico::backup::restore(&target.state, target._dir.path(), &file)
                .await
                .is_err()
        );
        if let Backend::Postgres(_) = backend {
            assert_eq!(target.state.store.backend(), waico_store::Backend::Postgres);
        }
    }

    // A damaged backup restores nothing.
    let broken = source._dir.path().join("broken.waico-backup");
    std::fs::write(&broken, b"not a tar file at all").unwrap();
    let empty = TestApp::spawn().await;
    assert!(
        waico::backup::restore(&empty.state, empty._dir.path(), &broken)
            .await
            .is_err()
    );
    assert_eq!(empty.state.store.count_users().await.unwrap(), 0);
}

#[tokio::test]
async fn registry_export_imports_into_another_node() {
    let a = TestApp::spawn().await;
    a.state
        .store
        .set_membership(
            CountryCode::parse("QAT").unwrap(),
            MemberStatus::Observer,
            time::macros::date!(2025 - 07 - 26),
        )
        .await
        .unwrap();
    a.state
        .store
        .create_institution(&waico_store::NewInstitution {
            name: InstitutionName::parse("Qatar Computing Research Institute").unwrap(),
            kind: InstitutionKind::ResearchInstitute,
            country: CountryCode::parse("QAT").unwrap(),
            website: None,
        })
        .await
        .unwrap();
    let json = serde_json::to_string(&a.state.store.export_registry().await.unwrap()).unwrap();
    let b = TestApp::spawn().await;
    let export = serde_json::from_str(&json).unwrap();
    assert_eq!(
        b.state.store.import_registry(&export).await.unwrap(),
        (1, 1)
    );
    // Importing twice merges rather than duplicating.
    assert_eq!(
        b.state.store.import_registry(&export).await.unwrap(),
        (1, 1)
    );
    let (rows, total) = b
        .state
        .store
        .list_institutions(&waico_store::InstitutionFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (total, rows[0].name.as_str()),
        (1, "Qatar Computing Research Institute")
    );
}

fn waico() -> Command {
    Command::new(env!("CARGO_BIN_EXE_waico"))
}

/// Runs `waico` on the data folder `data` (no config file); answers whether
/// it succeeded and what it printed (stdout, then stderr).
fn shell(data: &str, args: &[&str]) -> (bool, String) {
    let out = waico()
        .args(["--data-dir", data, "--config", "/nonexistent/waico.toml"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn every_subcommand_has_help() {
    use clap::CommandFactory;
    // Every command path the parser knows, walked from its definition, so a
    // new subcommand is covered without editing this list.
    fn paths(command: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(prefix.clone());
        for sub in command.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let mut path = prefix.clone();
            path.push(sub.get_name().to_owned());
            paths(sub, path, out);
        }
    }
    let mut all = Vec::new();
    paths(&waico::cli::Cli::command(), Vec::new(), &mut all);
    assert!(all.len() > 20, "{all:?}");
    for path in all {
        let out = waico().args(&path).arg("--help").output().unwrap();
        assert!(out.status.success(), "{path:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{path:?}"
        );
    }
}

#[test]
fn admin_commands_create_grant_and_reset_from_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let run = |args: &[&str]| shell(data, args);
    assert!(run(&["migrate"]).0);
    let (ok, text) = run(&[
        "admin",
        "create-user",
        "--username",
        "amina",
        "--display-name",
        "Amina",
        "--email",
        "amina@example.org",
        "--password",
        "long enough pass",
        "--role",
        "delegate",
        "--scope",
        "KEN",
    ]);
    assert!(ok, "{text}");
    let (ok, text) = run(&[
        "admin",
        "create-user",
        "--username",
        "x",
        "--display-name",
        "",
        "--email",
        "bad",
        "--password",
        "short",
    ]);
    assert!(!ok);
    assert!(
        text.contains("username") && text.contains("email") && text.contains("password"),
        "{text}"
    );
    let (ok, text) = run(&[
        "admin",
        "create-user",
        "--username",
        "omar",
        "--display-name",
        "Omar",
        "--email",
        "omar@example.org",
        "--password",
        "long enough pass",
        "--institution",
        "999",
    ]);
    assert!(!ok && text.contains("institution_id"), "{text}");
    assert!(
        run(&[
            "admin",
            "grant",
            "--username",
            "amina",
            "--role",
            "researcher"
        ])
        .0
    );
    let (_, list) = run(&["admin", "list-users"]);
    assert!(
        list.contains("delegate:KEN") && list.contains("researcher"),
        "{list}"
    );
    assert!(
        run(&[
            "admin",
            "revoke",
            "--username",
            "amina",
            "--role",
            "researcher"
        ])
        .0
    );
    assert!(
        run(&[
            "admin",
            "reset-password",
            "--username",
            "amina",
            "--password",
            "another long one"
        ])
        .0
    );
    assert!(
        !run(&[
            "admin",
            "reset-password",
            "--username",
            "nobody",
            "--password",
            "another long one"
        ])
        .0
    );
    // Deactivation and the record, from the shell.
    assert!(run(&["admin", "deactivate", "--username", "amina"]).0);
    assert!(run(&["admin", "reactivate", "--username", "amina"]).0);
    assert!(!run(&["admin", "deactivate", "--username", "nobody"]).0);
    let (ok, audit) = run(&["admin", "audit", "--username", "amina"]);
    assert!(ok, "{audit}");
    let rows: Vec<&str> = audit.lines().filter(|l| l.contains("\tledger #")).collect();
    let actions: Vec<&str> = rows.iter().filter_map(|l| l.split('\t').nth(2)).collect();
    assert_eq!(
        actions,
        [
            "user_reactivated",
            "user_deactivated",
            "password_reset",
            "role_revoked",
            "role_granted",
            "role_granted"
        ],
        "{audit}"
    );
    assert!(rows.iter().all(|l| l.contains("\tshell\t")), "{audit}");
    let export = dir.path().join("registry.json");
    assert!(run(&["export", "--output", export.to_str().unwrap()]).0);
    assert!(run(&["import", export.to_str().unwrap()]).0);
    let backup = dir.path().join("b.tar");
    assert!(run(&["backup", "--output", backup.to_str().unwrap()]).0);
    assert!(backup.exists());
}

/// The secretariat grants, lists and revokes an export licence from the
/// shell through the same operations as the API; a delegate may not, and
/// a licence is revoked once.
#[test]
fn licences_are_granted_listed_and_revoked_from_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let run = |args: &[&str]| shell(data, args);
    assert!(run(&["migrate"]).0);
    for (name, role, scope) in [
        ("sec", "secretariat_admin", None),
        ("amina", "delegate", Some("KEN")),
    ] {
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
        args.extend([
            email.as_str(),
            "--password",
            "long enough pass",
            "--role",
            role,
        ]);
        if let Some(scope) = scope {
            args.extend(["--scope", scope]);
        }
        let (ok, text) = run(&args);
        assert!(ok, "{text}");
    }
    let file = dir.path().join("licence.json");
    std::fs::write(
        &file,
        serde_json::json!({
            "id": "bis-2027-002", "rule": "us-ear-3a090-d5", "jurisdiction": "US",
            "destination": "CN", "classes": ["3A090.a"],
            "valid": {"start": "2027-01-01", "end": "2027-12-31"}, "reference": "BIS D-2027-002",
        })
        .to_string(),
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let (ok, text) = run(&["capacity", "grant-licence", file, "--user", "amina"]);
    assert!(!ok, "a delegate may not grant: {text}");
    let (ok, text) = run(&["capacity", "grant-licence", file, "--user", "sec"]);
    assert!(ok, "{text}");
    assert!(
        text.contains("bis-2027-002\tus-ear-3a090-d5\tUS → CN"),
        "{text}"
    );
    let (ok, text) = run(&["capacity", "licences"]);
    assert!(ok && text.contains("BIS D-2027-002\tin force\n"), "{text}");
    let revoke = [
        "capacity",
        "revoke-licence",
        "bis-2027-002",
        "--reason",
        "Licence suspended",
    ];
    let (ok, text) = run(&[&revoke[..], &["--user", "amina"]].concat());
    assert!(!ok, "a delegate may not revoke: {text}");
    let (ok, text) = run(&[&revoke[..], &["--user", "sec"]].concat());
    assert!(ok, "{text}");
    let (ok, text) = run(&["capacity", "licences"]);
    assert!(ok && text.contains("revoked: Licence suspended"), "{text}");
    let (ok, text) = run(&[&revoke[..], &["--user", "sec"]].concat());
    assert!(!ok && text.contains("revoked already"), "{text}");
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut child = waico()
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--config",
            "/nonexistent/waico.toml",
            "serve",
            "--listen",
            "127.0.0.1:0",
        ])
        .env("WAICO_LOG", "info,tower_http=debug")
        .env("WAICO_LOG_FORMAT", "json")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (health, echoed) = runtime.block_on(async {
        let r = reqwest::Client::new()
            .get(format!("{url}healthz"))
            .header("x-request-id", "it-request-4242")
            .send()
            .await
            .unwrap();
        let echoed = r.headers()["x-request-id"].to_str().unwrap().to_owned();
        (r.text().await.unwrap(), echoed)
    });
    assert_eq!(health, "ok");
    assert_eq!(echoed, "it-request-4242");
    assert!(
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    // Logs are JSON lines, and those of a request carry its id.
    let mut logs = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut logs).unwrap();
    let of_request: Vec<serde_json::Value> = logs
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON log line"))
        .filter(|l| l.to_string().contains("it-request-4242"))
        .collect();
    assert!(!of_request.is_empty(), "{logs}");
    assert!(
        of_request
            .iter()
            .all(|l| l["span"]["request_id"] == "it-request-4242"),
        "{of_request:?}"
    );
    assert!(
        dir.path().join("waico.db").exists(),
        "the SQLite file was created on first start"
    );
}

/// `serve --demo` starts a believable organization, prints where it runs and
/// how to sign in, and every printed sign-in works.
#[test]
fn serve_demo_starts_a_believable_organization() {
    use std::collections::BTreeSet;
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut child = waico()
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--config",
            "/nonexistent/waico.toml",
            "serve",
            "--demo",
            "--listen",
            "127.0.0.1:0",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    assert!(lines.next().unwrap().unwrap().contains("Demo sign-ins"));
    // One "  name / password  role (scope)" line per demo user.
    let mut sign_ins = Vec::new();
    for line in lines.by_ref().take(waico::demo::USERS.len()) {
        let line = line.unwrap();
        let words: Vec<&str> = line.split_whitespace().collect();
        assert!(
            words.len() >= 4 && words[1] == "/",
            "a sign-in line: {line}"
        );
        sign_ins.push((
            words[0].to_owned(),
            words[2].to_owned(),
            words[3].to_owned(),
        ));
    }
    let roles: BTreeSet<&str> = sign_ins.iter().map(|s| s.2.as_str()).collect();
    assert_eq!(
        roles,
        BTreeSet::from([
            "delegate",
            "institution_rep",
            "researcher",
            "secretariat_admin"
        ]),
        "users in every role: {sign_ins:?}"
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let get = |path: &str| {
            let url = format!("{}{}", url.trim_end_matches('/'), path);
            async move {
                reqwest::get(url)
                    .await
                    .unwrap()
                    .json::<serde_json::Value>()
                    .await
                    .unwrap()
            }
        };
        let members = get("/api/v1/members?status=member&limit=500").await;
        let codes: BTreeSet<&str> = members["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["code"].as_str().unwrap())
            .collect();
        assert!(codes.len() >= 30, "30+ member states: {codes:?}");
        for named in ["CHN", "RUS", "DEU", "ZAF", "QAT"] {
            assert!(codes.contains(named), "{named} is a member");
        }
        let regions: BTreeSet<i64> = members["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["region"]["code"].as_i64().unwrap())
            .collect();
        assert_eq!(
            regions,
            BTreeSet::from([2, 9, 19, 142, 150]),
            "every region"
        );
        let observers = get("/api/v1/members?status=observer&limit=500").await;
        assert!(observers["total"].as_u64().unwrap() >= 1, "observers");
        let institutions = get("/api/v1/institutions?limit=1").await;
        assert!(
            institutions["total"].as_i64().unwrap() >= 40,
            "40+ institutions"
        );

        // Every printed sign-in signs in.
        for (username, password, _) in &sign_ins {
            crate::app::sign_in_at(&url, username, password).await;
        }
    });
    assert!(
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    assert!(child.wait().unwrap().success());
}

/// SIGTERM during an upload: the server stops taking new work but finishes
/// the request in flight — the file is stored and answered 201 — then exits 0.
#[test]
fn sigterm_lets_an_upload_in_flight_finish() {
    use std::io::{BufRead, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap().to_owned();
    let base_args = ["--data-dir", &data, "--config", "/nonexistent/waico.toml"];
    let made = waico()
        .args(base_args)
        .args([
            "admin",
            "create-user",
            "--username",
            "uploader",
            "--display-name",
            "Uploader",
            "--email",
            "uploader@example.org",
            "--password",
            "a long upload password",
        ])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let mut child = waico()
        .args(base_args)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();

    // A write token through the account page, and a repository.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let token = runtime.block_on(async {
        let browser = crate::app::sign_in_at(&url, "uploader", "a long upload password").await;
        let account = browser
            .get(format!("{url}account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let page = browser
            .post(format!("{url}account/tokens"))
            .form(&[
                ("csrf", crate::app::csrf_of(&account).as_str()),
                ("name", "upload"),
                ("scope", "write"),
                ("days", "1"),
            ])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let start = page.find("waico_").expect("the new token is shown");
        let token: String = page[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let created = reqwest::Client::new()
            .post(format!("{url}api/v1/commons/repos"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"kind": "model", "owner": "uploader", "name": "slow"}))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
        token
    });

    let body: Vec<u8> = (0..4 * 1024 * 1024u32).map(|i| (i % 253) as u8).collect();
    let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&body));
    let mut upload = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        upload,
        "PUT /api/v1/commons/models/uploader/slow/blobs/{sha} HTTP/1.1\r\nHost: {addr}\r\n\
         Authorization: Bearer {token}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    let (first, rest) = body.split_at(1024 * 1024);
    upload.write_all(first).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    for chunk in rest.chunks(512 * 1024) {
        std::thread::sleep(std::time::Duration::from_millis(100));
        upload.write_all(chunk).unwrap();
    }
    let mut answer = String::new();
    upload.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let status = child.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    let stored = dir
        .path()
        .join("artifacts/blobs")
        .join(&sha[..2])
        .join(&sha);
    assert_eq!(std::fs::read(stored).unwrap(), body);
}

/// A node whose log has entries refuses to start when its ledger key is
/// gone, instead of signing on with a new key; with the key back it starts
/// and keeps the origin it had.
#[tokio::test]
async fn a_node_with_entries_refuses_to_start_without_its_ledger_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = waico::config::Config {
        data_dir: dir.path().to_owned(),
        ..Default::default()
    };
    let state = waico::node::open(&config).await.unwrap();
    let origin = state.ledger.origin().to_owned();
    let actor = waico_members::Actor::User {
        id: 1,
        grants: vec![RoleGrant::SecretariatAdmin],
        can_write: true,
    };
    let input = waico_app::members::MembershipInput {
        status: "member".into(),
        since: "2025-07-26".into(),
    };
    waico_app::members::set_membership(&state, &actor, "KEN", &input)
        .await
        .unwrap();
    state.store.close().await;
    drop(state);

    let key = dir.path().join(waico::ledger::KEY_FILE);
    let saved = std::fs::read(&key).unwrap();
    std::fs::remove_file(&key).unwrap();
    let Err(refused) = waico::node::open(&config).await else {
        panic!("the node started without its key");
    };
    let refused = refused.to_string();
    assert!(
        refused.contains("signing key") && refused.contains("missing"),
        "{refused}"
    );
    assert!(!key.exists(), "no new key was made");

    std::fs::write(&key, saved).unwrap();
    let moved = waico::config::Config {
        listen: "127.0.0.1:9999".into(),
        ..config
    };
    let state = waico::node::open(&moved).await.unwrap();
    assert_eq!(state.ledger.origin(), origin, "the origin stays the key's");
}
