//! Framework & assessment pages: frameworks and their requirement trees,
//! the unified control catalog, rulepacks, the admin upload form, the AI
//! systems registry with its registration form, and a system's latest
//! assessment as a printable report.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};
use waico_framework::assess::ObligationStatus;
use waico_framework::framework::{Framework, Node};
use waico_framework::labels::{self, RISK_CLASS};
use waico_framework::profile::ModelSource;
use waico_framework::render::deadline_in;
use waico_framework::{Assessment, Profile};
use waico_members::{Action, Invalid};
use waico_store::{AiSystem, SourceKind};

use super::{FormErrors, ok, page_error, render, see_other};
use crate::AppState;
use crate::auth::{SignedIn, Viewer};
use waico_app::OpError;
use waico_app::framework::{
    self as fw, ControlDetail, DocError, FrameworkDetail, FrameworkSummary, PackSummary,
    ReportWords,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/frameworks", get(frameworks))
        .route("/frameworks/upload", get(upload_form).post(upload))
        .route("/frameworks/{urn}", get(framework))
        .route("/controls", get(controls))
        .route("/controls/{id}", get(control))
        .route("/packs", get(packs))
        .route("/systems", get(systems).post(register))
        .route("/systems/new", get(new_system))
        .route("/systems/{id}", get(system))
        .route("/systems/{id}/assess", post(assess))
}

impl Viewer {
    /// Translated pack status (in force, adopted…, draft, voluntary).
    pub fn pack_status(&self, slug: &str) -> String {
        self.label("fw-status", slug)
    }

    /// The label of a closed-list value in the viewer's language (see
    /// `waico_framework::labels`); the value itself when it has none, as a
    /// risk class of an uploaded pack may not.
    pub fn label(&self, prefix: &str, value: &str) -> String {
        self.tr.t_or(&labels::message_id(prefix, value), value)
    }

    /// Labels of several values, joined for reading.
    fn labels<T: serde::Serialize>(&self, prefix: &str, values: &[T]) -> String {
        values
            .iter()
            .map(|x| self.label(prefix, &to_slug(x)))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// A text's translation into the viewer's language, if the data has one.
fn localized(v: &Viewer, default: &str, translations: &BTreeMap<String, String>) -> String {
    translations
        .get(v.lang().code())
        .cloned()
        .unwrap_or_else(|| default.to_owned())
}

#[derive(Template)]
#[template(path = "frameworks.html")]
struct FrameworksPage<'a> {
    v: &'a Viewer,
    frameworks: Vec<(FrameworkSummary, String)>,
    can_upload: bool,
}

async fn frameworks(v: Viewer, State(state): State<AppState>) -> Response {
    let cat = state.framework.catalog();
    let frameworks = cat
        .frameworks()
        .map(|f| {
            (
                FrameworkSummary::from(f),
                localized(&v, &f.name, &f.translations),
            )
        })
        .collect();
    let can_upload = v.may(Action::LoadFramework);
    ok(
        &v,
        &FrameworksPage {
            v: &v,
            frameworks,
            can_upload,
        },
    )
}

#[derive(Template)]
#[template(path = "framework.html")]
struct FrameworkPage<'a> {
    v: &'a Viewer,
    f: FrameworkDetail,
    name: String,
    /// Per node (same order): its title in the viewer's language and the law's
    /// own words beside it.
    words: Vec<NodeWords>,
}

/// A node's title as the viewer reads it, and the law's own words.
struct NodeWords {
    title: String,
    /// The language of `title` when it is not the page's (English fallback).
    title_lang: Option<String>,
    /// The official text in the reader's language (the law's, or an official
    /// translation), shown under the title.
    shown: Option<LawWords>,
    /// The law's own words one click away (`<details>`): its official text or,
    /// without one, its title in the law's language.
    original: Option<LawWords>,
}

struct LawWords {
    /// The `<summary>` naming what is inside and its language.
    summary: String,
    text: String,
    lang: String,
    dir: &'static str,
}

