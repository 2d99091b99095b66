//! Everything known about a B2B account, combined into one diagnosis and one recommended action —
//! the composition of trustkit's four domain crates, and the portfolio file format.
//!
//! ```
//! use trustkit_portfolio::Portfolio;
//!
//! let portfolio = Portfolio::sample()?;
//! for d in portfolio.diagnose_all()? {
//!     println!("{:<24} trust {:.2}  renewal {:.0} %  → {} ({})",
//!              d.name, d.trust.value(), 100.0 * d.renewal_probability, d.action.headline, d.action.moment);
//! }
//! # Ok::<(), trustkit_portfolio::Error>(())
//! ```
//!
//! - [`Account`]: trust-equation ratings, assessment responses, experiences, health metrics, NPS
//!   answers, market facts, a journey — each optional.
//! - [`Account::diagnose`] → [`Diagnosis`]: trust from each source and a blended [`TrustLevel`]
//!   ([`BLEND_WEIGHTS`]), the learned-trust trend, commitment, relationship state, health and its
//!   driver, renewal probability, switching threshold, and the [`Action`] the [`playbook`]
//!   recommends.
//! - [`Portfolio`]: the versioned JSON format (`schema_version` 1, documented in `docs/cli.md`), CSV
//!   import of experiences and responses, and the bundled [`Portfolio::sample`].
//!
//! [`TrustLevel`]: trustkit_core::TrustLevel
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod account;
mod diagnosis;
mod error;
pub mod playbook;
mod portfolio;

pub use account::{Account, MarketFacts};
pub use diagnosis::{
    AssessmentView, BLEND_WEIGHTS, Diagnosis, DiagnosisContext, EquationView, HealthView,
    LearnedView, NpsView, RECENT, TrajectoryPoint, default_scorecard,
};
pub use error::Error;
pub use playbook::{Action, Rule};
pub use portfolio::{Portfolio, SAMPLE_JSON, SCHEMA_VERSION};
