//! The error type of trustkit-core.

/// Why a value could not become one of trustkit-core's validated types.
///
/// Every variant names the quantity (`what`) and the value that was rejected, so the message tells a
/// person what to fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The value was NaN or infinite.
    #[error("{what} must be a finite number, got {}", Shown(*.value))]
    NotFinite {
        /// The quantity being validated, e.g. "trust level".
        what: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// The value was finite but outside its allowed closed range.
    #[error("{what} must lie in [{}, {}], got {}", Shown(*.min), Shown(*.max), Shown(*.value))]
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

/// The allowed range of a number in words, for error messages: "a finite number in [0, 1]",
/// "a finite number of at least 0", "a positive finite number", "a finite number". Open ends are given
/// as `f64::MAX` / `-f64::MAX` (and a positive lower bound as `f64::MIN_POSITIVE`), which this never
/// prints. The domain crates' range errors share it so every trustkit message reads the same.
///
/// ```
/// use trustkit_core::describe_range;
///
/// assert_eq!(describe_range(0.0, 1.0), "a finite number in [0, 1]");
/// assert_eq!(describe_range(0.0, f64::MAX), "a finite number of at least 0");
/// assert_eq!(describe_range(f64::MIN_POSITIVE, f64::MAX), "a positive finite number");
/// assert_eq!(describe_range(-f64::MAX, f64::MAX), "a finite number");
/// ```
#[must_use]
pub fn describe_range(min: f64, max: f64) -> String {
    let unbounded_below = min <= -f64::MAX;
    let unbounded_above = max >= f64::MAX;
    match (unbounded_below, unbounded_above) {
        (true, true) => "a finite number".to_owned(),
        (false, true) if min == f64::MIN_POSITIVE => "a positive finite number".to_owned(),
        (false, true) => format!("a finite number of at least {}", Shown(min)),
        (true, false) => format!("a finite number of at most {}", Shown(max)),
        (false, false) => format!("a finite number in [{}, {}]", Shown(min), Shown(max)),
    }
}

/// A number as error messages show it: as written for everyday magnitudes, in scientific notation
/// beyond them, so `1e308` reads `1e308` and not a 309-digit integer.
///
/// ```
/// use trustkit_core::Shown;
///
/// assert_eq!(Shown(0.25).to_string(), "0.25");
/// assert_eq!(Shown(1e308).to_string(), "1e308");
/// assert_eq!(Shown(-3e-12).to_string(), "-3e-12");
/// assert_eq!(Shown(f64::NAN).to_string(), "NaN");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shown(pub f64);

impl core::fmt::Display for Shown {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let x = self.0;
        let a = x.abs();
        if x.is_finite() && x != 0.0 && !(1e-4..1e9).contains(&a) {
            write!(f, "{x:e}")
        } else {
            write!(f, "{x}")
        }
    }
}
