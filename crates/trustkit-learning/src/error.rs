//! The error type of trustkit-learning.

use chrono::{DateTime, Utc};

/// Why an experience, a parameter set or an experiment configuration was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value that must be a number in a range was not.
    #[error("{what} must be {}, got {value}", trustkit_core::describe_range(*.min, *.max))]
    OutOfRange {
        /// What the value means.
        what: &'static str,
        /// The rejected value.
        value: f64,
        /// Lowest allowed.
        min: f64,
        /// Highest allowed.
        max: f64,
    },
    /// An experience is dated before the previous one the learner saw.
    #[error(
        "experience at {at} comes before the previous one at {previous}: feed a learner its experiences in time order"
    )]
    TimeWentBackwards {
        /// The learner's last experience time.
        previous: DateTime<Utc>,
        /// The offending experience time.
        at: DateTime<Utc>,
    },
    /// A data file or dataset is malformed; names the line (for CSV, counting the header as line 1)
    /// or the position, and the field.
    #[error("{location}, field {field:?}: {message}")]
    Data {
        /// Where: "line 7", "subject \"acme\", trial 5", "dataset".
        location: String,
        /// The field (column) involved.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A fit could not be carried out (the optimiser failed, or nothing to fit).
    #[error("fit failed: {0}")]
    Fit(String),
    /// An experiment was configured with a count of zero (subjects, trials, rounds, window).
    #[error("{what} must be at least 1")]
    ZeroCount {
        /// What was zero.
        what: &'static str,
    },
}

/// Checks that `value` is finite and in `[min, max]`.
pub(crate) fn check(what: &'static str, value: f64, min: f64, max: f64) -> Result<f64, Error> {
    if value.is_finite() && value >= min && value <= max {
        Ok(value)
    } else {
        Err(Error::OutOfRange {
            what,
            value,
            min,
            max,
        })
    }
}
