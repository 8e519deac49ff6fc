//! Commons pages: the home (newest, most downloaded, by task and language),
//! search with facets, each repository (rendered card, metadata panel,
//! files, history, download links, access requests) and owner pages.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use waico_commons::card::{Card, CardProblem, parse_card};
use waico_commons::repo::{RepoKind, Visibility};
use waico_commons::search::{FacetCount, Filters, Query as SearchQuery, Sort};
use waico_store::{AccessRequest, Repo, RepoFilter, RepoOrder};

use super::{ok, page_error, render_error, see_other};
use crate::AppState;
use crate::auth::Viewer;
use crate::hub::short;
use crate::repo_ref::PageRepo;
use waico_app::commons::{self, FileAccess};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/commons", get(home))
        .route("/commons/search", get(search))
        .route("/commons/owners/{owner}", get(owner_page))
        .route("/commons/{kinds}/{owner}/{name}", get(repo_page))
        .route(
            "/commons/{kinds}/{owner}/{name}/access",
            post(request_access),
        )
        .route(
            "/commons/{kinds}/{owner}/{name}/access/{username}",
            post(decide_access),
        )
}

/// A repository in a list.
pub struct RepoItem {
    pub href: String,
    pub id: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub downloads: i64,
    pub updated: i64,
    pub gated: bool,
}

impl RepoItem {
    fn from_repo(r: &Repo) -> RepoItem {
        RepoItem {
            href: format!("/commons/{}s/{}", r.kind.as_str(), r.repo),
            id: r.repo.to_string(),
            kind: r.kind.as_str().to_owned(),
            title: r.title.clone(),
            summary: r.summary.clone(),
            downloads: r.downloads,
            updated: r.updated_at,
            gated: r.visibility == Visibility::Gated,
        }
    }
}

#[derive(Template)]
#[template(path = "commons_home.html")]
struct HomePage<'a> {
    v: &'a Viewer,
    newest: Vec<RepoItem>,
    popular: Vec<RepoItem>,
    tasks: Vec<NamedCount>,
    languages: Vec<NamedCount>,
    total: usize,
}

/// A facet value with its name in the viewer's language and its count.
struct NamedCount {
    value: String,
    name: String,
    count: u64,
}

/// Orders facet entries the way pages show them: by count, most first;
/// equal counts by name in the viewer's collation.
fn by_count_then_name(v: &Viewer, a: (u64, &str), b: (u64, &str)) -> std::cmp::Ordering {
    b.0.cmp(&a.0)
        .then_with(|| waico_i18n::collate(v.lang(), a.1, b.1))
}

/// Facet counts named in the viewer's language by `name`, in page order.
fn named(v: &Viewer, counts: &[FacetCount], name: impl Fn(&str) -> String) -> Vec<NamedCount> {
    let mut list: Vec<NamedCount> = counts
        .iter()
        .map(|c| NamedCount {
            value: c.value.clone(),
            name: name(&c.value),
            count: c.count,
        })
        .collect();
    list.sort_by(|a, b| by_count_then_name(v, (a.count, &a.name), (b.count, &b.name)));
    list
}