/// What the framework page shows of `node` to a reader of `v`'s language.
fn node_words(v: &Viewer, f: &Framework, node: &Node) -> NodeWords {
    let lang = v.lang().code();
    let title = node.title_for(f, lang);
    let law_lang = title.original_language;
    let dir = |l: &str| if l == "ar" { "rtl" } else { "ltr" };
    let language = v.tr.language_name(law_lang);
    let text = node.text_for(f, lang);
    let shown = text.as_ref().filter(|t| t.lang == lang).map(|t| LawWords {
        summary: String::new(),
        text: t.text.to_owned(),
        lang: t.lang.clone(),
        dir: dir(&t.lang),
    });
    let original = if law_lang == lang {
        None
    } else if let Some(original) = text.as_ref().and_then(|t| t.original) {
        Some(LawWords {
            summary: v.tr.a("fw-law-text", &[("language", &language)]),
            text: original.to_owned(),
            lang: law_lang.to_owned(),
            dir: dir(law_lang),
        })
    } else {
        // No text: the title in the law's language, where the data has it and
        // the law has one language of its own (not the EU's 24).
        title
            .original
            .filter(|o| f.original_language.is_some() && *o != title.text)
            .map(|o| LawWords {
                summary: v.tr.a("fw-law-title", &[("language", &language)]),
                text: o.to_owned(),
                lang: law_lang.to_owned(),
                dir: dir(law_lang),
            })
    };
    NodeWords {
        title: title.text.to_owned(),
        title_lang: (title.lang != lang).then(|| title.lang.clone()),
        shown,
        original,
    }
}

async fn framework(v: Viewer, State(state): State<AppState>, Path(urn): Path<String>) -> Response {
    let cat = state.framework.catalog();
    let Some(f) = cat.framework(&urn) else {
        return page_error(&v, &OpError::NotFound);
    };
    let mut detail = fw::framework_detail(&cat, f);
    for c in detail.nodes.iter_mut().flat_map(|n| n.controls.iter_mut()) {
        if let Some(ctl) = cat.controls.control(&c.control) {
            c.title = localized(&v, &ctl.title, &ctl.translations);
        }
    }
    let words = detail
        .nodes
        .iter()
        .map(|n| match f.node(&n.urn) {
            Some(node) => node_words(&v, f, node),
            None => NodeWords {
                title: n.title.clone(),
                title_lang: None,
                shown: None,
                original: None,
            },
        })
        .collect();
    let name = localized(&v, &f.name, &f.translations);
    ok(
        &v,
        &FrameworkPage {
            v: &v,
            f: detail,
            name,
            words,
        },
    )
}

struct ThemeRow {
    id: String,
    title: String,
    controls: Vec<(String, String, usize)>,
}

#[derive(Template)]
#[template(path = "controls.html")]
struct ControlsPage<'a> {
    v: &'a Viewer,
    version: String,
    themes: Vec<ThemeRow>,
}

async fn controls(v: Viewer, State(state): State<AppState>) -> Response {
    let cat = state.framework.catalog();
    let themes = cat
        .controls
        .themes
        .iter()
        .map(|t| ThemeRow {
            id: t.id.clone(),
            title: localized(&v, &t.title, &t.translations),
            controls: t
                .controls
                .iter()
                .map(|c| {
                    (
                        fw::short_control(&c.urn),
                        localized(&v, &c.title, &c.translations),
                        cat.requirements_for_control(&c.urn).len(),
                    )
                })
                .collect(),
        })
        .collect();
    ok(
        &v,
        &ControlsPage {
            v: &v,
            version: cat.controls.version.clone(),
            themes,
        },
    )
}

#[derive(Template)]
#[template(path = "control.html")]
struct ControlPage<'a> {
    v: &'a Viewer,
    c: ControlDetail,
    title: String,
}

async fn control(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let cat = state.framework.catalog();
    let Some(c) = fw::control_detail(&cat, &id) else {
        return page_error(&v, &OpError::NotFound);
    };
    let mut c = c;
    if let Some(theme) = cat.controls.themes.iter().find(|t| t.id == c.theme) {
        c.theme_title = localized(&v, &theme.title, &theme.translations);
    }
    let title = cat
        .controls
        .control(&c.control)
        .map(|ctl| localized(&v, &ctl.title, &ctl.translations))
        .unwrap_or_else(|| c.title.clone());
    ok(&v, &ControlPage { v: &v, c, title })
}

#[derive(Template)]
#[template(path = "packs.html")]
struct PacksPage<'a> {
    v: &'a Viewer,
    packs: Vec<PackSummary>,
}

async fn packs(v: Viewer, State(state): State<AppState>) -> Response {
    let packs = fw::pack_summaries(&state.framework.catalog());
    ok(&v, &PacksPage { v: &v, packs })
}

// ---- Upload ----

#[derive(Template)]
#[template(path = "framework_upload.html")]
struct UploadPage<'a> {
    v: &'a Viewer,
    kinds: [SourceKind; 5],
    kind: String,
    /// Jurisdictions of the loaded frameworks and rulepacks (with `INTL`),
    /// then countries: (code, label).
    known: Choices,
    countries: Choices,
    jurisdiction: String,
    file_name: String,
    source: String,
    errors: FormErrors,
    located: Vec<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct UploadForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    jurisdiction: String,
    #[serde(default)]
    file_name: String,
    #[serde(default)]
    source: String,
}

