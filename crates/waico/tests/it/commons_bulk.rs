//! The commons in bulk and on the secretariat's order: importing a folder
//! or an archive of many repositories (read back through the Hugging Face
//! routes), removing a leaked file from a repository's whole history, and
//! deleting repositories, branches and tags from the pages.

use std::path::Path;

use serde_json::{Value, json};
use waico_members::RoleGrant;

use crate::app::{TestApp, backends, csrf_of, sign_in};
use crate::commons::{Api, sha};

const PASSWORD: &str = "a long password";

fn card(title: &str) -> String {
    format!(
        "---\nlicense: apache-2.0\nlanguage:\n- sw\ntags:\n- bulk\n---\n# {title}\n\nImported in bulk.\n"
    )
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// 30 models and 20 datasets of Kenya, each a card and one or two files;
/// plus what must be refused.
fn layout(root: &Path) {
    for i in 0..30 {
        write(
            root,
            &format!("models/KEN/model-{i}/README.md"),
            card(&format!("Model {i}")).as_bytes(),
        );
        write(
            root,
            &format!("models/KEN/model-{i}/config.json"),
            format!("{{\"hidden_size\": {i}}}").as_bytes(),
        );
    }
    for i in 0..20 {
        write(
            root,
            &format!("datasets/KEN/data-{i}/README.md"),
            card(&format!("Data {i}")).as_bytes(),
        );
        write(
            root,
            &format!("datasets/KEN/data-{i}/train/part.csv"),
            format!("id,text\n{i},habari\n").as_bytes(),
        );
        write(
            root,
            &format!("datasets/KEN/data-{i}/LICENSE"),
            b"Apache-2.0",
        );
    }
    // A planted git configuration: refused, the others go on.
    write(root, "models/KEN/evil/README.md", card("Evil").as_bytes());
    write(
        root,
        "models/KEN/evil/.git/config",
        b"[core]\n\tfsmonitor = touch /tmp/pwned\n",
    );
    // The name of a repository created before, in another case.
    write(
        root,
        "models/KEN/clash-me/README.md",
        card("Clash").as_bytes(),
    );
    // Two names of one repository in the same import (written in one
    // transaction): the first is kept, the second refused alone.
    write(root, "models/KEN/twin/README.md", card("Twin").as_bytes());
    write(root, "models/KEN/Twin/README.md", card("Twin").as_bytes());
    // An owner that does not exist, and a kind that does not.
    write(root, "tools/nobody-at-all/tool/README.md", b"# x\n");
    write(root, "spaces/KEN/app/README.md", b"# x\n");
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    reqwest::get(app.url(path)).await.unwrap()
}

#[tokio::test]
async fn a_folder_and_an_archive_of_repositories_are_imported_and_read_back() {
    for backend in backends() {
        let app = TestApp::spawn_on(&backend).await;
        let sec = app
            .user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
            .await;
        let secretariat = waico_app::accounts::actor_of(&sec);
        let dir = tempfile::tempdir().unwrap();
        layout(dir.path());
        let options = waico_app::commons::import::ImportOptions::default();

        // A delegate may not import in bulk.
        let kenya = Api::kenya_delegate(&app).await;
        assert_eq!(
            kenya
                .create("model", "KEN", "Clash-Me", "public")
                .await
                .status(),
            201
        );
        let delegate = waico_app::accounts::actor_of(
            &app.state.store.user_by_username("kenya").await.unwrap(),
        );
        assert!(matches!(
            waico_app::commons::import::import_dir(&app.state, &delegate, dir.path(), &options)
                .await,
            Err(waico_app::OpError::Forbidden)
        ));

        let report =
            waico_app::commons::import::import_dir(&app.state, &secretariat, dir.path(), &options)
                .await
                .unwrap();
        assert_eq!(report.imported.len(), 51, "{:?}", report.skipped);
        let reason = |repo: &str| {
            report
                .skipped
                .iter()
                .find(|s| s.repo == repo)
                .map(|s| s.reason.clone())
                .unwrap_or_else(|| panic!("{repo} not reported: {:?}", report.skipped))
        };
        assert!(reason("models/KEN/evil").contains(".git"));
        assert!(reason("models/KEN/clash-me").contains("taken"));
        assert!(reason("tools/nobody-at-all/tool").contains("no owner"));
        assert!(reason("spaces").contains("kind"));
        let twins: Vec<&str> = report
            .imported
            .iter()
            .map(|r| r.repo.as_str())
            .filter(|r| r.eq_ignore_ascii_case("models/KEN/twin"))
            .collect();
        assert_eq!(twins.len(), 1, "{twins:?}");
        let other = if twins[0] == "models/KEN/twin" {
            "models/KEN/Twin"
        } else {
            "models/KEN/twin"
        };
        assert!(reason(other).contains("taken"));
        assert_eq!(report.skipped.len(), 5, "{:?}", report.skipped);

        // Read back through the Hugging Face routes.
        let info: Value = get(&app, "/api/models/KEN/model-7")
            .await
            .json()
            .await
            .unwrap();
        let siblings: Vec<&str> = info["siblings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["rfilename"].as_str().unwrap())
            .collect();
        assert_eq!(siblings, ["README.md", "config.json"]);
        assert_eq!(info["cardData"]["license"], "apache-2.0");
        let config = get(&app, "/KEN/model-7/resolve/main/config.json").await;
        assert_eq!(config.status(), 200);
        assert_eq!(config.text().await.unwrap(), "{\"hidden_size\": 7}");
        let part = get(&app, "/datasets/KEN/data-19/resolve/main/train/part.csv").await;
        assert_eq!(part.status(), 200);
        assert_eq!(part.text().await.unwrap(), "id,text\n19,habari\n");
        // The card was read: its title, and the search index has them all.
        let repo: Value = get(&app, "/api/v1/commons/models/KEN/model-3")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(repo["repo"]["title"], "Model 3");
        assert_eq!(repo["repo"]["card"]["tags"][0], "bulk", "{repo}");
        let found: Value = get(
            &app,
            "/api/v1/commons/search?q=Imported%20in%20bulk&limit=100",
        )
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(found["total"], 51, "{found}");
        // No such repository: the Hub's answer (401 to the anonymous).
        assert_eq!(
            get(&app, "/KEN/evil/resolve/main/README.md").await.status(),
            401
        );
        assert_eq!(
            get(&app, "/api/v1/commons/models/KEN/evil").await.status(),
            404
        );

        // An archive through the API: the secretariat only.
        let tar_dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            write(
                tar_dir.path(),
                &format!("tools/KEN/tool-{i}/README.md"),
                card(&format!("Tool {i}")).as_bytes(),
            );
            write(
                tar_dir.path(),
                &format!("tools/KEN/tool-{i}/run.py"),
                format!("print({i})\n").as_bytes(),
            );
        }
        std::os::unix::fs::symlink(
            "/etc/passwd",
            tar_dir.path().join("tools/KEN/tool-4/passwd"),
        )
        .unwrap();
        let archive = dir.path().join("bulk.tar.gz");
        let made = std::process::Command::new("tar")
            .arg("-czf")
            .arg(&archive)
            .arg("-C")
            .arg(tar_dir.path())
            .arg("tools")
            .status()
            .unwrap();
        assert!(made.success());
        let body = std::fs::read(&archive).unwrap();
        let post = |token: String| {
            let body = body.clone();
            let url = app.url("/api/v1/commons/import");
            async move {
                reqwest::Client::new()
                    .post(url)
                    .bearer_auth(token)
                    .header("content-type", "application/gzip")
                    .body(body)
                    .send()
                    .await
                    .unwrap()
            }
        };
        assert_eq!(post(kenya.token.clone()).await.status(), 403);
        let sec_token = app
            .token(
                sec.id,
                waico_store::TokenScope::Write,
                waico_store::now_ms() + 3_600_000,
            )
            .await;
        let r = post(sec_token).await;
        assert_eq!(r.status(), 200);
        let report: Value = r.json().await.unwrap();
        assert_eq!(report["imported"].as_array().unwrap().len(), 4, "{report}");
        assert_eq!(report["skipped"][0]["repo"], "tools/KEN/tool-4", "{report}");
        let run = get(&app, "/tools/KEN/tool-2/resolve/main/run.py").await;
        assert_eq!(run.status(), 200);
        assert_eq!(run.text().await.unwrap(), "print(2)\n");
        assert_eq!(
            get(&app, "/api/v1/commons/tools/KEN/tool-4").await.status(),
            404,
            "a repository with a link in the archive is not imported"
        );
    }
}

#[test]
fn the_import_command_reports_what_it_skipped_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_waico"))
            .args([
                "--data-dir",
                data.to_str().unwrap(),
                "--config",
                "/nonexistent/waico.toml",
            ])
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
    let (ok, text) = run(&[
        "admin",
        "create-user",
        "--username",
        "sec",
        "--display-name",
        "Sec",
        "--email",
        "sec@example.org",
        "--password",
        PASSWORD,
        "--role",
        "secretariat_admin",
    ]);
    assert!(ok, "{text}");
    let good = dir.path().join("good");
    for i in 0..3 {
        write(
            &good,
            &format!("models/KEN/m-{i}/README.md"),
            card("M").as_bytes(),
        );
    }
    let (ok, text) = run(&["commons", "import", good.to_str().unwrap(), "--as", "sec"]);
    assert!(ok, "{text}");
    assert!(text.contains("imported 3 repositories"), "{text}");
    let bad = dir.path().join("bad");
    write(&bad, "models/KEN/m-9/README.md", card("M").as_bytes());
    write(&bad, "models/KEN/M-0/README.md", card("M").as_bytes());
    let (ok, text) = run(&["commons", "import", bad.to_str().unwrap(), "--as", "sec"]);
    assert!(!ok, "{text}");
    assert!(text.contains("skipped models/KEN/M-0"), "{text}");
    assert!(text.contains("imported 1 repositories"), "{text}");
}

