//! [`Trend`]: which way a measure moved, with a dead band so noise does not read as movement.

/// Up, down or the same: the one direction type that every trustkit measure with a history uses —
/// assessment dimensions between two waves, a health score against last period, learned trust over
/// the recent experiences.
///
/// A change counts only when it is larger than a *dead band*: the size of move the measure makes
/// from noise alone. Each caller documents its own band (a health scorecard's `dead_band` in score
/// points, the diagnosis's learned-trust band on `[0, 1]`).
///
/// ```
/// use trustkit_core::Trend;
///
/// assert_eq!(Trend::of(0.05, 0.02), Some(Trend::Up));
/// assert_eq!(Trend::of(-0.02, 0.02), Some(Trend::Same)); // exactly on the band: not a move
/// assert_eq!(Trend::of(f64::NAN, 0.02), None);            // no direction from a non-number
/// assert_eq!("down".parse::<Trend>(), Ok(Trend::Down));
/// assert_eq!(Trend::Same.to_string(), "same");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Trend {
    /// Fell by more than the dead band.
    Down,
    /// Within the dead band.
    Same,
    /// Rose by more than the dead band.
    Up,
}

impl Trend {
    /// The three directions, worst first.
    pub const ALL: [Self; 3] = [Self::Down, Self::Same, Self::Up];

    /// The direction of `delta` (later minus earlier) outside a dead band of `dead_band` either side
    /// of zero. A change exactly on the band is [`Trend::Same`]. `None` when `delta` or `dead_band` is
    /// not a finite number, or the band is negative: no direction is better than a made-up one.
    #[must_use]
    pub fn of(delta: f64, dead_band: f64) -> Option<Self> {
        if !delta.is_finite() || !dead_band.is_finite() || dead_band < 0.0 {
            return None;
        }
        Some(if delta > dead_band {
            Self::Up
        } else if delta < -dead_band {
            Self::Down
        } else {
            Self::Same
        })
    }

    /// The short lowercase name, as used in files and on the command line.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Down => "down",
            Self::Same => "same",
            Self::Up => "up",
        }
    }
}

impl core::fmt::Display for Trend {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// The text given to [`Trend`]'s `FromStr` was not `up`, `down` or `same`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown trend {0:?}: expected one of down, same, up")]
pub struct UnknownTrend(pub String);

impl core::str::FromStr for Trend {
    type Err = UnknownTrend;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Self::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownTrend(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hand_worked_examples() {
        // Health: 61 against 58 with a 2-point band rose by 3 > 2.
        assert_eq!(Trend::of(61.0 - 58.0, 2.0), Some(Trend::Up));
        // Learned trust 0.55 → 0.54 with a 0.02 band: within it.
        assert_eq!(Trend::of(0.54 - 0.55, 0.02), Some(Trend::Same));
        assert_eq!(Trend::of(-0.3, 0.02), Some(Trend::Down));
        // A zero band makes any non-zero change count, and zero itself stays the same.
        assert_eq!(Trend::of(1e-12, 0.0), Some(Trend::Up));
        assert_eq!(Trend::of(0.0, 0.0), Some(Trend::Same));
    }

    #[test]
    fn no_direction_from_bad_numbers() {
        assert_eq!(Trend::of(f64::INFINITY, 0.0), None);
        assert_eq!(Trend::of(0.1, f64::NAN), None);
        assert_eq!(Trend::of(0.1, -1.0), None);
    }

    #[test]
    fn names_round_trip() {
        for t in Trend::ALL {
            assert_eq!(t.name().parse::<Trend>(), Ok(t));
            assert_eq!(t.to_string().to_uppercase().parse::<Trend>(), Ok(t));
        }
        assert!(
            "flat"
                .parse::<Trend>()
                .unwrap_err()
                .to_string()
                .contains("down, same, up")
        );
    }

    proptest! {
        #[test]
        fn antisymmetric_and_monotone(delta in -1e6f64..1e6, band in 0.0f64..1e3) {
            let up = Trend::of(delta, band).unwrap();
            let down = Trend::of(-delta, band).unwrap();
            prop_assert_eq!(up == Trend::Up, down == Trend::Down);
            prop_assert_eq!(up == Trend::Same, down == Trend::Same);
            // A larger move never reads as a lower direction.
            prop_assert!(Trend::of(delta + 1.0, band).unwrap() >= up);
        }
    }
}
