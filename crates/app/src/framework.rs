//! Framework & assessment on a node: the live catalog (shipped data plus the
//! stored uploads, swapped whole on a successful upload, reloaded when
//! another process stores one), uploads, the AI systems registry and
//! assessments. Shared by the pages and the API.

use waico_commons::repo::{RepoId, RepoKind};
use waico_framework::labels;
use waico_framework::profile::ModelSource;
use waico_framework::render::Words;
use waico_framework::{Assessment, LoadError, LoadErrors, Profile};
use waico_i18n::Tr;
use waico_members::Invalid;
use waico_members::policy::{Action, Actor};
use waico_store::{
    AiSystem, FrameworkSource, Institution, InstitutionFilter, NewAiSystem, NewFrameworkSource,
    SourceKind, StoreError, StoredAssessment,
};

use crate::AppState;
use crate::error::{OpError, require};
use crate::periodic::{self, First, Periodic};

pub mod live;
pub mod views;
pub mod work;

pub use live::FrameworkState;
use live::apply;
pub use views::*;

/// Starts the task that makes uploads stored by other processes sharing the
/// database take effect here: every `framework_reload_every` it compares the
/// stored uploads' watermark with the catalog's and reloads when they
/// differ. `None` when the setting is zero (off).
pub fn start_reloader(state: &AppState) -> Option<Periodic> {
    let every = state.settings.framework_reload_every;
    if every.is_zero() {
        return None;
    }
    let (framework, store) = (state.framework.clone(), state.store.clone());
    // The catalog was just loaded: the first look is one interval later.
    Some(periodic::every(every, First::AfterOneInterval, move || {
        let (framework, store) = (framework.clone(), store.clone());
        async move {
            match framework.reload_if_changed(&store).await {
                Ok(true) => {
                    tracing::info!("framework catalog reloaded: another process stored an upload")
                }
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "checking for framework uploads failed"),
            }
        }
    }))
}

/// Why an upload or a registration failed: located document errors, or an
/// operation error (rights, conflict…).
#[derive(Debug)]
pub enum DocError {
    Load(LoadErrors),
    Op(OpError),
}

impl From<OpError> for DocError {
    fn from(e: OpError) -> Self {
        DocError::Op(e)
    }
}

impl From<StoreError> for DocError {
    fn from(e: StoreError) -> Self {
        DocError::Op(e.into())
    }
}

impl From<LoadErrors> for DocError {
    fn from(e: LoadErrors) -> Self {
        DocError::Load(e)
    }
}

/// A file name for messages: the given one, or a default; no paths.
fn file_name(given: &str, default: &str) -> String {
    let name = given.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if name.is_empty() || name.len() > 200 || name.chars().any(char::is_control) {
        default.to_owned()
    } else {
        name.to_owned()
    }
}

/// The jurisdiction code `raw` names, upper-cased, when a CISO Assistant
/// framework library may be loaded for it: a code the catalog knows (a
/// loaded framework's or rulepack's: `EU`, `US-CO`, …), an ISO 3166-1
/// alpha-2 country code (`KE`), or `INTL`. `None` otherwise.
pub fn jurisdiction_code(cat: &waico_framework::Catalog, raw: &str) -> Option<String> {
    let code = raw.trim().to_ascii_uppercase();
    let iso = code.len() == 2
        && waico_members::Countries::get()
            .find(&code)
            .is_some_and(|c| c.alpha2 == code);
    (code == live::DEFAULT_CISO_JURISDICTION || iso || cat.jurisdictions().contains(code.as_str()))
        .then_some(code)
}

/// The jurisdiction an upload of `kind` is stored with: the chosen one
/// (checked) or `INTL` for a CISO Assistant framework library; none for
/// the other kinds, which carry their own and may not be given one.
fn upload_jurisdiction(
    cat: &waico_framework::Catalog,
    kind: SourceKind,
    given: Option<&str>,
) -> Result<Option<String>, OpError> {
    let given = given.map(str::trim).filter(|j| !j.is_empty());
    match (kind, given) {
        (SourceKind::CisoAssistant, None) => Ok(Some(live::DEFAULT_CISO_JURISDICTION.to_owned())),
        (SourceKind::CisoAssistant, Some(j)) => jurisdiction_code(cat, j)
            .map(Some)
            .ok_or_else(|| Invalid::new("jurisdiction", "fw-err-jurisdiction").into()),
        (_, None) => Ok(None),
        (_, Some(_)) => Err(Invalid::new("jurisdiction", "fw-err-jurisdiction-kind").into()),
    }
}

