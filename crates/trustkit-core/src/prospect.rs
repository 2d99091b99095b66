//! Prospect-theory primitives shared by the learning and loyalty crates: the value function, the
//! probability-weighting function and the switching threshold (Tversky & Kahneman, *Advances in
//! Prospect Theory: Cumulative Representation of Uncertainty*, 1992).

use crate::{Bound, Bounds};
use crate::{Error, TrustLevel};

/// The parameters of cumulative prospect theory.
///
/// `ProspectParams::default()` gives Tversky & Kahneman's (1992) median estimates: α = β = 0.88,
/// λ = 2.25, γ = 0.61 for gains and δ = 0.69 for losses.
///
/// ```
/// use trustkit_core::prospect::ProspectParams;
///
/// let pt = ProspectParams::default();
/// // A loss looms larger than an equal gain: |v(−100)| = 2.25 · v(100).
/// assert!((pt.value(-100.0) + 2.25 * pt.value(100.0)).abs() < 1e-9);
/// # Ok::<(), trustkit_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RawProspect", into = "RawProspect")
)]
pub struct ProspectParams {
    alpha: f64,
    beta: f64,
    lambda: f64,
    gamma_gain: f64,
    gamma_loss: f64,
}

impl Default for ProspectParams {
    fn default() -> Self {
        Self {
            alpha: 0.88,
            beta: 0.88,
            lambda: 2.25,
            gamma_gain: 0.61,
            gamma_loss: 0.69,
        }
    }
}

impl ProspectParams {
    /// Validates a parameter set.
    ///
    /// # Errors
    /// [`Error::OutOfRange`]: `alpha` and `beta` must lie in `(0, 1]`
    /// (diminishing sensitivity), `lambda` in `[1, 10]` (losses weigh at least as much as gains), and
    /// both `gamma`s in `[0.28, 1]`, where the weighting function is increasing (Tversky & Kahneman
    /// 1992; below about 0.28 it stops being monotone).
    pub fn new(
        alpha: f64,
        beta: f64,
        lambda: f64,
        gamma_gain: f64,
        gamma_loss: f64,
    ) -> Result<Self, Error> {
        const SENSITIVITY: Bounds = Bounds {
            lower: Bound::Open(0.0),
            upper: Bound::Closed(1.0),
        };
        let positive = |what: &str, x: f64| SENSITIVITY.check(what, x);
        Ok(Self {
            alpha: positive("prospect alpha", alpha)?,
            beta: positive("prospect beta", beta)?,
            lambda: Bounds::closed(1.0, 10.0).check("loss aversion lambda", lambda)?,
            gamma_gain: Bounds::closed(0.28, 1.0)
                .check("probability weighting gamma (gains)", gamma_gain)?,
            gamma_loss: Bounds::closed(0.28, 1.0)
                .check("probability weighting gamma (losses)", gamma_loss)?,
        })
    }

    /// The same parameters with another loss-aversion coefficient.
    ///
    /// # Errors
    /// As [`ProspectParams::new`] for `lambda`.
    pub fn with_lambda(self, lambda: f64) -> Result<Self, Error> {
        Self::new(
            self.alpha,
            self.beta,
            lambda,
            self.gamma_gain,
            self.gamma_loss,
        )
    }

    /// Curvature for gains, α.
    #[must_use]
    pub const fn alpha(&self) -> f64 {
        self.alpha
    }

    /// Curvature for losses, β.
    #[must_use]
    pub const fn beta(&self) -> f64 {
        self.beta
    }

    /// Loss aversion, λ.
    #[must_use]
    pub const fn lambda(&self) -> f64 {
        self.lambda
    }

    /// The value of an outcome `x` relative to the reference point: `x^α` for gains and
    /// `−λ·(−x)^β` for losses. Not-a-number in, not-a-number out.
    #[must_use]
    pub fn value(&self, x: f64) -> f64 {
        if x >= 0.0 {
            x.powf(self.alpha)
        } else {
            -self.lambda * (-x).powf(self.beta)
        }
    }

    /// The decision weight of a gain with probability `p`: `w(p) = p^γ / (p^γ + (1 − p)^γ)^(1/γ)`.
    #[must_use]
    pub fn weight_gain(&self, p: crate::UnitInterval) -> f64 {
        weight(p.value(), self.gamma_gain)
    }

