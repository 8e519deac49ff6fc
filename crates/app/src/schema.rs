//! Schemas of request fields whose valid values come from data rather than
//! from a type: the country codes of the reference table, for the OpenAPI
//! document (`#[schema(schema_with = …)]`, `#[param(schema_with = …)]`), so
//! that the document names exactly what the operations accept.

use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{RefOr, Schema};

/// The ISO 3166-1 alpha-3 codes of the reference table (alpha-2 codes and
/// lower case are taken too, but the document lists one spelling).
fn codes() -> Vec<String> {
    waico_members::country::Countries::get()
        .all()
        .iter()
        .map(|c| c.alpha3.as_str().to_owned())
        .collect()
}

/// A country of the reference table, by ISO 3166-1 alpha-3 code.
pub fn country_code() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "ISO 3166-1 alpha-3 code of a country of the reference table",
        ))
        .enum_values(Some(codes()))
        .into()
}

/// A country of the reference table, or empty for none.
pub fn country_code_or_empty() -> RefOr<Schema> {
    let mut values = codes();
    values.insert(0, String::new());
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "ISO 3166-1 alpha-3 code of a country of the reference table, or empty for none",
        ))
        .enum_values(Some(values))
        .into()
}

/// The ISO 3166-1 alpha-2 codes of the reference table.
pub fn alpha2_codes() -> Vec<String> {
    waico_members::country::Countries::get()
        .all()
        .iter()
        .map(|c| c.alpha2.clone())
        .collect()
}

/// A country of the reference table, by ISO 3166-1 alpha-2 code (as the
/// capacity exchange names jurisdictions and countries; lower case and
/// surrounding spaces are taken too, but the document lists one spelling).
pub fn country_alpha2() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "ISO 3166-1 alpha-2 code of a country of the reference table",
        ))
        .enum_values(Some(alpha2_codes()))
        .into()
}

/// A list of countries of the reference table, by alpha-2 code.
pub fn country_alpha2_list() -> RefOr<Schema> {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(country_alpha2())
        .into()
}

/// A list of countries of the reference table by alpha-2 code, or null
/// (no list: no limit).
pub fn country_alpha2_list_or_null() -> RefOr<Schema> {
    utoipa::openapi::schema::ArrayBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            Type::Array,
            Type::Null,
        ]))
        .items(country_alpha2())
        .into()
}

fn string_enum(values: &[&str]) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().map(|v| v.to_string())))
}

/// A role and its scope, as granting and revoking take them: a delegate's
/// scope is a country, an institution representative's an institution id,
/// the other roles' empty (or left out; anything there is ignored).
pub fn grant() -> RefOr<Schema> {
    let variant = |roles: &[&str], scope: RefOr<Schema>, scope_required: bool| {
        let mut b = ObjectBuilder::new()
            .property("role", string_enum(roles))
            .required("role")
            .property("scope", scope);
        if scope_required {
            b = b.required("scope");
        }
        Schema::Object(b.build())
    };
    let institution_id: RefOr<Schema> = ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("An institution id"))
        .pattern(Some("^[1-9][0-9]{0,17}$"))
        .into();
    utoipa::openapi::schema::OneOfBuilder::new()
        .item(variant(
            &["secretariat_admin", "researcher"],
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some("Ignored for these roles"))
                .into(),
            false,
        ))
        .item(variant(&["delegate"], country_code(), true))
        .item(variant(&["institution_rep"], institution_id, true))
        .description(Some(
            "A role (secretariat_admin, delegate, institution_rep or researcher) and its scope: \
             a country code for a delegate, an institution id for a representative",
        ))
        .into()
}

/// How a safety report or comment is marked (TLP 2.0): the level, which
/// may carry a `TLP:` prefix and any case; AMBER names a community (a
/// country), RED its recipients (user names, at least one).
pub fn marking() -> RefOr<Schema> {
    let mut one_of = utoipa::openapi::schema::OneOfBuilder::new();
    for variant in marking_variants() {
        one_of = one_of.item(Schema::Object(variant.build()));
    }
    one_of.description(Some(MARKING)).into()
}

/// What [`marking`] says of the marking's forms.
pub(crate) const MARKING: &str = "A TLP 2.0 level (CLEAR, GREEN, AMBER, AMBER+STRICT, RED; `TLP:` \
     prefix and any case allowed); AMBER names its community (a country code), RED its \
     recipients (user names)";

