//! Whether an offer may serve a request, and if not, the rule that says so.
//! The allocator never creates an allocation this module refuses.

use serde::{Deserialize, Serialize};

use crate::export_control::{ExportBar, ExportRules};
use crate::offer::Offer;
use crate::primitives::CountryCode;
use crate::request::Request;

/// Why an offer cannot serve a request: each names the rule that excludes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// Tagged by `kind`: an export bar carries a `rule` field of its own.
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ineligibility {
    /// The project cannot use this accelerator model.
    AcceleratorNotAccepted { model: String },
    /// The offer's window and the request's do not share a day.
    WindowDisjoint,
    /// The request's data may not reside in the offer's jurisdiction.
    DataResidency {
        site: CountryCode,
        allowed: Vec<CountryCode>,
    },
    /// An export-control rule of the site's jurisdiction.
    ExportControl(ExportBar),
    /// The provider excluded the requesting country.
    DestinationExcluded { country: CountryCode },
    /// The provider allows only some countries, not this one.
    DestinationNotAllowed { country: CountryCode },
    /// The provider excluded this end use.
    EndUseExcluded { end_use: String },
}

/// How an eligible offer serves a request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Reference hours delivered per offer accelerator-hour.
    pub factor: f64,
    /// The most offer accelerator-hours usable inside both windows.
    pub hours_in_window: f64,
}

/// Checks every rule; the first that fails is returned.
pub fn check(offer: &Offer, request: &Request, rules: &ExportRules) -> Result<Fit, Ineligibility> {
    let factor = fit_factor(offer, request)?;
    let days = window_days(offer, request)?;
    restrictions(offer, request, rules)?;
    Ok(Fit {
        factor,
        hours_in_window: (f64::from(offer.count()) * 24.0 * days as f64).min(offer.hours()),
    })
}

/// The accelerator exchange rate, when the project can use the model.
pub fn fit_factor(offer: &Offer, request: &Request) -> Result<f64, Ineligibility> {
    request
        .factor_for(offer.accelerator())
        .ok_or_else(|| Ineligibility::AcceleratorNotAccepted {
            model: offer.accelerator().to_string(),
        })
}

/// The days the windows share, when they share any.
pub fn window_days(offer: &Offer, request: &Request) -> Result<i64, Ineligibility> {
    match offer.window().overlap_days(request.window()) {
        0 => Err(Ineligibility::WindowDisjoint),
        days => Ok(days),
    }
}

/// The rules that bar an offer from a request whatever fits: data residency, export
/// control, the provider's destination and end-use restrictions.
pub fn restrictions(
    offer: &Offer,
    request: &Request,
    rules: &ExportRules,
) -> Result<(), Ineligibility> {
    let residency = request.data_residency();
    if !residency.is_empty() && !residency.contains(offer.jurisdiction()) {
        return Err(Ineligibility::DataResidency {
            site: offer.jurisdiction().clone(),
            allowed: residency.to_vec(),
        });
    }
    // The days the offer would serve the request: a licence must cover them all.
    let (o, r) = (offer.window(), request.window());
    let during =
        crate::primitives::Window::new(o.start().max(r.start()), o.end().min(r.end())).ok();
    if let Some(bar) = rules.bar_during(
        offer.jurisdiction(),
        offer.accelerator(),
        request.country(),
        during.as_ref(),
    ) {
        return Err(Ineligibility::ExportControl(bar));
    }
    let limits = offer.restrictions();
    if limits.destinations_excluded.contains(request.country()) {
        return Err(Ineligibility::DestinationExcluded {
            country: request.country().clone(),
        });
    }
    if let Some(allowed) = &limits.destinations_allowed
        && !allowed.contains(request.country())
    {
        return Err(Ineligibility::DestinationNotAllowed {
            country: request.country().clone(),
        });
    }
    if limits
        .end_uses_excluded
        .iter()
        .any(|u| u == request.end_use())
    {
        return Err(Ineligibility::EndUseExcluded {
            end_use: request.end_use().to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export_control::{Effect, ExportBar};

    /// A US H100 offer and a Chinese request: barred for lack of a licence,
    /// eligible once a licence covering their shared days is granted.
    #[test]
    fn a_pair_barred_only_for_lack_of_a_licence_becomes_eligible_with_one() {
        let offer: Offer = serde_json::from_value(serde_json::json!({
            "id": "us-h100", "provider": "P", "site": "S", "jurisdiction": "US",
            "accelerator": "H100", "count": 8, "hours": 1000,
            "window": {"start": "2027-01-01", "end": "2027-06-30"}, "terms": {"kind": "free"},
        }))
        .unwrap();
        let request = |country: &str| -> Request {
            serde_json::from_value(serde_json::json!({
                "id": "r", "title": "T", "abstract": "A", "institution": "I",
                "country": country, "global_south": true,
                "accelerators": [{"model": "H100", "factor": 1.0}],
                "hours": 100, "window": {"start": "2027-03-01", "end": "2027-09-30"},
                "end_use": "research",
            }))
            .unwrap()
        };
        let shipped = ExportRules::shipped();
        let barred = check(&offer, &request("CN"), &shipped).unwrap_err();
        assert!(matches!(
            barred,
            Ineligibility::ExportControl(ExportBar {
                effect: Effect::LicenceRequired,
                ..
            })
        ));
        let d = |s| crate::primitives::Day::parse("d", s).unwrap();
        let licence = |start, end| crate::export_control::Licence {
            id: "l".into(),
            rule: "us-ear-3a090-d5".into(),
            jurisdiction: CountryCode::parse("c", "US").unwrap(),
            destination: CountryCode::parse("c", "CN").unwrap(),
            classes: vec!["*".into()],
            valid: crate::primitives::Window::new(d(start), d(end)).unwrap(),
            reference: "BIS".into(),
        };
        // The shared days are 2027-03-01 to 2027-06-30: a licence must cover them all.
        let short = shipped
            .clone()
            .with_licences(vec![licence("2027-03-01", "2027-05-31")]);
        assert!(check(&offer, &request("CN"), &short).is_err());
        let covering = shipped.with_licences(vec![licence("2027-03-01", "2027-06-30")]);
        let fit = check(&offer, &request("CN"), &covering).unwrap();
        assert_eq!(fit.factor, 1.0);
        // The embargo on Iran is no licence matter.
        assert!(matches!(
            check(&offer, &request("IR"), &covering).unwrap_err(),
            Ineligibility::ExportControl(ExportBar {
                effect: Effect::Barred,
                ..
            })
        ));
    }

    /// Every reason reads back as it was written (stored explanations are
    /// read again by the node).
    #[test]
    fn reasons_round_trip_through_json() {
        let reasons = vec![
            Ineligibility::ExportControl(ExportBar {
                version: "2026-12-01".into(),
                rule: "us-ear-3a090-d5".into(),
                effect: Effect::LicenceRequired,
                source: "15 CFR 742.6".into(),
            }),
            Ineligibility::WindowDisjoint,
            Ineligibility::EndUseExcluded {
                end_use: "military".into(),
            },
        ];
        let json = serde_json::to_string(&reasons).unwrap();
        let back: Vec<Ineligibility> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, reasons);
    }
}
