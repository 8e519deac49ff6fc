//! Compliance work on an assessed system, as pure functions the store and
//! pages build on: each obligation's work status (derived from the
//! assessment, whether work has started and whether a reviewer signed it
//! off), whether it is overdue or due soon, and what changed between two
//! assessments of the same system.

use crate::assess::{Assessment, Obligation, ObligationStatus};
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the work on one obligation stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum WorkStatus {
    NotYetApplicable,
    ToDo,
    InProgress,
    Done,
    Reviewed,
}

/// What people recorded on a work item, beyond the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Someone has started on it (an owner set it in progress).
    pub started: bool,
    /// A reviewer signed off the evidence.
    pub reviewed: bool,
}

/// The work status of an obligation: a prohibited practice is never done by
/// evidence (it is to do until the practice stops and a new assessment no
/// longer finds it); a met duty is done, or reviewed once signed off; partial
/// evidence or started work is in progress.
pub fn work_status(ob: &Obligation, progress: Progress) -> WorkStatus {
    match ob.status {
        ObligationStatus::NotYetApplicable => WorkStatus::NotYetApplicable,
        ObligationStatus::Prohibited => WorkStatus::ToDo,
        ObligationStatus::Met if progress.reviewed => WorkStatus::Reviewed,
        ObligationStatus::Met => WorkStatus::Done,
        ObligationStatus::Unknown => WorkStatus::InProgress,
        ObligationStatus::Missing if progress.started => WorkStatus::InProgress,
        ObligationStatus::Missing => WorkStatus::ToDo,
    }
}

/// Open: neither done nor reviewed, and applicable.
pub fn is_open(status: WorkStatus) -> bool {
    matches!(status, WorkStatus::ToDo | WorkStatus::InProgress)
}

/// Open and past its due date on `today` (YYYY-MM-DD).
pub fn is_overdue(ob: &Obligation, status: WorkStatus, today: &str) -> bool {
    is_open(status) && ob.due.as_deref().is_some_and(|d| d < today)
}

/// Open and due within `days` days from `today` (not already overdue).
pub fn is_due_within(ob: &Obligation, status: WorkStatus, today: &str, days: i64) -> bool {
    is_open(status)
        && ob
            .due
            .as_deref()
            .and_then(|d| crate::calendar::days_between(today, d))
            .is_some_and(|n| (0..=days).contains(&n))
}

/// A change of one obligation's status between two assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub obligation: Text,
    pub before: ObligationStatus,
    pub after: ObligationStatus,
}

/// A change of a jurisdiction's risk class or applicability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassChange {
    pub jurisdiction: Text,
    pub before: Option<Text>,
    pub after: Option<Text>,
}

/// What changed between two assessments of one system.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AssessmentDiff {
    /// Obligation ids only in the newer assessment.
    pub added: Vec<Text>,
    /// Obligation ids only in the older one.
    pub removed: Vec<Text>,
    pub status_changed: Vec<StatusChange>,
    /// Risk class per jurisdiction (`None` where the pack did not apply).
    pub class_changed: Vec<ClassChange>,
}

impl AssessmentDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.status_changed.is_empty()
            && self.class_changed.is_empty()
    }
}

/// What changed from `before` to `after`.
pub fn diff(before: &Assessment, after: &Assessment) -> AssessmentDiff {
    let old: BTreeMap<&str, &Obligation> =
        before.obligations().map(|o| (o.id.as_str(), o)).collect();
    let new: BTreeMap<&str, &Obligation> =
        after.obligations().map(|o| (o.id.as_str(), o)).collect();
    let mut d = AssessmentDiff::default();
    for (id, o) in &new {
        match old.get(id) {
            None => d.added.push(o.id.clone()),
            Some(p) if p.status != o.status => d.status_changed.push(StatusChange {
                obligation: o.id.clone(),
                before: p.status,
                after: o.status,
            }),
            Some(_) => {}
        }
    }
    d.removed = old
        .iter()
        .filter(|(id, _)| !new.contains_key(*id))
        .map(|(_, o)| o.id.clone())
        .collect();
    let class = |a: &Assessment| -> BTreeMap<Text, Option<Text>> {
        a.jurisdictions
            .iter()
            .map(|j| {
                (
                    j.jurisdiction.clone(),
                    j.applies.then(|| j.risk_class.clone()),
                )
            })
            .collect()
    };
    let (cb, ca) = (class(before), class(after));
    for (j, after_class) in &ca {
        let before_class = cb.get(j).cloned().flatten();
        if &before_class != after_class {
            d.class_changed.push(ClassChange {
                jurisdiction: j.clone(),
                before: before_class,
                after: after_class.clone(),
            });
        }
    }
    d
}
