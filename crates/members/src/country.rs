//! ISO 3166-1 countries with UN M49 regions, World Bank income groups, UN
//! membership and names in the six UN languages.
//!
//! Source: the "Countries & Territories Taxonomy" CSV shipped in the PyPI
//! package `hdx-python-country` 4.2.5 (MIT licence, see
//! `data/countries.LICENSE`), embedded unchanged in `data/countries.csv`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::{Invalid, Lang};

/// An ISO 3166-1 alpha-3 code of a country in the reference data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 3]);

impl CountryCode {
    /// Accepts an alpha-3 or alpha-2 code (any case) of a known country.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Countries::get()
            .find(raw)
            .map(|c| c.alpha3)
            .ok_or(Invalid::new("country", "err-unknown-country"))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("alpha-3 codes are ASCII")
    }

    /// The country this code names.
    pub fn country(&self) -> &'static Country {
        Countries::get()
            .by_alpha3(self.as_str())
            .expect("a CountryCode is only made from the reference data")
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for CountryCode {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CountryCode::parse(&value)
    }
}

impl From<CountryCode> for String {
    fn from(value: CountryCode) -> Self {
        value.as_str().to_owned()
    }
}

/// World Bank income group (fiscal-year classification in the source data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IncomeGroup {
    Low,
    LowerMiddle,
    UpperMiddle,
    High,
    /// Not classified by the World Bank (for example Venezuela since 2021).
    Unclassified,
}

impl IncomeGroup {
    pub const ALL: [IncomeGroup; 5] = [
        IncomeGroup::Low,
        IncomeGroup::LowerMiddle,
        IncomeGroup::UpperMiddle,
        IncomeGroup::High,
        IncomeGroup::Unclassified,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            IncomeGroup::Low => "low",
            IncomeGroup::LowerMiddle => "lower_middle",
            IncomeGroup::UpperMiddle => "upper_middle",
            IncomeGroup::High => "high",
            IncomeGroup::Unclassified => "unclassified",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.slug() == raw)
    }

    fn from_source(raw: &str) -> Self {
        match raw {
            "Low" => IncomeGroup::Low,
            "Lower middle" => IncomeGroup::LowerMiddle,
            "Upper middle" => IncomeGroup::UpperMiddle,
            "High" => IncomeGroup::High,
            _ => IncomeGroup::Unclassified,
        }
    }
}

/// A UN M49 region or sub-region: numeric code and English name. The UI
/// translates it by code (`region-<code>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Region {
    pub code: u16,
    pub name: String,
}

/// Whether a country counts as Global South. `Unknown` is a third answer,
/// not a "no": a country the World Bank does not classify (the Holy See,
/// Venezuela since 2021) counts neither as Global South nor as not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum GlobalSouth {
    #[serde(rename = "true")]
    Yes,
    #[serde(rename = "false")]
    No,
    #[serde(rename = "unknown")]
    Unknown,
}

impl GlobalSouth {
    pub const ALL: [GlobalSouth; 3] = [GlobalSouth::Yes, GlobalSouth::No, GlobalSouth::Unknown];

    /// The value used in query strings and search facets.
    pub fn slug(self) -> &'static str {
        match self {
            GlobalSouth::Yes => "true",
            GlobalSouth::No => "false",
            GlobalSouth::Unknown => "unknown",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|g| g.slug() == raw)
            .ok_or_else(|| Invalid::new("global_south", "err-invalid-choice"))
    }

    /// `Some(true)`/`Some(false)` when known, `None` when unknown.
    pub fn known(self) -> Option<bool> {
        match self {
            GlobalSouth::Yes => Some(true),
            GlobalSouth::No => Some(false),
            GlobalSouth::Unknown => None,
        }
    }
}

/// The rule that makes "Global South" a derived fact: every classified
/// income group not listed in `excluded` counts; the default excludes only
/// `High`. An unclassified income group is always `Unknown`, whatever the
/// list says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalSouthRule {
    excluded: Vec<IncomeGroup>,
}

impl Default for GlobalSouthRule {
    fn default() -> Self {
        Self {
            excluded: vec![IncomeGroup::High],
        }
    }
}

impl GlobalSouthRule {
    /// A rule excluding `excluded`; `unclassified` cannot be listed, since
    /// an unclassified country is neither Global South nor not.
    pub fn new(excluded: Vec<IncomeGroup>) -> Result<Self, Invalid> {
        if excluded.contains(&IncomeGroup::Unclassified) {
            return Err(Invalid::new("global_south_excludes", "err-invalid-choice"));
        }
        Ok(Self { excluded })
    }

