//! The assessment engine: runs every compiled rulepack against a profile and
//! derives, per jurisdiction, applicability, risk class and obligations (with
//! evidence status through the crosswalk), then a unified view (a smallest
//! set of unified controls discharging every obligation, see [`crate::cover`]) and the
//! divergences between jurisdictions on the same theme. Every finding carries
//! the rule that fired and the profile fields it read.

pub use crate::assessment::*;
use crate::catalog::{Catalog, Prepared, PreparedPack};
pub(crate) use crate::profile::bearer_str;
use crate::profile::{EvidenceStatus, Profile, profile_field_names};
use crate::rulepack::{Bearer, Bindings, CompiledPack, Outcome, PackStatus};
pub use crate::text::Text;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

/// Assesses a profile against every pack in the catalog, with each pack's
/// status as adopted and no date recorded. Nodes and the shell use
/// [`assess_on`].
pub fn assess(profile: &Profile, catalog: &Catalog) -> Assessment {
    assess_at(profile, catalog, None)
}

/// Assesses a profile against every pack in the catalog as on `date`
/// (YYYY-MM-DD, the day the assessment is made; the caller passes it, so the
/// result is deterministic). The date is recorded in the assessment, and a
/// pack adopted but not yet applicable whose `applies_from` is on or before
/// it is reported as in force ([`crate::rulepack::RulepackDoc::status_on`]),
/// in its result and in `packs_used`; a pack whose `repealed_on` is on or
/// before it is reported as repealed, and imposes nothing.
pub fn assess_on(profile: &Profile, catalog: &Catalog, date: &str) -> Assessment {
    assess_at(profile, catalog, Some(date))
}

fn assess_at(profile: &Profile, catalog: &Catalog, date: Option<&str>) -> Assessment {
    let prepared = catalog.prepared();
    let bindings = Bindings::for_mask(profile, catalog.fields_mask());
    let status_of = |p: &CompiledPack| match date {
        Some(d) => p.doc.status_on(d),
        None => p.doc.status,
    };
    let jurisdictions: Vec<JurisdictionResult> = catalog
        .packs()
        .iter()
        .zip(&prepared.packs)
        .map(|(p, pp)| {
            let mut res = assess_pack(profile, &bindings, p, pp);
            let status = status_of(p);
            if status != res.status {
                res.adopted_status = Some(res.status);
                res.status = status;
                for ob in &mut res.obligations {
                    ob.binding = status.binding();
                }
            }
            if status == PackStatus::Repealed {
                repealed(&mut res, &pp.default_risk_class);
            }
            date_obligations(&mut res, profile, date);
            res
        })
        .collect();
    let unified = unified_view(&jurisdictions, profile);
    let divergences = divergences(&jurisdictions, prepared);
    Assessment {
        profile_id: profile.id.as_str().into(),
        profile_name: profile.name.as_str().into(),
        prohibitions: jurisdictions
            .iter()
            .flat_map(|j| j.prohibitions.iter().cloned())
            .collect(),
        assessed_on: date.map(Text::from),
        catalog_version: prepared.catalog_version.clone(),
        packs_used: catalog
            .packs()
            .iter()
            .zip(&prepared.packs)
            .map(|(p, pp)| PackRef {
                status: status_of(p),
                ..pp.pack_ref.clone()
            })
            .collect(),
        jurisdictions,
        unified,
        divergences,
    }
}

/// A pack repealed on the assessment date (or, undated, as shipped) imposes
/// nothing: it does not apply, and no duty, finding or open question under
/// it is reported.
fn repealed(res: &mut JurisdictionResult, default_risk_class: &Text) {
    res.applies = false;
    res.risk_class = default_risk_class.clone();
    res.labels.clear();
    res.fired.clear();
    res.obligations.clear();
    res.undetermined.clear();
    res.prohibitions.clear();
}

