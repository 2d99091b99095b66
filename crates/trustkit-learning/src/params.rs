//! [`LearnerParams`]: the switches and rates of the trust learner, with documented defaults.

use crate::error::Error;
use trustkit_core::{Bound, Bounds};

/// Which belief evidence must contradict to be discounted by confirmation bias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ConfirmationReference {
    /// The learner's current trustworthiness belief: above 0.5 it discounts bad surprises, below 0.5
    /// good ones. As the belief crosses 0.5 the bias turns round, so a first impression fades once
    /// evidence has overturned it (*default*).
    #[default]
    CurrentBelief,
    /// The anchor (first impression or reputation): the bias never turns round.
    Prior,
}

/// Relaxation of trust towards a baseline when nothing happens (or at every step).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Forgetting {
    /// The level trust relaxes towards, in `[0, 1]`.
    pub baseline: f64,
    /// Share of the distance to the baseline lost before each experience, in `[0, 1)` (Chang et
    /// al.'s "trust decay" variant). 0 turns it off.
    pub per_step: f64,
    /// If set, the distance to the baseline halves every this many days between experiences.
    pub half_life_days: Option<f64>,
}

/// Parameters of [`crate::TrustLearner`]. `LearnerParams::default()` is trustkit's calibrated default
/// (see each field); [`crate::ModelPreset`] gives the five variants of Chang et al. (2010).
///
/// The update for an experience with reward `r` is, in this order:
///
/// 1. forgetting: `E ← b + (E − b)·(1 − d)·0.5^(Δt/h)` (if enabled);
/// 2. expectation for this step: `Ê = E + ω·(p − E)` if a promise `p` was made, else `E`;
/// 3. prediction error `δ = r − Ê`;
/// 4. step size `a = α_G` if `δ > 0`, else `α_L`; divided by `1 + κ·n` (expectation latency, `n`
///    experiences so far); times `1 − β` when `δ` contradicts the reference belief (confirmation bias);
/// 5. `E ← clamp(E + a·δ + h·T·sign(δ), 0, 1)`: the last term is the dynamic trustworthiness belief
///    `T` pushing trust up after a better-than-expected outcome and down after a worse one — Chang et
///    al.'s (2010) `+h·T` on reciprocation and `−h·T` on defection, which it equals for all-or-nothing
///    outcomes;
/// 6. `T ← T + φ·(r − T)`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self", default))]
pub struct LearnerParams {
    /// `α_G`, learning rate for positive prediction errors (*default* 0.15).
    pub alpha_gain: f64,
    /// `α_L`, learning rate for negative prediction errors (*default* 0.3375 = λ·α_G with
    /// λ = 2.25, Tversky & Kahneman 1992; Chang et al. 2010 fit α_L ≈ 0.34 for their winning model).
    pub alpha_loss: f64,
    /// `κ`, expectation latency: step sizes shrink as `1/(1 + κ·n)` (*default* 0.03).
    pub latency: f64,
    /// `β`, confirmation bias: contradicting evidence counts `1 − β` (*default* 0.13).
    pub confirmation: f64,
    /// What contradicting evidence contradicts (*default* the current belief).
    pub confirmation_reference: ConfirmationReference,
    /// `φ`, learning rate of the trustworthiness belief (*default* 0.12, Chang et al.'s group fit).
    pub belief_rate: f64,
    /// `h`, influence of the belief on trust per experience (*default* 0.045: Chang et al.'s 0.45 on
    /// a $10 scale, divided by the $10 endowment to fit trustkit's `[0, 1]` scale).
    pub belief_weight: f64,
    /// `ω`, how far a promise pulls the expectation for its experience (*default* 0.5).
    pub promise_weight: f64,
    /// Relaxation towards a baseline (*default* off).
    pub forgetting: Option<Forgetting>,
    /// `|δ|` below this counts as calm for convergence (*default* 0.05).
    pub convergence_tolerance: f64,
    /// Convergence needs this many calm experiences in a row (*default* 5).
    pub convergence_window: usize,
}

impl Default for LearnerParams {
    fn default() -> Self {
        Self {
            alpha_gain: 0.15,
            alpha_loss: 0.15 * 2.25,
            latency: 0.03,
            confirmation: 0.13,
            confirmation_reference: ConfirmationReference::CurrentBelief,
            belief_rate: 0.12,
            belief_weight: 0.045,
            promise_weight: 0.5,
            forgetting: None,
            convergence_tolerance: 0.05,
            convergence_window: 5,
        }
    }
}

impl LearnerParams {
    /// Plain Rescorla–Wagner (1972): one learning rate, no bias, no belief — `E ← E + α(r − E)`.
    ///
    /// # Errors
    /// [`Error::Core`] unless `alpha` is in `[0, 1]`.
    pub fn rescorla_wagner(alpha: f64) -> Result<Self, Error> {
        Self {
            alpha_gain: alpha,
            alpha_loss: alpha,
            ..Self::plain()
        }
        .validated()
    }

