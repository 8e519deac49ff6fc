//! The JSON bodies of the capacity exchange's offers, requests, licences
//! and programs, written out for the OpenAPI document with the constraints
//! the handlers check: the handlers deserialize into these types (unknown
//! members refused, countries of the reference table, non-blank texts,
//! slugs, dates, ranges), then hand the same JSON to `waico_app::capacity`,
//! whose domain checks what a JSON Schema cannot state (a window whose end
//! comes before its start, more hours than the accelerators can give, a
//! minimum above the hours wanted, a model named twice).

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// An ISO 3166-1 alpha-2 code of a country of the reference table (any
/// case, surrounding spaces ignored), kept upper case.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Alpha2(String);

impl<'de> Deserialize<'de> for Alpha2 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        let code = raw.trim().to_ascii_uppercase();
        if code.len() == 2
            && waico_members::country::Countries::get()
                .find(&code)
                .is_some()
        {
            Ok(Alpha2(code))
        } else {
            Err(serde::de::Error::custom(format!(
                "{raw:?} is not the ISO 3166-1 alpha-2 code of a country of the reference table"
            )))
        }
    }
}

/// The address of an offer, a request, a licence or a program: 1 to 80
/// lower-case letters, digits, `-`, `_`, `.` or `+`, exactly as sent.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        if waico_app::capacity::valid_slug(&raw) {
            Ok(Slug(raw))
        } else {
            Err(serde::de::Error::custom(
                "not 1 to 80 lower-case letters, digits, -, _, . or +",
            ))
        }
    }
}

/// A whole number from 1 to 2^32-1 (`2.0` taken as 2, as the document's
/// `integer` allows).
fn at_least_one<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    match super::whole::u32(d)? {
        0 => Err(serde::de::Error::custom("must be at least 1")),
        n => Ok(n),
    }
}

/// The schema of [`at_least_one`]: an integer from 1 to 2^32-1.
fn one_to_u32_max() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .minimum(Some(1usize))
        .maximum(Some(u32::MAX as usize))
        .into()
}

/// A text that is not blank (kept as sent).
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct NonBlank(String);

impl<'de> Deserialize<'de> for NonBlank {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        if raw.trim().is_empty() {
            Err(serde::de::Error::custom("must not be blank"))
        } else {
            Ok(NonBlank(raw))
        }
    }
}

/// Whole days from `start` to `end`, both included (`YYYY-MM-DD`); the end
/// must not come before the start.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[schema(as = CapacityWindow)]
pub struct WindowBody {
    #[schema(format = Date, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub start: String,
    #[schema(format = Date, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub end: String,
}

/// What the requester pays for the hours.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schema(as = CapacityTerms)]
pub enum TermsBody {
    /// Nothing.
    Free,
    /// The provider's cost, per accelerator-hour.
    CostRecovery {
        #[schema(minimum = 0)]
        price_per_hour: f64,
        /// An ISO 4217 code, upper case.
        #[schema(pattern = "^[A-Z]{3}$")]
        currency: String,
    },
}

/// The provider's own restrictions, on top of the export-control rules of
/// the site's jurisdiction.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CapacityRestrictions)]
pub struct RestrictionsBody {
    /// Requesting countries that may not use the offer.
    #[serde(default)]
    #[schema(schema_with = waico_app::schema::country_alpha2_list)]
    pub destinations_excluded: Vec<Alpha2>,
    /// When a list, only these requesting countries may use the offer.
    #[serde(default)]
    #[schema(schema_with = waico_app::schema::country_alpha2_list_or_null)]
    pub destinations_allowed: Option<Vec<Alpha2>>,
    /// End uses (`military`, `surveillance`, …) the offer may not serve.
    #[serde(default)]
    pub end_uses_excluded: Vec<String>,
}

/// A compute offer: accelerator-hours at a site in a window. The hours may
/// not exceed `count` × 24 × the window's days.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOffer {
    #[schema(value_type = String, pattern = "^[a-z0-9._+-]{1,80}$")]
    pub id: Slug,
    #[schema(pattern = "\\S")]
    pub provider: String,
    #[schema(pattern = "\\S")]
    pub site: String,
    /// Where the site is: whose export-control rules apply.
    #[schema(schema_with = waico_app::schema::country_alpha2)]
    pub jurisdiction: Alpha2,
    /// Accelerator model (`H100`, `Ascend 910B`, …).
    #[schema(pattern = "\\S")]
    pub accelerator: String,
    #[schema(schema_with = one_to_u32_max)]
    #[serde(deserialize_with = "at_least_one")]
    pub count: u32,
    /// Accelerator-hours offered in the window.
    #[schema(minimum = 0)]
    pub hours: f64,
    pub window: WindowBody,
    pub terms: TermsBody,
    #[serde(default)]
    pub restrictions: RestrictionsBody,
}

/// An offer as changed: as when offering, the `id` left out or the offer's own.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, pattern = "^[a-z0-9._+-]{1,80}$")]
    pub id: Option<Slug>,
    #[schema(pattern = "\\S")]
    pub provider: String,
    #[schema(pattern = "\\S")]
    pub site: String,
    #[schema(schema_with = waico_app::schema::country_alpha2)]
    pub jurisdiction: Alpha2,
    #[schema(pattern = "\\S")]
    pub accelerator: String,
    #[schema(schema_with = one_to_u32_max)]
    #[serde(deserialize_with = "at_least_one")]
    pub count: u32,
    #[schema(minimum = 0)]
    pub hours: f64,
    pub window: WindowBody,
    pub terms: TermsBody,
    #[serde(default)]
    pub restrictions: RestrictionsBody,
}

