//! The one place where "may this actor do that" is decided. Handlers ask
//! [`may`]; nothing else checks roles. What a decision needs to know beyond
//! the actor (a repository's owner and visibility, the standing of the
//! states a user is affiliated with, …) is passed in the [`Action`] as plain
//! data, looked up by the caller.
//!
//! Members-only commons repositories are for people affiliated with a state
//! that takes part in the organisation: a user whose own country, or whose
//! institution's country, is a member or an observer. Suspended states and
//! states without membership do not count; the secretariat always reads,
//! and so do those who manage the repository's owner (see [`Action::SeeRepo`]).

use crate::{CountryCode, MemberStatus, Role, RoleGrant};

/// Who is asking: nobody signed in, or a user with their grants. `can_write`
/// is false for a read-only API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    User {
        id: i64,
        grants: Vec<RoleGrant>,
        can_write: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read anything public: directory, decisions, statistics.
    ViewPublic,
    /// See and edit one's own profile and API tokens.
    ManageOwnAccount,
    /// List accounts with their e-mail addresses and roles.
    ViewUsers,
    /// Create users, reset passwords, grant or revoke roles.
    ManageUsers,
    /// Admit a state, change its status.
    SetMembership,
    /// Register an institution in a country.
    CreateInstitution {
        country: CountryCode,
    },
    /// Register an institution in at least one country (to offer the form).
    CreateAnyInstitution,
    /// Change an institution's record.
    EditInstitution {
        id: i64,
        country: CountryCode,
    },
    DeleteInstitution,
    /// Speak and vote for a state.
    ActForState {
        country: CountryCode,
    },
    /// Export, import, back up the registry.
    AdministerNode,
    /// Upload a framework, crosswalk or rulepack into the node's catalog.
    LoadFramework,
    /// Register an AI system, for an institution (its id and country) or for
    /// oneself. A representative registers for their institution, a delegate
    /// for any institution of their country.
    RegisterAiSystem {
        institution: Option<(i64, CountryCode)>,
    },
    /// Change a registered AI system's profile or run its assessment.
    EditAiSystem {
        owner_user: Option<i64>,
        owner_institution: Option<i64>,
    },
    /// Publish to, or manage, the commons repositories of an owner.
    ManageCommons {
        owner: CommonsOwner,
    },
    /// Take away a role from a user. The secretariat does; nobody takes
    /// away their own secretariat role (the last way back in must not be
    /// closed from the inside).
    RevokeRole {
        holder: i64,
        role: Role,
    },
    /// Read members-only content of the commons in general (what listings
    /// show): the secretariat, and people affiliated with a member or
    /// observer state.
    ReadMembersOnly {
        affiliation: Affiliation,
    },
    /// Know that a commons repository exists: its page, its metadata, its
    /// place in listings. Public and gated repositories: everyone.
    /// Members-only: as [`Action::ReadMembersOnly`], and those who manage
    /// its owner.
    SeeRepo(RepoFacts),
    /// Download the files of a commons repository. Public: everyone.
    /// Members-only: as [`Action::SeeRepo`]. Gated: signed-in users who
    /// manage its owner, the secretariat, or whose request was approved.
    ReadRepoFiles(RepoFacts),
    /// Act for a state in deliberation: propose, co-sponsor, comment, amend,
    /// object, vote (the body's own rules then decide the rest).
    Deliberate {
        country: CountryCode,
    },
    /// Run the deliberation machinery: create bodies and seat states, open
    /// a secret vote and record its decrypted tally.
    ManageDeliberation,
    /// Run the capacity exchange: maintain the export-control rules, open
    /// calls, assign reviewers, run and close rounds, set up fellowship
    /// matches and their programs. The secretariat.
    ManageCapacity,
    /// Offer compute hours: those who act for a state or an institution.
    OfferCapacity,
    /// Change an offer still waiting in the pool: whoever offered it, or
    /// the secretariat.
    EditCapacityOffer {
        provider: Option<i64>,
    },
    /// Report the hours used of an offer's allocations: whoever offered it.
    ReportCapacityUsage {
        provider: Option<i64>,
    },
    /// Request compute hours for a project: any signed-in user with a role.
    RequestCapacity,
    /// Score a request: only a reviewer assigned to it (conflicts of
    /// interest are refused when assigning).
    ReviewCapacityRequest {
        assigned: bool,
    },
    /// Rank fellowship programs as an applicant: any signed-in user.
    ApplyToProgram,
    /// Submit a safety report (incident or vulnerability), comment on the
    /// reports one may see. Who then sees a report is its TLP marking's
    /// decision (`waico_safety::tlp::may_see`), not a role's.
    SubmitSafetyReport,
    /// Triage safety reports: move them through the workflow, assign,
    /// merge duplicates, import AVID and CSV files. The secretariat; the
    /// marking still decides which reports it sees.
    TriageSafetyReports,
    /// Deactivate or reactivate an account. The secretariat does, never on
    /// their own account (nobody locks themselves out from the inside).
    DeactivateUser {
        target: i64,
    },
    /// Read the record of changes of power over accounts: all of it (the
    /// secretariat) or, with `subject`, that of one account (also its
    /// holder).
    ViewAccountEvents {
        subject: Option<i64>,
    },
    /// See the compliance work on a registered system (its work items,
    /// history, evidence, calendar): those who may change the system, and
    /// the person an item of it is assigned to.
    ViewObligationWork {
        owner_user: Option<i64>,
        owner_institution: Option<i64>,
        assigned: bool,
    },
    /// Work on a system's obligation: assign it (those who may change the
    /// system), or, as its assignee too, move it on, comment, attach evidence.
    WorkOnObligation {
        owner_user: Option<i64>,
        owner_institution: Option<i64>,
        assigned: bool,
    },
    /// Accept or return the evidence submitted for an obligation: those who
    /// may change the system, never the person who submitted it.
    ReviewObligation {
        owner_user: Option<i64>,
        owner_institution: Option<i64>,
        submitted_by: Option<i64>,
    },
    /// Import many commons repositories at once (a folder or an archive of
    /// them): the secretariat; each repository is still created under the
    /// rule of [`Action::ManageCommons`].
    ImportCommons,
    /// Remove a file from a commons repository's whole history (a leaked
    /// secret), rewriting its commits: the secretariat only, recorded in
    /// the ledger.
    PurgeCommonsFile,
}

