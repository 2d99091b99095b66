//! [`UnitInterval`]: a finite number in `[0, 1]`.

use crate::Bounds;
use crate::error::Error;

/// A finite number in the closed interval `[0, 1]`.
///
/// Shares, probabilities, normalised scores and trust levels are all unit-interval numbers; validating
/// them once here means no downstream formula has to guard against NaN or a share of 1.3.
///
/// ```
/// use trustkit_core::UnitInterval;
///
/// let half = UnitInterval::new(0.5)?;
/// assert_eq!(half.value(), 0.5);
/// assert!(UnitInterval::new(1.2).is_err());
/// assert!(UnitInterval::new(f64::NAN).is_err());
/// # Ok::<(), trustkit_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct UnitInterval(f64);

impl UnitInterval {
    /// Zero: none at all.
    pub const ZERO: Self = Self(0.0);
    /// One half: the midpoint.
    pub const HALF: Self = Self(0.5);
    /// One: complete.
    pub const ONE: Self = Self(1.0);

    /// Validates `value`: it must be finite and in `[0, 1]`.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for NaN, an infinity or a value outside `[0, 1]`.
    pub fn new(value: f64) -> Result<Self, Error> {
        Self::named("unit-interval value", value)
    }

    /// Like [`UnitInterval::new`], but the error names the quantity (`what`), e.g. `"churn probability"`.
    ///
    /// # Errors
    /// As [`UnitInterval::new`].
    pub fn named(what: &str, value: f64) -> Result<Self, Error> {
        Bounds::UNIT.check(what, value).map(Self)
    }

    /// Clamps a finite `value` into `[0, 1]`; for results of arithmetic that may drift just outside the
    /// interval by rounding or by design (a learning step that would overshoot).
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for NaN; infinities clamp to the nearer bound.
    pub fn clamped(value: f64) -> Result<Self, Error> {
        if value.is_nan() {
            return Err(Error::OutOfRange {
                what: "unit-interval value".to_owned(),
                value,
                bounds: Bounds::UNIT,
            });
        }
        Ok(Self(value.clamp(0.0, 1.0)))
    }

    /// Clamps the result of arithmetic that the caller's invariants keep in `[0, 1]` up to rounding
    /// (a weighted mean of unit values, an already range-checked input). Use it only there: user input
    /// goes through [`UnitInterval::new`]. A NaN means a broken invariant, not bad input; debug builds
    /// (and so every test and fuzz run) panic on it so it cannot hide, and release builds return 0 —
    /// the end of the interval no one mistakes for good news.
    #[must_use]
    pub fn saturating(value: f64) -> Self {
        debug_assert!(!value.is_nan(), "a unit-interval invariant produced NaN");
        if value.is_nan() {
            return Self::ZERO;
        }
        // `+ 0.0` turns −0 (the size of no surprise) into 0.
        Self(value.clamp(0.0, 1.0) + 0.0)
    }

    /// The number, in `[0, 1]`.
    #[must_use]
    pub const fn value(self) -> f64 {
        self.0
    }

    /// `1 − self`: the complement (the share that is not).
    #[must_use]
    pub fn complement(self) -> Self {
        Self(1.0 - self.0)
    }
}

impl TryFrom<f64> for UnitInterval {
    type Error = Error;

    fn try_from(value: f64) -> Result<Self, Error> {
        Self::new(value)
    }
}

impl From<UnitInterval> for f64 {
    fn from(value: UnitInterval) -> f64 {
        value.0
    }
}

impl core::fmt::Display for UnitInterval {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_bounds_and_rejects_outside() {
        assert_eq!(UnitInterval::new(0.0).unwrap(), UnitInterval::ZERO);
        assert_eq!(UnitInterval::new(1.0).unwrap(), UnitInterval::ONE);
        assert_eq!(
            UnitInterval::new(-0.01),
            Err(Error::OutOfRange {
                what: "unit-interval value".to_owned(),
                value: -0.01,
                bounds: Bounds::UNIT,
            })
        );
        assert!(matches!(
            UnitInterval::new(f64::INFINITY),
            Err(Error::OutOfRange { .. })
        ));
    }

    #[test]
    fn named_error_mentions_the_quantity() {
        let err = UnitInterval::named("churn probability", 1.5).unwrap_err();
        assert_eq!(
            err.to_string(),
            "churn probability must be a finite number in [0, 1], got 1.5"
        );
    }

    #[test]
    fn clamped_saturates_but_rejects_nan() {
        assert_eq!(UnitInterval::clamped(1.7).unwrap().value(), 1.0);
        assert_eq!(UnitInterval::clamped(-3.0).unwrap().value(), 0.0);
        assert_eq!(
            UnitInterval::clamped(f64::NEG_INFINITY).unwrap().value(),
            0.0
        );
        assert!(UnitInterval::clamped(f64::NAN).is_err());
    }

    #[test]
    fn complement_of_quarter() {
        assert_eq!(UnitInterval::new(0.25).unwrap().complement().value(), 0.75);
    }

    proptest! {
        #[test]
        fn new_accepts_exactly_the_unit_interval(x in proptest::num::f64::ANY) {
            let ok = x.is_finite() && (0.0..=1.0).contains(&x);
            prop_assert_eq!(UnitInterval::new(x).is_ok(), ok);
        }

        #[test]
        fn clamped_is_in_range_and_fixes_valid_values(x in -10.0f64..10.0) {
            let u = UnitInterval::clamped(x).unwrap().value();
            prop_assert!((0.0..=1.0).contains(&u));
            if (0.0..=1.0).contains(&x) {
                prop_assert_eq!(u, x);
            }
        }
    }
}