#[tokio::test]
async fn a_purged_file_is_gone_from_every_revision_and_recorded() {
    for backend in backends() {
        let app = TestApp::spawn_on(&backend).await;
        let kenya = Api::kenya_delegate(&app).await;
        let sec = app
            .user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
            .await;
        let sec_api = Api::new(
            &app,
            app.token(
                sec.id,
                waico_store::TokenScope::Write,
                waico_store::now_ms() + 3_600_000,
            )
            .await,
        );
        assert_eq!(
            kenya
                .create("model", "KEN", "leaky", "public")
                .await
                .status(),
            201
        );
        let repo = "models/KEN/leaky";
        let secret = b"HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz0123456789";
        let c1 = kenya
            .push(
                repo,
                None,
                &[("README.md", b"# Leaky\n"), ("secrets/.env", secret)],
                "First",
            )
            .await;
        let c2 = kenya
            .push(repo, Some(&c1), &[("config.json", b"{}")], "Second")
            .await;
        kenya.tag(repo, "v1", "main").await;
        let branch = reqwest::Client::new()
            .post(app.url("/api/models/KEN/leaky/branch/dev"))
            .bearer_auth(&kenya.token)
            .json(&json!({ "startingPoint": c1 }))
            .send()
            .await
            .unwrap();
        assert!(
            branch.status().is_success(),
            "{}",
            branch.text().await.unwrap()
        );
        let c3 = kenya
            .push(repo, Some(&c2), &[("README.md", b"# Leaky, v2\n")], "Third")
            .await;
        for rev in [&c1, &c2, &c3] {
            assert_eq!(
                get(&app, &format!("/KEN/leaky/resolve/{rev}/secrets/.env"))
                    .await
                    .status(),
                200
            );
        }

        let purge = |api: &Api<'_>, body: Value| {
            let request = api
                .http
                .post(app.url("/api/v1/commons/models/KEN/leaky/purge"))
                .bearer_auth(&api.token)
                .json(&body);
            async move { request.send().await.unwrap() }
        };
        // The owner may not; nor without a reason; nor a path never held.
        let body = json!({ "path": "secrets/.env", "reason": "a token was committed" });
        assert_eq!(purge(&kenya, body.clone()).await.status(), 403);
        let r = purge(&sec_api, json!({ "path": "secrets/.env", "reason": " " })).await;
        assert_eq!(r.status(), 422);
        let problem: Value = r.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "reason", "{problem}");
        let r = purge(&sec_api, json!({ "path": "nothing.txt", "reason": "x" })).await;
        assert_eq!(r.status(), 422);

        let before = app
            .state
            .store
            .ledger_count(Some("commons_file_purged"))
            .await
            .unwrap();
        assert_eq!(before, 0);
        let r = purge(&sec_api, body).await;
        assert_eq!(r.status(), 200);
        let outcome: Value = r.json().await.unwrap();
        assert_eq!(outcome["old_head"], c3.as_str(), "{outcome}");
        let new_head = outcome["new_head"].as_str().unwrap().to_owned();
        assert_ne!(new_head, c3);
        assert_eq!(outcome["commits_rewritten"], 3, "{outcome}");
        assert_eq!(outcome["blobs_deleted"], 1, "{outcome}");
        let moved: Vec<&str> = outcome["refs_moved"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap())
            .collect();
        assert_eq!(moved.len(), 3, "{outcome}");
        for name in ["main", "v1", "dev"] {
            assert!(moved.contains(&name), "{outcome}");
        }

        // No revision serves it: old ids (full and short), refs, new head.
        let mut revisions: Vec<String> = vec![c1.clone(), c2.clone(), c3.clone()];
        revisions.extend([c1[..40].to_owned(), c3[..40].to_owned()]);
        revisions.extend(["main", "v1", "dev"].map(str::to_owned));
        revisions.push(new_head.clone());
        for rev in &revisions {
            let r = get(&app, &format!("/KEN/leaky/resolve/{rev}/secrets/.env")).await;
            assert_eq!(r.status(), 404, "at {rev}");
        }
        // The rest is there, at the moved refs.
        let readme = get(&app, "/KEN/leaky/resolve/main/README.md").await;
        assert_eq!(readme.text().await.unwrap(), "# Leaky, v2\n");
        assert_eq!(
            get(&app, "/KEN/leaky/resolve/v1/config.json")
                .await
                .status(),
            200
        );
        assert_eq!(
            get(&app, "/KEN/leaky/resolve/dev/README.md")
                .await
                .text()
                .await
                .unwrap(),
            "# Leaky\n"
        );
        // The bytes are gone from the artifact store.
        assert!(
            waico_store::blobs::blob_exists(&app.state.artifacts, &sha(secret))
                .await
                .is_none()
        );
        // History is whole, on rewritten ids.
        let history: Value = get(&app, "/api/models/KEN/leaky/commits/main")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(history.as_array().unwrap().len(), 3, "{history}");

        // The ledger has one record of the purge, without the content, and
        // verifies.
        assert_eq!(
            app.state
                .store
                .ledger_count(Some("commons_file_purged"))
                .await
                .unwrap(),
            1
        );
        let page: Value = get(&app, "/api/v1/ledger/entries?kind=commons_file_purged")
            .await
            .json()
            .await
            .unwrap();
        let record = &page["entries"][0]["record"];
        assert_eq!(record["kind"], "commons_file_purged", "{page}");
        assert_eq!(record["subject"]["id"], "models/KEN/leaky");
        assert_eq!(record["payload"]["path"], "secrets/.env");
        assert_eq!(record["payload"]["reason"], "a token was committed");
        assert_eq!(record["payload"]["old_head"], c3.as_str());
        assert_eq!(record["payload"]["new_head"], new_head.as_str());
        assert_eq!(record["actor"], "secretariat_admin");
        assert!(!page.to_string().contains("hf_abcdefghij"));
        app.state.ledger.checkpoint_now().await.unwrap();
        waico::ledger::verify(&waico::ledger::VerifyOptions {
            url: app.base.clone(),
            key: app.state.ledger.verifier().to_key_string(),
            state: app._dir.path().join("verify-purge.json"),
            ..Default::default()
        })
        .await
        .unwrap();
        let html = get(&app, "/ledger?kind=commons_file_purged")
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("File removed from a repository"), "{html}");
    }
}

