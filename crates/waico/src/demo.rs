//! `serve --demo`: a believable organization in an empty store — member
//! states on every continent (among them the five the founding proposal
//! names: China, Russia, Germany, South Africa, Qatar), observers,
//! institutions, and a user in every role.

use anyhow::Context;
use waico_app::accounts::{self, UserInput};
use waico_app::members::{self, InstitutionInput, MembershipInput};
use waico_app::{AppState, framework};
use waico_members::{InstitutionKind, RoleGrant};

pub use crate::demo_states::STATES;

/// (name, kind, alpha-3, website).
pub const INSTITUTIONS: &[(&str, InstitutionKind, &str, &str)] = &[
    (
        "Tsinghua University",
        InstitutionKind::University,
        "CHN",
        "https://www.tsinghua.edu.cn",
    ),
    (
        "Shanghai Artificial Intelligence Laboratory",
        InstitutionKind::ResearchInstitute,
        "CHN",
        "https://www.shlab.org.cn",
    ),
    (
        "China Academy of Information and Communications Technology",
        InstitutionKind::ResearchInstitute,
        "CHN",
        "http://www.caict.ac.cn",
    ),
    (
        "Cyberspace Administration of China",
        InstitutionKind::GovernmentAgency,
        "CHN",
        "https://www.cac.gov.cn",
    ),
    (
        "Skolkovo Institute of Science and Technology",
        InstitutionKind::University,
        "RUS",
        "https://www.skoltech.ru",
    ),
    (
        "Artificial Intelligence Research Institute (AIRI)",
        InstitutionKind::ResearchInstitute,
        "RUS",
        "https://airi.net",
    ),
    (
        "German Research Center for Artificial Intelligence (DFKI)",
        InstitutionKind::ResearchInstitute,
        "DEU",
        "https://www.dfki.de",
    ),
    (
        "DIN German Institute for Standardization",
        InstitutionKind::StandardsBody,
        "DEU",
        "https://www.din.de",
    ),
    (
        "Federal Office for Information Security (BSI)",
        InstitutionKind::GovernmentAgency,
        "DEU",
        "https://www.bsi.bund.de",
    ),
    (
        "University of Cape Town",
        InstitutionKind::University,
        "ZAF",
        "https://www.uct.ac.za",
    ),
    (
        "Council for Scientific and Industrial Research (CSIR)",
        InstitutionKind::ResearchInstitute,
        "ZAF",
        "https://www.csir.co.za",
    ),
    (
        "Masakhane Research Foundation",
        InstitutionKind::Ngo,
        "ZAF",
        "https://www.masakhane.io",
    ),
    (
        "Qatar Computing Research Institute",
        InstitutionKind::ResearchInstitute,
        "QAT",
        "https://www.hbku.edu.qa/en/qcri",
    ),
    (
        "Hamad Bin Khalifa University",
        InstitutionKind::University,
        "QAT",
        "https://www.hbku.edu.qa",
    ),
    (
        "University of São Paulo",
        InstitutionKind::University,
        "BRA",
        "https://www5.usp.br",
    ),
    (
        "Brazilian Association of Technical Standards (ABNT)",
        InstitutionKind::StandardsBody,
        "BRA",
        "https://www.abnt.org.br",
    ),
    (
        "Indian Institute of Technology Madras",
        InstitutionKind::University,
        "IND",
        "https://www.iitm.ac.in",
    ),
    (
        "Centre for Development of Advanced Computing (C-DAC)",
        InstitutionKind::ResearchInstitute,
        "IND",
        "https://www.cdac.in",
    ),
    (
        "Bureau of Indian Standards",
        InstitutionKind::StandardsBody,
        "IND",
        "https://www.bis.gov.in",
    ),
    (
        "Bandung Institute of Technology",
        InstitutionKind::University,
        "IDN",
        "https://www.itb.ac.id",
    ),
    (
        "Strathmore University",
        InstitutionKind::University,
        "KEN",
        "https://strathmore.edu",
    ),
    (
        "Kenya Bureau of Standards",
        InstitutionKind::StandardsBody,
        "KEN",
        "https://www.kebs.org",
    ),
    (
        "Ministry of Information, Communications and the Digital Economy",
        InstitutionKind::GovernmentAgency,
        "KEN",
        "https://ict.go.ke",
    ),
    (
        "National Information Technology Development Agency",
        InstitutionKind::GovernmentAgency,
        "NGA",
        "https://nitda.gov.ng",
    ),
    (
        "University of Lagos",
        InstitutionKind::University,
        "NGA",
        "https://unilag.edu.ng",
    ),
    (
        "Cairo University",
        InstitutionKind::University,
        "EGY",
        "https://cu.edu.eg",
    ),
    (
        "Ethiopian Artificial Intelligence Institute",
        InstitutionKind::ResearchInstitute,
        "ETH",
        "https://aii.et",
    ),
    (
        "University of Ghana",
        InstitutionKind::University,
        "GHA",
        "https://www.ug.edu.gh",
    ),
    (
        "Carnegie Mellon University Africa",
        InstitutionKind::University,
        "RWA",
        "https://www.africa.engineering.cmu.edu",
    ),
    (
        "Cheikh Anta Diop University",
        InstitutionKind::University,
        "SEN",
        "https://www.ucad.sn",
    ),
    (
        "Mohammed VI Polytechnic University",
        InstitutionKind::University,
        "MAR",
        "https://um6p.ma",
    ),
    (
        "National Center of Artificial Intelligence (NCAI)",
        InstitutionKind::ResearchInstitute,
        "PAK",
        "https://ncai.pk",
    ),
    (
        "Bangladesh University of Engineering and Technology",
        InstitutionKind::University,
        "BGD",
        "https://www.buet.ac.bd",
    ),
    (
        "BRAC University",
        InstitutionKind::University,
        "BGD",
        "https://www.bracu.ac.bd",
    ),
    (
        "Vietnam National University, Hanoi",
        InstitutionKind::University,
        "VNM",
        "https://vnu.edu.vn",
    ),
    (
        "National Electronics and Computer Technology Center (NECTEC)",
        InstitutionKind::ResearchInstitute,
        "THA",
        "https://www.nectec.or.th",
    ),
    (
        "AI Singapore",
        InstitutionKind::ResearchInstitute,
        "SGP",
        "https://aisingapore.org",
    ),
    (
        "Mohamed bin Zayed University of Artificial Intelligence",
        InstitutionKind::University,
        "ARE",
        "https://mbzuai.ac.ae",
    ),
    (
        "Saudi Data and AI Authority (SDAIA)",
        InstitutionKind::GovernmentAgency,
        "SAU",
        "https://sdaia.gov.sa",
    ),
    (
        "Nazarbayev University",
        InstitutionKind::University,
        "KAZ",
        "https://nu.edu.kz",
    ),
    (
        "Scientific and Technological Research Council of Türkiye (TÜBİTAK)",
        InstitutionKind::ResearchInstitute,
        "TUR",
        "https://www.tubitak.gov.tr",
    ),
    (
        "University of Buenos Aires",
        InstitutionKind::University,
        "ARG",
        "https://www.uba.ar",
    ),
    (
        "National Autonomous University of Mexico (UNAM)",
        InstitutionKind::University,
        "MEX",
        "https://www.unam.mx",
    ),
    (
        "National Center for Artificial Intelligence (CENIA)",
        InstitutionKind::ResearchInstitute,
        "CHL",
        "https://cenia.cl",
    ),
    (
        "University of the South Pacific",
        InstitutionKind::University,
        "FJI",
        "https://www.usp.ac.fj",
    ),
    (
        "Inria",
        InstitutionKind::ResearchInstitute,
        "FRA",
        "https://www.inria.fr",
    ),
    (
        "Deep Learning Indaba",
        InstitutionKind::Ngo,
        "KEN",
        "https://deeplearningindaba.com",
    ),
    (
        "University of Dar es Salaam",
        InstitutionKind::University,
        "TZA",
        "https://www.udsm.ac.tz",
    ),
];