    pub fn classify(&self, country: &Country) -> GlobalSouth {
        match country.income_group {
            IncomeGroup::Unclassified => GlobalSouth::Unknown,
            g if self.excluded.contains(&g) => GlobalSouth::No,
            _ => GlobalSouth::Yes,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Country {
    pub alpha2: String,
    pub alpha3: CountryCode,
    pub m49: u16,
    pub region: Option<Region>,
    pub sub_region: Option<Region>,
    pub intermediate_region: Option<Region>,
    pub income_group: IncomeGroup,
    /// One of the 193 member states of the United Nations.
    pub un_member: bool,
    /// A non-member observer state of the UN General Assembly.
    pub un_observer: bool,
    names: [String; 6],
}

impl Country {
    pub fn name(&self, lang: Lang) -> &str {
        &self.names[lang_index(lang)]
    }

    pub fn names(&self) -> impl Iterator<Item = (Lang, &str)> {
        Lang::ALL.into_iter().map(|l| (l, self.name(l)))
    }

    /// Case- and accent-insensitive match of `query` against the name in any
    /// of the six languages, or the codes.
    pub fn matches(&self, query: &str) -> bool {
        let q = fold(query);
        if q.is_empty() {
            return true;
        }
        fold(&self.alpha2) == q
            || fold(self.alpha3.as_str()) == q
            || self.names.iter().any(|n| fold(n).contains(&q))
    }
}

fn lang_index(lang: Lang) -> usize {
    Lang::ALL
        .iter()
        .position(|l| *l == lang)
        .expect("ALL lists every language")
}

/// Lower-cases and strips the common Latin accents and Arabic diacritics so
/// that "cote d'ivoire" finds "Côte d'Ivoire".
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !('\u{064B}'..='\u{065F}').contains(c) && *c != '\u{0640}')
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
                'a'
            }
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            'ё' | 'Ё' => 'е',
            'أ' | 'إ' | 'آ' => 'ا',
            '’' => '\'',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The whole reference table, parsed once from the embedded CSV.
pub struct Countries {
    list: Vec<Country>,
    by_code: HashMap<String, usize>,
}

const CSV: &str = include_str!("../data/countries.csv");

impl Countries {
    pub fn get() -> &'static Countries {
        static TABLE: OnceLock<Countries> = OnceLock::new();
        TABLE.get_or_init(|| Countries::parse(CSV).expect("embedded country data parses"))
    }

