//! Sign-in through a real OpenID Connect provider: panva's `oidc-provider`
//! from npm (`target/oidc`, installed by `.ci/run` or here), started as its
//! own process; a browser-like client (cookies, redirects) goes from the
//! node's sign-in page through the provider's login and consent pages and
//! back. Checked: the account is matched by `preferred_username` and
//! linked, later sign-ins use the link, an unknown person is refused, an
//! answer with a forged or replayed `state` is refused, a deactivated
//! account is refused, accounts are made when configured, a user with
//! a second factor still gives a code, and signing out at the node signs
//! out at the provider too (RP-Initiated Logout).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use waico_app::single_sign_on::{SingleSignOn, SingleSignOnConfig};
use waico_members::RoleGrant;

use crate::app::{Backend, TestApp, backends, csrf_of};

const CLIENT_ID: &str = "waico-node";
const CLIENT_SECRET: &str = "a-client-secret-for-tests";

/// The provider's folder, with `oidc-provider` installed from npm when
/// missing and the test's provider script beside it (a bare import is
/// resolved from the script's own folder).
fn provider_script() -> PathBuf {
    let prefix = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/oidc");
    if !prefix
        .join("node_modules/oidc-provider/package.json")
        .exists()
    {
        let status = Command::new("npm")
            .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg("oidc-provider@9.13.3")
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm install oidc-provider failed");
    }
    let script = prefix.join("provider.mjs");
    std::fs::write(&script, include_str!("oidc_provider.mjs")).unwrap();
    script
}