/// An accelerator model a project can use, and how many reference hours
/// one hour on it is worth to the project.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CapacityAcceleratorFactor)]
pub struct AcceleratorBody {
    #[schema(pattern = "\\S")]
    pub model: String,
    #[schema(exclusive_minimum = 0)]
    pub factor: f64,
}

/// A request for compute to an open call. `global_south` is not sent: the
/// member registry decides it. `minimum_hours` may not exceed `hours`, and
/// no model may be named twice.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    #[schema(value_type = String, pattern = "^[a-z0-9._+-]{1,80}$")]
    pub id: Slug,
    #[schema(pattern = "\\S")]
    pub title: String,
    #[serde(rename = "abstract")]
    pub summary: String,
    #[schema(pattern = "\\S")]
    pub institution: String,
    /// The requesting country.
    #[schema(schema_with = waico_app::schema::country_alpha2)]
    pub country: Alpha2,
    /// Models the project can use (at least one).
    #[schema(min_items = 1)]
    pub accelerators: Vec<AcceleratorBody>,
    /// Reference hours wanted.
    #[schema(exclusive_minimum = 0)]
    pub hours: f64,
    /// The least amount that is useful (all or nothing).
    #[serde(default)]
    #[schema(minimum = 0)]
    pub minimum_hours: f64,
    pub window: WindowBody,
    /// Jurisdictions the data may reside in; empty means anywhere.
    #[serde(default)]
    #[schema(schema_with = waico_app::schema::country_alpha2_list)]
    pub data_residency: Vec<Alpha2>,
    #[schema(pattern = "\\S")]
    pub end_use: String,
    #[serde(default)]
    pub first_time: bool,
}

/// An export licence as granted: it lifts a `licence_required` rule of the
/// rules in force for one destination and the classes it names, on the
/// days it is valid.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLicence {
    #[schema(value_type = String, pattern = "^[a-z0-9._+-]{1,80}$")]
    pub id: Slug,
    /// The rule it answers (`us-ear-3a090-d5`).
    #[schema(pattern = "\\S")]
    pub rule: String,
    /// The site's jurisdiction whose authority granted it.
    #[schema(schema_with = waico_app::schema::country_alpha2)]
    pub jurisdiction: Alpha2,
    /// The requesting country it covers.
    #[schema(schema_with = waico_app::schema::country_alpha2)]
    pub destination: Alpha2,
    /// Export classes it covers (none blank); `*` covers every class.
    #[schema(value_type = Vec<NonBlankText>, min_items = 1)]
    pub classes: Vec<NonBlank>,
    /// The days it is valid, both included.
    pub valid: WindowBody,
    /// The granting authority's reference (the licence number).
    #[schema(pattern = "\\S")]
    pub reference: String,
}

/// A text that is not blank.
pub struct NonBlankText;

impl utoipa::PartialSchema for NonBlankText {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("\\S"))
            .into()
    }
}

impl ToSchema for NonBlankText {}

/// Who may take a program's place.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ProgramEligibility)]
pub struct EligibilityBody {
    #[serde(default)]
    #[schema(schema_with = waico_app::schema::country_alpha2_list)]
    pub countries_excluded: Vec<Alpha2>,
    /// When a list, only applicants of these countries.
    #[serde(default)]
    #[schema(schema_with = waico_app::schema::country_alpha2_list_or_null)]
    pub countries_allowed: Option<Vec<Alpha2>>,
}

/// A program of a fellowship match, with its ranking of applicants.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramBody {
    #[schema(value_type = String, pattern = "^[a-z0-9._+-]{1,80}$")]
    pub id: Slug,
    #[schema(pattern = "\\S")]
    pub host_institution: String,
    /// Places, at least one.
    #[schema(schema_with = one_to_u32_max)]
    #[serde(deserialize_with = "at_least_one")]
    pub capacity: u32,
    #[serde(default)]
    pub eligibility: EligibilityBody,
    /// Applicants' user names in the program's order of preference;
    /// unranked ones are not admitted.
    pub ranking: Vec<String>,
}

/// The JSON the capacity domain reads from a body checked here.
pub fn to_json<T: Serialize>(body: &T) -> serde_json::Value {
    serde_json::to_value(body).expect("a checked body is JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_those_of_the_reference_table() {
        let ok: Alpha2 = serde_json::from_value(serde_json::json!(" ke ")).unwrap();
        assert_eq!(ok.0, "KE");
        for bad in ["XX", "KEN", "", "k"] {
            assert!(
                serde_json::from_value::<Alpha2>(serde_json::json!(bad)).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn unknown_members_and_blank_classes_are_refused() {
        assert!(serde_json::from_value::<Slug>(serde_json::json!(" o1")).is_err());
        let offer = serde_json::json!({
            "id": "o1", "provider": "P", "site": "S", "jurisdiction": "KE",
            "accelerator": "H100", "count": 1, "hours": 24.0,
            "window": {"start": "2026-01-01", "end": "2026-01-01"},
            "terms": {"kind": "free"}
        });
        let parsed: NewOffer = serde_json::from_value(offer.clone()).unwrap();
        // What the domain reads: the same members, `restrictions` filled in.
        let json = to_json(&parsed);
        assert_eq!(json["jurisdiction"], "KE");
        assert_eq!(json["terms"], serde_json::json!({"kind": "free"}));
        let mut extra = offer;
        extra["global_south"] = true.into();
        assert!(serde_json::from_value::<NewOffer>(extra).is_err());
        assert!(serde_json::from_value::<NonBlank>(serde_json::json!(" ")).is_err());
    }
}