/// Validates and loads an uploaded document, records it, and swaps the new
/// catalog in. On any error nothing changes. `jurisdiction` is the one a
/// CISO Assistant framework library is loaded for (see
/// [`jurisdiction_code`]; `INTL` when `None`); it is stored with the
/// upload, so that a restart, and every process sharing the database,
/// load the library for it too. Other kinds take none.
pub async fn upload(
    state: &AppState,
    actor: &Actor,
    kind: SourceKind,
    file: &str,
    src: &str,
    jurisdiction: Option<&str>,
) -> Result<FrameworkSource, DocError> {
    require(actor, Action::LoadFramework)?;
    let file = file_name(file, &format!("upload-{}.yaml", kind.slug()));
    let fw = &state.framework;
    let mut loaded = fw.loaded.lock().await;
    // Uploads another process stored first, so that this one is checked
    // against the catalog it will join.
    if state.store.framework_sources_watermark().await? != *loaded {
        fw.rebuild(&state.store, &mut loaded).await?;
    }
    let jurisdiction = upload_jurisdiction(&fw.catalog(), kind, jurisdiction)?;
    let mut next = (*fw.catalog()).clone();
    let applied = apply(&mut next, kind, &file, src, jurisdiction.as_deref())?;
    let loaded_by = match actor {
        Actor::User { id, .. } => Some(*id),
        Actor::Anonymous => None,
    };
    let decision = match kind {
        SourceKind::Rulepack => waico_ledger::RecordKind::RulepackVersionAdopted,
        SourceKind::Crosswalk | SourceKind::CisoMappingSet => waico_ledger::RecordKind::Generic {
            name: "crosswalk_adopted".into(),
        },
        SourceKind::Framework | SourceKind::CisoAssistant => {
            waico_ledger::RecordKind::FrameworkVersionAdopted
        }
    };
    // The upload and its adoption record are written in one transaction,
    // before the new catalog takes effect.
    let row = state
        .store
        .add_framework_source(
            &NewFrameworkSource {
                kind,
                subject: applied.subject,
                version: applied.version.clone(),
                file_name: file.clone(),
                source: src.to_owned(),
                loaded_by,
                jurisdiction,
            },
            |row| {
                let mut details = serde_json::json!({ "version": row.version, "file": row.file_name, "source_id": row.id });
                if let Some(j) = &row.jurisdiction {
                    details["jurisdiction"] = j.as_str().into();
                }
                crate::ledger::decision_entry(
                    decision,
                    &crate::ledger::actor_code(actor),
                    (kind.slug(), &row.subject),
                    src.as_bytes(),
                    details,
                )
                .map(Some)
            },
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => DocError::Load(LoadErrors(vec![LoadError {
                file: file.clone(),
                line: 0,
                reason: format!(
                    "version `{}` of this {} is already loaded; give the new one another version",
                    applied.version,
                    kind.slug()
                ),
            }])),
            other => other.into(),
        })?;
    state.ledger.start_checkpoints();
    fw.swap(next);
    // The catalog now holds this row too: no reload for it.
    *loaded = loaded.with(row.id);
    Ok(row)
}

