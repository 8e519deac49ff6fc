//! Table-driven classification cases: profile → expected applicability, risk
//! class and key obligations per jurisdiction. Each case cites the provision
//! that decides it.
//!
//! Expectation mini-language (pack aliases: eu, cn, nist, co, br):
//! `eu=high` risk class · `eu!` pack does not apply · `eu?` pack applies ·
//! `eu+art-9` obligation whose requirement URN ends with `:art-9` ·
//! `eu-art-9` no such obligation · `eu~rule.id` undetermined rule ·
//! `eu+art-9@2027-08-02` obligation applying from that date ·
//! `eu+art-73-4/10` obligation with a 10-day deadline · `eu+art-9>deployer` bearer.

use std::sync::LazyLock;
use waico_framework::assess::Assessment;
use waico_framework::{Catalog, Profile, assess};

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::shipped().expect("shipped catalog"));

struct Case {
    name: &'static str,
    cites: &'static str,
    profile: &'static str,
    expect: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "social scoring",
        cites: "EU AI Act Art. 5(1)(c)",
        profile: "jurisdictions: [EU]\ncapabilities: [social_scoring]",
        expect: &["eu=prohibited", "eu+art-5-1-c", "eu+art-5-1-c@2025-02-02"],
    },
    Case {
        name: "subliminal manipulation",
        cites: "Art. 5(1)(a)",
        profile: "jurisdictions: [EU]\ncapabilities: [subliminal_manipulation]",
        expect: &["eu=prohibited", "eu+art-5-1-a"],
    },
    Case {
        name: "exploiting vulnerabilities of children",
        cites: "Art. 5(1)(b)",
        profile: "jurisdictions: [EU]\ncapabilities: [exploits_vulnerabilities]\naffected_persons: [children]",
        expect: &["eu=prohibited", "eu+art-5-1-b"],
    },
    Case {
        name: "untargeted facial scraping",
        cites: "Art. 5(1)(e)",
        profile: "jurisdictions: [EU]\ncapabilities: [untargeted_facial_scraping]",
        expect: &["eu=prohibited", "eu+art-5-1-e"],
    },
    Case {
        name: "emotion recognition at work",
        cites: "Art. 5(1)(f)",
        profile: "jurisdictions: [EU]\ncapabilities: [emotion_recognition]\ndeployment_contexts: [workplace]\npurposes: [employment]",
        expect: &["eu=prohibited", "eu+art-5-1-f"],
    },
    Case {
        name: "emotion recognition at school",
        cites: "Art. 5(1)(f)",
        profile: "jurisdictions: [EU]\ncapabilities: [emotion_recognition]\ndeployment_contexts: [education_institution]",
        expect: &["eu=prohibited", "eu+art-5-1-f"],
    },
    Case {
        name: "emotion recognition at work for safety is not prohibited",
        cites: "Art. 5(1)(f) medical/safety exception; Annex III(1)(c); Art. 50(3)",
        profile: "jurisdictions: [EU]\ncapabilities: [emotion_recognition]\ndeployment_contexts: [workplace]\npurposes: [safety]",
        expect: &["eu=high", "eu-art-5-1-f", "eu+art-50-3>deployer"],
    },
    Case {
        name: "crime prediction solely by profiling",
        cites: "Art. 5(1)(d)",
        profile: "jurisdictions: [EU]\ncapabilities: [crime_prediction_profiling]",
        expect: &["eu=prohibited", "eu+art-5-1-d"],
    },
    Case {
        name: "sensitive biometric categorisation",
        cites: "Art. 5(1)(g)",
        profile: "jurisdictions: [EU]\ncapabilities: [biometric_categorisation_sensitive]",
        expect: &["eu=prohibited", "eu+art-5-1-g"],
    },
    Case {
        name: "real-time RBI by police without exception",
        cites: "Art. 5(1)(h)",
        profile: "jurisdictions: [EU]\npurposes: [law_enforcement]\ncapabilities: [biometric_identification_remote, biometric_identification_realtime]\ndeployment_contexts: [publicly_accessible_space]",
        expect: &["eu=prohibited", "eu+art-5-1-h", "eu-art-5-2"],
    },
    Case {
        name: "real-time RBI by police for a victim search",
        cites: "Art. 5(1)(h)(i), 5(2)-(4)",
        profile: "jurisdictions: [EU]\npurposes: [law_enforcement]\ncapabilities: [biometric_identification_remote, biometric_identification_realtime]\ndeployment_contexts: [publicly_accessible_space]\nrbi_exceptions: [targeted_victim_search]",
        expect: &[
            "eu=high",
            "eu-art-5-1-h",
            "eu+art-5-2",
            "eu+art-5-3/1",
            "eu+art-5-4",
            "eu+art-9",
        ],
    },
    Case {
        name: "Annex III(1) post remote biometric identification",
        cites: "Art. 6(2), Annex III(1)(a)",
        profile: "jurisdictions: [EU]\ncapabilities: [biometric_identification_remote]",
        expect: &["eu=high", "eu+art-9", "eu+art-49-1"],
    },
    Case {
        name: "Annex III(2) critical infrastructure",
        cites: "Annex III(2)",
        profile: "jurisdictions: [EU]\npurposes: [critical_infrastructure]",
        expect: &["eu=high", "eu+art-15", "eu+art-73-3/2"],
    },
    Case {
        name: "Annex III(3) education admission",
        cites: "Annex III(3)",
        profile: "jurisdictions: [EU]\npurposes: [education]",
        expect: &["eu=high", "eu+art-10", "eu+art-26-11"],
    },
    Case {
        name: "Annex III(4) employment screening",
        cites: "Annex III(4); Art. 26(7)",
        profile: "jurisdictions: [EU]\npurposes: [employment]",
        expect: &[
            "eu=high",
            "eu+art-26-7>deployer",
            "eu+art-73-2/15",
            "eu+art-73-4/10",
            "eu+art-9@2026-08-02",
        ],
    },
    Case {
        name: "Annex III(5)(a) public benefits by a public body",
        cites: "Annex III(5)(a); Art. 27; Art. 49(3)",
        profile: "jurisdictions: [EU]\npurposes: [public_benefits]\ndeployer_public_body: true",
        expect: &["eu=high", "eu+art-27", "eu+art-49-3"],
    },
    Case {
        name: "Annex III(5)(b) credit scoring",
        cites: "Annex III(5)(b); Art. 27(1)",
        profile: "jurisdictions: [EU]\npurposes: [essential_services_credit]",
        expect: &["eu=high", "eu+art-27>deployer", "eu-art-49-3"],
    },
    Case {
        name: "Annex III(5)(c) life and health insurance pricing",
        cites: "Annex III(5)(c); Art. 27(1)",
        profile: "jurisdictions: [EU]\npurposes: [essential_services_insurance]",
        expect: &["eu=high", "eu+art-27"],
    },
    Case {
        name: "Annex III(5)(d) emergency dispatch by a private operator",
        cites: "Annex III(5)(d)",
        profile: "jurisdictions: [EU]\npurposes: [emergency_dispatch]",
        expect: &["eu=high", "eu-art-27"],
    },
    Case {
        name: "Annex III(6) law enforcement evidence reliability",
        cites: "Annex III(6)",
        profile: "jurisdictions: [EU]\npurposes: [law_enforcement]",
        expect: &["eu=high", "eu+art-14"],
    },
    Case {
        name: "Annex III(7) migration and border control",
        cites: "Annex III(7)",
        profile: "jurisdictions: [EU]\npurposes: [migration_border]",
        expect: &["eu=high", "eu+art-43"],
    },
    Case {
        name: "Annex III(8)(a) administration of justice",
        cites: "Annex III(8)(a)",
        profile: "jurisdictions: [EU]\npurposes: [justice_democracy]",
        expect: &["eu=high", "eu+art-86"],
    },
    Case {
        name: "Annex III(8)(b) influencing elections",
        cites: "Annex III(8)(b)",
        profile: "jurisdictions: [EU]\npurposes: [elections]",
        expect: &["eu=high", "eu+art-11"],
    },
    Case {
        name: "Art. 6(3)(a) narrow procedural task is not high-risk",
        cites: "Art. 6(3)(a), 6(4), 49(2)",
        profile: "jurisdictions: [EU]\npurposes: [employment]\nart6_3_exemptions: [narrow_procedural_task]",
        expect: &["eu=minimal", "eu+art-6-4", "eu+art-49-2", "eu-art-9"],
    },
    Case {
        name: "Art. 6(3) claim with profiling stays high-risk",
        cites: "Art. 6(3), third subparagraph",
        profile: "jurisdictions: [EU]\npurposes: [employment]\nart6_3_exemptions: [narrow_procedural_task]\ncapabilities: [profiling]",
        expect: &["eu=high", "eu+art-9", "eu-art-6-4"],
    },
    Case {
        name: "Art. 6(3)(d) preparatory task on credit files",
        cites: "Art. 6(3)(d)",
        profile: "jurisdictions: [EU]\npurposes: [essential_services_credit]\nart6_3_exemptions: [preparatory_task]",
        expect: &["eu=minimal", "eu-art-27", "eu+art-49-2"],
    },
    Case {
        name: "Annex I safety component applies from 2027",
        cites: "Art. 6(1), Art. 113(c)",
        profile: "jurisdictions: [EU]\nannex_i_safety_component: true\nannex_i_legislation: medical_devices\npurposes: [medical]",
        expect: &[
            "eu=high",
            "eu+art-9@2027-08-02",
            "eu+art-43@2027-08-02",
            "eu-art-49-1",
        ],
    },
    Case {
        name: "GPAI below 10^25 FLOP",
        cites: "Art. 51(2), Art. 53(1)",
        profile: "jurisdictions: [EU]\nis_gpai: true\ntraining_compute_flop: 3.0e24",
        expect: &[
            "eu=gpai",
            "eu+art-53-1-a@2025-08-02",
            "eu+art-53-1-d",
            "eu-art-55-1-a",
        ],
    },
    Case {
        name: "GPAI above 10^25 FLOP has systemic risk",
        cites: "Art. 51(2), Art. 55(1)",
        profile: "jurisdictions: [EU]\nis_gpai: true\ntraining_compute_flop: 2.0e25",
        expect: &[
            "eu=gpai_systemic",
            "eu+art-55-1-a",
            "eu+art-55-1-b",
            "eu+art-55-1-c",
            "eu+art-55-1-d",
        ],
    },
    Case {
        name: "open-source GPAI below threshold is exempt from 53(1)(a)-(b)",
        cites: "Art. 53(2)",
        profile: "jurisdictions: [EU]\nis_gpai: true\ntraining_compute_flop: 1.0e24\nopen_source_licence: Apache-2.0",
        expect: &[
            "eu=gpai",
            "eu-art-53-1-a",
            "eu-art-53-1-b",
            "eu+art-53-1-c",
            "eu+art-53-1-d",
        ],
    },
    Case {
        name: "open-source GPAI with systemic risk is not exempt",
        cites: "Art. 53(2), last sentence",
        profile: "jurisdictions: [EU]\nis_gpai: true\ntraining_compute_flop: 5.0e25\nopen_source_licence: MIT",
        expect: &[
            "eu=gpai_systemic",
            "eu+art-53-1-a",
            "eu+art-53-1-b",
            "eu+art-55-1-a",
        ],
    },
    Case {
        name: "GPAI with unknown compute is undetermined for systemic risk",
        cites: "Art. 51(2)",
        profile: "jurisdictions: [EU]\nis_gpai: true",
        expect: &["eu=gpai", "eu~eu.gpai.systemic", "eu-art-55-1-a"],
    },
    Case {
        name: "public chatbot must disclose AI interaction (EU); Colorado no longer requires it",
        cites: "Art. 50(1); SB 24-205's 6-1-1704 repealed by SB 26-189",
        profile: "jurisdictions: [EU, US-CO]\npurposes: [chatbot]\ncapabilities: [interacts_with_people]\npublic_facing: true",
        expect: &[
            "eu=limited",
            "eu+art-50-1>provider",
            "co24!",
            "co=not_covered",
            "co-1704-1",
        ],
    },
    Case {
        name: "deepfake disclosure applies even with editorial control",
        cites: "Art. 50(4), first subparagraph",
        profile: "jurisdictions: [EU]\ncapabilities: [deepfake, generates_synthetic_content]\nhuman_editorial_control: true",
        expect: &["eu=limited", "eu+art-50-4-deepfake>deployer", "eu+art-50-2"],
    },
    Case {
        name: "deepfake without human editorial control must be disclosed",
        cites: "EU AI Act Art. 50(4), first subparagraph (deployer discloses); Art. 50(2) (provider marks)",
        profile: "jurisdictions: [EU]\ncapabilities: [deepfake, generates_synthetic_content]\nhuman_editorial_control: false",
        expect: &[
            "eu=limited",
            "eu+art-50-4-deepfake>deployer",
            "eu+art-50-4-deepfake@2026-08-02",
            "eu+art-50-2>provider",
            "eu+art-50-2@2026-08-02",
            // Not public-interest text: the second subparagraph does not arise.
            "eu-art-50-4-text",
        ],
    },
    Case {
        name: "public-interest text without editorial control must be disclosed",
        cites: "Art. 50(4), second subparagraph",
        profile: "jurisdictions: [EU]\ncapabilities: [generates_synthetic_content, public_interest_text]",
        expect: &["eu+art-50-4-text", "eu+art-50-2"],
    },
    Case {
        name: "public-interest text under human editorial control is exempt",
        cites: "Art. 50(4), second subparagraph, exception",
        profile: "jurisdictions: [EU]\ncapabilities: [generates_synthetic_content, public_interest_text]\nhuman_editorial_control: true",
        expect: &["eu-art-50-4-text", "eu+art-50-2"],
    },
    Case {
        name: "Chinese public chatbot with public-opinion attributes needs filing",
        cites: "GenAI Measures Art. 17; Deep Synthesis Art. 19",
        profile: "jurisdictions: [CN]\npurposes: [chatbot]\ncapabilities: [interacts_with_people, generates_synthetic_content]\npublic_facing: true\npublic_opinion_attributes: true",
        expect: &[
            "cn=filing_required",
            "cn+cn-genai:art-17",
            "cn+art-19/10",
            "cn+cn-label:art-4@2025-09-01",
            "cn+cn-label:art-5",
            "cn+gb-45438-implicit",
        ],
    },
    Case {
        name: "Chinese internal R&D model not offered to the public",
        cites: "GenAI Measures Art. 2(3)",
        profile: "jurisdictions: [CN]\npurposes: [research]\ncapabilities: [generates_synthetic_content]\ndeployment_contexts: [internal]",
        expect: &[
            "cn?",
            "cn=out_of_scope",
            "cn-cn-genai:art-17",
            "cn-cn-label:art-4",
        ],
    },
    Case {
        name: "Chinese public image generator without public-opinion attributes",
        cites: "Labeling Measures Art. 4-5; GenAI Measures Art. 12",
        profile: "jurisdictions: [CN]\npurposes: [content_generation]\nmodalities: [image]\ncapabilities: [generates_synthetic_content]\npublic_facing: true",
        expect: &[
            "cn=in_scope",
            "cn+cn-label:art-4",
            "cn+cn-genai:art-12",
            "cn-cn-genai:art-17",
            "cn-cn-deep-synthesis:art-17",
        ],
    },
    Case {
        name: "Chinese face-swap service needs prominent labels",
        cites: "Deep Synthesis Provisions Art. 17",
        profile: "jurisdictions: [CN]\ncapabilities: [deepfake, biometric_editing]\nmodalities: [video]\npublic_facing: true",
        expect: &[
            "cn=in_scope",
            "cn+cn-deep-synthesis:art-17",
            "cn+cn-deep-synthesis:art-14",
        ],
    },
    Case {
        name: "Colorado lending decision is covered ADMT (SB 24-205 repealed)",
        cites: "SB 26-189: C.R.S. 6-1-1702(1), 6-1-1704, 6-1-1705(1)(a)",
        profile: "jurisdictions: [US, US-CO]\npurposes: [essential_services_credit]\nconsequential_decisions: true\ndeployer_employees: 200",
        expect: &[
            "co24!",
            "co24-1703-3",
            "co=covered_admt",
            "co+1702-1-a@2027-01-01>provider",
            "co+1702-4>provider",
            "co+1704-1>deployer",
            "co+1704-adverse/30>deployer",
            "co+1705-1-a-II>deployer",
        ],
    },
    Case {
        name: "Colorado: not used to materially influence a consequential decision",
        cites: "SB 26-189: C.R.S. 6-1-1701 (covered ADMT)",
        profile: "jurisdictions: [US-CO]\npurposes: [essential_services_credit]",
        expect: &["co=not_covered", "co-1702-1-a", "co-1704-1", "co24!"],
    },
    Case {
        name: "Colorado: a chatbot making no consequential decision owes nothing",
        cites: "SB 26-189: C.R.S. 6-1-1701 (consequential decision)",
        profile: "jurisdictions: [US-CO]\npurposes: [customer_service]\ncapabilities: [interacts_with_people]\nconsequential_decisions: false",
        expect: &[
            "co=not_covered",
            "co-1702-1-a",
            "co-1703",
            "co-1704-adverse",
            "co24!",
        ],
    },
    Case {
        name: "Colorado: legal services are not among SB 26-189's consequential domains",
        cites: "SB 26-189: C.R.S. 6-1-1701 (public summaries list seven domains)",
        profile: "jurisdictions: [US-CO]\npurposes: [legal_services]\nconsequential_decisions: true",
        expect: &["co=not_covered", "co-1704-1"],
    },
    Case {
        name: "Colorado: a deployer only owes the deployer duties",
        cites: "SB 26-189: C.R.S. 6-1-1703 to 6-1-1705 (deployer); 6-1-1702 (developer)",
        profile: "jurisdictions: [US-CO]\nroles: [deployer]\npurposes: [housing]\nconsequential_decisions: true",
        expect: &[
            "co=covered_admt",
            "co-1702-1-a",
            "co-1702-2",
            "co+1703>deployer",
            "co+1705-1-a-I>deployer",
        ],
    },
    Case {
        name: "Colorado: a developer only owes the developer duties",
        cites: "SB 26-189: C.R.S. 6-1-1702(1), (2), (4)",
        profile: "jurisdictions: [US-CO]\nroles: [provider]\npurposes: [medical]\nconsequential_decisions: true",
        expect: &[
            "co=covered_admt",
            "co+1702-1-e>provider",
            "co+1702-2>provider",
            "co-1703",
            "co-1704-1",
        ],
    },
    Case {
        name: "NIST AI RMF is voluntary for US systems",
        cites: "NIST AI 100-1",
        profile: "jurisdictions: [US]\npurposes: [recommendation]",
        expect: &[
            "nist?",
            "nist=voluntary",
            "nist+gv-1",
            "nist+mg-4",
            "co!",
            "co24!",
        ],
    },
    Case {
        name: "system outside the EU",
        cites: "Art. 2(1)",
        profile: "jurisdictions: [JP]\npurposes: [employment]",
        expect: &["eu!", "cn!", "nist!", "br!"],
    },
    Case {
        name: "member-state code alone brings the EU pack in",
        cites: "Art. 2(1)(b)",
        profile: "jurisdictions: [FR]\npurposes: [education]",
        expect: &["eu?", "eu=high"],
    },
    Case {
        name: "Brazil draft: social scoring is excessive risk",
        cites: "PL 2338/2023 Art. 13 (Senate text)",
        profile: "jurisdictions: [BR]\ncapabilities: [social_scoring]",
        expect: &["br=excessive", "br+art-13"],
    },
    Case {
        name: "Brazil draft: hiring system needs algorithmic impact assessment",
        cites: "PL 2338/2023 Art. 14, 25 (Senate text)",
        profile: "jurisdictions: [BR]\npurposes: [employment]",
        expect: &["br=high", "br+art-25", "br+art-12"],
    },
    Case {
        name: "deployer-only organisation gets only deployer duties",
        cites: "Art. 16 vs Art. 26",
        profile: "jurisdictions: [EU]\npurposes: [employment]\nroles: [deployer]",
        expect: &["eu=high", "eu-art-9", "eu+art-26-1", "eu+art-26-2"],
    },
    Case {
        name: "provider established outside the Union: authorised representative and importer",
        cites: "Art. 22(1), 22(3), Art. 23",
        profile: "jurisdictions: [EU]\npurposes: [employment]\nestablished_in_union: false",
        expect: &["eu=high", "eu+art-22", "eu+art-23>importer", "eu-art-24"],
    },
    Case {
        name: "establishment not stated: Art. 22 undetermined, not guessed",
        cites: "Art. 22(1)",
        profile: "jurisdictions: [EU]\npurposes: [employment]",
        expect: &[
            "eu=high",
            "eu~eu.art22.authorised_representative",
            "eu-art-22",
            "eu-art-23",
        ],
    },
    Case {
        name: "provider established in the Union needs no authorised representative",
        cites: "Art. 22(1) a contrario",
        profile: "jurisdictions: [EU]\npurposes: [employment]\nestablished_in_union: true",
        expect: &["eu=high", "eu-art-22", "eu-art-23"],
    },
    Case {
        name: "distributor of a high-risk system bears Art. 24 only",
        cites: "Art. 24; Art. 16 is the provider's",
        profile: "jurisdictions: [EU]\npurposes: [employment]\nroles: [distributor]\nestablished_in_union: true",
        expect: &[
            "eu=high",
            "eu+art-24>distributor",
            "eu-art-9",
            "eu-art-26-1",
        ],
    },
    Case {
        name: "importer role sees the importer's duties",
        cites: "Art. 23",
        profile: "jurisdictions: [EU]\npurposes: [education]\nroles: [importer]\nestablished_in_union: false",
        expect: &["eu=high", "eu+art-23>importer", "eu-art-9", "eu-art-22"],
    },
    Case {
        name: "product manufacturer is the provider of the AI system in its product",
        cites: "Art. 25(3); Art. 6(1)",
        profile: "jurisdictions: [EU]\nannex_i_safety_component: true\nroles: [product_manufacturer]\nestablished_in_union: true",
        expect: &["eu=high", "eu+art-9>provider", "eu+art-43", "eu-art-26-1"],
    },
    Case {
        name: "authorised representative of a non-EU GPAI provider",
        cites: "Art. 54(1), 54(3)",
        profile: "jurisdictions: [EU]\nis_gpai: true\ntraining_compute_flop: 1.0e24\nestablished_in_union: false\nroles: [authorised_representative]",
        expect: &[
            "eu=gpai",
            "eu+art-54>authorised_representative",
            "eu-art-53-1-c",
        ],
    },
    Case {
        name: "non-EU open-source GPAI without systemic risk needs no authorised representative",
        cites: "Art. 54(6)",
        profile: "jurisdictions: [EU]\nis_gpai: true\ntraining_compute_flop: 1.0e24\nestablished_in_union: false\nopen_source_licence: Apache-2.0",
        expect: &["eu=gpai", "eu-art-54"],
    },
    Case {
        name: "non-EU open-source GPAI with systemic risk needs one",
        cites: "Art. 54(1), 54(6)",
        profile: "jurisdictions: [EU]\nis_gpai: true\ntraining_compute_flop: 3.0e25\nestablished_in_union: false\nopen_source_licence: Apache-2.0\nroles: [provider]",
        expect: &["eu=gpai_systemic", "eu+art-54>provider"],
    },
    Case {
        name: "systemic-risk GPAI: notify the Commission within two weeks",
        cites: "Art. 52(1)",
        profile: "jurisdictions: [EU]\nis_gpai: true\ntraining_compute_flop: 2.0e25\nestablished_in_union: true",
        expect: &[
            "eu=gpai_systemic",
            "eu+art-52-1/14",
            "eu+art-52-1@2025-08-02",
        ],
    },
    Case {
        name: "exclusively military use is outside the Regulation",
        cites: "Art. 2(3)",
        profile: "jurisdictions: [EU]\ncapabilities: [biometric_identification_remote]\nart2_exclusions: [military_defence]",
        expect: &["eu!"],
    },
    Case {
        name: "internal research model is outside the Regulation (no Art. 50(2))",
        cites: "Art. 2(6)",
        profile: "jurisdictions: [EU]\npurposes: [research]\ncapabilities: [generates_synthetic_content]\ndeployment_contexts: [internal]\nart2_exclusions: [scientific_research]",
        expect: &["eu!"],
    },
    Case {
        name: "purely personal use: no deployer duties, provider duties stay",
        cites: "Art. 2(10); Art. 50(2), 50(4)",
        profile: "jurisdictions: [EU]\ncapabilities: [deepfake, generates_synthetic_content]\nart2_exclusions: [personal_non_professional]",
        expect: &["eu=limited", "eu-art-50-4-deepfake", "eu+art-50-2>provider"],
    },
    Case {
        name: "free and open-source minimal-risk system: the Regulation does not apply to it",
        cites: "Art. 2(12)",
        profile: "jurisdictions: [EU]\npurposes: [translation]\nart2_exclusions: [free_open_source]",
        expect: &["eu=minimal", "eu-art-4"],
    },
    Case {
        name: "free and open-source chatbot stays under Art. 50",
        cites: "Art. 2(12); Art. 50(1); Art. 4",
        profile: "jurisdictions: [EU]\npurposes: [chatbot]\ncapabilities: [interacts_with_people]\nart2_exclusions: [free_open_source]",
        expect: &["eu=limited", "eu+art-50-1", "eu+art-4"],
    },
    Case {
        name: "financial fraud detection is carved out of Annex III 5(b)",
        cites: "Annex III 5(b)",
        profile: "jurisdictions: [EU]\npurposes: [financial_fraud_detection]\naffected_persons: [borrowers]",
        expect: &["eu=minimal", "eu-art-9", "eu-art-27"],
    },
    Case {
        name: "biometric categorisation by non-sensitive traits is not Annex III 1(b)",
        cites: "Annex III 1(b); Art. 50(3)",
        profile: "jurisdictions: [EU]\ncapabilities: [biometric_categorisation]",
        expect: &["eu=limited", "eu-art-9", "eu+art-50-3>deployer"],
    },
    Case {
        name: "biometric categorisation by protected attributes is Annex III 1(b)",
        cites: "Annex III 1(b)",
        profile: "jurisdictions: [EU]\ncapabilities: [biometric_categorisation_protected]\nestablished_in_union: true",
        expect: &["eu=high", "eu+art-9", "eu+art-86"],
    },
    Case {
        name: "critical infrastructure run by a public body: no FRIA, no Art. 49(3), no Art. 86",
        cites: "Art. 27(1), 49(3), 86(1) — exception for Annex III point 2",
        profile: "jurisdictions: [EU]\npurposes: [critical_infrastructure]\ndeployer_public_body: true\nestablished_in_union: true",
        expect: &[
            "eu=high",
            "eu-art-27",
            "eu-art-49-3",
            "eu-art-86",
            "eu+art-9",
        ],
    },
    Case {
        name: "Chinese filing: display the filing number",
        cites: "Deep Synthesis Provisions Art. 19",
        profile: "jurisdictions: [CN]\npurposes: [chatbot]\ncapabilities: [interacts_with_people, generates_synthetic_content]\npublic_facing: true\npublic_opinion_attributes: true",
        expect: &[
            "cn=filing_required",
            "cn+art-19-display>provider",
            "cn+art-19/10",
        ],
    },
    Case {
        name: "Chinese deep synthesis rules reach only services offered to the public",
        cites: "Deep Synthesis Provisions Art. 2",
        profile: "jurisdictions: [CN]\ncapabilities: [deepfake]\ndeployment_contexts: [internal]",
        expect: &[
            "cn=out_of_scope",
            "cn-cn-deep-synthesis:art-7",
            "cn-art-19-display",
        ],
    },
    Case {
        name: "Colorado developer that is its own only deployer: SB 24-205's 1702(3)(b) exemption went with the repeal",
        cites: "SB 24-205 C.R.S. 6-1-1702(3)(b), repealed; SB 26-189 6-1-1702(1)",
        profile: "jurisdictions: [US-CO]\npurposes: [employment]\nconsequential_decisions: true\nunaffiliated_deployers: false\ndeployer_employees: 500",
        expect: &[
            "co24!",
            "co24-1702-1",
            "co24-1703-2",
            "co=covered_admt",
            "co+1702-1-a>provider",
            "co+1703>deployer",
        ],
    },
    Case {
        name: "Colorado developer selling to unaffiliated deployers documents the system",
        cites: "SB 26-189: C.R.S. 6-1-1702(1), (2)",
        profile: "jurisdictions: [US-CO]\npurposes: [employment]\nconsequential_decisions: true\nunaffiliated_deployers: true",
        expect: &[
            "co24!",
            "co24-1702-2",
            "co=covered_admt",
            "co+1702-2>provider",
            "co+1702-1-e>provider",
        ],
    },
    Case {
        name: "Colorado: whether the developer supplies others no longer matters (SB 24-205 repealed)",
        cites: "SB 24-205 C.R.S. 6-1-1702(3)(b), 6-1-1703(6), repealed by SB 26-189",
        profile: "jurisdictions: [US-CO]\npurposes: [housing]\nconsequential_decisions: true",
        expect: &[
            "co24!",
            "co=covered_admt",
            "co+1702-1-b>provider",
            "co+1704-1>deployer",
        ],
    },
    Case {
        name: "Colorado small deployer: no risk programme or impact assessment under either law; SB 26-189 disclosures still owed",
        cites: "SB 24-205 C.R.S. 6-1-1703(6), repealed; SB 26-189 6-1-1704(1)",
        profile: "jurisdictions: [US-CO]\npurposes: [employment]\nconsequential_decisions: true\ndeployer_employees: 20\ndeployer_trains_on_own_data: false",
        expect: &[
            "co24!",
            "co24-1703-2",
            "co24-1703-3",
            "co=covered_admt",
            "co+1704-1>deployer",
            "co+1703>deployer",
        ],
    },
    Case {
        name: "Colorado small deployer that trains on its own data: no SB 24-205 impact assessment, SB 26-189 correction and review",
        cites: "SB 24-205 C.R.S. 6-1-1703(6)(a), repealed; SB 26-189 6-1-1705(1)(a)",
        profile: "jurisdictions: [US-CO]\npurposes: [employment]\nconsequential_decisions: true\ndeployer_employees: 20\ndeployer_trains_on_own_data: true",
        expect: &[
            "co24!",
            "co24-1703-3",
            "co=covered_admt",
            "co+1705-1-a-I",
            "co+1705-1-a-II",
        ],
    },
];

