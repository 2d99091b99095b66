//! Which lever moves trust most: marginal effects, the best one-point improvement, and the smallest
//! single-component change that reaches a target.

use crate::{Component, Error, TrustEquation};

/// Relative tolerance for comparing reachable values with the scale's bounds, so that a target reachable
/// exactly at the bound is not lost to rounding.
const BOUND_TOLERANCE: f64 = 1e-12;

/// The partial derivatives of the quotient `T = (C + R + I) / S` with respect to each component:
/// `∂T/∂C = ∂T/∂R = ∂T/∂I = 1/S` and `∂T/∂S = −(C + R + I)/S²`.
///
/// They say how much trust a small change in each lever buys. Because `S` divides, its effect is
/// usually far larger: at C = 8, R = 7, I = 6, S = 2 a unit of credibility is worth 0.5 while a unit
/// less self-orientation is worth 5.25.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MarginalEffects {
    /// `∂T/∂C = 1/S`.
    pub credibility: f64,
    /// `∂T/∂R = 1/S`.
    pub reliability: f64,
    /// `∂T/∂I = 1/S`.
    pub intimacy: f64,
    /// `∂T/∂S = −(C + R + I)/S²` (negative: more self-orientation, less trust).
    pub self_orientation: f64,
}

impl MarginalEffects {
    /// The effect of one component.
    #[must_use]
    pub const fn of(&self, component: Component) -> f64 {
        match component {
            Component::Credibility => self.credibility,
            Component::Reliability => self.reliability,
            Component::Intimacy => self.intimacy,
            Component::SelfOrientation => self.self_orientation,
        }
    }
}

/// Moving one component in the direction that raises trust (up for C, R, I; down for S), and what it
/// does to the quotient.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LeverChange {
    /// The component moved.
    pub component: Component,
    /// Its score before.
    pub from: f64,
    /// Its score after.
    pub to: f64,
    /// The quotient before.
    pub quotient_before: f64,
    /// The quotient after.
    pub quotient_after: f64,
}

impl LeverChange {
    /// How far the score moves, in scale points (always ≥ 0).
    #[must_use]
    pub fn distance(&self) -> f64 {
        (self.to - self.from).abs()
    }

    /// How much the quotient rises (≥ 0).
    #[must_use]
    pub fn quotient_gain(&self) -> f64 {
        self.quotient_after - self.quotient_before
    }
}

/// What it takes to reach a target quotient, from [`TrustEquation::reach_target`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum TargetPlan {
    /// The quotient already meets the target; nothing needs to change.
    AlreadyMet,
    /// The smallest single-component change that reaches the target exactly.
    Change(LeverChange),
}

impl TrustEquation {
    /// The marginal effect of each lever on the quotient.
    ///
    /// ```
    /// use trustkit_equation::TrustEquation;
    ///
    /// let fx = TrustEquation::new(8.0, 7.0, 6.0, 2.0)?.marginal_effects();
    /// assert_eq!(fx.credibility, 0.5); // 1 / 2
    /// assert_eq!(fx.self_orientation, -5.25); // −21 / 4
    /// # Ok::<(), trustkit_equation::Error>(())
    /// ```
    #[must_use]
    pub fn marginal_effects(&self) -> MarginalEffects {
        let s = self.self_orientation();
        let per_point = 1.0 / s;
        MarginalEffects {
            credibility: per_point,
            reliability: per_point,
            intimacy: per_point,
            self_orientation: -self.numerator() / (s * s),
        }
    }

    /// Improves one component by `step` scale points in the direction that raises trust, stopping at
    /// the scale's bound.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `step` is not a positive finite number.
    pub fn improve(&self, component: Component, step: f64) -> Result<LeverChange, Error> {
        if !(step.is_finite() && step > 0.0) {
            return Err(Error::InvalidArgument {
                what: "improvement step",
                value: step,
            });
        }
        let scale = self.scale();
        let from = self.component(component);
        let to = if component.raises_trust() {
            (from + step).min(scale.max())
        } else {
            (from - step).max(scale.min())
        };
        self.change_to(component, to)
    }

