//! Issue 10 item 4, "the law in its languages": requirements carry the official
//! text of the law in the language it was adopted in (`Node::text`).

use std::sync::LazyLock;
use waico_framework::Catalog;
use waico_framework::framework::{Framework, NodeKind};

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::shipped().expect("shipped catalog"));

/// China's three instruments, whose requirements must all carry their Chinese text.
const CHINESE: [&str; 3] = [
    "urn:waico:framework:cn-genai",
    "urn:waico:framework:cn-deep-synthesis",
    "urn:waico:framework:cn-label",
];

/// Requirements of those instruments that carry no official text, and why. Keep
/// this list as short as possible; docs/FRAMEWORK.md names the same nodes.
const WITHOUT_TEXT: [(&str, &str); 2] = [
    (
        "urn:waico:req:cn-label:gb-45438-explicit",
        "clauses of the national standard GB 45438-2025, not of the Measures; not copied",
    ),
    (
        "urn:waico:req:cn-label:gb-45438-implicit",
        "clauses of the national standard GB 45438-2025, not of the Measures; not copied",
    ),
];

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

#[test]
fn every_chinese_requirement_carries_its_official_chinese_text() {
    let mut checked = 0;
    for urn in CHINESE {
        let fw = CATALOG
            .framework(urn)
            .unwrap_or_else(|| panic!("{urn} is shipped"));
        assert_eq!(fw.original_language.as_deref(), Some("zh"), "{urn}");
        for n in fw.requirements() {
            if WITHOUT_TEXT.iter().any(|(u, _)| *u == n.urn) {
                assert!(n.text.is_none(), "{} is listed as without text", n.urn);
                continue;
            }
            let text = n
                .text
                .as_deref()
                .unwrap_or_else(|| panic!("{} has no official text", n.urn));
            let cjk = text.chars().filter(|c| is_cjk(*c)).count();
            assert!(
                cjk * 2 > text.chars().filter(|c| !c.is_whitespace()).count(),
                "{}: the official text is not Chinese: {text}",
                n.urn
            );
            assert!(
                !text.contains("  ") && text.trim() == text,
                "{}: stray spaces",
                n.urn
            );
            checked += 1;
        }
    }
    // 13 articles and items of the GenAI Measures, 12 of the Deep Synthesis
    // Provisions, 7 of the Labeling Measures.
    assert_eq!(checked, 32);
    for (urn, _) in WITHOUT_TEXT {
        assert!(CATALOG.requirement(urn).is_some(), "{urn} is still shipped");
    }
}

#[test]
fn a_paragraph_node_carries_that_paragraph_only() {
    let (_, art4) = CATALOG.requirement("urn:waico:req:cn-genai:art-4").unwrap();
    let (_, item2) = CATALOG
        .requirement("urn:waico:req:cn-genai:art-4-2")
        .unwrap();
    let art4 = art4.text.as_deref().unwrap();
    let item2 = item2.text.as_deref().unwrap();
    assert!(art4.starts_with("提供和使用生成式人工智能服务，应当遵守法律、行政法规"));
    assert!(item2.starts_with("（二）在算法设计、训练数据选择"));
    assert!(
        art4.lines().any(|l| l == item2),
        "Art. 4(2) is a line of Art. 4"
    );
    assert_eq!(item2.lines().count(), 1);
    let (_, display) = CATALOG
        .requirement("urn:waico:req:cn-deep-synthesis:art-19-display")
        .unwrap();
    let (_, art19) = CATALOG
        .requirement("urn:waico:req:cn-deep-synthesis:art-19")
        .unwrap();
    let display = display.text.as_deref().unwrap();
    assert_eq!(art19.text.as_deref().unwrap().lines().last(), Some(display));
    assert!(display.contains("标明其备案编号"));
}

#[test]
fn the_text_is_read_in_the_law_s_language_with_official_translations_only() {
    let fw = CATALOG.framework("urn:waico:framework:cn-genai").unwrap();
    let n = fw.node("urn:waico:req:cn-genai:art-12").unwrap();
    let fr = n.text_for(fw, "fr").unwrap();
    assert_eq!(fr.lang, "zh");
    assert_eq!(Some(fr.text), n.text.as_deref());
    assert_eq!(fr.original_language, "zh");
    // A node without text has none to show.
    let section = fw.node("urn:waico:req:cn-genai:ch-1").unwrap();
    assert_eq!(section.kind, NodeKind::Section);
    assert!(section.text_for(fw, "fr").is_none());

    // An official translation, where the data has one, is shown to its readers.
    let src = "\
urn: urn:x:fw
ref_id: X
name: X
version: '1'
jurisdiction: EU
original_language: fr
nodes:
  - urn: urn:x:a
    kind: requirement
    ref_id: Art. 1
    title: Article 1
    text: Le texte officiel.
    text_translations:
      en: The official text.
";
    let fw = Framework::from_yaml("x.yaml", src).unwrap();
    let n = fw.node("urn:x:a").unwrap();
    assert_eq!(n.text_for(&fw, "en").unwrap().text, "The official text.");
    assert_eq!(n.text_for(&fw, "en").unwrap().lang, "en");
    assert_eq!(n.text_for(&fw, "ru").unwrap().text, "Le texte officiel.");
    assert_eq!(n.text_for(&fw, "ru").unwrap().lang, "fr");
    // It survives the YAML export.
    let again = Framework::from_yaml("x.yaml", &fw.to_yaml()).unwrap();
    assert_eq!(again, fw);
}

#[test]
fn text_translations_must_be_in_a_known_language_and_text_not_empty() {
    let src = |extra: &str| {
        format!(
            "\
urn: urn:x:fw
ref_id: X
name: X
version: '1'
jurisdiction: CN
original_language: zh
nodes:
  - urn: urn:x:a
    kind: requirement
    ref_id: Art. 1
    title: Article 1
{extra}"
        )
    };
    let e = Framework::from_yaml(
        "x.yaml",
        &src("    text: 第一条\n    text_translations:\n      de: Artikel 1\n"),
    )
    .unwrap_err();
    assert_eq!(e.0.len(), 1, "{e:?}");
    assert!(
        e.0[0].reason.contains("unknown translation language `de`"),
        "{e:?}"
    );
    assert_eq!(e.0[0].line, 14, "located on the `de:` line: {e:?}");

    let e = Framework::from_yaml("x.yaml", &src("    text: '  '\n")).unwrap_err();
    assert!(e.0[0].reason.contains("empty official text"), "{e:?}");

    // An unknown field next to `text` is still refused.
    assert!(Framework::from_yaml("x.yaml", &src("    text: 第一条\n    txt: x\n")).is_err());
    // The six languages are accepted.
    Framework::from_yaml(
        "x.yaml",
        &src(
            "    text: 第一条\n    text_translations:\n      en: Article 1\n      fr: Article 1\n",
        ),
    )
    .unwrap();
}

#[test]
fn the_oscal_catalog_carries_the_official_text() {
    let fw = CATALOG.framework("urn:waico:framework:cn-genai").unwrap();
    let v = waico_framework::oscal::framework_catalog(fw, "2026-01-01T00:00:00Z");
    let s = v.to_string();
    assert!(s.contains("\"official-text\""));
    assert!(s.contains(
        "提供者应当按照《互联网信息服务深度合成管理规定》对图片、视频等生成内容进行标识。"
    ));
}
