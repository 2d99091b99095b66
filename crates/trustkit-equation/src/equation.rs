//! [`TrustEquation`]: four validated component scores and the trust they add up to.

use trustkit_core::TrustLevel;

use crate::scale::Normaliser;
use crate::{Component, Error, Scale};

/// One customer's trust in the supplier as the trust equation sees it,
/// `Trust = (Credibility + Reliability + Intimacy) / Self-orientation`
/// (Maister, Green & Galford, *The Trusted Advisor*, 2000).
///
/// The four scores are validated on a declared [`Scale`] (*default* 1–10), and self-orientation is
/// strictly positive, so every method here is total: no NaN, no division by zero.
///
/// ```
/// use trustkit_equation::TrustEquation;
///
/// let eq = TrustEquation::new(8.0, 7.0, 6.0, 2.0)?;
/// assert_eq!(eq.quotient(), 10.5); // (8 + 7 + 6) / 2
/// assert!((eq.level().value() - 0.772).abs() < 1e-3);
/// # Ok::<(), trustkit_equation::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RawEquation", into = "RawEquation")
)]
pub struct TrustEquation {
    credibility: f64,
    reliability: f64,
    intimacy: f64,
    self_orientation: f64,
    scale: Scale,
}

impl TrustEquation {
    /// Builds an equation from four scores on the default 1–10 scale.
    ///
    /// # Errors
    /// [`Error::NotFinite`] for NaN or infinities, [`Error::NonPositiveSelfOrientation`] for
    /// `self_orientation <= 0`, [`Error::OffScale`] for a score outside 1–10. Each names the component
    /// and the value; components are checked in the order C, R, I, S.
    pub fn new(
        credibility: f64,
        reliability: f64,
        intimacy: f64,
        self_orientation: f64,
    ) -> Result<Self, Error> {
        Self::on_scale(
            Scale::DEFAULT,
            credibility,
            reliability,
            intimacy,
            self_orientation,
        )
    }

    /// Builds an equation from four scores on a declared scale.
    ///
    /// ```
    /// use trustkit_equation::{Scale, TrustEquation};
    ///
    /// let eq = TrustEquation::on_scale(Scale::new(1.0, 5.0)?, 4.0, 4.0, 3.0, 2.0)?;
    /// assert_eq!(eq.quotient(), 5.5);
    /// assert!(TrustEquation::on_scale(Scale::new(1.0, 5.0)?, 6.0, 4.0, 3.0, 2.0).is_err());
    /// # Ok::<(), trustkit_equation::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`TrustEquation::new`], against `scale`.
    pub fn on_scale(
        scale: Scale,
        credibility: f64,
        reliability: f64,
        intimacy: f64,
        self_orientation: f64,
    ) -> Result<Self, Error> {
        Ok(Self {
            credibility: scale.check(Component::Credibility, credibility)?,
            reliability: scale.check(Component::Reliability, reliability)?,
            intimacy: scale.check(Component::Intimacy, intimacy)?,
            self_orientation: scale.check(Component::SelfOrientation, self_orientation)?,
            scale,
        })
    }

    /// The same equation with one component replaced.
    ///
    /// # Errors
    /// As [`TrustEquation::new`], for the new value.
    pub fn with(&self, component: Component, value: f64) -> Result<Self, Error> {
        let value = self.scale.check(component, value)?;
        let mut next = *self;
        match component {
            Component::Credibility => next.credibility = value,
            Component::Reliability => next.reliability = value,
            Component::Intimacy => next.intimacy = value,
            Component::SelfOrientation => next.self_orientation = value,
        }
        Ok(next)
    }

    /// Credibility, C.
    #[must_use]
    pub const fn credibility(&self) -> f64 {
        self.credibility
    }

    /// Reliability, R.
    #[must_use]
    pub const fn reliability(&self) -> f64 {
        self.reliability
    }

    /// Intimacy, I.
    #[must_use]
    pub const fn intimacy(&self) -> f64 {
        self.intimacy
    }

    /// Self-orientation, S (always positive).
    #[must_use]
    pub const fn self_orientation(&self) -> f64 {
        self.self_orientation
    }

    /// The score of one component.
    #[must_use]
    pub const fn component(&self, component: Component) -> f64 {
        match component {
            Component::Credibility => self.credibility,
            Component::Reliability => self.reliability,
            Component::Intimacy => self.intimacy,
            Component::SelfOrientation => self.self_orientation,
        }
    }

    /// The scale the scores are on.
    #[must_use]
    pub const fn scale(&self) -> Scale {
        self.scale
    }

