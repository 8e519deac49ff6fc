//! Jurisdiction rulepacks: YAML documents with metadata and rules whose `when`
//! conditions are CEL expressions over the AI-system profile. A pack is
//! compiled once at load (every expression parsed, every identifier checked
//! against the profile schema, every requirement URN resolved); a pack with
//! any problem is rejected whole, with file, line and reason.

use crate::diagnostics::{LoadErrors, Locator, is_iso_date, parse_yaml};
use crate::profile::{Profile, profile_field_names};
use cel::common::ast::{EntryExpr, Expr, IdedExpr};
use cel::{Context, Env, Program, Value};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};
use std::sync::{Arc, LazyLock};

/// Legal status of the instrument a pack encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PackStatus {
    /// Binding and applicable now (some obligations may still carry later dates).
    InForce,
    /// Adopted, but not yet applicable.
    AdoptedNotYetApplicable,
    /// A bill or draft: shows what would apply.
    Draft,
    /// A voluntary framework or standard.
    Voluntary,
    /// Repealed (on the pack's `repealed_on`): no duty under it is reported,
    /// whatever the assessment date. Kept so that assessments made while it
    /// stood can still be read; `replaced_by` names the pack that took its place.
    Repealed,
}

impl PackStatus {
    /// Whether obligations under this status are legally binding once applicable.
    pub fn binding(self) -> bool {
        matches!(
            self,
            PackStatus::InForce | PackStatus::AdoptedNotYetApplicable
        )
    }
    pub fn as_str(self) -> &'static str {
        match self {
            PackStatus::InForce => "in_force",
            PackStatus::AdoptedNotYetApplicable => "adopted_not_yet_applicable",
            PackStatus::Draft => "draft",
            PackStatus::Voluntary => "voluntary",
            PackStatus::Repealed => "repealed",
        }
    }
}

impl RulepackDoc {
    /// The pack's status on `date` (YYYY-MM-DD): a pack with a `repealed_on`
    /// on or before `date` is repealed; a pack `adopted_not_yet_applicable`
    /// (or `repealed`, before its repeal) whose `applies_from` is on or
    /// before `date` is in force; a `repealed` pack before its repeal and
    /// before its `applies_from` was adopted, not yet applicable. Every other
    /// status is as adopted (a date never makes a pack less binding than it
    /// was adopted as, until its repeal).
    pub fn status_on(&self, date: &str) -> PackStatus {
        if !is_iso_date(date) {
            return self.status;
        }
        // All are YYYY-MM-DD, so text order is date order.
        if self.repealed_on.as_deref().is_some_and(|r| r <= date) {
            return PackStatus::Repealed;
        }
        let applicable = self.applies_from.as_deref().is_some_and(|f| f <= date);
        match self.status {
            PackStatus::AdoptedNotYetApplicable | PackStatus::Repealed if applicable => {
                PackStatus::InForce
            }
            PackStatus::Repealed => PackStatus::AdoptedNotYetApplicable,
            s => s,
        }
    }
}

pub use crate::profile::Bearer;

/// A bearer whose duties a pack drops when a condition holds (e.g. EU AI
/// Act Art. 2(10): deployer duties do not apply to purely personal use).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BearerExclusion {
    pub bearer: Bearer,
    /// CEL condition over profile fields.
    pub when: String,
    pub citation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficialSource {
    pub title: String,
    pub url: String,
}

/// A statutory deadline, counted from a triggering event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub days: u32,
    /// Counted in working days rather than calendar days.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub working_days: bool,
    /// The event the period runs from.
    pub trigger: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObligationDoc {
    /// Requirement URN in a framework of the pack's jurisdiction.
    pub requirement: String,
    pub bearer: Bearer,
    /// Date the obligation applies from (YYYY-MM-DD); absent for drafts without a date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    pub id: String,
    pub title: String,
    /// Article/clause that decides the rule.
    pub citation: String,
    /// CEL condition over profile fields; omitted = `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Only evaluated when one of these risk classes or tags has been assigned
    /// by the classification rules (rules without obligations-only gating run first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_class: Option<String>,
    /// Extra unranked labels (e.g. `high_annex_i`) that later rules can require.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<ObligationDoc>,
}

