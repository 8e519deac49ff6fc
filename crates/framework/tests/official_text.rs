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

const EU: &str = "urn:waico:framework:eu-ai-act";

/// The part of the Regulation a requirement's `ref_id` names, read from it:
/// `Art. 5(1)(a)` → article 5, paragraph 1, point a; `Art. 50(4), second
/// subparagraph` → article 50, paragraph 4, the second subparagraph.
fn eu_ref(ref_id: &str) -> (u32, Option<u32>, Option<String>, Option<&str>) {
    let (head, sub) = match ref_id.split_once(", ") {
        Some((h, s)) => (h, Some(s)),
        None => (ref_id, None),
    };
    let rest = head.strip_prefix("Art. ").expect("an article");
    let mut parts = rest.split('(');
    let article = parts.next().unwrap().parse().expect("article number");
    let paragraph = parts
        .next()
        .map(|p| p.trim_end_matches(')').parse().expect("paragraph number"));
    let point = parts.next().map(|p| p.trim_end_matches(')').to_owned());
    assert!(parts.next().is_none(), "{ref_id}: deeper than a point");
    (article, paragraph, point, sub)
}

#[test]
fn every_eu_requirement_carries_its_official_english_text() {
    let fw = CATALOG.framework(EU).expect("the EU AI Act is shipped");
    // English is what is shipped; an absent original_language reads as English.
    assert_eq!(fw.original_language.as_deref().unwrap_or("en"), "en");
    let mut checked = 0;
    for n in fw.requirements() {
        let text = n
            .text
            .as_deref()
            .unwrap_or_else(|| panic!("{} ({}) has no official text", n.urn, n.ref_id));
        assert!(n.text_translations.is_empty(), "{}", n.urn);
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
        assert!(
            latin * 100 >= letters * 99,
            "{}: not English: {text}",
            n.urn
        );
        for line in text.lines() {
            assert!(
                !line.is_empty() && line.trim() == line && !line.contains("  "),
                "{}: stray spaces or an empty line: {line:?}",
                n.urn
            );
        }
        // The text is the part the ref_id names, and that part only.
        let (article, paragraph, point, sub) = eu_ref(&n.ref_id);
        let first = text.lines().next().unwrap();
        match (paragraph, &point, sub) {
            (_, Some(p), None) => {
                assert!(first.starts_with(&format!("({p}) ")), "{}: {first}", n.urn);
                assert!(
                    !text
                        .lines()
                        .any(|l| l.starts_with(|c: char| c.is_ascii_digit())),
                    "{}: a point holds no paragraph",
                    n.urn
                );
            }
            (Some(p), None, Some("first subparagraph") | None) => {
                assert!(first.starts_with(&format!("{p}. ")), "{}: {first}", n.urn);
                let next = format!("{}. ", p + 1);
                assert!(
                    !text.lines().any(|l| l.starts_with(&next)),
                    "{}: runs into paragraph {}",
                    n.urn,
                    p + 1
                );
            }
            (Some(p), None, Some("second subparagraph")) => {
                assert!(
                    !first.starts_with(&format!("{p}. ")) && !first.starts_with('('),
                    "{}: {first}",
                    n.urn
                );
                assert_eq!(text.lines().count(), 1, "{}", n.urn);
            }
            (None, None, None) => {
                // A whole article: numbered paragraphs from 1 in order, or one
                // unnumbered paragraph with its points (Arts. 4, 16).
                let numbered: Vec<u32> = text
                    .lines()
                    .filter_map(|l| l.split_once(". ").and_then(|(n, _)| n.parse().ok()))
                    .collect();
                assert!(
                    numbered.is_empty()
                        || numbered == (1..=numbered.len() as u32).collect::<Vec<_>>(),
                    "{} (Art. {article}): paragraphs {numbered:?}",
                    n.urn
                );
            }
            other => panic!("{}: unexpected ref_id shape {other:?}", n.urn),
        }
        checked += 1;
    }
    // Every requirement of the EU AI Act framework: none is left without text.
    assert_eq!(checked, 61);
    // Chapters and the Art. 6 heading are sections and carry no text.
    for n in fw.nodes.iter().filter(|n| n.kind == NodeKind::Section) {
        assert!(n.text.is_none(), "{} is a section", n.urn);
    }
}