/// The three forms of a marking, as objects to which a body that carries
/// a marking (a report, a comment) adds its own members: CLEAR, GREEN or
/// AMBER+STRICT; AMBER with its community; RED with its recipients.
pub(crate) fn marking_variants() -> [ObjectBuilder; 3] {
    let levels = |names: &[&str]| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!(
                "^\\s*([Tt][Ll][Pp]:)?({})\\s*$",
                names
                    .iter()
                    .map(|n| n
                        .chars()
                        .map(|c| if c.is_ascii_alphabetic() {
                            format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
                        } else {
                            format!("\\{c}")
                        })
                        .collect::<String>())
                    .collect::<Vec<_>>()
                    .join("|")
            )))
    };
    // Only RED reads them (blank ones skipped, at least one that is not).
    let recipients = |min: usize| {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some("A user name"))
                    .pattern((min > 0).then_some("^\\s*[A-Za-z][A-Za-z0-9._-]{2,31}\\s*$")),
            )
            .min_items(Some(min))
    };
    let community_any = ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            Type::String,
            Type::Null,
        ]))
        .description(Some("Only for AMBER"));
    [
        ObjectBuilder::new()
            .property("tlp", levels(&["CLEAR", "GREEN", "AMBER+STRICT"]))
            .required("tlp")
            .property("community", community_any)
            .property("recipients", recipients(0)),
        ObjectBuilder::new()
            .property("tlp", levels(&["AMBER"]))
            .required("tlp")
            .property("community", country_code())
            .required("community")
            .property("recipients", recipients(0)),
        ObjectBuilder::new()
            .property("tlp", levels(&["RED"]))
            .required("tlp")
            .property(
                "community",
                ObjectBuilder::new().schema_type(utoipa::openapi::schema::SchemaType::from_iter([
                    Type::String,
                    Type::Null,
                ])),
            )
            .property("recipients", recipients(1))
            .required("recipients"),
    ]
}

/// A suggested duplicate of a safety import: `[new id, existing id,
/// similarity]` (an OpenAPI 3.1 tuple).
pub struct DuplicateSuggestion;

impl utoipa::PartialSchema for DuplicateSuggestion {
    fn schema() -> RefOr<Schema> {
        utoipa::openapi::schema::ArrayBuilder::new()
            .prefix_items([
                Schema::Object(ObjectBuilder::new().schema_type(Type::String).build()),
                Schema::Object(ObjectBuilder::new().schema_type(Type::String).build()),
                Schema::Object(ObjectBuilder::new().schema_type(Type::Number).build()),
            ])
            .min_items(Some(3))
            .max_items(Some(3))
            .description(Some("[new report id, existing report id, similarity]"))
            .into()
    }
}

impl utoipa::ToSchema for DuplicateSuggestion {}

/// An assessment as JSON: WAICO's own view, or (`format=oscal`) OSCAL 1.1
/// assessment results, whose own schema NIST publishes.
pub fn assessment_json(own: RefOr<Schema>) -> RefOr<Schema> {
    utoipa::openapi::schema::OneOfBuilder::new()
        .item(own)
        .item(Schema::Object(
            ObjectBuilder::new()
                .property(
                    "assessment-results",
                    ObjectBuilder::new().schema_type(Type::Object),
                )
                .required("assessment-results")
                .description(Some("OSCAL 1.1 assessment results (format=oscal)"))
                .build(),
        ))
        .into()
}

/// A date `YYYY-MM-DD` of the years 1900 to 2199 (as work items take
/// them), or empty for none.
pub fn date_or_empty() -> RefOr<Schema> {
    utoipa::openapi::schema::OneOfBuilder::new()
        .item(Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                    utoipa::openapi::schema::KnownFormat::Date,
                )))
                .pattern(Some("^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"))
                .build(),
        ))
        .item(Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(0))
                .build(),
        ))
        .description(Some("YYYY-MM-DD (years 1900 to 2199), or empty"))
        .into()
}

/// A safety report's workflow step: a rejection gives its reason.
pub fn safety_step() -> RefOr<Schema> {
    let action = |names: &str| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!("^\\s*({names})\\s*$")))
    };
    let nullable_string = || {
        ObjectBuilder::new().schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            Type::String,
            Type::Null,
        ]))
    };
    utoipa::openapi::schema::OneOfBuilder::new()
        .item(Schema::Object(
            ObjectBuilder::new()
                .property(
                    "action",
                    action("triage|confirm|mitigate|close|reopen|withdraw"),
                )
                .required("action")
                .property("reason", nullable_string())
                .build(),
        ))
        .item(Schema::Object(
            ObjectBuilder::new()
                .property("action", action("reject"))
                .required("action")
                .property(
                    "reason",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some("\\S")),
                )
                .required("reason")
                .build(),
        ))
        .description(Some(
            "`triage`, `confirm`, `mitigate`, `close`, `reject` (with its `reason`), `reopen` \
             or `withdraw`",
        ))
        .into()
}