async fn home(v: Viewer, State(state): State<AppState>) -> Response {
    let public_only = match commons::lists_members_only(&state, &v.actor(), v.user.as_ref()).await {
        Ok(all) => !all,
        Err(e) => return page_error(&v, &e),
    };
    let list = |order| RepoFilter {
        order,
        limit: 8,
        public_only,
        ..Default::default()
    };
    let newest = match state.store.list_repos(&list(RepoOrder::Created)).await {
        Ok((rows, _)) => rows.iter().map(RepoItem::from_repo).collect(),
        Err(e) => return page_error(&v, &e.into()),
    };
    let popular = match state.store.list_repos(&list(RepoOrder::Downloads)).await {
        Ok((rows, _)) => rows.iter().map(RepoItem::from_repo).collect(),
        Err(e) => return page_error(&v, &e.into()),
    };
    let all = commons::search(
        &state,
        &SearchQuery {
            limit: 1,
            facets: true,
            filters: Filters {
                include_members_only: !public_only,
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .await
    .ok();
    let facet = |name: &str| {
        all.as_ref()
            .and_then(|r| r.facets.get(name).cloned())
            .unwrap_or_default()
    };
    ok(
        &v,
        &HomePage {
            v: &v,
            newest,
            popular,
            tasks: named(&v, &facet("task"), |t| v.task(t)),
            languages: named(&v, &facet("language"), |l| v.language(l)),
            total: all.as_ref().map(|r| r.total).unwrap_or(0),
        },
    )
}

#[derive(Debug, Default, serde::Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    task: String,
    #[serde(default)]
    license: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    global_south: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: String,
}

/// One facet with its values, each a link toggling the filter.
struct FacetView {
    name: String,
    label: String,
    values: Vec<(String, String, u64, bool)>,
}

#[derive(Template)]
#[template(path = "commons_search.html")]
struct SearchPage<'a> {
    v: &'a Viewer,
    q: String,
    sort: String,
    total: usize,
    hits: Vec<RepoItem>,
    facets: Vec<FacetView>,
    prev: String,
    next: String,
    page: i64,
}

const PER_PAGE: usize = 20;

async fn search(
    v: Viewer,
    State(state): State<AppState>,
    Query(p): Query<SearchParams>,
) -> Response {
    let one = |s: &str| -> Vec<String> {
        if s.is_empty() {
            Vec::new()
        } else {
            vec![s.to_owned()]
        }
    };
    let page = p.page.parse::<i64>().unwrap_or(1).clamp(1, 500);
    let include_members_only =
        match commons::lists_members_only(&state, &v.actor(), v.user.as_ref()).await {
            Ok(all) => all,
            Err(e) => return page_error(&v, &e),
        };
    let query = SearchQuery {
        text: p.q.clone(),
        filters: Filters {
            kind: p.kind.parse::<RepoKind>().ok().into_iter().collect(),
            task: one(&p.task),
            license: one(&p.license),
            language: one(&p.language),
            owner: one(&p.owner),
            owner_country: one(&p.country.to_ascii_uppercase())
                .into_iter()
                .filter(|c| c.len() == 2)
                .collect(),
            region: one(&p.region),
            global_south: waico_members::GlobalSouth::parse(&p.global_south).ok(),
            include_members_only,
        },
        sort: match p.sort.as_str() {
            "downloads" => Sort::Downloads,
            "recent" => Sort::Recent,
            _ => Sort::Relevance,
        },
        offset: (page as usize - 1) * PER_PAGE,
        limit: PER_PAGE,
        facets: true,
    };
    let results = match commons::search(&state, &query).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "search failed");
            return render_error(&v, StatusCode::BAD_REQUEST);
        }
    };
    let params: Vec<(&str, &str)> = vec![
        ("q", &p.q),
        ("kind", &p.kind),
        ("task", &p.task),
        ("license", &p.license),
        ("language", &p.language),
        ("owner", &p.owner),
        ("country", &p.country),
        ("region", &p.region),
        ("global_south", &p.global_south),
        ("sort", &p.sort),
    ];
    let link = |replace: &str, value: &str, page: i64| {
        let mut pairs: Vec<(String, String)> = params
            .iter()
            .filter(|(k, val)| *k != replace && !val.is_empty())
            .map(|(k, val)| ((*k).to_owned(), (*val).to_owned()))
            .collect();
        if !value.is_empty() {
            pairs.push((replace.to_owned(), value.to_owned()));
        }
        if page > 1 {
            pairs.push(("page".into(), page.to_string()));
        }
        format!(
            "/commons/search?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let current = |name: &str| -> String {
        match name {
            "kind" => p.kind.clone(),
            "task" => p.task.clone(),
            "license" => p.license.clone(),
            "language" => p.language.clone(),
            "owner" => p.owner.clone(),
            "owner_country" => p.country.to_ascii_uppercase(),
            "region" => waico_commons::search::region_key(&p.region),
            "global_south" => p.global_south.clone(),
            _ => String::new(),
        }
    };
    let mut facets = Vec::new();
    for name in waico_commons::search::FACETS {
        let Some(counts) = results.facets.get(name) else {
            continue;
        };
        if counts.is_empty() {
            continue;
        }
        let param = match name {
            "owner_country" => "country",
            other => other,
        };
        let selected = current(name);
        let mut values: Vec<(String, String, u64, bool)> = counts
            .iter()
            .map(|c| {
                let on = selected == c.value;
                let label = match name {
                    "kind" => v.t(&format!("commons-kind-{}", c.value)),
                    "task" => v.task(&c.value),
                    "language" => v.language(&c.value),
                    "owner_country" => v.country_name(&c.value),
                    "region" => c
                        .value
                        .parse::<u16>()
                        .map(|r| v.region(r))
                        .unwrap_or(c.value.clone()),
                    "global_south" => v.t(match c.value.as_str() {
                        "true" => "commons-gs-yes",
                        "false" => "commons-gs-no",
                        _ => "commons-gs-unknown",
                    }),
                    _ => c.value.clone(),
                };
                let href = link(param, if on { "" } else { &c.value }, 1);
                (href, label, c.count, on)
            })
            .collect();
        values.sort_by(|a, b| by_count_then_name(&v, (a.2, &a.1), (b.2, &b.1)));
        values.truncate(12);
        facets.push(FacetView {
            name: name.to_owned(),
            label: v.t(&format!("commons-facet-{}", name.replace('_', "-"))),
            values,
        });
    }
    let hits = results
        .hits
        .iter()
        .map(|h| RepoItem {
            href: format!("/commons/{}s/{}", h.doc.kind.as_str(), h.doc.id),
            id: h.doc.id.to_string(),
            kind: h.doc.kind.as_str().to_owned(),
            title: h.doc.title.clone(),
            summary: h.doc.summary.clone(),
            downloads: h.doc.downloads as i64,
            updated: h.doc.updated_at,
            gated: false,
        })
        .collect();
    let prev = if page > 1 {
        link("page", "", page - 1)
    } else {
        String::new()
    };
    let next = if (page as usize) * PER_PAGE < results.total {
        link("page", "", page + 1)
    } else {
        String::new()
    };
    ok(
        &v,
        &SearchPage {
            v: &v,
            q: p.q.clone(),
            sort: p.sort.clone(),
            total: results.total,
            hits,
            facets,
            prev,
            next,
            page,
        },
    )
}