fn pack_id(alias: &str) -> &'static str {
    match alias {
        "eu" => "eu-ai-act",
        "cn" => "cn-generative-ai",
        "nist" => "us-nist-ai-rmf",
        "co" => "us-co-sb26-189",
        "co24" => "us-co-sb24-205",
        "br" => "br-pl-2338",
        other => panic!("unknown alias {other}"),
    }
}

fn check(a: &Assessment, case: &Case, e: &str) {
    let ctx = format!("case `{}` ({}), expectation `{e}`", case.name, case.cites);
    let split = e.find(|c: char| "=!?+-~".contains(c)).expect("operator");
    let (alias, rest) = e.split_at(split);
    let j = a
        .jurisdiction(pack_id(alias))
        .unwrap_or_else(|| panic!("{ctx}: pack missing"));
    let (op, arg) = rest.split_at(1);
    match op {
        "=" => {
            assert!(j.applies, "{ctx}: pack does not apply");
            assert_eq!(
                j.risk_class,
                arg,
                "{ctx}: fired {:?}",
                j.fired.iter().map(|f| &f.rule_id).collect::<Vec<_>>()
            );
        }
        "!" => assert!(!j.applies, "{ctx}"),
        "?" => assert!(j.applies, "{ctx}"),
        "~" => assert!(
            j.undetermined.iter().any(|u| u.rule_id == arg),
            "{ctx}: {:?}",
            j.undetermined
        ),
        "+" | "-" => {
            let (arg, bearer) = arg
                .split_once('>')
                .map_or((arg, None), |(a, b)| (a, Some(b)));
            let (arg, days) = arg
                .split_once('/')
                .map_or((arg, None), |(a, d)| (a, Some(d.parse::<u32>().unwrap())));
            let (req, date) = arg
                .split_once('@')
                .map_or((arg, None), |(a, d)| (a, Some(d)));
            let found: Vec<_> = j
                .obligations
                .iter()
                .filter(|o| o.requirement.ends_with(&format!(":{req}")))
                .collect();
            if op == "-" {
                assert!(
                    found.is_empty(),
                    "{ctx}: unexpected {:?}",
                    found.iter().map(|o| &o.id).collect::<Vec<_>>()
                );
                return;
            }
            assert!(
                !found.is_empty(),
                "{ctx}: have {:?}",
                j.obligations
                    .iter()
                    .map(|o| &o.requirement)
                    .collect::<Vec<_>>()
            );
            if let Some(b) = bearer {
                assert!(
                    found
                        .iter()
                        .all(|o| serde_json::to_value(o.bearer).unwrap() == b),
                    "{ctx}"
                );
            }
            if let Some(d) = days {
                assert!(
                    found
                        .iter()
                        .any(|o| o.deadline.as_ref().is_some_and(|x| x.days == d)),
                    "{ctx}"
                );
            }
            if let Some(d) = date {
                assert!(
                    found.iter().all(|o| o.applies_from.as_deref() == Some(d)),
                    "{ctx}: {:?}",
                    found[0].applies_from
                );
            }
        }
        _ => unreachable!(),
    }
}

