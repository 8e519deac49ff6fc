//! Research requests for compute: what a project wants, what it can use, and the
//! limits (window, data residency, end use) any offer serving it must respect.

use serde::{Deserialize, Serialize};

use crate::primitives::{CountryCode, FieldError, Window, hours, text};

/// An accelerator model the project can use, and its exchange rate: how many
/// reference hours one hour on it is worth to this project (ACCESS-credit style).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptedAccelerator {
    pub model: String,
    pub factor: f64,
}

/// The fields of a request as submitted, before validation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestInput {
    pub id: String,
    pub title: String,
    #[serde(rename = "abstract")]
    pub summary: String,
    pub institution: String,
    pub country: String,
    /// Supplied by the caller from the member registry.
    pub global_south: bool,
    pub accelerators: Vec<AcceptedAccelerator>,
    /// Reference hours wanted.
    pub hours: f64,
    /// The least amount that is useful; less is worth nothing (all or nothing).
    #[serde(default)]
    pub minimum_hours: f64,
    pub window: Window,
    /// Jurisdictions the data may reside in; empty means anywhere.
    #[serde(default)]
    pub data_residency: Vec<CountryCode>,
    pub end_use: String,
    #[serde(default)]
    pub first_time: bool,
}

/// A validated compute request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RequestInput")]
pub struct Request {
    id: String,
    title: String,
    #[serde(rename = "abstract")]
    summary: String,
    institution: String,
    country: CountryCode,
    global_south: bool,
    accelerators: Vec<AcceptedAccelerator>,
    hours: f64,
    minimum_hours: f64,
    window: Window,
    data_residency: Vec<CountryCode>,
    end_use: String,
    first_time: bool,
}

impl TryFrom<RequestInput> for Request {
    type Error = FieldError;
    fn try_from(input: RequestInput) -> Result<Self, FieldError> {
        Request::parse(input)
    }
}

impl Request {
    pub fn parse(input: RequestInput) -> Result<Self, FieldError> {
        let id = text("request.id", &input.id)?;
        let at = |e: FieldError| e.within(&format!("request[{id}]"));
        let wanted = hours("hours", input.hours).map_err(at)?;
        if wanted <= 0.0 {
            return Err(at(FieldError::new("hours", "must be positive")));
        }
        let minimum = hours("minimum_hours", input.minimum_hours).map_err(at)?;
        if minimum > wanted {
            return Err(at(FieldError::new(
                "minimum_hours",
                format!("{minimum} exceeds the {wanted} hours wanted"),
            )));
        }
        if input.accelerators.is_empty() {
            return Err(at(FieldError::new("accelerators", "name at least one")));
        }
        let mut accelerators = Vec::with_capacity(input.accelerators.len());
        for (i, a) in input.accelerators.into_iter().enumerate() {
            let field = format!("accelerators[{i}]");
            let model = text(&format!("{field}.model"), &a.model).map_err(at)?;
            if !(a.factor.is_finite() && a.factor > 0.0) {
                return Err(at(FieldError::new(
                    format!("{field}.factor"),
                    format!("{} is not a positive exchange rate", a.factor),
                )));
            }
            if accelerators
                .iter()
                .any(|b: &AcceptedAccelerator| b.model == model)
            {
                return Err(at(FieldError::new(
                    format!("{field}.model"),
                    format!("`{model}` is named twice"),
                )));
            }
            accelerators.push(AcceptedAccelerator {
                model,
                factor: a.factor,
            });
        }
        Ok(Self {
            title: text("title", &input.title).map_err(at)?,
            summary: input.summary.trim().to_string(),
            institution: text("institution", &input.institution).map_err(at)?,
            country: CountryCode::parse("country", &input.country).map_err(at)?,
            global_south: input.global_south,
            accelerators,
            hours: wanted,
            minimum_hours: minimum,
            window: input.window,
            data_residency: input.data_residency,
            end_use: text("end_use", &input.end_use)
                .map_err(at)?
                .to_ascii_lowercase(),
            first_time: input.first_time,
            id,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn summary(&self) -> &str {
        &self.summary
    }
    pub fn institution(&self) -> &str {
        &self.institution
    }
    pub fn country(&self) -> &CountryCode {
        &self.country
    }
    pub fn global_south(&self) -> bool {
        self.global_south
    }
    pub fn accelerators(&self) -> &[AcceptedAccelerator] {
        &self.accelerators
    }
    pub fn hours(&self) -> f64 {
        self.hours
    }
    pub fn minimum_hours(&self) -> f64 {
        self.minimum_hours
    }
    pub fn window(&self) -> &Window {
        &self.window
    }
    pub fn data_residency(&self) -> &[CountryCode] {
        &self.data_residency
    }
    pub fn end_use(&self) -> &str {
        &self.end_use
    }
    pub fn first_time(&self) -> bool {
        self.first_time
    }

    /// The exchange rate for an accelerator model, if the project can use it.
    pub fn factor_for(&self, model: &str) -> Option<f64> {
        self.accelerators
            .iter()
            .find(|a| a.model.eq_ignore_ascii_case(model))
            .map(|a| a.factor)
    }
}
