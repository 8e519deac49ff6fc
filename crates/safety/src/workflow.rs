//! The life of a report: submitted → triaged → confirmed → mitigated →
//! closed, or rejected, or duplicate (merged into another report, which
//! keeps its sources); who may do each step; assignees, comments and the
//! history of every change.
//!
//! Rights: a *triager* is a member holding the node's safety-triage right
//! (the application layer decides who does, from the policy table). Every
//! step also requires that the actor may see the report under its TLP
//! marking: nobody acts on what they may not read.
//!
//! | step | from | who |
//! |---|---|---|
//! | triage | submitted | triager |
//! | confirm | triaged | triager |
//! | mitigate | confirmed | triager, or a member of the reporter's organisation |
//! | close | mitigated | triager |
//! | reject | submitted, triaged | triager |
//! | merge as duplicate | submitted, triaged, confirmed | triager who sees both reports |
//! | reopen | rejected, closed | triager |
//! | withdraw | submitted | the author |

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use crate::history::{Event, HistoryEntry, State};
use crate::ids::{CommentId, MemberId};
use crate::report::{Comment, Report};
use crate::tlp::{Marking, MemberView, Origin, Shared, Viewer};

/// A step of the workflow (merging is [`merge_duplicate`], it changes two reports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Triage,
    Confirm,
    Mitigate,
    Close,
    Reject { reason: String },
    Reopen,
    Withdraw,
}

/// Who acts: a signed-in member and whether they hold the safety-triage right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub member: MemberView,
    pub triager: bool,
}

impl Actor {
    pub fn viewer(&self) -> Viewer {
        Viewer::Member(self.member.clone())
    }
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The actor may not see the report (said the same way as "no such report").
    #[error("report: not found")]
    NotVisible,
    #[error("state: cannot {action} a report that is {state}")]
    WrongState {
        action: &'static str,
        state: &'static str,
    },
    #[error("actor: may not {0}")]
    Forbidden(&'static str),
    #[error("{field}: {reason}")]
    Invalid {
        field: &'static str,
        reason: &'static str,
    },
}

fn action_name(a: &Action) -> &'static str {
    match a {
        Action::Triage => "triage",
        Action::Confirm => "confirm",
        Action::Mitigate => "mitigate",
        Action::Close => "close",
        Action::Reject { .. } => "reject",
        Action::Reopen => "reopen",
        Action::Withdraw => "withdraw",
    }
}

impl Report {
    fn require_visible(&self, actor: &Actor) -> Result<(), WorkflowError> {
        if self.visible_to(&actor.viewer()) {
            Ok(())
        } else {
            Err(WorkflowError::NotVisible)
        }
    }

    fn record(&mut self, at: OffsetDateTime, actor: &Actor, event: Event) {
        self.history.push(HistoryEntry {
            at,
            actor: actor.member.member.clone(),
            event,
        });
    }

