//! The Global South answer is three-valued: a country whose income group
//! the World Bank does not classify (the Holy See) counts neither as Global
//! South nor as not, in the directory, its figures and the institutions
//! filtered in SQL on every backend.

use serde_json::Value;
use waico_members::{CountryCode, MemberStatus};

use crate::app::{TestApp, backends};

#[tokio::test]
async fn an_unclassified_income_group_counts_neither_way() {
    for backend in backends() {
        let app = TestApp::spawn_on(&backend).await;
        let since = time::macros::date!(2025 - 07 - 26);
        for code in ["KEN", "DEU", "VAT"] {
            app.state
                .store
                .set_membership(
                    CountryCode::parse(code).unwrap(),
                    MemberStatus::Member,
                    since,
                )
                .await
                .unwrap();
            app.state
                .store
                .create_institution(&waico_store::NewInstitution {
                    name: waico_members::InstitutionName::parse(&format!("Institute of {code}"))
                        .unwrap(),
                    kind: waico_members::InstitutionKind::ResearchInstitute,
                    country: CountryCode::parse(code).unwrap(),
                    website: None,
                })
                .await
                .unwrap();
        }
        let api = reqwest::Client::new();
        let get = |path: String| {
            let request = api.get(app.url(&path));
            async move {
                let r = request.send().await.unwrap();
                assert_eq!(r.status(), 200, "{path}");
                r.json::<Value>().await.unwrap()
            }
        };
        let field = |v: &Value, name: &str| -> Vec<String> {
            let mut all: Vec<String> = v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i[name].as_str().unwrap().to_owned())
                .collect();
            all.sort();
            all
        };
        for (answer, expected) in [("true", "KEN"), ("false", "DEU"), ("unknown", "VAT")] {
            let members = get(format!("/api/v1/members?global_south={answer}")).await;
            assert_eq!(field(&members, "code"), [expected], "members {answer}");
            let institutions = get(format!("/api/v1/institutions?global_south={answer}")).await;
            assert_eq!(
                field(&institutions, "country"),
                [expected],
                "institutions {answer}"
            );
        }
        let holy_see = get("/api/v1/members/VAT".into()).await;
        assert_eq!(holy_see["global_south"], Value::Null, "{holy_see}");
        let stats = get("/api/v1/stats".into()).await;
        assert_eq!(stats["members"], 3);
        assert_eq!(stats["global_south_members"], 1);
        assert_eq!(
            stats["global_south_percent"], 50,
            "of the two classified members, one is Global South"
        );

        let page = |path: &'static str| {
            let request = api.get(app.url(path));
            async move { request.send().await.unwrap().text().await.unwrap() }
        };
        let unknown = page("/members?global_south=unknown").await;
        assert!(unknown.contains("Holy See") && !unknown.contains("Kenya"));
        assert!(unknown.contains("<option value=\"unknown\" selected>"));
        let south = page("/institutions?global_south=yes").await;
        assert!(south.contains("Institute of KEN") && !south.contains("Institute of VAT"));
        let not_south = page("/institutions?global_south=no").await;
        assert!(not_south.contains("Institute of DEU") && !not_south.contains("Institute of VAT"));
        let member = page("/members/VAT?lang=fr").await;
        assert!(member.contains("Inconnu (groupe de revenu non classé)"));
    }
}
