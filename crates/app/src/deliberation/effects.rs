//! The effects of adopted amendments and allocation policies that other
//! parts read: the pack or framework version an amendment carries (checked
//! as an upload is, installed in the decision's transaction), and the
//! allocation policy a capacity round opened without its own weights uses.

use waico_capacity::AllocationPolicy;
use waico_deliberation::proposal::AmendmentTarget;
use waico_members::Invalid;
use waico_store::{NewFrameworkSource, SourceKind};

use crate::framework::live::apply;
use crate::{AppState, OpError};

/// The stored source an amendment's YAML becomes: loaded into a copy of
/// the node's current catalog exactly as an upload is (refused with a
/// `yaml` field error when it does not load, e.g. an unknown framework or
/// a version already loaded).
pub async fn amendment_source(
    state: &AppState,
    target: AmendmentTarget,
    name: &str,
    yaml: &str,
) -> Result<NewFrameworkSource, OpError> {
    let kind = match target {
        AmendmentTarget::Framework => SourceKind::Framework,
        AmendmentTarget::Rulepack => SourceKind::Rulepack,
    };
    // Uploads another process stored count too.
    if let Err(e) = state.framework.reload_if_changed(&state.store).await {
        tracing::warn!(error = %e, "framework catalog reload failed");
    }
    let mut next = (*state.framework.catalog()).clone();
    let file = format!("{}.yaml", name.trim());
    let applied = apply(&mut next, kind, &file, yaml, None).map_err(|e| {
        tracing::debug!(errors = %e, "amendment YAML refused");
        Invalid::new("yaml", "deliberation-err-yaml")
    })?;
    if let Some(pack) = state.framework.catalog().pack(&applied.subject)
        && kind == SourceKind::Rulepack
        && pack.doc.version == applied.version
    {
        return Err(Invalid::new("yaml", "deliberation-err-yaml-version").into());
    }
    Ok(NewFrameworkSource {
        kind,
        subject: applied.subject,
        version: applied.version,
        file_name: file,
        source: yaml.to_owned(),
        loaded_by: None,
        jurisdiction: None,
    })
}

/// The capacity allocation policy a proposal's parameters describe.
pub fn allocation_policy_of(parameters: &serde_json::Value) -> Result<AllocationPolicy, Invalid> {
    serde_json::from_value::<AllocationPolicy>(parameters.clone())
        .map_err(|_| Invalid::new("parameters", "deliberation-err-policy"))
}

/// The newest allocation policy adopted by deliberation: the default of a
/// capacity round opened without its own weights.
pub async fn adopted_allocation_policy(
    state: &AppState,
) -> Result<Option<AllocationPolicy>, OpError> {
    match state.store.adopted_allocation_policy().await? {
        None => Ok(None),
        Some(row) => {
            let value: serde_json::Value = serde_json::from_str(&row.parameters)
                .map_err(|e| OpError::Internal(e.to_string()))?;
            Ok(Some(
                allocation_policy_of(&value).map_err(|e| OpError::Internal(e.key.into()))?,
            ))
        }
    }
}

/// The framework or rulepack version an amendment carries, as its page
/// shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedVersion {
    /// `framework` or `rulepack`.
    pub target: &'static str,
    /// The framework URN or pack id.
    pub subject: String,
    pub version: String,
    /// `active` (in force for assessments made since the decision),
    /// `superseded` (a later version replaced it), `proposed` (in force
    /// if adopted) or `not_installed` (adopted, but it no longer loaded).
    pub status: &'static str,
}

/// What `loaded` carries, when it is an amendment whose YAML loads (or
/// was installed).
pub async fn carried_version(
    state: &AppState,
    loaded: &super::Loaded,
) -> Result<Option<CarriedVersion>, OpError> {
    use waico_deliberation::{ProposalKind, Stage};
    let ProposalKind::Amendment { target, name, yaml } = &loaded.proposal.kind else {
        return Ok(None);
    };
    let target_slug = match target {
        AmendmentTarget::Framework => "framework",
        AmendmentTarget::Rulepack => "rulepack",
    };
    let installed = state
        .store
        .list_framework_sources()
        .await?
        .into_iter()
        .rev()
        .find(|s| s.source == *yaml);
    if let Some(source) = installed {
        return Ok(Some(CarriedVersion {
            target: target_slug,
            subject: source.subject,
            version: source.version,
            status: if source.status == "active" {
                "active"
            } else {
                "superseded"
            },
        }));
    }
    let adopted = loaded.proposal.stage() == Stage::Adopted;
    Ok(amendment_source(state, *target, name, yaml)
        .await
        .ok()
        .map(|source| CarriedVersion {
            target: target_slug,
            subject: source.subject,
            version: source.version,
            status: if adopted { "not_installed" } else { "proposed" },
        }))
}
