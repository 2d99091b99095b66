//! Everything known about a B2B account, combined into one diagnosis and one recommended action —
//! the composition of trustkit's four domain crates, and the portfolio file format.
//!
//! ```
//! use trustkit_portfolio::Portfolio;
//!
//! let portfolio = Portfolio::sample()?;
//! for d in portfolio.diagnose_all()? {
//!     let f = &d.findings;
//!     println!("{:<24} trust {:.2}  renewal {:.0} %  → {} ({})",
//!              d.name, f.trust.value(), 100.0 * f.renewal_probability, d.action.headline, d.action.moment);
//! }
//! # Ok::<(), trustkit_portfolio::Error>(())
//! ```
//!
//! - [`Account`]: trust-equation ratings, assessment responses, experiences, health metrics, NPS
//!   answers, market facts, a journey — each optional.
//! - A diagnosis is a pipeline in three stages, each with typed values: the [`DiagnosisContext`]
//!   (instrument, scoring, scorecard, learner, renewal model, [`Blend`] weights) →
//!   [`Account::findings`] → [`Findings`] (trust from each source as a [`TrustLevel`], the weakest
//!   lever as a `Component`, the weakest belief as a `Dimension`, one core `Trend`, health colour
//!   and driver, betrayal severity, commitment, renewal, switching threshold) →
//!   [`playbook::recommend`] → one [`Action`] tied to a moment. [`Account::diagnose_with`] builds the
//!   [`Diagnosis`] once.
//! - Errors keep their cause: [`Error::Account`] carries the account's position and id and an
//!   [`AccountError`] holding the domain crate's own error.
//! - [`Portfolio`]: the versioned JSON format (`schema_version` 1, documented in `docs/cli.md`), CSV
//!   import of experiences and responses, and the bundled [`Portfolio::sample`]. Loading validates
//!   each account once without diagnosing it; cost is linear in accounts and events.
//! - Streaming: [`JsonLinesReader`] reads a JSON Lines portfolio account by account and
//!   [`Diagnoses`] diagnoses any stream of accounts a chunk at a time, in input order, in bounded
//!   memory (in parallel with the `rayon` feature, with output identical to one thread).
//!
//! # Features
//! - `rayon`: diagnose the accounts of a batch in parallel.
//! - `parquet`: read accounts ([`Portfolio::from_accounts_parquet`]) and experiences
//!   ([`Portfolio::import_experiences_parquet`]) from Parquet files.
//!
//! [`TrustLevel`]: trustkit_core::TrustLevel
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod account;
mod accounts_csv;
mod batch;
mod context;
mod csvio;
mod dashboard;
mod detail;
mod diagnosis;
mod document;
mod error;
mod findings;
mod import;
mod jsonl;
#[cfg(feature = "parquet")]
mod parquet;
pub mod playbook;
mod portfolio;
mod renewals;
mod summary;
mod units;

pub use account::{Account, MarketFacts};
pub use accounts_csv::{HealthColumn, Mapping};
pub use batch::{DEFAULT_CHUNK, Diagnoses, diagnose_slice};
pub use context::{Blend, DiagnosisContext, LEARNED_TREND_DEAD_BAND, RECENT, default_scorecard};
pub use dashboard::{DASHBOARD_ROWS, DETAIL_ACCOUNTS, dashboard, short_money, short_probability};
pub use detail::{AccountDetail, BeliefDetail, JourneyDetail, MetricDetail};
pub use diagnosis::{Diagnosis, TrajectoryPoint};
pub use document::Outcome;
pub use error::{AccountError, BlendError, Error};
pub use findings::{AssessmentView, EquationView, Findings, HealthView, LearnedView, NpsView};
pub use import::{AccountResponses, Import, read_responses_csv};
pub use jsonl::{JsonLinesDiagnoses, JsonLinesReader, PortfolioHeader};
pub use playbook::{Action, Rule};
pub use portfolio::{Portfolio, SAMPLE_JSON, SAMPLE_OUTCOMES_CSV, SCHEMA_VERSION};
pub use renewals::{
    CalibrateOptions, Calibration, DecisionRef, RenewalDecision, RenewalHistory, RenewalResult,
};
pub use summary::{Rollups, Summary, UNASSIGNED};
pub use units::{Unit, default_units};
