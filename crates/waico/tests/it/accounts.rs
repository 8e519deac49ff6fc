//! Accounts on a running node: deactivation (no sign-in, no token, no
//! session) and reactivation; grants of power that need an explicit choice
//! and a confirmation and land in the ledger with their account event; the
//! audit page and API, read by the secretariat and by the affected user
//! only; one's sessions and tokens with last use; the admin page searched
//! and paged however many users and institutions there are.

use serde_json::{Value, json};
use waico_members::{CountryCode, RoleGrant};

use crate::app::{TestApp, backends, browser, csrf_of, sign_in};

const PASSWORD: &str = "accounts on the record";

async fn text(client: &reqwest::Client, url: String) -> (u16, String) {
    let r = client.get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn signed_in(app: &TestApp, client: &reqwest::Client) -> bool {
    client
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .status()
        == 200
}

fn write_token_far() -> i64 {
    waico_store::now_ms() + 3_600_000
}

#[tokio::test]
async fn a_deactivated_user_can_neither_sign_in_nor_use_a_token_until_reactivated() {
    for backend in backends() {
        let app = TestApp::spawn_on(&backend).await;
        let sec = app
            .user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
            .await;
        let amina = app.user("amina", PASSWORD, &[]).await;
        let admin_token = app
            .token(sec.id, waico_store::TokenScope::Write, write_token_far())
            .await;
        let read_only = app
            .token(sec.id, waico_store::TokenScope::Read, write_token_far())
            .await;
        let amina_token = app
            .token(amina.id, waico_store::TokenScope::Read, write_token_far())
            .await;
        let session = sign_in(&app, "amina", PASSWORD).await;
        let api = reqwest::Client::new();
        let me = |token: String| {
            let request = api.get(app.url("/api/v1/me")).bearer_auth(token);
            async move { request.send().await.unwrap().status().as_u16() }
        };
        assert_eq!(me(amina_token.clone()).await, 200);

        // A read-only token cannot, nor can the admin on their own account.
        let post = |path: String, token: &str| {
            api.post(app.url(&path))
                .bearer_auth(token.to_owned())
                .send()
        };
        let r = post(format!("/api/v1/users/{}/deactivate", amina.id), &read_only)
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let r = post(format!("/api/v1/users/{}/deactivate", sec.id), &admin_token)
            .await
            .unwrap();
        assert_eq!(r.status(), 409);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("cannot deactivate your own account")
        );
        let r = post("/api/v1/users/999999/deactivate".into(), &admin_token)
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        assert!(signed_in(&app, &session).await, "nothing happened yet");

        let r = post(
            format!("/api/v1/users/{}/deactivate", amina.id),
            &admin_token,
        )
        .await
        .unwrap();
        assert_eq!(r.status(), 200);
        let view: Value = r.json().await.unwrap();
        assert!(view["deactivated_at"].as_i64().is_some(), "{view}");
        assert_eq!(me(amina_token.clone()).await, 401, "the token stopped");
        assert!(!signed_in(&app, &session).await, "the session ended");

        // The right password signs nobody in, and only then is it said why.
        let fresh = browser();
        let (_, page) = text(&fresh, app.url("/signin")).await;
        let attempt = |password: &'static str| {
            fresh
                .post(app.url("/signin"))
                .form(&[
                    ("csrf", csrf_of(&page).as_str()),
                    ("username", "amina"),
                    ("password", password),
                    ("next", "/account"),
                ])
                .send()
        };
        let r = attempt("not her password at all").await.unwrap();
        assert_eq!(r.status(), 401);
        assert!(!r.text().await.unwrap().contains("deactivated"));
        let r = attempt(PASSWORD).await.unwrap();
        assert_eq!(r.status(), 403);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("This account is deactivated")
        );
        assert!(!signed_in(&app, &fresh).await);

        let r = post(
            format!("/api/v1/users/{}/reactivate", amina.id),
            &admin_token,
        )
        .await
        .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.json::<Value>().await.unwrap()["deactivated_at"].is_null());
        assert_eq!(me(amina_token).await, 401, "revoked tokens stay revoked");
        let again = sign_in(&app, "amina", PASSWORD).await;
        assert!(signed_in(&app, &again).await);

        // Both changes are on the record, each with its ledger entry.
        let events = app
            .state
            .store
            .account_events(Some(amina.id), None, 10)
            .await
            .unwrap();
        let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["user_reactivated", "user_deactivated"]);
        assert!(events.iter().all(|e| e.actor_id == Some(sec.id)));
        for e in &events {
            let entry = app
                .state
                .store
                .ledger_entry(e.ledger_index as u64)
                .await
                .unwrap()
                .expect("the ledger entry exists");
            let record: Value = serde_json::from_slice(&entry.body).unwrap();
            assert_eq!(record["kind"]["generic"]["name"], e.action, "{record}");
            assert_eq!(record["subject"]["id"], amina.id.to_string());
            assert_eq!(record["payload"]["by"], format!("user:{}", sec.id));
        }
    }
}