/// Demo accounts: (user name, display name, password, country, language, role, scope).
/// A scope of `inst:NAME` names a demo institution.
/// (user name, display name, password, country, language, role, scope);
/// a scope `inst:<name>` names one of [`INSTITUTIONS`].
pub type DemoUser = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    waico_members::Role,
    &'static str,
);

pub const USERS: &[DemoUser] = &[
    (
        "admin",
        "Secretariat Administrator",
        "waico-admin-demo",
        "CHN",
        "en",
        waico_members::Role::SecretariatAdmin,
        "",
    ),
    (
        "li.wei",
        "Li Wei",
        "waico-delegate-demo",
        "CHN",
        "zh",
        waico_members::Role::Delegate,
        "CHN",
    ),
    (
        "thandi",
        "Thandi Nkosi",
        "waico-delegate-demo",
        "ZAF",
        "en",
        waico_members::Role::Delegate,
        "ZAF",
    ),
    (
        "amina",
        "Amina Odhiambo",
        "waico-delegate-demo",
        "KEN",
        "en",
        waico_members::Role::Delegate,
        "KEN",
    ),
    (
        "fatima",
        "Fatima Al-Thani",
        "waico-delegate-demo",
        "QAT",
        "ar",
        waico_members::Role::Delegate,
        "QAT",
    ),
    (
        "ivan",
        "Ivan Petrov",
        "waico-delegate-demo",
        "RUS",
        "ru",
        waico_members::Role::Delegate,
        "RUS",
    ),
    (
        "lucia",
        "Lucía Fernández",
        "waico-delegate-demo",
        "ARG",
        "es",
        waico_members::Role::Delegate,
        "ARG",
    ),
    (
        "moussa",
        "Moussa Diop",
        "waico-rep-demo1",
        "SEN",
        "fr",
        waico_members::Role::InstitutionRep,
        "inst:Cheikh Anta Diop University",
    ),
    (
        "grace",
        "Grace Wanjiru",
        "waico-rep-demo1",
        "KEN",
        "en",
        waico_members::Role::InstitutionRep,
        "inst:Strathmore University",
    ),
    (
        "rahim",
        "Rahim Chowdhury",
        "waico-researcher-demo",
        "BGD",
        "en",
        waico_members::Role::Researcher,
        "",
    ),
    (
        "wanjiku",
        "Wanjiku Kamau",
        "waico-researcher-demo",
        "KEN",
        "en",
        waico_members::Role::Researcher,
        "",
    ),
];