/// Options of a select: (value, label).
type Choices = Vec<(String, String)>;

/// What a CISO Assistant framework library may be loaded for, as the
/// upload form offers it: `INTL` and the jurisdictions of the loaded
/// frameworks and rulepacks, then every country by its ISO 3166-1 alpha-2
/// code, by name in the viewer's language.
fn jurisdiction_choices(v: &Viewer, cat: &waico_framework::Catalog) -> (Choices, Choices) {
    let countries = waico_members::Countries::get();
    let label = |code: &str| match countries.find(code).filter(|c| c.alpha2 == code) {
        Some(c) => format!("{} ({code})", c.name(v.tr.lang)),
        None => code.to_owned(),
    };
    let mut known = vec![("INTL".to_owned(), v.t("fw-jurisdiction-intl"))];
    known.extend(
        cat.jurisdictions()
            .into_iter()
            .filter(|j| *j != "INTL")
            .map(|j| (j.to_owned(), label(j))),
    );
    let listed: std::collections::HashSet<String> = known.iter().map(|(c, _)| c.clone()).collect();
    let others = v
        .countries()
        .iter()
        .filter_map(|(alpha3, name)| {
            let alpha2 = &countries.find(alpha3)?.alpha2;
            (!alpha2.is_empty() && !listed.contains(alpha2))
                .then(|| (alpha2.clone(), format!("{name} ({alpha2})")))
        })
        .collect();
    (known, others)
}

fn upload_page(
    v: &Viewer,
    state: &AppState,
    form: UploadForm,
    errors: FormErrors,
    located: Vec<String>,
) -> Response {
    let status = if errors.any() || !located.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let (known, countries) = jurisdiction_choices(v, &state.framework.catalog());
    let jurisdiction = match form.jurisdiction.trim() {
        "" => "INTL".to_owned(),
        j => j.to_ascii_uppercase(),
    };
    render(
        v,
        status,
        &UploadPage {
            v,
            kinds: SourceKind::ALL,
            kind: form.kind,
            known,
            countries,
            jurisdiction,
            file_name: form.file_name,
            source: form.source,
            errors,
            located,
        },
    )
}

async fn upload_form(v: Viewer, State(state): State<AppState>) -> Response {
    if let Err(e) = waico_app::require(&v.actor(), Action::LoadFramework) {
        return page_error(&v, &e);
    }
    upload_page(
        &v,
        &state,
        UploadForm::default(),
        FormErrors::default(),
        vec![],
    )
}

impl UploadForm {
    /// The form as sent: URL-encoded, or `multipart/form-data` with the
    /// document as a chosen file (part `upload`), which then takes the place
    /// of the pasted text and gives its name when none was typed. `None`
    /// when a chosen file is not UTF-8 text.
    fn parse(headers: &axum::http::HeaderMap, body: &[u8]) -> Option<UploadForm> {
        let mut f = UploadForm::default();
        let Some(parts) = crate::multipart::parts_of(headers, body) else {
            for (k, val) in form_urlencoded::parse(body) {
                match k.as_ref() {
                    "kind" => f.kind = val.into_owned(),
                    "jurisdiction" => f.jurisdiction = val.into_owned(),
                    "file_name" => f.file_name = val.into_owned(),
                    "source" => f.source = val.into_owned(),
                    _ => {}
                }
            }
            return Some(f);
        };
        let mut chosen = None;
        for p in parts {
            match p.name.as_str() {
                "kind" => f.kind = p.text().to_owned(),
                "jurisdiction" => f.jurisdiction = p.text().to_owned(),
                "file_name" => f.file_name = p.text().to_owned(),
                "source" => f.source = p.text().to_owned(),
                "upload" if !p.data.is_empty() => chosen = Some(p),
                _ => {}
            }
        }
        if let Some(file) = chosen {
            f.source = String::from_utf8(file.data.to_vec()).ok()?;
            if f.file_name.trim().is_empty() {
                f.file_name = file.file_name.unwrap_or_default();
            }
        }
        Some(f)
    }
}

