//! Merit review: conflicts of interest refused, scores validated, the threshold
//! declining requests with the reviewers' reasons.

use serde_json::json;
use waico_capacity::Request;
use waico_capacity::primitives::CountryCode;
use waico_capacity::review::{Call, Conflict, Decision, ReviewError, Reviewer};

fn request(id: &str, country: &str, institution: &str) -> Request {
    serde_json::from_value(json!({
        "id": id, "title": "T", "abstract": "A", "institution": institution, "country": country,
        "global_south": true, "accelerators": [{"model": "H100", "factor": 1.0}],
        "hours": 100.0, "window": {"start": "2027-01-01", "end": "2027-02-01"}, "end_use": "research"
    }))
    .unwrap()
}

fn reviewer(id: &str, country: &str, institution: &str) -> Reviewer {
    Reviewer {
        id: id.into(),
        country: CountryCode::parse("country", country).unwrap(),
        institution: institution.into(),
    }
}

#[test]
fn a_reviewer_of_the_same_country_or_institution_is_refused() {
    let mut call = Call::open("c1", "Compute call 2027", 3.0).unwrap();
    call.submit(request("r1", "KE", "University of Nairobi"))
        .unwrap();
    let same_country = call
        .assign(&reviewer("v1", "KE", "Makerere University"), "r1")
        .unwrap_err();
    assert!(matches!(
        same_country,
        ReviewError::ConflictOfInterest {
            conflict: Conflict::SameCountry { .. },
            ..
        }
    ));
    let same_institution = call
        .assign(&reviewer("v2", "FR", "  university of   NAIROBI "), "r1")
        .unwrap_err();
    assert!(matches!(
        same_institution,
        ReviewError::ConflictOfInterest {
            conflict: Conflict::SameInstitution { .. },
            ..
        }
    ));
    call.assign(&reviewer("v3", "FR", "Inria"), "r1").unwrap();
    // A refused reviewer cannot score either.
    assert!(matches!(
        call.score("v1", "r1", 5, "great"),
        Err(ReviewError::NotAssigned { .. })
    ));
}

#[test]
fn scores_decide_advance_or_decline_with_reasons() {
    let mut call = Call::open("c1", "Compute call 2027", 3.0).unwrap();
    call.submit(request("good", "KE", "U Nairobi")).unwrap();
    call.submit(request("weak", "BR", "USP")).unwrap();
    call.submit(request("waiting", "IN", "IISc")).unwrap();
    for id in ["good", "weak"] {
        call.assign(&reviewer("v1", "FR", "Inria"), id).unwrap();
        call.assign(&reviewer("v2", "JP", "RIKEN"), id).unwrap();
    }
    assert!(call.score("v1", "good", 6, "x").is_err());
    assert!(call.score("v1", "good", 4, "  ").is_err());
    call.score("v1", "good", 4, "clear plan").unwrap();
    call.score("v2", "good", 3, "feasible").unwrap();
    call.score("v1", "weak", 2, "no baseline").unwrap();
    call.score("v2", "weak", 4, "interesting").unwrap();
    call.score("v2", "weak", 3, "on reflection, thin").unwrap();
    let decisions = call.decisions();
    assert_eq!(decisions["good"], Decision::Advanced { merit: 3.5 });
    assert_eq!(
        decisions["weak"],
        Decision::Declined {
            merit: 2.5,
            threshold: 3.0,
            reasons: vec!["no baseline".into(), "on reflection, thin".into()]
        }
    );
    assert_eq!(decisions["waiting"], Decision::Unreviewed);
    assert!(Call::open("c2", "x", 0.5).is_err());
}