/// Seeds an empty store; leaves a store with data untouched.
pub async fn seed(state: &AppState) -> anyhow::Result<bool> {
    if state.store.count_users().await? > 0 || !state.store.list_memberships().await?.is_empty() {
        tracing::info!("the store already has data; demo data not loaded again");
        return Ok(false);
    }
    // The demo is seeded through the same operations as the pages and the
    // API: the secretariat's account first, then what it decides.
    let (admin, others) = USERS.split_first().context("demo users")?;
    let admin = create_demo_user(state, admin, &std::collections::HashMap::new()).await?;
    let secretariat = accounts::actor_of(&admin);
    for (code, status, since) in STATES {
        let input = MembershipInput {
            status: status.slug().to_owned(),
            since: (*since).to_owned(),
        };
        members::set_membership(state, &secretariat, code, &input)
            .await
            .map_err(|e| anyhow::anyhow!("demo membership {code}: {e}"))?;
    }
    let mut ids = std::collections::HashMap::new();
    for (name, kind, code, website) in INSTITUTIONS {
        let input = InstitutionInput {
            name: (*name).to_owned(),
            kind: kind.slug().to_owned(),
            country: (*code).to_owned(),
            website: (*website).to_owned(),
        };
        let created = members::create_institution(state, &secretariat, &input)
            .await
            .map_err(|e| anyhow::anyhow!("demo institution {name}: {e}"))?;
        ids.insert(*name, created.id);
    }
    for user in others {
        create_demo_user(state, user, &ids).await?;
    }
    let repositories = crate::commons_demo::seed(state, &secretariat).await?;
    state.directory.invalidate();
    // Assessed before the deliberation demo amends the Brazilian pack, so
    // that these assessments keep the version they were made with.
    seed_ai_systems(state, &ids).await?;
    crate::demo_deliberation::seed(state, &secretariat).await?;
    state.directory.invalidate();
    crate::demo_capacity::seed(state, &secretariat).await?;
    let safety_reports = crate::demo_safety::seed(state).await?;
    tracing::info!(
        repositories,
        states = STATES.len(),
        institutions = INSTITUTIONS.len(),
        users = USERS.len(),
        safety_reports,
        "demo organization loaded"
    );
    Ok(true)
}