/// The admin page's grant needs a chosen role, then a confirmation; only
/// the confirmed POST writes, with its ledger record.
#[tokio::test]
async fn a_grant_needs_an_explicit_choice_and_a_confirmation_and_is_recorded() {
    let app = TestApp::spawn().await;
    app.user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    let amina = app.user("amina", PASSWORD, &[]).await;
    let admin = sign_in(&app, "sec", PASSWORD).await;
    let (_, page) = text(&admin, app.url("/admin")).await;
    // No preset: the role list starts on an empty, selected choice.
    assert!(
        page.contains(&format!(
            "<select id=\"r-{}\" name=\"role\" required><option value=\"\" selected>",
            amina.id
        )),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let head = || async { app.state.store.ledger_head().await.unwrap().size };
    let size = head().await;

    let post = |fields: Vec<(&'static str, &'static str)>| {
        let mut form = fields;
        form.push(("csrf", csrf.as_str()));
        admin
            .post(app.url(&format!("/admin/users/{}/roles", amina.id)))
            .form(&form)
            .send()
    };
    let r = post(vec![("role", ""), ("scope", "")]).await.unwrap();
    assert_eq!(r.status(), 422, "no role chosen");
    let r = post(vec![("role", "delegate"), ("scope", "KEN")])
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let confirm = r.text().await.unwrap();
    assert!(confirm.contains("Grant this role?"), "{confirm}");
    assert!(confirm.contains("name=\"confirm\" value=\"yes\""));
    assert!(confirm.contains("amina"));
    // The GET the admin page's form leads to shows the same step.
    let (status, via_get) = text(
        &admin,
        app.url(&format!(
            "/admin/users/{}/confirm?do=grant&role=delegate&scope=KEN",
            amina.id
        )),
    )
    .await;
    assert_eq!(status, 200);
    assert!(via_get.contains("Grant this role?"));
    assert!(
        app.state
            .store
            .user(amina.id)
            .await
            .unwrap()
            .grants
            .is_empty(),
        "nothing granted before the confirmation"
    );
    assert_eq!(head().await, size, "nothing recorded before it");

    let r = post(vec![
        ("role", "delegate"),
        ("scope", "KEN"),
        ("confirm", "yes"),
    ])
    .await
    .unwrap();
    assert_eq!(r.status(), 303);
    let kenya = RoleGrant::Delegate {
        country: CountryCode::parse("KEN").unwrap(),
    };
    assert_eq!(
        app.state.store.user(amina.id).await.unwrap().grants,
        vec![kenya.clone()]
    );
    assert_eq!(head().await, size + 1, "one ledger entry");
    // Granting it again changes and records nothing.
    let r = post(vec![
        ("role", "delegate"),
        ("scope", "KEN"),
        ("confirm", "yes"),
    ])
    .await
    .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(head().await, size + 1);

    // The revocation goes through the same step.
    let revoke = |confirm: bool| {
        let mut form = vec![
            ("role", "delegate"),
            ("scope", "KEN"),
            ("csrf", csrf.as_str()),
        ];
        if confirm {
            form.push(("confirm", "yes"));
        }
        admin
            .post(app.url(&format!("/admin/users/{}/roles/revoke", amina.id)))
            .form(&form)
            .send()
    };
    let r = revoke(false).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Revoke this role?"));
    assert_eq!(
        app.state.store.user(amina.id).await.unwrap().grants,
        vec![kenya]
    );
    assert_eq!(revoke(true).await.unwrap().status(), 303);
    assert!(
        app.state
            .store
            .user(amina.id)
            .await
            .unwrap()
            .grants
            .is_empty()
    );
    assert_eq!(head().await, size + 2);

    let events = app
        .state
        .store
        .account_events(Some(amina.id), None, 10)
        .await
        .unwrap();
    let summary: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e.action.as_str(), e.detail.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("role_revoked", "delegate:KEN"),
            ("role_granted", "delegate:KEN")
        ]
    );
    let entry = app
        .state
        .store
        .ledger_entry(events[1].ledger_index as u64)
        .await
        .unwrap()
        .unwrap();
    let record: Value = serde_json::from_slice(&entry.body).unwrap();
    assert_eq!(record["actor"], "secretariat_admin");
    assert_eq!(record["payload"]["role"], "delegate");
    assert_eq!(record["payload"]["scope"], "KEN");
}