    fn parse(csv_text: &str) -> Result<Countries, csv::Error> {
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let headers = reader.headers()?.clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("country CSV lacks column {name}"))
        };
        let (a2, a3, m49) = (
            col("ISO 3166-1 Alpha 2-Codes"),
            col("ISO 3166-1 Alpha 3-Codes"),
            col("m49 numerical code"),
        );
        let (dgacm, unterm, deprecated) = (
            col("Appears in DGACM list"),
            col("Appears in UNTERM list"),
            col("Deprecated"),
        );
        let income = col("World Bank Income Level");
        let regions = [
            (col("Region Code"), col("Region Name")),
            (col("Sub-region Code"), col("Sub-region Name")),
            (
                col("Intermediate Region Code"),
                col("Intermediate Region Name"),
            ),
        ];
        // M49 names first (complete for states), the short names as fallback.
        let name_cols: Vec<(usize, usize)> = [
            "Arabic", "Chinese", "English", "French", "Russian", "Spanish",
        ]
        .iter()
        .map(|l| (col(&format!("M49 {l}")), col(&format!("{l} Short"))))
        .collect();
        let english = col("Preferred Term");

        let mut list = Vec::new();
        let mut by_code = HashMap::new();
        for record in reader.records() {
            let r = record?;
            let alpha3 = r[a3].trim();
            if alpha3.len() != 3 || &r[deprecated] == "Y" {
                continue;
            }
            let region_at = |i: usize| {
                let (c, n) = regions[i];
                r[c].parse::<u16>().ok().map(|code| Region {
                    code,
                    name: r[n].to_owned(),
                })
            };
            let names = std::array::from_fn(|i| {
                let (m49_col, short_col) = name_cols[i];
                [&r[m49_col], &r[short_col], &r[name_cols[2].0], &r[english]]
                    .into_iter()
                    .find(|n| !n.trim().is_empty())
                    .unwrap_or_default()
                    .trim()
                    .to_owned()
            });
            let bytes = alpha3.as_bytes();
            let country = Country {
                alpha2: r[a2].trim().to_owned(),
                alpha3: CountryCode([bytes[0], bytes[1], bytes[2]]),
                m49: r[m49].parse().unwrap_or(0),
                region: region_at(0),
                sub_region: region_at(1),
                intermediate_region: region_at(2),
                income_group: IncomeGroup::from_source(r[income].trim()),
                un_member: &r[dgacm] == "Y",
                un_observer: &r[unterm] == "Y"
                    && &r[dgacm] != "Y"
                    && ["PSE", "VAT"].contains(&alpha3),
                names,
            };
            by_code.insert(country.alpha3.as_str().to_owned(), list.len());
            if !country.alpha2.is_empty() {
                by_code.insert(country.alpha2.clone(), list.len());
            }
            list.push(country);
        }
        Ok(Countries { list, by_code })
    }

    pub fn all(&self) -> &[Country] {
        &self.list
    }

    pub fn by_alpha3(&self, code: &str) -> Option<&Country> {
        self.by_code
            .get(code)
            .map(|&i| &self.list[i])
            .filter(|c| c.alpha3.as_str() == code)
    }

    /// Finds a country by alpha-2 or alpha-3 code, in any case.
    pub fn find(&self, code: &str) -> Option<&Country> {
        let upper = code.trim().to_ascii_uppercase();
        self.by_code.get(&upper).map(|&i| &self.list[i])
    }

    /// All distinct top-level regions, ordered by code.
    pub fn regions(&self) -> Vec<Region> {
        let mut regions: Vec<Region> = self.list.iter().filter_map(|c| c.region.clone()).collect();
        regions.sort_by_key(|r| r.code);
        regions.dedup_by_key(|r| r.code);
        regions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_table_has_every_un_member_state() {
        let all = Countries::get().all();
        assert_eq!(all.iter().filter(|c| c.un_member).count(), 193);
        assert!(all.len() >= 240, "{} countries", all.len());
        let observers: Vec<&str> = all
            .iter()
            .filter(|c| c.un_observer)
            .map(|c| c.alpha3.as_str())
            .collect();
        assert_eq!(
            observers,
            ["VAT", "PSE"],
            "Holy See and State of Palestine, in table order"
        );
    }

    #[test]
    fn china_has_codes_region_income_and_six_names() {
        let cn = Countries::get().find("cn").unwrap();
        assert_eq!(cn.alpha3.as_str(), "CHN");
        assert_eq!(cn.m49, 156);
        assert_eq!(cn.region.as_ref().unwrap().name, "Asia");
        assert_eq!(cn.sub_region.as_ref().unwrap().name, "Eastern Asia");
        assert_eq!(cn.income_group, IncomeGroup::UpperMiddle);
        assert_eq!(cn.name(Lang::Zh), "中国");
        assert_eq!(cn.name(Lang::Ar), "الصين");
        assert_eq!(cn.name(Lang::Ru), "Китай");
        for (lang, name) in cn.names() {
            assert!(!name.is_empty(), "{lang} name missing");
        }
    }

    #[test]
    fn global_south_is_derived_from_income_group_and_configurable() {
        let rule = GlobalSouthRule::default();
        let c = |code: &str| Countries::get().find(code).unwrap();
        assert_eq!(rule.classify(c("ZAF")), GlobalSouth::Yes);
        assert_eq!(rule.classify(c("DEU")), GlobalSouth::No);
        assert_eq!(rule.classify(c("QAT")), GlobalSouth::No);
        assert_eq!(c("VAT").income_group, IncomeGroup::Unclassified);
        assert_eq!(rule.classify(c("VAT")), GlobalSouth::Unknown, "Holy See");
        assert_eq!(rule.classify(c("VEN")), GlobalSouth::Unknown);
        let strict =
            GlobalSouthRule::new(vec![IncomeGroup::High, IncomeGroup::UpperMiddle]).unwrap();
        assert_eq!(strict.classify(c("CHN")), GlobalSouth::No);
        assert_eq!(strict.classify(c("KEN")), GlobalSouth::Yes);
        assert_eq!(strict.classify(c("VAT")), GlobalSouth::Unknown);
        let err = GlobalSouthRule::new(vec![IncomeGroup::Unclassified]).unwrap_err();
        assert_eq!(err.field, "global_south_excludes");
    }

    #[test]
    fn global_south_answers_parse_from_their_slugs_only() {
        for g in GlobalSouth::ALL {
            assert_eq!(GlobalSouth::parse(g.slug()).unwrap(), g);
        }
        assert_eq!(GlobalSouth::Unknown.known(), None);
        assert_eq!(
            GlobalSouth::parse("maybe").unwrap_err().field,
            "global_south"
        );
    }

    #[test]
    fn search_by_name_in_any_language_ignores_case_and_accents() {
        let hits = |q: &str| -> Vec<&str> {
            Countries::get()
                .all()
                .iter()
                .filter(|c| c.matches(q))
                .map(|c| c.alpha3.as_str())
                .collect()
        };
        assert!(hits("cote d'ivoire").contains(&"CIV"));
        assert!(hits("Allemagne").contains(&"DEU"));
        assert!(hits("南非").contains(&"ZAF"));
        assert!(hits("قطر").contains(&"QAT"));
        assert!(hits("россия").contains(&"RUS") || hits("российская").contains(&"RUS"));
        assert_eq!(hits("KEN"), ["KEN"]);
    }

    #[test]
    fn codes_parse_from_either_form_and_reject_unknown() {
        assert_eq!(CountryCode::parse("de").unwrap().as_str(), "DEU");
        assert_eq!(CountryCode::parse("DEU").unwrap().as_str(), "DEU");
        assert_eq!(CountryCode::parse("XXX").unwrap_err().field, "country");
    }
}