/// One of [`USERS`], created by the shell's `create-user` operation.
async fn create_demo_user(
    state: &AppState,
    user: &DemoUser,
    institutions: &std::collections::HashMap<&str, i64>,
) -> anyhow::Result<waico_store::User> {
    let (username, display_name, password, country, language, role, scope) = *user;
    let scope = match scope.strip_prefix("inst:") {
        Some(name) => institutions
            .get(name)
            .context("demo institution")?
            .to_string(),
        None => scope.to_owned(),
    };
    let grant =
        RoleGrant::from_parts(role, &scope).map_err(|e| anyhow::anyhow!("{username}: {e}"))?;
    let institution_id = match grant {
        RoleGrant::InstitutionRep { institution_id } => Some(institution_id),
        _ => None,
    };
    let input = UserInput {
        username: username.into(),
        display_name: display_name.into(),
        email: format!("{username}@demo.waico.org"),
        password: password.into(),
        country: country.into(),
        institution_id,
        language: language.into(),
    };
    accounts::create_user(state, None, &input, &[grant])
        .await
        .map_err(|e| anyhow::anyhow!("demo user {username}: {e}"))
}

/// Demo AI system profiles (shipped with waico-framework) and the demo
/// institution each is registered for; `None` = registered by the secretariat.
pub const AI_SYSTEM_OWNERS: &[(&str, Option<&str>)] = &[
    ("demo-hiring-screener", Some("Strathmore University")),
    ("demo-public-chatbot", Some("Strathmore University")),
    ("demo-credit-scorer", Some("University of Cape Town")),
    (
        "demo-open-foundation-model",
        Some("Mohamed bin Zayed University of Artificial Intelligence"),
    ),
    ("demo-deepfake-app", None),
    (
        "demo-medical-device",
        Some("German Research Center for Artificial Intelligence (DFKI)"),
    ),
    (
        "demo-school-proctoring",
        Some("Cheikh Anta Diop University"),
    ),
    (
        "demo-cn-public-chatbot",
        Some("Shanghai Artificial Intelligence Laboratory"),
    ),
    ("demo-cn-internal-rd", Some("Tsinghua University")),
    ("demo-police-rbi", None),
    ("demo-benefits-triage", Some("Cheikh Anta Diop University")),
    (
        "demo-news-summariser",
        Some("Qatar Computing Research Institute"),
    ),
];

/// Registers the demo AI systems and stores an assessment of each.
async fn seed_ai_systems(
    state: &AppState,
    institutions: &std::collections::HashMap<&str, i64>,
) -> anyhow::Result<()> {
    let admin = state
        .store
        .user_by_username("admin")
        .await
        .context("demo admin")?;
    let secretariat = accounts::actor_of(&admin);
    for (file, src) in waico_framework::catalog::shipped::DEMO_SYSTEMS {
        let profile =
            waico_framework::Profile::from_yaml(file, src).map_err(|e| anyhow::anyhow!("{e}"))?;
        let institution = AI_SYSTEM_OWNERS
            .iter()
            .find(|(id, _)| *id == profile.id)
            .and_then(|(_, name)| *name)
            .map(|name| institutions.get(name).copied().context("demo institution"))
            .transpose()?;
        framework::register_system(state, &secretariat, institution, src)
            .await
            .map_err(|e| anyhow::anyhow!("demo system {}: {e:?}", profile.id))?;
        framework::assess_system(state, &secretariat, &profile.id)
            .await
            .map_err(|e| anyhow::anyhow!("assessing {}: {e}", profile.id))?;
    }
    Ok(())
}

pub fn print_credentials() {
    println!("Demo sign-ins (user name / password):");
    for (username, _, password, _, _, role, scope) in USERS {
        let scope = scope.strip_prefix("inst:").unwrap_or(scope);
        println!(
            "  {username:<8} / {password:<22} {}{}",
            role.slug(),
            if scope.is_empty() {
                String::new()
            } else {
                format!(" ({scope})")
            }
        );
    }
}
