//! The second factor (TOTP, RFC 6238) through the real server: enrolment
//! on the account page, recovery codes shown once, sign-in that asks for
//! the code after the password (a code works once; a recovery code works
//! once), turning it off with password and code, the body's requirement
//! that sends a delegate to enrol before anything else, and an admin's
//! reset on the record — on SQLite and on PostgreSQL.

use waico_members::RoleGrant;
use waico_members::totp;

use crate::app::{Backend, TestApp, backends, browser, csrf_of};

const PASSWORD: &str = "a second factor on the record";

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)? + start.len();
    Some(&html[from..from + html[from..].find(end)?])
}

async fn page(client: &reqwest::Client, url: String) -> (u16, String) {
    let r = client.get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn post(
    client: &reqwest::Client,
    url: String,
    csrf: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    client.post(url).form(&form).send().await.unwrap()
}

/// Password only: the form, answering the response (303 to the code step
/// for a user with a second factor).
async fn password_step(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
) -> reqwest::Response {
    let (_, html) = page(client, app.url("/signin")).await;
    post(
        client,
        app.url("/signin"),
        &csrf_of(&html),
        &[
            ("username", username),
            ("password", PASSWORD),
            ("next", "/account"),
        ],
    )
    .await
}

/// Sets up a second factor for a signed-in `client`; answers the secret
/// and the recovery codes.
async fn enrol(app: &TestApp, client: &reqwest::Client) -> (Vec<u8>, Vec<String>) {
    let (status, html) = page(client, app.url("/account/second-factor")).await;
    assert_eq!(status, 200);
    let r = post(
        client,
        app.url("/account/second-factor/begin"),
        &csrf_of(&html),
        &[],
    )
    .await;
    assert_eq!(r.status(), 303);
    let (_, html) = page(client, app.url("/account/second-factor")).await;
    let secret_b32 = between(&html, "id=\"totp-secret\">", "<").expect("the key is shown");
    assert!(
        html.contains("src=\"data:image/svg+xml;base64,"),
        "a QR code"
    );
    let secret = totp::decode_secret(secret_b32).unwrap();
    let wrong = post(
        client,
        app.url("/account/second-factor/confirm"),
        &csrf_of(&html),
        &[("code", "000000")],
    )
    .await;
    // (One in a million: 000000 is the right code.)
    assert_eq!(wrong.status(), 422);
    let code = format!("{:06}", totp::code_at(&secret, now_secs(), totp::DIGITS));
    let r = post(
        client,
        app.url("/account/second-factor/confirm"),
        &csrf_of(&html),
        &[("code", &code)],
    )
    .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let codes: Vec<String> = html
        .split("<li><code>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), totp::RECOVERY_CODES, "ten recovery codes");
    // Shown once: not on the page again.
    let (_, again) = page(client, app.url("/account/second-factor")).await;
    assert!(!again.contains(&codes[0]));
    (secret, codes)
}

async fn code_step(app: &TestApp, client: &reqwest::Client, code: &str) -> reqwest::Response {
    let (status, html) = page(client, app.url("/signin/second-factor")).await;
    assert_eq!(status, 200, "the code step is open");
    post(
        client,
        app.url("/signin/second-factor"),
        &csrf_of(&html),
        &[("code", code)],
    )
    .await
}

async fn signed_in(app: &TestApp, client: &reqwest::Client) -> bool {
    page(client, app.url("/account")).await.0 == 200
}

#[tokio::test]
async fn totp_enrol_sign_in_recover_and_turn_off() {
    for backend in backends() {
        run(&backend).await;
    }
}

async fn run(backend: &Backend) {
    // Every try here comes from 127.0.0.1: limits wide enough for the
    // wrong codes below (that wrong codes count is tested with the limits).
    let app = TestApp::spawn_with(backend, |mut state| {
        let settings = std::sync::Arc::make_mut(&mut state.settings);
        settings.signin_per_address = 100;
        settings.lockout_failures = 100;
        state
    })
    .await;
    app.user("amina", PASSWORD, &[]).await;
    let client = crate::app::sign_in(&app, "amina", PASSWORD).await;
    let (secret, codes) = enrol(&app, &client).await;

    // The password alone no longer opens a session.
    let b = browser();
    let r = password_step(&app, &b, "amina").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/signin/second-factor");
    assert!(!signed_in(&app, &b).await, "no session before the code");
    assert_eq!(code_step(&app, &b, "12345").await.status(), 401);
    // The step used to confirm is spent; the next one (within the drift
    // window) opens the session, once.
    let next = format!(
        "{:06}",
        totp::code_at(&secret, now_secs() + 30, totp::DIGITS)
    );
    let r = code_step(&app, &b, &next).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/account");
    assert!(signed_in(&app, &b).await);
    let c = browser();
    password_step(&app, &c, "amina").await;
    assert_eq!(
        code_step(&app, &c, &next).await.status(),
        401,
        "a code works once"
    );
    // A recovery code, typed loosely, works once.
    let loose = codes[3].to_uppercase().replace('-', " ");
    assert_eq!(code_step(&app, &c, &loose).await.status(), 303);
    let d = browser();
    password_step(&app, &d, "amina").await;
    assert_eq!(code_step(&app, &d, &codes[3]).await.status(), 401);
    // Five wrong codes end the challenge: back to the password.
    let e = browser();
    password_step(&app, &e, "amina").await;
    for _ in 0..4 {
        assert_eq!(code_step(&app, &e, "999999").await.status(), 401);
    }
    let (_, html) = page(&e, app.url("/signin/second-factor")).await;
    let r = post(
        &e,
        app.url("/signin/second-factor"),
        &csrf_of(&html),
        &[("code", "999999")],
    )
    .await;
    assert_eq!(r.headers()["location"], "/signin");
    let (status, _) = page(&e, app.url("/signin/second-factor")).await;
    assert_eq!(status, 303, "the challenge is over");

    // Turning it off needs the password and a code.
    let (_, html) = page(&b, app.url("/account/second-factor")).await;
    assert!(html.contains(&app_text_codes_left(9)), "nine codes left");
    let r = post(
        &b,
        app.url("/account/second-factor/off"),
        &csrf_of(&html),
        &[("password", "wrong password!!"), ("code", &codes[5])],
    )
    .await;
    assert_eq!(r.status(), 422);
    let r = post(
        &b,
        app.url("/account/second-factor/off"),
        &csrf_of(&html),
        &[("password", PASSWORD), ("code", &codes[5])],
    )
    .await;
    assert_eq!(r.status(), 303);
    let f = browser();
    let r = password_step(&app, &f, "amina").await;
    assert_eq!(
        r.headers()["location"],
        "/account",
        "the password alone again"
    );
}

fn app_text_codes_left(n: i64) -> String {
    waico_i18n::Tr::new(waico_i18n::Lang::En).n("second-factor-codes-left", n as f64)
}

#[tokio::test]
async fn a_required_second_factor_comes_before_anything_else_and_an_admin_reset_is_recorded() {
    let app = TestApp::spawn_with(&Backend::Sqlite, |mut state| {
        std::sync::Arc::make_mut(&mut state.settings).require_second_factor =
            vec![waico_members::Role::Delegate];
        state
    })
    .await;
    let kenya = RoleGrant::Delegate {
        country: waico_members::CountryCode::parse("KEN").unwrap(),
    };
    let delegate = app.user("wanjiru", PASSWORD, &[kenya]).await;
    let sec = app
        .user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    let client = crate::app::sign_in(&app, "wanjiru", PASSWORD).await;
    for path in ["/", "/account", "/members", "/admin"] {
        let r = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{path}");
        assert_eq!(r.headers()["location"], "/account/second-factor", "{path}");
    }
    // The secretariat is not required here: it goes where it likes.
    let admin = crate::app::sign_in(&app, "sec", PASSWORD).await;
    assert_eq!(page(&admin, app.url("/members")).await.0, 200);

    enrol(&app, &client).await;
    assert_eq!(
        page(&client, app.url("/members")).await.0,
        200,
        "enrolled: free"
    );
    // Required: it cannot be turned off by its holder.
    let (_, html) = page(&client, app.url("/account/second-factor")).await;
    assert!(!html.contains("/account/second-factor/off"));

    // An admin's reset: the delegate enrols again; it is on the record.
    let actor = waico_app::accounts::actor_of(&sec);
    assert!(
        waico_app::accounts::second_factor::reset(&app.state, Some(&actor), delegate.id)
            .await
            .unwrap()
    );
    assert!(
        !waico_app::accounts::second_factor::reset(&app.state, Some(&actor), delegate.id)
            .await
            .unwrap(),
        "nothing to reset: nothing written"
    );
    let events = app
        .state
        .store
        .account_events(Some(delegate.id), None, 10)
        .await
        .unwrap();
    let reset: Vec<_> = events
        .iter()
        .filter(|e| e.action == "second_factor_reset")
        .collect();
    assert_eq!(reset.len(), 1);
    assert_eq!(reset[0].actor_id, Some(sec.id));
    let entry = app
        .state
        .store
        .ledger_entry(u64::try_from(reset[0].ledger_index).unwrap())
        .await
        .unwrap()
        .expect("the ledger entry exists");
    let record: serde_json::Value = serde_json::from_slice(&entry.body).unwrap();
    assert_eq!(record["kind"]["generic"]["name"], "second_factor_reset");
    assert_eq!(record["subject"]["id"], delegate.id.to_string());
    let r = client.get(app.url("/members")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/account/second-factor");
    // A researcher cannot reset anyone's.
    let someone = app.user("someone", PASSWORD, &[]).await;
    let nobody = waico_app::accounts::actor_of(&someone);
    assert!(
        waico_app::accounts::second_factor::reset(&app.state, Some(&nobody), delegate.id)
            .await
            .is_err()
    );
}

/// The four forms of the second factor, without a token and with another
/// browser's: refused (403), nothing changes; with the right token they act.
#[tokio::test]
async fn its_forms_refuse_a_missing_or_foreign_csrf_token() {
    let app = TestApp::spawn().await;
    let amina = app.user("amina", PASSWORD, &[]).await;
    let client = crate::app::sign_in(&app, "amina", PASSWORD).await;
    let elsewhere = browser();
    let (_, html) = page(&elsewhere, app.url("/signin")).await;
    let foreign = csrf_of(&html);
    let tries = |path: &'static str| {
        let client = client.clone();
        let foreign = foreign.clone();
        let app_url = app.url(path);
        async move {
            for token in [None, Some(foreign.as_str())] {
                let mut form = vec![("code", "123456"), ("password", PASSWORD)];
                if let Some(t) = token {
                    form.push(("csrf", t));
                }
                let r = client.post(&app_url).form(&form).send().await.unwrap();
                assert_eq!(r.status(), 403, "{path} with {token:?}");
            }
        }
    };
    tries("/account/second-factor/begin").await;
    assert!(
        app.state
            .store
            .second_factor(amina.id)
            .await
            .unwrap()
            .is_none()
    );
    let (secret, _) = enrol(&app, &client).await;
    tries("/account/second-factor/off").await;
    tries("/account/second-factor/confirm").await;
    assert!(
        app.state
            .store
            .second_factor(amina.id)
            .await
            .unwrap()
            .is_some(),
        "still on"
    );
    // The code step: a foreign token spends no code and opens no session.
    let b = browser();
    password_step(&app, &b, "amina").await;
    let next = format!(
        "{:06}",
        totp::code_at(&secret, now_secs() + 30, totp::DIGITS)
    );
    for token in [None, Some(foreign.as_str())] {
        let mut form = vec![("code", next.as_str())];
        if let Some(t) = token {
            form.push(("csrf", t));
        }
        let r = b
            .post(app.url("/signin/second-factor"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    }
    assert!(!signed_in(&app, &b).await);
    assert_eq!(
        code_step(&app, &b, &next).await.status(),
        303,
        "the code was not spent"
    );
}

/// Wrong codes count against the sign-in limits like wrong passwords: a
/// guesser who has the password is slowed (429 with Retry-After).
#[tokio::test]
async fn wrong_codes_count_against_the_sign_in_limits() {
    let app = TestApp::spawn().await;
    app.user("amina", PASSWORD, &[]).await;
    let client = crate::app::sign_in(&app, "amina", PASSWORD).await;
    enrol(&app, &client).await;
    let mut throttled = None;
    'outer: for _ in 0..4 {
        let b = browser();
        let r = password_step(&app, &b, "amina").await;
        if r.status() == 429 {
            throttled = Some(r);
            break;
        }
        assert_eq!(r.headers()["location"], "/signin/second-factor");
        for _ in 0..5 {
            let (status, html) = page(&b, app.url("/signin/second-factor")).await;
            if status != 200 {
                break; // the challenge ended: sign in again
            }
            let r = post(
                &b,
                app.url("/signin/second-factor"),
                &csrf_of(&html),
                &[("code", "999999")],
            )
            .await;
            match r.status().as_u16() {
                429 => {
                    throttled = Some(r);
                    break 'outer;
                }
                401 | 303 => {}
                other => panic!("a wrong code answered {other}"),
            }
        }
    }
    let r = throttled.expect("wrong codes are throttled");
    assert!(r.headers().contains_key("retry-after"));
}

/// The admin page's button for a lost phone: a confirmation step names
/// the person, the confirming form (with the CSRF token the router's guard
/// asks for) removes the second factor, and the reset is on the record
/// with its ledger entry; without a token or with a foreign one nothing
/// changes; one who is not the secretariat gets no such page.
#[tokio::test]
async fn an_admin_resets_a_second_factor_from_the_admin_page() {
    let app = TestApp::spawn().await;
    let amina = app.user("amina", PASSWORD, &[]).await;
    let sec = app
        .user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    let holder = crate::app::sign_in(&app, "amina", PASSWORD).await;
    enrol(&app, &holder).await;
    let admin = crate::app::sign_in(&app, "sec", PASSWORD).await;
    let (status, html) = page(&admin, app.url("/admin?q=amina")).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("action=\"/admin/users/{}/confirm\"", amina.id)));
    assert!(html.contains("value=\"reset-second-factor\""));
    assert!(html.contains("Reset second factor"));
    // The confirmation step: what will happen, to whom; nothing yet.
    let (status, html) = page(
        &admin,
        app.url(&format!(
            "/admin/users/{}/confirm?do=reset-second-factor",
            amina.id
        )),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("Its secret and recovery codes are removed"));
    assert!(html.contains("amina"));
    let action = format!("/admin/users/{}/second-factor/reset", amina.id);
    assert!(html.contains(&format!("action=\"{action}\"")));
    assert!(html.contains("name=\"confirm\" value=\"yes\""));
    let csrf = csrf_of(&html);
    let on = || async {
        app.state
            .store
            .second_factor(amina.id)
            .await
            .unwrap()
            .is_some()
    };
    assert!(on().await);
    // The guard: no token, another browser's token: refused, still on.
    let (_, other) = page(&browser(), app.url("/signin")).await;
    let foreign = csrf_of(&other);
    for token in [None, Some(foreign.as_str())] {
        let mut form = vec![("confirm", "yes")];
        if let Some(t) = token {
            form.push(("csrf", t));
        }
        let r = admin
            .post(app.url(&action))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{token:?}");
        assert!(on().await);
    }
    // Without `confirm=yes` the form only shows the confirmation.
    let r = post(&admin, app.url(&action), &csrf, &[]).await;
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("name=\"confirm\" value=\"yes\"")
    );
    assert!(on().await);
    // Confirmed: removed, recorded.
    let r = post(&admin, app.url(&action), &csrf, &[("confirm", "yes")]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/admin?ok=second-factor-reset");
    assert!(!on().await);
    let (_, html) = page(&admin, app.url("/admin?ok=second-factor-reset")).await;
    assert!(html.contains("The second factor was reset"));
    let events = app
        .state
        .store
        .account_events(Some(amina.id), None, 10)
        .await
        .unwrap();
    let reset: Vec<_> = events
        .iter()
        .filter(|e| e.action == "second_factor_reset")
        .collect();
    assert_eq!(reset.len(), 1);
    assert_eq!(reset[0].actor_id, Some(sec.id));
    let entry = app
        .state
        .store
        .ledger_entry(u64::try_from(reset[0].ledger_index).unwrap())
        .await
        .unwrap()
        .expect("the ledger entry exists");
    let record: serde_json::Value = serde_json::from_slice(&entry.body).unwrap();
    assert_eq!(record["kind"]["generic"]["name"], "second_factor_reset");
    assert_eq!(record["actor"], "secretariat_admin");
    // Again: nothing to reset, nothing written, and the page says so.
    let r = post(&admin, app.url(&action), &csrf, &[("confirm", "yes")]).await;
    assert_eq!(r.headers()["location"], "/admin?ok=second-factor-none");
    assert_eq!(
        app.state
            .store
            .account_events(Some(amina.id), None, 10)
            .await
            .unwrap()
            .len(),
        events.len()
    );
    // Its holder can set it up again; one who is not the secretariat
    // cannot reset it (neither the confirmation nor the form).
    enrol(&app, &holder).await;
    let (status, _) = page(
        &holder,
        app.url(&format!(
            "/admin/users/{}/confirm?do=reset-second-factor",
            amina.id
        )),
    )
    .await;
    assert_eq!(status, 403);
    let (_, html) = page(&holder, app.url("/account/second-factor")).await;
    let r = post(
        &holder,
        app.url(&action),
        &csrf_of(&html),
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(r.status(), 403);
    assert!(on().await);
}

/// The second factor through the API, for the token's own user: status,
/// enrolment (secret and `otpauth://` URI, pending), confirmation by a
/// code (the recovery codes once), turning it off with password and code;
/// problems name the field; a read-only token may look but not change;
/// the enrolment then works at sign-in — on SQLite and PostgreSQL.
#[tokio::test]
async fn totp_over_the_api() {
    for backend in backends() {
        api_run(&backend).await;
    }
}

async fn api_run(backend: &Backend) {
    let app = TestApp::spawn_on(backend).await;
    let amina = app.user("amina", PASSWORD, &[]).await;
    let far = waico_store::now_ms() + 3_600_000;
    let write = app
        .token(amina.id, waico_store::TokenScope::Write, far)
        .await;
    let read = app
        .token(amina.id, waico_store::TokenScope::Read, far)
        .await;
    let api = reqwest::Client::new();
    let url = app.url("/api/v1/me/second-factor");
    let confirm_url = app.url("/api/v1/me/second-factor/confirm");
    let status_of = |token: String| {
        let api = api.clone();
        let url = url.clone();
        async move {
            let r = api.get(&url).bearer_auth(token).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.json::<serde_json::Value>().await.unwrap()
        }
    };
    let problem = |r: &reqwest::Response| {
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    };
    // No token: 401, before any body is read.
    let r = api.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = api
        .post(&confirm_url)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(problem(&r));
    let s = status_of(read.clone()).await;
    assert_eq!(s["state"], "off");
    assert_eq!(s["recovery_codes_left"], 0);
    // Nothing to confirm, nothing to turn off.
    let r = api
        .post(&confirm_url)
        .bearer_auth(&write)
        .json(&serde_json::json!({ "code": "123456" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = api
        .delete(&url)
        .bearer_auth(&write)
        .json(&serde_json::json!({ "password": PASSWORD, "code": "123456" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // A read-only token cannot start an enrolment.
    let r = api.post(&url).bearer_auth(&read).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(problem(&r));
    // Enrol: a secret and its URI, pending; asked again, a new secret.
    let r = api.post(&url).bearer_auth(&write).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let first: serde_json::Value = r.json().await.unwrap();
    let r = api.post(&url).bearer_auth(&write).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_ne!(first["secret"], e["secret"]);
    let secret_b32 = e["secret"].as_str().unwrap();
    let uri = e["uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(uri.contains(&format!("secret={secret_b32}")), "{uri}");
    assert!(uri.contains("amina"), "{uri}");
    assert_eq!(status_of(read.clone()).await["state"], "pending");
    let secret = totp::decode_secret(secret_b32).unwrap();
    // A wrong code: 403 naming `code`; a malformed body: 422.
    let right = format!("{:06}", totp::code_at(&secret, now_secs(), totp::DIGITS));
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    let r = api
        .post(&confirm_url)
        .bearer_auth(&write)
        .json(&serde_json::json!({ "code": wrong }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(problem(&r));
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "code");
    let r = api
        .post(&confirm_url)
        .bearer_auth(&write)
        .json(&serde_json::json!({ "kode": right }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    // A read-only token cannot confirm, even with the right code.
    let r = api
        .post(&confirm_url)
        .bearer_auth(&read)
        .json(&serde_json::json!({ "code": right }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(status_of(read.clone()).await["state"], "pending");
    let r = api
        .post(&confirm_url)
        .bearer_auth(&write)
        .json(&serde_json::json!({ "code": right }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    let codes: Vec<String> = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), totp::RECOVERY_CODES);
    let s = status_of(read.clone()).await;
    assert_eq!(s["state"], "on");
    assert_eq!(s["recovery_codes_left"], 10);
    // On: no new enrolment (409), and a password now asks for a code.
    let r = api.post(&url).bearer_auth(&write).send().await.unwrap();
    assert_eq!(r.status(), 409);
    assert!(problem(&r));
    let b = browser();
    let r = password_step(&app, &b, "amina").await;
    assert_eq!(r.headers()["location"], "/signin/second-factor");
    // Turning it off: a wrong password, a wrong code: 403 naming each;
    // a missing field: 422.
    let r = api
        .delete(&url)
        .bearer_auth(&write)
        .json(&serde_json::json!({ "password": "not the password", "code": codes[0] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "password");
    let r = api
        .delete(&url)
        .bearer_auth(&write)
        .json(&serde_json::json!({ "password": PASSWORD, "code": "0000-0000-0000-0000" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "code");
    let r = api
        .delete(&url)
        .bearer_auth(&write)
        .json(&serde_json::json!({ "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = api
        .delete(&url)
        .bearer_auth(&read)
        .json(&serde_json::json!({ "password": PASSWORD, "code": codes[0] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(status_of(read.clone()).await["recovery_codes_left"], 10);
    // With a recovery code (used up by it).
    let r = api
        .delete(&url)
        .bearer_auth(&write)
        .json(&serde_json::json!({ "password": PASSWORD, "code": codes[0] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(status_of(read).await["state"], "off");
    // The operations are in the document, with their statuses.
    let doc: serde_json::Value = api
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ops = &doc["paths"]["/api/v1/me/second-factor"];
    for (method, statuses) in [
        ("get", &["200", "401"][..]),
        ("post", &["201", "401", "403", "409"][..]),
        ("delete", &["204", "401", "403", "404", "409", "422"][..]),
    ] {
        for s in statuses {
            assert!(
                ops[method]["responses"][*s].is_object(),
                "{method} {s} documented"
            );
        }
    }
    assert!(
        doc["paths"]["/api/v1/me/second-factor/confirm"]["post"]["responses"]["403"].is_object()
    );
}