#[test]
fn classification_table() {
    assert!(CASES.len() >= 40, "only {} cases", CASES.len());
    for case in CASES {
        let src = format!(
            "id: case\nname: {:?}\nprovider: TEST\n{}\n",
            case.name, case.profile
        );
        let p = Profile::from_yaml(case.name, &src).unwrap_or_else(|e| panic!("{e}"));
        let a = assess(&p, &CATALOG);
        for e in case.expect {
            check(&a, case, e);
        }
        // Invariants that hold for every case.
        for o in a.obligations() {
            assert!(!o.provenance.rules.is_empty(), "{}: {}", case.name, o.id);
            assert!(!o.citation.is_empty());
            assert!(!o.controls.is_empty(), "{} not crosswalked", o.requirement);
        }
        assert!(a.unified.uncovered.is_empty(), "{}", case.name);
        let covered: std::collections::BTreeSet<&str> = a
            .unified
            .controls
            .iter()
            .flat_map(|c| c.discharges.iter().map(String::as_str))
            .collect();
        assert_eq!(covered.len(), a.unified.total_obligations, "{}", case.name);
        check_unified_minimal(&a, case.name);
    }
}

/// The number of controls the greedy cover (most obligations first, ties to
/// the lower control id) takes: what the unified view used to be.
fn greedy_size(a: &Assessment) -> usize {
    use std::collections::{BTreeMap, BTreeSet};
    let mut covers: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for o in a.obligations() {
        for c in &o.controls {
            covers
                .entry(c.control.as_str())
                .or_default()
                .insert(o.id.as_str());
        }
    }
    let mut left: BTreeSet<&str> = covers.values().flatten().copied().collect();
    let mut n = 0;
    while !left.is_empty() {
        let (_, best) = covers
            .iter()
            .map(|(c, s)| (s.intersection(&left).count(), *c))
            .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(x.1)))
            .unwrap();
        for o in &covers[best] {
            left.remove(o);
        }
        n += 1;
    }
    n
}