    /// `C + R + I`: the numerator.
    #[must_use]
    pub fn numerator(&self) -> f64 {
        self.credibility + self.reliability + self.intimacy
    }

    /// The trust quotient `(C + R + I) / S`, between `3·min/max` and `3·max/min` of the scale
    /// (0.3 to 30 on 1–10). Higher means more trust.
    #[must_use]
    pub fn quotient(&self) -> f64 {
        self.numerator() / self.self_orientation
    }

    /// The quotient normalised to a [`TrustLevel`] in `[0, 1]` by [`Scale::normalise`]: logarithmic
    /// between the scale's smallest and largest quotient, monotone in the quotient, 0.5 for a balanced
    /// equation (`C = R = I = S`).
    #[must_use]
    pub fn level(&self) -> TrustLevel {
        // The scale is validated so the normaliser is finite, and the quotient is positive: a NaN here
        // is a broken invariant, which `saturating` reports in debug builds.
        TrustLevel::saturating(Normaliser::new(&self.scale).level(self.quotient()))
    }

    /// How unevenly the four components are scored: the highest minus the lowest, with
    /// self-orientation mirrored on the scale (`min + max − S`) so all four read "higher is better".
    ///
    /// Zero means a balanced profile; a wide spread means one lever lags the others. The most-used public
    /// self-assessment built on this equation reports that a larger spread goes with lower trust
    /// (trustkit does not claim to be that instrument).
    ///
    /// ```
    /// use trustkit_equation::TrustEquation;
    ///
    /// // C = 8, R = 7, I = 6, S = 2 mirrored to 9 on 1–10: spread = 9 − 6 = 3.
    /// assert_eq!(TrustEquation::new(8.0, 7.0, 6.0, 2.0)?.component_spread(), 3.0);
    /// # Ok::<(), trustkit_equation::Error>(())
    /// ```
    #[must_use]
    pub fn component_spread(&self) -> f64 {
        let mirrored_s = self.scale.mirror(self.self_orientation);
        let scores = [
            self.credibility,
            self.reliability,
            self.intimacy,
            mirrored_s,
        ];
        let (lo, hi) = scores
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        hi - lo
    }

    /// A component's score read so that higher is better (self-orientation mirrored).
    pub(crate) fn goodness(&self, component: Component) -> f64 {
        let value = self.component(component);
        if component.raises_trust() {
            value
        } else {
            self.scale.mirror(value)
        }
    }
}

impl From<TrustEquation> for TrustLevel {
    fn from(equation: TrustEquation) -> Self {
        equation.level()
    }
}

impl From<&TrustEquation> for TrustLevel {
    fn from(equation: &TrustEquation) -> Self {
        equation.level()
    }
}

/// The unvalidated form of an equation on the wire.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct RawEquation {
    credibility: f64,
    reliability: f64,
    intimacy: f64,
    self_orientation: f64,
    #[serde(default)]
    scale: Scale,
}

#[cfg(feature = "serde")]
impl TryFrom<RawEquation> for TrustEquation {
    type Error = Error;

    fn try_from(raw: RawEquation) -> Result<Self, Error> {
        Self::on_scale(
            raw.scale,
            raw.credibility,
            raw.reliability,
            raw.intimacy,
            raw.self_orientation,
        )
    }
}

