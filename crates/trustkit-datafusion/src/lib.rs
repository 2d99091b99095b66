//! trustkit's kernels as [Apache DataFusion](https://datafusion.apache.org) functions, so that one SQL
//! statement over a lake of accounts, experiences and survey answers gives trust, health, NPS and
//! renewal — on one machine, or on a cluster through an engine built on DataFusion.
//!
//! ```
//! use datafusion::prelude::SessionContext;
//! use trustkit_datafusion::TrustkitFunctions;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> datafusion::common::Result<()> {
//! let ctx = SessionContext::new();
//! TrustkitFunctions::new().register(&ctx);
//! let batches = ctx
//!     .sql(
//!         "SELECT account, nps(answer) AS nps, nps_margin(answer) AS margin
//!          FROM (VALUES ('acme', 10), ('acme', 9), ('acme', 3), ('zenith', 8)) AS t(account, answer)
//!          GROUP BY account ORDER BY account",
//!     )
//!     .await?
//!     .collect()
//!     .await?;
//! let nps = batches[0].column(1).as_any().downcast_ref::<datafusion::arrow::array::Float64Array>().unwrap();
//! assert!((nps.value(0) - 100.0 / 3.0).abs() < 1e-12); // two promoters, one detractor
//! assert_eq!(nps.value(1), 0.0); // one passive
//! # Ok(())
//! # }
//! ```
//!
//! # The functions
//! | SQL | kind | library |
//! |---|---|---|
//! | `trust_quotient(c, r, i, s [, scale_min, scale_max])` | scalar | `trustkit_equation::Columns::quotients_into` |
//! | `trust_level(c, r, i, s [, scale_min, scale_max])` | scalar | `trustkit_equation::Columns::levels_into` |
//! | `health_score('card', metric, …)`, `health_colour('card', metric, …)` | scalar | `trustkit_loyalty::Scorecard::score_columns` |
//! | `churn_probability('model', feature, …)` | scalar | `trustkit_loyalty::ChurnModel::predict` |
//! | `renewal_probability(trust, commitment [, health, health_trend, nps, betrayal, product_value, alternatives, switching_cost, respect, tenure_years])` | scalar | `trustkit_loyalty::RenewalLogit::estimate` |
//! | `nps(answer)`, `nps_margin(answer)` | aggregate | `trustkit_loyalty::Nps` |
//! | `assessment(role, item, …)` | aggregate → struct | `trustkit_assessment::ScoringPolicy::score_matrix` |
//! | `learned_trust(reward, at [, anchor [, parameters]])` | aggregate | `trustkit_learning::TrustLearner` |
//!
//! NULL means *missing*, as in the library: a health metric left out and the weights renormalised,
//! a renewal input at its neutral reference, a skipped assessment item, an answer or experience
//! not counted. A value the library would refuse (a score off the scale, an NPS answer of 11, a
//! reward of 1.5) fails the query with the library's message, prefixed by the function's name.
//!
//! Aggregates keep, as their partial state, what the library needs to finish (NPS counts; the
//! group's answers or experiences), and put a group's rows in one canonical order before
//! computing, so a group split across partitions gives the same bits as one partition.
//!
//! docs/sql.md in the repository walks through a full example: Parquet tables in, one query per
//! diagnosis column, Parquet out.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod aggregate;
mod args;
mod scalar;

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::common::Result;
use datafusion::execution::{FunctionRegistry, SessionState};
use datafusion::logical_expr::{AggregateUDF, ScalarUDF};
use datafusion::prelude::SessionContext;
use trustkit_assessment::{Instrument, ScoringPolicy};
use trustkit_loyalty::{ChurnModel, RenewalLogit, Scorecard};

pub use scalar::RENEWAL_ARGUMENTS;

/// The set of trustkit functions to register with a DataFusion session, with the scorecards and
/// models they may name. Start from [`TrustkitFunctions::new`] (the standard assessment
/// instrument, the built-in renewal prior, the portfolio's default scorecard registered as
/// `'default'`), add yours, then [`register`](TrustkitFunctions::register).
#[derive(Debug, Clone)]
pub struct TrustkitFunctions {
    scorecards: BTreeMap<String, Scorecard>,
    churn_models: BTreeMap<String, ChurnModel>,
    renewal: RenewalLogit,
    instrument: Instrument,
    policy: ScoringPolicy,
}

impl Default for TrustkitFunctions {
    fn default() -> Self {
        Self::new()
    }
}

