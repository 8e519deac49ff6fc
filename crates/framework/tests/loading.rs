//! Uploads: invalid packs and frameworks give located errors and change
//! nothing; CISO Assistant libraries import.

use waico_framework::Catalog;
use waico_framework::catalog::shipped;
use waico_framework::framework::{NodeKind, import_ciso_assistant};

const PACK: &str = "\
id: xx-test
jurisdiction: EU
name: Test pack
version: '1'
status: draft
official_source: {title: t, url: 'https://example.org'}
frameworks: [urn:waico:framework:eu-ai-act]
risk_classes: [low, high]
default_risk_class: low
applies_when: \"'EU' in jurisdictions\"
rules:
  - id: r1
    title: one
    citation: Art. 1
    when: \"'employment' in purposes\"
    risk_class: high
    obligations:
      - requirement: urn:waico:req:eu-ai-act:art-9
        bearer: provider
        applies_from: '2026-08-02'
  - id: r2
    title: two
    citation: Art. 2
    when: \"is_gpai\"
";

fn packs_before(cat: &Catalog) -> Vec<String> {
    cat.packs()
        .iter()
        .map(|p| format!("{}@{}", p.doc.id, p.doc.version))
        .collect()
}

fn rejected(src: &str) -> waico_framework::LoadErrors {
    let mut cat = Catalog::shipped().unwrap();
    let before = packs_before(&cat);
    let err = cat
        .add_pack_yaml("upload.yaml", src)
        .expect_err("must be rejected");
    assert_eq!(packs_before(&cat), before, "catalog changed");
    assert!(cat.pack("xx-test").is_none());
    err
}

#[test]
fn valid_pack_is_accepted_and_replaced_by_id() {
    let mut cat = Catalog::shipped().unwrap();
    cat.add_pack_yaml("upload.yaml", PACK).unwrap();
    assert_eq!(cat.packs().len(), 7);
    cat.add_pack_yaml("upload.yaml", &PACK.replace("version: '1'", "version: '2'"))
        .unwrap();
    assert_eq!(cat.packs().len(), 7);
    assert_eq!(cat.pack("xx-test").unwrap().doc.version, "2");
}

#[test]
fn a_pack_source_must_be_a_web_link() {
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        "java\\tscript:alert(1)",
    ] {
        let e = rejected(&PACK.replace("https://example.org", bad));
        assert!(
            e.0.iter()
                .any(|e| e.reason.contains("official_source.url") && e.line == 6),
            "{bad}: {e}"
        );
    }
}

#[test]
fn bad_cel_is_located() {
    let e = rejected(&PACK.replace("when: \"is_gpai\"", "when: \"is_gpai &&\""));
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!(e.0[0].file, "upload.yaml");
    assert_eq!(e.0[0].line, 24, "{e}");
    assert!(
        e.0[0].reason.contains("rule `r2`") && e.0[0].reason.contains("CEL does not compile"),
        "{e}"
    );
}

#[test]
fn unknown_profile_field_is_located() {
    let e = rejected(&PACK.replace("'employment' in purposes", "'employment' in purpose"));
    assert_eq!(e.0[0].line, 15, "{e}");
    assert!(
        e.0[0].reason.contains("unknown profile field(s): purpose"),
        "{e}"
    );
}

#[test]
fn unknown_requirement_urn_is_located() {
    let e = rejected(&PACK.replace("eu-ai-act:art-9", "eu-ai-act:art-999"));
    assert_eq!(e.0[0].line, 18, "{e}");
    assert!(e.0[0].reason.contains("unknown requirement URN"), "{e}");
}

#[test]
fn requirement_of_other_jurisdiction_is_rejected() {
    let e = rejected(&PACK.replace(
        "urn:waico:req:eu-ai-act:art-9",
        "urn:waico:req:cn-genai:art-17",
    ));
    assert!(
        e.0[0].reason.contains("not to a framework of this pack"),
        "{e}"
    );
}

#[test]
fn yaml_syntax_error_is_located() {
    let e = rejected(&PACK.replace("risk_classes: [low, high]", "risk_classes: [low, high"));
    assert_eq!(e.0[0].file, "upload.yaml");
    assert!(e.0[0].line >= 8, "{e}");
    assert!(e.0[0].reason.starts_with("YAML:"), "{e}");
}