/// The unified view is proven minimal, no larger than the greedy cover, and
/// irredundant: without any one of its controls some obligation is left.
fn check_unified_minimal(a: &Assessment, name: &str) {
    let u = &a.unified;
    assert!(u.minimal, "{name}: not proven minimal");
    assert!(u.controls.len() <= greedy_size(a), "{name}");
    for (i, _) in u.controls.iter().enumerate() {
        let rest: std::collections::BTreeSet<&str> = u
            .controls
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, c)| c.discharges.iter().map(String::as_str))
            .collect();
        assert!(
            rest.len() < u.total_obligations - u.uncovered.len(),
            "{name}: {} is redundant",
            u.controls[i].control
        );
    }
    // Mandatory controls first, then by obligations discharged, then id.
    for w in u.controls.windows(2) {
        assert!(
            (!w[0].mandatory, w[1].discharges.len(), &w[0].control)
                <= (!w[1].mandatory, w[0].discharges.len(), &w[1].control),
            "{name}: order"
        );
    }
}

#[test]
fn unified_view_of_every_demo_system_is_minimal() {
    let mut beaten = 0;
    for (file, src) in waico_framework::catalog::shipped::DEMO_SYSTEMS {
        let a = assess(&Profile::from_yaml(file, src).unwrap(), &CATALOG);
        assert!(a.unified.uncovered.is_empty(), "{file}");
        check_unified_minimal(&a, file);
        if a.unified.controls.len() < greedy_size(&a) {
            beaten += 1;
        }
        // Stable: the same profile gives the same view.
        let again = assess(&Profile::from_yaml(file, src).unwrap(), &CATALOG);
        assert_eq!(again.unified, a.unified, "{file}");
    }
    eprintln!("demo systems where the exact view beats greedy: {beaten}");
}

