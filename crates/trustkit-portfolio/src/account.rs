//! [`Account`]: everything known about one customer.

use std::collections::BTreeMap;

use trustkit_assessment::Response;
use trustkit_equation::Ratings;
use trustkit_learning::Experience;
use trustkit_loyalty::Phase;

use crate::AccountError;

/// Market facts about an account, each on `[0, 1]` and each optional. A fact the account does not
/// state is *unknown*: the renewal model holds it at its neutral reference and names it in
/// `renewal_missing`, and commitment, relationship and switching use the documented default of
/// [`MarketFacts::or_default`] — never a number that passes for evidence. A file with a fact outside
/// `[0, 1]` does not load ([`MarketFacts::validate`]).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(remote = "Self", default, deny_unknown_fields)]
pub struct MarketFacts {
    /// Quality and value of the product as the customer experiences it (*default* 0.6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_value: Option<f64>,
    /// Cost and risk of switching (*default* 0.4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub switching_cost: Option<f64>,
    /// Attractiveness of the best alternative (*default* 0.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternatives: Option<f64>,
    /// Respect for the supplier (*default* 0.6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respect: Option<f64>,
    /// Trust in the most likely competitor, from its reputation (*default* 0.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newcomer_trust: Option<f64>,
}

impl MarketFacts {
    /// The documented defaults of the facts, for the models that need a number: product value 0.6,
    /// switching cost 0.4, alternatives 0.5, respect 0.6, newcomer trust 0.5.
    pub const DEFAULTS: Self = Self {
        product_value: Some(0.6),
        switching_cost: Some(0.4),
        alternatives: Some(0.5),
        respect: Some(0.6),
        newcomer_trust: Some(0.5),
    };

    /// Every fact, the stated ones as stated and the others at [`MarketFacts::DEFAULTS`].
    #[must_use]
    pub fn or_default(&self) -> [f64; 5] {
        let d = Self::DEFAULTS;
        let pick = |x: Option<f64>, default: Option<f64>| x.or(default).unwrap_or(0.5);
        [
            pick(self.product_value, d.product_value),
            pick(self.switching_cost, d.switching_cost),
            pick(self.alternatives, d.alternatives),
            pick(self.respect, d.respect),
            pick(self.newcomer_trust, d.newcomer_trust),
        ]
    }

    /// Checks every stated fact is a finite number in `[0, 1]`.
    ///
    /// # Errors
    /// [`AccountError::Value`] naming the fact, e.g. `market.respect`.
    pub fn validate(&self) -> Result<(), AccountError> {
        for (field, x) in [
            ("market.product_value", self.product_value),
            ("market.switching_cost", self.switching_cost),
            ("market.alternatives", self.alternatives),
            ("market.respect", self.respect),
            ("market.newcomer_trust", self.newcomer_trust),
        ] {
            if let Some(x) = x {
                trustkit_core::UnitInterval::new(x)
                    .map_err(|source| AccountError::Value { field, source })?;
            }
        }
        Ok(())
    }
}

trustkit_core::serde_validated!(MarketFacts);

/// Everything known about one customer account; every kind of evidence is optional.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Stable id, unique in the portfolio.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Segment (e.g. "enterprise"), for roll-ups and segment scorecards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// Lifecycle stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Phase>,
    /// Who owns the account (the CSM), for team roll-ups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The parent account's id, for a customer with several contracts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Annual recurring revenue, in [`Account::currency`]; finite and ≥ 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arr: Option<f64>,
    /// ISO 4217 code of the ARR, e.g. `EUR` (*default*: unstated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// When the contract comes up for renewal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_date: Option<chrono::NaiveDate>,
    /// When the account became a customer: the renewal model's tenure, counted to the context's
    /// `as_of` date (or, for a past decision, to the decision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_since: Option<chrono::NaiveDate>,
    /// Whatever else the CRM knows (pass-through columns), carried to the report unchanged so it can
    /// be joined back.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Trust-equation ratings, one per rater.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equation: Vec<Ratings>,
    /// Answers to the trust assessment (the standard instrument unless the portfolio declares one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<Response>,
    /// Trust before any experience: first impression or reputation, in `[0, 1]` (*default* neutral).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior: Option<f64>,
    /// Experiences in time order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experiences: Vec<Experience>,
    /// Health metric values by metric id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub health: BTreeMap<String, f64>,
    /// Last period's health score (0–100), for the trend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_health: Option<f64>,
    /// NPS answers (0–10).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nps: Vec<u8>,
    /// Market facts.
    #[serde(default)]
    pub market: MarketFacts,
    /// The designed journey: phases and their moments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub journey: Vec<(Phase, Vec<trustkit_core::Moment>)>,
    /// Past renewal decisions, each with the evidence recorded before it: what
    /// [`Calibration`](crate::Calibration) learns from. They never change the account's own
    /// diagnosis.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renewals: Vec<crate::RenewalDecision>,
}

impl Account {
    /// An account with only an id and a name.
    #[must_use]
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            segment: None,
            stage: None,
            owner: None,
            parent: None,
            arr: None,
            currency: None,
            renewal_date: None,
            customer_since: None,
            attributes: BTreeMap::new(),
            equation: Vec::new(),
            responses: Vec::new(),
            prior: None,
            experiences: Vec::new(),
            health: BTreeMap::new(),
            previous_health: None,
            nps: Vec::new(),
            market: MarketFacts::default(),
            journey: Vec::new(),
            renewals: Vec::new(),
        }
    }
}