/// Sets each obligation's calendar due date and, on an assessment date
/// before the date a duty applies, marks it not yet applicable.
fn date_obligations(res: &mut JurisdictionResult, profile: &Profile, date: Option<&str>) {
    for ob in &mut res.obligations {
        let trigger = ob.deadline.as_ref().and_then(|_| {
            let short = ob.requirement.rsplit(':').next().unwrap_or_default();
            profile
                .trigger_dates
                .get(ob.requirement.as_str())
                .or_else(|| profile.trigger_dates.get(short))
        });
        ob.due = match (&ob.deadline, trigger) {
            (None, _) => ob.applies_from.clone(),
            (Some(_), None) => None,
            (Some(d), Some(t)) => crate::calendar::due_date(None, Some(d), Some(t)).map(Text::from),
        };
        if let (Some(day), Some(from)) = (date, &ob.applies_from)
            && ob.status != ObligationStatus::Prohibited
            && from.as_str() > day
        {
            ob.status = ObligationStatus::NotYetApplicable;
        }
    }
}

/// The profile field names as [`Text`], by bit (bit i = i-th name).
static FIELD_TEXTS: LazyLock<Vec<Text>> =
    LazyLock::new(|| profile_field_names().iter().map(Text::from).collect());

/// The names of the fields in `mask`, sorted (the names are).
fn fields_of(mask: u64) -> Vec<Text> {
    let mut out = Vec::with_capacity(mask.count_ones() as usize);
    let mut m = mask;
    while m != 0 {
        let i = m.trailing_zeros() as usize;
        out.push(FIELD_TEXTS[i].clone());
        m &= m - 1;
    }
    out
}

fn undetermined(
    rule_id: &Text,
    citation: &Text,
    missing: Vec<String>,
    reason: String,
) -> Undetermined {
    Undetermined {
        rule_id: rule_id.clone(),
        citation: citation.clone(),
        missing_fields: missing.into_iter().map(Text::from).collect(),
        reason: reason.into(),
    }
}