    /// Applies one step of the workflow.
    pub fn apply(
        &mut self,
        action: Action,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<(), WorkflowError> {
        self.require_visible(actor)?;
        let name = action_name(&action);
        let same_org = actor.member.org == self.origin.org;
        let is_author = actor.member.member == self.origin.author;
        let allowed = match action {
            Action::Mitigate => actor.triager || same_org,
            Action::Withdraw => is_author,
            _ => actor.triager,
        };
        if !allowed {
            return Err(WorkflowError::Forbidden(name));
        }
        let next = match (&self.state, action) {
            (State::Submitted, Action::Triage) => State::Triaged,
            (State::Triaged, Action::Confirm) => State::Confirmed,
            (State::Confirmed, Action::Mitigate) => State::Mitigated,
            (State::Mitigated, Action::Close) => State::Closed,
            (State::Submitted | State::Triaged, Action::Reject { reason }) => {
                let reason = reason.trim().to_owned();
                if reason.is_empty() {
                    return Err(WorkflowError::Invalid {
                        field: "reason",
                        reason: "a rejection gives its reason",
                    });
                }
                State::Rejected { reason }
            }
            (State::Rejected { .. } | State::Closed, Action::Reopen) => State::Submitted,
            (State::Submitted, Action::Withdraw) => State::Withdrawn,
            (state, _) => {
                return Err(WorkflowError::WrongState {
                    action: name,
                    state: state.name(),
                });
            }
        };
        let from = self.state.name().to_owned();
        let to = next.name().to_owned();
        self.state = next;
        self.record(at, actor, Event::Moved { from, to });
        Ok(())
    }

    /// Assigns a member who may see the report (a triager assigns).
    pub fn assign(
        &mut self,
        assignee: &MemberView,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<(), WorkflowError> {
        self.require_visible(actor)?;
        if !actor.triager {
            return Err(WorkflowError::Forbidden("assign"));
        }
        if !self.visible_to(&Viewer::Member(assignee.clone())) {
            return Err(WorkflowError::Invalid {
                field: "assignee",
                reason: "may not see this report under its TLP marking",
            });
        }
        if self.assignees.insert(assignee.member.clone()) {
            self.record(
                at,
                actor,
                Event::Assigned {
                    member: assignee.member.clone(),
                },
            );
        }
        Ok(())
    }

    /// Removes an assignee.
    pub fn unassign(
        &mut self,
        member: &MemberId,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<(), WorkflowError> {
        self.require_visible(actor)?;
        if !actor.triager && actor.member.member != *member {
            return Err(WorkflowError::Forbidden("unassign"));
        }
        if self.assignees.remove(member) {
            self.record(
                at,
                actor,
                Event::Unassigned {
                    member: member.clone(),
                },
            );
        }
        Ok(())
    }

    /// Adds a comment with its own marking. A comment may not be shared more
    /// widely than its report: its level is at least the report's.
    pub fn comment(
        &mut self,
        id: CommentId,
        marking: Marking,
        body: &str,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<(), WorkflowError> {
        self.require_visible(actor)?;
        let body = body.trim();
        if body.is_empty() || body.chars().count() > crate::report::MAX_TEXT {
            return Err(WorkflowError::Invalid {
                field: "body",
                reason: "a comment has 1 to 50000 characters",
            });
        }
        if marking.tlp() < self.marking.tlp() {
            return Err(WorkflowError::Invalid {
                field: "tlp",
                reason: "a comment's TLP level is at least its report's",
            });
        }
        self.comments.push(Comment {
            id: id.clone(),
            origin: Origin {
                author: actor.member.member.clone(),
                org: actor.member.org.clone(),
            },
            marking,
            body: body.to_owned(),
            at,
        });
        self.record(at, actor, Event::Commented { comment: id });
        Ok(())
    }

    /// Changes the marking (the author or a triager who sees the report).
    pub fn remark(
        &mut self,
        marking: Marking,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<(), WorkflowError> {
        self.require_visible(actor)?;
        if !actor.triager && actor.member.member != self.origin.author {
            return Err(WorkflowError::Forbidden("change the marking"));
        }
        let from = self.marking.tlp().label();
        self.marking = marking;
        let to = self.marking.tlp().label();
        self.record(at, actor, Event::Remarked { from, to });
        Ok(())
    }
}

/// Whether everyone who may see `wide` (marking and origin) may see
/// `narrow`: conservative, for restricted levels it asks for the same
/// marking and organisation (and for TLP:RED, recipients and author among
/// the narrow item's readers).
pub fn shared_no_wider(
    wide: &Marking,
    wide_origin: &Origin,
    narrow: &Marking,
    narrow_origin: &Origin,
) -> bool {
    match narrow {
        Marking::Clear => true,
        Marking::Green => !matches!(wide, Marking::Clear),
        Marking::Amber { community } => {
            matches!(wide, Marking::Amber { community: c } if c == community)
                && wide_origin.org == narrow_origin.org
        }
        Marking::AmberStrict => {
            matches!(wide, Marking::AmberStrict) && wide_origin.org == narrow_origin.org
        }
        Marking::Red { recipients } => {
            let reads = |m: &MemberId| recipients.contains(m) || *m == narrow_origin.author;
            match wide {
                Marking::Red { recipients: r } => r.iter().all(reads) && reads(&wide_origin.author),
                _ => false,
            }
        }
    }
}

/// Merges `duplicate` into `target`: the target gains the duplicate's
/// sources (those with a URL it has not), alleged parties, systems and
/// repositories — only when the target is shared no more widely than the
/// duplicate ([`shared_no_wider`]); the duplicate moves to `duplicate` and points at the
/// target. The actor is a triager who sees both reports. A report is not
/// merged into itself nor into a duplicate.
pub fn merge_duplicate(
    duplicate: &mut Report,
    target: &mut Report,
    actor: &Actor,
    at: OffsetDateTime,
) -> Result<usize, WorkflowError> {
    duplicate.require_visible(actor)?;
    target.require_visible(actor)?;
    if !actor.triager {
        return Err(WorkflowError::Forbidden("merge duplicates"));
    }
    if duplicate.id == target.id {
        return Err(WorkflowError::Invalid {
            field: "target",
            reason: "a report is not a duplicate of itself",
        });
    }
    if matches!(target.state, State::Duplicate { .. } | State::Withdrawn) {
        return Err(WorkflowError::Invalid {
            field: "target",
            reason: "the target is itself a duplicate or withdrawn",
        });
    }
    if !shared_no_wider(
        &target.marking,
        &target.origin,
        &duplicate.marking,
        &duplicate.origin,
    ) {
        return Err(WorkflowError::Invalid {
            field: "target",
            reason: "the target is shared more widely than the duplicate: its sources would leak",
        });
    }
    if !matches!(
        duplicate.state,
        State::Submitted | State::Triaged | State::Confirmed
    ) {
        return Err(WorkflowError::WrongState {
            action: "merge",
            state: duplicate.state.name(),
        });
    }
    let mut added = 0;
    for s in &duplicate.content.sources {
        if !target.content.sources.iter().any(|t| t.url == s.url) {
            target.content.sources.push(s.clone());
            added += 1;
        }
    }
    let extend = |into: &mut Vec<String>, from: &[String]| {
        for n in from {
            if !into.contains(n) {
                into.push(n.clone());
            }
        }
    };
    extend(
        &mut target.content.alleged_deployers,
        &duplicate.content.alleged_deployers,
    );
    extend(
        &mut target.content.alleged_developers,
        &duplicate.content.alleged_developers,
    );
    extend(
        &mut target.content.alleged_harmed_parties,
        &duplicate.content.alleged_harmed_parties,
    );
    for s in &duplicate.content.systems {
        if !target.content.systems.contains(s) {
            target.content.systems.push(s.clone());
        }
    }
    for r in &duplicate.content.repos {
        if !target.content.repos.contains(r) {
            target.content.repos.push(r.clone());
        }
    }
    let from = duplicate.state.name().to_owned();
    duplicate.state = State::Duplicate {
        of: target.id.clone(),
    };
    duplicate.record(
        at,
        actor,
        Event::Moved {
            from,
            to: "duplicate".into(),
        },
    );
    duplicate.record(
        at,
        actor,
        Event::MergedInto {
            target: target.id.clone(),
        },
    );
    target.record(
        at,
        actor,
        Event::Absorbed {
            duplicate: duplicate.id.clone(),
            sources_added: added,
        },
    );
    Ok(added)
}
