//! Export licences: a rule of a provider's jurisdiction may say a licence
//! is needed; the secretariat records one as granted (with its ledger
//! record `capacity_licence_granted`), and from the next round on the
//! allocator lets the pairs it covers through (`waico-capacity`'s
//! `Licence` decides what it covers; a rule that bars is never lifted).

use serde::Serialize;
use waico_capacity::export_control::{Effect, Licence};
use waico_members::policy::{Action, Actor};
use waico_store::StoreError;
use waico_store::capacity::LicenceRow;

use super::{CapError, CapResult, entry, field, rules, slug, user_id};
use crate::AppState;
use crate::error::{OpError, require};

/// A licence as listed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LicenceView {
    #[schema(value_type = Object)]
    pub licence: Licence,
    pub granted_by: Option<i64>,
    /// Milliseconds since the Unix epoch.
    pub recorded_at: i64,
    /// When it was revoked (milliseconds since the Unix epoch); a revoked
    /// licence lifts nothing in rounds run after it.
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<i64>,
    pub revoke_reason: Option<String>,
}

fn view(row: LicenceRow) -> CapResult<LicenceView> {
    Ok(LicenceView {
        licence: serde_json::from_str(&row.body)
            .map_err(|e| CapError::Op(OpError::Internal(e.to_string())))?,
        granted_by: row.granted_by,
        recorded_at: row.created_at,
        revoked_at: row.revoked_at,
        revoked_by: row.revoked_by,
        revoke_reason: row.revoke_reason,
    })
}

/// Records a granted licence (JSON as the domain `Licence`). The rule must
/// be a `licence_required` rule of the rules in force, of a jurisdiction
/// that applies to the licence's.
pub async fn grant_licence(
    state: &AppState,
    actor: &Actor,
    input: serde_json::Value,
) -> CapResult<LicenceView> {
    require(actor, Action::ManageCapacity)?;
    let licence: Licence = serde_json::from_value(input)
        .map_err(|e| field("licence", "capacity-err-invalid", e.to_string()))?;
    let licence = licence.validated()?;
    let id = slug("id", &licence.id)?;
    let rules = rules(state).await?;
    let rule = rules
        .jurisdictions
        .iter()
        .filter(|j| j.applies_to.contains(&licence.jurisdiction))
        .flat_map(|j| &j.rules)
        .find(|r| r.id == licence.rule);
    match rule {
        None => {
            return Err(field(
                "rule",
                "capacity-err-not-found",
                format!(
                    "no rule `{}` applies to {} in the rules in force ({})",
                    licence.rule, licence.jurisdiction, rules.version
                ),
            ));
        }
        Some(r) if r.effect != Effect::LicenceRequired => {
            return Err(field(
                "rule",
                "capacity-err-barred",
                format!("rule `{}` bars; no licence lifts it", r.id),
            ));
        }
        Some(_) => {}
    }
    let body = serde_json::to_string(&licence)
        .map_err(|e| CapError::Op(OpError::Internal(e.to_string())))?;
    let record = entry(
        actor,
        "capacity_licence_granted",
        ("capacity_licence", &id),
        body.as_bytes(),
        serde_json::json!({
            "rule": licence.rule,
            "rules_version": rules.version,
            "jurisdiction": licence.jurisdiction,
            "destination": licence.destination,
            "classes": licence.classes,
            "valid": licence.valid,
            "reference": licence.reference,
        }),
    )?;
    let row = state
        .store
        .add_capacity_licence(&id, &body, user_id(actor), record)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => field("id", "err-taken", "this id is taken"),
            other => other.into(),
        })?;
    state.ledger.start_checkpoints();
    view(row)
}

/// Revokes licence `id` (the secretariat, giving its reason): from the
/// next round on it lifts nothing. Recorded in the ledger
/// (`capacity_licence_revoked`) in the same transaction; a licence revoked
/// already is refused on `id`.
pub async fn revoke_licence(
    state: &AppState,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> CapResult<LicenceView> {
    require(actor, Action::ManageCapacity)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(field("reason", "err-required", "say why it is revoked"));
    }
    if reason.chars().count() > 2000 {
        return Err(field("reason", "err-too-long", "at most 2,000 characters"));
    }
    let record = entry(
        actor,
        "capacity_licence_revoked",
        ("capacity_licence", id),
        reason.as_bytes(),
        serde_json::json!({ "reason": reason }),
    )?;
    let row = state
        .store
        .revoke_capacity_licence(id, user_id(actor), reason, record)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => field(
                "id",
                "capacity-err-revoked",
                "this licence is revoked already",
            ),
            StoreError::NotFound => CapError::Op(OpError::NotFound),
            other => other.into(),
        })?;
    state.ledger.start_checkpoints();
    view(row)
}

/// Every licence recorded, oldest first.
pub async fn list_licences(state: &AppState) -> CapResult<Vec<LicenceView>> {
    state
        .store
        .list_capacity_licences()
        .await?
        .into_iter()
        .map(view)
        .collect()
}

/// The licences the allocator honours: those not revoked.
pub async fn licences(state: &AppState) -> CapResult<Vec<Licence>> {
    Ok(list_licences(state)
        .await?
        .into_iter()
        .filter(|v| v.revoked_at.is_none())
        .map(|v| v.licence)
        .collect())
}
