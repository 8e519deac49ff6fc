//! The OpenAPI schemas of a new deliberative body and of a new proposal,
//! written out with what `create_body` and `propose` check that a JSON
//! Schema can state: the choices (kinds, procedures, standings, rights,
//! bases), slugs, countries of the reference table, the shapes of shares
//! and of each kind of proposal, RFC 3339 deadlines. What it cannot state
//! stays in the descriptions and is refused with 422 naming the field: a
//! fraction whose numerator exceeds its denominator, deadlines out of
//! order, more seats than candidates, an amendment's document that does
//! not load.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, SchemaType, Type,
};

use crate::schema::country_code;

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn choice(values: &[&str]) -> ObjectBuilder {
    string().enum_values(Some(values.iter().map(|v| v.to_string())))
}

fn whole(min: usize) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(min))
        .maximum(Some(u32::MAX as usize))
}

const PROCEDURES: [&str; 5] = [
    "consensus",
    "silence",
    "recorded_vote",
    "ranked_choice",
    "secret_ballot",
];

/// A share: `{"more_than": [n, d]}` or `{"at_least": [n, d]}`, `n / d` a
/// fraction between 0 and 1 (`d` not 0, `n` not above `d`).
fn share(what: &str) -> OneOfBuilder {
    let fraction = || {
        ArrayBuilder::new()
            .prefix_items([
                Schema::Object(whole(0).build()),
                Schema::Object(whole(1).build()),
            ])
            .min_items(Some(2))
            .max_items(Some(2))
            .description(Some(
                "[numerator, denominator]: the numerator not above the denominator",
            ))
    };
    let form = |name: &str| {
        Schema::Object(
            ObjectBuilder::new()
                .property(name, fraction())
                .required(name)
                .additional_properties(Some(
                    utoipa::openapi::schema::AdditionalProperties::<Schema>::FreeForm(false),
                ))
                .build(),
        )
    };
    OneOfBuilder::new()
        .item(form("more_than"))
        .item(form("at_least"))
        .description(Some(format!("{what}: more than, or at least, a fraction")))
}

/// A body's rules (`BodyRules`).
fn rules() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
        .property(
            "propose",
            choice(&["members", "members_and_observers", "secretariat"]),
        )
        .required("propose")
        .property(
            "min_co_sponsors",
            whole(0).description(Some("Co-sponsors a draft needs before it can be submitted")),
        )
        .required("min_co_sponsors")
        .property(
            "procedures",
            ArrayBuilder::new()
                .items(choice(&PROCEDURES))
                .min_items(Some(1)),
        )
        .required("procedures")
        .property(
            "quorum",
            share("Share of the voting members that must take part"),
        )
        .required("quorum")
        .property("basis", choice(&["present_and_voting", "all_members"]))
        .required("basis")
        .property("majority", share("The majority (not `at_least` zero)"))
        .required("majority")
        .property("abstentions", choice(&["not_voting", "count_as_cast"]))
        .required("abstentions")
        .description(Some(
            "The body's rules; the General Assembly's when absent or null",
        ))
}

/// A new body (`BodyInput`).
pub fn body_input() -> RefOr<Schema> {
    let seat = ArrayBuilder::new()
        .prefix_items([
            match country_code() {
                RefOr::T(s) => s,
                RefOr::Ref(_) => Schema::default(),
            },
            Schema::Object(
                string()
                    .pattern(Some("^\\s*(member|observer)\\s*$"))
                    .build(),
            ),
        ])
        .min_items(Some(2))
        .max_items(Some(2))
        .description(Some(
            "[state, standing]: a country code and `member` or `observer`",
        ));
    Schema::Object(
        ObjectBuilder::new()
            .property(
                "slug",
                string()
                    .pattern(Some("^\\s*[a-z0-9-]{1,64}\\s*$"))
                    .description(Some(
                        "1 to 64 lower-case letters, digits or `-`; taken: 409",
                    )),
            )
            .required("slug")
            .property(
                "kind",
                string()
                    .pattern(Some("^\\s*(council|expert_group|working_group)\\s*$"))
                    .description(Some("`council`, `expert_group` or `working_group`")),
            )
            .required("kind")
            .property("rules", rules())
            .property("seats", ArrayBuilder::new().items(seat))
            .description(Some(
                "A council, expert group or working group with its rules and seats",
            ))
            .build(),
    )
    .into()
}

