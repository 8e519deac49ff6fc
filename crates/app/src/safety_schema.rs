//! The OpenAPI schemas of a new safety report and of a comment: each of the
//! marking's three forms (see [`crate::schema::marking_variants`]) carries
//! the body's own members, so that what the body requires stays required
//! in every form. (Flattened beside the body as an `allOf` of a `oneOf`,
//! the marking left a report without a title allowed.) The report's
//! members say what `waico_safety`'s `ReportDraft::validate` checks that a
//! JSON Schema can state: the title, the lengths, the taxonomy's values,
//! the AVID blocks' shape, the legal side's kinds.

use serde_json::Value;
use utoipa::openapi::schema::{
    ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type,
};
use utoipa::openapi::{RefOr, schema::SchemaFormat};
use waico_safety::taxonomy::{HARM_NAMESPACE, Taxonomies};

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn nullable_string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Null]))
}

fn strings() -> ArrayBuilder {
    ArrayBuilder::new().items(string())
}

/// The codes of a field of the shipped harm taxonomy (none: any text).
fn harm_values(field: &str) -> Option<Vec<String>> {
    let values: Vec<String> = Taxonomies::builtin()
        .namespace(HARM_NAMESPACE)?
        .field(field)?
        .values
        .iter()
        .map(|v| v.code.clone())
        .collect();
    (!values.is_empty()).then_some(values)
}

fn harm_list(field: &str, what: &str) -> ArrayBuilder {
    let item = match harm_values(field) {
        Some(values) => string().enum_values(Some(values)),
        None => string(),
    };
    ArrayBuilder::new().items(item).description(Some(format!(
        "{what}: codes of the {HARM_NAMESPACE} taxonomy's `{field}`"
    )))
}

/// A country code as the report takes it: two letters, any case.
fn two_letters() -> ObjectBuilder {
    string()
        .pattern(Some("^\\s*[A-Za-z]{2}\\s*$"))
        .description(Some("ISO 3166-1 alpha-2"))
}

/// Names (deployers, developers, harmed parties): at most 100, blank ones
/// skipped, each at most 300 characters on one line.
fn names(what: &str) -> ArrayBuilder {
    strings()
        .max_items(Some(waico_safety::report::MAX_NAMES))
        .description(Some(format!(
            "{what}: at most 100 (blank ones skipped), each at most 300 characters, one line"
        )))
}

fn avid() -> ObjectBuilder {
    let taxon = || {
        ObjectBuilder::new()
            .property("id", string())
            .required("id")
            .property("name", string())
            .required("name")
    };
    let affects = ObjectBuilder::new()
        .property("developer", strings())
        .required("developer")
        .property("deployer", strings())
        .required("deployer")
        .property(
            "artifacts",
            ArrayBuilder::new().items(
                ObjectBuilder::new()
                    .property(
                        "type",
                        string().enum_values(Some(["Model", "Dataset", "System"])),
                    )
                    .required("type")
                    .property("name", string())
                    .required("name"),
            ),
        )
        .required("artifacts");
    let problemtype = ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
        .property("classof", string())
        .required("classof")
        .property("kind", nullable_string())
        .property("description", string())
        .required("description");
    let metric = ObjectBuilder::new()
        .property("name", string())
        .required("name")
        .property("detection_method", nullable_string())
        .property(
            "results",
            ObjectBuilder::new()
                .schema_type(SchemaType::AnyValue)
                .description(Some("As the AVID version lays them out")),
        );
    let impact = ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
        .property("risk_domain", strings())
        .required("risk_domain")
        .property("sep_view", ArrayBuilder::new().items(taxon()))
        .required("sep_view")
        .property("lifecycle_view", ArrayBuilder::new().items(taxon()))
        .required("lifecycle_view")
        .property("taxonomy_version", nullable_string());
    ObjectBuilder::new()
        .property("affects", affects)
        .required("affects")
        .property("problemtype", problemtype)
        .property("metrics", ArrayBuilder::new().items(metric))
        .property("impact", impact)
        .description(Some(
            "AVID's blocks (affects, problem type, metrics, impact)",
        ))
}

