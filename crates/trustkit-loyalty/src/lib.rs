//! What trust does to loyalty, renewal and churn.
//!
//! ```
//! use trustkit_core::{TrustLevel, UnitInterval};
//! use trustkit_loyalty::{Commitment, LoyaltyFactors, RenewalModel};
//!
//! let u = |x| UnitInterval::new(x).unwrap();
//! let account = LoyaltyFactors {
//!     product_value: u(0.7), switching_cost: u(0.4), alternatives: u(0.5),
//!     trust: TrustLevel::new(0.75)?, respect: u(0.8),
//! };
//! let outlook = RenewalModel::default().outlook(&account, None, UnitInterval::ZERO)?;
//! assert_eq!(outlook.commitment, Commitment::Affective); // trusted: renewal is the default
//! assert!(outlook.probability.value() >= 0.92);
//! # Ok::<(), trustkit_loyalty::Error>(())
//! ```
//!
//! # The model
//! Loyalty rests on the product's value, the market (switching cost, alternatives) and the
//! relationship (Gremler & Brown 1996); trust decides whether commitment is affective or calculative
//! (de Ruyter, Moorman & Lemmink 2001). This crate consumes trust as a [`trustkit_core::TrustLevel`]
//! from any source and depends on no other trustkit domain crate.
//!
//! - [`LoyaltyFactors`], [`Commitment`], [`RelationshipState`] (trust × respect);
//! - [`RenewalLogit`]: the renewal probability as a logistic model over trust, commitment, health
//!   and its trend, NPS, a recent betrayal, value, switching cost and respect, with a coherent
//!   (uncalibrated) prior and fitted coefficients when you have outcomes;
//! - [`RenewalModel`]: commitment at a trust threshold, and the older two-regime renewal outlook,
//!   with a [`SelectionMatrix`] for calculative customers;
//! - [`decide_switch`]: prospect-theory switching under a competitor's [`Offer`] (Tversky &
//!   Kahneman 1992);
//! - [`Scorecard`]: health on 0–100 with red/yellow/green action limits from goals or history,
//!   missing-metric policies, trends, [`rollup`]s to parents, segments and teams, a [`ScorecardSet`]
//!   per segment or stage;
//! - [`Nps`] with its margin of error;
//! - [`ChurnModel`]: logistic regression by Newton–Raphson with standard errors;
//! - [`JourneyMap`]: lifecycle [`Phase`]s × the five critical moments.
//!
//! # Features
//! - `serde`: `Serialize`/`Deserialize` for every public data type.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod calibration;
mod churn;
mod error;
mod factors;
mod health;
mod journey;
mod nps;
mod renewal;
mod renewal_logit;
mod switching;

pub use churn::{ChurnData, ChurnModel, CoefficientSummary, FitOptions};
pub use error::Error;
pub use factors::{Commitment, LoyaltyFactors, RelationshipState};
pub use health::{
    Colour, Direction, GroupHealth, HealthReport, HealthScore, HistoryLimits, Indicator,
    MAX_METRICS, Metric, MetricScore, MissingPolicy, Orientation, Rollup, Scorecard, ScorecardSet,
    Trend, rollup,
};
pub use journey::{JourneyMap, Phase};
pub use nps::Nps;
pub use renewal::{RenewalModel, RenewalOutlook, SelectionMatrix};
pub use renewal_logit::{
    COEFFICIENT_NAMES, COEFFICIENTS, Excluded, Exclusion, FEATURES, RenewalEstimate, RenewalFit,
    RenewalInputs, RenewalLogit,
};
pub use switching::{Offer, SwitchingDecision, decide_switch};