/// What a proposal asks the body to decide (`ProposalKind`), by `kind`.
fn proposal_kind() -> OneOfBuilder {
    let form = |kind: &str, with: &dyn Fn(ObjectBuilder) -> ObjectBuilder| {
        Schema::Object(
            with(
                ObjectBuilder::new()
                    .property("kind", choice(&[kind]))
                    .required("kind"),
            )
            .build(),
        )
    };
    let state = |o: ObjectBuilder| o.property("state", country_code()).required("state");
    OneOfBuilder::new()
        .item(form("resolution", &|o: ObjectBuilder| o))
        .item(form("amendment", &|o: ObjectBuilder| {
            o.property("target", choice(&["framework", "rulepack"]))
                .required("target")
                .property(
                    "name",
                    string()
                        .pattern(Some("\\S"))
                        .description(Some("At most 200 bytes")),
                )
                .required("name")
                .property(
                    "yaml",
                    string()
                        .pattern(Some("\\S"))
                        .description(Some("The new document, which must load as an upload does")),
                )
                .required("yaml")
        }))
        .item(form("admission", &state))
        .item(form("suspension", &state))
        .item(form("reinstatement", &state))
        .item(form("election", &|o: ObjectBuilder| {
            o.property("office", string().pattern(Some("\\S")))
                .required("office")
                .property(
                    "seats",
                    whole(1).description(Some("At most as many as there are candidates")),
                )
                .required("seats")
                .property(
                    "candidates",
                    ArrayBuilder::new()
                        .items(string().pattern(Some("\\S")))
                        .min_items(Some(1))
                        .max_items(Some(1000))
                        .unique_items(true)
                        .description(Some("Distinct (once trimmed), not blank")),
                )
                .required("candidates")
        }))
        .item(form("allocation_policy", &|o: ObjectBuilder| {
            o.property(
                "parameters",
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .description(Some(
                        "The allocation policy's parameters, as a capacity round's",
                    )),
            )
            .required("parameters")
        }))
        .description(Some(
            "The kind of proposal with its own fields: `resolution`; `amendment` (`target`, \
             `name`, `yaml`); `admission`, `suspension` or `reinstatement` (`state`); `election` \
             (`office`, `seats`, `candidates`); `allocation_policy` (`parameters`)",
        ))
}

/// A new proposal (`ProposeInput`).
pub fn propose_input() -> RefOr<Schema> {
    let deadline = |what: &str| {
        string()
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .description(Some(format!(
                "{what} (RFC 3339); the four deadlines in this order"
            )))
    };
    Schema::Object(
        ObjectBuilder::new()
            .property(
                "body",
                string().description(Some("The body's slug (404 if none has it)")),
            )
            .required("body")
            .property(
                "as_state",
                ObjectBuilder::new()
                    .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                    .description(Some(
                        "The state the user acts for (a country code; the first state they are \
                         delegate of when absent)",
                    )),
            )
            .property("title", string())
            .required("title")
            .property("kind", proposal_kind())
            .required("kind")
            .property(
                "procedure",
                string()
                    .pattern(Some(
                        "^\\s*(consensus|silence|recorded_vote|ranked_choice|secret_ballot)\\s*$",
                    ))
                    .description(Some(
                        "`consensus`, `silence`, `recorded_vote`, `ranked_choice` (elections) or \
                         `secret_ballot`, among those the body's rules allow",
                    )),
            )
            .required("procedure")
            .property("text", string())
            .required("text")
            .property("consultation_until", deadline("End of the consultation"))
            .required("consultation_until")
            .property("negotiation_until", deadline("End of the negotiation"))
            .required("negotiation_until")
            .property(
                "amendment_votes_until",
                deadline("End of the votes on amendments"),
            )
            .required("amendment_votes_until")
            .property("decision_until", deadline("End of the decision"))
            .required("decision_until")
            .description(Some("A draft proposal of the acting state"))
            .build(),
    )
    .into()
}