fn assess_pack(
    profile: &Profile,
    b: &Bindings,
    pack: &CompiledPack,
    pp: &PreparedPack,
) -> JurisdictionResult {
    let doc = &pack.doc;
    let mut res = JurisdictionResult {
        pack: pp.pack_ref.id.clone(),
        pack_name: pp.name.clone(),
        pack_version: pp.pack_ref.version.clone(),
        jurisdiction: pp.pack_ref.jurisdiction.clone(),
        status: doc.status,
        adopted_status: None,
        applies: false,
        applicability_fields: fields_of(pack.applies.mask()),
        risk_class: pp.default_risk_class.clone(),
        labels: Vec::new(),
        fired: Vec::new(),
        obligations: Vec::new(),
        undetermined: Vec::new(),
        prohibitions: Vec::new(),
    };
    match b.eval(&pack.applies) {
        Outcome::True => res.applies = true,
        Outcome::False => return res,
        Outcome::Undetermined { missing, reason } => {
            res.undetermined.push(undetermined(
                &pp.applies_id,
                &pp.source_title,
                missing,
                reason,
            ));
            return res;
        }
    }
    // Bearers whose duties the pack drops for this profile.
    let mut excluded: Vec<Bearer> = Vec::new();
    for ((x, cond), id) in doc
        .bearer_exclusions
        .iter()
        .zip(&pack.exclusions)
        .zip(&pp.exclusion_ids)
    {
        match b.eval(cond) {
            Outcome::True => {
                excluded.push(x.bearer);
                res.fired.push(Finding {
                    rule_id: id.clone(),
                    title: format!("{} duties do not apply", bearer_str(x.bearer)).into(),
                    citation: x.citation.as_str().into(),
                    risk_class: None,
                    fields_read: fields_of(cond.mask() | pack.applies.mask()),
                });
            }
            Outcome::False => {}
            Outcome::Undetermined { missing, reason } => res.undetermined.push(undetermined(
                id,
                &Text::from(x.citation.as_str()),
                missing,
                reason,
            )),
        }
    }
    let mut rank: Option<usize> = None;
    // obligation index → produced by a prohibiting rule
    let mut prohibited_ob: Vec<bool> = Vec::new();
    // label → fields read by the rules that assigned it (bit mask)
    let mut labels: BTreeMap<&str, (u64, &Text)> = BTreeMap::new();
    let mut by_key: HashMap<(&str, Bearer), usize> = HashMap::new();
    // fields read per obligation (bit mask), same order as `res.obligations`
    let mut read: Vec<u64> = Vec::new();
    let roles = &profile.roles;
    for (rule, pr) in pack.rules.iter().zip(&pp.rules) {
        let r = &rule.doc;
        let mut inherited = 0u64;
        if !r.requires.is_empty() {
            let mut any = false;
            for q in &r.requires {
                if let Some((m, _)) = labels.get(q.as_str()) {
                    any = true;
                    inherited |= m;
                }
            }
            if !any {
                continue;
            }
        }
        match b.eval(&rule.condition) {
            Outcome::False => continue,
            Outcome::Undetermined { missing, reason } => {
                res.undetermined
                    .push(undetermined(&pr.id, &pr.citation, missing, reason));
                continue;
            }
            Outcome::True => {}
        }
        let mask = rule.condition.mask() | inherited | pack.applies.mask();
        if let Some(rr) = rule.risk_rank {
            rank = Some(rank.map_or(rr, |x| x.max(rr)));
        }
        for l in &pr.labels {
            labels.entry(l.as_str()).or_insert((0, l)).0 |= mask;
        }
        res.fired.push(Finding {
            rule_id: pr.id.clone(),
            title: pr.title.clone(),
            citation: pr.citation.clone(),
            risk_class: pr.risk_class.clone(),
            fields_read: fields_of(mask),
        });
        if pr.prohibits
            && let Some(first) = pr.obligations.first()
        {
            res.prohibitions.push(Prohibition {
                jurisdiction: res.jurisdiction.clone(),
                rule_id: pr.id.clone(),
                title: pr.title.clone(),
                citation: first.citation.clone(),
                requirement: first.requirement.clone(),
                link: first.link.clone(),
                bearers: pr.obligations.iter().map(|o| o.bearer).collect(),
                since: first.applies_from.clone(),
            });
        }
        for (o, proto) in rule.obligations.iter().zip(&pr.obligations) {
            if excluded.contains(&o.bearer)
                || (!roles.is_empty() && !roles.iter().any(|r| o.bearer.borne_by(*r)))
            {
                continue;
            }
            let key = (o.requirement.as_str(), o.bearer);
            if let Some(&i) = by_key.get(&key) {
                prohibited_ob[i] |= pr.prohibits;
                let ob: &mut Obligation = &mut res.obligations[i];
                if !ob.provenance.rules.contains(&pr.id) {
                    ob.provenance.rules.push(pr.id.clone());
                }
                read[i] |= mask;
                if let Some(d) = &proto.applies_from
                    && ob.applies_from.as_ref().is_none_or(|cur| d < cur)
                {
                    ob.applies_from = Some(d.clone());
                }
                continue;
            }
            let mut ob = proto.clone();
            for c in &mut ob.controls {
                if let Some(e) =
                    profile.evidence_for(c.control.as_str(), o.bearer, &ob.jurisdiction)
                {
                    c.evidence = Some(e.status);
                    c.evidence_link = e.link.as_deref().map(Text::from);
                    c.evidence_sha256 = e.sha256.as_deref().map(Text::from);
                }
            }
            ob.status = status_of(&ob.controls);
            by_key.insert(key, res.obligations.len());
            read.push(mask);
            prohibited_ob.push(pr.prohibits);
            res.obligations.push(ob);
        }
    }
    if !res.prohibitions.is_empty() {
        for (ob, prohibited) in res.obligations.iter_mut().zip(&prohibited_ob) {
            if *prohibited {
                ob.status = ObligationStatus::Prohibited;
            } else {
                ob.if_practice_removed = true;
            }
        }
    }
    for (ob, m) in res.obligations.iter_mut().zip(read) {
        ob.provenance.fields_read = fields_of(m);
    }
    if let Some(r) = rank {
        res.risk_class = pp.risk_classes[r].clone();
    }
    res.labels = labels.into_values().map(|(_, l)| l.clone()).collect();
    res
}

fn status_of(controls: &[ControlLink]) -> ObligationStatus {
    if controls.is_empty() {
        return ObligationStatus::Unknown;
    }
    if controls
        .iter()
        .all(|c| c.evidence == Some(EvidenceStatus::Implemented))
    {
        ObligationStatus::Met
    } else if controls
        .iter()
        .all(|c| matches!(c.evidence, None | Some(EvidenceStatus::Planned)))
    {
        ObligationStatus::Missing
    } else {
        ObligationStatus::Unknown
    }
}

