//! Traffic Light Protocol 2.0 markings and the one decision of who may see
//! what, with the helpers every surface uses (filtering lists, counting and
//! tallying only what the viewer may see).
//!
//! The levels follow FIRST's "Traffic Light Protocol (TLP) — FIRST Standards
//! Definitions and Usage Guidance, Version 2.0" (August 2022,
//! <https://www.first.org/tlp/>):
//!
//! * TLP:RED — "for the eyes and ears of individual recipients only, no
//!   further disclosure": here the members the report names as recipients.
//! * TLP:AMBER+STRICT — limited disclosure "restricted to the organization
//!   only": here the reporter's organisation.
//! * TLP:AMBER — limited disclosure to the recipients' organisations on a
//!   need-to-know basis: here the organisations of the reporting community
//!   the report names (WAICO's unit of "recipient organisations").
//! * TLP:GREEN — limited disclosure "within their community": here every
//!   signed-in member of the node.
//! * TLP:CLEAR — "no limit on disclosure": everyone, anonymous visitors too.
//!
//! The author of a report or comment always sees it. No role (not even the
//! secretariat) overrides a marking: a secretariat member sees what any
//! member in the same position would see.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ids::{CommunityId, MemberId, OrgId};

/// The five TLP 2.0 levels, from least to most restrictive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tlp {
    #[serde(rename = "CLEAR")]
    Clear,
    #[serde(rename = "GREEN")]
    Green,
    #[serde(rename = "AMBER")]
    Amber,
    #[serde(rename = "AMBER+STRICT")]
    AmberStrict,
    #[serde(rename = "RED")]
    Red,
}

impl Tlp {
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// The level as written after `TLP:`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tlp::Clear => "CLEAR",
            Tlp::Green => "GREEN",
            Tlp::Amber => "AMBER",
            Tlp::AmberStrict => "AMBER+STRICT",
            Tlp::Red => "RED",
        }
    }

    /// The label as FIRST requires it to be shown: `TLP:AMBER+STRICT`.
    pub fn label(self) -> String {
        format!("TLP:{}", self.as_str())
    }
}

impl fmt::Display for Tlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// A TLP level that is not one of the five of TLP 2.0 (`WHITE` was retired by 2.0).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("tlp: {0:?} is not a TLP 2.0 level (CLEAR, GREEN, AMBER, AMBER+STRICT, RED)")]
pub struct TlpError(pub String);

impl FromStr for Tlp {
    type Err = TlpError;
    /// Accepts `AMBER+STRICT` or `TLP:AMBER+STRICT`, in any case.
    fn from_str(s: &str) -> Result<Self, TlpError> {
        let upper = s.trim().to_ascii_uppercase();
        let bare = upper.strip_prefix("TLP:").unwrap_or(&upper);
        Tlp::ALL
            .into_iter()
            .find(|t| t.as_str() == bare)
            .ok_or_else(|| TlpError(s.to_owned()))
    }
}

/// A level together with whom it names: AMBER names a community, RED names
/// its recipients (at least one). AMBER+STRICT needs no name: it is the
/// organisation of the [`Origin`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "tlp", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Marking {
    Clear,
    Green,
    Amber {
        community: CommunityId,
    },
    #[serde(rename = "AMBER+STRICT")]
    AmberStrict,
    Red {
        recipients: Recipients,
    },
}

/// The non-empty set of members a TLP:RED item is shared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "BTreeSet<MemberId>", into = "BTreeSet<MemberId>")]
pub struct Recipients(BTreeSet<MemberId>);

/// A TLP:RED marking without recipients.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("recipients: TLP:RED needs at least one named recipient")]
pub struct NoRecipients;

impl Recipients {
    pub fn new(members: impl IntoIterator<Item = MemberId>) -> Result<Self, NoRecipients> {
        let set: BTreeSet<MemberId> = members.into_iter().collect();
        if set.is_empty() {
            Err(NoRecipients)
        } else {
            Ok(Recipients(set))
        }
    }

    pub fn contains(&self, member: &MemberId) -> bool {
        self.0.contains(member)
    }

    pub fn iter(&self) -> impl Iterator<Item = &MemberId> {
        self.0.iter()
    }
}

impl TryFrom<BTreeSet<MemberId>> for Recipients {
    type Error = NoRecipients;
    fn try_from(set: BTreeSet<MemberId>) -> Result<Self, NoRecipients> {
        Recipients::new(set)
    }
}