    /// The decision weight of a loss with probability `p` (same form, γ for losses).
    #[must_use]
    pub fn weight_loss(&self, p: crate::UnitInterval) -> f64 {
        weight(p.value(), self.gamma_loss)
    }

    /// The switching threshold: how many times what is at stake a competitor must promise before
    /// switching has positive prospect value.
    ///
    /// Switching trades a promised gain `G`, believed in proportion to trust in the newcomer `T_new`,
    /// for the risk of losing a stake `L` with the incumbent, felt in proportion to trust in the
    /// incumbent `T_inc` (the more one trusts the incumbent, the surer one is of what one gives up).
    /// With `L` as the unit, switching pays when `T_new · G^α > λ · T_inc · L^β`, so
    ///
    /// ```text
    /// threshold = (λ · T_inc / T_new)^(1/α)
    /// ```
    ///
    /// At equal trust it is `λ^(1/α)` (about 2.5 with the defaults: "a better offer must promise
    /// more than twice what is at stake"); it grows with trust in the incumbent and falls when a
    /// betrayal lowers it. Trust enters as a belief, not as a stated probability, so it is not passed
    /// through the weighting function. With no trust in the newcomer no offer suffices: the result is
    /// `None` (also when the ratio is too large for an `f64`), never an infinity.
    ///
    /// ```
    /// use trustkit_core::{TrustLevel, prospect::ProspectParams};
    ///
    /// let pt = ProspectParams::default();
    /// let neutral = pt.switching_threshold(TrustLevel::NEUTRAL, TrustLevel::NEUTRAL).unwrap();
    /// assert!((neutral - 2.25f64.powf(1.0 / 0.88)).abs() < 1e-12); // 2.51
    /// let loyal = pt.switching_threshold(TrustLevel::new(0.9)?, TrustLevel::NEUTRAL).unwrap();
    /// assert!(loyal > neutral);
    /// assert_eq!(pt.switching_threshold(TrustLevel::NEUTRAL, TrustLevel::NONE), None);
    /// # Ok::<(), trustkit_core::Error>(())
    /// ```
    #[must_use]
    pub fn switching_threshold(
        &self,
        trust_incumbent: TrustLevel,
        trust_newcomer: TrustLevel,
    ) -> Option<f64> {
        let t_new = trust_newcomer.value();
        if t_new <= 0.0 {
            return None;
        }
        let threshold = (self.lambda * trust_incumbent.value() / t_new).powf(1.0 / self.alpha);
        threshold.is_finite().then_some(threshold)
    }

    /// Whether an offer promising `benefit_ratio` times the stake clears the switching threshold.
    #[must_use]
    pub fn would_switch(
        &self,
        benefit_ratio: f64,
        trust_incumbent: TrustLevel,
        trust_newcomer: TrustLevel,
    ) -> bool {
        self.switching_threshold(trust_incumbent, trust_newcomer)
            .is_some_and(|t| benefit_ratio > t)
    }
}

/// The unvalidated form on the wire.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct RawProspect {
    alpha: f64,
    beta: f64,
    lambda: f64,
    gamma_gain: f64,
    gamma_loss: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawProspect> for ProspectParams {
    type Error = Error;

    fn try_from(r: RawProspect) -> Result<Self, Error> {
        Self::new(r.alpha, r.beta, r.lambda, r.gamma_gain, r.gamma_loss)
    }
}

#[cfg(feature = "serde")]
impl From<ProspectParams> for RawProspect {
    fn from(p: ProspectParams) -> Self {
        Self {
            alpha: p.alpha,
            beta: p.beta,
            lambda: p.lambda,
            gamma_gain: p.gamma_gain,
            gamma_loss: p.gamma_loss,
        }
    }
}