async fn upload(
    v: Viewer,
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let Some(form) = UploadForm::parse(&headers, &body) else {
        let errors = FormErrors::from_op(
            &v,
            &OpError::Invalid(vec![Invalid::new("upload", "fw-err-upload-text")]),
        )
        .unwrap_or_default();
        return upload_page(&v, &state, UploadForm::default(), errors, vec![]);
    };
    let Some(kind) = SourceKind::parse(&form.kind) else {
        let errors = FormErrors::from_op(
            &v,
            &OpError::Invalid(vec![Invalid::new("kind", "err-invalid-choice")]),
        )
        .unwrap_or_default();
        return upload_page(&v, &state, form, errors, vec![]);
    };
    // The jurisdiction select is sent whatever the kind; it counts for a
    // CISO Assistant framework library only.
    let jurisdiction = (kind == SourceKind::CisoAssistant).then_some(form.jurisdiction.as_str());
    match fw::upload(
        &state,
        &v.actor(),
        kind,
        &form.file_name,
        &form.source,
        jurisdiction,
    )
    .await
    {
        Ok(row) => match kind {
            SourceKind::Framework | SourceKind::CisoAssistant => see_other(&format!(
                "/frameworks/{}",
                percent_encoding::utf8_percent_encode(&row.subject, percent_encoding::CONTROLS)
            )),
            SourceKind::Crosswalk | SourceKind::CisoMappingSet => see_other("/frameworks"),
            SourceKind::Rulepack => see_other("/packs"),
        },
        Err(DocError::Load(errors)) => {
            let located = errors.0.iter().map(ToString::to_string).collect();
            upload_page(
                &v,
                &state,
                form,
                FormErrors::general(v.t("fw-upload-rejected")),
                located,
            )
        }
        Err(DocError::Op(e)) => match FormErrors::from_op(&v, &e) {
            Some(errors) => upload_page(&v, &state, form, errors, vec![]),
            None => page_error(&v, &e),
        },
    }
}

// ---- AI systems ----

struct SystemRow {
    id: String,
    name: String,
    updated_at: i64,
}

#[derive(Template)]
#[template(path = "systems.html")]
struct SystemsPage<'a> {
    v: &'a Viewer,
    rows: Vec<SystemRow>,
    total: i64,
    can_register: bool,
}

async fn systems(v: Viewer, State(state): State<AppState>) -> Response {
    let (rows, total) = match state.store.list_ai_systems(500, 0).await {
        Ok(r) => r,
        Err(e) => return page_error(&v, &e.into()),
    };
    let can_register = v.may(Action::RegisterAiSystem { institution: None });
    let rows = rows
        .into_iter()
        .map(|s| SystemRow {
            id: s.slug,
            name: s.name,
            updated_at: s.updated_at,
        })
        .collect();
    ok(
        &v,
        &SystemsPage {
            v: &v,
            rows,
            total,
            can_register,
        },
    )
}

/// The registration form's fields as submitted (repeated keys for the lists).
#[derive(Debug, Default, Clone)]
struct SystemForm {
    id: String,
    name: String,
    description: String,
    provider: String,
    jurisdictions: String,
    purposes: Vec<String>,
    capabilities: Vec<String>,
    affected_persons: Vec<String>,
    modalities: Vec<String>,
    deployment_contexts: Vec<String>,
    public_facing: bool,
    is_gpai: bool,
    users_count: String,
    training_compute_flop: String,
    open_source_licence: String,
    /// A commons model repository (`owner/name`) or, with
    /// `underlying_model_external`, an external model's name.
    underlying_model: String,
    underlying_model_external: bool,
    institution: String,
    yaml: String,
}

impl SystemForm {
    fn parse(body: &[u8]) -> SystemForm {
        let mut f = SystemForm::default();
        for (k, val) in form_urlencoded::parse(body) {
            let val = val.into_owned();
            match k.as_ref() {
                "id" => f.id = val.trim().to_owned(),
                "name" => f.name = val,
                "description" => f.description = val,
                "provider" => f.provider = val,
                "jurisdictions" => f.jurisdictions = val,
                "purposes" => f.purposes.push(val),
                "capabilities" => f.capabilities.push(val),
                "affected_persons" => f.affected_persons.push(val),
                "modalities" => f.modalities.push(val),
                "deployment_contexts" => f.deployment_contexts.push(val),
                "public_facing" => f.public_facing = !val.is_empty(),
                "is_gpai" => f.is_gpai = !val.is_empty(),
                "users_count" => f.users_count = val,
                "training_compute_flop" => f.training_compute_flop = val,
                "open_source_licence" => f.open_source_licence = val,
                "underlying_model" => f.underlying_model = val,
                "underlying_model_external" => f.underlying_model_external = !val.is_empty(),
                "institution" => f.institution = val,
                "yaml" => f.yaml = val,
                _ => {}
            }
        }
        f
    }

