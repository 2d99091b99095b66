//! [`Level`]: a two-way split of a continuous score.

use crate::UnitInterval;

/// Low or high: the two-way split that relationship models use (trust × respect, affective vs
/// calculative commitment).
///
/// ```
/// use trustkit_core::{Level, UnitInterval};
///
/// let threshold = UnitInterval::new(0.6)?;
/// assert_eq!(Level::from_threshold(UnitInterval::new(0.6)?, threshold), Level::High);
/// assert_eq!(Level::from_threshold(UnitInterval::new(0.59)?, threshold), Level::Low);
/// # Ok::<(), trustkit_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Level {
    /// Below the threshold.
    Low,
    /// At or above the threshold.
    High,
}

impl Level {
    /// Classifies `value` against `threshold`: [`Level::High`] when `value >= threshold`, else
    /// [`Level::Low`]. The threshold belongs to the high side so that a score exactly on a published
    /// cut-off counts as meeting it.
    #[must_use]
    pub fn from_threshold(value: UnitInterval, threshold: UnitInterval) -> Self {
        if value >= threshold {
            Self::High
        } else {
            Self::Low
        }
    }

    /// True for [`Level::High`].
    #[must_use]
    pub const fn is_high(self) -> bool {
        matches!(self, Self::High)
    }
}

impl core::fmt::Display for Level {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Low => "low",
            Self::High => "high",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_belongs_to_high() {
        let t = UnitInterval::new(0.5).unwrap();
        assert_eq!(Level::from_threshold(UnitInterval::HALF, t), Level::High);
        assert_eq!(Level::from_threshold(UnitInterval::ZERO, t), Level::Low);
        assert!(Level::High.is_high());
        assert!(!Level::Low.is_high());
        assert_eq!(Level::Low.to_string(), "low");
    }
}