/// A report as submitted (`ReportDraft`): only the title is required.
pub fn report() -> ObjectBuilder {
    let severity = {
        let mut values: Vec<Value> = vec![Value::Null, Value::String(String::new())];
        let choices = match harm_values("severity") {
            Some(codes) => {
                values.extend(codes.into_iter().map(Value::String));
                nullable_string().enum_values(Some(values))
            }
            None => nullable_string(),
        };
        choices.description(Some("A severity of the harm taxonomy, or empty"))
    };
    ObjectBuilder::new()
        .property(
            "title",
            string()
                .pattern(Some(
                    "^\\s*[^\\s\\x00-\\x1F\\x7F-\\x9F](?:[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F])?\\s*$",
                ))
                .description(Some(
                    "Not blank, one line without control characters, at most 300 characters \
                     (surrounding spaces trimmed)",
                )),
        )
        .required("title")
        .property(
            "description",
            string()
                .max_length(Some(waico_safety::report::MAX_TEXT))
                .description(Some("At most 50,000 characters")),
        )
        .property(
            "date",
            nullable_string()
                .pattern(Some("^\\s*([0-9]{4}-[0-9]{2}-[0-9]{2})?\\s*$"))
                .description(Some("YYYY-MM-DD (a day of the calendar), or empty")),
        )
        .property(
            "vulnerability",
            ObjectBuilder::new()
                .schema_type(Type::Boolean)
                .description(Some(
                    "A vulnerability (then `affected` names each artifact with at least one \
                     version) rather than an incident",
                )),
        )
        .property(
            "affected",
            ArrayBuilder::new().items(
                ObjectBuilder::new()
                    .property("artifact", string())
                    .required("artifact")
                    .property("versions", strings())
                    .required("versions"),
            ),
        )
        .property("alleged_deployers", names("Alleged deployers"))
        .property("alleged_developers", names("Alleged developers"))
        .property("alleged_harmed_parties", names("Alleged harmed parties"))
        .property(
            "sources",
            ArrayBuilder::new().items(
                ObjectBuilder::new()
                    .property(
                        "url",
                        string()
                            .format(Some(SchemaFormat::Custom("uri".into())))
                            .pattern(Some("^\\s*[Hh][Tt][Tt][Pp][Ss]?://"))
                            .description(Some("An http or https URL with a host, no credentials")),
                    )
                    .required("url")
                    .property("title", nullable_string())
                    .property(
                        "text",
                        string().max_length(Some(waico_safety::report::MAX_TEXT)),
                    ),
            ),
        )
        .property("avid", avid())
        .property("harm_types", harm_list("harm_type", "Harm types"))
        .property("severity", severity)
        .property("stakeholders", harm_list("stakeholder", "Stakeholders"))
        .property("sectors", harm_list("sector", "Sectors"))
        .property(
            "countries",
            ArrayBuilder::new()
                .items(two_letters())
                .description(Some("Countries where it happened")),
        )
        .property(
            "systems",
            ArrayBuilder::new()
                .items(string().pattern(Some("^\\s*\\S+\\s*$")))
                .description(Some("Slugs of AI systems registered on this node (404 if none has it)")),
        )
        .property(
            "repos",
            ArrayBuilder::new()
                .items(string().pattern(Some("^\\s*\\S+\\s*$")))
                .description(Some("Commons repositories, `kind:owner/name`")),
        )
        .description(Some(
            "The report: AIID core, AVID blocks, OECD harm dimensions, links (`systems`: AI \
             system slugs, `repos`: commons repositories)",
        ))
}

/// The legal side of an incident linked to a registered system, or null.
fn legal() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
        .property(
            "kinds",
            ArrayBuilder::new()
                .items(string().enum_values(Some(
                    waico_safety::deadlines::IncidentKind::ALL
                        .map(waico_safety::deadlines::IncidentKind::slug),
                )))
                .min_items(Some(1)),
        )
        .required("kinds")
        .property(
            "aware_at",
            string().description(Some(
                "When the bearer became aware: YYYY-MM-DD (start of the day, UTC) or RFC 3339",
            )),
        )
        .required("aware_at")
        .property("occurred_in", ArrayBuilder::new().items(two_letters()))
        .description(Some(
            "For an incident linked to a registered system: its legal kinds and when it became known",
        ))
}

/// Each form of the marking with `extra` added.
fn marked(extra: impl Fn(ObjectBuilder) -> ObjectBuilder, description: &str) -> RefOr<Schema> {
    let mut one_of = OneOfBuilder::new();
    for variant in crate::schema::marking_variants() {
        one_of = one_of.item(Schema::Object(extra(variant).build()));
    }
    one_of
        .description(Some(format!("{description}. {}", crate::schema::MARKING)))
        .into()
}

/// A new report: its marking, the report, and its legal side.
pub fn submit_input() -> RefOr<Schema> {
    marked(
        |o| {
            o.property("report", report())
                .required("report")
                .property("legal", legal())
        },
        "A new report under its TLP marking",
    )
}

/// A comment under its own marking (at least as restrictive as the report's).
pub fn comment_input() -> RefOr<Schema> {
    marked(
        |o| {
            o.property(
                "body",
                string().pattern(Some("\\S")).description(Some("Not blank")),
            )
            .required("body")
        },
        "A comment with its own marking (at least as restrictive as the report's)",
    )
}