/// The provider process; killed when dropped.
struct Provider {
    child: Child,
    issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_provider(redirect: &str) -> Provider {
    let script = provider_script();
    let port = free_port();
    let child = Command::new("node")
        .arg(&script)
        .args([&port.to_string(), redirect, CLIENT_ID, CLIENT_SECRET])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("node runs");
    let provider = Provider {
        child,
        issuer: format!("http://127.0.0.1:{port}"),
    };
    let discovery = format!("{}/.well-known/openid-configuration", provider.issuer);
    for _ in 0..100 {
        if reqwest::get(&discovery)
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return provider;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the OpenID Connect provider did not start");
}

/// A node on `backend` whose `[oidc]` names the provider, with the
/// provider running; `create_accounts` as configured.
async fn node_with_provider(backend: &Backend, create_accounts: bool) -> (TestApp, Provider) {
    // The node's address must be known before the provider (the client's
    // redirect URI) and the provider's before the node (the issuer).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let redirect = format!("{base}/signin/oidc/callback");
    let provider = start_provider(&redirect).await;
    let sso = SingleSignOn::new(SingleSignOnConfig {
        issuer: provider.issuer.clone(),
        client_id: CLIENT_ID.into(),
        client_secret: Some(CLIENT_SECRET.into()),
        redirect_url: redirect,
        username_claim: "preferred_username".into(),
        create_accounts,
        label: "UN Identity".into(),
    })
    .unwrap();
    let app = TestApp::spawn_listening(backend, listener, move |mut state| {
        let settings = Arc::make_mut(&mut state.settings);
        settings.single_sign_on = Some(Arc::new(sso));
        settings.public_url = base;
        state
    })
    .await;
    (app, provider)
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

/// The value of attribute `name` of the first tag in `html` holding
/// `marker`.
fn attribute(html: &str, marker: &str, name: &str) -> Option<String> {
    let at = html.find(marker)?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..at + html[at..].find('>')?];
    let value = tag.split(&format!("{name}=\"")).nth(1)?.split('"').next()?;
    Some(value.replace("&#x2F;", "/").replace("&amp;", "&"))
}

/// Starts at the node's "sign in with" link, logs in at the provider as
/// `login` and gives consent; answers the last response (back on the node,
/// or wherever the flow stopped).
async fn sign_in_through_provider(
    browser: &reqwest::Client,
    app: &TestApp,
    provider: &Provider,
    login: &str,
) -> reqwest::Response {
    let page = browser
        .get(app.url("/signin?next=/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let link = attribute(&page, "UN Identity", "href").expect("a sign-in-with link");
    assert!(link.starts_with("/signin/oidc?next="), "{link}");
    let mut response = browser.get(app.url(&link)).send().await.unwrap();
    for _ in 0..4 {
        if !response.url().as_str().starts_with(&provider.issuer) {
            return response;
        }
        let html = response.text().await.unwrap();
        let action = attribute(&html, "method=\"post\"", "action").expect("a form");
        let prompt = attribute(&html, "name=\"prompt\"", "value").expect("a prompt");
        let form: Vec<(&str, &str)> = if prompt == "login" {
            vec![
                ("prompt", "login"),
                ("login", login),
                ("password", "anything"),
            ]
        } else {
            vec![("prompt", "consent")]
        };
        let url = if action.starts_with("http") {
            action
        } else {
            format!("{}{action}", provider.issuer)
        };
        response = browser.post(url).form(&form).send().await.unwrap();
    }
    response
}

/// Whether the browser holds a session of `username` (the account page
/// answers it rather than sending to the sign-in page).
async fn signed_in_as(browser: &reqwest::Client, app: &TestApp, username: &str) -> bool {
    let r = browser.get(app.url("/account")).send().await.unwrap();
    r.url().path() == "/account" && r.text().await.unwrap().contains(username)
}

#[tokio::test]
async fn a_delegate_signs_in_through_the_organizations_provider() {
    for backend in backends() {
        let (app, provider) = node_with_provider(&backend, false).await;
        let amina = app
            .user(
                "amina",
                "a-long-password-1",
                &[RoleGrant::Delegate {
                    country: waico_members::CountryCode::parse("KEN").unwrap(),
                }],
            )
            .await;

        // First sign-in: matched by preferred_username, linked.
        let alice_browser = browser();
        let r = sign_in_through_provider(&alice_browser, &app, &provider, "amina-sub").await;
        assert_eq!(r.status(), 200, "{}", r.url());
        assert_eq!(r.url().path(), "/account");
        assert!(signed_in_as(&alice_browser, &app, "amina").await);
        let issuers = app
            .state
            .store
            .external_identities_of(amina.id)
            .await
            .unwrap();
        assert_eq!(issuers, vec![provider.issuer.clone()]);

        // The provider's answer cannot be replayed, nor used by another
        // browser: the state is taken once and bound to a cookie.
        let thief = browser();
        let r = thief
            .get(app.url("/signin/oidc/callback?code=stolen&state=guessed"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        assert!(!signed_in_as(&thief, &app, "amina").await);

        // Later sign-ins follow the link, even when the user name at the
        // node changes nothing.
        let again = browser();
        let r = sign_in_through_provider(&again, &app, &provider, "amina-sub").await;
        assert_eq!(r.url().path(), "/account");
        assert!(signed_in_as(&again, &app, "amina").await);

        // Someone the node does not know is refused, with the reason shown.
        let stranger = browser();
        let r = sign_in_through_provider(&stranger, &app, &provider, "mallory").await;
        assert_eq!(r.status(), 403);
        let html = r.text().await.unwrap();
        assert!(html.contains("No account on this node matches"), "{html}");
        assert!(!signed_in_as(&stranger, &app, "mallory").await);

        // A deactivated account cannot come back through the provider.
        waico_app::accounts::deactivate_user(&app.state, None, amina.id)
            .await
            .unwrap();
        let after = browser();
        let r = sign_in_through_provider(&after, &app, &provider, "amina-sub").await;
        assert_eq!(r.status(), 403);
        assert!(!signed_in_as(&after, &app, "amina").await);
    }
}

/// Whether starting a sign-in through the provider stops at the
/// provider's login form (its own session is over) rather than coming
/// straight back to the node.
async fn provider_asks_to_log_in(
    browser: &reqwest::Client,
    app: &TestApp,
    provider: &Provider,
) -> bool {
    let r = browser
        .get(app.url("/signin/oidc?next=/account"))
        .send()
        .await
        .unwrap();
    if !r.url().as_str().starts_with(&provider.issuer) {
        return false;
    }
    let html = r.text().await.unwrap();
    attribute(&html, "name=\"prompt\"", "value").as_deref() == Some("login")
}

/// A node with the provider, the delegate `amina` on it, and a browser
/// signed in as her through the provider (login `amina-sub`).
async fn amina_signed_in_through_provider(
    backend: &Backend,
) -> (TestApp, Provider, reqwest::Client) {
    let (app, provider) = node_with_provider(backend, false).await;
    app.user(
        "amina",
        "a-long-password-1",
        &[RoleGrant::Delegate {
            country: waico_members::CountryCode::parse("KEN").unwrap(),
        }],
    )
    .await;
    let b = browser();
    let r = sign_in_through_provider(&b, &app, &provider, "amina-sub").await;
    assert_eq!(r.url().path(), "/account");
    (app, provider, b)
}

/// Answers "yes" on the provider's sign-out confirmation page `html`.
async fn confirm_provider_logout(
    b: &reqwest::Client,
    provider: &Provider,
    html: &str,
) -> reqwest::Response {
    let action = attribute(html, "id=\"op.logoutForm\"", "action").expect("a logout form");
    let xsrf = attribute(html, "name=\"xsrf\"", "value").expect("its token");
    let url = if action.starts_with("http") {
        action
    } else {
        format!("{}{action}", provider.issuer)
    };
    b.post(url)
        .form(&[("xsrf", xsrf.as_str()), ("logout", "yes")])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn signing_out_at_the_node_signs_out_at_the_provider_too() {
    for backend in backends() {
        let (app, provider, b) = amina_signed_in_through_provider(&backend).await;
        // While the provider's session lasts, it does not ask again.
        assert!(!provider_asks_to_log_in(&b, &app, &provider).await);
        assert!(signed_in_as(&b, &app, "amina").await);

        // Signing out ends the node's session and goes on to the
        // provider's end-session endpoint with the session's ID token.
        let page = b
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let out = b
            .post(app.url("/signout"))
            .form(&[("csrf", csrf_of(&page).as_str())])
            .send()
            .await
            .unwrap();
        assert!(
            out.url().as_str().starts_with(&provider.issuer),
            "{}",
            out.url()
        );
        let html = out.text().await.unwrap();
        assert!(!signed_in_as(&b, &app, "amina").await);

        // The provider asks to confirm, ends its session and sends the
        // browser back to the node's front page.
        let back = confirm_provider_logout(&b, &provider, &html).await;
        assert_eq!(back.status(), 200);
        assert_eq!(back.url().as_str(), app.url("/"));
        assert!(provider_asks_to_log_in(&b, &app, &provider).await);

        // Pages allow forms to lead to the provider (the sign-out's
        // redirect), and nowhere else.
        let csp = back.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.contains(&format!("form-action 'self' {}", provider.issuer)),
            "{csp}"
        );

        // A session opened with a password signs out at the node only.
        let local = crate::app::sign_in(&app, "amina", "a-long-password-1").await;
        let page = local
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let out = local
            .post(app.url("/signout"))
            .form(&[("csrf", csrf_of(&page).as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 303);
        assert_eq!(out.headers()["location"], "/");
    }
}

#[tokio::test]
async fn signing_out_at_the_provider_ends_the_nodes_sessions_opened_through_it() {
    for backend in backends() {
        let (app, provider, b) = amina_signed_in_through_provider(&backend).await;
        assert!(signed_in_as(&b, &app, "amina").await);
        // The same person also signed in with her password elsewhere.
        let local = crate::app::sign_in(&app, "amina", "a-long-password-1").await;
        assert!(signed_in_as(&local, &app, "amina").await);
        // Her sessions page tells the two apart and names the provider.
        let page = local
            .get(app.url("/account/sessions"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            page.matches("through your organization’s sign-in").count(),
            1,
            "{page}"
        );
        assert!(page.contains(&provider.issuer), "{page}");
        assert!(!page.contains("not linked to an identity provider"));

        // She signs out at the provider itself, not at the node.
        let confirm = b
            .get(format!("{}/session/end", provider.issuer))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let done = confirm_provider_logout(&b, &provider, &confirm).await;
        assert_eq!(done.status(), 200);

        // The provider told the node, which ended the session opened
        // through the provider, and that one only.
        assert!(!signed_in_as(&b, &app, "amina").await);
        assert!(signed_in_as(&local, &app, "amina").await);

        // A logout token that is not the provider's is refused, and ends
        // nothing.
        let forged = reqwest::Client::new()
            .post(app.url("/signin/oidc/backchannel-logout"))
            .form(&[(
                "logout_token",
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbWluYS1zdWIifQ.",
            )])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 400);
        assert_eq!(forged.headers()["cache-control"], "no-store");
        let body: serde_json::Value = forged.json().await.unwrap();
        assert_eq!(body["error"], "invalid_request");
        assert!(signed_in_as(&local, &app, "amina").await);
    }
}

#[tokio::test]
async fn accounts_are_made_when_configured_and_a_second_factor_still_asks_its_code() {
    let (app, provider) = node_with_provider(&Backend::Sqlite, true).await;
    // Made on first sign-in, without roles.
    let b = browser();
    let r = sign_in_through_provider(&b, &app, &provider, "nadia").await;
    let at = r.url().path().to_owned();
    assert_eq!(at, "/account", "{}", r.text().await.unwrap());
    let user = app.state.store.user_by_username("nadia").await.unwrap();
    assert!(user.grants.is_empty());
    assert_eq!(user.email, "nadia@idp.example");
    assert_eq!(user.display_name, "Delegate nadia");

    // A user with a second factor gives a code after the provider.
    let sec = app
        .user("omar", "a-long-password-2", &[RoleGrant::SecretariatAdmin])
        .await;
    let enrolment = waico_app::accounts::second_factor::begin(&app.state, sec.id, "omar")
        .await
        .unwrap();
    let secret = waico_members::totp::decode_secret(&enrolment.secret_base32).unwrap();
    let now = u64::try_from(waico_store::now_ms() / 1000).unwrap();
    let code = format!("{:06}", waico_members::totp::code_at(&secret, now, 6));
    waico_app::accounts::second_factor::confirm(&app.state, sec.id, &code)
        .await
        .unwrap();
    let b = browser();
    let r = sign_in_through_provider(&b, &app, &provider, "omar").await;
    assert_eq!(r.url().path(), "/signin/second-factor");
    assert!(!signed_in_as(&b, &app, "omar").await);
}
