//! [`TrustLevel`]: how much a customer trusts the supplier.

use crate::{Error, Level, UnitInterval};

/// How much this customer trusts the supplier, from 0 (none) to 1 (complete).
///
/// Every trustkit crate that measures trust — the trust equation, the four-question assessment, the
/// learned belief — converts its own result into a `TrustLevel` (`impl From<…> for TrustLevel` in that
/// crate), so loyalty models and user code consume one type whatever measured the trust.
///
/// ```
/// use trustkit_core::{Level, TrustLevel, UnitInterval};
///
/// let trust = TrustLevel::new(0.72)?;
/// assert_eq!(trust.value(), 0.72);
/// assert_eq!(trust.classify(UnitInterval::new(0.6)?), Level::High);
/// # Ok::<(), trustkit_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct TrustLevel(UnitInterval);

impl TrustLevel {
    /// A trust level from arithmetic that keeps it in `[0, 1]` up to rounding; see
    /// [`UnitInterval::saturating`].
    #[must_use]
    pub fn saturating(value: f64) -> Self {
        Self(UnitInterval::saturating(value))
    }

    /// No trust at all.
    pub const NONE: Self = Self(UnitInterval::ZERO);
    /// Neither trusting nor distrusting: the midpoint.
    pub const NEUTRAL: Self = Self(UnitInterval::HALF);
    /// Complete trust.
    pub const COMPLETE: Self = Self(UnitInterval::ONE);

    /// Validates `value` as a trust level: finite, in `[0, 1]`.
    ///
    /// # Errors
    /// [`Error::OutOfRange`], naming "trust level".
    pub fn new(value: f64) -> Result<Self, Error> {
        UnitInterval::named("trust level", value).map(Self)
    }

    /// The level as a number in `[0, 1]`.
    #[must_use]
    pub const fn value(self) -> f64 {
        self.0.value()
    }

    /// The level as a validated [`UnitInterval`].
    #[must_use]
    pub const fn as_unit(self) -> UnitInterval {
        self.0
    }

    /// High when the level is at or above `threshold`, low otherwise (see [`Level::from_threshold`]).
    #[must_use]
    pub fn classify(self, threshold: UnitInterval) -> Level {
        Level::from_threshold(self.0, threshold)
    }
}

impl From<UnitInterval> for TrustLevel {
    fn from(value: UnitInterval) -> Self {
        Self(value)
    }
}

impl From<TrustLevel> for UnitInterval {
    fn from(value: TrustLevel) -> Self {
        value.0
    }
}

impl From<TrustLevel> for f64 {
    fn from(value: TrustLevel) -> Self {
        value.value()
    }
}

impl TryFrom<f64> for TrustLevel {
    type Error = Error;

    fn try_from(value: f64) -> Result<Self, Error> {
        Self::new(value)
    }
}

impl core::fmt::Display for TrustLevel {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn error_names_trust_level() {
        let err = TrustLevel::new(-0.2).unwrap_err();
        assert_eq!(
            err.to_string(),
            "trust level must be a finite number in [0, 1], got -0.2"
        );
    }

    #[test]
    fn constants() {
        assert_eq!(TrustLevel::NONE.value(), 0.0);
        assert_eq!(TrustLevel::NEUTRAL.value(), 0.5);
        assert_eq!(TrustLevel::COMPLETE.value(), 1.0);
    }

    proptest! {
        #[test]
        fn classify_is_high_exactly_at_or_above_threshold(v in 0.0f64..=1.0, t in 0.0f64..=1.0) {
            let level = TrustLevel::new(v).unwrap();
            let expected = if v >= t { Level::High } else { Level::Low };
            prop_assert_eq!(level.classify(UnitInterval::new(t).unwrap()), expected);
        }

        #[test]
        fn round_trips_through_f64(v in 0.0f64..=1.0) {
            let level = TrustLevel::new(v).unwrap();
            prop_assert_eq!(f64::from(level), v);
            prop_assert_eq!(TrustLevel::try_from(v).unwrap(), level);
        }
    }
}