#[test]
fn provenance_names_rule_and_fields_read() {
    let src = "id: p\nname: p\nprovider: X\njurisdictions: [EU]\npurposes: [employment]\n";
    let a = assess(&Profile::from_yaml("p", src).unwrap(), &CATALOG);
    let eu = a.jurisdiction("EU").unwrap();
    let art9 = eu
        .obligations
        .iter()
        .find(|o| o.requirement.ends_with(":art-9"))
        .unwrap();
    assert_eq!(art9.provenance.rules, vec!["eu.hr.obligations.annex_iii"]);
    for f in [
        "purposes",
        "art6_3_exemptions",
        "capabilities",
        "jurisdictions",
    ] {
        assert!(
            art9.provenance.fields_read.iter().any(|x| x == f),
            "{f}: {:?}",
            art9.provenance.fields_read
        );
    }
    let fired = eu
        .fired
        .iter()
        .find(|f| f.rule_id == "eu.annex3.4.employment")
        .unwrap();
    assert_eq!(fired.citation, "Art. 6(2), Annex III 4(a)-(b)");
    assert_eq!(
        a.packs_used
            .iter()
            .find(|p| p.id == "eu-ai-act")
            .unwrap()
            .version,
        "2025.1.0"
    );
}

#[test]
fn evidence_status_flows_through_crosswalk() {
    let base =
        "id: e\nname: e\nprovider: X\njurisdictions: [EU]\ncapabilities: [interacts_with_people]\n";
    let status = |extra: &str| {
        let a = assess(
            &Profile::from_yaml("e", &format!("{base}{extra}")).unwrap(),
            &CATALOG,
        );
        let eu = a.jurisdiction("EU").unwrap();
        eu.obligations
            .iter()
            .find(|o| o.requirement.ends_with(":art-50-1"))
            .unwrap()
            .status
    };
    use waico_framework::assess::ObligationStatus::*;
    assert_eq!(status(""), Missing);
    assert_eq!(
        status("evidence:\n  transparency:1: {status: implemented}\n"),
        Met
    );
    assert_eq!(
        status("evidence:\n  transparency:1: {status: partial}\n"),
        Unknown
    );
    assert_eq!(
        status("evidence:\n  transparency:1: {status: planned}\n"),
        Missing
    );
}

