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