impl From<Recipients> for BTreeSet<MemberId> {
    fn from(r: Recipients) -> Self {
        r.0
    }
}

impl Marking {
    pub fn tlp(&self) -> Tlp {
        match self {
            Marking::Clear => Tlp::Clear,
            Marking::Green => Tlp::Green,
            Marking::Amber { .. } => Tlp::Amber,
            Marking::AmberStrict => Tlp::AmberStrict,
            Marking::Red { .. } => Tlp::Red,
        }
    }

    /// Whether the item is public (TLP:CLEAR).
    pub fn is_public(&self) -> bool {
        matches!(self, Marking::Clear)
    }
}

/// Who wrote an item and for which organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub author: MemberId,
    pub org: OrgId,
}

/// Who is looking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Viewer {
    /// Not signed in.
    Anonymous,
    /// A signed-in member of the node.
    Member(MemberView),
}

/// A signed-in member: its organisation and the reporting communities its organisation belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub member: MemberId,
    pub org: OrgId,
    pub communities: BTreeSet<CommunityId>,
    /// Works for the secretariat. Grants no TLP access of its own.
    pub secretariat: bool,
}

impl Viewer {
    pub fn member(&self) -> Option<&MemberView> {
        match self {
            Viewer::Anonymous => None,
            Viewer::Member(m) => Some(m),
        }
    }
}

/// THE decision: may `viewer` see an item marked `marking` that `origin` wrote?
pub fn may_see(marking: &Marking, origin: &Origin, viewer: &Viewer) -> bool {
    let Some(m) = viewer.member() else {
        return matches!(marking, Marking::Clear);
    };
    if m.member == origin.author {
        return true;
    }
    match marking {
        Marking::Clear | Marking::Green => true,
        Marking::Amber { community } => m.communities.contains(community),
        Marking::AmberStrict => m.org == origin.org,
        Marking::Red { recipients } => recipients.contains(&m.member),
    }
}

/// Anything that carries a TLP marking and an origin.
pub trait Shared {
    fn marking(&self) -> &Marking;
    fn origin(&self) -> &Origin;

    /// [`may_see`] for this item.
    fn visible_to(&self, viewer: &Viewer) -> bool {
        may_see(self.marking(), self.origin(), viewer)
    }
}

/// The items `viewer` may see, in order.
pub fn visible<'a, T: Shared + 'a>(
    items: impl IntoIterator<Item = &'a T>,
    viewer: &'a Viewer,
) -> impl Iterator<Item = &'a T> {
    items.into_iter().filter(move |i| i.visible_to(viewer))
}

/// How many items `viewer` may see.
pub fn count_visible<'a, T: Shared + 'a>(
    items: impl IntoIterator<Item = &'a T>,
    viewer: &Viewer,
) -> u64 {
    items.into_iter().filter(|i| i.visible_to(viewer)).count() as u64
}

/// Counts per key over the items `viewer` may see; an item may give several
/// keys (a report with two harm types counts once under each).
pub fn tally_visible<'a, T: Shared + 'a, K: Ord, I: IntoIterator<Item = K>>(
    items: impl IntoIterator<Item = &'a T>,
    viewer: &Viewer,
    keys: impl Fn(&T) -> I,
) -> BTreeMap<K, u64> {
    let mut out = BTreeMap::new();
    for item in items.into_iter().filter(|i| i.visible_to(viewer)) {
        for k in keys(item) {
            *out.entry(k).or_insert(0) += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_in_their_tlp_2_spelling_only() {
        assert_eq!("tlp:amber+strict".parse::<Tlp>().unwrap(), Tlp::AmberStrict);
        assert_eq!("CLEAR".parse::<Tlp>().unwrap(), Tlp::Clear);
        assert!("WHITE".parse::<Tlp>().is_err());
        assert_eq!(Tlp::AmberStrict.label(), "TLP:AMBER+STRICT");
        assert!(Tlp::Red > Tlp::AmberStrict && Tlp::AmberStrict > Tlp::Amber);
    }

    #[test]
    fn red_needs_a_recipient_also_when_deserialized() {
        assert!(Recipients::new([]).is_err());
        let bad: Result<Marking, _> = serde_json::from_str(r#"{"tlp":"RED","recipients":[]}"#);
        assert!(bad.is_err());
        let good: Marking =
            serde_json::from_str(r#"{"tlp":"AMBER+STRICT"}"#).expect("amber+strict parses");
        assert_eq!(good.tlp(), Tlp::AmberStrict);
    }
}
