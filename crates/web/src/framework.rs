//! Framework & assessment on a node: the live catalog (shipped data plus the
//! stored uploads, swapped whole on a successful upload, reloaded when
//! another process stores one), uploads, the AI systems registry and
//! assessments. Shared by the pages and the API.

use std::sync::{Arc, RwLock};

use waico_commons::repo::{RepoId, RepoKind};
use waico_framework::labels;
use waico_framework::profile::ModelSource;
use waico_framework::render::Words;
use waico_framework::{Assessment, Catalog, LoadError, LoadErrors, Profile};
use waico_i18n::Tr;
use waico_members::policy::{Action, Actor};
use waico_store::{
    AiSystem, FrameworkSource, Institution, InstitutionFilter, NewAiSystem, NewFrameworkSource,
    SourceKind, SourcesWatermark, Store, StoreError, StoredAssessment,
};

use crate::AppState;
use crate::ops::{OpError, require};
use crate::problem::{LoadErrorView, Problem};

/// The catalog every assessment and page reads. Readers take a cheap
/// snapshot (`Arc`); an upload builds a new catalog and swaps it in.
#[derive(Clone)]
pub struct FrameworkState {
    catalog: Arc<RwLock<Arc<Catalog>>>,
    /// The watermark of the stored uploads the catalog holds. Its lock
    /// serialises uploads and reloads, so that none is lost between clone
    /// and swap.
    loaded: Arc<tokio::sync::Mutex<SourcesWatermark>>,
}

impl Default for FrameworkState {
    /// The shipped data alone: the catalog of an empty upload table.
    fn default() -> Self {
        FrameworkState {
            catalog: Arc::new(RwLock::new(Arc::new(shipped()))),
            loaded: Arc::default(),
        }
    }
}

fn shipped() -> Catalog {
    // The shipped data is checked by waico-framework's tests.
    Catalog::shipped().expect("shipped framework data loads")
}

impl FrameworkState {
    /// The current catalog.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn swap(&self, new: Catalog) {
        *self.catalog.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(new);
    }

    /// Rebuilds the catalog from the shipped data and the active stored
    /// uploads, in the order they were accepted. An upload that no longer
    /// loads (e.g. the shipped data now defines the same URN) is skipped
    /// with a warning; the rest still load. Returns the skipped sources.
    pub async fn load_stored(&self, store: &Store) -> Result<Vec<(i64, LoadErrors)>, StoreError> {
        let mut loaded = self.loaded.lock().await;
        self.rebuild(store, &mut loaded).await
    }

    /// Reloads the catalog if the store holds uploads it was not built from
    /// (stored by another process sharing the database); one cheap query
    /// otherwise. Returns whether it reloaded.
    pub async fn reload_if_changed(&self, store: &Store) -> Result<bool, StoreError> {
        let mut loaded = self.loaded.lock().await;
        if store.framework_sources_watermark().await? == *loaded {
            return Ok(false);
        }
        self.rebuild(store, &mut loaded).await?;
        Ok(true)
    }

    /// [`Self::load_stored`] with the lock held.
    async fn rebuild(
        &self,
        store: &Store,
        loaded: &mut SourcesWatermark,
    ) -> Result<Vec<(i64, LoadErrors)>, StoreError> {
        let sources = store.list_framework_sources().await?;
        let mut cat = shipped();
        let mut skipped = Vec::new();
        for s in &sources {
            if s.status != "active" {
                continue;
            }
            if let Err(e) = apply(&mut cat, s.kind, &s.file_name, &s.source) {
                tracing::warn!(id = s.id, file = %s.file_name, errors = %e, "stored framework upload skipped");
                skipped.push((s.id, e));
            }
        }
        self.swap(cat);
        *loaded = SourcesWatermark::of(&sources);
        Ok(skipped)
    }
}

/// The task started by [`start_reloader`]; dropping it stops the task.
pub struct Reloader(tokio::task::JoinHandle<()>);