#[test]
fn unified_view_reuses_evidence_across_countries_and_reports_divergences() {
    let src = "id: m\nname: multi\nprovider: X\njurisdictions: [EU, US, US-CO, CN, BR]\npurposes: [employment, chatbot]\ncapabilities: [interacts_with_people, generates_synthetic_content]\npublic_facing: true\nconsequential_decisions: true\n";
    let a = assess(&Profile::from_yaml("m", src).unwrap(), &CATALOG);
    assert!(a.unified.uncovered.is_empty());
    assert!(a.unified.controls.len() < a.unified.total_obligations);
    check_unified_minimal(&a, "multi");
    let disclosure = a
        .unified
        .controls
        .iter()
        .find(|c| c.control == "urn:waico:control:transparency:1")
        .expect("disclosure control chosen");
    // Colorado's AI-interaction disclosure (SB 24-205, 6-1-1704) went with
    // its repeal; SB 26-189's notices are about consequential decisions.
    assert!(
        disclosure.jurisdictions.len() >= 2
            && !disclosure.jurisdictions.iter().any(|j| j == "US-CO"),
        "{:?}",
        disclosure.jurisdictions
    );
    let notice = a
        .unified
        .controls
        .iter()
        .find(|c| c.control == "urn:waico:control:transparency:2")
        .expect("decision-notice control chosen");
    assert!(
        notice.jurisdictions.iter().any(|j| j == "US-CO")
            && notice.jurisdictions.iter().any(|j| j == "EU"),
        "{:?}",
        notice.jurisdictions
    );
    let inc = a
        .divergences
        .iter()
        .find(|d| d.theme == "incident-reporting")
        .expect("incident divergence");
    let strict = inc.strictest.as_ref().unwrap();
    assert_eq!(strict.deadline.as_ref().unwrap().days, 2);
    assert_eq!(strict.jurisdiction, "EU");
    // SB 24-205's 90-day disclosure of algorithmic discrimination went with
    // its repeal: SB 26-189 imposes no incident report.
    assert!(inc.entries.iter().all(|e| e.jurisdiction != "US-CO"));
    let labels = a
        .divergences
        .iter()
        .find(|d| d.theme == "content-labeling")
        .expect("labeling divergence");
    assert!(
        labels.jurisdictions_with.contains(&"CN".to_string())
            && labels.jurisdictions_with.contains(&"EU".to_string())
    );
    assert!(labels.jurisdictions_without.contains(&"US-CO".to_string()));
}

