//! Usage after a round: providers report the hours used per allocation (in a call
//! or as CSV), the round shows delivered against allocated, and the hours an offer
//! did not deliver return to the pool of the next round. Pure functions over the data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::allocation::RoundResult;
use crate::offer::Offer;
use crate::primitives::{FieldError, Window, hours};

/// Accelerator-hours a provider reports used on one allocation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageReport {
    pub request: String,
    pub offer: String,
    pub used_hours: f64,
}

/// One allocation, delivered against allocated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub request: String,
    pub offer: String,
    pub allocated: f64,
    /// `None` until the provider reports.
    pub used: Option<f64>,
}

/// Reads `request,offer,used_hours` rows (with that header).
pub fn parse_usage_csv(text: &str) -> Result<Vec<UsageReport>, FieldError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut reports = Vec::new();
    for (i, row) in reader.deserialize::<UsageReport>().enumerate() {
        let report =
            row.map_err(|e| FieldError::new(format!("usage[{}]", i + 1), e.to_string()))?;
        hours(&format!("usage[{}].used_hours", i + 1), report.used_hours)?;
        reports.push(report);
    }
    Ok(reports)
}

/// Every allocation of the round with its reported use; a report for an allocation
/// that does not exist, or above what was allocated, is refused. A later report of
/// the same allocation replaces an earlier one.
pub fn deliveries(
    result: &RoundResult,
    reports: &[UsageReport],
) -> Result<Vec<Delivery>, FieldError> {
    let mut by_key: BTreeMap<(&str, &str), Delivery> = BTreeMap::new();
    for e in &result.explanations {
        for g in &e.grants {
            by_key.insert(
                (e.request.as_str(), g.offer.as_str()),
                Delivery {
                    request: e.request.clone(),
                    offer: g.offer.clone(),
                    allocated: g.accelerator_hours,
                    used: None,
                },
            );
        }
    }
    for (i, report) in reports.iter().enumerate() {
        let field = format!("usage[{i}]");
        let used = hours(&format!("{field}.used_hours"), report.used_hours)?;
        let delivery = by_key
            .get_mut(&(report.request.as_str(), report.offer.as_str()))
            .ok_or_else(|| {
                FieldError::new(
                    field.clone(),
                    format!(
                        "no allocation of offer {} to request {}",
                        report.offer, report.request
                    ),
                )
            })?;
        if used > delivery.allocated + 1e-6 {
            return Err(FieldError::new(
                format!("{field}.used_hours"),
                format!("{used} exceeds the {} hours allocated", delivery.allocated),
            ));
        }
        delivery.used = Some(used);
    }
    Ok(by_key.into_values().collect())
}

/// The offers of the next round made of what this round did not deliver: for each
/// offer, its hours never allocated plus its allocated hours reported unused (an
/// allocation not reported counts as used), in the next round's window.
pub fn returned_to_pool(
    offers: &[Offer],
    deliveries: &[Delivery],
    next_window: Window,
) -> Vec<Offer> {
    let mut spent: BTreeMap<&str, f64> = BTreeMap::new();
    for d in deliveries {
        *spent.entry(d.offer.as_str()).or_default() += d.used.unwrap_or(d.allocated);
    }
    offers
        .iter()
        .filter_map(|offer| {
            let left = offer.hours() - spent.get(offer.id()).copied().unwrap_or(0.0);
            let most = f64::from(offer.count()) * 24.0 * next_window.days() as f64;
            (left > 1e-6).then(|| offer.carried_over(left.min(most), next_window))
        })
        .collect()
}