fn weight(p: f64, gamma: f64) -> f64 {
    let a = p.powf(gamma);
    let b = (1.0 - p).powf(gamma);
    a / (a + b).powf(1.0 / gamma)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UnitInterval;
    use proptest::prelude::*;

    #[test]
    fn value_function_worked_examples() {
        let pt = ProspectParams::default();
        assert_eq!(pt.value(0.0), 0.0);
        assert_eq!(pt.value(1.0), 1.0);
        assert!((pt.value(-1.0) + 2.25).abs() < 1e-12);
        // 100^0.88 = e^(0.88 · ln 100) = 57.544
        assert!((pt.value(100.0) - 57.543_993).abs() < 1e-5);
    }

    #[test]
    fn weighting_worked_examples() {
        let pt = ProspectParams::default();
        let half = UnitInterval::HALF;
        // 0.5^0.61 / (2 · 0.5^0.61)^(1/0.61) = 0.4206
        assert!((pt.weight_gain(half) - 0.420_6).abs() < 1e-4);
        assert!((pt.weight_loss(half) - 0.454_0).abs() < 1e-4);
        assert_eq!(pt.weight_gain(UnitInterval::ZERO), 0.0);
        assert_eq!(pt.weight_gain(UnitInterval::ONE), 1.0);
        // Small probabilities are overweighted.
        assert!(pt.weight_gain(UnitInterval::new(0.01).unwrap()) > 0.01);
    }

    #[test]
    fn threshold_worked_examples() {
        let pt = ProspectParams::default();
        let t = |x| TrustLevel::new(x).unwrap();
        // (2.25 · 0.8 / 0.4)^(1/0.88) = 4.5^1.13636 = 5.5232
        let threshold = pt.switching_threshold(t(0.8), t(0.4)).unwrap();
        assert!((threshold - 4.5f64.powf(1.0 / 0.88)).abs() < 1e-12);
        // No trust in the newcomer: no offer suffices, and the answer says so instead of ∞.
        assert_eq!(pt.switching_threshold(t(0.8), TrustLevel::NONE), None);
        assert!(!pt.would_switch(f64::MAX, t(0.8), TrustLevel::NONE));
        // A newcomer trusted so little that the ratio overflows: the same answer.
        assert_eq!(pt.switching_threshold(t(1.0), t(1e-308)), None);
        assert_eq!(pt.switching_threshold(TrustLevel::NONE, t(0.5)), Some(0.0));
        assert!(pt.would_switch(3.0, t(0.5), t(0.5)));
        assert!(!pt.would_switch(2.0, t(0.5), t(0.5)));
    }

    #[test]
    fn invalid_parameters() {
        assert!(ProspectParams::new(0.0, 0.88, 2.25, 0.61, 0.69).is_err());
        assert!(ProspectParams::new(0.88, 1.2, 2.25, 0.61, 0.69).is_err());
        assert!(ProspectParams::new(0.88, 0.88, 0.5, 0.61, 0.69).is_err());
        assert!(ProspectParams::new(0.88, 0.88, 2.25, 0.2, 0.69).is_err());
        assert!(ProspectParams::new(0.88, 0.88, f64::NAN, 0.61, 0.69).is_err());
        assert!(ProspectParams::default().with_lambda(1.0).is_ok());
    }

    proptest! {
        #[test]
        fn threshold_grows_with_incumbent_trust_and_falls_with_newcomer_trust(
            a in 0.0f64..=1.0, b in 0.0f64..=1.0, n in 0.01f64..=1.0,
        ) {
            let pt = ProspectParams::default();
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let t = |x| TrustLevel::new(x).unwrap();
            // "No offer suffices" (None) ranks above every finite threshold.
            let rank = |x: Option<f64>| x.unwrap_or(f64::MAX);
            prop_assert!(rank(pt.switching_threshold(t(lo), t(n))) <= rank(pt.switching_threshold(t(hi), t(n))));
            prop_assert!(rank(pt.switching_threshold(t(n), t(hi))) <= rank(pt.switching_threshold(t(n), t(lo))));
            prop_assert_eq!(pt.switching_threshold(t(n), t(lo)).is_none(), lo == 0.0);
        }

        #[test]
        fn losses_loom_larger(x in 0.001f64..1e6) {
            let pt = ProspectParams::default();
            prop_assert!(-pt.value(-x) > pt.value(x));
        }

        #[test]
        fn weighting_is_monotone_and_in_unit_interval(p in 0.0f64..=1.0, q in 0.0f64..=1.0) {
            let pt = ProspectParams::default();
            let (lo, hi) = if p <= q { (p, q) } else { (q, p) };
            let (wl, wh) = (pt.weight_gain(UnitInterval::new(lo).unwrap()), pt.weight_gain(UnitInterval::new(hi).unwrap()));
            prop_assert!((0.0..=1.0).contains(&wl) && wl <= wh + 1e-12);
        }
    }
}
