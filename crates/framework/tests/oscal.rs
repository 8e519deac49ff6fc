//! OSCAL exports validate against NIST's official JSON schemas (vendored in tests/oscal/).

use serde_json::Value;
use waico_framework::catalog::shipped;
use waico_framework::{Catalog, Profile, assess, oscal};

const TS: &str = "2025-08-02T00:00:00Z";

fn validator(schema: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(schema).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn unified_catalog_and_every_framework_validate() {
    let v = validator(include_str!("oscal/oscal_catalog_schema.json"));
    let cat = Catalog::shipped().unwrap();
    let doc = oscal::unified_catalog(&cat.controls, TS);
    assert_valid(&v, &doc, "unified catalog");
    let n: usize = doc["catalog"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["controls"].as_array().unwrap().len())
        .sum();
    assert_eq!(n, cat.controls.controls().count());
    for fw in cat.frameworks() {
        let doc = oscal::framework_catalog(fw, TS);
        assert_valid(&v, &doc, &fw.urn);
        assert_eq!(doc["catalog"]["metadata"]["oscal-version"], "1.1.3");
    }
    // an invalid document is rejected (the validator is really checking)
    let mut bad = oscal::unified_catalog(&cat.controls, TS);
    bad["catalog"]["uuid"] = Value::from("not-a-uuid");
    assert!(!v.is_valid(&bad));
}

#[test]
fn assessment_results_validate() {
    let v = validator(include_str!("oscal/oscal_assessment-results_schema.json"));
    let cat = Catalog::shipped().unwrap();
    for (f, s) in shipped::DEMO_SYSTEMS {
        let a = assess(&Profile::from_yaml(f, s).unwrap(), &cat);
        let doc = oscal::assessment_results(&a, TS);
        assert_valid(&v, &doc, f);
        let findings = doc["assessment-results"]["results"][0]["findings"]
            .as_array()
            .map_or(0, |x| x.len());
        assert_eq!(findings, a.obligations().count(), "{f}");
    }
    let mut bad = oscal::assessment_results(
        &assess(
            &Profile::from_yaml("x", shipped::DEMO_SYSTEMS[0].1).unwrap(),
            &cat,
        ),
        TS,
    );
    bad["assessment-results"]["results"][0]["start"] = Value::from("yesterday");
    assert!(!v.is_valid(&bad));
}

/// One profile per jurisdiction selecting unified controls, validated
/// against NIST's OSCAL 1.2.0 profile schema; every selected id is a control
/// of the unified catalog export.
#[test]
fn jurisdiction_profiles_validate_and_select_catalog_controls() {
    let v = validator(include_str!("oscal/oscal_profile_schema.json"));
    let cat = Catalog::shipped().unwrap();
    let catalog = oscal::unified_catalog(&cat.controls, TS);
    let ids: std::collections::BTreeSet<&str> = catalog["catalog"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["controls"].as_array().unwrap())
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let profiles = oscal::jurisdiction_profiles(&cat, TS);
    assert_eq!(profiles.len(), cat.packs().len());
    for (pack, doc) in &profiles {
        assert_valid(&v, doc, pack);
        let with: Vec<&str> = doc["profile"]["imports"][0]["include-controls"][0]["with-ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert!(!with.is_empty(), "{pack}");
        assert!(with.iter().all(|id| ids.contains(id)), "{pack}: {with:?}");
    }
    let eu = &profiles.iter().find(|(p, _)| p == "eu-ai-act").unwrap().1;
    let with = eu["profile"]["imports"][0]["include-controls"][0]["with-ids"]
        .as_array()
        .unwrap();
    assert!(
        with.iter().any(|x| x == "fairness-1"),
        "Art. 10 brings the bias control"
    );
    let mut bad = eu.clone();
    bad["profile"]["imports"] = Value::from(Vec::<Value>::new());
    assert!(!v.is_valid(&bad));
}

/// The crosswalks as an OSCAL 1.2 mapping collection.
#[test]
fn crosswalk_mapping_validates_against_the_1_2_mapping_schema() {
    let v = validator(include_str!("oscal/oscal_mapping_schema.json"));
    let cat = Catalog::shipped().unwrap();
    let doc = oscal::crosswalk_mapping(&cat, TS);
    assert_valid(&v, &doc, "mapping");
    let mappings = doc["mapping-collection"]["mappings"].as_array().unwrap();
    assert_eq!(mappings.len(), cat.frameworks().count());
    let maps: usize = mappings
        .iter()
        .map(|m| m["maps"].as_array().unwrap().len())
        .sum();
    assert_eq!(maps, cat.crosswalks().all().len());
    let eu = mappings
        .iter()
        .find(|m| {
            m["source-resource"]["href"]
                .as_str()
                .unwrap()
                .contains("eu-ai-act")
        })
        .unwrap();
    assert!(
        eu["maps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["sources"][0]["id-ref"] == "art-10"
                && m["targets"][0]["id-ref"] == "fairness-1"
                && m["relationship"] == "intersects-with")
    );
    let mut bad = doc.clone();
    bad["mapping-collection"]["provenance"]["status"] = Value::from("finished");
    assert!(!v.is_valid(&bad));
}

/// Assessment results carry the assessment date, evidence links and hashes
/// as observations, undetermined rules and divergences, and validate.
#[test]
fn assessment_results_carry_date_evidence_undetermined_and_divergences() {
    let v = validator(include_str!("oscal/oscal_assessment-results_schema.json"));
    let cat = Catalog::shipped().unwrap();
    let hash = "b".repeat(64);
    let src = format!(
        "id: o\nname: o\nprovider: A\njurisdictions: [EU, US-CO, CN]\npurposes: [employment, chatbot]\ncapabilities: [interacts_with_people, generates_synthetic_content]\npublic_facing: true\nconsequential_decisions: true\nevidence:\n  transparency:1: {{status: implemented, link: 'https://a.example/notice.pdf', sha256: {hash}}}\n"
    );
    let p = Profile::from_yaml("o.yaml", &src).unwrap();
    let a = waico_framework::assess_on(&p, &cat, "2026-03-01");
    let doc = oscal::assessment_results(&a, TS);
    assert_valid(&v, &doc, "dated assessment");
    let r = &doc["assessment-results"]["results"][0];
    assert_eq!(r["start"], "2026-03-01T00:00:00Z");
    let obs = r["observations"].as_array().unwrap();
    let ev = obs
        .iter()
        .find(|o| o["relevant-evidence"].is_array())
        .expect("evidence observation");
    assert_eq!(
        ev["relevant-evidence"][0]["href"],
        "https://a.example/notice.pdf"
    );
    assert_eq!(
        ev["relevant-evidence"][0]["props"][0]["value"],
        hash.as_str()
    );
    let uuid = ev["uuid"].as_str().unwrap();
    let fragment = format!("#{uuid}");
    assert!(r["findings"].as_array().unwrap().iter().any(|f| {
        f["links"]
            .as_array()
            .is_some_and(|x| x.iter().any(|l| l["href"] == fragment.as_str()))
    }));
    let has_prop = |name: &str| {
        obs.iter().any(|o| {
            o["props"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["name"] == name))
        })
    };
    assert!(
        has_prop("undetermined"),
        "Colorado rules need deployer facts"
    );
    assert!(has_prop("divergence"));
    // A prohibited system validates too, its prohibition a result property.
    let p = Profile::from_yaml(
        "x",
        "id: x\nname: x\nprovider: A\njurisdictions: [EU]\ncapabilities: [social_scoring]\n",
    )
    .unwrap();
    let doc = oscal::assessment_results(&assess(&p, &cat), TS);
    assert_valid(&v, &doc, "prohibited");
    assert!(
        doc["assessment-results"]["results"][0]["props"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "prohibited")
    );
}
