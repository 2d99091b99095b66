//! The error type of trustkit-core.

/// Why a value could not become one of trustkit-core's validated types.
///
/// Every variant names the quantity (`what`) and the value that was rejected, so the message tells a
/// person what to fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A number was NaN, infinite, or outside its allowed range. The one range error of trustkit:
    /// the domain crates wrap it (`Core(#[from] trustkit_core::Error)`) rather than keep their own.
    #[error("{what} must be {bounds}, got {}", Shown(*.value))]
    OutOfRange {
        /// The quantity being validated, e.g. "trust level" or "reward".
        what: String,
        /// The rejected value.
        value: f64,
        /// The allowed range.
        bounds: crate::Bounds,
    },
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
