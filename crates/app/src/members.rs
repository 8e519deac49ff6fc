//! Members: institutions and the membership of states. Each operation
//! parses its input into domain types, asks the policy, writes (a change of
//! membership with its ledger record in one transaction) and drops the
//! cached directory.

pub mod directory;

use waico_members::policy::{Action, Actor};
use waico_members::{CountryCode, InstitutionKind, InstitutionName, MemberStatus};
use waico_store::{Institution, Membership, NewInstitution};

use crate::AppState;
use crate::error::{Check, OpError, require};

/// Raw institution fields as submitted by a form or the API.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct InstitutionInput {
    /// 2 to 200 characters, no control characters.
    #[schema(
        min_length = 2,
        max_length = 200,
        pattern = "^[^\\s\\x00-\\x1F\\x7F-\\x9F](?:[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F])?$"
    )]
    pub name: String,
    /// government_agency, university, research_institute, company, ngo, standards_body
    #[schema(
        pattern = "^(government_agency|university|research_institute|company|ngo|standards_body)$"
    )]
    pub kind: String,
    /// ISO 3166-1 alpha-3 or alpha-2.
    #[schema(schema_with = crate::schema::country_code)]
    pub country: String,
    /// An `https://` or `http://` address (empty: none).
    #[serde(default)]
    #[schema(
        max_length = 300,
        pattern = "^(https?://[!$-.0-;=>@-\\[\\]-~][!#-;=>-\\[\\]-~]*)?$"
    )]
    pub website: String,
}

fn parse_institution(input: &InstitutionInput) -> Result<NewInstitution, OpError> {
    let mut check = Check::default();
    let name = check.field(InstitutionName::parse(&input.name));
    let kind = check.field(InstitutionKind::parse(&input.kind));
    let country = check.field(CountryCode::parse(&input.country));
    let website = check.field(waico_members::institution::parse_website(&input.website));
    check.finish()?;
    Ok(NewInstitution {
        name: name.expect("checked"),
        kind: kind.expect("checked"),
        country: country.expect("checked"),
        website: website.expect("checked"),
    })
}

pub async fn create_institution(
    state: &AppState,
    actor: &Actor,
    input: &InstitutionInput,
) -> Result<Institution, OpError> {
    if *actor == Actor::Anonymous {
        return Err(OpError::Unauthenticated);
    }
    let new = parse_institution(input)?;
    require(
        actor,
        Action::CreateInstitution {
            country: new.country,
        },
    )?;
    let created = state.store.create_institution(&new).await?;
    state.directory.invalidate();
    Ok(created)
}

pub async fn update_institution(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &InstitutionInput,
) -> Result<Institution, OpError> {
    let existing = state.store.institution(id).await?;
    require(
        actor,
        Action::EditInstitution {
            id,
            country: existing.country,
        },
    )?;
    let new = parse_institution(input)?;
    // Moving an institution to another country needs rights there too.
    if new.country != existing.country {
        require(
            actor,
            Action::CreateInstitution {
                country: new.country,
            },
        )?;
    }
    let updated = state.store.update_institution(id, &new).await?;
    state.directory.invalidate();
    Ok(updated)
}

pub async fn delete_institution(state: &AppState, actor: &Actor, id: i64) -> Result<(), OpError> {
    require(actor, Action::DeleteInstitution)?;
    state.store.delete_institution(id).await?;
    state.directory.invalidate();
    Ok(())
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct MembershipInput {
    /// member, observer or suspended
    #[schema(pattern = "^(member|observer|suspended)$")]
    pub status: String,
    /// Date the status takes effect, YYYY-MM-DD.
    #[schema(format = Date)]
    pub since: String,
}

pub async fn set_membership(
    state: &AppState,
    actor: &Actor,
    country: &str,
    input: &MembershipInput,
) -> Result<Membership, OpError> {
    require(actor, Action::SetMembership)?;
    let mut check = Check::default();
    let country = check.field(CountryCode::parse(country));
    let status = check.field(MemberStatus::parse(&input.status));
    let since = check.field(waico_members::membership::parse_date("since", &input.since));
    check.finish()?;
    let country = country.expect("checked");
    let code = crate::ledger::actor_code(actor);
    // The change and its ledger record are written in one transaction.
    let m = state
        .store
        .set_membership_recorded(
            country,
            status.expect("checked"),
            since.expect("checked"),
            |before, after| {
                if before.map(|b| (b.status, &b.since)) == Some((after.status, &after.since)) {
                    return Ok(None);
                }
                crate::ledger::membership_entry(&code, country, before, Some(after)).map(Some)
            },
        )
        .await?;
    state.directory.invalidate();
    state.ledger.start_checkpoints();
    Ok(m)
}

pub async fn remove_membership(
    state: &AppState,
    actor: &Actor,
    country: &str,
) -> Result<(), OpError> {
    require(actor, Action::SetMembership)?;
    let country = CountryCode::parse(country)?;
    let code = crate::ledger::actor_code(actor);
    state
        .store
        .remove_membership_recorded(country, |before| {
            crate::ledger::membership_entry(&code, country, Some(before), None)
        })
        .await?;
    state.directory.invalidate();
    state.ledger.start_checkpoints();
    Ok(())
}
