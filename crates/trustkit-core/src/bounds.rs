//! [`Bounds`]: the allowed range of a number, and the one range check every trustkit crate uses.

use crate::error::{Error, Shown};

/// One end of an allowed range.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Bound {
    /// No limit on this side (the number must still be finite).
    Unbounded,
    /// The limit itself is allowed.
    Closed(f64),
    /// Only numbers strictly beyond the limit are allowed.
    Open(f64),
}

/// The allowed range of a number: each end unbounded, closed or open, and never NaN or infinite.
///
/// Every range error in trustkit names its quantity, the rejected value and a `Bounds`, so the
/// messages read alike whichever crate raised them:
///
/// ```
/// use trustkit_core::Bounds;
///
/// assert_eq!(Bounds::UNIT.to_string(), "a finite number in [0, 1]");
/// assert_eq!(Bounds::POSITIVE.to_string(), "a positive finite number");
/// assert_eq!(Bounds::at_least(1.0).to_string(), "a finite number of at least 1");
/// let err = Bounds::UNIT.check("reward", 1.5).unwrap_err();
/// assert_eq!(err.to_string(), "reward must be a finite number in [0, 1], got 1.5");
/// assert!(Bounds::FINITE.check("bias", f64::NAN).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Bounds {
    /// The lower end.
    pub lower: Bound,
    /// The upper end.
    pub upper: Bound,
}

impl Bounds {
    /// Any finite number.
    pub const FINITE: Self = Self {
        lower: Bound::Unbounded,
        upper: Bound::Unbounded,
    };
    /// `[0, 1]`: probabilities, trust levels, rewards.
    pub const UNIT: Self = Self::closed(0.0, 1.0);
    /// `[0, ∞)`.
    pub const NON_NEGATIVE: Self = Self::at_least(0.0);
    /// `(0, ∞)`.
    pub const POSITIVE: Self = Self {
        lower: Bound::Open(0.0),
        upper: Bound::Unbounded,
    };

    /// `[min, max]`.
    #[must_use]
    pub const fn closed(min: f64, max: f64) -> Self {
        Self {
            lower: Bound::Closed(min),
            upper: Bound::Closed(max),
        }
    }

    /// `[min, ∞)`.
    #[must_use]
    pub const fn at_least(min: f64) -> Self {
        Self {
            lower: Bound::Closed(min),
            upper: Bound::Unbounded,
        }
    }

    /// `(−∞, max]`.
    #[must_use]
    pub const fn at_most(max: f64) -> Self {
        Self {
            lower: Bound::Unbounded,
            upper: Bound::Closed(max),
        }
    }

    /// Whether `value` is finite and inside.
    #[must_use]
    pub fn contains(&self, value: f64) -> bool {
        let above = match self.lower {
            Bound::Unbounded => true,
            Bound::Closed(min) => value >= min,
            Bound::Open(min) => value > min,
        };
        let below = match self.upper {
            Bound::Unbounded => true,
            Bound::Closed(max) => value <= max,
            Bound::Open(max) => value < max,
        };
        value.is_finite() && above && below
    }

    /// `value` when it is inside, else [`Error::OutOfRange`] naming `what`.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for NaN, an infinity or a value outside the bounds.
    pub fn check(&self, what: &str, value: f64) -> Result<f64, Error> {
        if self.contains(value) {
            Ok(value)
        } else {
            Err(Error::OutOfRange {
                what: what.to_owned(),
                value,
                bounds: *self,
            })
        }
    }
}

impl core::fmt::Display for Bounds {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match (self.lower, self.upper) {
            (Bound::Unbounded, Bound::Unbounded) => f.write_str("a finite number"),
            (Bound::Open(0.0), Bound::Unbounded) => f.write_str("a positive finite number"),
            (Bound::Closed(x), Bound::Unbounded) => {
                write!(f, "a finite number of at least {}", Shown(x))
            }
            (Bound::Open(x), Bound::Unbounded) => {
                write!(f, "a finite number greater than {}", Shown(x))
            }
            (Bound::Unbounded, Bound::Closed(x)) => {
                write!(f, "a finite number of at most {}", Shown(x))
            }
            (Bound::Unbounded, Bound::Open(x)) => {
                write!(f, "a finite number less than {}", Shown(x))
            }
            (lower, upper) => {
                // Both ends are bounded here: the unbounded cases are matched above.
                let (open, a) = match lower {
                    Bound::Open(a) => ('(', a),
                    Bound::Closed(a) => ('[', a),
                    Bound::Unbounded => ('(', f64::NEG_INFINITY),
                };
                let (close, b) = match upper {
                    Bound::Open(b) => (')', b),
                    Bound::Closed(b) => (']', b),
                    Bound::Unbounded => (')', f64::INFINITY),
                };
                write!(
                    f,
                    "a finite number in {open}{}, {}{close}",
                    Shown(a),
                    Shown(b)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_by_hand() {
        let half_open = Bounds {
            lower: Bound::Open(0.0),
            upper: Bound::Closed(1.0),
        };
        assert_eq!(half_open.to_string(), "a finite number in (0, 1]");
        assert!(!half_open.contains(0.0) && half_open.contains(1.0));
        assert!(!Bounds::FINITE.contains(f64::INFINITY));
        assert!(Bounds::NON_NEGATIVE.contains(0.0) && !Bounds::POSITIVE.contains(0.0));
        assert_eq!(
            Bounds::at_most(2.5)
                .check("x", 3.0)
                .unwrap_err()
                .to_string(),
            "x must be a finite number of at most 2.5, got 3"
        );
        assert_eq!(
            Bounds::UNIT.check("p", 1e308).unwrap_err().to_string(),
            "p must be a finite number in [0, 1], got 1e308"
        );
    }
}