    /// Loss aversion as prospect theory parameterises it: `α_G = alpha`, `α_L = λ·alpha`, other
    /// settings at their defaults.
    ///
    /// # Errors
    /// [`Error::Core`] unless `alpha ∈ [0, 1]`, `lambda ≥ 1` and `λ·alpha ≤ 1` (so one step
    /// never overshoots the outcome).
    pub fn with_loss_aversion(alpha: f64, lambda: f64) -> Result<Self, Error> {
        Bounds::at_least(1.0).check("loss aversion lambda", lambda)?;
        Bounds::UNIT.check("alpha", alpha)?;
        Self {
            alpha_gain: alpha,
            alpha_loss: alpha * lambda,
            ..Self::default()
        }
        .validated()
    }

    /// Every mechanism off and both rates zero: the base the presets build on.
    #[must_use]
    pub const fn plain() -> Self {
        Self {
            alpha_gain: 0.0,
            alpha_loss: 0.0,
            latency: 0.0,
            confirmation: 0.0,
            confirmation_reference: ConfirmationReference::CurrentBelief,
            belief_rate: 0.0,
            belief_weight: 0.0,
            promise_weight: 0.5,
            forgetting: None,
            convergence_tolerance: 0.05,
            convergence_window: 5,
        }
    }

    /// The implied loss-aversion ratio `α_L / α_G` (infinite when `α_G` is 0).
    #[must_use]
    pub fn loss_aversion(&self) -> f64 {
        self.alpha_loss / self.alpha_gain
    }

    /// Checks every field.
    ///
    /// # Errors
    /// [`Error::Core`] naming the field: rates in `[0, 1]` (so no step overshoots), `κ ≥ 0`,
    /// `β ∈ [0, 1]`, `h ∈ [0, 1]`, `ω ∈ [0, 1]`, forgetting baseline in `[0, 1]`, per-step rate in
    /// `[0, 1)`, half-life positive, tolerance non-negative; [`Error::ZeroCount`] for a zero window.
    pub fn validate(&self) -> Result<(), Error> {
        Bounds::UNIT.check("alpha_gain", self.alpha_gain)?;
        Bounds::UNIT.check("alpha_loss", self.alpha_loss)?;
        Bounds::NON_NEGATIVE.check("latency", self.latency)?;
        Bounds::UNIT.check("confirmation", self.confirmation)?;
        Bounds::UNIT.check("belief_rate", self.belief_rate)?;
        Bounds::UNIT.check("belief_weight", self.belief_weight)?;
        Bounds::UNIT.check("promise_weight", self.promise_weight)?;
        Bounds::NON_NEGATIVE.check("convergence_tolerance", self.convergence_tolerance)?;
        if self.convergence_window == 0 {
            return Err(Error::ZeroCount {
                what: "convergence_window",
            });
        }
        if let Some(f) = self.forgetting {
            Bounds::UNIT.check("forgetting.baseline", f.baseline)?;
            Bounds {
                lower: Bound::Closed(0.0),
                upper: Bound::Open(1.0),
            }
            .check("forgetting.per_step", f.per_step)?;
            if let Some(h) = f.half_life_days {
                Bounds::POSITIVE.check("forgetting.half_life_days", h)?;
            }
        }
        Ok(())
    }

    /// `self` if valid.
    ///
    /// # Errors
    /// As [`LearnerParams::validate`].
    pub fn validated(self) -> Result<Self, Error> {
        self.validate().map(|()| self)
    }
}

// A file cannot load parameters that `validate` refuses.
#[cfg(feature = "serde")]
trustkit_core::serde_validated!(LearnerParams);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_loss_averse() {
        let p = LearnerParams::default();
        p.validate().unwrap();
        assert!((p.loss_aversion() - 2.25).abs() < 1e-12);
    }

    #[test]
    fn loss_aversion_constructor() {
        let p = LearnerParams::with_loss_aversion(0.2, 2.25).unwrap();
        assert!((p.alpha_loss - 0.45).abs() < 1e-12);
        // λ·α > 1 would overshoot.
        assert!(matches!(
            LearnerParams::with_loss_aversion(0.5, 2.25),
            Err(Error::Core(trustkit_core::Error::OutOfRange { what, .. })) if what == "alpha_loss"
        ));
        assert!(LearnerParams::with_loss_aversion(0.2, 0.5).is_err());
    }

    #[test]
    fn invalid_fields_are_named() {
        let p = LearnerParams {
            confirmation: f64::NAN,
            ..LearnerParams::default()
        };
        assert!(matches!(
            p.validate(),
            Err(Error::Core(trustkit_core::Error::OutOfRange { what, .. })) if what == "confirmation"
        ));
        let p = LearnerParams {
            forgetting: Some(Forgetting {
                baseline: 0.5,
                per_step: 1.0,
                half_life_days: None,
            }),
            ..LearnerParams::default()
        };
        assert!(matches!(
            p.validate(),
            Err(Error::Core(trustkit_core::Error::OutOfRange { what, .. })) if what == "forgetting.per_step"
        ));
        let p = LearnerParams {
            convergence_window: 0,
            ..LearnerParams::default()
        };
        assert_eq!(
            p.validate(),
            Err(Error::ZeroCount {
                what: "convergence_window"
            })
        );
        assert!(LearnerParams::rescorla_wagner(1.5).is_err());
    }
}
