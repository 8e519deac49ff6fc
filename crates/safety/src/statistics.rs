//! Statistics over reports (by harm type, sector, country, month, TLP
//! level and state) computed only over the reports the viewer may see, so
//! that a chart or a count cannot reveal a restricted report. Duplicates
//! (counted in the report they were merged into) and withdrawn reports are
//! left out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::Report;
use crate::tlp::{Shared, Viewer};
use crate::workflow::State;

/// Counts over the visible reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statistics {
    pub total: u64,
    pub by_harm_type: BTreeMap<String, u64>,
    pub by_sector: BTreeMap<String, u64>,
    pub by_country: BTreeMap<String, u64>,
    /// `YYYY-MM` of the incident date (of the submission when the date is unknown).
    pub by_month: BTreeMap<String, u64>,
    pub by_tlp: BTreeMap<String, u64>,
    pub by_state: BTreeMap<String, u64>,
    pub vulnerabilities: u64,
}

fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    *map.entry(key.to_owned()).or_insert(0) += 1;
}

/// The statistics of the reports `viewer` may see.
pub fn statistics<'a>(
    reports: impl IntoIterator<Item = &'a Report>,
    viewer: &Viewer,
) -> Statistics {
    let mut s = Statistics::default();
    for r in reports {
        if !r.visible_to(viewer) || matches!(r.state(), State::Duplicate { .. } | State::Withdrawn)
        {
            continue;
        }
        s.total += 1;
        let h = &r.content.harm;
        for t in &h.harm_types {
            bump(&mut s.by_harm_type, t);
        }
        for t in &h.sectors {
            bump(&mut s.by_sector, t);
        }
        for c in &h.countries {
            bump(&mut s.by_country, c.as_str());
        }
        let day = r.content.date.unwrap_or(r.submitted_at.date());
        bump(
            &mut s.by_month,
            &format!("{:04}-{:02}", day.year(), u8::from(day.month())),
        );
        bump(&mut s.by_tlp, r.marking.tlp().as_str());
        bump(&mut s.by_state, r.state().name());
        if matches!(
            r.content.subject,
            crate::report::Subject::Vulnerability { .. }
        ) {
            s.vulnerabilities += 1;
        }
    }
    s
}