/// The rulepack document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulepackDoc {
    pub id: String,
    /// ISO 3166 code or `EU`.
    pub jurisdiction: String,
    pub name: String,
    pub version: String,
    /// Status as adopted. An assessment reports the status on its date
    /// ([`RulepackDoc::status_on`]).
    pub status: PackStatus,
    /// Date (YYYY-MM-DD) from which the instrument's obligations apply. A
    /// pack `adopted_not_yet_applicable` is in force on and after it; without
    /// it, such a pack stays `adopted_not_yet_applicable` whatever the date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_from: Option<String>,
    /// Date (YYYY-MM-DD) the instrument was repealed (required with status
    /// `repealed`): assessments on or after it report the pack as repealed,
    /// with no duty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repealed_on: Option<String>,
    /// Id of the pack that replaced a repealed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    pub official_source: OfficialSource,
    /// Framework URNs whose requirements this pack may reference.
    pub frameworks: Vec<String>,
    /// Risk classes ordered from lowest to highest.
    pub risk_classes: Vec<String>,
    pub default_risk_class: String,
    /// CEL condition deciding whether the pack applies at all.
    pub applies_when: String,
    /// The pack's name in ar, zh, en, fr, ru and es (the shipped packs have all six).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub names: std::collections::BTreeMap<String, String>,
    /// Risk classes that mean the practice is prohibited: their obligations are
    /// never met by evidence, and every other duty applies only if the practice is removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prohibited_classes: Vec<String>,
    /// Bearers whose duties do not apply when a condition holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bearer_exclusions: Vec<BearerExclusion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    pub rules: Vec<RuleDoc>,
}

/// A compiled CEL condition and the profile fields it reads.
#[derive(Debug)]
pub struct Condition {
    pub source: String,
    program: Program,
    /// Profile fields read, sorted.
    pub fields: Vec<String>,
    mask: u64,
}

/// A compiled rule.
#[derive(Debug)]
pub struct CompiledRule {
    pub doc: RuleDoc,
    pub condition: Condition,
    /// Rank of `risk_class` in the pack's ordering.
    pub risk_rank: Option<usize>,
    /// Obligations with `both` expanded.
    pub obligations: Vec<ObligationDoc>,
}

/// A compiled rulepack, ready to evaluate against many profiles.
#[derive(Debug)]
pub struct CompiledPack {
    pub doc: RulepackDoc,
    pub file: String,
    pub applies: Condition,
    /// Classification rules (no `requires`) first, then gated rules, each in document order.
    pub rules: Vec<CompiledRule>,
    /// `bearer_exclusions`, compiled, in the same order.
    pub exclusions: Vec<Condition>,
}

static ENV: LazyLock<Arc<Env>> = LazyLock::new(|| Arc::new(Env::stdlib()));

/// Free identifiers of a CEL expression, ignoring comprehension variables.
fn free_identifiers(e: &IdedExpr, bound: &mut Vec<String>, out: &mut BTreeSet<String>) {
    match &e.expr {
        Expr::Ident(name) => {
            if !name.starts_with('@') && !bound.iter().any(|b| b == name) {
                out.insert(name.clone());
            }
        }
        Expr::Call(c) => {
            if let Some(t) = &c.target {
                free_identifiers(t, bound, out);
            }
            for a in &c.args {
                free_identifiers(a, bound, out);
            }
        }
        Expr::Comprehension(c) => {
            free_identifiers(&c.iter_range, bound, out);
            free_identifiers(&c.accu_init, bound, out);
            let before = bound.len();
            bound.push(c.iter_var.clone());
            if let Some(v2) = &c.iter_var2 {
                bound.push(v2.clone());
            }
            bound.push(c.accu_var.clone());
            free_identifiers(&c.loop_cond, bound, out);
            free_identifiers(&c.loop_step, bound, out);
            free_identifiers(&c.result, bound, out);
            bound.truncate(before);
        }
        Expr::List(l) => {
            for x in &l.elements {
                free_identifiers(x, bound, out);
            }
        }
        Expr::Map(m) => {
            for en in &m.entries {
                if let EntryExpr::MapEntry(me) = &en.expr {
                    free_identifiers(&me.key, bound, out);
                    free_identifiers(&me.value, bound, out);
                }
            }
        }
        Expr::Struct(s) => {
            for en in &s.entries {
                if let EntryExpr::StructField(f) = &en.expr {
                    free_identifiers(&f.value, bound, out);
                }
            }
        }
        Expr::Select(s) => free_identifiers(&s.operand, bound, out),
        Expr::Literal(_) | Expr::Unspecified => {}
    }
}