/// Distinctive words of the Official Journal text, where a wrong paragraph or
/// a paraphrase would show.
#[test]
fn eu_texts_say_what_the_official_journal_says() {
    let text = |urn: &str| {
        let (_, n) = CATALOG
            .requirement(&format!("urn:waico:req:eu-ai-act:{urn}"))
            .unwrap_or_else(|| panic!("{urn} is shipped"));
        n.text.as_deref().unwrap()
    };
    assert!(text("art-5-1-a").starts_with(
        "(a) the placing on the market, the putting into service or the use of an AI system \
         that deploys subliminal techniques beyond a person’s consciousness"
    ));
    assert!(text("art-50-2").starts_with(
        "2. Providers of AI systems, including general-purpose AI systems, generating synthetic \
         audio, image, video or text content, shall ensure that the outputs of the AI system are \
         marked in a machine-readable format and detectable as artificially generated or \
         manipulated."
    ));
    assert!(text("art-52-1").contains(
        "shall notify the Commission without delay and in any event within two weeks after that \
         requirement is met or it becomes known that it will be met."
    ));
    assert!(text("art-5-3").contains("at the latest within 24 hours"));
    assert!(text("art-26-6").contains("of at least six months"));
    assert!(text("art-73-2").contains("not later than 15 days after"));
    assert!(text("art-73-3").contains("not later than two days after"));
    assert!(text("art-73-4").contains("not later than 10 days after"));
    assert!(text("art-48").contains("affixed visibly, legibly and indelibly"));
    assert!(text("art-4").starts_with("Providers and deployers of AI systems shall take measures"));

    // Point (h) holds its three objectives, not the subparagraph of paragraph 1
    // that follows it.
    let h = text("art-5-1-h");
    let lines: Vec<&str> = h.lines().collect();
    assert_eq!(lines.len(), 4, "{h}");
    assert!(lines[1].starts_with("(i) the targeted search for specific victims"));
    assert!(lines[3].starts_with("(iii) the localisation or identification"));
    assert!(!h.contains("Point (h) of the first subparagraph"));

    // Art. 50(4): the two subparagraphs are two nodes, each with its own.
    assert!(text("art-50-4-deepfake").contains("constituting a deep fake"));
    assert!(!text("art-50-4-deepfake").contains("matters of public interest"));
    assert!(text("art-50-4-text").contains("matters of public interest"));
    assert!(!text("art-50-4-text").contains("deep fake"));

    // A whole article: Art. 9 has its ten paragraphs, Art. 16 its points (a) to (l).
    assert!(text("art-9").lines().any(|l| l.starts_with("10. ")));
    let art16 = text("art-16");
    assert_eq!(
        art16.lines().next(),
        Some("Providers of high-risk AI systems shall:")
    );
    assert_eq!(art16.lines().count(), 13);
    assert!(art16.lines().last().unwrap().starts_with("(l) ensure that"));
}

#[test]
fn eu_text_is_english_for_every_reader() {
    let fw = CATALOG.framework(EU).unwrap();
    let n = fw.node("urn:waico:req:eu-ai-act:art-50-2").unwrap();
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        let t = n.text_for(fw, lang).unwrap();
        assert_eq!(t.lang, "en", "{lang}");
        assert_eq!(t.original_language, "en", "{lang}");
        assert_eq!(Some(t.text), n.text.as_deref(), "{lang}");
    }
    // The OSCAL export carries it as the official text, in English.
    let v = waico_framework::oscal::framework_catalog(fw, "2026-01-01T00:00:00Z");
    let mut found = Vec::new();
    find_parts(&v, "official-text", &mut found);
    assert_eq!(found.len(), 61);
    let art50 = found
        .iter()
        .find(|p| {
            p["prose"]
                .as_str()
                .unwrap()
                .contains("machine-readable format")
        })
        .expect("Art. 50(2) in the OSCAL catalog");
    assert_eq!(art50["props"][0]["name"], "language");
    assert_eq!(art50["props"][0]["value"], "en");
}

