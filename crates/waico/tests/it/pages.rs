//! Every page route, filled with the demo organization, in the six
//! languages at 390 px and 1280 px in headless Chromium: the document never
//! scrolls sideways, and axe-core finds no serious or critical violation.
//! The browser is driven by `tests/browser/check-pages.mjs` (Node, DevTools
//! protocol on a pipe); axe-core comes from npm into `target/axe` (`.ci/run`
//! installs it, and this test does when it is missing).

use std::path::{Path, PathBuf};
use std::process::Command;

use waico_members::RoleGrant;

use crate::app::TestApp;

const LANGS: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];
const PASSWORD: &str = "pages in every script";

/// The headless Chromium and Node; `None` (test passes with a note) when
/// missing, unless `WAICO_REQUIRE_BROWSER` is set.
fn tools() -> Option<(&'static str, &'static str)> {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let node = ["/usr/bin/node", "/usr/local/bin/node"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    match (chromium, node) {
        (Some(c), Some(n)) => Some((c, n)),
        _ => {
            assert!(
                std::env::var_os("WAICO_REQUIRE_BROWSER").is_none(),
                "WAICO_REQUIRE_BROWSER is set but chromium or node is missing"
            );
            eprintln!("no chromium or node: the page layout and axe check was not run");
            None
        }
    }
}

/// `target/axe/node_modules/axe-core/axe.min.js`, installed from npm when
/// missing.
fn axe_script() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let prefix = workspace.join("target/axe");
    let script = prefix.join("node_modules/axe-core/axe.min.js");
    if !script.exists() {
        let status = Command::new("npm")
            .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg("axe-core@4")
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm install axe-core failed");
    }
    script
}

/// The first link in `html` starting with `prefix` (and not ending in one
/// of `except`), without fragment.
fn first_link(html: &str, prefix: &str, except: &[&str]) -> String {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&#x2F;", "/"))
        .map(|href| href.split('#').next().unwrap().to_owned())
        .find(|href| href.starts_with(prefix) && !except.iter().any(|e| href.ends_with(e)))
        .unwrap_or_else(|| panic!("no link to {prefix}… in the page"))
}

