//! End-to-end flows through the real server: sign-in → token → API write →
//! read back → sign-out, and how every kind of bad input is answered.

use serde_json::{Value, json};
use waico_members::{CountryCode, MemberStatus, RoleGrant};

use crate::app::{TestApp, backends, browser, csrf_of, sign_in};

const PASSWORD: &str = "correct horse battery";

fn admin() -> Vec<RoleGrant> {
    vec![RoleGrant::SecretariatAdmin]
}

#[tokio::test]
async fn sign_in_create_token_write_through_api_read_back_sign_out() {
    for backend in backends() {
        let app = TestApp::spawn_on(&backend).await;
        app.user("sec", PASSWORD, &admin()).await;
        let client = sign_in(&app, "sec", PASSWORD).await;

        // Create a write token on the account page; it is shown once.
        let account = client
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let created = client
            .post(app.url("/account/tokens"))
            .form(&[
                ("csrf", csrf_of(&account).as_str()),
                ("name", "ci"),
                ("scope", "write"),
                ("days", "30"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
        let html = created.text().await.unwrap();
        let start =
            html.find("id=\"new-token\">").expect("token shown") + "id=\"new-token\">".len();
        let token = html[start..].split('<').next().unwrap().to_owned();
        assert!(token.starts_with("waico_"));
        let again = client
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!again.contains(&token), "the secret is shown only once");

        // Write through the API with the token, read it back.
        let api = reqwest::Client::new();
        let body = json!({"name": "Strathmore University", "kind": "university", "country": "KE", "website": "https://strathmore.edu"});
        let response = api
            .post(app.url("/api/v1/institutions"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let made: Value = response.json().await.unwrap();
        assert_eq!(made["country"], "KEN");
        let id = made["id"].as_i64().unwrap();
        let read: Value = api
            .get(app.url(&format!("/api/v1/institutions/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(read["name"], "Strathmore University");
        let listed: Value = api
            .get(app.url("/api/v1/institutions?country=KEN"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(listed["total"], 1);
        let me: Value = api
            .get(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["username"], "sec");

        // Sign out: the session is gone.
        let page = client
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let out = client
            .post(app.url("/signout"))
            .form(&[("csrf", csrf_of(&page).as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 303);
        let after = client.get(app.url("/account")).send().await.unwrap();
        assert_eq!(after.status(), 303);
        assert!(
            after.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/signin")
        );
    }
}

#[tokio::test]
async fn tokens_are_scoped_expiring_and_revocable() {
    let app = TestApp::spawn().await;
    let user = app.user("sec", PASSWORD, &admin()).await;
    let api = reqwest::Client::new();
    let read_secret = app
        .token(
            user.id,
            waico_store::TokenScope::Read,
            waico_store::now_ms() + 60_000,
        )
        .await;
    // A read token reads but cannot write.
    assert_eq!(
        api.get(app.url("/api/v1/users"))
            .bearer_auth(&read_secret)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let denied = api
        .put(app.url("/api/v1/members/KEN"))
        .bearer_auth(&read_secret)
        .json(&json!({"status": "member", "since": "2026-01-01"}))
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 403);
    assert_eq!(denied.headers()["content-type"], "application/problem+json");
    assert!(
        app.state
            .store
            .membership(CountryCode::parse("KEN").unwrap())
            .await
            .unwrap()
            .is_none()
    );

    // An expired or unknown token is 401.
    let secret = app.token(user.id, waico_store::TokenScope::Write, 1).await;
    let expired = api
        .get(app.url("/api/v1/me"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 401);
    assert!(expired.headers().contains_key("www-authenticate"));
    assert_eq!(
        api.get(app.url("/api/v1/me"))
            .bearer_auth("waico_nope")
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        api.get(app.url("/api/v1/me"))
            .header("authorization", "Basic eDp5")
            .send()
            .await
            .unwrap()
            .status(),
        401
    );

    // Create, then revoke, through the API.
    let secret = app
        .token(
            user.id,
            waico_store::TokenScope::Write,
            waico_store::now_ms() + 60_000,
        )
        .await;
    let made: Value = api
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&secret)
        .json(&json!({"name": "deploy", "scope": "read", "expires_in_days": 7}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_secret = made["secret"].as_str().unwrap();
    assert_eq!(
        api.get(app.url("/api/v1/me"))
            .bearer_auth(new_secret)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let id = made["token"]["id"].as_i64().unwrap();
    assert_eq!(
        api.delete(app.url(&format!("/api/v1/tokens/{id}")))
            .bearer_auth(&secret)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        api.get(app.url("/api/v1/me"))
            .bearer_auth(new_secret)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let too_long = api
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&secret)
        .json(&json!({"name": "x", "scope": "write", "expires_in_days": 9999}))
        .send()
        .await
        .unwrap();
    assert_eq!(too_long.status(), 422);
    let problem: Value = too_long.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "expires_in_days");
}

#[tokio::test]
async fn api_errors_are_problem_details_naming_the_field() {
    let app = TestApp::spawn().await;
    let user = app.user("sec", PASSWORD, &admin()).await;
    let secret = app
        .token(
            user.id,
            waico_store::TokenScope::Write,
            waico_store::now_ms() + 60_000,
        )
        .await;
    let api = reqwest::Client::new();
    let problem = |r: reqwest::Response| async move {
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{}",
            r.status()
        );
        (r.status().as_u16(), r.json::<Value>().await.unwrap())
    };

    // Field validation: every bad field named.
    let (status, p) = problem(
        api.post(app.url("/api/v1/institutions"))
            .bearer_auth(&secret)
            .json(&json!({"name": "", "kind": "club", "country": "XX", "website": "ftp://x"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "kind", "country", "website"]);
    // A missing member is named too.
    let (status, p) = problem(
        api.post(app.url("/api/v1/institutions"))
            .bearer_auth(&secret)
            .json(&json!({"kind": "ngo"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, p["errors"][0]["field"].as_str()),
        (422, Some("name"))
    );
    // Malformed JSON, wrong content type.
    let (status, _) = problem(
        api.post(app.url("/api/v1/institutions"))
            .bearer_auth(&secret)
            .header("content-type", "application/json")
            .body("{")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = problem(
        api.post(app.url("/api/v1/institutions"))
            .bearer_auth(&secret)
            .body("name=x")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 415);
    // Oversized body.
    let big = json!({"name": "x".repeat(100 * 1024), "kind": "ngo", "country": "KEN"});
    let (status, _) = problem(
        api.post(app.url("/api/v1/institutions"))
            .bearer_auth(&secret)
            .json(&big)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 413);
    // Paging and filter limits.
    let (status, p) = problem(
        api.get(app.url("/api/v1/members?limit=100000"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, p["errors"][0]["field"].as_str()),
        (422, Some("limit"))
    );
    let (status, p) = problem(
        api.get(app.url("/api/v1/members?global_south=maybe&income_group=rich"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"].as_array().unwrap().len(), 2);
    // Unknown route, unknown record, no token, wrong method.
    let (status, _) = problem(
        api.get(app.url("/api/v1/nothing-here"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = problem(
        api.get(app.url("/api/v1/institutions/999"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = problem(
        api.post(app.url("/api/v1/institutions"))
            .json(&json!({"name": "Ab", "kind": "ngo", "country": "KEN"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = problem(
        api.patch(app.url("/api/v1/institutions"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 405);
    // Conflict on a duplicate name in one country, and nothing half-written.
    let body =
        json!({"name": "Kenya Bureau of Standards", "kind": "standards_body", "country": "KEN"});
    assert_eq!(
        api.post(app.url("/api/v1/institutions"))
            .bearer_auth(&secret)
            .json(&body)
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    let (status, p) = problem(
        api.post(app.url("/api/v1/institutions"))
            .bearer_auth(&secret)
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 409);
    assert!(p["errors"][0]["field"].is_string());
    let listed: Value = api
        .get(app.url("/api/v1/institutions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 1);
    // The server still serves.
    assert_eq!(
        api.get(app.url("/healthz")).send().await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn roles_decide_who_writes_what() {
    let app = TestApp::spawn().await;
    let kenya = CountryCode::parse("KEN").unwrap();
    let delegate = app
        .user("amina", PASSWORD, &[RoleGrant::Delegate { country: kenya }])
        .await;
    let secret = app
        .token(
            delegate.id,
            waico_store::TokenScope::Write,
            waico_store::now_ms() + 60_000,
        )
        .await;
    let api = reqwest::Client::new();
    let make = |country: &str| json!({"name": "National AI Office", "kind": "government_agency", "country": country});
    assert_eq!(
        api.post(app.url("/api/v1/institutions"))
            .bearer_auth(&secret)
            .json(&make("KEN"))
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(
        api.post(app.url("/api/v1/institutions"))
            .bearer_auth(&secret)
            .json(&make("CHN"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        api.get(app.url("/api/v1/users"))
            .bearer_auth(&secret)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let put = api
        .put(app.url("/api/v1/members/KEN"))
        .bearer_auth(&secret)
        .json(&json!({"status": "member", "since": "2026-01-01"}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 403);
}

#[tokio::test]
async fn members_directory_filters_and_derives_global_south() {
    let app = TestApp::spawn().await;
    let since = time::macros::date!(2025 - 07 - 26);
    for (code, status) in [
        ("CHN", MemberStatus::Member),
        ("DEU", MemberStatus::Member),
        ("ZAF", MemberStatus::Member),
        ("QAT", MemberStatus::Observer),
    ] {
        app.state
            .store
            .set_membership(CountryCode::parse(code).unwrap(), status, since)
            .await
            .unwrap();
    }
    let api = reqwest::Client::new();
    let codes = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let all: Value = api
        .get(app.url("/api/v1/members"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(codes(all), ["CHN", "DEU", "QAT", "ZAF"]);
    let south: Value = api
        .get(app.url("/api/v1/members?global_south=true"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(codes(south), ["CHN", "ZAF"]);
    let africa: Value = api
        .get(app.url("/api/v1/members?region=2"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(codes(africa), ["ZAF"]);
    let observers: Value = api
        .get(app.url("/api/v1/members?status=observer"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(codes(observers), ["QAT"]);
    let by_name: Value = api
        .get(app.url("/api/v1/members?q=%D8%A7%D9%84%D8%B5%D9%8A%D9%86"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(codes(by_name), ["CHN"], "search by the Arabic name");
    let high: Value = api
        .get(app.url("/api/v1/members?income_group=high&limit=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            high["total"].as_u64(),
            high["items"].as_array().unwrap().len()
        ),
        (Some(2), 1)
    );
    let countries: Value = api
        .get(app.url("/api/v1/countries?limit=500"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(countries["total"].as_u64().unwrap() >= 240);
    let stats: Value = api
        .get(app.url("/api/v1/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            stats["members"].as_i64(),
            stats["global_south_percent"].as_i64()
        ),
        (Some(3), Some(67))
    );

    // A write through the API shows at once.
    let user = app.user("sec", PASSWORD, &admin()).await;
    let secret = app
        .token(
            user.id,
            waico_store::TokenScope::Write,
            waico_store::now_ms() + 60_000,
        )
        .await;
    let put: Value = api
        .put(app.url("/api/v1/members/ke"))
        .bearer_auth(&secret)
        .json(&json!({"status": "member", "since": "2026-02-01"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (put["code"].as_str(), put["membership"]["since"].as_str()),
        (Some("KEN"), Some("2026-02-01"))
    );
    let bad = api
        .put(app.url("/api/v1/members/KEN"))
        .bearer_auth(&secret)
        .json(&json!({"status": "vip", "since": "2026-02-30"}))
        .send()
        .await
        .unwrap();
    let p: Value = bad.json().await.unwrap();
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["status", "since"]);
    let all: Value = api
        .get(app.url("/api/v1/members"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 5);
}

#[tokio::test]
async fn institutions_filter_by_their_countrys_region_income_standing_and_the_pages_too() {
    let app = TestApp::spawn().await;
    let since = time::macros::date!(2025 - 07 - 26);
    for (code, status) in [("KEN", MemberStatus::Member), ("DEU", MemberStatus::Member)] {
        app.state
            .store
            .set_membership(CountryCode::parse(code).unwrap(), status, since)
            .await
            .unwrap();
    }
    for (name, country) in [
        ("Strathmore University", "KEN"),
        ("Max Planck Institute for Informatics", "DEU"),
        ("Allen Institute for AI", "USA"),
    ] {
        app.state
            .store
            .create_institution(&waico_store::NewInstitution {
                name: waico_members::InstitutionName::parse(name).unwrap(),
                kind: waico_members::InstitutionKind::ResearchInstitute,
                country: CountryCode::parse(country).unwrap(),
                website: None,
            })
            .await
            .unwrap();
    }
    let api = reqwest::Client::new();
    let names = |query: &'static str| {
        let request = api.get(app.url(&format!("/api/v1/institutions?{query}")));
        async move {
            let page: Value = request.send().await.unwrap().json().await.unwrap();
            let mut names: Vec<String> = page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["country"].as_str().unwrap().to_owned())
                .collect();
            names.sort();
            names
        }
    };
    assert_eq!(names("region=2").await, ["KEN"]);
    assert_eq!(names("global_south=true").await, ["KEN"]);
    assert_eq!(names("global_south=false").await, ["DEU", "USA"]);
    assert_eq!(names("status=member").await, ["DEU", "KEN"]);
    assert_eq!(names("income_group=high&region=150").await, ["DEU"]);
    assert_eq!(names("region=9").await, Vec::<String>::new());
    let bad = api
        .get(app.url("/api/v1/institutions?region=europe&global_south=maybe"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let p: Value = bad.json().await.unwrap();
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["region", "global_south"]);

    // The pages filter the same way, in the reader's language.
    let page = |query: &'static str| {
        let request = api.get(app.url(query));
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let europe = page("/institutions?region=150&lang=fr").await;
    assert!(
        europe.contains("Max Planck")
            && !europe.contains("Strathmore")
            && !europe.contains("Allen")
    );
    assert!(europe.contains("<option value=\"150\" selected>"));
    let south = page("/institutions?global_south=yes").await;
    assert!(south.contains("Strathmore") && !south.contains("Max Planck"));
    let members_in_africa = page("/members?region=2&lang=es").await;
    assert!(members_in_africa.contains("Kenya") && !members_in_africa.contains("Alemania"));
    let rich_members = page("/members?income_group=high").await;
    assert!(rich_members.contains("Germany") && !rich_members.contains("Kenya"));
}

#[tokio::test]
async fn forms_reshow_errors_in_the_viewers_language_and_keep_input() {
    let app = TestApp::spawn().await;
    app.user("sec", PASSWORD, &admin()).await;
    let client = sign_in(&app, "sec", PASSWORD).await;
    let form = client
        .get(app.url("/institutions/new?lang=fr"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("lang=\"fr\""));
    let response = client
        .post(app.url("/institutions"))
        .form(&[
            ("csrf", csrf_of(&form).as_str()),
            ("name", "Université X"),
            ("kind", ""),
            ("country", "ZZZ"),
            ("website", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    let fr = waico_i18n::Tr::new(waico_i18n::Lang::Fr);
    assert!(
        html.contains(&fr.t("err-unknown-country").replace('\'', "&#39;"))
            || html.contains(&fr.t("err-unknown-country")),
        "French message shown"
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("value=\"Université X\""), "input kept");
    let (rows, _) = app
        .state
        .store
        .list_institutions(&Default::default())
        .await
        .unwrap();
    assert!(rows.is_empty(), "nothing written");
}

#[tokio::test]
async fn csrf_is_required_on_every_form() {
    let app = TestApp::spawn().await;
    app.user("sec", PASSWORD, &admin()).await;
    let client = sign_in(&app, "sec", PASSWORD).await;
    let forged = client
        .post(app.url("/admin/memberships"))
        .form(&[
            ("csrf", "forged-value-forged-value-forged-value"),
            ("country", "KEN"),
            ("status", "member"),
            ("since", "2026-01-01"),
        ])
        .send()
        .await
        .unwrap();
    // The router's guard refuses before the handler runs, in the viewer's language.
    assert_eq!(forged.status(), 403);
    assert!(
        forged
            .text()
            .await
            .unwrap()
            .contains("This form has expired")
    );
    assert!(app.state.store.list_memberships().await.unwrap().is_empty());
    // The same token in the header instead of the form is refused as well.
    let forged_header = client
        .post(app.url("/admin/memberships"))
        .header("x-csrf-token", "forged-value-forged-value-forged-value")
        .form(&[
            ("country", "KEN"),
            ("status", "member"),
            ("since", "2026-01-01"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged_header.status(), 403);
    assert!(app.state.store.list_memberships().await.unwrap().is_empty());
    let no_token = browser()
        .post(app.url("/signin"))
        .form(&[("username", "sec"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 403);
}

/// Every state-changing page form route, as the routers in
/// `crates/web/src/pages/*.rs` declare it. A new POST route there makes
/// [`every_page_form_refuses_a_missing_or_foreign_csrf_token`] fail until
/// it has a case here.
const PAGE_FORMS: &[&str] = &[
    "/account/profile",
    "/account/password",
    "/account/tokens",
    "/account/tokens/{id}/revoke",
    "/account/sessions/{handle}/end",
    "/account/sessions/end-others",
    "/admin/users",
    "/admin/users/{id}/roles",
    "/admin/users/{id}/roles/revoke",
    "/admin/users/{id}/password",
    "/admin/users/{id}/deactivate",
    "/admin/users/{id}/reactivate",
    "/admin/users/{id}/second-factor/reset",
    "/admin/memberships",
    "/capacity/calls/{id}",
    "/capacity/matches/{id}",
    "/capacity/requests/{id}/review",
    "/capacity/rounds/{id}/run",
    "/commons/{kinds}/{owner}/{name}/access",
    "/commons/{kinds}/{owner}/{name}/access/{username}",
    "/deliberation/proposals/{id}/act",
    "/deliberation/proposals/{id}/ballot",
    "/deliberation/proposals/{id}/vote",
    "/frameworks/upload",
    "/systems",
    "/systems/{id}/assess",
    "/institutions",
    "/institutions/{id}/edit",
    "/institutions/{id}/delete",
    "/safety/reports",
    "/safety/reports/{id}/step",
    "/safety/reports/{id}/comment",
    "/safety/reports/{id}/assign",
    "/safety/reports/{id}/merge",
    "/safety/reports/{id}/marking",
    "/signin",
    "/signout",
    "/signin/forgot",
    "/signin/link/{secret}",
    "/signin/second-factor",
    "/account/second-factor/begin",
    "/account/second-factor/confirm",
    "/account/second-factor/off",
    "/capacity/calls/new",
    "/capacity/licences",
    "/capacity/licences/revoke",
    "/capacity/matches/new",
    "/capacity/matches/{id}/programs",
    "/capacity/matches/{id}/run",
    "/capacity/offers/new",
    "/capacity/offers/{id}/edit",
    "/capacity/requests/{id}/reviewers",
    "/capacity/rounds/new",
    "/capacity/rounds/{id}/close",
    "/capacity/rounds/{id}/usage",
    "/capacity/rounds/{id}/usage/upload",
    "/capacity/rules/new",
    "/commons/{kinds}/{owner}/{name}/delete",
    "/commons/{kinds}/{owner}/{name}/refs/delete",
    "/systems/{id}/work",
    "/systems/{id}/work/{item}/evidence",
];

/// Form routes whose writing is shown by their own modules' tests
/// (`capacity_pages`, `commons_bulk`, `work`): here they are sent, empty,
/// without a token and with a foreign one (refused, nothing written), and
/// with the right token (let through by the guard: the handler answers,
/// whatever it makes of an empty form).
const GUARD_ONLY: &[(&str, &str)] = &[
    ("/capacity/calls/new", "/capacity/calls/new"),
    ("/capacity/licences", "/capacity/licences"),
    ("/capacity/licences/revoke", "/capacity/licences/revoke"),
    ("/capacity/matches/new", "/capacity/matches/new"),
    (
        "/capacity/matches/{id}/programs",
        "/capacity/matches/csrf-none/programs",
    ),
    (
        "/capacity/matches/{id}/run",
        "/capacity/matches/csrf-none/run",
    ),
    ("/capacity/offers/new", "/capacity/offers/new"),
    (
        "/capacity/offers/{id}/edit",
        "/capacity/offers/csrf-none/edit",
    ),
    (
        "/capacity/requests/{id}/reviewers",
        "/capacity/requests/csrf-none/reviewers",
    ),
    ("/capacity/rounds/new", "/capacity/rounds/new"),
    (
        "/capacity/rounds/{id}/close",
        "/capacity/rounds/csrf-none/close",
    ),
    (
        "/capacity/rounds/{id}/usage",
        "/capacity/rounds/csrf-none/usage",
    ),
    (
        "/capacity/rounds/{id}/usage/upload",
        "/capacity/rounds/csrf-none/usage/upload",
    ),
    ("/capacity/rules/new", "/capacity/rules/new"),
    (
        "/commons/{kinds}/{owner}/{name}/delete",
        "/commons/models/nobody/none/delete",
    ),
    (
        "/commons/{kinds}/{owner}/{name}/refs/delete",
        "/commons/models/nobody/none/refs/delete",
    ),
    ("/systems/{id}/work", "/systems/999999/work"),
    (
        "/systems/{id}/work/{item}/evidence",
        "/systems/999999/work/1/evidence",
    ),
];

/// One form sent in the CSRF test: the route as declared, the path sent to,
/// and fields that write when the token is right.
type FormCase = (&'static str, String, Vec<(&'static str, String)>);

/// The state-changing routes of the page routers, read from their source:
/// each `.route("…", …)` whose handlers include a POST, PUT, PATCH or
/// DELETE.
fn page_form_routes_in_source() -> std::collections::BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/src/pages");
    let mut found = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let file = entry.unwrap().path();
        if file.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&file).unwrap();
        let mut rest = source.as_str();
        while let Some(at) = rest.find(".route(") {
            rest = &rest[at + ".route(".len()..];
            let mut depth = 1;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map(|(i, _)| i)
                .unwrap_or_else(|| panic!("an unclosed .route( in {}", file.display()));
            let call = &rest[..end];
            let path = call
                .split('"')
                .nth(1)
                .unwrap_or_else(|| panic!("a route without a path literal in {}", file.display()));
            if ["post(", "put(", "patch(", "delete("]
                .iter()
                .any(|m| call.contains(m))
            {
                found.insert(path.to_owned());
            }
        }
    }
    found
}

/// The whole database but its sessions, as JSON (the time it was read left
/// out), to tell whether a request wrote anything.
async fn everything(app: &TestApp) -> Value {
    let mut snapshot = serde_json::to_value(app.state.store.snapshot().await.unwrap()).unwrap();
    snapshot["created_at"] = json!(0);
    snapshot
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

/// Signed in as the secretariat, every state-changing page form is sent
/// without a CSRF token and with the token of another browser: each is
/// refused (403, or the form re-shown with the CSRF error) and nothing is
/// written. Then the same requests with the right token do write, so the
/// refusals were not for another reason.
#[tokio::test]
async fn every_page_form_refuses_a_missing_or_foreign_csrf_token() {
    let in_source = page_form_routes_in_source();
    let listed: std::collections::BTreeSet<String> =
        PAGE_FORMS.iter().map(|r| r.to_string()).collect();
    assert_eq!(
        in_source, listed,
        "the page routers' state-changing routes and PAGE_FORMS differ: give every new form route a case"
    );

    let app = TestApp::spawn().await;
    // A country of record: the secretariat also reviews and applies in the capacity forms.
    let sec = app.user_from("sec", PASSWORD, &admin(), "CHE", None).await;
    let target = app.user("target", PASSWORD, &[]).await;
    let expires = waico_store::now_ms() + 3_600_000;
    let sec_token = app
        .token(sec.id, waico_store::TokenScope::Write, expires)
        .await;
    let target_token = app
        .token(target.id, waico_store::TokenScope::Write, expires)
        .await;
    let token_id = app.state.store.list_tokens(sec.id).await.unwrap()[0].id;
    let nairobi = app
        .state
        .store
        .create_institution(&waico_store::NewInstitution {
            name: waico_members::InstitutionName::parse("Nairobi AI Lab").unwrap(),
            kind: waico_members::InstitutionKind::ResearchInstitute,
            country: CountryCode::parse("KEN").unwrap(),
            website: None,
        })
        .await
        .unwrap();
    // Two gated repositories: the target's (the secretariat asks for
    // access) and the secretariat's (the target has asked).
    let api = reqwest::Client::new();
    for (token, owner) in [(&target_token, "target"), (&sec_token, "sec")] {
        let r = api
            .post(app.url("/api/v1/commons/repos"))
            .bearer_auth(token)
            .json(
                &json!({ "kind": "model", "owner": owner, "name": "gated", "visibility": "gated" }),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    }
    let r = api
        .post(app.url("/api/v1/commons/models/sec/gated/access"))
        .bearer_auth(&target_token)
        .json(&json!({ "reason": "evaluation" }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    let r = api
        .post(app.url("/api/v1/systems"))
        .bearer_auth(&sec_token)
        .header("content-type", "application/yaml")
        .body(include_str!(
            "../../../framework/data/demo_systems/hiring_screener.yaml"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let system = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let (proposal, voting) = crate::deliberation::proposals_for_forms(&app, sec.id).await;
    let (secret, ballot) = crate::deliberation_ballot::secret_vote_for_forms(&app).await;
    // Capacity: an open call with a request `sec` is assigned to review,
    // an open round over it and an open match with one program.
    {
        use waico_app::capacity as cap;
        let actor = waico_app::accounts::actor_of(&sec);
        cap::open_call(&app.state, &actor, "csrf-call", "CSRF call", 3.0)
            .await
            .unwrap();
        cap::submit_request(
            &app.state,
            &actor,
            "csrf-call",
            crate::capacity::request_json("csrf-req", "KE", &[("H100", 1.0)], 100.0, 0.0),
        )
        .await
        .unwrap();
        cap::assign_reviewer(&app.state, &actor, "csrf-req", "sec")
            .await
            .unwrap();
        cap::open_round(
            &app.state,
            &actor,
            "csrf-round",
            "csrf-call",
            "CSRF round",
            ("2027-01-01", "2027-06-30"),
            None,
        )
        .await
        .unwrap();
        cap::create_match(&app.state, &actor, "csrf-match", "CSRF match")
            .await
            .unwrap();
        cap::put_program(
            &app.state,
            &actor,
            "csrf-match",
            "Program",
            json!({"id": "p1", "host_institution": "Host", "capacity": 1, "ranking": []}),
        )
        .await
        .unwrap();
    }
    // Two safety reports: one to act on, one to merge into it.
    let mut safety_ids = Vec::new();
    for tlp in ["GREEN", "CLEAR"] {
        let r = api
            .post(app.url("/api/v1/safety/reports"))
            .bearer_auth(&sec_token)
            .json(&json!({ "tlp": tlp, "report": { "title": format!("CSRF test report {tlp}") } }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        safety_ids.push(
            r.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let (report, duplicate) = (&safety_ids[0], &safety_ids[1]);

    let s = |v: &str| v.to_owned();
    let cases: Vec<FormCase> = vec![
        (
            "/deliberation/proposals/{id}/act",
            format!("/deliberation/proposals/{proposal}/act"),
            vec![
                ("action", s("comment")),
                ("text", s("The secretariat notes this.")),
            ],
        ),
        (
            "/deliberation/proposals/{id}/vote",
            format!("/deliberation/proposals/{voting}/vote"),
            vec![("choice", s("yes"))],
        ),
        (
            "/deliberation/proposals/{id}/ballot",
            format!("/deliberation/proposals/{secret}/ballot"),
            vec![("ballot", ballot.clone())],
        ),
        (
            "/capacity/calls/{id}",
            s("/capacity/calls/csrf-call"),
            vec![
                ("id", s("csrf-form-req")),
                ("title", s("Form request")),
                ("summary", s("Through the page")),
                ("institution", s("Lagos AI Centre")),
                ("country", s("NGA")),
                ("accelerators", s("H100=1")),
                ("hours", s("100")),
                ("window_start", s("2027-01-01")),
                ("window_end", s("2027-06-30")),
                ("end_use", s("research")),
            ],
        ),
        (
            "/capacity/requests/{id}/review",
            s("/capacity/requests/csrf-req/review"),
            vec![("score", s("4")), ("comment", s("fine"))],
        ),
        (
            "/capacity/matches/{id}",
            s("/capacity/matches/csrf-match"),
            vec![("first", s("p1"))],
        ),
        // Running the round closes its call: after the call's form.
        (
            "/capacity/rounds/{id}/run",
            s("/capacity/rounds/csrf-round/run"),
            vec![],
        ),
        (
            "/account/profile",
            s("/account/profile"),
            vec![
                ("display_name", s("Secretariat renamed")),
                ("language", s("en")),
            ],
        ),
        (
            "/account/tokens",
            s("/account/tokens"),
            vec![("name", s("ci")), ("scope", s("write")), ("days", s("30"))],
        ),
        (
            "/account/tokens/{id}/revoke",
            format!("/account/tokens/{token_id}/revoke"),
            vec![],
        ),
        (
            "/admin/users",
            s("/admin/users"),
            vec![
                ("username", s("newcomer")),
                ("display_name", s("New Comer")),
                ("email", s("newcomer@test.waico.org")),
                ("password", s(PASSWORD)),
                ("country", s("KEN")),
                ("language", s("en")),
                ("role", s("researcher")),
            ],
        ),
        (
            "/admin/users/{id}/roles",
            format!("/admin/users/{}/roles", target.id),
            vec![
                ("role", s("researcher")),
                ("scope", s("")),
                ("confirm", s("yes")),
            ],
        ),
        (
            "/admin/users/{id}/roles/revoke",
            format!("/admin/users/{}/roles/revoke", target.id),
            vec![
                ("role", s("researcher")),
                ("scope", s("")),
                ("confirm", s("yes")),
            ],
        ),
        (
            "/admin/users/{id}/deactivate",
            format!("/admin/users/{}/deactivate", target.id),
            vec![("confirm", s("yes"))],
        ),
        (
            "/admin/users/{id}/reactivate",
            format!("/admin/users/{}/reactivate", target.id),
            vec![("confirm", s("yes"))],
        ),
        (
            "/admin/users/{id}/password",
            format!("/admin/users/{}/password", target.id),
            vec![("password", s("another long password"))],
        ),
        (
            "/admin/memberships",
            s("/admin/memberships"),
            vec![
                ("country", s("KEN")),
                ("status", s("member")),
                ("since", s("2026-01-01")),
            ],
        ),
        (
            "/commons/{kinds}/{owner}/{name}/access",
            s("/commons/models/target/gated/access"),
            vec![("reason", s("research"))],
        ),
        (
            "/commons/{kinds}/{owner}/{name}/access/{username}",
            s("/commons/models/sec/gated/access/target"),
            vec![("decision", s("approve")), ("reason", s("welcome"))],
        ),
        (
            "/frameworks/upload",
            s("/frameworks/upload"),
            vec![
                ("kind", s("framework")),
                ("file_name", s("ke.yaml")),
                ("source", s(crate::framework::FRAMEWORK)),
            ],
        ),
        (
            "/systems",
            s("/systems"),
            vec![
                ("id", s("csrf-test-system")),
                ("name", s("CSRF test")),
                ("provider", s("ACME")),
                ("jurisdictions", s("EU")),
            ],
        ),
        (
            "/systems/{id}/assess",
            format!("/systems/{system}/assess"),
            vec![],
        ),
        (
            "/institutions",
            s("/institutions"),
            vec![
                ("name", s("Lagos AI Centre")),
                ("kind", s("research_institute")),
                ("country", s("NGA")),
                ("website", s("")),
            ],
        ),
        (
            "/institutions/{id}/edit",
            format!("/institutions/{}/edit", nairobi.id),
            vec![
                ("name", s("Nairobi AI Laboratory")),
                ("kind", s("research_institute")),
                ("country", s("KEN")),
                ("website", s("")),
            ],
        ),
        (
            "/institutions/{id}/delete",
            format!("/institutions/{}/delete", nairobi.id),
            vec![],
        ),
        (
            "/safety/reports",
            s("/safety/reports"),
            vec![("title", s("A page report")), ("tlp", s("CLEAR"))],
        ),
        (
            "/safety/reports/{id}/comment",
            format!("/safety/reports/{report}/comment"),
            vec![("body", s("A note")), ("tlp", s("GREEN"))],
        ),
        (
            "/safety/reports/{id}/assign",
            format!("/safety/reports/{report}/assign"),
            vec![("username", s("target"))],
        ),
        (
            "/safety/reports/{id}/step",
            format!("/safety/reports/{report}/step"),
            vec![("action", s("triage"))],
        ),
        (
            "/safety/reports/{id}/merge",
            format!("/safety/reports/{duplicate}/merge"),
            vec![("target", report.clone())],
        ),
        (
            "/safety/reports/{id}/marking",
            format!("/safety/reports/{report}/marking"),
            vec![("tlp", s("CLEAR"))],
        ),
        // Changing one's password ends the session: last of the signed-in forms.
        (
            "/account/password",
            s("/account/password"),
            vec![
                ("current", s(PASSWORD)),
                ("new_password", s("a brand new password")),
            ],
        ),
    ];
    // Sessions are not in the snapshot: their forms are checked below by
    // the sessions they end.
    let special = [
        "/signin",
        "/signout",
        "/account/sessions/{handle}/end",
        "/account/sessions/end-others",
        "/signin/forgot",
        "/signin/link/{secret}",
        // Second factors are not in the snapshot: their four forms are
        // checked in `second_factor::its_forms_refuse_a_missing_or_foreign_csrf_token`.
        "/signin/second-factor",
        "/account/second-factor/begin",
        "/account/second-factor/confirm",
        "/account/second-factor/off",
        // An admin's reset: checked in
        // `second_factor::an_admin_resets_a_second_factor_from_the_admin_page`.
        "/admin/users/{id}/second-factor/reset",
    ];
    let covered: std::collections::BTreeSet<String> = cases
        .iter()
        .map(|(route, _, _)| route.to_string())
        .chain(special.iter().map(|r| r.to_string()))
        .chain(GUARD_ONLY.iter().map(|(r, _)| r.to_string()))
        .collect();
    assert_eq!(covered, listed, "every route in PAGE_FORMS has a case");

    let client = sign_in(&app, "sec", PASSWORD).await;
    // A real token, but of another browser.
    let elsewhere = browser();
    let foreign = csrf_of(
        &elsewhere
            .get(app.url("/signin"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    // The background checkpointer signs the log's head every 2 s while it
    // grows; sign it now, so that the snapshot changes only by the forms.
    app.state.ledger.checkpoint_now().await.unwrap();
    let before = everything(&app).await;
    let refused = |route: &str, how: &str, status: u16, body: &str| {
        assert!(
            status == 403 || (status == 422 && body.contains("This form has expired")),
            "{route} {how}: answered {status}\n{body}"
        );
    };
    let guard_only: Vec<FormCase> = GUARD_ONLY
        .iter()
        .map(|(route, path)| (*route, path.to_string(), vec![]))
        .collect();
    for (route, path, fields) in cases.iter().chain(&guard_only) {
        for (how, token) in [
            ("without a token", None),
            ("with another browser's token", Some(&foreign)),
        ] {
            let mut form: Vec<(&str, &str)> =
                fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            if let Some(t) = token {
                form.push(("csrf", t.as_str()));
            }
            let r = client.post(app.url(path)).form(&form).send().await.unwrap();
            let status = r.status().as_u16();
            refused(route, how, status, &r.text().await.unwrap());
            assert_eq!(
                everything(&app).await,
                before,
                "{route} {how} wrote something"
            );
        }
    }
    // Signing in with a foreign token opens no session; signing out
    // without one ends none.
    let fresh = browser();
    fresh.get(app.url("/signin")).send().await.unwrap();
    for (how, token) in [
        ("without a token", None),
        ("with another browser's token", Some(&foreign)),
    ] {
        let mut form = vec![
            ("username", "sec"),
            ("password", PASSWORD),
            ("next", "/account"),
        ];
        if let Some(t) = token {
            form.push(("csrf", t.as_str()));
        }
        let r = fresh
            .post(app.url("/signin"))
            .form(&form)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        refused("/signin", how, status, &r.text().await.unwrap());
        assert!(!signed_in(&app, &fresh).await, "/signin {how} signed in");

        let mut form = vec![];
        if let Some(t) = token {
            form.push(("csrf", t.as_str()));
        }
        let r = client
            .post(app.url("/signout"))
            .form(&form)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        refused("/signout", how, status, &r.text().await.unwrap());
        assert!(signed_in(&app, &client).await, "/signout {how} signed out");
    }
    assert_eq!(
        everything(&app).await,
        before,
        "sign-in attempts wrote something"
    );

    // Ending sessions: refused without the token, done with it.
    let sessions = || async { app.state.store.list_sessions(sec.id).await.unwrap() };
    let second = sign_in(&app, "sec", PASSWORD).await;
    let handles_before: Vec<String> = sessions().await.into_iter().map(|s| s.handle).collect();
    let third = sign_in(&app, "sec", PASSWORD).await;
    let third_handle = sessions()
        .await
        .into_iter()
        .map(|s| s.handle)
        .find(|h| !handles_before.contains(h))
        .expect("the new session is listed");
    for (how, token) in [
        ("without a token", None),
        ("with another browser's token", Some(&foreign)),
    ] {
        for path in [
            format!("/account/sessions/{third_handle}/end"),
            "/account/sessions/end-others".to_owned(),
        ] {
            let mut form = vec![];
            if let Some(t) = token {
                form.push(("csrf", t.as_str()));
            }
            let r = client
                .post(app.url(&path))
                .form(&form)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            refused(&path, how, status, &r.text().await.unwrap());
            assert!(
                signed_in(&app, &third).await,
                "{path} {how} ended a session"
            );
            assert!(
                signed_in(&app, &second).await,
                "{path} {how} ended a session"
            );
        }
    }
    let csrf = csrf_of(
        &client
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let r = client
        .post(app.url(&format!("/account/sessions/{third_handle}/end")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(!signed_in(&app, &third).await, "the chosen session ended");
    assert!(
        signed_in(&app, &second).await,
        "only the chosen session ended"
    );
    let r = client
        .post(app.url("/account/sessions/end-others"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(!signed_in(&app, &second).await, "the other sessions ended");
    assert!(signed_in(&app, &client).await, "this session goes on");

    // The e-mailed link's form sets a password only with the token; asking
    // for a reset is refused without it.
    let secret = "a-link-secret-for-the-csrf-test";
    app.state
        .store
        .create_account_link(
            &waico_app::accounts::secrets::sha256_hex(secret),
            target.id,
            waico_store::LinkPurpose::Reset,
            waico_store::now_ms() + 3_600_000,
        )
        .await
        .unwrap();
    let anon = browser();
    let anon_page = anon
        .get(app.url(&format!("/signin/link/{secret}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for (how, token) in [
        ("without a token", None),
        ("with another browser's token", Some(&foreign)),
    ] {
        for (path, field) in [
            (
                format!("/signin/link/{secret}"),
                ("new_password", "taken over by a form"),
            ),
            ("/signin/forgot".to_owned(), ("who", "target")),
        ] {
            let mut form = vec![field];
            if let Some(t) = token {
                form.push(("csrf", t.as_str()));
            }
            let r = anon.post(app.url(&path)).form(&form).send().await.unwrap();
            let status = r.status().as_u16();
            refused(&path, how, status, &r.text().await.unwrap());
        }
    }
    assert!(
        waico_app::accounts::link_holder(&app.state, secret)
            .await
            .unwrap()
            .is_some(),
        "the link is unused"
    );
    let r = anon
        .post(app.url(&format!("/signin/link/{secret}")))
        .form(&[
            ("csrf", csrf_of(&anon_page).as_str()),
            ("new_password", "set through the link"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(
        waico_app::accounts::link_holder(&app.state, secret)
            .await
            .unwrap()
            .is_none(),
        "the link is used"
    );

    // The guard lets the others through with the right token (before any
    // case ends the session).
    for (route, path) in GUARD_ONLY {
        let page = client
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = csrf_of(&page);
        let r = client
            .post(app.url(path))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let body = r.text().await.unwrap();
        assert!(
            status != 403 && !body.contains("This form has expired"),
            "{route} with its token was refused by the guard: {status}\n{body}"
        );
    }
    // The same forms with the right token write.
    for (route, path, fields) in &cases {
        let page = client
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = csrf_of(&page);
        let mut form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        form.push(("csrf", csrf.as_str()));
        let was = everything(&app).await;
        let r = client.post(app.url(path)).form(&form).send().await.unwrap();
        let status = r.status().as_u16();
        assert!(
            status < 400,
            "{route} with its token: {status}\n{}",
            r.text().await.unwrap()
        );
        assert_ne!(
            everything(&app).await,
            was,
            "{route} with its token wrote nothing"
        );
    }
    let page = fresh
        .get(app.url("/signin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = fresh
        .post(app.url("/signin"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("username", "sec"),
            ("password", "a brand new password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(signed_in(&app, &fresh).await);
    let page = fresh
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = fresh
        .post(app.url("/signout"))
        .form(&[("csrf", csrf_of(&page).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(!signed_in(&app, &fresh).await);
}

/// The policy keeps the last way back in: nobody revokes their own
/// secretariat role, while another's, or another role of one's own, goes.
#[tokio::test]
async fn the_secretariat_cannot_revoke_its_own_role() {
    let app = TestApp::spawn().await;
    let kenya = || RoleGrant::Delegate {
        country: CountryCode::parse("KEN").unwrap(),
    };
    let sec = app
        .user("sec", PASSWORD, &[RoleGrant::SecretariatAdmin, kenya()])
        .await;
    let other = app.user("other.sec", PASSWORD, &admin()).await;
    let token = app
        .token(
            sec.id,
            waico_store::TokenScope::Write,
            waico_store::now_ms() + 3_600_000,
        )
        .await;
    let revoke = |id: i64, role: &str, scope: &str| {
        reqwest::Client::new()
            .delete(app.url(&format!("/api/v1/users/{id}/roles")))
            .bearer_auth(&token)
            .json(&json!({ "role": role, "scope": scope }))
            .send()
    };
    let r = revoke(sec.id, "secretariat_admin", "").await.unwrap();
    assert_eq!(r.status(), 409);
    let problem: Value = r.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("your own secretariat role"),
        "{problem}"
    );
    // On the admin page the refusal reads in the admin's language.
    let browser = sign_in(&app, "sec", PASSWORD).await;
    let page = browser
        .get(app.url("/admin?lang=fr"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let refused = browser
        .post(app.url(&format!("/admin/users/{}/roles/revoke", sec.id)))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("role", "secretariat_admin"),
            ("scope", ""),
            ("confirm", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("Vous ne pouvez pas retirer votre propre rôle au secrétariat"),
        "{html}"
    );
    assert!(
        app.state
            .store
            .user(sec.id)
            .await
            .unwrap()
            .grants
            .contains(&RoleGrant::SecretariatAdmin)
    );
    assert_eq!(
        revoke(sec.id, "delegate", "KEN").await.unwrap().status(),
        200
    );
    assert_eq!(
        revoke(other.id, "secretariat_admin", "")
            .await
            .unwrap()
            .status(),
        200
    );
    assert!(
        app.state
            .store
            .user(other.id)
            .await
            .unwrap()
            .grants
            .is_empty()
    );
}

#[tokio::test]
async fn pages_speak_six_languages_and_arabic_is_right_to_left() {
    let app = TestApp::spawn().await;
    let client = browser();
    let ar = client.get(app.url("/?lang=ar")).send().await.unwrap();
    assert!(
        ar.headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("waico_lang=ar"))
    );
    let html = ar.text().await.unwrap();
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    // The cookie keeps the choice.
    let again = client
        .get(app.url("/members"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(again.contains("dir=\"rtl\""));
    // Accept-Language when nothing else says.
    let zh = browser()
        .get(app.url("/members"))
        .header("accept-language", "zh-CN,zh;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(zh.contains("<html lang=\"zh\" dir=\"ltr\">"));
    assert!(zh.contains(&waico_i18n::Tr::new(waico_i18n::Lang::Zh).t("members-title")));
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        for path in [
            "/",
            "/members",
            "/members/CHN",
            "/institutions",
            "/signin",
            "/api/docs",
            "/no-such-page",
        ] {
            let r = browser()
                .get(app.url(&format!("{path}?lang={lang}")))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let body = r.text().await.unwrap();
            assert!(
                body.contains(&format!("<html lang=\"{lang}\"")),
                "{path} in {lang}"
            );
            assert_eq!(
                status,
                if path == "/no-such-page" { 404 } else { 200 },
                "{path} in {lang}"
            );
        }
    }
}

#[tokio::test]
async fn admin_pages_manage_users_roles_and_memberships() {
    let app = TestApp::spawn().await;
    app.user("sec", PASSWORD, &admin()).await;
    let wits = app
        .state
        .store
        .create_institution(&waico_store::NewInstitution {
            name: waico_members::InstitutionName::parse("University of the Witwatersrand").unwrap(),
            kind: waico_members::InstitutionKind::University,
            country: CountryCode::parse("ZAF").unwrap(),
            website: None,
        })
        .await
        .unwrap();
    let client = sign_in(&app, "sec", PASSWORD).await;
    let page = client
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&page);
    let made = client
        .post(app.url("/admin/users"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "thandi"),
            ("display_name", "Thandi Nkosi"),
            ("email", "thandi@example.org"),
            ("password", "a fine long password"),
            ("country", "ZAF"),
            ("institution", &wits.id.to_string()),
            ("language", "en"),
            ("role", "delegate"),
            ("scope", "ZAF"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 303);
    let thandi = app.state.store.user_by_username("thandi").await.unwrap();
    assert_eq!(
        thandi.institution_id,
        Some(wits.id),
        "belongs to an institution"
    );
    assert_eq!(
        thandi.grants,
        vec![RoleGrant::Delegate {
            country: CountryCode::parse("ZAF").unwrap()
        }]
    );
    let member = client
        .post(app.url("/admin/memberships"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("country", "ZAF"),
            ("status", "member"),
            ("since", "2025-07-26"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(member.status(), 303);
    let member_page = browser()
        .get(app.url("/members/ZAF"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        member_page.contains("Thandi Nkosi"),
        "delegates are listed on the member page"
    );
    // A non-admin gets 403 on the admin page.
    let delegate = sign_in(&app, "thandi", "a fine long password").await;
    assert_eq!(
        delegate
            .get(app.url("/admin"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    // Bad user input is re-shown with messages, nothing written.
    let bad = client
        .post(app.url("/admin/users"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "x"),
            ("display_name", ""),
            ("email", "nope"),
            ("password", "short"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert_eq!(app.state.store.count_users().await.unwrap(), 2);
}

#[tokio::test]
async fn operations_endpoints_report_health_and_metrics() {
    let app = TestApp::spawn().await;
    let api = reqwest::Client::new();
    assert_eq!(
        api.get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
    assert_eq!(
        api.get(app.url("/readyz")).send().await.unwrap().status(),
        200
    );
    api.get(app.url("/api/v1/members")).send().await.unwrap();
    let r = api.get(app.url("/api/v1/members")).send().await.unwrap();
    assert!(r.headers().contains_key("x-request-id"));
    // An error answer replaced by problem+json still counts under its route.
    let wrong = api.delete(app.url("/api/v1/members")).send().await.unwrap();
    assert_eq!(wrong.status(), 405);
    let metrics = api
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("http_requests_total{"), "{metrics}");
    assert!(metrics.contains("route=\"/api/v1/members\""));
    assert!(
        metrics.contains(
            "http_requests_total{route=\"/api/v1/members\",method=\"DELETE\",status=\"405\"} 1"
        ),
        "{metrics}"
    );
    assert!(metrics.contains("http_request_duration_seconds_bucket"));
    app.state.store.close().await;
    assert_eq!(
        api.get(app.url("/readyz")).send().await.unwrap().status(),
        503
    );
}

/// A member's page writes the date it joined as its reader's language
/// writes dates (CLDR), never as an ISO string that Arabic text reorders.
#[tokio::test]
async fn dates_on_pages_are_written_in_the_readers_language() {
    let app = TestApp::spawn().await;
    app.state
        .store
        .set_membership(
            CountryCode::parse("KEN").unwrap(),
            MemberStatus::Member,
            time::macros::date!(2026 - 01 - 15),
        )
        .await
        .unwrap();
    app.state.directory.invalidate();
    let page = |lang: &'static str| {
        let url = app.url(&format!("/members/KEN?lang={lang}"));
        async move {
            browser()
                .get(url)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    for (lang, written) in [
        ("en", "Jan 15, 2026"),
        ("fr", "15 janv. 2026"),
        ("zh", "2026年1月15日"),
        ("ar", "15\u{200f}/01\u{200f}/2026"),
    ] {
        let html = page(lang).await;
        assert!(html.contains(written), "{lang}: {written} not on the page");
        assert!(
            !html.contains("2026-01-15"),
            "{lang}: an ISO date on the page"
        );
    }
}