impl TrustkitFunctions {
    /// The functions with trustkit's defaults: the standard instrument and scoring policy, the
    /// renewal model's built-in prior (uncalibrated), and the default scorecard as `'default'`.
    #[must_use]
    pub fn new() -> Self {
        let default_card = trustkit_portfolio::default_scorecard();
        Self {
            scorecards: BTreeMap::from([("default".to_owned(), default_card)]),
            churn_models: BTreeMap::new(),
            renewal: RenewalLogit::PRIOR,
            instrument: Instrument::standard(),
            policy: ScoringPolicy::default(),
        }
    }

    /// Makes `card` available to `health_score` and `health_colour` under its name.
    #[must_use]
    pub fn with_scorecard(mut self, card: Scorecard) -> Self {
        self.scorecards.insert(card.name.clone(), card);
        self
    }

    /// Makes a fitted churn model available to `churn_probability` under `name`.
    #[must_use]
    pub fn with_churn_model(mut self, name: impl Into<String>, model: ChurnModel) -> Self {
        self.churn_models.insert(name.into(), model);
        self
    }

    /// The renewal model `renewal_probability` uses (a calibrated one, say; *default* the prior).
    #[must_use]
    pub const fn with_renewal_model(mut self, model: RenewalLogit) -> Self {
        self.renewal = model;
        self
    }

    /// The instrument and scoring policy `assessment` uses.
    #[must_use]
    pub fn with_assessment(mut self, instrument: Instrument, policy: ScoringPolicy) -> Self {
        self.instrument = instrument;
        self.policy = policy;
        self
    }

    /// The scalar functions.
    #[must_use]
    pub fn scalar_functions(&self) -> Vec<ScalarUDF> {
        let cards = Arc::new(self.scorecards.clone());
        vec![
            ScalarUDF::from(scalar::TrustEquationUdf::new(false)),
            ScalarUDF::from(scalar::TrustEquationUdf::new(true)),
            ScalarUDF::from(scalar::HealthUdf::new(false, Arc::clone(&cards))),
            ScalarUDF::from(scalar::HealthUdf::new(true, cards)),
            ScalarUDF::from(scalar::ChurnUdf::new(Arc::new(self.churn_models.clone()))),
            ScalarUDF::from(scalar::RenewalUdf::new(self.renewal)),
        ]
    }

    /// The aggregate functions.
    #[must_use]
    pub fn aggregate_functions(&self) -> Vec<AggregateUDF> {
        vec![
            AggregateUDF::from(aggregate::NpsUdaf::new(false)),
            AggregateUDF::from(aggregate::NpsUdaf::new(true)),
            AggregateUDF::from(aggregate::AssessmentUdaf::new(
                Arc::new(self.instrument.clone()),
                self.policy,
            )),
            AggregateUDF::from(aggregate::LearnedTrustUdaf::new()),
        ]
    }

    /// Registers every function with `ctx` (replacing functions of the same names).
    pub fn register(&self, ctx: &SessionContext) {
        for f in self.scalar_functions() {
            ctx.register_udf(f);
        }
        for f in self.aggregate_functions() {
            ctx.register_udaf(f);
        }
    }

    /// Registers every function with a session state (replacing functions of the same names).
    ///
    /// This is the form an engine built on DataFusion starts from: Apache Ballista's scheduler and
    /// executors each build their own state, and every one of them must know the functions by name
    /// to plan and run a query that uses them (docs/sql.md shows a cluster set up this way).
    ///
    /// ```
    /// use datafusion::execution::SessionStateBuilder;
    /// use trustkit_datafusion::TrustkitFunctions;
    ///
    /// let mut state = SessionStateBuilder::new().with_default_features().build();
    /// TrustkitFunctions::new().register_state(&mut state)?;
    /// assert!(state.scalar_functions().contains_key("trust_level"));
    /// assert!(state.aggregate_functions().contains_key("learned_trust"));
    /// # Ok::<(), datafusion::common::DataFusionError>(())
    /// ```
    ///
    /// # Errors
    /// Whatever DataFusion's registry returns (its own registry never fails).
    pub fn register_state(&self, state: &mut SessionState) -> Result<()> {
        for f in self.scalar_functions() {
            state.register_udf(Arc::new(f))?;
        }
        for f in self.aggregate_functions() {
            state.register_udaf(Arc::new(f))?;
        }
        Ok(())
    }
}