/// The standing of the states a user is affiliated with: that of their own
/// country and that of their institution's country. `None`: no such
/// country, or a state without membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Affiliation {
    pub country: Option<MemberStatus>,
    pub institution_country: Option<MemberStatus>,
}

impl Affiliation {
    /// Whether one of the states takes part: member or observer.
    fn takes_part(self) -> bool {
        [self.country, self.institution_country]
            .into_iter()
            .flatten()
            .any(|s| matches!(s, MemberStatus::Member | MemberStatus::Observer))
    }
}

/// How a commons repository is shared (its visibility).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    Public,
    Gated,
    MembersOnly,
}

/// What the policy needs to know of a commons repository and of the
/// actor's relation to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepoFacts {
    /// `None` when the owner namespace no longer resolves: then only the
    /// secretariat manages it.
    pub owner: Option<CommonsOwner>,
    pub sharing: Sharing,
    /// The actor's affiliation (default for the anonymous).
    pub affiliation: Affiliation,
    /// Whether the actor's request for access to it was approved.
    pub approved: bool,
}

/// The owner of a commons namespace, as the policy sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommonsOwner {
    /// A member state: its delegates publish for it.
    State(CountryCode),
    /// An institution: its representatives, and delegates of its country.
    Institution { id: i64, country: CountryCode },
    /// A person: only that user.
    Person(i64),
}

impl Action {
    fn is_write(self) -> bool {
        !matches!(
            self,
            Action::ViewPublic
                | Action::ViewUsers
                | Action::ReadMembersOnly { .. }
                | Action::SeeRepo(_)
                | Action::ReadRepoFiles(_)
                | Action::ViewAccountEvents { .. }
                | Action::ViewObligationWork { .. }
        )
    }
}

/// Whether the holder of `grants` (user `user_id`) manages `owner`'s
/// commons namespace, whatever the token's scope.
fn manages(user_id: i64, grants: &[RoleGrant], owner: CommonsOwner) -> bool {
    let delegate_of = |c: CountryCode| grants.contains(&RoleGrant::Delegate { country: c });
    let rep_of = |i: i64| grants.contains(&RoleGrant::InstitutionRep { institution_id: i });
    grants.contains(&RoleGrant::SecretariatAdmin)
        || match owner {
            CommonsOwner::State(c) => delegate_of(c),
            CommonsOwner::Institution { id, country } => rep_of(id) || delegate_of(country),
            CommonsOwner::Person(id) => id == user_id,
        }
}

