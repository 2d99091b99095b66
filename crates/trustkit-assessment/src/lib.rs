//! The four-question B2B trust assessment: does the customer believe that the supplier **understands
//! what they need**, **will do what it says**, **has what it takes**, and **will be fair and
//! accountable**?
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use trustkit_assessment::{Dimension, Instrument, Response, Role, ScoringPolicy};
//! use trustkit_core::TrustLevel;
//!
//! let instrument = Instrument::standard();
//! let at = Utc.with_ymd_and_hms(2026, 9, 30, 0, 0, 0).unwrap();
//!
//! // Two stakeholders answer every item; the champion doubts pricing fairness.
//! let mut responses = Vec::new();
//! for (who, role) in [("sam", Role::Sponsor), ("cho", Role::Champion)] {
//!     let mut r = Response::new(who, role, at)?;
//!     for item in instrument.items() {
//!         let fair = item.dimension == Dimension::FairAndAccountable;
//!         let agree = if fair && role == Role::Champion { 2 } else { 4 };
//!         // Reverse-coded items are worded negatively, so agreement is mirrored.
//!         r = r.answer(item.id.clone(), if item.reverse_coded { 6 - agree } else { agree });
//!     }
//!     responses.push(r);
//! }
//!
//! let score = ScoringPolicy::default().score(&instrument, &responses)?;
//! assert_eq!(score.weakest_dimension(), Some(Dimension::FairAndAccountable));
//! let trust: TrustLevel = score.trust_level().expect("all four dimensions are covered");
//! assert!(trust.value() > 0.6);
//! # Ok::<(), trustkit_assessment::Error>(())
//! ```
//!
//! # The model
//! - [`Dimension`]: the four beliefs, each mapped to the trust attributes of Mayer, Davis & Schoorman
//!   (1995).
//! - [`Instrument`]: validated items ([`Item`]: id, dimension, prompt, weight, reverse-coding, a
//!   [`LikertScale`]); [`Instrument::standard`] ships five items per dimension.
//! - [`Response`]: one respondent's [`Answer`]s with their [`Role`] and time; not-applicable differs
//!   from missing.
//! - [`ScoringPolicy::score`]: role weights, reverse-coding, per-dimension scores in `[0, 1]` with a
//!   standard error, a coverage rule that answers *insufficient evidence* instead of a weak number,
//!   bands, the weakest items, and an overall index ([`Aggregation`]: mean, geometric, weakest link)
//!   that converts into a [`trustkit_core::TrustLevel`].
//! - [`AssessmentTrend`]: change between two assessments, and whether it exceeds the noise.
//! - [`Signal`]s of revealed trust, a [`SignalIndex`], and a [`Divergence`] report when words and deeds
//!   disagree.
//! - [`ScoringPolicy::score_accounts`]: many accounts at once (parallel with the `rayon` feature).
//!
//! # Features
//! - `serde`: `Serialize`/`Deserialize`, [`Instrument::from_json`], [`responses_from_json`].
//! - `rayon`: parallel batch scoring.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The `chrono` version this crate's timestamps use, re-exported so callers need not match it.
/// The largest weight an item or a role may have. Weights are relative, so 1e6 to 1 is already more
/// contrast than any survey means; the bound keeps weighted sums of answers finite (an item weight of
/// 1e308 used to overflow a dimension's score to NaN).
pub const MAX_WEIGHT: f64 = 1e6;

pub use chrono;

mod dimension;
mod error;
mod instrument;
mod item;
mod response;
mod role;
mod scoring;
mod signals;
mod trend;

pub use dimension::Dimension;
pub use error::Error;
pub use instrument::Instrument;
pub use item::{Item, LikertScale};
pub use response::{Answer, Response};
#[cfg(feature = "serde")]
pub use response::{responses_from_json, responses_to_json};
pub use role::Role;
pub use scoring::{
    AccountAssessment, Aggregation, AnswerMatrix, AssessmentScore, Band, Banding, Coverage,
    DimensionOutcome, DimensionScore, ItemScore, MISSING, NOT_APPLICABLE, OverallIndex,
    RoleWeights, ScoringPolicy,
};
pub use signals::{Behaviour, Divergence, Polarity, Signal, SignalIndex, SignalPolicy, Verdict};
pub use trend::{AssessmentTrend, DimensionTrend};