#[tokio::test]
async fn every_page_fits_a_phone_and_passes_axe_in_six_languages() {
    let Some((chromium, node)) = tools() else {
        return;
    };
    let app = TestApp::spawn().await;
    assert!(waico::demo::seed(&app.state).await.unwrap());
    app.state.ledger.checkpoint_now().await.unwrap();
    let pages_admin = app
        .user("pages-admin", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    // An e-mailed link's page, as a new user would open it.
    let link_secret = "a-link-for-the-page-check";
    app.state
        .store
        .create_account_link(
            &waico_app::accounts::secrets::sha256_hex(link_secret),
            pages_admin.id,
            waico_store::LinkPurpose::Invite,
            waico_store::now_ms() + 3_600_000,
        )
        .await
        .unwrap();

    let http = reqwest::Client::new();
    let html = |path: &str| {
        let request = http.get(app.url(path));
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let system = first_link(&html("/systems").await, "/systems/", &["/new"]);
    let framework = first_link(&html("/frameworks").await, "/frameworks/", &["/upload"]);
    let control = first_link(&html("/controls").await, "/controls/", &[]);
    let institution = first_link(&html("/institutions").await, "/institutions/", &["/new"]);
    let commons = html("/commons/search?sort=downloads").await;
    let repo = first_link(&commons, "/commons/models/", &[]);
    let owner = first_link(&html(&repo).await, "/commons/owners/", &[]);
    let entry = first_link(&html("/ledger").await, "/ledger/entries/", &[]);
    let decided = first_link(
        &html("/deliberation?stage=adopted").await,
        "/deliberation/proposals/",
        &[],
    );
    let voting = first_link(
        &html("/deliberation?stage=decision").await,
        "/deliberation/proposals/",
        &[],
    );
    let report = first_link(&html("/safety").await, "/safety/reports/", &[]);

    let public: Vec<String> = [
        "/",
        "/members",
        "/members/CHN",
        "/members/VAT",
        "/institutions",
        &institution,
        "/frameworks",
        &framework,
        // China's GenAI Measures: long Chinese official text under each requirement.
        "/frameworks/urn:waico:framework:cn-genai",
        "/controls",
        &control,
        "/packs",
        "/systems",
        &system,
        "/ledger",
        &entry,
        "/deliberation",
        "/deliberation?stage=decided",
        &decided,
        &voting,
        "/commons",
        "/capacity",
        "/capacity/offers",
        "/capacity/requests",
        "/capacity/requests/req-001",
        "/capacity/calls/call-2027-h1",
        "/capacity/rounds/round-2027-h1",
        "/capacity/matches/fellows-2027",
        "/commons/search",
        "/commons/search?q=translation",
        &owner,
        &repo,
        &format!("{repo}/history"),
        "/safety",
        &report,
        "/safety/statistics",
        "/api/docs",
        "/signin",
        "/signin/forgot",
        &format!("/signin/link/{link_secret}"),
        "/no-such-page",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    let signed_in: Vec<String> = [
        "/account",
        "/account/sessions",
        // An enrolment under way: the QR code, the key and the code field.
        "/account/second-factor",
        "/accounts/audit",
        "/admin",
        "/admin?q=a&page=1",
        &format!(
            "/admin/users/{}/confirm?do=grant&role=delegate&scope=KEN",
            pages_admin.id
        ),
        &format!("/admin/users/{}/confirm?do=deactivate", pages_admin.id),
        "/institutions/new",
        &format!("{institution}/edit"),
        "/systems/new",
        "/frameworks/upload",
        "/deliberation/pending",
        "/safety/new",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    waico_app::accounts::second_factor::begin(&app.state, pages_admin.id, "pages-admin")
        .await
        .unwrap();

    // The session cookie of a sign-in through the form, for the browser.
    let session = {
        let fresh = crate::app::browser();
        let signin = fresh
            .get(app.url("/signin"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let answer = fresh
            .post(app.url("/signin"))
            .form(&[
                ("csrf", crate::app::csrf_of(&signin).as_str()),
                ("username", "pages-admin"),
                ("password", PASSWORD),
                ("next", "/account"),
            ])
            .send()
            .await
            .unwrap();
        answer
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|h| h.to_str().ok())
            .find_map(|c| c.strip_prefix("waico_session="))
            .map(|c| c.split(';').next().unwrap().to_owned())
            .expect("a session cookie")
    };

    let with_lang = |path: &String, lang: &str| {
        let sep = if path.contains('?') { '&' } else { '?' };
        app.url(&format!("{path}{sep}lang={lang}"))
    };
    let urls = |paths: &[String]| -> Vec<String> {
        paths
            .iter()
            .flat_map(|p| LANGS.iter().map(move |l| (p, *l)))
            .map(|(p, l)| with_lang(p, l))
            .collect()
    };
    let axe = axe_script();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/check-pages.mjs");
    let run = |urls: Vec<String>, cookie: Option<serde_json::Value>| {
        let jobs = serde_json::json!({
            "urls": urls,
            "widths": [390, 1280],
            "axe_width": 1280,
            "cookie": cookie,
            "tabs": 4,
        });
        let (axe, script) = (axe.clone(), script.clone());
        tokio::task::spawn_blocking(move || {
            let file = tempfile::NamedTempFile::new().unwrap();
            std::fs::write(file.path(), jobs.to_string()).unwrap();
            let out = Command::new(node)
                .arg(&script)
                .arg(chromium)
                .arg(&axe)
                .arg(file.path())
                .output()
                .expect("node runs");
            assert!(
                out.status.success(),
                "the page checker failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
        })
    };
    let anonymous = run(urls(&public), None).await.unwrap();
    let cookie = serde_json::json!({
        "name": "waico_session",
        "value": session,
        "url": app.url("/"),
    });
    let admin = run(urls(&signed_in), Some(cookie)).await.unwrap();

    assert_eq!(
        anonymous["checked"].as_u64().unwrap() + admin["checked"].as_u64().unwrap(),
        ((public.len() + signed_in.len()) * LANGS.len()) as u64
    );
    let failures: Vec<&serde_json::Value> = anonymous["failures"]
        .as_array()
        .unwrap()
        .iter()
        .chain(admin["failures"].as_array().unwrap())
        // The unknown path answers 404 on purpose; its page is still checked.
        .filter(|f| {
            !(f["kind"] == "status" && f["url"].as_str().unwrap().contains("/no-such-page"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