fn field_bit(name: &str) -> Option<u64> {
    profile_field_names()
        .iter()
        .position(|n| n == name)
        .map(|i| 1u64 << i)
}

/// Compiles one CEL condition, reporting parse errors and unknown identifiers.
pub fn compile_condition(source: &str) -> Result<Condition, String> {
    let program = ENV.compile(source).map_err(|e| {
        let msg = e.to_string();
        let first = msg.lines().next().unwrap_or("").trim().to_string();
        format!("CEL does not compile: {first}")
    })?;
    let mut out = BTreeSet::new();
    free_identifiers(program.expression(), &mut Vec::new(), &mut out);
    let mut mask = 0;
    let mut unknown = Vec::new();
    for f in &out {
        match field_bit(f) {
            Some(b) => mask |= b,
            None => unknown.push(f.clone()),
        }
    }
    if !unknown.is_empty() {
        return Err(format!(
            "CEL refers to unknown profile field(s): {}",
            unknown.join(", ")
        ));
    }
    match crate::cel_types::check(program.expression()) {
        Err(reason) => return Err(format!("CEL type error: {reason}")),
        Ok(crate::cel_types::Ty::Bool | crate::cel_types::Ty::Dyn) => {}
        Ok(other) => {
            return Err(format!(
                "CEL type error: condition is a {other}, not a bool"
            ));
        }
    }
    Ok(Condition {
        source: source.to_string(),
        program,
        fields: out.into_iter().collect(),
        mask,
    })
}

impl Condition {
    /// The profile fields read, as a bit mask (bit i = i-th of
    /// [`profile_field_names`]).
    pub fn mask(&self) -> u64 {
        self.mask
    }
}

/// Outcome of evaluating one condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    True,
    False,
    /// Could not be decided: the listed fields are absent from the profile, or evaluation failed.
    Undetermined {
        missing: Vec<String>,
        reason: String,
    },
}