/// Users created with a role, password resets by an admin and the shell's
/// grants are recorded too.
#[tokio::test]
async fn creation_with_a_role_and_an_admin_reset_are_recorded() {
    let app = TestApp::spawn().await;
    let sec = app
        .user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    let token = app
        .token(sec.id, waico_store::TokenScope::Write, write_token_far())
        .await;
    let api = reqwest::Client::new();
    let r = api
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .json(&json!({
            "username": "omar", "display_name": "Omar", "email": "omar@test.waico.org",
            "password": PASSWORD, "roles": [{ "role": "researcher" }]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let omar = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let r = api
        .put(app.url(&format!("/api/v1/users/{omar}/password")))
        .bearer_auth(&token)
        .json(&json!({ "password": "a fresh passphrase" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    waico_app::accounts::grant_role(
        &app.state,
        None,
        omar,
        &waico_app::accounts::GrantInput {
            role: "delegate".into(),
            scope: "BRA".into(),
        },
    )
    .await
    .unwrap();
    let events = app
        .state
        .store
        .account_events(Some(omar), None, 10)
        .await
        .unwrap();
    let summary: Vec<(&str, Option<i64>)> = events
        .iter()
        .map(|e| (e.action.as_str(), e.actor_id))
        .collect();
    assert_eq!(
        summary,
        [
            ("role_granted", None),
            ("password_reset", Some(sec.id)),
            ("role_granted", Some(sec.id)),
        ]
    );
    // The new password hash is nowhere in the ledger.
    for e in &events {
        let entry = app
            .state
            .store
            .ledger_entry(e.ledger_index as u64)
            .await
            .unwrap()
            .unwrap();
        let body = String::from_utf8(entry.body).unwrap();
        assert!(!body.contains("argon2"), "{body}");
    }
}

#[tokio::test]
async fn the_record_is_read_by_the_secretariat_and_by_the_affected_user_only() {
    let app = TestApp::spawn().await;
    let sec = app
        .user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    let amina = app.user("amina", PASSWORD, &[]).await;
    let bruno = app.user("bruno", PASSWORD, &[]).await;
    let actor = waico_app::accounts::actor_of(&sec);
    for (id, role) in [(amina.id, "researcher"), (bruno.id, "delegate")] {
        waico_app::accounts::grant_role(
            &app.state,
            Some(&actor),
            id,
            &waico_app::accounts::GrantInput {
                role: role.into(),
                scope: if role == "delegate" {
                    "BRA".into()
                } else {
                    String::new()
                },
            },
        )
        .await
        .unwrap();
    }
    waico_app::accounts::deactivate_user(&app.state, Some(&actor), bruno.id)
        .await
        .unwrap();
    waico_app::accounts::reactivate_user(&app.state, Some(&actor), bruno.id)
        .await
        .unwrap();

    // Amina sees her own record, whatever she asks for.
    let amina_web = sign_in(&app, "amina", PASSWORD).await;
    for path in [
        "/accounts/audit".to_owned(),
        format!("/accounts/audit?user={}", bruno.id),
    ] {
        let (status, page) = text(&amina_web, app.url(&path)).await;
        assert_eq!(status, 200);
        assert!(page.contains("Role granted"), "{page}");
        assert!(page.contains("researcher"));
        assert!(!page.contains("Account deactivated"), "not Bruno's record");
        assert!(!page.contains("bruno"));
        assert!(!page.contains("delegate:BRA"));
    }
    // The secretariat sees everyone's, or one account's.
    let sec_web = sign_in(&app, "sec", PASSWORD).await;
    let (_, all) = text(&sec_web, app.url("/accounts/audit")).await;
    for expected in [
        "amina",
        "bruno",
        "Account deactivated",
        "Account reactivated",
    ] {
        assert!(all.contains(expected), "{expected}: {all}");
    }
    let (_, one) = text(
        &sec_web,
        app.url(&format!("/accounts/audit?user={}", bruno.id)),
    )
    .await;
    assert!(one.contains("delegate:BRA") && !one.contains(">researcher<"));
    // Signed out: to the sign-in page.
    let (status, _) = text(&browser(), app.url("/accounts/audit")).await;
    assert_eq!(status, 303);

    // The API says the same.
    let amina_token = app
        .token(amina.id, waico_store::TokenScope::Read, write_token_far())
        .await;
    let sec_token = app
        .token(sec.id, waico_store::TokenScope::Read, write_token_far())
        .await;
    let api = reqwest::Client::new();
    let get = |query: String, token: &str| {
        api.get(app.url(&format!("/api/v1/accounts/events{query}")))
            .bearer_auth(token.to_owned())
            .send()
    };
    let r = get(format!("?user={}", amina.id), &amina_token)
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let own: Vec<Value> = r.json().await.unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["action"], "role_granted");
    assert_eq!(
        get(format!("?user={}", bruno.id), &amina_token)
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        get(String::new(), &amina_token).await.unwrap().status(),
        403
    );
    let all: Vec<Value> = get(String::new(), &sec_token)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all.len(), 4);
    // Paging: older than the newest.
    let newest = all[0]["id"].as_i64().unwrap();
    let older: Vec<Value> = get(format!("?before={newest}&limit=2"), &sec_token)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(older.len(), 2);
    assert!(older.iter().all(|e| e["id"].as_i64().unwrap() < newest));
    assert_eq!(
        get("?limit=0".into(), &sec_token).await.unwrap().status(),
        422
    );
    let r = api
        .get(app.url("/api/v1/accounts/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn ones_sessions_and_tokens_are_listed_with_last_use_and_can_be_ended() {
    let app = TestApp::spawn().await;
    let amina = app.user("amina", PASSWORD, &[]).await;
    let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    let phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    let app = &app;
    let open = |agent: &'static str| async move {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(agent)
            .build()
            .unwrap();
        let (_, page) = text(&client, app.url("/signin")).await;
        let r = client
            .post(app.url("/signin"))
            .form(&[
                ("csrf", csrf_of(&page).as_str()),
                ("username", "amina"),
                ("password", PASSWORD),
                ("next", "/account"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        client
    };
    let desk = open(firefox).await;
    let mobile = open(phone).await;
    let token = app
        .token(amina.id, waico_store::TokenScope::Read, write_token_far())
        .await;

    let (status, page) = text(&desk, app.url("/account/sessions")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Firefox · Linux"), "{page}");
    assert!(page.contains("Safari · iOS"));
    assert_eq!(page.matches("This session").count(), 1);
    assert!(page.contains("Never used"), "the token was not used yet");
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (_, page) = text(&desk, app.url("/account/sessions")).await;
    assert!(!page.contains("Never used"), "the token's use is shown");

    // Nobody ends another person's session by its handle.
    let listed = app.state.store.list_sessions(amina.id).await.unwrap();
    assert_eq!(listed.len(), 2);
    app.user("bruno", PASSWORD, &[]).await;
    let bruno = sign_in(app, "bruno", PASSWORD).await;
    let (_, bruno_page) = text(&bruno, app.url("/account/sessions")).await;
    for s in &listed {
        let r = bruno
            .post(app.url(&format!("/account/sessions/{}/end", s.handle)))
            .form(&[("csrf", csrf_of(&bruno_page).as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }
    assert!(signed_in(app, &mobile).await && signed_in(app, &desk).await);

    // Ending the phone's session from the desk signs the phone out.
    let phone_handle = listed
        .iter()
        .find(|s| s.user_agent.contains("iPhone"))
        .unwrap()
        .handle
        .clone();
    let r = desk
        .post(app.url(&format!("/account/sessions/{phone_handle}/end")))
        .form(&[("csrf", csrf_of(&page).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(!signed_in(app, &mobile).await);
    assert!(signed_in(app, &desk).await);
    // Ending this one is signing out.
    let own = app.state.store.list_sessions(amina.id).await.unwrap();
    let r = desk
        .post(app.url(&format!("/account/sessions/{}/end", own[0].handle)))
        .form(&[("csrf", csrf_of(&page).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(!signed_in(app, &desk).await);
}

/// However many users and institutions, the admin page stays small: users
/// are searched and paged, institutions are typed by number past a few
/// hundred.
#[tokio::test]
async fn the_admin_page_stays_small_with_many_users_and_institutions() {
    let app = TestApp::spawn().await;
    app.user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    let store = &app.state.store;
    for n in 0..300 {
        store
            .create_institution(&waico_store::NewInstitution {
                name: waico_members::InstitutionName::parse(&format!("Institute {n:04}")).unwrap(),
                kind: waico_members::InstitutionKind::University,
                country: CountryCode::parse("KEN").unwrap(),
                website: None,
            })
            .await
            .unwrap();
    }
    let hash = waico_app::accounts::secrets::hash_password("not used here").unwrap();
    for n in 0..120 {
        store
            .create_user(
                &waico_store::NewUser {
                    username: waico_members::Username::parse(&format!("user{n:03}")).unwrap(),
                    display_name: waico_members::DisplayName::parse(&format!("Person {n}"))
                        .unwrap(),
                    email: waico_members::Email::parse(&format!("p{n}@test.waico.org")).unwrap(),
                    password_hash: hash.clone(),
                    country: None,
                    institution_id: None,
                    language: waico_members::Lang::En,
                },
                &[],
            )
            .await
            .unwrap();
    }
    let admin = sign_in(&app, "sec", PASSWORD).await;
    let (status, page) = text(&admin, app.url("/admin")).await;
    assert_eq!(status, 200);
    assert!(
        !page.contains("Institute 0001"),
        "no list of every institution"
    );
    assert!(page.contains("name=\"institution\" inputmode=\"numeric\""));
    assert!(page.contains("/confirm\" class=\"inline\""));
    assert!(page.contains(">user000<"));
    assert!(!page.contains(">user060<"), "the second page is not here");
    assert!(
        page.contains("Users found: 121"),
        "{}",
        &page[..2000.min(page.len())]
    );
    assert!(page.len() < 150_000, "the page is {} bytes", page.len());
    let (_, second) = text(&admin, app.url("/admin?q=&page=2")).await;
    assert!(second.contains(">user060<") && !second.contains(">user000<"));
    let (_, found) = text(&admin, app.url("/admin?q=USER11")).await;
    assert!(found.contains("Users found: 10"), "user110 to user119");
    assert!(found.contains(">user115<") && !found.contains(">user015<"));
    // LIKE's wildcards are taken literally.
    let (_, none) = text(&admin, app.url("/admin?q=%25")).await;
    assert!(none.contains("Users found: 0"));
}

/// Issue 9's benchmark, in one run: sign-ins per second the node sustains
/// with the OWASP Argon2id cost (m = 19 MiB, t = 2, p = 1), against the
/// raw verification rate of the `argon2` crate on as many threads as the
/// node has hashing permits. Printed for docs/BENCHMARKS.md; the test
/// holds the node to a third of the raw rate (the rest of a sign-in — HTTP,
/// CSRF, the session row — must stay small beside the hash).
#[tokio::test(flavor = "multi_thread")]
async fn sign_ins_per_second_against_the_raw_argon2_rate() {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, Instant};
    let app = TestApp::spawn().await;
    app.user("bench", PASSWORD, &[]).await;
    let phc = waico_app::accounts::secrets::hash_password(PASSWORD).unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    let threads = waico_app::accounts::password::concurrency();
    let span = Duration::from_secs(3);

    // Raw: the argon2 crate verifying on `threads` OS threads.
    let raw = {
        let done = std::sync::Arc::new(AtomicU64::new(0));
        let start = Instant::now();
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (done, phc) = (done.clone(), phc.clone());
                std::thread::spawn(move || {
                    while start.elapsed() < span {
                        assert!(waico_app::accounts::secrets::verify_password(
                            PASSWORD, &phc
                        ));
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
        done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
    };

    // The node: twice as many clients as permits, each signing in again
    // and again through the form (a fresh CSRF cookie, no session kept).
    let token = "a".repeat(43);
    let done = std::sync::Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let clients: Vec<_> = (0..2 * threads)
        .map(|_| {
            let (done, url, token) = (done.clone(), app.url("/signin"), token.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .unwrap();
                while start.elapsed() < span {
                    let r = client
                        .post(&url)
                        .header("cookie", format!("waico_csrf={token}"))
                        .form(&[
                            ("csrf", token.as_str()),
                            ("username", "bench"),
                            ("password", PASSWORD),
                            ("next", "/account"),
                        ])
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 303);
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for c in clients {
        c.await.unwrap();
    }
    let node = done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64();
    println!(
        "BENCH sign-ins: node {node:.1}/s, raw argon2 verify {raw:.1}/s on {threads} threads, ratio {:.2}",
        node / raw
    );
    assert!(node > raw / 3.0, "node {node:.1}/s against raw {raw:.1}/s");
}

/// The one-time link in a mail (quoted-printable soft breaks undone).
fn link_in(mail: &str, base: &str) -> String {
    let text = crate::mail::unfolded(mail);
    let start = text
        .find(&format!("{base}/signin/link/"))
        .unwrap_or_else(|| panic!("no link in {text}"));
    text[start + base.len()..]
        .split(char::is_whitespace)
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn invitations_and_password_resets_go_by_e_mail_through_a_real_smtp_server() {
    let smtp = crate::mail::MailServer::start().await;
    let mut public = String::new();
    let app = TestApp::spawn_with(&crate::app::Backend::Sqlite, |mut state| {
        let mut settings = (*state.settings).clone();
        settings.mailer = crate::mail::mailer(smtp.port);
        settings.public_url = "https://waico.test".into();
        public = settings.public_url.clone();
        state.settings = std::sync::Arc::new(settings);
        state
    })
    .await;
    let sec = app
        .user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    let token = app
        .token(sec.id, waico_store::TokenScope::Write, write_token_far())
        .await;

    // An invitation: the person chooses their password through the link.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .json(&json!({
            "username": "amina", "display_name": "Amina Diallo", "email": "amina@test.waico.org",
            "password": "", "invite": true, "roles": [{ "role": "researcher" }]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].contains("To: amina@test.waico.org"),
        "{}",
        mails[0]
    );
    assert!(mails[0].contains("Subject: Your WAICO account"));
    let link = link_in(&mails[0], &public);
    let web = browser();
    let (status, page) = text(&web, app.url(&link)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("amina") && page.contains("Welcome."),
        "{page}"
    );
    let set = |path: String, csrf: String, password: &'static str| {
        web.post(app.url(&path))
            .form(&[("csrf", csrf.as_str()), ("new_password", password)])
            .send()
    };
    let r = set(link.clone(), csrf_of(&page), "short").await.unwrap();
    assert_eq!(r.status(), 422, "a too short password is refused");
    let r = set(link.clone(), csrf_of(&page), "amina chose this one")
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let amina = sign_in(&app, "amina", "amina chose this one").await;
    assert!(signed_in(&app, &amina).await);
    // The link is used up.
    assert_eq!(text(&web, app.url(&link)).await.0, 404);
    let r = set(link, csrf_of(&page), "someone else's try")
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // A reset: asked for by e-mail address; an unknown one answers alike
    // and sends nothing.
    let anon = browser();
    let (_, form) = text(&anon, app.url("/signin/forgot")).await;
    let ask = |who: &'static str| {
        anon.post(app.url("/signin/forgot"))
            .form(&[("csrf", csrf_of(&form).as_str()), ("who", who)])
            .send()
    };
    let unknown = ask("nobody@test.waico.org").await.unwrap();
    assert_eq!(unknown.status(), 200);
    let unknown = unknown.text().await.unwrap();
    let known = ask("AMINA@test.waico.org").await.unwrap();
    assert_eq!(known.status(), 200);
    assert_eq!(known.text().await.unwrap(), unknown, "the same answer");
    assert!(unknown.contains("If an active account matches"));
    let mails = smtp.wait_for(2).await;
    assert_eq!(
        mails.len(),
        2,
        "one reset mail, none for the unknown address"
    );
    let reset = mails
        .iter()
        .find(|m| m.contains("Subject: Choose a new WAICO password"))
        .expect("the reset mail");
    let link = link_in(reset, &public);
    let (status, page) = text(&web, app.url(&link)).await;
    assert_eq!(status, 200);
    let r = set(link, csrf_of(&page), "a new one after forgetting")
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(!signed_in(&app, &amina).await, "the old session ended");
    sign_in(&app, "amina", "a new one after forgetting").await;

    // A deactivated account gets no usable link.
    let amina_id = app.state.store.user_by_username("amina").await.unwrap().id;
    waico_app::accounts::deactivate_user(&app.state, None, amina_id)
        .await
        .unwrap();
    ask("amina").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 2);
}

#[tokio::test]
async fn without_an_smtp_server_nothing_is_sent_and_the_pages_say_so() {
    let app = TestApp::spawn().await;
    let sec = app
        .user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    let token = app
        .token(sec.id, waico_store::TokenScope::Write, write_token_far())
        .await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .json(&json!({
            "username": "amina", "display_name": "Amina", "email": "amina@test.waico.org",
            "password": "", "invite": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("No SMTP server"));
    assert!(
        app.state.store.user_by_username("amina").await.is_err(),
        "no user made"
    );
    let (status, page) = text(&browser(), app.url("/signin/forgot")).await;
    assert_eq!(status, 200);
    assert!(page.contains("This node sends no e-mail"));
    assert!(!page.contains("name=\"who\""));
    let (_, admin) = text(&sign_in(&app, "sec", PASSWORD).await, app.url("/admin")).await;
    assert!(!admin.contains("name=\"invite\""));
    // An unknown link is a 404.
    assert_eq!(
        text(&browser(), app.url("/signin/link/nothing-here"))
            .await
            .0,
        404
    );
}