fn find_parts<'a>(v: &'a serde_json::Value, name: &str, out: &mut Vec<&'a serde_json::Value>) {
    match v {
        serde_json::Value::Object(m) => {
            if m.get("name").and_then(|n| n.as_str()) == Some(name) && m.contains_key("prose") {
                out.push(v);
            }
            m.values().for_each(|c| find_parts(c, name, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|c| find_parts(c, name, out)),
        _ => {}
    }
}

/// Colorado deliberately carries no text: SB26-189 (signed 14 May 2026) repeals
/// and re-enacts the part SB24-205 created, with effect from 1 January 2027, so
/// the SB24-205 wording would be stale within weeks. SB26-189 itself was
/// modelled from public summaries of the bill, its enacted text unread, so it
/// carries none either. docs/FRAMEWORK.md says so.
#[test]
fn colorado_carries_no_official_text() {
    for urn in [
        "urn:waico:framework:us-co-sb205",
        "urn:waico:framework:us-co-sb26-189",
    ] {
        let fw = CATALOG.framework(urn).expect("Colorado is shipped");
        assert!(fw.requirements().count() > 0);
        for n in &fw.nodes {
            assert!(n.text.is_none(), "{} carries text", n.urn);
            assert!(n.text_translations.is_empty(), "{}", n.urn);
            assert!(n.text_for(fw, "en").is_none(), "{}", n.urn);
        }
    }
}

const NIST: &str = "urn:waico:framework:nist-ai-rmf";

/// NIST AI RMF 1.0: each of the 19 categories carries its statement and those of
/// its subcategories, one line each, led by the identifier as Tables 1–4 of
/// NIST AI 100-1 set it ("GOVERN 1:", "GOVERN 1.1:", …).
#[test]
fn every_nist_category_carries_its_statements_and_its_subcategories() {
    let fw = CATALOG.framework(NIST).expect("the NIST AI RMF is shipped");
    assert_eq!(fw.original_language.as_deref(), Some("en"));
    let mut per_category = Vec::new();
    for n in fw.requirements() {
        let text = n
            .text
            .as_deref()
            .unwrap_or_else(|| panic!("{} ({}) has no official text", n.urn, n.ref_id));
        assert!(n.text_translations.is_empty(), "{}", n.urn);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with(&format!("{}: ", n.ref_id)),
            "{}: the category's own statement first: {}",
            n.urn,
            lines[0]
        );
        for (i, line) in lines[1..].iter().enumerate() {
            assert!(
                line.starts_with(&format!("{}.{}: ", n.ref_id, i + 1)),
                "{}: subcategories in order: {line}",
                n.urn
            );
        }
        for line in &lines {
            assert!(
                line.ends_with('.') && line.trim() == *line && !line.contains("  "),
                "{}: {line:?}",
                n.urn
            );
            assert!(
                line.chars()
                    .filter(|c| c.is_alphabetic())
                    .all(|c| c.is_ascii_alphabetic()),
                "{}: not English: {line}",
                n.urn
            );
        }
        per_category.push((n.ref_id.as_str(), lines.len() - 1));
    }
    // The Core's 19 categories and 72 subcategories (AI 100-1, Tables 1–4).
    assert_eq!(
        per_category,
        [
            ("GOVERN 1", 7),
            ("GOVERN 2", 3),
            ("GOVERN 3", 2),
            ("GOVERN 4", 3),
            ("GOVERN 5", 2),
            ("GOVERN 6", 2),
            ("MAP 1", 6),
            ("MAP 2", 3),
            ("MAP 3", 5),
            ("MAP 4", 2),
            ("MAP 5", 2),
            ("MEASURE 1", 3),
            ("MEASURE 2", 13),
            ("MEASURE 3", 3),
            ("MEASURE 4", 3),
            ("MANAGE 1", 4),
            ("MANAGE 2", 4),
            ("MANAGE 3", 2),
            ("MANAGE 4", 3),
        ]
    );
    assert_eq!(per_category.iter().map(|(_, n)| n).sum::<usize>(), 72);
    // The four functions are sections and carry no text.
    for n in fw.nodes.iter().filter(|n| n.kind == NodeKind::Section) {
        assert!(n.text.is_none(), "{} is a section", n.urn);
    }
}

/// The words of NIST AI 100-1 (the Core), not of the Playbook, whose restatements
/// differ in places.
#[test]
fn nist_texts_say_what_ai_100_1_says() {
    let line = |category: &str, id: &str| -> String {
        let (_, n) = CATALOG
            .requirement(&format!("urn:waico:req:nist-ai-rmf:{category}"))
            .unwrap_or_else(|| panic!("{category} is shipped"));
        let text = n.text.as_deref().unwrap();
        text.lines()
            .find(|l| l.starts_with(&format!("{id}: ")))
            .unwrap_or_else(|| panic!("{id} in {category}"))
            .to_owned()
    };
    assert_eq!(
        line("gv-1", "GOVERN 1.1"),
        "GOVERN 1.1: Legal and regulatory requirements involving AI are understood, managed, \
         and documented."
    );
    assert_eq!(
        line("gv-1", "GOVERN 1"),
        "GOVERN 1: Policies, processes, procedures, and practices across the organization \
         related to the mapping, measuring, and managing of AI risks are in place, transparent, \
         and implemented effectively."
    );
    // The Playbook spells TEVV out here and says "AI actors" in GOVERN 5.2.
    assert_eq!(
        line("ms-2", "MEASURE 2.1"),
        "MEASURE 2.1: Test sets, metrics, and details about the tools used during TEVV are \
         documented."
    );
    assert!(line("gv-5", "GOVERN 5.2").contains(
        "to enable the team that developed or deployed AI systems to regularly incorporate \
         adjudicated feedback"
    ));
    // The PDF's text layer loses the hyphen of "context-specific" at a line break.
    assert!(line("mp-1", "MAP 1.1").contains("context-specific laws, norms and expectations"));
    assert!(line("mp-1", "MAP 1.1").ends_with("and related TEVV and system metrics."));
    assert!(
        line("mp-1", "MAP 1.6")
            .contains("(e.g., “the system shall respect the privacy of its users”)")
    );
    assert!(line("ms-2", "MEASURE 2.6").contains("Safety metrics reflect system reliability"));
    assert!(line("mg-4", "MANAGE 4.3").starts_with(
        "MANAGE 4.3: Incidents and errors are communicated to relevant AI actors, including \
             affected communities."
    ));
}