struct FileRow {
    path: String,
    size: String,
    href: String,
}

struct CommitRow {
    id: String,
    short: String,
    author: String,
    message: String,
    date: i64,
}

#[derive(Template)]
#[template(path = "commons_repo.html")]
struct RepoPage<'a> {
    v: &'a Viewer,
    item: RepoItem,
    owner: String,
    kinds: String,
    visibility: String,
    rev: String,
    commit: String,
    commit_short: String,
    card_html: String,
    license: String,
    languages: Vec<String>,
    tags: Vec<String>,
    task: String,
    library: String,
    datasets: Vec<String>,
    base_models: Vec<String>,
    problems: Vec<CardProblem>,
    files: Vec<FileRow>,
    history: Vec<CommitRow>,
    refs: Vec<(String, String, String)>,
    can_manage: bool,
    access: String,
    my_request: Option<AccessRequest>,
    requests: Vec<AccessRequest>,
    hf_snippet: String,
    /// The safety reports the viewer may see that concern this repository.
    incidents: Vec<waico_app::safety::ReportSummary>,
    downloads_by_day: Vec<(String, i64)>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct RevParam {
    #[serde(default)]
    rev: String,
}

fn human(bytes: u64) -> String {
    waico_commons::limits::human(bytes)
}

async fn repo_page(
    v: Viewer,
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    PageRepo(repo): PageRepo,
    Path((kinds, _owner, _name)): Path<(String, String, String)>,
    Query(q): Query<RevParam>,
) -> Response {
    let actor = v.actor();
    let rev = if q.rev.is_empty() {
        "main".to_owned()
    } else {
        q.rev.clone()
    };
    let commit = match commons::resolve(&state, &repo, &rev).await {
        Ok(c) => Some(c),
        Err(waico_app::OpError::NotFound) if rev == "main" => None,
        Err(_) => return render_error(&v, StatusCode::NOT_FOUND),
    };
    let files = match &commit {
        Some(c) => state
            .store
            .commit_files(repo.id, c)
            .await
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let card = match commons::read_readme(&state, &files).await {
        Some(text) => parse_card(&text),
        None => Card::default(),
    };
    let can_manage = commons::may_manage(&state, &actor, &repo).await;
    let access = match commons::file_access(&state, &actor, &repo).await {
        Ok(FileAccess::Granted) => "granted",
        Ok(FileAccess::GatedAnonymous) => "sign-in",
        Ok(FileAccess::GatedNotApproved) => "request",
        Err(_) => "request",
    };
    let my_request = match &v.user {
        Some(u) => state.store.access_of(repo.id, u.id).await.ok().flatten(),
        None => None,
    };
    let requests = if can_manage {
        state.store.list_access(repo.id).await.unwrap_or_default()
    } else {
        Vec::new()
    };
    let history = match &commit {
        Some(c) => state
            .store
            .history(repo.id, c, 20)
            .await
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let refs = state.store.list_refs(repo.id).await.unwrap_or_default();
    let prefix = match repo.kind {
        RepoKind::Model => "",
        RepoKind::Dataset => "/datasets",
        RepoKind::Tool => "/tools",
    };
    let rev_for_links = commit.as_deref().map(short).unwrap_or("main").to_owned();
    let m = &card.metadata;
    let repo_type = match repo.kind {
        RepoKind::Model => "",
        RepoKind::Dataset => ", repo_type=\"dataset\"",
        RepoKind::Tool => ", repo_type=\"tool\"",
    };
    let incidents = match waico_app::safety::linked(
        &state,
        &v.actor(),
        "repo",
        &format!("{kinds}/{}", repo.repo),
    )
    .await
    {
        Ok(list) => list,
        Err(e) => return page_error(&v, &e),
    };
    let page = RepoPage {
        v: &v,
        incidents,
        item: RepoItem::from_repo(&repo),
        owner: repo.repo.owner().to_owned(),
        kinds: kinds.clone(),
        visibility: repo.visibility.as_str().to_owned(),
        rev: rev.clone(),
        commit: commit.clone().unwrap_or_default(),
        commit_short: commit
            .as_deref()
            .map(|c| c[..10].to_owned())
            .unwrap_or_default(),
        card_html: commons::card_html(&state, &repo, commit.as_deref().unwrap_or(""), &card.body)
            .to_string(),
        license: m.license.as_ref().map(|l| l.key()).unwrap_or_default(),
        languages: m.language.clone(),
        tags: m.tags.clone(),
        task: m
            .pipeline_tag
            .clone()
            .or_else(|| m.task_categories.first().cloned())
            .unwrap_or_default(),
        library: m.library_name.clone().unwrap_or_default(),
        datasets: m.datasets.clone(),
        base_models: m.base_model.clone(),
        problems: if can_manage {
            card.problems.clone()
        } else {
            Vec::new()
        },
        files: files
            .iter()
            .map(|f| FileRow {
                path: f.path.to_string(),
                size: human(f.size),
                href: format!(
                    "{prefix}/{}/resolve/{}/{}",
                    repo.repo,
                    rev_for_links,
                    f.path
                        .as_str()
                        .split('/')
                        .map(|s| percent_encoding::utf8_percent_encode(
                            s,
                            percent_encoding::NON_ALPHANUMERIC
                        )
                        .to_string())
                        .collect::<Vec<_>>()
                        .join("/")
                ),
            })
            .collect(),
        history: history
            .into_iter()
            .map(|c| CommitRow {
                short: c.id[..10].to_owned(),
                id: c.id,
                author: c.author,
                message: c.message,
                date: c.time * 1000,
            })
            .collect(),
        refs: refs
            .into_iter()
            .map(|r| (r.name, r.kind, r.commit[..10].to_owned()))
            .collect(),
        can_manage,
        access: access.to_owned(),
        my_request,
        requests,
        hf_snippet: format!(
            "HF_ENDPOINT={} python -c 'from huggingface_hub import snapshot_download; snapshot_download(\"{}\"{repo_type})'",
            crate::origin::origin_of(&headers).unwrap_or_else(|| "<this node>".into()),
            repo.repo
        ),
        downloads_by_day: state
            .store
            .downloads_by_day(repo.id)
            .await
            .unwrap_or_default(),
    };
    ok(&v, &page)
}

#[derive(Debug, Default, serde::Deserialize)]
struct AccessForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    decision: String,
}

async fn request_access(
    v: Viewer,
    State(state): State<AppState>,
    PageRepo(repo): PageRepo,
    Path((kinds, _owner, _name)): Path<(String, String, String)>,
    Form(form): Form<AccessForm>,
) -> Response {
    let actor = v.actor();
    match commons::request_access(&state, &actor, &repo, &form.reason).await {
        Ok(()) => see_other(&format!("/commons/{kinds}/{}#access", repo.repo)),
        Err(e) => page_error(&v, &e),
    }
}

async fn decide_access(
    v: Viewer,
    State(state): State<AppState>,
    PageRepo(repo): PageRepo,
    Path((kinds, _owner, _name, username)): Path<(String, String, String, String)>,
    Form(form): Form<AccessForm>,
) -> Response {
    let actor = v.actor();
    let approve = form.decision == "approve";
    match commons::decide_access(&state, &actor, &repo, &username, approve, &form.reason).await {
        Ok(_) => see_other(&format!("/commons/{kinds}/{}#requests", repo.repo)),
        Err(e) => page_error(&v, &e),
    }
}

#[derive(Template)]
#[template(path = "commons_owner.html")]
struct OwnerPage<'a> {
    v: &'a Viewer,
    owner: String,
    display: String,
    owner_kind: String,
    country: String,
    repos: Vec<RepoItem>,
    /// Arrived from deleting one of the owner's repositories.
    deleted: bool,
}