    fn has(&self, list: &str, value: &str) -> bool {
        let l = match list {
            "purposes" => &self.purposes,
            "capabilities" => &self.capabilities,
            "modalities" => &self.modalities,
            "deployment_contexts" => &self.deployment_contexts,
            _ => &self.affected_persons,
        };
        l.iter().any(|x| x == value)
    }

    /// The profile document the fields describe, or the field errors.
    fn to_profile_json(&self) -> Result<String, OpError> {
        let mut errors = Vec::new();
        if self.id.is_empty() {
            errors.push(Invalid::new("id", "err-required"));
        } else if !fw::valid_slug(&self.id) {
            errors.push(Invalid::new("id", "sys-err-id"));
        }
        if self.name.trim().is_empty() {
            errors.push(Invalid::new("name", "err-required"));
        }
        if self.provider.trim().is_empty() {
            errors.push(Invalid::new("provider", "err-required"));
        }
        let jurisdictions: Vec<String> = self
            .jurisdictions
            .split([',', ' ', ';'])
            .map(|s| s.trim().to_ascii_uppercase())
            .filter(|s| !s.is_empty())
            .collect();
        if jurisdictions.is_empty() {
            errors.push(Invalid::new("jurisdictions", "err-required"));
        } else if !jurisdictions.iter().all(|j| valid_jurisdiction(j)) {
            errors.push(Invalid::new("jurisdictions", "sys-err-jurisdictions"));
        }
        let users: Option<u64> = match self.users_count.trim() {
            "" => None,
            s => s
                .parse()
                .map_err(|_| errors.push(Invalid::new("users_count", "sys-err-number")))
                .ok(),
        };
        let flop: Option<f64> = match self.training_compute_flop.trim() {
            "" => None,
            s => s
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite() && *f >= 0.0)
                .or_else(|| {
                    errors.push(Invalid::new("training_compute_flop", "sys-err-number"));
                    None
                }),
        };
        if !errors.is_empty() {
            return Err(OpError::Invalid(errors));
        }
        let mut doc = json!({
            "id": self.id,
            "name": self.name.trim(),
            "provider": self.provider.trim(),
            "jurisdictions": jurisdictions,
            "purposes": self.purposes,
            "capabilities": self.capabilities,
            "affected_persons": self.affected_persons,
            "modalities": self.modalities,
            "deployment_contexts": self.deployment_contexts,
            "public_facing": self.public_facing,
            "is_gpai": self.is_gpai,
        });
        let set = |doc: &mut Value, k: &str, v: Value| {
            doc.as_object_mut().expect("object").insert(k.into(), v);
        };
        if !self.description.trim().is_empty() {
            set(&mut doc, "description", json!(self.description.trim()));
        }
        if let Some(u) = users {
            set(&mut doc, "users_count", json!(u));
        }
        if let Some(f) = flop {
            set(&mut doc, "training_compute_flop", json!(f));
        }
        if !self.open_source_licence.trim().is_empty() {
            set(
                &mut doc,
                "open_source_licence",
                json!(self.open_source_licence.trim()),
            );
        }
        if !self.underlying_model.trim().is_empty() {
            let source = if self.underlying_model_external {
                "external"
            } else {
                "commons"
            };
            set(
                &mut doc,
                "underlying_model",
                json!({"source": source, "reference": self.underlying_model.trim()}),
            );
        }
        Ok(serde_json::to_string_pretty(&doc).expect("JSON"))
    }
}

/// `EU`, an ISO 3166-1 alpha-2 code, or a subdivision like `US-CO`.
fn valid_jurisdiction(j: &str) -> bool {
    let (country, sub) = j.split_once('-').unwrap_or((j, ""));
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_uppercase())
        && sub.len() <= 3
        && sub.bytes().all(|b| b.is_ascii_alphanumeric())
        && sub.is_empty() != j.contains('-')
}

/// One checkbox of a closed list: the value sent, the label shown.
struct Choice {
    value: String,
    label: String,
}

/// A fieldset of checkboxes for one profile list.
struct ChoiceGroup {
    /// Form field (profile key), e.g. `purposes`.
    field: &'static str,
    legend: String,
    choices: Vec<Choice>,
}