    /// The lever whose one-point improvement raises the quotient most, or `None` when every component
    /// is already at its best end of the scale.
    ///
    /// Ties (credibility, reliability and intimacy always gain the same `1/S` unless a bound cuts one
    /// short) go to the component with the weakest current score, the gap most worth closing, and then
    /// to the order C, R, I, S.
    ///
    /// ```
    /// use trustkit_equation::{Component, TrustEquation};
    ///
    /// // S from 2 to 1 doubles the quotient (10.5 → 21); one more point of C, R or I adds only 0.5.
    /// let best = TrustEquation::new(8.0, 7.0, 6.0, 2.0)?.best_lever().unwrap();
    /// assert_eq!(best.component, Component::SelfOrientation);
    /// assert_eq!(best.quotient_gain(), 10.5);
    ///
    /// // With S already at the floor, the weakest numerator component wins the tie.
    /// let best = TrustEquation::new(8.0, 7.0, 6.0, 1.0)?.best_lever().unwrap();
    /// assert_eq!(best.component, Component::Intimacy);
    /// # Ok::<(), trustkit_equation::Error>(())
    /// ```
    #[must_use]
    pub fn best_lever(&self) -> Option<LeverChange> {
        let mut best: Option<LeverChange> = None;
        for component in Component::ALL {
            let Ok(change) = self.improve(component, 1.0) else {
                continue;
            };
            if change.quotient_gain() <= 0.0 {
                continue;
            }
            best = Some(match best {
                Some(current)
                    if !self.prefer(
                        &change,
                        &current,
                        change.quotient_gain(),
                        current.quotient_gain(),
                    ) =>
                {
                    current
                }
                _ => change,
            });
        }
        best
    }

    /// The smallest change to a single component (in scale points) that brings the quotient to
    /// `target`, or [`TargetPlan::AlreadyMet`].
    ///
    /// For C, R or I the needed score is `target·S − (the other two)`; for S it is `(C+R+I)/target`.
    /// A change is possible only when that score lies on the scale. Ties go as in
    /// [`TrustEquation::best_lever`].
    ///
    /// ```
    /// use trustkit_equation::{Component, TargetPlan, TrustEquation};
    ///
    /// let eq = TrustEquation::new(8.0, 7.0, 6.0, 3.0)?; // quotient 7
    /// let TargetPlan::Change(change) = eq.reach_target(10.5)? else { unreachable!() };
    /// // C, R or I would need +10.5 points (off the scale); S needs 3 → 2, one point.
    /// assert_eq!(change.component, Component::SelfOrientation);
    /// assert_eq!(change.to, 2.0);
    /// # Ok::<(), trustkit_equation::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `target` is not positive and finite;
    /// [`Error::TargetUnreachable`] (with the best quotient one component can reach) when no
    /// single-component change on the scale gets there.
    pub fn reach_target(&self, target: f64) -> Result<TargetPlan, Error> {
        if !(target.is_finite() && target > 0.0) {
            return Err(Error::InvalidArgument {
                what: "target quotient",
                value: target,
            });
        }
        if self.quotient() >= target {
            return Ok(TargetPlan::AlreadyMet);
        }
        let scale = self.scale();
        let (min, max) = (scale.min(), scale.max());
        let mut best: Option<LeverChange> = None;
        let mut best_reachable = self.quotient();
        for component in Component::ALL {
            let from = self.component(component);
            let (needed, bound) = if component.raises_trust() {
                (
                    target * self.self_orientation() - (self.numerator() - from),
                    max,
                )
            } else {
                (self.numerator() / target, min)
            };
            best_reachable = best_reachable.max(self.change_to(component, bound)?.quotient_after);
            let within = if component.raises_trust() {
                needed <= max * (1.0 + BOUND_TOLERANCE)
            } else {
                needed >= min * (1.0 - BOUND_TOLERANCE)
            };
            if !within {
                continue;
            }
            let change = self.change_to(component, needed.clamp(min, max))?;
            best = Some(match best {
                Some(current)
                    if !self.prefer(&change, &current, -change.distance(), -current.distance()) =>
                {
                    current
                }
                _ => change,
            });
        }
        best.map(TargetPlan::Change)
            .ok_or(Error::TargetUnreachable {
                target,
                best: best_reachable,
            })
    }