#[test]
fn renderers_escape_and_include_findings() {
    let src = "id: r\nname: \"<script>alert(1)</script> & co\"\nprovider: X\njurisdictions: [EU]\npurposes: [employment]\n";
    let a = assess(&Profile::from_yaml("r", src).unwrap(), &CATALOG);
    let html = waico_framework::render::html(&a);
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(html.contains("eu.hr.obligations.annex_iii"));
    let md = waico_framework::render::markdown(&a);
    assert!(md.contains("Risk class: **high**"));
    assert!(md.contains("| Art. 9 |"));
    let json: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
    assert_eq!(json["jurisdictions"][0]["risk_class"], "high");
}

/// Words that contain what a Markdown table cell must escape.
struct PipeWords;

impl waico_framework::render::Words for PipeWords {
    fn lang(&self) -> &str {
        "xx"
    }
    fn text(&self, key: &str) -> String {
        format!("«{key}|\n»")
    }
    fn value(&self, prefix: &str, value: &str) -> String {
        format!("«{prefix}|{value}»")
    }
    fn days(&self, days: u32, _working: bool) -> String {
        format!("{days}|d")
    }
}

/// Unescaped `|` in a Markdown line.
fn cell_separators(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => n += 1,
            _ => {}
        }
    }
    n
}

#[test]
fn markdown_table_cells_are_escaped_in_any_wording() {
    let src = "id: r\nname: \"a | b\"\nprovider: X\njurisdictions: [EU]\npurposes: [employment]\n";
    let mut a = assess(&Profile::from_yaml("r", src).unwrap(), &CATALOG);
    let ob = &mut a.jurisdictions[0].obligations[0];
    ob.requirement_title = "risk | management\\\nsystem".into();
    ob.citation = "Art. 9|".into();
    for md in [
        waico_framework::render::markdown(&a),
        waico_framework::render::markdown_in(&a, &PipeWords),
    ] {
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
        assert!(rows.len() > 2, "{md}");
        for row in &rows {
            assert_eq!(cell_separators(row), 10, "{row}");
        }
        assert!(
            md.contains("| Art. 9\\| | risk \\| management\\\\ system |"),
            "{md}"
        );
    }
    let md = waico_framework::render::markdown_in(&a, &PipeWords);
    assert!(md.contains("| «sys-col-citation\\| » |"), "{md}");
    assert!(md.contains("| «sys-status\\|"), "{md}");
    assert!(md.contains("| «bearer\\|"), "{md}");
    assert!(md.contains("**«risk-class\\|high»**"), "{md}");
}

#[test]
fn stored_json_reads_back_to_the_same_assessment() {
    for (file, src) in waico_framework::catalog::shipped::DEMO_SYSTEMS {
        let a = assess(&Profile::from_yaml(file, src).unwrap(), &CATALOG);
        let back = waico_framework::Assessment::from_json(&a.to_json()).unwrap();
        assert_eq!(back, a, "{file}");
    }
}

/// Colorado SB 26-189 is adopted with obligations applying from 2027-01-01:
/// an assessment made before that day reports it adopted and not yet
/// applicable (every duty not yet applicable, due 2027-01-01), one made on
/// or after it reports it in force. The date is passed in and recorded;
/// other packs keep their adopted status. SB 24-205, whose duties were to
/// apply from 2026-06-30, was repealed on 2026-05-14 before that: no
/// assessment, on any date, reports a duty under it.
#[test]
fn an_adopted_pack_is_in_force_from_its_application_date() {
    use waico_framework::assess::ObligationStatus;
    use waico_framework::assess_on;
    use waico_framework::rulepack::PackStatus::{
        AdoptedNotYetApplicable, Draft, InForce, Repealed, Voluntary,
    };
    let (file, src) = waico_framework::catalog::shipped::DEMO_SYSTEMS
        .iter()
        .find(|(f, _)| f.contains("hiring_screener"))
        .unwrap();
    let p = Profile::from_yaml(file, src).unwrap();
    let status = |a: &Assessment, id: &str| {
        let j = a.jurisdiction(id).unwrap().clone();
        let used = a.packs_used.iter().find(|r| &*r.id == id).unwrap().status;
        assert_eq!(used, j.status, "packs_used and the result agree");
        (j.status, j.adopted_status)
    };
    let co = |a: &Assessment| status(a, "us-co-sb26-189");
    let ids = |a: &Assessment| {
        a.jurisdiction("us-co-sb26-189")
            .unwrap()
            .obligations
            .iter()
            .map(|o| o.id.clone())
            .collect::<Vec<_>>()
    };

    let before = assess_on(&p, &CATALOG, "2026-12-31");
    assert_eq!(before.assessed_on.as_deref(), Some("2026-12-31"));
    assert!(before.jurisdiction("us-co-sb26-189").unwrap().applies);
    assert_eq!(co(&before), (AdoptedNotYetApplicable, None));
    for o in &before.jurisdiction("us-co-sb26-189").unwrap().obligations {
        assert_eq!(o.status, ObligationStatus::NotYetApplicable, "{}", o.id);
    }

    for date in ["2027-01-01", "2027-02-01"] {
        let a = assess_on(&p, &CATALOG, date);
        assert_eq!(a.assessed_on.as_deref(), Some(date));
        assert_eq!(co(&a), (InForce, Some(AdoptedNotYetApplicable)), "{date}");
        // The same obligations on both sides of the date: not yet
        // applicable before it (never "missing"), then owed.
        assert_eq!(ids(&a), ids(&before));
        for o in &a.jurisdiction("us-co-sb26-189").unwrap().obligations {
            assert_ne!(o.status, ObligationStatus::NotYetApplicable, "{}", o.id);
        }
        let statuses: Vec<_> = a.packs_used.iter().map(|r| (&*r.id, r.status)).collect();
        for (id, status) in [
            ("eu-ai-act", InForce),
            ("br-pl-2338", Draft),
            ("us-nist-ai-rmf", Voluntary),
            ("us-co-sb24-205", Repealed),
        ] {
            assert!(statuses.contains(&(id, status)), "{id}: {statuses:?}");
        }
    }

    // SB 24-205: before its repeal, adopted and not yet applicable (as it
    // was then); from its repeal on, and in particular on and after the
    // 2026-06-30 it was to apply from, repealed, with nothing reported.
    let old = assess_on(&p, &CATALOG, "2026-05-13");
    assert_eq!(
        status(&old, "us-co-sb24-205"),
        (AdoptedNotYetApplicable, Some(Repealed))
    );
    let j = old.jurisdiction("us-co-sb24-205").unwrap();
    assert!(j.applies && !j.obligations.is_empty());
    for o in &j.obligations {
        assert_eq!(o.status, ObligationStatus::NotYetApplicable, "{}", o.id);
    }
    for date in ["2026-05-14", "2026-06-30", "2026-12-06", "2030-01-01"] {
        let a = assess_on(&p, &CATALOG, date);
        assert_eq!(status(&a, "us-co-sb24-205"), (Repealed, None), "{date}");
        let j = a.jurisdiction("us-co-sb24-205").unwrap();
        assert!(!j.applies, "{date}");
        assert!(j.obligations.is_empty() && j.fired.is_empty(), "{date}");
        assert!(j.undetermined.is_empty(), "{date}");
        assert!(
            a.obligations()
                .all(|o| !o.id.starts_with("us-co-sb24-205:")),
            "{date}"
        );
    }

    // The report says when it was made and what the status was then.
    let a = assess_on(&p, &CATALOG, "2027-02-01");
    let md = waico_framework::render::markdown(&a);
    assert!(md.contains("Assessment date: 2027-02-01."), "{md}");
    assert!(
        md.contains("`us-co-sb26-189` US-CO v2026.1.0 (in force)"),
        "{md}"
    );
    assert!(
        md.contains("`us-co-sb24-205` US-CO v2026.1.0 (repealed)"),
        "{md}"
    );
    assert!(md.contains("Does not apply. Status: repealed."), "{md}");
    let html = waico_framework::render::html(&a);
    assert!(html.contains("2027-02-01"), "{html}");
    // Stored and read back, the date and the adopted status stay.
    assert_eq!(Assessment::from_json(&a.to_json()).unwrap(), a);
    assert!(
        a.to_json()
            .contains("\"adopted_status\": \"adopted_not_yet_applicable\"")
    );

    // Without a date, statuses are as shipped and no date is recorded: the
    // repealed pack still reports nothing.
    let undated = assess(&p, &CATALOG);
    assert_eq!(undated.assessed_on, None);
    assert_eq!(co(&undated), (AdoptedNotYetApplicable, None));
    assert_eq!(status(&undated, "us-co-sb24-205"), (Repealed, None));
    assert!(
        undated
            .jurisdiction("us-co-sb24-205")
            .unwrap()
            .obligations
            .is_empty()
    );
}