/// The values of a profile enumeration with their labels, in the viewer's
/// alphabetical order.
fn choices(v: &Viewer, taxonomy: &str) -> Vec<Choice> {
    let Some(t) = labels::taxonomy(taxonomy) else {
        return Vec::new();
    };
    let mut out: Vec<Choice> = t
        .values
        .iter()
        .map(|value| Choice {
            label: v.label(t.prefix, value),
            value: value.clone(),
        })
        .collect();
    out.sort_by(|a, b| {
        // "Other" reads best at the end.
        (a.value == "other")
            .cmp(&(b.value == "other"))
            .then_with(|| waico_i18n::collate(v.lang(), &a.label, &b.label))
    });
    out
}

fn choice_groups(v: &Viewer) -> Vec<ChoiceGroup> {
    [
        ("purposes", "sys-field-purposes", "Purpose"),
        ("capabilities", "sys-field-capabilities", "Capability"),
        ("affected_persons", "sys-field-affected", "AffectedPerson"),
        ("modalities", "sys-field-modalities", "Modality"),
        (
            "deployment_contexts",
            "sys-field-contexts",
            "DeploymentContext",
        ),
    ]
    .into_iter()
    .map(|(field, legend, taxonomy)| ChoiceGroup {
        field,
        legend: v.t(legend),
        choices: choices(v, taxonomy),
    })
    .collect()
}

#[derive(Template)]
#[template(path = "system_form.html")]
struct SystemFormPage<'a> {
    v: &'a Viewer,
    form: SystemForm,
    errors: FormErrors,
    located: Vec<String>,
    groups: Vec<ChoiceGroup>,
    /// Institutions the viewer may register for: id, name and country.
    institutions: Vec<(String, String)>,
}

/// The registration form; `institutions` are those the viewer may choose.
async fn system_form(
    v: &Viewer,
    state: &AppState,
    form: SystemForm,
    errors: FormErrors,
    located: Vec<String>,
) -> Response {
    let status = if errors.any() || !located.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut institutions = match fw::registrable_institutions(state, &v.actor()).await {
        Ok(list) => list,
        Err(e) => return page_error(v, &e),
    };
    institutions.sort_by(|a, b| waico_i18n::collate(v.lang(), &a.name, &b.name));
    let institutions = institutions
        .into_iter()
        .map(|i| {
            (
                i.id.to_string(),
                format!("{} ({})", i.name, v.country_name(i.country.as_str())),
            )
        })
        .collect();
    render(
        v,
        status,
        &SystemFormPage {
            v,
            form,
            errors,
            located,
            groups: choice_groups(v),
            institutions,
        },
    )
}

async fn new_system(v: Viewer, _: SignedIn, State(state): State<AppState>) -> Response {
    system_form(
        &v,
        &state,
        SystemForm::default(),
        FormErrors::default(),
        vec![],
    )
    .await
}

async fn register(v: Viewer, State(state): State<AppState>, body: Bytes) -> Response {
    let form = SystemForm::parse(&body);
    let institution = match form.institution.trim() {
        "" => None,
        s => {
            // Only an institution the form offered: anything else is an
            // error on the field, not a refused request.
            let offered = match fw::registrable_institutions(&state, &v.actor()).await {
                Ok(list) => list,
                Err(e) => return page_error(&v, &e),
            };
            match s
                .parse::<i64>()
                .ok()
                .filter(|i| offered.iter().any(|o| o.id == *i))
            {
                Some(i) => Some(i),
                None => {
                    let e =
                        OpError::Invalid(vec![Invalid::new("institution", "sys-err-institution")]);
                    let errors = FormErrors::from_op(&v, &e).unwrap_or_default();
                    return system_form(&v, &state, form, errors, vec![]).await;
                }
            }
        }
    };
    let src = if form.yaml.trim().is_empty() {
        match form.to_profile_json() {
            Ok(s) => s,
            Err(e) => {
                let errors = FormErrors::from_op(&v, &e).unwrap_or_default();
                return system_form(&v, &state, form, errors, vec![]).await;
            }
        }
    } else {
        form.yaml.clone()
    };
    match fw::register_system(&state, &v.actor(), institution, &src).await {
        Ok(sys) => {
            // Registration shows the report at once.
            if let Err(e) = fw::assess_and_store(&state, &sys).await {
                return page_error(&v, &e);
            }
            see_other(&format!("/systems/{}", sys.slug))
        }
        Err(DocError::Load(errors)) => {
            let located = errors.0.iter().map(ToString::to_string).collect();
            system_form(
                &v,
                &state,
                form,
                FormErrors::general(v.t("sys-err-profile")),
                located,
            )
            .await
        }
        Err(DocError::Op(e)) => match FormErrors::from_op(&v, &e) {
            Some(errors) => system_form(&v, &state, form, errors, vec![]).await,
            None => page_error(&v, &e),
        },
    }
}

