//! Throughput benchmark: full WAICO assessments of generated profiles against
//! every shipped pack (one thread and all cores), and the EU risk
//! classification in Rego (`benches/eu_ai_act.rego`) evaluated by regorus on
//! the same profiles. Run: `cargo bench --bench assess` (BENCH_PROFILES=n to
//! change the 100,000 default). Criterion then times single assessments.

use criterion::Criterion;
use std::hint::black_box;
use std::time::Instant;
use waico_framework::profile::*;
use waico_framework::{Catalog, Profile, assess};

/// The allocator of the `waico` binary, so that the rates are the node's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Small deterministic PRNG (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
    fn some<T: Copy + PartialEq>(&mut self, xs: &[T], max: usize) -> Vec<T> {
        let n = (self.next() % (max as u64 + 1)) as usize;
        let mut v = Vec::new();
        for _ in 0..n {
            let x = self.pick(xs);
            if !v.contains(&x) {
                v.push(x);
            }
        }
        v
    }
}

fn generate(n: usize) -> Vec<Profile> {
    use Capability::*;
    use Purpose::*;
    let mut r = Rng(0x9E3779B97F4A7C15);
    let juris = ["EU", "FR", "DE", "US", "US-CO", "CN", "BR", "JP", "IN"];
    let purposes = [
        Biometrics,
        CriticalInfrastructure,
        Education,
        Employment,
        EssentialServicesCredit,
        EssentialServicesInsurance,
        PublicBenefits,
        EmergencyDispatch,
        LawEnforcement,
        MigrationBorder,
        JusticeDemocracy,
        Elections,
        Medical,
        Housing,
        ContentGeneration,
        Chatbot,
        Purpose::Recommendation,
        Research,
        Safety,
        GeneralPurpose,
        FinancialFraudDetection,
    ];
    let caps = [
        InteractsWithPeople,
        GeneratesSyntheticContent,
        Deepfake,
        PublicInterestText,
        EmotionRecognition,
        BiometricIdentificationRemote,
        BiometricIdentificationRealtime,
        BiometricCategorisation,
        BiometricCategorisationProtected,
        Profiling,
        AutomatedDecisions,
        Capability::Recommendation,
    ];
    let rare = [
        SocialScoring,
        SubliminalManipulation,
        ExploitsVulnerabilities,
        UntargetedFacialScraping,
        CrimePredictionProfiling,
        BiometricCategorisationSensitive,
    ];
    let ctxs = [
        DeploymentContext::Workplace,
        DeploymentContext::EducationInstitution,
        DeploymentContext::PubliclyAccessibleSpace,
        DeploymentContext::Online,
        DeploymentContext::Healthcare,
    ];
    let controls = [
        "risk-management:1",
        "transparency:1",
        "content-labeling:1",
        "incident-reporting:1",
        "fairness:2",
        "human-oversight:1",
        "registration:2",
    ];
    (0..n)
        .map(|i| {
            let mut capabilities = r.some(&caps, 3);
            if r.chance(3) {
                capabilities.push(r.pick(&rare));
            }
            let is_gpai = r.chance(8);
            let mut p = Profile {
                id: format!("gen-{i}"),
                name: format!("Generated system {i}"),
                provider: "GEN".into(),
                jurisdictions: r.some(&juris, 3).into_iter().map(str::to_string).collect(),
                purposes: r.some(&purposes, 2),
                capabilities,
                deployment_contexts: r.some(&ctxs, 2),
                public_facing: r.chance(50),
                is_gpai,
                training_compute_flop: if is_gpai && r.chance(80) {
                    Some(10f64.powf(23.05 + (r.next() % 40) as f64 / 10.0))
                } else {
                    None
                },
                open_source_licence: if r.chance(20) {
                    Some("Apache-2.0".into())
                } else {
                    None
                },
                annex_i_safety_component: r.chance(5),
                human_editorial_control: r.chance(30),
                art6_3_exemptions: if r.chance(10) {
                    vec![Art63Exemption::NarrowProceduralTask]
                } else {
                    vec![]
                },
                rbi_exceptions: if r.chance(30) {
                    vec![RbiException::TargetedVictimSearch]
                } else {
                    vec![]
                },
                public_opinion_attributes: r.chance(20),
                consequential_decisions: r.chance(40),
                deployer_public_body: r.chance(15),
                roles: match r.next() % 3 {
                    0 => vec![Role::Provider],
                    1 => vec![Role::Deployer],
                    _ => vec![],
                },
                established_in_union: if r.chance(70) {
                    Some(r.chance(80))
                } else {
                    None
                },
                art2_exclusions: if r.chance(5) {
                    vec![r.pick(&[
                        Art2Exclusion::MilitaryDefence,
                        Art2Exclusion::ScientificResearch,
                        Art2Exclusion::PersonalNonProfessional,
                        Art2Exclusion::FreeOpenSource,
                    ])]
                } else {
                    vec![]
                },
                deployer_employees: if r.chance(50) {
                    Some(r.next() % 200)
                } else {
                    None
                },
                deployer_trains_on_own_data: if r.chance(50) {
                    Some(r.chance(30))
                } else {
                    None
                },
                unaffiliated_deployers: if r.chance(50) {
                    Some(r.chance(60))
                } else {
                    None
                },
                prior_authorisation: r.chance(50),
                ..Default::default()
            };
            for c in r.some(&controls, 3) {
                p.evidence.insert(
                    format!("urn:waico:control:{c}"),
                    Evidence {
                        status: EvidenceStatus::Implemented,
                        link: None,
                        date: None,
                        sha256: None,
                        jurisdictions: Vec::new(),
                    },
                );
            }
            p.normalise();
            p
        })
        .collect()
}