#[cfg(feature = "serde")]
impl From<TrustEquation> for RawEquation {
    fn from(eq: TrustEquation) -> Self {
        Self {
            credibility: eq.credibility,
            reliability: eq.reliability,
            intimacy: eq.intimacy,
            self_orientation: eq.self_orientation,
            scale: eq.scale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn score() -> impl Strategy<Value = f64> {
        1.0f64..=10.0
    }

    #[test]
    fn worked_example_quotient_and_level() {
        let eq = TrustEquation::new(8.0, 7.0, 6.0, 2.0).unwrap();
        assert_eq!(eq.numerator(), 21.0);
        assert_eq!(eq.quotient(), 10.5);
        // ln(10.5 / 0.3) / ln(30 / 0.3) = ln 35 / ln 100 = 0.772034
        assert!((eq.level().value() - 0.772_034).abs() < 1e-6);
        assert_eq!(TrustLevel::from(eq), eq.level());
    }

    #[test]
    fn extremes_of_the_default_scale() {
        let worst = TrustEquation::new(1.0, 1.0, 1.0, 10.0).unwrap();
        assert!((worst.quotient() - 0.3).abs() < 1e-12);
        assert_eq!(worst.level().value(), 0.0);
        let best = TrustEquation::new(10.0, 10.0, 10.0, 1.0).unwrap();
        assert_eq!(best.quotient(), 30.0);
        assert!((best.level().value() - 1.0).abs() < 1e-12);
        let balanced = TrustEquation::new(5.0, 5.0, 5.0, 5.0).unwrap();
        assert!((balanced.level().value() - 0.5).abs() < 1e-12);
        assert_eq!(balanced.component_spread(), 1.0); // S = 5 mirrors to 6
    }

    #[test]
    fn errors_name_component_and_value() {
        assert_eq!(
            TrustEquation::new(8.0, 7.0, 6.0, 0.0),
            Err(Error::NonPositiveSelfOrientation { value: 0.0 })
        );
        assert_eq!(
            TrustEquation::new(8.0, 7.0, 6.0, -2.0),
            Err(Error::NonPositiveSelfOrientation { value: -2.0 })
        );
        assert_eq!(
            TrustEquation::new(8.0, 11.0, 6.0, 2.0),
            Err(Error::OffScale {
                component: Component::Reliability,
                value: 11.0,
                min: 1.0,
                max: 10.0
            })
        );
        let nan = TrustEquation::new(f64::NAN, 7.0, 6.0, 2.0).unwrap_err();
        assert!(matches!(
            nan,
            Error::NotFinite {
                component: Component::Credibility,
                ..
            }
        ));
        assert_eq!(
            nan.to_string(),
            "credibility must be a finite number, got NaN"
        );
        let inf = TrustEquation::new(8.0, 7.0, f64::INFINITY, 2.0).unwrap_err();
        assert!(matches!(
            inf,
            Error::NotFinite {
                component: Component::Intimacy,
                ..
            }
        ));
    }

    #[test]
    fn with_replaces_one_component_and_validates_it() {
        let eq = TrustEquation::new(8.0, 7.0, 6.0, 2.0).unwrap();
        let better = eq.with(Component::Intimacy, 9.0).unwrap();
        assert_eq!(better.quotient(), 12.0);
        assert_eq!(better.credibility(), 8.0);
        assert!(eq.with(Component::SelfOrientation, 0.5).is_err());
    }

    proptest! {
        #[test]
        fn quotient_increases_in_numerator_components(
            c in score(), r in score(), i in score(), s in score(), bump in 0.001f64..9.0,
            which in 0usize..3,
        ) {
            let eq = TrustEquation::new(c, r, i, s).unwrap();
            let component = Component::ALL[which];
            let raised = eq.component(component) + bump;
            prop_assume!(raised <= 10.0);
            let better = eq.with(component, raised).unwrap();
            prop_assert!(better.quotient() > eq.quotient());
            prop_assert!(better.level() >= eq.level());
        }

        #[test]
        fn quotient_decreases_in_self_orientation(
            c in score(), r in score(), i in score(), s in score(), bump in 0.001f64..9.0,
        ) {
            let eq = TrustEquation::new(c, r, i, s).unwrap();
            prop_assume!(s + bump <= 10.0);
            let worse = eq.with(Component::SelfOrientation, s + bump).unwrap();
            prop_assert!(worse.quotient() < eq.quotient());
            prop_assert!(worse.level() <= eq.level());
        }

        #[test]
        fn level_is_in_unit_interval_and_monotone_in_quotient(
            a in (score(), score(), score(), score()),
            b in (score(), score(), score(), score()),
        ) {
            let ea = TrustEquation::new(a.0, a.1, a.2, a.3).unwrap();
            let eb = TrustEquation::new(b.0, b.1, b.2, b.3).unwrap();
            for e in [ea, eb] {
                prop_assert!((0.0..=1.0).contains(&e.level().value()));
            }
            if ea.quotient() <= eb.quotient() {
                prop_assert!(ea.level() <= eb.level());
            } else {
                prop_assert!(ea.level() >= eb.level());
            }
        }

        #[test]
        fn spread_is_zero_only_for_a_balanced_profile(c in score(), r in score(), i in score(), s in score()) {
            let eq = TrustEquation::new(c, r, i, s).unwrap();
            let spread = eq.component_spread();
            prop_assert!((0.0..=9.0).contains(&spread));
            let ms = 11.0 - s;
            let all_equal = c == r && r == i && i == ms;
            prop_assert_eq!(spread == 0.0, all_equal);
        }

        #[test]
        fn off_scale_scores_are_rejected(x in prop_oneof![-100.0f64..0.999, 10.001f64..100.0]) {
            prop_assert!(TrustEquation::new(x, 5.0, 5.0, 5.0).is_err());
            prop_assert!(TrustEquation::new(5.0, 5.0, 5.0, x).is_err());
        }
    }
}