#[test]
fn unknown_status_and_risk_class_are_located() {
    let e = rejected(&PACK.replace("status: draft", "status: rumoured"));
    assert_eq!(e.0[0].line, 5, "{e}");
    let e = rejected(&PACK.replace("risk_class: high", "risk_class: extreme"));
    assert_eq!(e.0[0].line, 16, "{e}");
}

#[test]
fn several_errors_are_all_reported() {
    let src = PACK
        .replace("'employment' in purposes", "bogus")
        .replace("is_gpai", "(");
    let e = rejected(&src);
    assert_eq!(e.0.len(), 2, "{e}");
}

#[test]
fn shipped_packs_compile_each_expression_once_with_fields() {
    let cat = Catalog::shipped().unwrap();
    let eu = cat.pack("eu-ai-act").unwrap();
    let r = eu
        .rules
        .iter()
        .find(|r| r.doc.id == "eu.gpai.systemic")
        .unwrap();
    assert_eq!(r.condition.fields, vec!["is_gpai", "training_compute_flop"]);
    assert_eq!(eu.applies.fields, vec!["art2_exclusions", "jurisdictions"]);
}

#[test]
fn ciso_assistant_library_imports() {
    let src = include_str!("fixtures/ciso_sample.yaml");
    let fw = import_ciso_assistant("ciso_sample.yaml", src, "INTL").unwrap();
    assert_eq!(
        fw.urn,
        "urn:intuitem:risk:framework:waico-sample-ai-governance"
    );
    assert_eq!(fw.nodes.len(), 8);
    assert_eq!(fw.requirements().count(), 5);
    assert_eq!(fw.version, "2");
    let gov2 = fw
        .node("urn:intuitem:risk:req_node:waico-sample-ai-governance:gov.2")
        .unwrap();
    assert_eq!(gov2.title, "GOV.2");
    assert_eq!(gov2.kind, NodeKind::Requirement);
    let d1 = fw
        .node("urn:intuitem:risk:req_node:waico-sample-ai-governance:data.1")
        .unwrap();
    assert_eq!(
        d1.translations.get("zh").map(String::as_str),
        Some("训练数据来源")
    );
    assert_eq!(fw.children(Some(&d1.urn)).len(), 1);
    assert_eq!(
        fw.translations.get("fr").map(String::as_str),
        Some("Liste de contrôle de gouvernance de l'IA")
    );
    let mut cat = Catalog::shipped().unwrap();
    cat.add_framework("ciso_sample.yaml", src, fw.clone())
        .unwrap();
    let e = cat.add_framework("ciso_sample.yaml", src, fw).unwrap_err();
    assert!(e.0[0].reason.contains("already loaded"));
    // exported WAICO YAML re-imports
    let again = waico_framework::framework::Framework::from_yaml(
        "x.yaml",
        &cat.framework("urn:intuitem:risk:framework:waico-sample-ai-governance")
            .unwrap()
            .to_yaml(),
    )
    .unwrap();
    assert_eq!(again.nodes.len(), 8);
}

