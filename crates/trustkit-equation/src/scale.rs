//! [`Scale`]: the rating scale the four components are scored on.

use crate::{Component, Error};

/// The closed rating scale `[min, max]` on which all four components are scored (*default* 1–10).
///
/// The lowest score must be positive: self-orientation divides the other three, and a positive floor
/// keeps the quotient bounded, between `3·min/max` (C = R = I = min, S = max) and `3·max/min`.
///
/// ```
/// use trustkit_equation::Scale;
///
/// let five_point = Scale::new(1.0, 5.0)?;
/// assert_eq!(five_point.quotient_range(), (0.6, 15.0));
/// assert!(Scale::new(0.0, 10.0).is_err());
/// # Ok::<(), trustkit_equation::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawScale", into = "RawScale"))]
pub struct Scale {
    min: f64,
    max: f64,
}

impl Default for Scale {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl Scale {
    /// The default 1–10 scale.
    pub const DEFAULT: Self = Self {
        min: 1.0,
        max: 10.0,
    };

    /// Declares a scale from its lowest and highest score.
    ///
    /// # Errors
    /// [`Error::InvalidScale`] unless both bounds are finite, `0 < min < max`, and the quotient's
    /// range `3·min/max … 3·max/min` and the logarithm of its width are ordinary finite numbers (a
    /// scale of 1e-300 to 1e300 would put every equation at level 0.5).
    pub fn new(min: f64, max: f64) -> Result<Self, Error> {
        let ordered = min.is_finite() && max.is_finite() && min > 0.0 && min < max;
        let (q_min, q_max) = (3.0 * min / max, 3.0 * max / min);
        let width = (q_max / q_min).ln();
        if ordered && q_min.is_normal() && q_max.is_finite() && width.is_normal() && width > 0.0 {
            Ok(Self { min, max })
        } else {
            Err(Error::InvalidScale { min, max })
        }
    }

    /// The lowest score.
    #[must_use]
    pub const fn min(&self) -> f64 {
        self.min
    }

    /// The highest score.
    #[must_use]
    pub const fn max(&self) -> f64 {
        self.max
    }

    /// The smallest and largest quotient the scale allows: `(3·min/max, 3·max/min)`.
    #[must_use]
    pub fn quotient_range(&self) -> (f64, f64) {
        (3.0 * self.min / self.max, 3.0 * self.max / self.min)
    }

    /// Mirrors a score on the scale (`min + max − x`); used to read self-orientation the same way up as
    /// the other components, where higher is better.
    #[must_use]
    pub fn mirror(&self, x: f64) -> f64 {
        self.min + self.max - x
    }

    /// Validates one component score on this scale.
    ///
    /// # Errors
    /// [`Error::NotFinite`], [`Error::NonPositiveSelfOrientation`] (self-orientation only, checked
    /// before the scale so the message says why zero is special) or [`Error::OffScale`].
    pub fn check(&self, component: Component, value: f64) -> Result<f64, Error> {
        if !value.is_finite() {
            return Err(Error::NotFinite { component, value });
        }
        if component == Component::SelfOrientation && value <= 0.0 {
            return Err(Error::NonPositiveSelfOrientation { value });
        }
        if value < self.min || value > self.max {
            return Err(Error::OffScale {
                component,
                value,
                min: self.min,
                max: self.max,
            });
        }
        Ok(value)
    }

    /// The monotone map from quotient to trust level used by [`crate::TrustEquation::level`]: the
    /// quotient's position between the scale's smallest and largest quotient on a logarithmic axis,
    /// `ln(q / q_min) / ln(q_max / q_min)`, clamped to `[0, 1]`.
    ///
    /// The logarithm makes the map symmetric in the ratio `(C+R+I)/S`: a balanced equation
    /// (`C = R = I = S`, quotient 3) sits at exactly 0.5 on every scale, and doubling or halving the
    /// quotient moves the level by the same amount. A NaN quotient gives NaN.
    ///
    /// The logarithm is trustkit's own (within 2 ulp of `f64::ln`, see the crate's `log` module),
    /// so that batch scoring through [`crate::Columns`] vectorises and gives the same bits.
    #[must_use]
    pub fn normalise(&self, quotient: f64) -> f64 {
        if quotient.is_nan() {
            return f64::NAN;
        }
        Normaliser::new(self).level(quotient)
    }
}

/// The quotient→level map with its constants precomputed, shared by the one-equation and the batch
/// paths so both give the same bits.
#[derive(Clone, Copy)]
pub(crate) struct Normaliser {
    q_min: f64,
    q_max: f64,
    ln_balanced: f64,
    inv_width: f64,
}

/// The quotient of a balanced equation (`C = R = I = S`), the centre of every scale's level axis.
const BALANCED: f64 = 3.0;

impl Normaliser {
    pub(crate) fn new(scale: &Scale) -> Self {
        let (q_min, q_max) = scale.quotient_range();
        Self {
            q_min,
            q_max,
            ln_balanced: crate::log::ln_positive_normal(BALANCED),
            inv_width: 1.0 / (q_max / q_min).ln(),
        }
    }