/// CEL value of one profile field (`None` when the optional field is absent).
/// Kept in sync with the schema by the `every_schema_field_binds` test.
fn field_value(p: &Profile, name: &str) -> Option<Value> {
    let v = match name {
        "id" => Some(cel::to_value(&p.id)),
        "name" => Some(cel::to_value(&p.name)),
        "description" => p.description.as_ref().map(cel::to_value),
        "provider" => Some(cel::to_value(&p.provider)),
        "deployers" => Some(cel::to_value(&p.deployers)),
        "roles" => Some(cel::to_value(&p.roles)),
        "jurisdictions" => Some(cel::to_value(&p.jurisdictions)),
        "purposes" => Some(cel::to_value(&p.purposes)),
        "affected_persons" => Some(cel::to_value(&p.affected_persons)),
        "modalities" => Some(cel::to_value(&p.modalities)),
        "capabilities" => Some(cel::to_value(&p.capabilities)),
        "deployment_contexts" => Some(cel::to_value(&p.deployment_contexts)),
        "public_facing" => Some(cel::to_value(p.public_facing)),
        "users_count" => p.users_count.as_ref().map(cel::to_value),
        "underlying_model" => p.underlying_model.as_ref().map(cel::to_value),
        "training_compute_flop" => p.training_compute_flop.as_ref().map(cel::to_value),
        "open_source_licence" => p.open_source_licence.as_ref().map(cel::to_value),
        "open_source" => Some(cel::to_value(p.open_source)),
        "is_gpai" => Some(cel::to_value(p.is_gpai)),
        "annex_i_safety_component" => Some(cel::to_value(p.annex_i_safety_component)),
        "annex_i_legislation" => p.annex_i_legislation.as_ref().map(cel::to_value),
        "human_editorial_control" => Some(cel::to_value(p.human_editorial_control)),
        "art6_3_exemptions" => Some(cel::to_value(&p.art6_3_exemptions)),
        "rbi_exceptions" => Some(cel::to_value(&p.rbi_exceptions)),
        "prior_authorisation" => Some(cel::to_value(p.prior_authorisation)),
        "public_opinion_attributes" => Some(cel::to_value(p.public_opinion_attributes)),
        "consequential_decisions" => Some(cel::to_value(p.consequential_decisions)),
        "deployer_public_body" => Some(cel::to_value(p.deployer_public_body)),
        "established_in_union" => p.established_in_union.as_ref().map(cel::to_value),
        "art2_exclusions" => Some(cel::to_value(&p.art2_exclusions)),
        "deployer_employees" => p.deployer_employees.as_ref().map(cel::to_value),
        "deployer_trains_on_own_data" => p.deployer_trains_on_own_data.as_ref().map(cel::to_value),
        "unaffiliated_deployers" => p.unaffiliated_deployers.as_ref().map(cel::to_value),
        "trigger_dates" => Some(cel::to_value(&p.trigger_dates)),
        "evidence_by_bearer" => Some(cel::to_value(&p.evidence_by_bearer)),
        "evidence" => Some(cel::to_value(&p.evidence)),
        _ => None,
    }?;
    v.ok().filter(|v| !matches!(v, Value::Null))
}

/// Union of the profile fields read by the given conditions, as a bit mask.
pub fn fields_mask<'a>(conds: impl IntoIterator<Item = &'a Condition>) -> u64 {
    conds.into_iter().fold(0, |m, c| m | c.mask)
}

/// A profile turned into CEL variables, reusable for every pack.
pub struct Bindings {
    ctx: Context<'static, 'static>,
    present: u64,
}

impl Bindings {
    /// Binds every profile field.
    pub fn new(profile: &Profile) -> Bindings {
        Bindings::for_mask(profile, u64::MAX)
    }

    /// Binds only the fields in `mask` (bit i = i-th name of
    /// [`profile_field_names`]); used with [`fields_mask`] of the loaded packs
    /// so that fields no rule reads are never converted.
    pub fn for_mask(profile: &Profile, mask: u64) -> Bindings {
        let mut ctx = Context::with_env(ENV.clone());
        let mut present = 0u64;
        for (i, name) in profile_field_names().iter().enumerate() {
            if mask & (1 << i) == 0 {
                continue;
            }
            if let Some(v) = field_value(profile, name) {
                present |= 1 << i;
                ctx.add_variable_from_value(name.as_str(), v);
            }
        }
        Bindings { ctx, present }
    }

    pub fn eval(&self, c: &Condition) -> Outcome {
        let missing_mask = c.mask & !self.present;
        let result = c.program.execute(&self.ctx);
        let missing = || -> Vec<String> {
            c.fields
                .iter()
                .filter(|f| field_bit(f).is_some_and(|b| b & missing_mask != 0))
                .cloned()
                .collect()
        };
        match result {
            Ok(Value::Bool(true)) => Outcome::True,
            Ok(Value::Bool(false)) => Outcome::False,
            Ok(other) => Outcome::Undetermined {
                missing: missing(),
                reason: format!("condition returned {:?}, not a boolean", other.type_of()),
            },
            Err(e) => Outcome::Undetermined {
                missing: missing(),
                reason: if missing_mask != 0 {
                    "profile does not provide the field(s) this rule reads".to_string()
                } else {
                    e.to_string()
                },
            },
        }
    }
}