/// An employment-screening system deployed in Colorado, assessed today
/// (6 Dec 2026): no SB 24-205 duty; every SB 26-189 duty listed, not yet
/// applicable, due 1 Jan 2027, developer duties to the provider and
/// deployer duties to the deployer. Assessed on 1 Feb 2027, they apply.
#[test]
fn colorado_employment_screening_today_and_in_2027() {
    use waico_framework::assess::ObligationStatus;
    use waico_framework::assess_on;
    use waico_framework::rulepack::{Bearer, PackStatus};
    let src = "id: cv\nname: CV screener\nprovider: ACME\nroles: [provider, deployer]\njurisdictions: [US, US-CO]\npurposes: [employment]\naffected_persons: [job_applicants]\ncapabilities: [profiling, automated_decisions]\nconsequential_decisions: true\n";
    let p = Profile::from_yaml("cv", src).unwrap();
    let developer = [
        "1702-1-a", "1702-1-b", "1702-1-c", "1702-1-d", "1702-1-e", "1702-2", "1702-4",
    ];
    let deployer = [
        "1703",
        "1704-1",
        "1704-adverse",
        "1705-1-a-I",
        "1705-1-a-II",
    ];
    let duties = |a: &Assessment| {
        let j = a.jurisdiction("us-co-sb26-189").unwrap();
        assert!(j.applies);
        assert_eq!(&*j.risk_class, "covered_admt");
        let mut v: Vec<(String, Bearer)> = j
            .obligations
            .iter()
            .map(|o| {
                let short = o.requirement.rsplit(':').next().unwrap().to_string();
                (short, o.bearer)
            })
            .collect();
        v.sort();
        v
    };
    let mut want: Vec<(String, Bearer)> = developer
        .iter()
        .map(|r| (r.to_string(), Bearer::Provider))
        .chain(deployer.iter().map(|r| (r.to_string(), Bearer::Deployer)))
        .collect();
    want.sort();

    let today = assess_on(&p, &CATALOG, "2026-12-06");
    let old = today.jurisdiction("us-co-sb24-205").unwrap();
    assert_eq!(old.status, PackStatus::Repealed);
    assert!(!old.applies && old.obligations.is_empty());
    assert!(
        today
            .unified
            .controls
            .iter()
            .flat_map(|c| &c.discharges)
            .all(|d| !d.starts_with("us-co-sb24-205:"))
    );
    assert_eq!(duties(&today), want);
    let j = today.jurisdiction("us-co-sb26-189").unwrap();
    assert_eq!(j.status, PackStatus::AdoptedNotYetApplicable);
    for o in &j.obligations {
        assert_eq!(o.status, ObligationStatus::NotYetApplicable, "{}", o.id);
        assert!(o.binding, "{}", o.id);
        assert_eq!(o.applies_from.as_deref(), Some("2027-01-01"), "{}", o.id);
        if o.deadline.is_none() {
            assert_eq!(o.due.as_deref(), Some("2027-01-01"), "{}", o.id);
        }
    }
    let adverse = j
        .obligations
        .iter()
        .find(|o| o.requirement.ends_with(":1704-adverse"))
        .unwrap();
    assert_eq!(adverse.deadline.as_ref().unwrap().days, 30);

    let later = assess_on(&p, &CATALOG, "2027-02-01");
    assert_eq!(duties(&later), want);
    let j = later.jurisdiction("us-co-sb26-189").unwrap();
    assert_eq!(j.status, PackStatus::InForce);
    for o in &j.obligations {
        assert_ne!(o.status, ObligationStatus::NotYetApplicable, "{}", o.id);
    }
    assert!(
        later
            .jurisdiction("us-co-sb24-205")
            .unwrap()
            .obligations
            .is_empty()
    );

    // Without a consequential decision, nothing under either law.
    let none = Profile::from_yaml(
        "none",
        &src.replace(
            "consequential_decisions: true",
            "consequential_decisions: false",
        ),
    )
    .unwrap();
    for date in ["2026-12-06", "2027-02-01"] {
        let a = assess_on(&none, &CATALOG, date);
        let j = a.jurisdiction("us-co-sb26-189").unwrap();
        assert!(j.applies && j.obligations.is_empty(), "{date}");
        assert_eq!(&*j.risk_class, "not_covered");
        assert!(
            a.jurisdiction("us-co-sb24-205")
                .unwrap()
                .obligations
                .is_empty()
        );
    }
}