fn rate(n: usize, secs: f64) -> f64 {
    n as f64 / secs
}

fn throughput(cat: &Catalog, profiles: &[Profile]) {
    let n = profiles.len();
    // warm-up
    for p in profiles.iter().take(1000) {
        black_box(assess(p, cat));
    }
    let t = Instant::now();
    let mut obligations = 0usize;
    let mut not_minimal = 0usize;
    for p in profiles {
        let u = black_box(assess(p, cat)).unified;
        obligations += u.total_obligations;
        not_minimal += usize::from(!u.minimal);
    }
    let single = rate(n, t.elapsed().as_secs_f64());

    let threads = std::thread::available_parallelism().map_or(1, |x| x.get());
    let t = Instant::now();
    std::thread::scope(|s| {
        for chunk in profiles.chunks(n.div_ceil(threads)) {
            s.spawn(move || {
                for p in chunk {
                    black_box(assess(p, cat));
                }
            });
        }
    });
    let multi = rate(n, t.elapsed().as_secs_f64());

    // EU classification in CEL alone: a catalog holding only the EU pack.
    let eu_only = {
        let mut c = Catalog::new(cat.controls.clone());
        for (f, s) in waico_framework::catalog::shipped::FRAMEWORKS.iter().take(1) {
            c.add_framework_yaml(f, s).unwrap();
        }
        c.add_crosswalk_yaml(
            waico_framework::catalog::shipped::CROSSWALKS[0].0,
            waico_framework::catalog::shipped::CROSSWALKS[0].1,
        )
        .unwrap();
        c.add_pack_yaml(
            waico_framework::catalog::shipped::PACKS[0].0,
            waico_framework::catalog::shipped::PACKS[0].1,
        )
        .unwrap();
        c
    };
    let t = Instant::now();
    let mut cel_classes = Vec::with_capacity(n);
    for p in profiles {
        let a = assess(p, &eu_only);
        let j = &a.jurisdictions[0];
        cel_classes.push(if j.applies {
            j.risk_class.to_string()
        } else {
            "not_applicable".to_string()
        });
    }
    let eu_cel = rate(n, t.elapsed().as_secs_f64());

    // EU classification only (the same work the Rego twin does): bind, test
    // applicability, evaluate the classification rules, take the highest class.
    let eu = cat.pack("eu-ai-act").unwrap();
    let eu_mask = waico_framework::rulepack::fields_mask(
        std::iter::once(&eu.applies).chain(eu.rules.iter().map(|r| &r.condition)),
    );
    let t = Instant::now();
    let mut class_mismatch = 0usize;
    for (i, p) in profiles.iter().enumerate() {
        let b = waico_framework::rulepack::Bindings::for_mask(p, eu_mask);
        let class = if b.eval(&eu.applies) != waico_framework::rulepack::Outcome::True {
            "not_applicable"
        } else {
            let mut rank = 0;
            for r in eu.rules.iter().filter(|r| r.doc.requires.is_empty()) {
                if let Some(rr) = r.risk_rank
                    && rr > rank
                    && b.eval(&r.condition) == waico_framework::rulepack::Outcome::True
                {
                    rank = rr;
                }
            }
            eu.doc.risk_classes[rank].as_str()
        };
        if class != cel_classes[i] {
            class_mismatch += 1;
        }
    }
    let eu_class_cel = rate(n, t.elapsed().as_secs_f64());
    assert_eq!(class_mismatch, 0);

    // The same classification in Rego, evaluated by regorus.
    let mut engine = regorus::Engine::new();
    engine
        .add_policy(
            "eu_ai_act.rego".into(),
            include_str!("eu_ai_act.rego").into(),
        )
        .expect("rego compiles");
    let inputs: Vec<regorus::Value> = profiles
        .iter()
        .map(|p| regorus::Value::from_json_str(&serde_json::to_string(p).unwrap()).unwrap())
        .collect();
    let t = Instant::now();
    let mut mismatches = 0usize;
    for (i, input) in inputs.iter().enumerate() {
        engine.set_input(input.clone());
        let v = engine
            .eval_rule("data.waico.eu.result".into())
            .expect("rego evaluates");
        if v.as_string()
            .map(|s| s.as_ref() != cel_classes[i].as_str())
            .unwrap_or(true)
        {
            mismatches += 1;
        }
    }
    let rego = rate(n, t.elapsed().as_secs_f64());
    if std::env::var("BENCH_DEBUG").is_ok() {
        let mut shown = 0;
        for (i, input) in inputs.iter().enumerate() {
            engine.set_input(input.clone());
            let v = engine.eval_rule("data.waico.eu.result".into()).unwrap();
            if v.as_string()
                .map(|s| s.as_ref() != cel_classes[i].as_str())
                .unwrap_or(true)
                && shown < 5
            {
                shown += 1;
                println!(
                    "MISMATCH cel={} rego={v:?}\n{}",
                    cel_classes[i],
                    serde_json::to_string(&profiles[i]).unwrap()
                );
            }
        }
        let t = Instant::now();
        let bs: Vec<_> = profiles
            .iter()
            .map(|p| waico_framework::rulepack::Bindings::for_mask(p, cat.fields_mask()))
            .collect();
        println!("bindings/s {:.0}", rate(n, t.elapsed().as_secs_f64()));
        let t = Instant::now();
        let mut evals = 0;
        for b in &bs {
            for p in cat.packs() {
                if b.eval(&p.applies) == waico_framework::rulepack::Outcome::True {
                    for r in &p.rules {
                        evals += 1;
                        black_box(b.eval(&r.condition));
                    }
                }
            }
        }
        println!(
            "rule evals/s {:.0} ({evals} evals)",
            rate(evals, t.elapsed().as_secs_f64())
        );
    }

    println!("profiles:                               {n}");
    println!("full assessments/s, 1 thread:           {single:.0}");
    println!("full assessments/s, {threads} threads:          {multi:.0}");
    println!("EU-only assessments/s (CEL), 1 thread:  {eu_cel:.0}");
    println!("EU classification/s (CEL), 1 thread:    {eu_class_cel:.0}");
    println!("EU classification/s (regorus), 1 thread: {rego:.0}");
    println!(
        "EU classification CEL vs regorus:       {:.1}x",
        eu_class_cel / rego
    );
    println!(
        "full assessment vs regorus EU-only:     {:.1}x",
        single / rego
    );
    println!(
        "EU-only CEL vs regorus:                 {:.1}x",
        eu_cel / rego
    );
    println!(
        "mean obligations per profile:           {:.1}",
        obligations as f64 / n as f64
    );
    println!("unified views not proven minimal:       {not_minimal}");
    println!("CEL/Rego classification mismatches:     {mismatches}");
    assert_eq!(
        mismatches, 0,
        "the Rego twin must classify exactly like the CEL pack"
    );
}

fn main() {
    let cat = Catalog::shipped().expect("shipped catalog");
    let n = std::env::var("BENCH_PROFILES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let profiles = generate(n);
    throughput(&cat, &profiles);

    let mut c = Criterion::default().configure_from_args().sample_size(30);
    let demo: Vec<Profile> = waico_framework::catalog::shipped::DEMO_SYSTEMS
        .iter()
        .map(|(f, s)| Profile::from_yaml(f, s).unwrap())
        .collect();
    c.bench_function("assess 12 demo systems", |b| {
        b.iter(|| {
            for p in &demo {
                black_box(assess(p, &cat));
            }
        })
    });
    c.final_summary();
}