/// Lower-case letters, digits, `-`, `_`, `.`; 1 to 80 characters.
pub fn valid_slug(s: &str) -> bool {
    (1..=80).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

/// Parses a profile (YAML or JSON) with located errors, and checks its id
/// can serve as an address.
pub fn parse_profile(file: &str, src: &str) -> Result<Profile, LoadErrors> {
    let p = Profile::from_yaml(file, src)?;
    if !valid_slug(&p.id) {
        return Err(LoadErrors(vec![LoadError {
            file: file.to_owned(),
            line: src
                .lines()
                .position(|l| l.trim_start().starts_with("id:") || l.contains("\"id\""))
                .map_or(0, |i| i + 1),
            reason: format!(
                "id `{}` must be 1 to 80 lower-case letters, digits, `-`, `_` or `.`",
                p.id
            ),
        }]));
    }
    Ok(p)
}

/// Registers an AI system for the caller, or for an institution they may
/// register for (see [`registrable_institutions`]).
pub async fn register_system(
    state: &AppState,
    actor: &Actor,
    institution: Option<i64>,
    src: &str,
) -> Result<AiSystem, DocError> {
    if *actor == Actor::Anonymous {
        return Err(OpError::Unauthenticated.into());
    }
    let institution = match institution {
        None => None,
        Some(i) => {
            let inst = state.store.institution(i).await.map_err(|e| match e {
                StoreError::NotFound => OpError::Invalid(vec![waico_members::Invalid::new(
                    "institution",
                    "err-unknown-institution",
                )]),
                other => other.into(),
            })?;
            Some((inst.id, inst.country))
        }
    };
    require(actor, Action::RegisterAiSystem { institution })?;
    let profile = parse_profile("profile.yaml", src)?;
    check_underlying_model(state, actor, &profile).await?;
    let owner_user_id = match actor {
        Actor::User { id, .. } => Some(*id),
        Actor::Anonymous => None,
    };
    Ok(state
        .store
        .create_ai_system(&NewAiSystem {
            slug: profile.id.clone(),
            name: profile.name.clone(),
            owner_user_id,
            owner_institution_id: institution.map(|(i, _)| i),
            profile: profile.to_yaml(),
        })
        .await?)
}

/// Refuses a profile whose underlying model is said to be in the commons
/// (`source: commons`) but names no model repository of this node that
/// `actor` may see: the field error `underlying_model`. An external model is
/// not checked.
pub async fn check_underlying_model(
    state: &AppState,
    actor: &Actor,
    profile: &Profile,
) -> Result<(), OpError> {
    match &profile.underlying_model {
        Some(m) if m.source == ModelSource::Commons => {
            match commons_model(state, actor, &m.reference).await? {
                Some(_) => Ok(()),
                None => Err(OpError::Invalid(vec![waico_members::Invalid::new(
                    "underlying_model",
                    "sys-err-model-unknown",
                )])),
            }
        }
        _ => Ok(()),
    }
}

/// The commons model repository `reference` (`owner/name`) names, when it
/// exists on this node and `actor` may see it.
pub async fn commons_model(
    state: &AppState,
    actor: &Actor,
    reference: &str,
) -> Result<Option<RepoId>, OpError> {
    let Ok(id) = RepoId::parse(reference.trim()) else {
        return Ok(None);
    };
    match crate::commons::find_repo(state, actor, RepoKind::Model, id.owner(), id.name()).await {
        Ok(repo) => Ok(Some(repo.repo)),
        Err(OpError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The institutions `actor` may register an AI system for, as the policy's
/// `RegisterAiSystem` decides for each. Sorted by name.
pub async fn registrable_institutions(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<Institution>, OpError> {
    // Whoever may register for an institution may register for themselves
    // (see the policy), so those who may not are spared the listing.
    if !waico_members::may(actor, Action::RegisterAiSystem { institution: None }) {
        return Ok(Vec::new());
    }
    let (mut found, _) = state
        .store
        .list_institutions(&InstitutionFilter {
            limit: 100_000,
            ..InstitutionFilter::default()
        })
        .await?;
    found.retain(|i| {
        waico_members::may(
            actor,
            Action::RegisterAiSystem {
                institution: Some((i.id, i.country)),
            },
        )
    });
    found.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    found.dedup_by_key(|i| i.id);
    Ok(found)
}

/// Report wording from the interface's message catalog, in one language.
pub struct ReportWords(pub Tr);

impl Words for ReportWords {
    fn lang(&self) -> &str {
        self.0.lang.code()
    }
    fn rtl(&self) -> bool {
        self.0.lang.is_rtl()
    }
    fn text(&self, key: &str) -> String {
        self.0.t(key)
    }
    fn value(&self, prefix: &str, value: &str) -> String {
        self.0.t_or(&labels::message_id(prefix, value), value)
    }
    fn days(&self, days: u32, working: bool) -> String {
        let key = if working {
            "sys-working-days"
        } else {
            "sys-days"
        };
        self.0.n(key, days)
    }
}

fn edit_action(sys: &AiSystem) -> Action {
    Action::EditAiSystem {
        owner_user: sys.owner_user_id,
        owner_institution: sys.owner_institution_id,
    }
}

/// Whether `actor` may change `sys` (for showing buttons).
pub fn may_edit(actor: &Actor, sys: &AiSystem) -> bool {
    waico_members::may(actor, edit_action(sys))
}

/// Replaces a system's profile; its id (address) cannot change.
pub async fn update_system(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    src: &str,
) -> Result<AiSystem, DocError> {
    let sys = state.store.ai_system(slug).await?;
    require(actor, edit_action(&sys))?;
    let profile = parse_profile("profile.yaml", src)?;
    check_underlying_model(state, actor, &profile).await?;
    if profile.id != sys.slug {
        return Err(DocError::Load(LoadErrors(vec![LoadError {
            file: "profile.yaml".into(),
            line: 0,
            reason: format!(
                "the profile id `{}` differs from the system's id `{}`",
                profile.id, sys.slug
            ),
        }])));
    }
    Ok(state
        .store
        .update_ai_system(sys.id, &profile.name, &profile.to_yaml())
        .await?)
}

/// A stored profile, parsed (it was valid when stored).
pub fn stored_profile(sys: &AiSystem) -> Result<Profile, OpError> {
    Profile::from_yaml(&sys.slug, &sys.profile)
        .map_err(|e| OpError::Internal(format!("stored profile {}: {e}", sys.slug)))
}

/// Runs the assessment of a registered system against the current catalog
/// and stores it with the pack versions used.
pub async fn assess_system(
    state: &AppState,
    actor: &Actor,
    slug: &str,
) -> Result<(AiSystem, StoredAssessment), OpError> {
    let sys = state.store.ai_system(slug).await?;
    require(actor, edit_action(&sys))?;
    let stored = assess_and_store(state, &sys).await?;
    Ok((sys, stored))
}

/// Assesses and stores without a policy check (demo seeding, callers that checked).
pub async fn assess_and_store(
    state: &AppState,
    sys: &AiSystem,
) -> Result<StoredAssessment, OpError> {
    let profile = stored_profile(sys)?;
    let catalog = state.framework.catalog();
    let a = waico_framework::assess_on(&profile, &catalog, &today_utc());
    let packs =
        serde_json::to_string(&a.packs_used).map_err(|e| OpError::Internal(e.to_string()))?;
    Ok(state
        .store
        .add_assessment(sys.id, &packs, &a.to_json())
        .await?)
}

/// Today's date in UTC as YYYY-MM-DD: the date an assessment is made on,
/// which pack statuses are derived for.
pub fn today_utc() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A stored assessment's result, parsed.
pub fn stored_result(a: &StoredAssessment) -> Result<Assessment, OpError> {
    Assessment::from_json(&a.result)
        .map_err(|e| OpError::Internal(format!("stored assessment {}: {e}", a.id)))
}

/// RFC 3339 time of a millisecond timestamp, for OSCAL.
pub fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_library_is_loaded_for_a_jurisdiction_the_node_knows() {
        let cat = waico_framework::Catalog::shipped().unwrap();
        for (given, code) in [
            (" us-co ", "US-CO"),
            ("EU", "EU"),
            ("ke", "KE"),
            ("intl", "INTL"),
        ] {
            assert_eq!(jurisdiction_code(&cat, given).as_deref(), Some(code));
        }
        for bad in ["", "ZZ", "KEN", "US-XX", "E U", "<b>"] {
            assert_eq!(jurisdiction_code(&cat, bad), None, "{bad:?}");
        }
        let field = |r: Result<Option<String>, OpError>| match r {
            Err(OpError::Invalid(e)) => (e[0].field, e[0].key),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            upload_jurisdiction(&cat, SourceKind::CisoAssistant, None).unwrap(),
            Some("INTL".to_owned())
        );
        assert_eq!(
            upload_jurisdiction(&cat, SourceKind::CisoAssistant, Some("br")).unwrap(),
            Some("BR".to_owned())
        );
        assert_eq!(
            field(upload_jurisdiction(
                &cat,
                SourceKind::CisoAssistant,
                Some("Atlantis")
            )),
            ("jurisdiction", "fw-err-jurisdiction")
        );
        // Other kinds carry their own jurisdiction, or none.
        assert_eq!(
            field(upload_jurisdiction(
                &cat,
                SourceKind::CisoMappingSet,
                Some("KE")
            )),
            ("jurisdiction", "fw-err-jurisdiction-kind")
        );
        assert_eq!(
            upload_jurisdiction(&cat, SourceKind::Crosswalk, Some(" ")).unwrap(),
            None
        );
    }
}
