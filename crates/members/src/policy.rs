//! The one place where "may this actor do that" is decided. Handlers ask
//! [`may`]; nothing else checks roles.

use crate::{CountryCode, RoleGrant};

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
        !matches!(self, Action::ViewPublic | Action::ViewUsers)
    }
}

/// Decides whether `actor` may perform `action`.
pub fn may(actor: &Actor, action: Action) -> bool {
    let (user_id, grants, can_write) = match actor {
        Actor::Anonymous => return action == Action::ViewPublic,
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
        Action::ManageCommons { owner } => {
            admin
                || match owner {
                    CommonsOwner::State(c) => delegate_of(c),
                    CommonsOwner::Institution { id, country } => rep_of(id) || delegate_of(country),
                    CommonsOwner::Person(id) => id == user_id,
                }
        }
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
        ];
        let read_only_admin = Actor::User {
            id: 2,
            grants: vec![RoleGrant::SecretariatAdmin],
            can_write: false,
        };
        // Columns follow `actions` above.
        #[rustfmt::skip]
        let table: Vec<(&str, Actor, [bool; 14])> = vec![
            ("public", Actor::Anonymous, [true, false, false, false, false, false, false, false, false, false, false, false, false, false]),
            ("admin", user(vec![RoleGrant::SecretariatAdmin]), [true, true, true, true, true, true, true, true, true, true, true, false, false, true]),
            ("read-only admin token", read_only_admin, [true, false, true, false, false, false, false, false, false, false, false, false, false, false]),
            ("delegate of Kenya", user(vec![RoleGrant::Delegate { country: cc("KEN") }]), [true, true, false, false, false, true, false, true, true, false, false, true, false, false]),
            ("representative of institution 8", user(vec![RoleGrant::InstitutionRep { institution_id: 8 }]), [true, true, false, false, false, false, false, false, false, true, false, false, false, false]),
            ("researcher", user(vec![RoleGrant::Researcher]), [true, true, false, false, false, false, false, false, false, false, false, false, false, false]),
            ("user without roles", user(vec![]), [true, true, false, false, false, false, false, false, false, false, false, false, false, false]),
        ];
        for (who, actor, expected) in table {
            for (action, want) in actions.iter().zip(expected) {
                assert_eq!(may(&actor, *action), want, "{who} × {action:?}");
            }
        }
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
}
