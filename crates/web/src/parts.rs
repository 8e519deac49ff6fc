//! The six parts of the platform as the home page presents them: where each
//! lives and whether it exists yet. A part that is not built yet says so on
//! its card and links nowhere; flipping `available` is all a new part needs.
//! All six exist now.

/// One part of the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// Fluent key stem: `part-<key>` (name) and `part-<key>-text` (summary).
    pub key: &'static str,
    /// Where the part's pages start.
    pub href: &'static str,
    /// Whether the part's pages exist on this node.
    pub available: bool,
}

impl Part {
    pub fn name_key(&self) -> String {
        format!("part-{}", self.key)
    }

    pub fn text_key(&self) -> String {
        format!("part-{}-text", self.key)
    }
}

/// The parts in the order of the product brief.
pub const PARTS: [Part; 6] = [
    Part {
        key: "members",
        href: "/members",
        available: true,
    },
    Part {
        key: "framework",
        href: "/frameworks",
        available: true,
    },
    Part {
        key: "deliberation",
        href: "/deliberation",
        available: true,
    },
    Part {
        key: "commons",
        href: "/commons",
        available: true,
    },
    Part {
        key: "capacity",
        href: "/capacity",
        available: true,
    },
    Part {
        key: "safety",
        href: "/safety",
        available: true,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_has_its_own_place() {
        let mut hrefs: Vec<&str> = PARTS.iter().map(|p| p.href).collect();
        hrefs.sort_unstable();
        hrefs.dedup();
        assert_eq!(hrefs.len(), PARTS.len());
        assert_eq!(PARTS[2].name_key(), "part-deliberation");
        assert_eq!(PARTS[2].text_key(), "part-deliberation-text");
    }
}