fn unified_view(js: &[JurisdictionResult], profile: &Profile) -> UnifiedView {
    let obligations: Vec<&Obligation> = js.iter().flat_map(|j| j.obligations.iter()).collect();
    // control → (a link naming it, obligation indices)
    let mut covers: BTreeMap<&str, (&ControlLink, Vec<usize>)> = BTreeMap::new();
    for (i, o) in obligations.iter().enumerate() {
        for c in &o.controls {
            let v = &mut covers
                .entry(c.control.as_str())
                .or_insert((c, Vec::new()))
                .1;
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
    }
    let sets: Vec<&[usize]> = covers.values().map(|(_, v)| v.as_slice()).collect();
    let cover = crate::cover::min_cover(obligations.len(), &sets);
    let ids: Vec<&str> = covers.keys().copied().collect();
    let mandatory = |c: &str| covers[c].1.iter().any(|i| obligations[*i].binding);
    // Mandatory (a binding obligation needs it) first, then largest, then by control id.
    // The keys are worked out once per control, not in each comparison
    // (each would look the control up in `covers` again).
    let mut chosen: Vec<_> = cover
        .chosen
        .iter()
        .map(|i| {
            let c = ids[*i];
            let entry = &covers[c];
            (mandatory(c), entry.1.len(), c, entry)
        })
        .collect();
    chosen.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    let controls = chosen
        .into_iter()
        .map(|(is_mandatory, _, c, (link, idx))| {
            let jur: BTreeSet<&Text> = idx.iter().map(|i| &obligations[*i].jurisdiction).collect();
            UnifiedControl {
                control: link.control.clone(),
                title: link.title.clone(),
                theme: link.theme.clone(),
                evidence: profile.evidence.get(c).map(|e| e.status),
                discharges: idx.iter().map(|i| obligations[*i].id.to_string()).collect(),
                jurisdictions: jur.into_iter().cloned().collect(),
                mandatory: is_mandatory,
            }
        })
        .collect();
    UnifiedView {
        controls,
        uncovered: obligations
            .iter()
            .filter(|o| o.controls.is_empty())
            .map(|o| o.id.clone())
            .collect(),
        total_obligations: obligations.len(),
        minimal: cover.minimal,
    }
}

fn divergences(js: &[JurisdictionResult], prepared: &Prepared) -> Vec<Divergence> {
    let applicable: BTreeSet<&str> = js
        .iter()
        .filter(|j| j.applies)
        .map(|j| j.jurisdiction.as_str())
        .collect();
    if applicable.len() < 2 {
        return Vec::new();
    }
    let mut by_theme: BTreeMap<&Text, Vec<&Obligation>> = BTreeMap::new();
    for o in js.iter().flat_map(|j| j.obligations.iter()) {
        let themes: BTreeSet<&Text> = o.controls.iter().map(|c| &c.theme).collect();
        for t in themes {
            by_theme.entry(t).or_default().push(o);
        }
    }
    let mut out = Vec::new();
    for (theme, obs) in by_theme {
        let with: BTreeSet<&str> = obs.iter().map(|o| o.jurisdiction.as_str()).collect();
        let without: Vec<String> = applicable
            .difference(&with)
            .map(|s| s.to_string())
            .collect();
        let deadlines: BTreeSet<(u32, bool)> = obs
            .iter()
            .filter_map(|o| o.deadline.as_ref().map(|d| (d.days, d.working_days)))
            .collect();
        if without.is_empty() && deadlines.len() < 2 {
            continue;
        }
        let entries: Vec<DivergenceEntry> = obs
            .iter()
            .map(|o| DivergenceEntry {
                jurisdiction: o.jurisdiction.clone(),
                obligation: o.id.clone(),
                citation: o.citation.clone(),
                requirement_title: o.requirement_title.clone(),
                deadline: o.deadline.clone(),
            })
            .collect();
        let strictest = entries
            .iter()
            .filter(|e| e.deadline.is_some())
            .min_by_key(|e| e.deadline.as_ref().map(|d| d.days))
            .cloned();
        out.push(Divergence {
            theme: theme.clone(),
            theme_title: prepared
                .theme_titles
                .get(theme.as_str())
                .cloned()
                .unwrap_or_else(|| theme.clone()),
            jurisdictions_with: with.into_iter().map(str::to_string).collect(),
            jurisdictions_without: without,
            entries,
            strictest,
        });
    }
    out
}