/// Decides whether `actor` may perform `action`.
pub fn may(actor: &Actor, action: Action) -> bool {
    let (user_id, grants, can_write) = match actor {
        Actor::Anonymous => {
            return match action {
                Action::ViewPublic => true,
                Action::SeeRepo(r) => r.sharing != Sharing::MembersOnly,
                Action::ReadRepoFiles(r) => r.sharing == Sharing::Public,
                _ => false,
            };
        }
        Actor::User {
            id,
            grants,
            can_write,
        } => (*id, grants, *can_write),
    };
    if action.is_write() && !can_write {
        return false;
    }
    let admin = grants.contains(&RoleGrant::SecretariatAdmin);
    let delegate_of = |c: CountryCode| grants.contains(&RoleGrant::Delegate { country: c });
    let rep_of = |i: i64| grants.contains(&RoleGrant::InstitutionRep { institution_id: i });
    match action {
        Action::ViewPublic | Action::ManageOwnAccount => true,
        Action::ViewUsers
        | Action::ManageUsers
        | Action::SetMembership
        | Action::DeleteInstitution
        | Action::AdministerNode => admin,
        Action::CreateInstitution { country } => admin || delegate_of(country),
        Action::CreateAnyInstitution => {
            admin
                || grants
                    .iter()
                    .any(|g| matches!(g, RoleGrant::Delegate { .. }))
        }
        Action::EditInstitution { id, country } => admin || delegate_of(country) || rep_of(id),
        Action::ActForState { country } => delegate_of(country),
        Action::LoadFramework => admin,
        Action::RegisterAiSystem { institution } => {
            admin
                || match institution {
                    Some((i, country)) => rep_of(i) || delegate_of(country),
                    None => grants.iter().any(|g| {
                        matches!(
                            g,
                            RoleGrant::Delegate { .. } | RoleGrant::InstitutionRep { .. }
                        )
                    }),
                }
        }
        Action::EditAiSystem {
            owner_user,
            owner_institution,
        } => admin || owner_user == Some(user_id) || owner_institution.is_some_and(rep_of),
        Action::ManageCommons { owner } => manages(user_id, grants, owner),
        Action::RevokeRole { holder, role } => {
            admin && !(holder == user_id && role == Role::SecretariatAdmin)
        }
        Action::ReadMembersOnly { affiliation } => admin || affiliation.takes_part(),
        Action::SeeRepo(r) => match r.sharing {
            Sharing::Public | Sharing::Gated => true,
            Sharing::MembersOnly => {
                admin
                    || r.affiliation.takes_part()
                    || r.owner.is_some_and(|o| manages(user_id, grants, o))
            }
        },
        Action::ReadRepoFiles(r) => match r.sharing {
            Sharing::Public => true,
            Sharing::Gated => {
                admin || r.approved || r.owner.is_some_and(|o| manages(user_id, grants, o))
            }
            Sharing::MembersOnly => may(actor, Action::SeeRepo(r)),
        },
        Action::Deliberate { country } => delegate_of(country),
        Action::ManageDeliberation => admin,
        Action::ManageCapacity => admin,
        Action::OfferCapacity => {
            admin
                || grants.iter().any(|g| {
                    matches!(
                        g,
                        RoleGrant::Delegate { .. } | RoleGrant::InstitutionRep { .. }
                    )
                })
        }
        Action::EditCapacityOffer { provider } => admin || provider == Some(user_id),
        Action::ReportCapacityUsage { provider } => admin || provider == Some(user_id),
        Action::RequestCapacity => !grants.is_empty(),
        Action::ReviewCapacityRequest { assigned } => assigned,
        Action::ApplyToProgram => true,
        Action::SubmitSafetyReport => true,
        Action::TriageSafetyReports => admin,
        Action::DeactivateUser { target } => admin && target != user_id,
        Action::ViewAccountEvents { subject } => admin || subject == Some(user_id),
        Action::ViewObligationWork {
            owner_user,
            owner_institution,
            assigned,
        }
        | Action::WorkOnObligation {
            owner_user,
            owner_institution,
            assigned,
        } => {
            admin
                || owner_user == Some(user_id)
                || owner_institution.is_some_and(rep_of)
                || assigned
        }
        Action::ReviewObligation {
            owner_user,
            owner_institution,
            submitted_by,
        } => {
            (admin || owner_user == Some(user_id) || owner_institution.is_some_and(rep_of))
                && submitted_by != Some(user_id)
        }
        Action::ImportCommons | Action::PurgeCommonsFile => admin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(code: &str) -> CountryCode {
        CountryCode::parse(code).unwrap()
    }

    fn user(grants: Vec<RoleGrant>) -> Actor {
        Actor::User {
            id: 1,
            grants,
            can_write: true,
        }
    }

    /// Editing an offer: its provider and the secretariat, no one else.
    #[test]
    fn an_offer_is_edited_by_its_provider_or_the_secretariat() {
        let admin = user(vec![RoleGrant::SecretariatAdmin]);
        let delegate = user(vec![RoleGrant::Delegate { country: cc("KEN") }]);
        assert!(may(&admin, Action::EditCapacityOffer { provider: Some(7) }));
        assert!(may(&admin, Action::EditCapacityOffer { provider: None }));
        assert!(may(
            &delegate,
            Action::EditCapacityOffer { provider: Some(1) }
        ));
        assert!(!may(
            &delegate,
            Action::EditCapacityOffer { provider: Some(2) }
        ));
        assert!(!may(
            &delegate,
            Action::EditCapacityOffer { provider: None }
        ));
        assert!(!may(
            &Actor::Anonymous,
            Action::EditCapacityOffer { provider: Some(1) }
        ));
    }

    /// Bulk import and purging a file from history: the secretariat with
    /// a write token, nobody else (not even the repository's owner).
    #[test]
    fn commons_import_and_purge_are_the_secretariats() {
        let admin = user(vec![RoleGrant::SecretariatAdmin]);
        let delegate = user(vec![RoleGrant::Delegate { country: cc("KEN") }]);
        let read_only = Actor::User {
            id: 1,
            grants: vec![RoleGrant::SecretariatAdmin],
            can_write: false,
        };
        for action in [Action::ImportCommons, Action::PurgeCommonsFile] {
            assert!(may(&admin, action), "{action:?}");
            assert!(!may(&delegate, action), "{action:?}");
            assert!(!may(&read_only, action), "{action:?}");
            assert!(!may(&Actor::Anonymous, action), "{action:?}");
        }
    }

    /// The capacity exchange: role × action.
    #[test]
    fn capacity_actions() {
        let admin = user(vec![RoleGrant::SecretariatAdmin]);
        let delegate = user(vec![RoleGrant::Delegate { country: cc("KEN") }]);
        let rep = user(vec![RoleGrant::InstitutionRep { institution_id: 8 }]);
        let researcher = user(vec![RoleGrant::Researcher]);
        let nobody = user(vec![]);
        let read_only = Actor::User {
            id: 1,
            grants: vec![RoleGrant::SecretariatAdmin],
            can_write: false,
        };
        let actions = [
            Action::ManageCapacity,
            Action::OfferCapacity,
            Action::ReportCapacityUsage { provider: Some(1) },
            Action::ReportCapacityUsage { provider: Some(2) },
            Action::RequestCapacity,
            Action::ReviewCapacityRequest { assigned: true },
            Action::ReviewCapacityRequest { assigned: false },
            Action::ApplyToProgram,
        ];
        let table: Vec<(&str, &Actor, [bool; 8])> = vec![
            // manage, offer, usage own, usage other's, request, review assigned, not assigned, apply
            (
                "admin",
                &admin,
                [true, true, true, true, true, true, false, true],
            ),
            (
                "delegate",
                &delegate,
                [false, true, true, false, true, true, false, true],
            ),
            (
                "rep",
                &rep,
                [false, true, true, false, true, true, false, true],
            ),
            (
                "researcher",
                &researcher,
                [false, false, true, false, true, true, false, true],
            ),
            (
                "no role",
                &nobody,
                [false, false, true, false, false, true, false, true],
            ),
            ("read-only token", &read_only, [false; 8]),
            ("public", &Actor::Anonymous, [false; 8]),
        ];
        for (who, actor, expected) in table {
            for (action, want) in actions.iter().zip(expected) {
                assert_eq!(may(actor, *action), want, "{who} × {action:?}");
            }
        }
    }

    /// Framework uploads and the AI systems registry.
    #[test]
    fn framework_and_ai_system_actions() {
        let rep8 = user(vec![RoleGrant::InstitutionRep { institution_id: 8 }]);
        let delegate = user(vec![RoleGrant::Delegate { country: cc("KEN") }]);
        let admin = user(vec![RoleGrant::SecretariatAdmin]);
        let researcher = user(vec![RoleGrant::Researcher]);
        let own = Action::EditAiSystem {
            owner_user: Some(1),
            owner_institution: None,
        };
        let of_8 = Action::EditAiSystem {
            owner_user: Some(99),
            owner_institution: Some(8),
        };
        let of_9 = Action::EditAiSystem {
            owner_user: Some(99),
            owner_institution: Some(9),
        };
        let for_8 = Action::RegisterAiSystem {
            institution: Some((8, cc("NGA"))),
        };
        let for_kenyan = Action::RegisterAiSystem {
            institution: Some((9, cc("KEN"))),
        };
        let alone = Action::RegisterAiSystem { institution: None };
        let table: Vec<(&str, &Actor, [bool; 7])> = vec![
            // LoadFramework, alone, for_8, for_kenyan, own, of_8, of_9
            ("admin", &admin, [true; 7]),
            (
                "rep of 8",
                &rep8,
                [false, true, true, false, true, true, false],
            ),
            (
                "delegate of KEN",
                &delegate,
                [false, true, false, true, true, false, false],
            ),
            (
                "researcher",
                &researcher,
                [false, false, false, false, true, false, false],
            ),
            ("public", &Actor::Anonymous, [false; 7]),
        ];
        for (who, actor, expected) in table {
            let actions = [
                Action::LoadFramework,
                alone,
                for_8,
                for_kenyan,
                own,
                of_8,
                of_9,
            ];
            for (action, want) in actions.iter().zip(expected) {
                assert_eq!(may(actor, *action), want, "{who} × {action:?}");
            }
        }
        let read_only = Actor::User {
            id: 1,
            grants: vec![RoleGrant::SecretariatAdmin],
            can_write: false,
        };
        assert!(!may(&read_only, Action::LoadFramework));
        assert!(!may(&read_only, own));
    }

    /// The whole role × action table. Each row: actor, then the expected
    /// answer for every action in `actions()` order.
    #[test]
    fn role_by_action_table() {
        let actions = [
            Action::ViewPublic,
            Action::ManageOwnAccount,
            Action::ViewUsers,
            Action::ManageUsers,
            Action::SetMembership,
            Action::CreateInstitution { country: cc("KEN") },
            Action::CreateInstitution { country: cc("CHN") },
            Action::CreateAnyInstitution,
            Action::EditInstitution {
                id: 7,
                country: cc("KEN"),
            },
            Action::EditInstitution {
                id: 8,
                country: cc("BRA"),
            },
            Action::DeleteInstitution,
            Action::ActForState { country: cc("KEN") },
            Action::ActForState { country: cc("CHN") },
            Action::AdministerNode,
            // User 1 (every row but the read-only token is user 1).
            Action::RevokeRole {
                holder: 1,
                role: Role::SecretariatAdmin,
            },
            Action::RevokeRole {
                holder: 1,
                role: Role::Delegate,
            },
            Action::RevokeRole {
                holder: 3,
                role: Role::SecretariatAdmin,
            },
            Action::RegisterAiSystem {
                institution: Some((7, cc("KEN"))),
            },
            Action::RegisterAiSystem {
                institution: Some((8, cc("BRA"))),
            },
        ];
        let read_only_admin = Actor::User {
            id: 2,
            grants: vec![RoleGrant::SecretariatAdmin],
            can_write: false,
        };
        // Columns follow `actions` above.
        #[rustfmt::skip]
        let table: Vec<(&str, Actor, [bool; 19])> = vec![
            ("public", Actor::Anonymous, [true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false]),
            ("admin", user(vec![RoleGrant::SecretariatAdmin]), [true, true, true, true, true, true, true, true, true, true, true, false, false, true, false, true, true, true, true]),
            ("read-only admin token", read_only_admin, [true, false, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false]),
            ("delegate of Kenya", user(vec![RoleGrant::Delegate { country: cc("KEN") }]), [true, true, false, false, false, true, false, true, true, false, false, true, false, false, false, false, false, true, false]),
            ("representative of institution 8", user(vec![RoleGrant::InstitutionRep { institution_id: 8 }]), [true, true, false, false, false, false, false, false, false, true, false, false, false, false, false, false, false, false, true]),
            ("researcher", user(vec![RoleGrant::Researcher]), [true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false]),
            ("user without roles", user(vec![]), [true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false]),
        ];
        for (who, actor, expected) in table {
            for (action, want) in actions.iter().zip(expected) {
                assert_eq!(may(&actor, *action), want, "{who} × {action:?}");
            }
        }
    }

    /// Deactivation and the record of account changes: role × action.
    #[test]
    fn account_power_table() {
        let actions = [
            Action::DeactivateUser { target: 1 },
            Action::DeactivateUser { target: 3 },
            Action::ViewAccountEvents { subject: None },
            Action::ViewAccountEvents { subject: Some(1) },
            Action::ViewAccountEvents { subject: Some(3) },
        ];
        let read_only_admin = Actor::User {
            id: 2,
            grants: vec![RoleGrant::SecretariatAdmin],
            can_write: false,
        };
        let read_only_self = Actor::User {
            id: 1,
            grants: vec![],
            can_write: false,
        };
        // Every row but the read-only tokens is user 1.
        #[rustfmt::skip]
        let table: Vec<(&str, Actor, [bool; 5])> = vec![
            ("public", Actor::Anonymous, [false, false, false, false, false]),
            ("admin", user(vec![RoleGrant::SecretariatAdmin]), [false, true, true, true, true]),
            ("read-only admin token", read_only_admin, [false, false, true, true, true]),
            ("read-only token of user 1", read_only_self, [false, false, false, true, false]),
            ("delegate of Kenya", user(vec![RoleGrant::Delegate { country: cc("KEN") }]), [false, false, false, true, false]),
            ("representative of institution 8", user(vec![RoleGrant::InstitutionRep { institution_id: 8 }]), [false, false, false, true, false]),
            ("researcher", user(vec![RoleGrant::Researcher]), [false, false, false, true, false]),
            ("user without roles", user(vec![]), [false, false, false, true, false]),
        ];
        for (who, actor, expected) in table {
            for (action, want) in actions.iter().zip(expected) {
                assert_eq!(may(&actor, *action), want, "{who} × {action:?}");
            }
        }
    }

    /// Reading the commons: members-only content, each kind of repository
    /// and its files. Each row: an actor with the standing of the states
    /// they are affiliated with (own country, institution's country); the
    /// columns follow `actions` below.
    #[test]
    fn commons_reading_table() {
        use MemberStatus::{Member, Observer, Suspended};
        let facts = |owner, sharing, affiliation, approved| RepoFacts {
            owner: Some(owner),
            sharing,
            affiliation,
            approved,
        };
        let actions = |a: Affiliation| {
            let kenya = CommonsOwner::State(cc("KEN"));
            let own = CommonsOwner::Person(1);
            [
                Action::ReadMembersOnly { affiliation: a },
                Action::SeeRepo(facts(kenya, Sharing::Public, a, false)),
                Action::SeeRepo(facts(kenya, Sharing::Gated, a, false)),
                Action::SeeRepo(facts(kenya, Sharing::MembersOnly, a, false)),
                Action::SeeRepo(facts(own, Sharing::MembersOnly, a, false)),
                Action::ReadRepoFiles(facts(kenya, Sharing::Public, a, false)),
                Action::ReadRepoFiles(facts(kenya, Sharing::Gated, a, false)),
                Action::ReadRepoFiles(facts(kenya, Sharing::Gated, a, true)),
                Action::ReadRepoFiles(facts(kenya, Sharing::MembersOnly, a, false)),
            ]
        };
        let of = |country, institution_country| Affiliation {
            country,
            institution_country,
        };
        let read_only = |grants| Actor::User {
            id: 1,
            grants,
            can_write: false,
        };
        let admin = || vec![RoleGrant::SecretariatAdmin];
        let kenya_delegate = || vec![RoleGrant::Delegate { country: cc("KEN") }];
        let (t, f) = (true, false);
        // Columns: members-only content; see public, gated, members-only of
        // KEN, members-only of oneself; files of public, gated (not
        // approved), gated (approved), members-only of KEN.
        #[rustfmt::skip]
        let table: Vec<(&str, Actor, Affiliation, [bool; 9])> = vec![
            ("public", Actor::Anonymous, of(None, None), [f, t, t, f, f, t, f, f, f]),
            ("public, claiming a member state", Actor::Anonymous, of(Some(Member), None), [f, t, t, f, f, t, f, f, f]),
            ("secretariat, no affiliation", user(admin()), of(None, None), [t; 9]),
            ("read-only token of the secretariat", read_only(admin()), of(None, None), [t; 9]),
            ("user of a member state", user(vec![]), of(Some(Member), None), [t, t, t, t, t, t, f, t, t]),
            ("user of an observer state", user(vec![RoleGrant::Researcher]), of(Some(Observer), None), [t, t, t, t, t, t, f, t, t]),
            ("user of a suspended state", user(vec![RoleGrant::Researcher]), of(Some(Suspended), None), [f, t, t, f, t, t, f, t, f]),
            ("user of a non-member state", user(vec![]), of(None, None), [f, t, t, f, t, t, f, t, f]),
            ("non-member state, institution in a member state", user(vec![]), of(None, Some(Member)), [t, t, t, t, t, t, f, t, t]),
            ("suspended state, institution in an observer state", user(vec![]), of(Some(Suspended), Some(Observer)), [t, t, t, t, t, t, f, t, t]),
            ("member state, institution in a suspended state", user(vec![]), of(Some(Member), Some(Suspended)), [t, t, t, t, t, t, f, t, t]),
            ("delegate of KEN, no affiliation", user(kenya_delegate()), of(None, None), [f, t, t, t, t, t, t, t, t]),
            ("read-only token of a member state's user", read_only(vec![]), of(Some(Member), None), [t, t, t, t, t, t, f, t, t]),
            ("read-only token of a non-member's user", read_only(vec![]), of(None, None), [f, t, t, f, t, t, f, t, f]),
        ];
        for (who, actor, affiliation, expected) in table {
            for (action, want) in actions(affiliation).iter().zip(expected) {
                assert_eq!(may(&actor, *action), want, "{who} × {action:?}");
            }
        }
        // An owner that no longer resolves is managed by the secretariat only.
        let orphan = Action::SeeRepo(RepoFacts {
            owner: None,
            sharing: Sharing::MembersOnly,
            affiliation: Affiliation::default(),
            approved: false,
        });
        assert!(may(&user(admin()), orphan));
        assert!(!may(&user(kenya_delegate()), orphan));
    }

    #[test]
    fn commons_owners_table() {
        let owners = [
            CommonsOwner::State(cc("KEN")),
            CommonsOwner::Institution {
                id: 7,
                country: cc("KEN"),
            },
            CommonsOwner::Institution {
                id: 8,
                country: cc("BRA"),
            },
            CommonsOwner::Person(1),
            CommonsOwner::Person(2),
        ];
        let table: Vec<(&str, Actor, [bool; 5])> = vec![
            ("public", Actor::Anonymous, [false; 5]),
            ("admin", user(vec![RoleGrant::SecretariatAdmin]), [true; 5]),
            (
                "delegate of KEN (user 1)",
                user(vec![RoleGrant::Delegate { country: cc("KEN") }]),
                [true, true, false, true, false],
            ),
            (
                "representative of 8 (user 1)",
                user(vec![RoleGrant::InstitutionRep { institution_id: 8 }]),
                [false, false, true, true, false],
            ),
            (
                "researcher (user 1)",
                user(vec![]),
                [false, false, false, true, false],
            ),
            (
                "read-only token of user 1",
                Actor::User {
                    id: 1,
                    grants: vec![RoleGrant::SecretariatAdmin],
                    can_write: false,
                },
                [false; 5],
            ),
        ];
        for (who, actor, expected) in table {
            for (owner, want) in owners.iter().zip(expected) {
                assert_eq!(
                    may(&actor, Action::ManageCommons { owner: *owner }),
                    want,
                    "{who} managing {owner:?}"
                );
            }
        }
    }

    /// Deliberation: only a state's delegates act for it (not the
    /// secretariat, not another state's delegate); the secretariat runs
    /// the machinery; a read-only session does neither.
    #[test]
    fn deliberation_actions() {
        let delegate = user(vec![RoleGrant::Delegate { country: cc("KEN") }]);
        let admin = user(vec![RoleGrant::SecretariatAdmin]);
        let rep = user(vec![RoleGrant::InstitutionRep { institution_id: 8 }]);
        let read_only = Actor::User {
            id: 1,
            grants: vec![RoleGrant::Delegate { country: cc("KEN") }],
            can_write: false,
        };
        let for_ken = Action::Deliberate { country: cc("KEN") };
        let for_nga = Action::Deliberate { country: cc("NGA") };
        let table: Vec<(&str, &Actor, [bool; 3])> = vec![
            // for KEN, for NGA, manage
            ("delegate of KEN", &delegate, [true, false, false]),
            ("admin", &admin, [false, false, true]),
            ("rep", &rep, [false, false, false]),
            ("read-only delegate", &read_only, [false, false, false]),
            ("public", &Actor::Anonymous, [false, false, false]),
        ];
        for (who, actor, expected) in table {
            let got = [
                may(actor, for_ken),
                may(actor, for_nga),
                may(actor, Action::ManageDeliberation),
            ];
            assert_eq!(got, expected, "{who}");
        }
    }

    /// Safety: every signed-in writer reports; only the secretariat triages.
    #[test]
    fn safety_table() {
        let read_only = Actor::User {
            id: 1,
            grants: vec![RoleGrant::SecretariatAdmin],
            can_write: false,
        };
        // Columns: SubmitSafetyReport, TriageSafetyReports.
        let table: Vec<(&str, Actor, [bool; 2])> = vec![
            ("public", Actor::Anonymous, [false, false]),
            (
                "admin",
                user(vec![RoleGrant::SecretariatAdmin]),
                [true, true],
            ),
            ("read-only admin token", read_only, [false, false]),
            (
                "delegate",
                user(vec![RoleGrant::Delegate { country: cc("KEN") }]),
                [true, false],
            ),
            (
                "representative",
                user(vec![RoleGrant::InstitutionRep { institution_id: 8 }]),
                [true, false],
            ),
            (
                "researcher",
                user(vec![RoleGrant::Researcher]),
                [true, false],
            ),
            ("user without roles", user(vec![]), [true, false]),
        ];
        for (who, actor, expected) in table {
            for (action, want) in [Action::SubmitSafetyReport, Action::TriageSafetyReports]
                .into_iter()
                .zip(expected)
            {
                assert_eq!(may(&actor, action), want, "{who} × {action:?}");
            }
        }
    }

    /// Compliance work on a system owned by user 5 for institution 8:
    /// role × action. User 1 is the actor of every row.
    #[test]
    fn work_actions() {
        let (u, i) = (Some(5), Some(8));
        let actions = [
            Action::ViewObligationWork {
                owner_user: u,
                owner_institution: i,
                assigned: false,
            },
            Action::ViewObligationWork {
                owner_user: u,
                owner_institution: i,
                assigned: true,
            },
            Action::WorkOnObligation {
                owner_user: u,
                owner_institution: i,
                assigned: false,
            },
            Action::WorkOnObligation {
                owner_user: u,
                owner_institution: i,
                assigned: true,
            },
            Action::WorkOnObligation {
                owner_user: Some(1),
                owner_institution: None,
                assigned: false,
            },
            Action::ReviewObligation {
                owner_user: u,
                owner_institution: i,
                submitted_by: Some(9),
            },
            Action::ReviewObligation {
                owner_user: u,
                owner_institution: i,
                submitted_by: Some(1),
            },
            Action::ReviewObligation {
                owner_user: Some(1),
                owner_institution: None,
                submitted_by: Some(1),
            },
        ];
        let read_only_rep = Actor::User {
            id: 1,
            grants: vec![RoleGrant::InstitutionRep { institution_id: 8 }],
            can_write: false,
        };
        #[rustfmt::skip]
        let table: Vec<(&str, Actor, [bool; 8])> = vec![
            ("public", Actor::Anonymous, [false, false, false, false, false, false, false, false]),
            ("admin", user(vec![RoleGrant::SecretariatAdmin]), [true, true, true, true, true, true, false, false]),
            ("representative of institution 8", user(vec![RoleGrant::InstitutionRep { institution_id: 8 }]), [true, true, true, true, true, true, false, false]),
            ("read-only token of that representative", read_only_rep, [true, true, false, false, false, false, false, false]),
            ("representative of institution 9", user(vec![RoleGrant::InstitutionRep { institution_id: 9 }]), [false, true, false, true, true, false, false, false]),
            ("delegate of Kenya", user(vec![RoleGrant::Delegate { country: cc("KEN") }]), [false, true, false, true, true, false, false, false]),
            ("user without roles", user(vec![]), [false, true, false, true, true, false, false, false]),
        ];
        for (who, actor, expected) in table {
            for (action, want) in actions.iter().zip(expected) {
                assert_eq!(may(&actor, *action), want, "{who} × {action:?}");
            }
        }
    }
}
