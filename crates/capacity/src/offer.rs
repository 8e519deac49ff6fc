//! Compute offers: donated accelerator hours at a site, with their terms and the
//! restrictions the provider attaches to them.

use serde::{Deserialize, Serialize};

use crate::primitives::{CountryCode, FieldError, Window, hours, text};

/// What the requester pays for the hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Terms {
    Free,
    CostRecovery {
        price_per_hour: f64,
        currency: String,
    },
}

/// The provider's own restrictions, applied on top of the export-control rules of
/// the site's jurisdiction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restrictions {
    /// Requesting countries that may not use the offer.
    #[serde(default)]
    pub destinations_excluded: Vec<CountryCode>,
    /// When present, only these requesting countries may use the offer.
    #[serde(default)]
    pub destinations_allowed: Option<Vec<CountryCode>>,
    /// End uses (`military`, `surveillance`, …) the offer may not serve.
    #[serde(default)]
    pub end_uses_excluded: Vec<String>,
}

/// The fields of an offer as submitted, before validation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferInput {
    pub id: String,
    pub provider: String,
    pub site: String,
    /// Where the site is: whose export-control rules apply and where data resides.
    pub jurisdiction: String,
    /// Accelerator model (`H100`, `Ascend 910B`, …), classed by the rule set's catalogue.
    pub accelerator: String,
    pub count: u32,
    /// Accelerator-hours offered in the window.
    pub hours: f64,
    pub window: Window,
    pub terms: Terms,
    #[serde(default)]
    pub restrictions: Restrictions,
}

/// A validated compute offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "OfferInput")]
pub struct Offer {
    id: String,
    provider: String,
    site: String,
    jurisdiction: CountryCode,
    accelerator: String,
    count: u32,
    hours: f64,
    window: Window,
    terms: Terms,
    restrictions: Restrictions,
}

impl TryFrom<OfferInput> for Offer {
    type Error = FieldError;
    fn try_from(input: OfferInput) -> Result<Self, FieldError> {
        Offer::parse(input)
    }
}

impl Offer {
    pub fn parse(input: OfferInput) -> Result<Self, FieldError> {
        let id = text("offer.id", &input.id)?;
        let at = |e: FieldError| e.within(&format!("offer[{id}]"));
        if input.count == 0 {
            return Err(at(FieldError::new("count", "must be at least 1")));
        }
        let offered = hours("hours", input.hours).map_err(at)?;
        let most = f64::from(input.count) * 24.0 * input.window.days() as f64;
        if offered > most + 1e-9 {
            return Err(at(FieldError::new(
                "hours",
                format!(
                    "{offered} accelerator-hours exceed {} accelerators for {} days ({most})",
                    input.count,
                    input.window.days()
                ),
            )));
        }
        if let Terms::CostRecovery {
            price_per_hour,
            currency,
        } = &input.terms
        {
            hours("terms.price_per_hour", *price_per_hour).map_err(at)?;
            if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(at(FieldError::new(
                    "terms.currency",
                    format!("`{currency}` is not an ISO 4217 code"),
                )));
            }
        }
        let mut restrictions = input.restrictions;
        restrictions.end_uses_excluded = restrictions
            .end_uses_excluded
            .iter()
            .map(|u| u.trim().to_ascii_lowercase())
            .collect();
        Ok(Self {
            provider: text("provider", &input.provider).map_err(at)?,
            site: text("site", &input.site).map_err(at)?,
            jurisdiction: CountryCode::parse("jurisdiction", &input.jurisdiction).map_err(at)?,
            accelerator: text("accelerator", &input.accelerator).map_err(at)?,
            count: input.count,
            hours: offered,
            window: input.window,
            terms: input.terms,
            restrictions,
            id,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn provider(&self) -> &str {
        &self.provider
    }
    pub fn site(&self) -> &str {
        &self.site
    }
    pub fn jurisdiction(&self) -> &CountryCode {
        &self.jurisdiction
    }
    pub fn accelerator(&self) -> &str {
        &self.accelerator
    }
    pub fn count(&self) -> u32 {
        self.count
    }
    pub fn hours(&self) -> f64 {
        self.hours
    }
    pub fn window(&self) -> &Window {
        &self.window
    }
    pub fn terms(&self) -> &Terms {
        &self.terms
    }
    pub fn restrictions(&self) -> &Restrictions {
        &self.restrictions
    }

    /// The hours this offer did not deliver, offered again in a later window; the
    /// id records where they came from.
    pub fn carried_over(&self, hours: f64, window: Window) -> Self {
        Self {
            id: format!("{}+carried", self.id),
            hours: hours.max(0.0),
            window,
            ..self.clone()
        }
    }
}
