//! The error types of trustkit-portfolio.

/// Why a portfolio could not be read, imported or diagnosed. Every variant says where: the JSON path
/// and line, the CSV line and field, or the account's position and id.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The JSON was malformed or a value was invalid.
    #[error("{at}: {message}")]
    Json {
        /// Where: the JSON path of the offending value (e.g. `accounts[2].experiences[0]`; empty for
        /// the document as a whole), line and column.
        at: trustkit_core::Location,
        /// What is wrong (naming the field).
        message: String,
    },
    /// The file declares a schema version this library does not read.
    #[error("schema_version {found} is not supported; this version of trustkit reads {supported}")]
    SchemaVersion {
        /// Declared version.
        found: u32,
        /// Supported version.
        supported: u32,
    },
    /// A CSV (or Parquet) import failed.
    #[error("{at}: {message}")]
    Csv {
        /// Where: the line where the record starts (counting the header as 1) and the column.
        at: trustkit_core::Location,
        /// What is wrong.
        message: String,
    },
    /// Two accounts share an id.
    #[error("account id {0:?} appears more than once")]
    DuplicateAccount(String),
    /// No account has this id.
    #[error("no account has id {0:?}")]
    UnknownAccount(String),
    /// An account's evidence is invalid: names the account and keeps the typed cause.
    #[error("accounts[{index}] ({id}): {source}")]
    Account {
        /// Position in the portfolio (0-based, in file order).
        index: usize,
        /// The account's id.
        id: String,
        /// What is wrong, from the domain crate that found it.
        #[source]
        source: AccountError,
    },
    /// A declared metric unit contradicts the unit the default scorecard's limits are in.
    #[error(
        "units.{metric}: the default scorecard measures {metric} in {expected}, not {declared}; convert the values (an accounts CSV mapping can) or declare your own scorecard"
    )]
    Units {
        /// The metric.
        metric: String,
        /// The unit declared.
        declared: crate::Unit,
        /// The unit of the default scorecard's limits.
        expected: crate::Unit,
    },
    /// Reading the input failed.
    #[error("read failed: {0}")]
    Io(String),
    /// No past renewal decision had evidence dated before it.
    #[error(
        "no renewal decisions to learn from{}: give past decisions in the portfolio (`renewals`) or as an outcomes CSV, each with evidence dated before it",
        if *skipped > 0 { format!(" ({skipped} had no evidence dated before them)") } else { String::new() }
    )]
    NoOutcomes {
        /// Decisions left out for lack of evidence before them.
        skipped: usize,
    },
    /// The renewal model could not be fitted or validated on the decisions.
    #[error("calibration: {0}")]
    Calibration(#[from] trustkit_loyalty::Error),
    /// A shared value type of trustkit-core refused a number.
    #[error(transparent)]
    Core(#[from] trustkit_core::Error),
}

/// What is wrong with one account's evidence or with the settings it is diagnosed in. Each variant
/// keeps the domain crate's own error, so a caller can match on, say, an unknown health metric
/// without parsing text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AccountError {
    /// The trust-equation ratings.
    #[error("equation: {0}")]
    Equation(#[from] trustkit_equation::Error),
    /// The assessment responses, or the scoring policy.
    #[error("assessment: {0}")]
    Assessment(#[from] trustkit_assessment::Error),
    /// The prior, or the learner's parameters.
    #[error("learner: {0}")]
    Learning(#[from] trustkit_learning::Error),
    /// One experience (0-based position in the account's history).
    #[error("experiences[{index}]: {source}")]
    Experience {
        /// Position in the account's experiences.
        index: usize,
        /// The learner's objection.
        #[source]
        source: trustkit_learning::Error,
    },
    /// The health metrics or the previous health score.
    #[error("health: {0}")]
    Health(#[source] trustkit_loyalty::Error),
    /// The NPS answers.
    #[error("nps: {0}")]
    Nps(#[source] trustkit_loyalty::Error),
    /// The renewal model or the loyalty factors.
    #[error("renewal: {0}")]
    Loyalty(#[from] trustkit_loyalty::Error),
    /// A health metric's value is not a value of the metric's declared unit.
    #[error("health.{metric}: {problem}")]
    Unit {
        /// The metric.
        metric: String,
        /// The unit it is declared in.
        unit: crate::Unit,
        /// What is wrong, with the likely unit.
        problem: String,
    },
    /// A past renewal decision (0-based position in the account's `renewals`), or the evidence
    /// attached to it.
    #[error("renewals[{index}]: {source}")]
    Renewal {
        /// Position in the account's renewals.
        index: usize,
        /// What is wrong.
        #[source]
        source: Box<AccountError>,
    },
    /// A number that must be a validated scalar (prior, market facts) was not.
    #[error("{field}: {source}")]
    Value {
        /// The field, e.g. `market.respect` or `prior`.
        field: &'static str,
        /// The range it broke.
        #[source]
        source: trustkit_core::Error,
    },
}

/// Blend weights that cannot weigh trust sources.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BlendError {
    /// A weight is negative or not a finite number.
    #[error("blend weight of {which} must be a finite number ≥ 0, got {weight}")]
    Weight {
        /// Which source: equation, assessment or learned.
        which: &'static str,
        /// The rejected weight.
        weight: f64,
    },
    /// Every weight is zero (or their sum overflows): nothing would be blended.
    #[error("blend weights must not all be 0")]
    AllZero,
}