/// A library shaped like the community ones: `locale`, `copyright`,
/// `packager`, implementation groups, `annotation`, `typical_evidence`, and
/// translations into `de` and `it` besides `fr`, at library, framework and
/// node level. It loads as it is; the six UN languages are kept, the others
/// dropped.
#[test]
fn ciso_assistant_library_with_other_languages_imports_as_it_is() {
    let src = include_str!("fixtures/ciso_multilingual.yaml");
    let fw = import_ciso_assistant("ciso_multilingual.yaml", src, "INTL").unwrap();
    assert_eq!(
        fw.urn,
        "urn:intuitem:risk:framework:waico-sample-ai-procurement"
    );
    assert_eq!(fw.version, "3");
    assert_eq!((fw.nodes.len(), fw.requirements().count()), (6, 4));
    assert_eq!(
        fw.translations,
        [(
            "fr".to_owned(),
            "Liste de contrôle des achats publics d'IA".to_owned()
        )]
        .into()
    );
    let node = |id: &str| {
        fw.node(&format!(
            "urn:intuitem:risk:req_node:waico-sample-ai-procurement:{id}"
        ))
        .unwrap()
    };
    assert_eq!(node("tender").kind, NodeKind::Section);
    assert_eq!(
        node("tender").translations.get("fr").map(String::as_str),
        Some("Appel d'offres")
    );
    let t1 = node("tender.1");
    assert_eq!(
        (t1.kind, t1.title.as_str()),
        (NodeKind::Requirement, "Intended purpose stated")
    );
    assert_eq!(
        t1.translations,
        [("fr".to_owned(), "Finalité prévue énoncée".to_owned())].into()
    );
    assert_eq!(t1.parent.as_deref(), Some(node("tender").urn.as_str()));
    // Only a `de` description: no title translation is left, and the
    // title falls back to the reference.
    let o1a = node("operation.1.a");
    assert!(o1a.translations.is_empty());
    assert_eq!(o1a.title, "O.1.a");
    assert_eq!(fw.children(Some(&node("operation.1").urn)).len(), 1);
    for n in &fw.nodes {
        assert!(
            n.translations.keys().all(|l| l == "fr"),
            "{}: {:?}",
            n.urn,
            n.translations
        );
    }

    // It joins the catalog, and its WAICO export (with only the kept
    // languages) loads back.
    let mut cat = Catalog::shipped().unwrap();
    cat.add_framework("ciso_multilingual.yaml", src, fw)
        .unwrap();
    let again = waico_framework::framework::Framework::from_yaml(
        "x.yaml",
        &cat.framework("urn:intuitem:risk:framework:waico-sample-ai-procurement")
            .unwrap()
            .to_yaml(),
    )
    .unwrap();
    assert_eq!(again.nodes.len(), 6);

    // A WAICO framework YAML is still held to the six languages.
    let e = waico_framework::framework::Framework::from_yaml(
        "x.yaml",
        &again.to_yaml().replacen("fr: ", "de: ", 1),
    )
    .unwrap_err();
    assert!(
        e.0[0].reason.contains("unknown translation language `de`"),
        "{e}"
    );
}

#[test]
fn ciso_import_with_dangling_parent_is_located() {
    let src = include_str!("fixtures/ciso_sample.yaml").replace(
        "parent_urn: urn:intuitem:risk:req_node:waico-sample-ai-governance:ops\n",
        "parent_urn: urn:intuitem:risk:req_node:waico-sample-ai-governance:nowhere\n",
    );
    let e = import_ciso_assistant("bad.yaml", &src, "INTL").unwrap_err();
    assert!(e.0[0].reason.contains("does not exist"));
    assert_eq!(e.0[0].line, 73, "{e}");
}

#[test]
fn crosswalk_to_unknown_control_is_rejected() {
    let mut cat = Catalog::shipped().unwrap();
    let (f, s) = shipped::CROSSWALKS[0];
    let before = cat.crosswalks().all().len();
    let bad = s.replace(
        "art-4: {human-oversight:3: equal}",
        "art-4: {human-oversight:99: equal}",
    );
    let e = cat.add_crosswalk_yaml(f, &bad).unwrap_err();
    assert!(e.0[0].reason.contains("unknown control"), "{e}");
    assert_eq!(e.0[0].line, 6, "{e}");
    assert_eq!(cat.crosswalks().all().len(), before);
}

#[test]
fn a_repealed_pack_needs_a_repeal_date() {
    let e = rejected(&PACK.replace("status: draft", "status: repealed"));
    assert!(
        e.0.iter()
            .any(|e| e.reason.contains("needs `repealed_on`") && e.line == 5),
        "{e}"
    );
    let e = rejected(&PACK.replace(
        "status: draft",
        "status: repealed\nrepealed_on: 14 May 2026",
    ));
    assert!(
        e.0.iter().any(|e| e
            .reason
            .contains("repealed_on `14 May 2026` is not YYYY-MM-DD")),
        "{e}"
    );
    let mut cat = Catalog::shipped().unwrap();
    cat.add_pack_yaml(
        "upload.yaml",
        &PACK.replace(
            "status: draft",
            "status: repealed\nrepealed_on: '2026-05-14'",
        ),
    )
    .unwrap();
}