impl Drop for Reloader {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts the task that makes uploads stored by other processes sharing the
/// database take effect here: every `framework_reload_every` it compares the
/// stored uploads' watermark with the catalog's and reloads when they
/// differ. `None` when the setting is zero (off).
pub fn start_reloader(state: &AppState) -> Option<Reloader> {
    let every = state.settings.framework_reload_every;
    if every.is_zero() {
        return None;
    }
    let framework = state.framework.clone();
    let store = state.store.clone();
    Some(Reloader(tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await; // the first tick is immediate; the catalog was just loaded
        loop {
            tick.tick().await;
            match framework.reload_if_changed(&store).await {
                Ok(true) => {
                    tracing::info!("framework catalog reloaded: another process stored an upload")
                }
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "checking for framework uploads failed"),
            }
        }
    })))
}

/// What an upload defined.
struct Applied {
    subject: String,
    version: String,
}

/// Loads one document into `cat`; on error `cat` is unchanged.
fn apply(
    cat: &mut Catalog,
    kind: SourceKind,
    file: &str,
    src: &str,
) -> Result<Applied, LoadErrors> {
    match kind {
        SourceKind::Framework => {
            let fw = cat.add_framework_yaml(file, src)?;
            Ok(Applied {
                subject: fw.urn.clone(),
                version: fw.version.clone(),
            })
        }
        SourceKind::CisoAssistant => {
            let fw = waico_framework::framework::import_ciso_assistant(file, src, "INTL")?;
            let fw = cat.add_framework(file, src, fw)?;
            Ok(Applied {
                subject: fw.urn.clone(),
                version: fw.version.clone(),
            })
        }
        SourceKind::Crosswalk => {
            let doc = waico_framework::crosswalk::CrosswalkDoc::from_yaml(file, src)?;
            cat.add_crosswalk_yaml(file, src)?;
            Ok(Applied {
                subject: doc.framework,
                version: doc.version,
            })
        }
        SourceKind::Rulepack => {
            let pack = cat.add_pack_yaml(file, src)?;
            Ok(Applied {
                subject: pack.doc.id.clone(),
                version: pack.doc.version.clone(),
            })
        }
    }
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

/// A located-errors problem (422) listing every problem found.
pub fn load_problem(errors: &LoadErrors) -> Problem {
    let mut p = Problem::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        format!("the document was rejected; nothing was changed: {errors}"),
    );
    p.kind = "https://waico.org/problems/invalid-document".into();
    p.load_errors = errors
        .0
        .iter()
        .map(|e| LoadErrorView {
            file: e.file.clone(),
            line: e.line,
            reason: e.reason.clone(),
        })
        .collect::<Vec<_>>()
        .into_boxed_slice();
    p
}

impl From<DocError> for Problem {
    fn from(e: DocError) -> Self {
        match e {
            DocError::Load(errors) => load_problem(&errors),
            DocError::Op(op) => op.into(),
        }
    }
}