    /// Sets `component` to `to` and records the effect.
    fn change_to(&self, component: Component, to: f64) -> Result<LeverChange, Error> {
        let next = self.with(component, to)?;
        Ok(LeverChange {
            component,
            from: self.component(component),
            to,
            quotient_before: self.quotient(),
            quotient_after: next.quotient(),
        })
    }

    /// Whether `candidate` (scored `candidate_merit`) beats `current`: higher merit wins; near-ties go
    /// to the weaker current score. Equal on both keeps `current`, which came first in C, R, I, S order.
    fn prefer(
        &self,
        candidate: &LeverChange,
        current: &LeverChange,
        candidate_merit: f64,
        current_merit: f64,
    ) -> bool {
        let tolerance = 1e-12 * candidate_merit.abs().max(current_merit.abs()).max(1.0);
        if (candidate_merit - current_merit).abs() > tolerance {
            return candidate_merit > current_merit;
        }
        self.goodness(candidate.component) < self.goodness(current.component)
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
    fn marginal_effects_worked_example() {
        let fx = TrustEquation::new(8.0, 7.0, 6.0, 2.0)
            .unwrap()
            .marginal_effects();
        assert_eq!(fx.of(Component::Credibility), 0.5);
        assert_eq!(fx.of(Component::Reliability), 0.5);
        assert_eq!(fx.of(Component::Intimacy), 0.5);
        assert_eq!(fx.of(Component::SelfOrientation), -5.25);
    }

    #[test]
    fn improve_stops_at_the_bound_and_rejects_bad_steps() {
        let eq = TrustEquation::new(9.5, 7.0, 6.0, 2.0).unwrap();
        let change = eq.improve(Component::Credibility, 1.0).unwrap();
        assert_eq!(change.to, 10.0);
        assert_eq!(change.quotient_gain(), 0.25); // 0.5 point / S = 2
        let s = eq.improve(Component::SelfOrientation, 3.0).unwrap();
        assert_eq!(s.to, 1.0);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                eq.improve(Component::Intimacy, bad),
                Err(Error::InvalidArgument { .. })
            ));
        }
    }

    #[test]
    fn best_lever_is_none_at_the_top_of_the_scale() {
        let eq = TrustEquation::new(10.0, 10.0, 10.0, 1.0).unwrap();
        assert_eq!(eq.best_lever(), None);
    }

    #[test]
    fn best_lever_prefers_numerator_when_s_gain_is_smaller() {
        // C = R = I = 1, S = 10: one point less S gives 3/9 − 3/10 = 0.0333; one point more C gives
        // 1/10 = 0.1. Credibility, reliability and intimacy tie; C comes first.
        let eq = TrustEquation::new(1.0, 1.0, 1.0, 10.0).unwrap();
        let best = eq.best_lever().unwrap();
        assert_eq!(best.component, Component::Credibility);
        assert!((best.quotient_gain() - 0.1).abs() < 1e-12);
    }

    #[test]
    fn reach_target_worked_examples() {
        let eq = TrustEquation::new(8.0, 7.0, 6.0, 2.0).unwrap(); // 10.5
        assert_eq!(eq.reach_target(10.5).unwrap(), TargetPlan::AlreadyMet);
        assert_eq!(eq.reach_target(4.0).unwrap(), TargetPlan::AlreadyMet);
        // Target 12: C/R/I need +3 (C → 11 off scale, R → 10 ok, I → 9 ok); S needs 21/12 = 1.75,
        // a change of 0.25 — the smallest.
        let TargetPlan::Change(change) = eq.reach_target(12.0).unwrap() else {
            panic!("expected a change");
        };
        assert_eq!(change.component, Component::SelfOrientation);
        assert_eq!(change.to, 1.75);
        assert!((change.quotient_after - 12.0).abs() < 1e-12);

        // With S at the floor, target 23 needs +2 on C, R or I: C → 10 and R → 9 and I → 8 are all
        // possible; intimacy is weakest and wins the tie.
        let floor = TrustEquation::new(8.0, 7.0, 6.0, 1.0).unwrap();
        let TargetPlan::Change(change) = floor.reach_target(23.0).unwrap() else {
            panic!("expected a change");
        };
        assert_eq!(change.component, Component::Intimacy);
        assert_eq!(change.to, 8.0);
    }

    #[test]
    fn reach_target_reports_unreachable_and_bad_targets() {
        let eq = TrustEquation::new(8.0, 7.0, 6.0, 2.0).unwrap();
        // Best single change: S → 1 gives 21.
        assert_eq!(
            eq.reach_target(25.0),
            Err(Error::TargetUnreachable {
                target: 25.0,
                best: 21.0
            })
        );
        for bad in [0.0, -3.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                eq.reach_target(bad),
                Err(Error::InvalidArgument { .. })
            ));
        }
    }

    #[test]
    fn reach_target_exactly_at_the_bound() {
        // Target 3/1 = 3 from C = R = I = 1, S = 2: S → 1 reaches it exactly at the floor.
        let eq = TrustEquation::new(1.0, 1.0, 1.0, 2.0).unwrap();
        let TargetPlan::Change(change) = eq.reach_target(3.0).unwrap() else {
            panic!("expected a change");
        };
        assert_eq!(change.component, Component::SelfOrientation);
        assert_eq!(change.to, 1.0);
    }

    proptest! {
        #[test]
        fn best_lever_gain_is_the_maximum_one_point_gain(c in score(), r in score(), i in score(), s in score()) {
            let eq = TrustEquation::new(c, r, i, s).unwrap();
            let gains: Vec<f64> = Component::ALL
                .iter()
                .map(|&k| eq.improve(k, 1.0).unwrap().quotient_gain())
                .collect();
            let max = gains.iter().copied().fold(0.0, f64::max);
            match eq.best_lever() {
                None => prop_assert_eq!(max, 0.0),
                Some(best) => prop_assert!((best.quotient_gain() - max).abs() <= 1e-9 * max.max(1.0)),
            }
        }

        #[test]
        fn reach_target_lands_on_the_target_with_the_smallest_change(
            c in score(), r in score(), i in score(), s in score(), target in 0.3f64..=30.0,
        ) {
            let eq = TrustEquation::new(c, r, i, s).unwrap();
            match eq.reach_target(target) {
                Ok(TargetPlan::AlreadyMet) => prop_assert!(eq.quotient() >= target),
                Ok(TargetPlan::Change(change)) => {
                    prop_assert!((change.quotient_after - target).abs() <= 1e-9 * target);
                    // No other single lever reaches the target with a smaller move.
                    for k in Component::ALL {
                        let to = if k.raises_trust() { 10.0 } else { 1.0 };
                        let at_bound = eq.with(k, to).unwrap();
                        if at_bound.quotient() >= target {
                            let needed = if k.raises_trust() {
                                target * s - (eq.numerator() - eq.component(k))
                            } else {
                                eq.numerator() / target
                            };
                            prop_assert!(change.distance() <= (needed - eq.component(k)).abs() + 1e-9);
                        }
                    }
                }
                Err(Error::TargetUnreachable { best, .. }) => {
                    prop_assert!(best < target);
                    for k in Component::ALL {
                        let to = if k.raises_trust() { 10.0 } else { 1.0 };
                        prop_assert!(eq.with(k, to).unwrap().quotient() < target * (1.0 + 1e-12));
                    }
                }
                Err(other) => prop_assert!(false, "unexpected error {other}"),
            }
        }
    }
}
