//! The trust equation, `Trust = (Credibility + Reliability + Intimacy) / Self-orientation`
//! (Maister, Green & Galford, *The Trusted Advisor*, 2000), as validated, documented Rust.
//!
//! ```
//! use trustkit_equation::{Component, TrustEquation};
//!
//! // A customer rates us 8 for credibility, 7 reliability, 6 intimacy, 2 self-orientation (1–10).
//! let eq = TrustEquation::new(8.0, 7.0, 6.0, 2.0)?;
//! assert_eq!(eq.quotient(), 10.5);
//!
//! // Normalised to a trust level in [0, 1] that the loyalty models consume.
//! let level = eq.level();
//! assert!(level.value() > 0.5);
//!
//! // Which lever moves trust most? Lowering self-orientation by one point doubles the quotient.
//! assert_eq!(eq.best_lever().map(|l| l.component), Some(Component::SelfOrientation));
//!
//! // Bad input is an error that names the component, never a panic.
//! assert!(TrustEquation::new(8.0, 7.0, 6.0, 0.0).is_err());
//! # Ok::<(), trustkit_equation::Error>(())
//! ```
//!
//! # The model
//! Credibility is what the customer believes about what the supplier *says*, reliability about what it
//! *does*, intimacy how safe it feels to confide in it; self-orientation is how much the supplier seems
//! to serve itself. The first three add; self-orientation divides, so it usually matters most.
//!
//! - [`TrustEquation`]: four scores validated on a [`Scale`] (*default* 1–10, lowest score positive),
//!   the [`quotient`](TrustEquation::quotient), its normalised [`level`](TrustEquation::level) and
//!   the [`component_spread`](TrustEquation::component_spread).
//! - Diagnostics: [`marginal_effects`](TrustEquation::marginal_effects),
//!   [`best_lever`](TrustEquation::best_lever), [`reach_target`](TrustEquation::reach_target).
//! - [`Evidence`]: many raters (or coded statements) aggregated into one equation with spread.
//! - [`Columns`]: batch scoring of structure-of-arrays input without allocation per row.
//!
//! The widely used public self-assessment built on this equation reports scores from 0 to 15 with an
//! average of 7.1 over more than 70,000 takers; trustkit is not that proprietary instrument and its
//! numbers are not comparable with it.
//!
//! # Features
//! - `serde`: `Serialize`/`Deserialize` for the public data types; equations and scales deserialize
//!   through their validating constructors.
//! - `rayon`: [`Columns::quotients_into_par`] and [`Columns::levels_into_par`], the batch on every
//!   core (same numbers as one thread).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod batch;
mod component;
mod diagnostics;
mod equation;
mod error;
mod evidence;
mod log;
mod scale;

pub use batch::Columns;
pub use component::Component;
pub use diagnostics::{LeverChange, MarginalEffects, TargetPlan};
pub use equation::TrustEquation;
pub use error::Error;
pub use evidence::{ComponentSummary, Evidence, Ratings, Statement};
pub use scale::Scale;
