//! The error type of trustkit-learning.

use chrono::{DateTime, Utc};

/// Why an experience, a parameter set or an experiment configuration was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
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
    /// or the record, and the field.
    #[error("{at}: {message}")]
    Data {
        /// Where: a line and column, or a record such as `subject "acme", trial 5`, and the field.
        at: trustkit_core::Location,
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
    /// A number was NaN, infinite or outside its range (the shared range error of trustkit-core).
    #[error(transparent)]
    Core(#[from] trustkit_core::Error),
    /// A count is larger than a simulation or fit can hold (see [`MAX_TRIALS`], [`MAX_SUBJECTS`],
    /// [`MAX_STARTS`]).
    #[error("{what} must be at most {max}, got {value}")]
    TooMany {
        /// What was counted.
        what: &'static str,
        /// The count given.
        value: usize,
        /// The largest allowed.
        max: usize,
    },
}

/// The most trials (or rounds) one simulated subject may have: a day apart each, 100 000 trials
/// span 274 years, far beyond any experiment, and stay well inside chrono's calendar.
pub const MAX_TRIALS: usize = 100_000;

/// The most simulated subjects (or histories) in one run.
pub const MAX_SUBJECTS: usize = 10_000_000;

/// The most starting points of one fit.
pub const MAX_STARTS: usize = 10_000;

/// Checks a count is in `1..=max`.
pub(crate) fn count(what: &'static str, value: usize, max: usize) -> Result<usize, Error> {
    if value == 0 {
        Err(Error::ZeroCount { what })
    } else if value > max {
        Err(Error::TooMany { what, value, max })
    } else {
        Ok(value)
    }
}
