//! The error type of trustkit-loyalty.

/// Why an input to the loyalty models was rejected. Each variant names the field, metric, account or
/// row involved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A list that must not be empty was.
    #[error("{what} is empty")]
    Empty {
        /// What was empty.
        what: &'static str,
    },
    /// A scorecard has more than ten metrics.
    #[error(
        "a scorecard may have at most 10 metrics; this one has {count} — keep the few that drive action"
    )]
    TooManyMetrics {
        /// How many were given.
        count: usize,
    },
    /// Two metrics, criteria or alternatives share a name.
    #[error("{what} {name:?} appears more than once")]
    Duplicate {
        /// Kind of thing.
        what: &'static str,
        /// The repeated name.
        name: String,
    },
    /// A metric's action limits are inconsistent with its direction.
    #[error("metric {metric:?}: {problem}")]
    InvalidLimits {
        /// The metric.
        metric: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// A value was given for a metric the scorecard does not have.
    #[error("account {account:?} has a value for {metric:?}, which the scorecard does not measure")]
    UnknownMetric {
        /// The account.
        account: String,
        /// The unknown metric.
        metric: String,
    },
    /// A metric value is NaN or infinite.
    #[error("account {account:?}: metric {metric:?} is {value}, not a finite number")]
    NonFiniteMetric {
        /// The account.
        account: String,
        /// The metric.
        metric: String,
        /// The value.
        value: f64,
    },
    /// Every metric of an account is missing and the policy excludes missing metrics.
    #[error("account {account:?} has no metric values to score")]
    NoMetricValues {
        /// The account.
        account: String,
    },
    /// Batch input does not divide into rows of the scorecard's width, or the output is the wrong size.
    #[error("batch of {values} values does not fit {rows} rows of {metrics} metrics")]
    BatchShape {
        /// Values given.
        values: usize,
        /// Rows expected (the output length).
        rows: usize,
        /// Metrics per row.
        metrics: usize,
    },
    /// An NPS answer is outside 0–10.
    #[error("NPS answer #{index} is {value}; answers are 0–10")]
    NpsAnswer {
        /// Zero-based position.
        index: usize,
        /// The answer.
        value: u8,
    },
    /// A data row has the wrong number of features.
    #[error("row {row} has {found} features, expected {expected}")]
    RowWidth {
        /// Zero-based row.
        row: usize,
        /// Features found.
        found: usize,
        /// Features expected.
        expected: usize,
    },
    /// The features are linearly dependent (or constant), so their coefficients are not identified.
    #[error(
        "the churn data is rank-deficient: some features are constant or linear combinations of others ({detail})"
    )]
    RankDeficient {
        /// Which step found it.
        detail: &'static str,
    },
    /// The outcome is perfectly predicted by the features, so the maximum-likelihood coefficients
    /// are infinite.
    #[error(
        "the churn data is perfectly separable: feature values predict churn exactly, so the coefficients run to infinity; add data or drop the separating feature"
    )]
    PerfectSeparation,
    /// The fit did not converge.
    #[error("the churn fit did not converge in {iterations} iterations")]
    NotConverged {
        /// Iterations run.
        iterations: usize,
    },
    /// Every outcome was the same, so there is nothing to tell renewals from churns by.
    #[error(
        "all {count} decisions are {}: a model needs both renewals and churns to learn from; add decisions of the other kind",
        if *renewed { "renewals" } else { "churns" }
    )]
    OneClass {
        /// Decisions given.
        count: usize,
        /// True when all renewed.
        renewed: bool,
    },
    /// Fewer outcomes than a fit has parameters.
    #[error(
        "{observations} decisions cannot fit {parameters} coefficients; collect more outcomes or use the built-in prior"
    )]
    TooFewOutcomes {
        /// Decisions given.
        observations: usize,
        /// Coefficients to fit.
        parameters: usize,
    },
    /// A churn model's parts do not fit together: an intercept plus one coefficient (and one
    /// standard error) per feature, each a finite number.
    #[error(
        "a churn model with {features} features needs {} coefficients (the intercept first) and as many standard errors, all finite; it has {coefficients} coefficients and {standard_errors} standard errors",
        features + 1
    )]
    ModelShape {
        /// Feature names given.
        features: usize,
        /// Coefficients given.
        coefficients: usize,
        /// Standard errors given.
        standard_errors: usize,
    },
    /// A core value was invalid.
    #[error(transparent)]
    Core(#[from] trustkit_core::Error),
}