impl axum::response::IntoResponse for DocError {
    fn into_response(self) -> axum::response::Response {
        Problem::from(self).into_response()
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

/// Validates and loads an uploaded document, records it, and swaps the new
/// catalog in. On any error nothing changes.
pub async fn upload(
    state: &AppState,
    actor: &Actor,
    kind: SourceKind,
    file: &str,
    src: &str,
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
    let mut next = (*fw.catalog()).clone();
    let applied = apply(&mut next, kind, &file, src)?;
    let loaded_by = match actor {
        Actor::User { id, .. } => Some(*id),
        Actor::Anonymous => None,
    };
    let decision = match kind {
        SourceKind::Rulepack => waico_ledger::RecordKind::RulepackVersionAdopted,
        SourceKind::Crosswalk => waico_ledger::RecordKind::Generic {
            name: "crosswalk_adopted".into(),
        },
        _ => waico_ledger::RecordKind::FrameworkVersionAdopted,
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
            },
            |row| {
                crate::ledger::decision_entry(
                    decision,
                    &crate::ledger::actor_code(actor),
                    (kind.slug(), &row.subject),
                    src.as_bytes(),
                    serde_json::json!({ "version": row.version, "file": row.file_name, "source_id": row.id }),
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

// ---- Views shared by the pages and the API ----

use serde::Serialize;
use utoipa::ToSchema;
use waico_framework::controls::ControlCatalog;
use waico_framework::crosswalk::Relationship;
use waico_framework::framework::{Framework, Node, NodeKind};

pub fn relationship_str(r: Relationship) -> &'static str {
    match r {
        Relationship::Equal => "equal",
        Relationship::Subset => "subset",
        Relationship::Superset => "superset",
        Relationship::Intersects => "intersects",
    }
}

/// A framework in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FrameworkSummary {
    pub urn: String,
    pub ref_id: String,
    pub name: String,
    pub version: String,
    /// ISO 3166 code (`US-CO` for a state), `EU`, or `INTL`.
    pub jurisdiction: String,
    pub publisher: Option<String>,
    pub official_link: Option<String>,
    pub sections: usize,
    pub requirements: usize,
}

impl From<&Framework> for FrameworkSummary {
    fn from(f: &Framework) -> Self {
        let requirements = f
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Requirement)
            .count();
        FrameworkSummary {
            urn: f.urn.clone(),
            ref_id: f.ref_id.clone(),
            name: f.name.clone(),
            version: f.version.clone(),
            jurisdiction: f.jurisdiction.clone(),
            publisher: f.publisher.clone(),
            official_link: f.official_link.clone(),
            sections: f.nodes.len() - requirements,
            requirements,
        }
    }
}

/// A requirement ↔ unified control mapping, seen from the requirement.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ControlRef {
    /// Control URN, e.g. `urn:waico:control:transparency:1`.
    pub control: String,
    /// Short id, e.g. `transparency:1`.
    pub id: String,
    pub title: String,
    /// equal, subset, superset or intersects.
    pub relationship: String,
}

/// A section or requirement, in tree order with its depth.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NodeView {
    pub urn: String,
    pub parent: Option<String>,
    /// section or requirement.
    pub kind: String,
    pub depth: usize,
    pub ref_id: String,
    pub title: String,
    pub summary: Option<String>,
    pub citation: Option<String>,
    pub link: Option<String>,
    /// Unified controls this requirement maps to.
    pub controls: Vec<ControlRef>,
}

/// A framework with its requirement tree.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FrameworkDetail {
    #[serde(flatten)]
    pub summary: FrameworkSummary,
    pub description: Option<String>,
    /// Depth-first, in document order.
    pub nodes: Vec<NodeView>,
}

pub fn short_control(urn: &str) -> String {
    urn.strip_prefix("urn:waico:control:")
        .unwrap_or(urn)
        .to_owned()
}

pub fn controls_of(cat: &Catalog, requirement: &str) -> Vec<ControlRef> {
    cat.controls_for_requirement(requirement)
        .into_iter()
        .map(|m| ControlRef {
            control: m.control.clone(),
            id: short_control(&m.control),
            title: cat.control_title(&m.control).unwrap_or_default().to_owned(),
            relationship: relationship_str(m.relationship).into(),
        })
        .collect()
}

fn node_view(cat: &Catalog, n: &Node, depth: usize) -> NodeView {
    NodeView {
        urn: n.urn.clone(),
        parent: n.parent.clone(),
        kind: match n.kind {
            NodeKind::Section => "section",
            NodeKind::Requirement => "requirement",
        }
        .into(),
        depth,
        ref_id: n.ref_id.clone(),
        title: n.title.clone(),
        summary: n.summary.clone(),
        citation: n.citation.clone(),
        link: n.link.clone(),
        controls: controls_of(cat, &n.urn),
    }
}

pub fn framework_detail(cat: &Catalog, f: &Framework) -> FrameworkDetail {
    let mut children: std::collections::HashMap<Option<&str>, Vec<&Node>> = Default::default();
    for n in &f.nodes {
        children.entry(n.parent.as_deref()).or_default().push(n);
    }
    let mut nodes = Vec::with_capacity(f.nodes.len());
    let mut stack: Vec<(&Node, usize)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|n| (*n, 0)).collect())
        .unwrap_or_default();
    while let Some((n, depth)) = stack.pop() {
        nodes.push(node_view(cat, n, depth));
        if let Some(kids) = children.get(&Some(n.urn.as_str())) {
            stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
        }
    }
    FrameworkDetail {
        summary: f.into(),
        description: f.description.clone(),
        nodes,
    }
}