// ---- The report ----

struct ObligationRow {
    citation: String,
    title: String,
    bearer: String,
    applies_from: String,
    deadline: String,
    binding: bool,
    status: String,
    controls: String,
}

struct JurisdictionRow {
    jurisdiction: String,
    pack_name: String,
    pack: String,
    version: String,
    status: String,
    applies: bool,
    risk_class: String,
    fired: Vec<(String, String, String)>,
    undetermined: Vec<(String, String)>,
    obligations: Vec<ObligationRow>,
}

struct UnifiedRow {
    id: String,
    title: String,
    evidence: String,
    discharges: usize,
    jurisdictions: String,
}

struct DivergenceRow {
    theme: String,
    with: String,
    without: String,
    entries: Vec<String>,
    strictest: String,
}

struct Report {
    id: i64,
    created_at: i64,
    packs: String,
    jurisdictions: Vec<JurisdictionRow>,
    unified: Vec<UnifiedRow>,
    uncovered: usize,
    total_obligations: usize,
    divergences: Vec<DivergenceRow>,
}

fn to_slug<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn report(
    v: &Viewer,
    controls: &waico_framework::controls::ControlCatalog,
    id: i64,
    created_at: i64,
    a: &Assessment,
) -> Report {
    let status = |s: ObligationStatus| v.label("sys-status", &to_slug(&s));
    let words = ReportWords(v.tr);
    let deadline = |d: &Option<waico_framework::rulepack::Deadline>| deadline_in(&words, d);
    Report {
        id,
        created_at,
        packs: a
            .packs_used
            .iter()
            .map(|p| format!("{} {}", p.id, p.version))
            .collect::<Vec<_>>()
            .join(", "),
        jurisdictions: a
            .jurisdictions
            .iter()
            .map(|j| JurisdictionRow {
                jurisdiction: j.jurisdiction.to_string(),
                pack_name: j.pack_name.to_string(),
                pack: j.pack.to_string(),
                version: j.pack_version.to_string(),
                status: v.pack_status(j.status.as_str()),
                applies: j.applies,
                risk_class: v.label(RISK_CLASS, &j.risk_class),
                fired: j
                    .fired
                    .iter()
                    .map(|f| {
                        (
                            f.rule_id.to_string(),
                            f.citation.to_string(),
                            f.fields_read.join(", "),
                        )
                    })
                    .collect(),
                undetermined: j
                    .undetermined
                    .iter()
                    .map(|u| (u.rule_id.to_string(), u.missing_fields.join(", ")))
                    .collect(),
                obligations: j
                    .obligations
                    .iter()
                    .map(|o| ObligationRow {
                        citation: o.citation.to_string(),
                        title: o.requirement_title.to_string(),
                        bearer: v.label("bearer", &to_slug(&o.bearer)),
                        applies_from: o.applies_from.as_deref().unwrap_or_default().to_owned(),
                        deadline: deadline(&o.deadline),
                        binding: o.binding,
                        status: status(o.status),
                        controls: o
                            .controls
                            .iter()
                            .map(|c| fw::short_control(&c.control))
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                    .collect(),
            })
            .collect(),
        unified: a
            .unified
            .controls
            .iter()
            .map(|c| UnifiedRow {
                id: fw::short_control(&c.control),
                title: controls.control(&c.control).map_or_else(
                    || c.title.to_string(),
                    |ctl| localized(v, &ctl.title, &ctl.translations),
                ),
                evidence: c
                    .evidence
                    .map(|e| v.label("evidence", &to_slug(&e)))
                    .unwrap_or_default(),
                discharges: c.discharges.len(),
                jurisdictions: c.jurisdictions.join(", "),
            })
            .collect(),
        uncovered: a.unified.uncovered.len(),
        total_obligations: a.unified.total_obligations,
        divergences: a
            .divergences
            .iter()
            .map(|d| DivergenceRow {
                theme: controls
                    .themes
                    .iter()
                    .find(|t| *t.id == *d.theme)
                    .map_or_else(
                        || d.theme_title.to_string(),
                        |t| localized(v, &t.title, &t.translations),
                    ),
                with: d.jurisdictions_with.join(", "),
                without: d.jurisdictions_without.join(", "),
                entries: d
                    .entries
                    .iter()
                    .map(|e| {
                        format!(
                            "{}: {} — {}{}",
                            e.jurisdiction,
                            e.citation,
                            e.requirement_title,
                            match &e.deadline {
                                Some(_) => format!(" ({})", deadline(&e.deadline)),
                                None => String::new(),
                            }
                        )
                    })
                    .collect(),
                strictest: d
                    .strictest
                    .as_ref()
                    .map(|e| {
                        format!(
                            "{}: {} ({})",
                            e.jurisdiction,
                            e.citation,
                            deadline(&e.deadline)
                        )
                    })
                    .unwrap_or_default(),
            })
            .collect(),
    }
}

/// The profile's lists and main facts, translated, for the system page.
fn summary(v: &Viewer, p: &Profile) -> Vec<(String, String)> {
    let yes_no = |b: bool| {
        v.t(if b {
            "sys-applies-yes"
        } else {
            "sys-applies-no"
        })
    };
    let mut rows = vec![
        (v.t("sys-field-provider"), p.provider.clone()),
        (v.t("fw-col-jurisdiction"), p.jurisdictions.join(", ")),
        (v.t("sys-field-purposes"), v.labels("purpose", &p.purposes)),
        (
            v.t("sys-field-capabilities"),
            v.labels("capability", &p.capabilities),
        ),
        (
            v.t("sys-field-affected"),
            v.labels("affected", &p.affected_persons),
        ),
        (
            v.t("sys-field-modalities"),
            v.labels("modality", &p.modalities),
        ),
        (
            v.t("sys-field-contexts"),
            v.labels("context", &p.deployment_contexts),
        ),
        (v.t("sys-field-public-facing"), yes_no(p.public_facing)),
        (v.t("sys-field-gpai"), yes_no(p.is_gpai)),
    ];
    if let Some(u) = p.users_count {
        rows.push((v.t("sys-field-users"), u.to_string()));
    }
    if let Some(f) = p.training_compute_flop {
        rows.push((v.t("sys-field-compute"), format!("{f:e}")));
    }
    if let Some(l) = &p.open_source_licence {
        rows.push((v.t("sys-field-licence"), l.clone()));
    }
    rows.retain(|(_, value)| !value.is_empty());
    rows
}

#[derive(Template)]
#[template(path = "system.html")]
struct SystemPage<'a> {
    v: &'a Viewer,
    sys: AiSystem,
    description: String,
    /// The profile's main answers in the viewer's language: label, value.
    summary: Vec<(String, String)>,
    profile_yaml: String,
    /// The underlying model: its name, the link to its commons repository
    /// when it is one the viewer may see, and its source in their language.
    model: Option<(String, Option<String>, String)>,
    report: Option<Report>,
    can_edit: bool,
    /// The safety reports the viewer may see that concern this system.
    incidents: Vec<waico_app::safety::ReportSummary>,
}

async fn system(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let sys = match state.store.ai_system(&id).await {
        Ok(s) => s,
        Err(e) => return page_error(&v, &e.into()),
    };
    let profile = match fw::stored_profile(&sys) {
        Ok(p) => p,
        Err(e) => return page_error(&v, &e),
    };
    let report = match state.store.latest_assessment(sys.id).await {
        Ok(Some(stored)) => match fw::stored_result(&stored) {
            Ok(a) => Some(report(
                &v,
                &state.framework.catalog().controls,
                stored.id,
                stored.created_at,
                &a,
            )),
            Err(e) => return page_error(&v, &e),
        },
        Ok(None) => None,
        Err(e) => return page_error(&v, &e.into()),
    };
    let can_edit = fw::may_edit(&v.actor(), &sys);
    let incidents = match waico_app::safety::linked(&state, &v.actor(), "system", &sys.slug).await {
        Ok(list) => list,
        Err(e) => return page_error(&v, &e),
    };
    let model = match &profile.underlying_model {
        None => None,
        Some(m) => {
            let href = match m.source {
                ModelSource::Commons => {
                    match fw::commons_model(&state, &v.actor(), &m.reference).await {
                        Ok(found) => found.map(|id| format!("/commons/models/{id}")),
                        Err(e) => return page_error(&v, &e),
                    }
                }
                ModelSource::External => None,
            };
            let source = v.label("model-source", &to_slug(&m.source));
            Some((m.reference.clone(), href, source))
        }
    };
    ok(
        &v,
        &SystemPage {
            v: &v,
            description: profile.description.clone().unwrap_or_default(),
            model,
            summary: summary(&v, &profile),
            profile_yaml: sys.profile.clone(),
            sys,
            report,
            can_edit,
            incidents,
        },
    )
}

async fn assess(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match fw::assess_system(&state, &v.actor(), &id).await {
        Ok((sys, _)) => see_other(&format!("/systems/{}", sys.slug)),
        Err(e) => page_error(&v, &e),
    }
}