#[derive(Debug, Default, serde::Deserialize)]
struct OwnerParams {
    #[serde(default)]
    deleted: String,
}

async fn owner_page(
    v: Viewer,
    State(state): State<AppState>,
    Path(owner): Path<String>,
    Query(params): Query<OwnerParams>,
) -> Response {
    let Ok(resolved) = commons::resolve_owner(&state, &owner).await else {
        return render_error(&v, StatusCode::NOT_FOUND);
    };
    let public_only = match commons::lists_members_only(&state, &v.actor(), v.user.as_ref()).await {
        Ok(all) => !all,
        Err(e) => return page_error(&v, &e),
    };
    let repos = match state
        .store
        .list_repos(&RepoFilter {
            owner: Some(owner.clone()),
            limit: 500,
            public_only,
            ..Default::default()
        })
        .await
    {
        Ok((rows, _)) => rows.iter().map(RepoItem::from_repo).collect(),
        Err(e) => return page_error(&v, &e.into()),
    };
    ok(
        &v,
        &OwnerPage {
            v: &v,
            display: resolved.display.clone(),
            owner_kind: resolved.kind.slug().to_owned(),
            country: resolved.country.map(|c| c.to_string()).unwrap_or_default(),
            owner,
            repos,
            deleted: params.deleted == "1",
        },
    )
}

impl Viewer {
    /// The translation of `prefix` followed by a slug (`commons-kind-` + `model`).
    pub fn tk(&self, prefix: &str, slug: &str) -> String {
        self.tr.t(&format!("{prefix}{slug}"))
    }

    /// The name of a card's language code in the viewer's language
    /// (`sw` → "swahili" in French); the code itself when it has none.
    pub fn language(&self, code: &str) -> String {
        self.tr.language_name(code)
    }

    /// The name of a pipeline tag in the viewer's language
    /// (`fill-mask` → "Remplissage de masque"); the tag itself when it has none.
    pub fn task(&self, tag: &str) -> String {
        self.tr.task_name(tag)
    }
}
