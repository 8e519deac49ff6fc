//! Where a report stands in its workflow, and the history of every change
//! made to it.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::{CommentId, MemberId, ReportId};

/// Where a report stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    Submitted,
    Triaged,
    Confirmed,
    Mitigated,
    Closed,
    Rejected { reason: String },
    Duplicate { of: ReportId },
    Withdrawn,
}

impl State {
    /// The state's name (`submitted`, `duplicate`, …).
    pub fn name(&self) -> &'static str {
        match self {
            State::Submitted => "submitted",
            State::Triaged => "triaged",
            State::Confirmed => "confirmed",
            State::Mitigated => "mitigated",
            State::Closed => "closed",
            State::Rejected { .. } => "rejected",
            State::Duplicate { .. } => "duplicate",
            State::Withdrawn => "withdrawn",
        }
    }

    /// Whether the report is still being handled (deadlines run, warnings are due).
    pub fn is_open(&self) -> bool {
        matches!(
            self,
            State::Submitted | State::Triaged | State::Confirmed | State::Mitigated
        )
    }
}

/// What happened to a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Submitted,
    Moved {
        from: String,
        to: String,
    },
    Assigned {
        member: MemberId,
    },
    Unassigned {
        member: MemberId,
    },
    Commented {
        comment: CommentId,
    },
    MergedInto {
        target: ReportId,
    },
    Absorbed {
        duplicate: ReportId,
        sources_added: usize,
    },
    Remarked {
        from: String,
        to: String,
    },
}

/// One entry of a report's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor: MemberId,
    pub event: Event,
}
