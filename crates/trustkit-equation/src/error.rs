//! The error type of trustkit-equation.

use crate::Component;

/// Why a trust equation, scale, target or batch could not be built or scored.
///
/// Each variant names what was wrong and the offending value, so the message says what to fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A component score was NaN or infinite.
    #[error("{component} must be a finite number, got {}", trustkit_core::Shown(*.value))]
    NotFinite {
        /// The component that was scored.
        component: Component,
        /// The rejected value.
        value: f64,
    },
    /// Self-orientation was zero or negative: it divides the other three, so it must be positive.
    #[error(
        "self-orientation must be greater than zero (it is the divisor of the trust equation), got {}", trustkit_core::Shown(*.value)
    )]
    NonPositiveSelfOrientation {
        /// The rejected value.
        value: f64,
    },
    /// A component score lay outside the declared scale.
    #[error("{component} must lie on the scale [{min}, {max}], got {}", trustkit_core::Shown(*.value))]
    OffScale {
        /// The component that was scored.
        component: Component,
        /// The rejected value.
        value: f64,
        /// The scale's lowest score.
        min: f64,
        /// The scale's highest score.
        max: f64,
    },
    /// A rating scale was declared with bounds that cannot work.
    #[error(
        "a rating scale needs finite bounds with 0 < min < max and a quotient range that fits an f64 (self-orientation divides, so the lowest score must be positive, and max/min must stay below about 1e100), got [{min}, {max}]"
    )]
    InvalidScale {
        /// The declared lowest score.
        min: f64,
        /// The declared highest score.
        max: f64,
    },
    /// A target quotient or improvement step was not a positive finite number.
    #[error("{what} must be a positive finite number, got {}", trustkit_core::Shown(*.value))]
    InvalidArgument {
        /// What the argument means, e.g. "target quotient".
        what: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// No change to a single component, within the scale, reaches the target quotient.
    #[error(
        "no single-component change on this scale reaches a trust quotient of {target}; the most one component can reach is {best}"
    )]
    TargetUnreachable {
        /// The requested quotient.
        target: f64,
        /// The highest quotient any single-component change can reach.
        best: f64,
    },
    /// Evidence was aggregated from an empty set of raters or statements.
    #[error("cannot aggregate evidence from no raters: give at least one set of ratings")]
    NoRaters,
    /// Statement evidence had no statement about one component, so it cannot be estimated.
    #[error("no statement rates {component}: every component needs at least one")]
    MissingComponent {
        /// The component without evidence.
        component: Component,
    },
    /// The columns of a batch (or the output slice) have different lengths.
    #[error(
        "batch columns must have equal lengths, got credibility {credibility}, reliability {reliability}, intimacy {intimacy}, self-orientation {self_orientation}"
    )]
    LengthMismatch {
        /// Length of the credibility column.
        credibility: usize,
        /// Length of the reliability column.
        reliability: usize,
        /// Length of the intimacy column.
        intimacy: usize,
        /// Length of the self-orientation column.
        self_orientation: usize,
    },
    /// The output slice of a batch has a different length from its input columns.
    #[error("output slice has length {output}, but the batch has {rows} rows")]
    OutputLength {
        /// Length of the output slice.
        output: usize,
        /// Number of input rows.
        rows: usize,
    },
    /// One row of a batch, or one rater's scores, was invalid.
    #[error("row {index}: {source}")]
    Row {
        /// Zero-based index of the first invalid row.
        index: usize,
        /// What was wrong with it.
        source: Box<Error>,
    },
    /// A shared value type of trustkit-core refused a number.
    #[error(transparent)]
    Core(#[from] trustkit_core::Error),
}

impl Error {
    /// Wraps `self` as the error of row `index`.
    pub(crate) fn at_row(self, index: usize) -> Self {
        Self::Row {
            index,
            source: Box::new(self),
        }
    }
}
