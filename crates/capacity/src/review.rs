//! Merit review of a call's requests: reviewer assignment that refuses conflicts of
//! interest (same country or same institution as the requester), scores 1–5 with
//! comments, and the call's threshold deciding who goes on to allocation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::primitives::{CountryCode, FieldError, text};
use crate::request::Request;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reviewer {
    pub id: String,
    pub country: CountryCode,
    pub institution: String,
}

/// Why a reviewer may not review a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "conflict", rename_all = "snake_case")]
pub enum Conflict {
    SameCountry { country: CountryCode },
    SameInstitution { institution: String },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReviewError {
    #[error("reviewer {reviewer} may not review {request}: {conflict:?}")]
    ConflictOfInterest {
        reviewer: String,
        request: String,
        conflict: Conflict,
    },
    #[error("reviewer {reviewer} is not assigned to {request}")]
    NotAssigned { reviewer: String, request: String },
    #[error("request {0} is not in this call")]
    UnknownRequest(String),
    #[error(transparent)]
    Invalid(#[from] FieldError),
}

/// A reviewer's score of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub reviewer: String,
    pub score: u8,
    pub comment: String,
}

/// What review decided for one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Decision {
    /// Goes on to allocation with this merit (mean score).
    Advanced { merit: f64 },
    /// Declined: the mean score is under the call's threshold; the comments say why.
    Declined {
        merit: f64,
        threshold: f64,
        reasons: Vec<String>,
    },
    /// No score yet.
    Unreviewed,
}

/// An open call and its review state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    id: String,
    title: String,
    threshold: f64,
    requests: BTreeMap<String, Request>,
    assignments: BTreeMap<String, Vec<String>>,
    scores: BTreeMap<String, Vec<Score>>,
}

/// The test of a conflict of interest.
pub fn conflict(reviewer: &Reviewer, request: &Request) -> Option<Conflict> {
    if &reviewer.country == request.country() {
        return Some(Conflict::SameCountry {
            country: reviewer.country.clone(),
        });
    }
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    (norm(&reviewer.institution) == norm(request.institution())).then(|| {
        Conflict::SameInstitution {
            institution: request.institution().to_string(),
        }
    })
}

impl Call {
    pub fn open(id: &str, title: &str, threshold: f64) -> Result<Self, FieldError> {
        if !(1.0..=5.0).contains(&threshold) {
            return Err(FieldError::new(
                "call.threshold",
                format!("{threshold} is outside 1..=5"),
            ));
        }
        Ok(Self {
            id: text("call.id", id)?,
            title: text("call.title", title)?,
            threshold,
            requests: BTreeMap::new(),
            assignments: BTreeMap::new(),
            scores: BTreeMap::new(),
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    pub fn submit(&mut self, request: Request) -> Result<(), FieldError> {
        if self.requests.contains_key(request.id()) {
            return Err(FieldError::new(
                "request.id",
                format!("`{}` was already submitted", request.id()),
            ));
        }
        self.requests.insert(request.id().to_string(), request);
        Ok(())
    }

    /// Assigns a reviewer, refusing a conflict of interest.
    pub fn assign(&mut self, reviewer: &Reviewer, request: &str) -> Result<(), ReviewError> {
        let req = self
            .requests
            .get(request)
            .ok_or_else(|| ReviewError::UnknownRequest(request.to_string()))?;
        if let Some(conflict) = conflict(reviewer, req) {
            return Err(ReviewError::ConflictOfInterest {
                reviewer: reviewer.id.clone(),
                request: request.to_string(),
                conflict,
            });
        }
        let assigned = self.assignments.entry(request.to_string()).or_default();
        if !assigned.contains(&reviewer.id) {
            assigned.push(reviewer.id.clone());
        }
        Ok(())
    }

    /// Records an assigned reviewer's score (1–5, with a comment); a new score
    /// replaces the reviewer's earlier one.
    pub fn score(
        &mut self,
        reviewer: &str,
        request: &str,
        score: u8,
        comment: &str,
    ) -> Result<(), ReviewError> {
        if !self
            .assignments
            .get(request)
            .is_some_and(|a| a.iter().any(|r| r == reviewer))
        {
            return Err(ReviewError::NotAssigned {
                reviewer: reviewer.to_string(),
                request: request.to_string(),
            });
        }
        if !(1..=5).contains(&score) {
            return Err(FieldError::new("score", format!("{score} is outside 1..=5")).into());
        }
        let comment = text("comment", comment)?;
        let scores = self.scores.entry(request.to_string()).or_default();
        scores.retain(|s| s.reviewer != reviewer);
        scores.push(Score {
            reviewer: reviewer.to_string(),
            score,
            comment,
        });
        Ok(())
    }

    /// The decision for every submitted request, by request id.
    pub fn decisions(&self) -> BTreeMap<String, Decision> {
        self.requests
            .keys()
            .map(|id| {
                let decision = match self.scores.get(id).filter(|s| !s.is_empty()) {
                    None => Decision::Unreviewed,
                    Some(scores) => {
                        let merit = scores.iter().map(|s| f64::from(s.score)).sum::<f64>()
                            / scores.len() as f64;
                        if merit < self.threshold {
                            Decision::Declined {
                                merit,
                                threshold: self.threshold,
                                reasons: scores.iter().map(|s| s.comment.clone()).collect(),
                            }
                        } else {
                            Decision::Advanced { merit }
                        }
                    }
                };
                (id.clone(), decision)
            })
            .collect()
    }
}
