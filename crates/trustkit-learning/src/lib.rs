//! How customers **learn** to trust: a reinforcement-learning model driven by reward-prediction
//! errors, with loss aversion, anchoring, expectation latency, confirmation bias and a dynamic
//! trustworthiness belief — and seeded simulations of the experiments it reproduces.
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use trustkit_core::TrustLevel;
//! use trustkit_learning::{Anchor, Experience, LearnerParams, TrustLearner};
//!
//! // A good reputation sets the anchor; then come the experiences.
//! let mut learner = TrustLearner::new(LearnerParams::default(), Anchor::new(0.6)?)?;
//! let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
//! for (week, reward) in [0.9, 0.8, 0.9, 0.1].into_iter().enumerate() {
//!     let step = learner.observe(&Experience::new(reward, start + Duration::weeks(week as i64))?)?;
//!     println!("week {week}: δ = {:+.2}, trust {:.2}", step.prediction_error.value(), step.trust.value());
//! }
//! let trust: TrustLevel = (&learner).into();
//! assert!(trust.value() < 0.6); // one bad week undid three good ones: losses are learned faster
//! # Ok::<(), trustkit_learning::Error>(())
//! ```
//!
//! # The model
//! [`TrustLearner`] keeps an expectation `E` (the trust level) and a trustworthiness belief `T`, both
//! starting at an [`Anchor`]. Each [`Experience`] has a reward `r ∈ [0, 1]`; the learner computes the
//! [`RewardPredictionError`] `δ = r − E` and moves `E` by a step that is larger for losses
//! (`α_L = λ·α_G`, λ = 2.25 after Tversky & Kahneman 1992; Chang et al. 2010 find losses learned far
//! faster), shrinks with experience (expectation latency), is discounted when it contradicts the
//! current belief (confirmation bias), and is pushed by `±h·T` (Chang et al.'s dynamic belief). The
//! exact update is in [`LearnerParams`]. [`ModelPreset`] gives Chang et al.'s five variants.
//!
//! # The experiments
//! - [`experiments::trust_game`]: Chang et al. (2010), reproducing their published pattern.
//! - [`experiments::partner_choice`]: Buntain & Golbeck (2015): trust beats skill about 8:1.
//! - [`experiments::switching`]: churn under a better offer with prospect theory.
//!
//! # Fitting
//! [`fit`] estimates the parameters from real histories (least squares or maximum likelihood with
//! argmin), compares the five presets by AIC/BIC and odd/even cross-validation, and checks parameter
//! recovery on simulated data.
//!
//! # Features
//! - `fit` (default): [`fit`], with argmin and csv.
//! - `serde`: `Serialize`/`Deserialize` for parameters, experiences, learners and result tables;
//!   [`fit::Dataset::from_json`].
//! - `rayon`: [`fit::fit_subjects`] fits subjects in parallel.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The `chrono` version this crate's timestamps use, re-exported so callers need not match it.
pub use chrono;

mod batch;
mod error;
mod experience;
pub mod experiments;
#[cfg(feature = "fit")]
#[cfg_attr(docsrs, doc(cfg(feature = "fit")))]
pub mod fit;
mod learner;
mod params;
mod preset;
mod real;
mod tanh;

pub use batch::learn_batch;
pub use error::{Error, MAX_STARTS, MAX_SUBJECTS, MAX_TRIALS};
pub use experience::{Experience, ExperienceKind};
pub use learner::{Anchor, PUSH_WIDTH, RewardPredictionError, Step, TrustLearner};
pub use params::{ConfirmationReference, Forgetting, LearnerParams};
pub use preset::{FreeParam, ModelPreset};