impl CompiledPack {
    /// Parses and compiles a rulepack. `requirement_framework(urn)` returns the
    /// framework URN a requirement belongs to (None when unknown); every
    /// referenced requirement must belong to one of the pack's `frameworks`.
    pub fn compile(
        file: &str,
        src: &str,
        requirement_framework: &dyn Fn(&str) -> Option<String>,
    ) -> Result<CompiledPack, LoadErrors> {
        let doc: RulepackDoc = parse_yaml(file, src)?;
        let mut loc = Locator::new(file, src);
        crate::framework::check_link(
            &mut loc,
            None,
            "official_source.url",
            &doc.official_source.url,
        );
        if !doc.risk_classes.contains(&doc.default_risk_class) {
            loc.at(
                None,
                "default_risk_class",
                format!(
                    "default_risk_class `{}` is not in risk_classes",
                    doc.default_risk_class
                ),
            );
        }
        if let Some(d) = &doc.applies_from
            && !is_iso_date(d)
        {
            loc.at(
                None,
                "applies_from",
                format!("applies_from `{d}` is not YYYY-MM-DD"),
            );
        }
        if let Some(d) = &doc.repealed_on
            && !is_iso_date(d)
        {
            loc.at(
                None,
                "repealed_on",
                format!("repealed_on `{d}` is not YYYY-MM-DD"),
            );
        }
        if doc.status == PackStatus::Repealed && doc.repealed_on.is_none() {
            loc.at(
                None,
                "status",
                "status `repealed` needs `repealed_on` (YYYY-MM-DD)".to_string(),
            );
        }
        let applies = match compile_condition(&doc.applies_when) {
            Ok(c) => Some(c),
            Err(reason) => {
                loc.at(None, "applies_when", format!("applies_when: {reason}"));
                None
            }
        };
        let mut exclusions = Vec::new();
        for (i, x) in doc.bearer_exclusions.iter().enumerate() {
            match compile_condition(&x.when) {
                Ok(c) => exclusions.push(c),
                Err(reason) => {
                    let at = loc
                        .find_nth("bearer_exclusions", 0)
                        .map(|o| loc.line_at(o))
                        .unwrap_or(0);
                    loc.push(at, format!("bearer_exclusions[{i}]: {reason}"));
                }
            }
        }
        for c in &doc.prohibited_classes {
            if !doc.risk_classes.contains(c) {
                loc.at(
                    None,
                    "prohibited_classes",
                    format!("prohibited class `{c}` is not in risk_classes"),
                );
            }
        }
        for l in doc.names.keys() {
            if !crate::framework::LANGUAGES.contains(&l.as_str()) {
                loc.at(
                    None,
                    "names",
                    format!("names: `{l}` is not one of ar, zh, en, fr, ru, es"),
                );
            }
        }
        let mut ids = HashSet::new();
        let mut tags: HashSet<&str> = doc.risk_classes.iter().map(String::as_str).collect();
        for r in &doc.rules {
            tags.extend(r.tags.iter().map(String::as_str));
        }
        let mut rules = Vec::new();
        for r in &doc.rules {
            let anchor = format!("id: {}", r.id);
            let anchor = Some(anchor.as_str());
            if !ids.insert(r.id.as_str()) {
                let line = loc
                    .find_nth(&format!("id: {}", r.id), 1)
                    .map(|o| loc.line_at(o))
                    .unwrap_or(0);
                loc.push(line, format!("duplicate rule id `{}`", r.id));
            }
            let cond_src = r.when.clone().unwrap_or_else(|| "true".to_string());
            let condition = match compile_condition(&cond_src) {
                Ok(c) => Some(c),
                Err(reason) => {
                    loc.at(anchor, "when:", format!("rule `{}`: {reason}", r.id));
                    None
                }
            };
            let risk_rank = match &r.risk_class {
                Some(rc) => {
                    let rank = doc.risk_classes.iter().position(|c| c == rc);
                    if rank.is_none() {
                        loc.at(
                            anchor,
                            "risk_class:",
                            format!("rule `{}`: unknown risk class `{rc}`", r.id),
                        );
                    }
                    rank
                }
                None => None,
            };
            for q in &r.requires {
                if !tags.contains(q.as_str()) {
                    loc.at(
                        anchor,
                        q,
                        format!("rule `{}` requires unknown risk class or tag `{q}`", r.id),
                    );
                }
            }
            let mut obligations = Vec::new();
            for o in &r.obligations {
                match requirement_framework(&o.requirement) {
                    None => loc.at(
                        anchor,
                        &o.requirement,
                        format!("rule `{}`: unknown requirement URN `{}`", r.id, o.requirement),
                    ),
                    Some(fw) if !doc.frameworks.contains(&fw) => loc.at(
                        anchor,
                        &o.requirement,
                        format!(
                            "rule `{}`: requirement `{}` belongs to `{fw}`, not to a framework of this pack",
                            r.id, o.requirement
                        ),
                    ),
                    Some(_) => {}
                }
                if let Some(d) = &o.applies_from
                    && !is_iso_date(d)
                {
                    loc.at(
                        anchor,
                        d,
                        format!("rule `{}`: applies_from `{d}` is not YYYY-MM-DD", r.id),
                    );
                }
                let bearers: &[Bearer] = match o.bearer {
                    Bearer::Both => &[Bearer::Provider, Bearer::Deployer],
                    _ => std::slice::from_ref(&o.bearer),
                };
                for b in bearers {
                    obligations.push(ObligationDoc {
                        bearer: *b,
                        ..o.clone()
                    });
                }
            }
            if let Some(condition) = condition {
                rules.push(CompiledRule {
                    doc: r.clone(),
                    condition,
                    risk_rank,
                    obligations,
                });
            }
        }
        let Some(applies) = applies else {
            return Err(LoadErrors(loc.errors));
        };
        rules.sort_by_key(|r| !r.doc.requires.is_empty());
        loc.finish(CompiledPack {
            doc,
            file: file.to_string(),
            applies,
            rules,
            exclusions,
        })
    }

