//! `waico framework work …`: compliance work from the shell, through the
//! same operations as the pages and the API (`waico_app::framework::work`),
//! as a named user.

use std::path::Path;

use anyhow::Context;
use waico_app::AppState;
use waico_app::accounts;
use waico_app::framework::work;
use waico_members::policy::Actor;

use crate::shell_error::op_error;

pub(crate) async fn actor_named(state: &AppState, name: &str) -> anyhow::Result<Actor> {
    state
        .store
        .user_by_username(name)
        .await
        .map(|u| accounts::actor_of(&u))
        .with_context(|| format!("no user named {name:?}"))
}

/// One line per obligation of the latest assessment: item number (or `-`),
/// status, assignee, due date, jurisdiction, citation, obligation id.
pub async fn list(state: &AppState, user: &str, system: &str) -> anyhow::Result<String> {
    let actor = actor_named(state, user).await?;
    let board = work::board(state, &actor, system).await.map_err(op_error)?;
    let mut out = String::new();
    for r in &board.rows {
        let (item, status, assignee) = match &r.item {
            Some(i) => (
                i.id.to_string(),
                i.status.clone(),
                i.assignee.clone().unwrap_or_else(|| "-".into()),
            ),
            None => ("-".into(), format!("({})", r.assessed), "-".into()),
        };
        out.push_str(&format!(
            "{item}\t{status}\t{assignee}\t{}{}\t{}\t{}\t{}\n",
            r.due.as_deref().unwrap_or("-"),
            if r.overdue { " overdue" } else { "" },
            r.jurisdiction,
            r.citation,
            r.obligation
        ));
    }
    Ok(out)
}

/// Assigns an obligation; returns the item's number.
pub async fn assign(
    state: &AppState,
    user: &str,
    system: &str,
    obligation: &str,
    to: Option<&str>,
    due: Option<&str>,
) -> anyhow::Result<String> {
    let actor = actor_named(state, user).await?;
    let item = work::assign(
        state,
        &actor,
        system,
        &work::AssignInput {
            obligation: obligation.to_owned(),
            assignee: to.unwrap_or_default().to_owned(),
            due_date: due.unwrap_or_default().to_owned(),
        },
    )
    .await
    .map_err(op_error)?;
    Ok(format!(
        "item {} {} {}",
        item.id,
        item.status,
        item.due_date.as_deref().unwrap_or("-")
    ))
}

/// Attaches files (each with its content type, `file` or `file=type`;
/// the type is guessed from the extension otherwise) and submits the item
/// for review.
pub async fn submit(
    state: &AppState,
    user: &str,
    system: &str,
    item: i64,
    files: &[String],
    comment: &str,
) -> anyhow::Result<String> {
    let actor = actor_named(state, user).await?;
    let mut out = String::new();
    for spec in files {
        let (path, ty) = match spec.rsplit_once('=') {
            Some((p, t)) if t.contains('/') => (p.to_owned(), t.to_owned()),
            _ => (spec.clone(), guess_type(Path::new(spec)).to_owned()),
        };
        let bytes = std::fs::read(&path).with_context(|| format!("reading {path}"))?;
        let name = Path::new(&path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let saved = work::add_evidence(state, &actor, system, item, &name, &ty, bytes.into())
            .await
            .map_err(op_error)?;
        out.push_str(&format!(
            "evidence {} {} {}\n",
            saved.sha256, saved.size, saved.file_name
        ));
    }
    let moved = work::move_item(state, &actor, system, item, "submitted", comment)
        .await
        .map_err(op_error)?;
    out.push_str(&format!("item {} {}\n", moved.id, moved.status));
    Ok(out)
}

/// Moves an item to `status` (in_progress, accepted, returned…).
pub async fn step(
    state: &AppState,
    user: &str,
    system: &str,
    item: i64,
    status: &str,
    comment: &str,
) -> anyhow::Result<String> {
    let actor = actor_named(state, user).await?;
    let moved = work::move_item(state, &actor, system, item, status, comment)
        .await
        .map_err(op_error)?;
    Ok(format!("item {} {}\n", moved.id, moved.status))
}

fn guess_type(path: &Path) -> &'static str {
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("pdf") => "application/pdf",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("zip") => "application/zip",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("odt") => "application/vnd.oasis.opendocument.text",
        Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
        Some("csv") => "text/csv",
        Some("md") => "text/markdown",
        Some("json") => "application/json",
        _ => "text/plain",
    }
}
