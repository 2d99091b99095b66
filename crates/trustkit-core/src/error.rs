//! The error type of trustkit-core.

/// Why a value could not become one of trustkit-core's validated types.
///
/// Every variant names the quantity (`what`) and the value that was rejected, so the message tells a
/// person what to fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The value was NaN or infinite.
    #[error("{what} must be a finite number, got {value}")]
    NotFinite {
        /// The quantity being validated, e.g. "trust level".
        what: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// The value was finite but outside its allowed closed range.
    #[error("{what} must lie in [{min}, {max}], got {value}")]
    OutOfRange {
        /// The quantity being validated.
        what: &'static str,
        /// The rejected value.
        value: f64,
        /// The smallest allowed value.
        min: f64,
        /// The largest allowed value.
        max: f64,
    },
}

/// Checks that `value` is finite and inside `[min, max]`.
pub(crate) fn check_range(
    what: &'static str,
    value: f64,
    min: f64,
    max: f64,
) -> Result<f64, Error> {
    if !value.is_finite() {
        return Err(Error::NotFinite { what, value });
    }
    if value < min || value > max {
        return Err(Error::OutOfRange {
            what,
            value,
            min,
            max,
        });
    }
    Ok(value)
}