    pub fn id(&self) -> &str {
        &self.doc.id
    }

    /// The pack's name in `lang` (ar, zh, en, fr, ru, es), else its `name`.
    pub fn name_in(&self, lang: &str) -> &str {
        self.doc
            .names
            .get(lang)
            .map_or(&self.doc.name, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_field_binds() {
        let p = Profile {
            description: Some("d".into()),
            users_count: Some(1),
            underlying_model: Some(crate::profile::ModelRef {
                source: crate::profile::ModelSource::Commons,
                reference: "r".into(),
            }),
            training_compute_flop: Some(1.0),
            open_source_licence: Some("MIT".into()),
            annex_i_legislation: Some("toys".into()),
            established_in_union: Some(true),
            deployer_employees: Some(10),
            deployer_trains_on_own_data: Some(false),
            unaffiliated_deployers: Some(true),
            ..Default::default()
        };
        for name in profile_field_names() {
            assert!(field_value(&p, name).is_some(), "{name} does not bind");
        }
        let b = Bindings::for_mask(&Profile::default(), 0);
        assert_eq!(b.present, 0);
    }

    #[test]
    fn comprehension_variables_are_not_fields() {
        let c = compile_condition("purposes.exists(p, p == 'employment') && is_gpai").unwrap();
        assert_eq!(
            c.fields,
            vec!["is_gpai".to_string(), "purposes".to_string()]
        );
        let e = compile_condition("purposes.exists(p, q == 'x')").unwrap_err();
        assert!(e.contains("q"), "{e}");
    }

    #[test]
    fn absent_optional_field_is_undetermined_unless_short_circuited() {
        let c = compile_condition("is_gpai && training_compute_flop > 1e25").unwrap();
        let mut p = Profile {
            is_gpai: true,
            ..Default::default()
        };
        match Bindings::new(&p).eval(&c) {
            Outcome::Undetermined { missing, .. } => {
                assert_eq!(missing, vec!["training_compute_flop"])
            }
            o => panic!("{o:?}"),
        }
        p.is_gpai = false;
        assert_eq!(Bindings::new(&p).eval(&c), Outcome::False);
        p.is_gpai = true;
        p.training_compute_flop = Some(3e25);
        assert_eq!(Bindings::new(&p).eval(&c), Outcome::True);
        let users = compile_condition("users_count > 1000").unwrap();
        p.users_count = Some(5000);
        assert_eq!(Bindings::new(&p).eval(&users), Outcome::True);
    }
}