#[tokio::test]
async fn repositories_branches_and_tags_are_deleted_from_the_pages() {
    let app = TestApp::spawn().await;
    let kenya = Api::kenya_delegate(&app).await;
    app.user("outsider", PASSWORD, &[]).await;
    assert_eq!(
        kenya
            .create("model", "KEN", "to-go", "public")
            .await
            .status(),
        201
    );
    let repo = "models/KEN/to-go";
    let c1 = kenya
        .push(repo, None, &[("README.md", b"# To go\n")], "First")
        .await;
    kenya.tag(repo, "v1", "main").await;
    let branch = reqwest::Client::new()
        .post(app.url("/api/models/KEN/to-go/branch/dev"))
        .bearer_auth(&kenya.token)
        .json(&json!({ "startingPoint": c1 }))
        .send()
        .await
        .unwrap();
    assert!(branch.status().is_success());
    let page_url = app.url("/commons/models/KEN/to-go");

    // Someone who does not manage it sees no button and is refused.
    let outsider = sign_in(&app, "outsider", PASSWORD).await;
    let html = outsider
        .get(&page_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("/refs/delete"));
    assert!(!html.contains("/commons/models/KEN/to-go/delete"));
    let csrf = csrf_of(&html);
    let r = outsider
        .post(app.url("/commons/models/KEN/to-go/refs/delete"))
        .form(&[("csrf", csrf.as_str()), ("kind", "tag"), ("name", "v1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    let owner = sign_in(&app, "kenya", PASSWORD).await;
    let html = owner
        .get(&page_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("/commons/models/KEN/to-go/delete"), "{html}");
    assert_eq!(
        html.matches("/refs/delete").count(),
        2,
        "dev and v1, not main"
    );
    let csrf = csrf_of(&html);
    // Without the form's token nothing happens.
    let r = owner
        .post(app.url("/commons/models/KEN/to-go/refs/delete"))
        .form(&[("kind", "tag"), ("name", "v1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    for (kind, name) in [("tag", "v1"), ("branch", "dev")] {
        let r = owner
            .post(app.url("/commons/models/KEN/to-go/refs/delete"))
            .form(&[("csrf", csrf.as_str()), ("kind", kind), ("name", name)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{kind} {name}");
    }
    let refs: Value = get(&app, "/api/models/KEN/to-go/refs")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refs["tags"].as_array().unwrap().len(), 0, "{refs}");
    assert_eq!(refs["branches"].as_array().unwrap().len(), 1, "{refs}");

    // The repository: a confirmation page, the name typed.
    let confirm = owner
        .get(app.url("/commons/models/KEN/to-go/delete"))
        .send()
        .await
        .unwrap();
    assert_eq!(confirm.status(), 200);
    let html = confirm.text().await.unwrap();
    assert!(html.contains("name=\"confirm\""));
    let csrf = csrf_of(&html);
    let r = owner
        .post(app.url("/commons/models/KEN/to-go/delete"))
        .form(&[("csrf", csrf.as_str()), ("confirm", "to-go")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Type the repository"));
    assert_eq!(get(&app, "/api/models/KEN/to-go").await.status(), 200);
    let r = owner
        .post(app.url("/commons/models/KEN/to-go/delete"))
        .form(&[("csrf", csrf.as_str()), ("confirm", "KEN/to-go")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(to, "/commons/owners/KEN?deleted=1");
    let owner_page = owner
        .get(app.url(&to))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(owner_page.contains("The repository was deleted."));
    assert_eq!(
        get(&app, "/api/v1/commons/models/KEN/to-go").await.status(),
        404
    );
    assert_eq!(get(&app, "/commons/models/KEN/to-go").await.status(), 404);

    // In French, the new words are there.
    let html = reqwest::Client::new()
        .get(app.url("/commons/owners/KEN?deleted=1"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Le dépôt a été supprimé."), "{html}");
}