/// A national requirement, seen from a unified control.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequirementRef {
    pub requirement: String,
    pub framework: String,
    pub framework_name: String,
    pub jurisdiction: String,
    pub ref_id: String,
    pub title: String,
    pub citation: Option<String>,
    pub relationship: String,
}

/// A unified control and the national requirements it satisfies.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ControlDetail {
    pub control: String,
    pub id: String,
    pub theme: String,
    pub theme_title: String,
    pub title: String,
    pub statement: String,
    pub evidence_hint: Option<String>,
    pub requirements: Vec<RequirementRef>,
}

pub fn control_detail(cat: &Catalog, id: &str) -> Option<ControlDetail> {
    let urn = ControlCatalog::expand(id);
    let (theme, control) = cat.controls.controls().find(|(_, c)| c.urn == urn)?;
    let mut requirements: Vec<RequirementRef> = cat
        .requirements_for_control(&urn)
        .into_iter()
        .filter_map(|m| {
            let (fw, n) = cat.requirement(&m.requirement)?;
            Some(RequirementRef {
                requirement: n.urn.clone(),
                framework: fw.urn.clone(),
                framework_name: fw.name.clone(),
                jurisdiction: fw.jurisdiction.clone(),
                ref_id: n.ref_id.clone(),
                title: n.title.clone(),
                citation: n.citation.clone(),
                relationship: relationship_str(m.relationship).into(),
            })
        })
        .collect();
    requirements
        .sort_by(|a, b| (&a.jurisdiction, &a.framework).cmp(&(&b.jurisdiction, &b.framework)));
    Some(ControlDetail {
        control: urn.clone(),
        id: short_control(&urn),
        theme: theme.id.clone(),
        theme_title: theme.title.clone(),
        title: control.title.clone(),
        statement: control.statement.clone(),
        evidence_hint: control.evidence_hint.clone(),
        requirements,
    })
}

/// A requirement and the unified controls it maps to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequirementDetail {
    #[serde(flatten)]
    pub node: NodeView,
    pub framework: String,
    pub framework_name: String,
    pub jurisdiction: String,
}

pub fn requirement_detail(cat: &Catalog, urn: &str) -> Option<RequirementDetail> {
    let (fw, n) = cat.requirement(urn)?;
    Some(RequirementDetail {
        node: node_view(cat, n, 0),
        framework: fw.urn.clone(),
        framework_name: fw.name.clone(),
        jurisdiction: fw.jurisdiction.clone(),
    })
}

/// A loaded rulepack.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackSummary {
    pub id: String,
    pub name: String,
    pub jurisdiction: String,
    pub version: String,
    /// in_force, adopted_not_yet_applicable, draft or voluntary.
    pub status: String,
    /// Whether its obligations bind (in force or adopted).
    pub binding: bool,
    pub official_title: String,
    pub official_url: String,
    pub frameworks: Vec<String>,
    pub risk_classes: Vec<String>,
    pub rules: usize,
}

pub fn pack_summaries(cat: &Catalog) -> Vec<PackSummary> {
    cat.packs()
        .iter()
        .map(|p| PackSummary {
            id: p.doc.id.clone(),
            name: p.doc.name.clone(),
            jurisdiction: p.doc.jurisdiction.clone(),
            version: p.doc.version.clone(),
            status: p.doc.status.as_str().into(),
            binding: p.doc.status.binding(),
            official_title: p.doc.official_source.title.clone(),
            official_url: p.doc.official_source.url.clone(),
            frameworks: p.doc.frameworks.clone(),
            risk_classes: p.doc.risk_classes.clone(),
            rules: p.rules.len(),
        })
        .collect()
}