    /// The level of a quotient that is not NaN, measured from the centre: `0.5 + ln(q/3)/width`
    /// equals `ln(q/q_min)/width` in real numbers, and in floating point puts a balanced equation
    /// at exactly 0.5. Clamping the quotient to the scale's range first is the same map (the
    /// level is clamped anyway), hands the logarithm only the positive normal numbers it is exact
    /// on ([`Scale::new`] makes `q_min` normal), and lets the ends be exactly 0 and 1.
    #[inline(always)]
    pub(crate) fn level(&self, quotient: f64) -> f64 {
        let q = quotient.clamp(self.q_min, self.q_max);
        let level = 0.5 + (crate::log::ln_positive_normal(q) - self.ln_balanced) * self.inv_width;
        let level = if q == self.q_min { 0.0 } else { level };
        let level = if q == self.q_max { 1.0 } else { level };
        level.clamp(0.0, 1.0)
    }
}

/// The unvalidated form of a scale on the wire.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct RawScale {
    min: f64,
    max: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawScale> for Scale {
    type Error = Error;

    fn try_from(raw: RawScale) -> Result<Self, Error> {
        Self::new(raw.min, raw.max)
    }
}

#[cfg(feature = "serde")]
impl From<Scale> for RawScale {
    fn from(scale: Scale) -> Self {
        Self {
            min: scale.min,
            max: scale.max,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wide_scales_still_level_across_the_unit_interval() {
        let wide = Scale::new(1e-6, 1e6).unwrap();
        let low = crate::TrustEquation::on_scale(wide, 1e-6, 1e-6, 1e-6, 1e6).unwrap();
        let high = crate::TrustEquation::on_scale(wide, 1e6, 1e6, 1e6, 1e-6).unwrap();
        assert_eq!((low.level().value(), high.level().value()), (0.0, 1.0));
    }

    #[test]
    fn default_scale_range() {
        assert_eq!(Scale::DEFAULT.quotient_range(), (0.3, 30.0));
        assert_eq!(Scale::default(), Scale::DEFAULT);
    }

    #[test]
    fn rejects_bad_bounds() {
        for (min, max) in [
            (0.0, 10.0),
            (-1.0, 10.0),
            (5.0, 5.0),
            (10.0, 1.0),
            (f64::NAN, 10.0),
            (1.0, f64::INFINITY),
            // Regression: accepted, and then every equation levelled at 0.5.
            (1e-300, 1e300),
            (1.0, 1e308),
            // The smallest and largest ordinary scales whose width still has a logarithm.
            (1.0, 1.0 + 1e-17),
        ] {
            assert!(
                matches!(Scale::new(min, max), Err(Error::InvalidScale { .. })),
                "[{min}, {max}] was accepted"
            );
        }
    }

    #[test]
    fn check_names_the_component_and_orders_its_checks() {
        let s = Scale::DEFAULT;
        assert_eq!(s.check(Component::Intimacy, 4.0), Ok(4.0));
        assert_eq!(
            s.check(Component::SelfOrientation, 0.0),
            Err(Error::NonPositiveSelfOrientation { value: 0.0 })
        );
        assert_eq!(
            s.check(Component::Credibility, 0.0),
            Err(Error::OffScale {
                component: Component::Credibility,
                value: 0.0,
                min: 1.0,
                max: 10.0
            })
        );
        assert!(matches!(
            s.check(Component::Reliability, f64::NAN),
            Err(Error::NotFinite {
                component: Component::Reliability,
                ..
            })
        ));
    }

    #[test]
    fn normalise_worked_examples() {
        let s = Scale::DEFAULT;
        // ln(q/0.3) / ln(100): q = 0.3 → 0, q = 3 → ln 10 / ln 100 = 0.5, q = 30 → 1.
        assert_eq!(s.normalise(0.3), 0.0);
        assert_eq!(s.normalise(3.0), 0.5);
        assert!((s.normalise(30.0) - 1.0).abs() < 1e-12);
        // q = 10.5: ln(35) / ln(100) = 3.555348 / 4.605170 = 0.772034.
        assert!((s.normalise(10.5) - 0.772_034).abs() < 1e-6);
    }

    proptest! {
        #[test]
        fn balanced_equation_is_neutral_on_every_scale(min in 0.01f64..50.0, width in 0.01f64..100.0) {
            let s = Scale::new(min, min + width).unwrap();
            prop_assert_eq!(s.normalise(3.0), 0.5);
        }

        #[test]
        fn mirror_is_an_involution_on_the_scale(x in 1.0f64..=10.0) {
            let s = Scale::DEFAULT;
            let m = s.mirror(x);
            prop_assert!((1.0..=10.0).contains(&m));
            prop_assert!((s.mirror(m) - x).abs() < 1e-12);
        }
    }
}
