//! [`TrustLearner`]: a customer's trust, learned one experience at a time from reward-prediction
//! errors.

use chrono::{DateTime, Utc};
use trustkit_core::{TrustLevel, UnitInterval};

use crate::error::Error;
use crate::params::ConfirmationReference;
use crate::real::Real;
use crate::{Experience, LearnerParams};
use trustkit_core::Bounds;

/// Where trust starts before any experience: the anchor set by a first impression and by what others
/// say (reputation), not by experience of one's own.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Anchor {
    value: UnitInterval,
}

impl Anchor {
    /// No information: 0.5.
    pub const NEUTRAL: Self = Self {
        value: UnitInterval::HALF,
    };

    /// An anchor at `value` in `[0, 1]`.
    ///
    /// # Errors
    /// [`Error::Core`] outside `[0, 1]` or for NaN.
    pub fn new(value: f64) -> Result<Self, Error> {
        Bounds::UNIT.check("anchor", value)?;
        Ok(Self {
            // `+ 0.0` turns −0 into +0, so no learner starts from a negative zero.
            value: UnitInterval::saturating(value + 0.0),
        })
    }

    /// Blends a first impression with reputation: `(1 − w)·impression + w·reputation`, where `w` is
    /// the weight given to what others say. Either may be missing; with neither the anchor is neutral.
    ///
    /// ```
    /// use trustkit_learning::Anchor;
    ///
    /// let a = Anchor::from_impressions(Some(0.8), Some(0.4), 0.25)?;
    /// assert!((a.value() - 0.7).abs() < 1e-12);
    /// assert_eq!(Anchor::from_impressions(None, None, 0.5)?, Anchor::NEUTRAL);
    /// # Ok::<(), trustkit_learning::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Core`] for any input outside `[0, 1]`.
    pub fn from_impressions(
        first_impression: Option<f64>,
        reputation: Option<f64>,
        reputation_weight: f64,
    ) -> Result<Self, Error> {
        let w = Bounds::UNIT.check("reputation_weight", reputation_weight)?;
        let value = match (first_impression, reputation) {
            (Some(i), Some(r)) => {
                (1.0 - w) * Bounds::UNIT.check("first_impression", i)?
                    + w * Bounds::UNIT.check("reputation", r)?
            }
            (Some(i), None) => i,
            (None, Some(r)) => r,
            (None, None) => 0.5,
        };
        Self::new(value)
    }

    /// The anchor in `[0, 1]`.
    #[must_use]
    pub const fn value(&self) -> f64 {
        self.value.value()
    }
}

/// A reward-prediction error `δ = r − Ê`: how much better (positive) or worse (negative) an
/// experience was than expected. Its sign and size drive learning (Schultz, Dayan & Montague 1997;
/// Caplin & Dean 2008).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct RewardPredictionError(f64);

impl RewardPredictionError {
    /// The error, in `[−1, 1]`.
    #[must_use]
    pub const fn value(self) -> f64 {
        self.0
    }

    /// Better than expected.
    #[must_use]
    pub fn is_positive(self) -> bool {
        self.0 > 0.0
    }
}

/// What one experience did.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Step {
    /// The prediction error of this experience.
    pub prediction_error: RewardPredictionError,
    /// Trust after the experience.
    pub trust: TrustLevel,
    /// The trustworthiness belief after the experience.
    pub belief: UnitInterval,
    /// Whether learning has converged (see [`TrustLearner::converged`]).
    pub converged: bool,
}

/// A customer's trust in a supplier, learned from experiences by reward-prediction errors.
///
/// ```
/// use chrono::{Duration, TimeZone, Utc};
/// use trustkit_learning::{Anchor, Experience, LearnerParams, TrustLearner};
///
/// let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
/// let mut learner = TrustLearner::new(LearnerParams::default(), Anchor::NEUTRAL)?;
/// let good = learner.observe(&Experience::new(1.0, start)?)?;
/// assert!(good.prediction_error.is_positive());
/// let after_good = learner.trust().value();
/// let bad = learner.observe(&Experience::new(0.0, start + Duration::days(7))?)?;
/// // Losses are learned faster: one bad experience undoes more than one good one built.
/// assert!(after_good - bad.trust.value() > after_good - 0.5);
/// # Ok::<(), trustkit_learning::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "LearnerState"))]
pub struct TrustLearner {
    params: LearnerParams,
    /// `params` as the update reads them, prepared once (derived, so not saved).
    #[cfg_attr(feature = "serde", serde(skip_serializing))]
    rates: Rates<f64>,
    anchor: Anchor,
    value: f64,
    belief: f64,
    count: u64,
    last_at: Option<DateTime<Utc>>,
    calm_streak: usize,
}

/// A saved learner before its checks: the same fields, validated by [`TrustLearner`]'s
/// `TryFrom` so a file cannot load a learner that [`TrustLearner::new`] and
/// [`TrustLearner::observe`] could never produce.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LearnerState {
    params: LearnerParams,
    anchor: Anchor,
    value: f64,
    belief: f64,
    count: u64,
    last_at: Option<DateTime<Utc>>,
    calm_streak: usize,
}

#[cfg(feature = "serde")]
impl TryFrom<LearnerState> for TrustLearner {
    type Error = Error;

    fn try_from(state: LearnerState) -> Result<Self, Error> {
        let mut learner = Self::new(state.params, state.anchor)?;
        learner.value = Bounds::UNIT.check("learner value", state.value)?;
        learner.belief = Bounds::UNIT.check("learner belief", state.belief)?;
        learner.count = state.count;
        learner.last_at = state.last_at;
        learner.calm_streak = state.calm_streak;
        Ok(learner)
    }
}

impl TrustLearner {
    /// A learner that starts at `anchor`, both its trust and its trustworthiness belief.
    ///
    /// # Errors
    /// As [`LearnerParams::validate`].
    pub fn new(params: LearnerParams, anchor: Anchor) -> Result<Self, Error> {
        params.validate()?;
        Ok(Self {
            params,
            rates: Rates::of(&params),
            anchor,
            value: anchor.value(),
            belief: anchor.value(),
            count: 0,
            last_at: None,
            calm_streak: 0,
        })
    }

    /// Learns from one experience.
    ///
    /// # Errors
    /// [`Error::TimeWentBackwards`] if the experience is dated before the previous one; the learner
    /// is then unchanged.
    pub fn observe(&mut self, experience: &Experience) -> Result<Step, Error> {
        let at = experience.at();
        let elapsed_days = match self.last_at {
            Some(previous) if at < previous => {
                return Err(Error::TimeWentBackwards { previous, at });
            }
            Some(previous) => (at - previous).num_milliseconds() as f64 / 86_400_000.0,
            None => 0.0,
        };
        self.last_at = Some(at);
        let promised = experience.promised().map(UnitInterval::value);
        Ok(self.update(experience.reward().value(), promised, elapsed_days))
    }

    /// The update itself, on a validated reward in `[0, 1]`; shared with the simulations, which have
    /// no calendar.
    pub(crate) fn update(&mut self, reward: f64, promised: Option<f64>, elapsed_days: f64) -> Step {
        let delta = self.advance(reward, promised, elapsed_days);
        Step {
            prediction_error: RewardPredictionError(delta),
            trust: self.trust(),
            belief: UnitInterval::saturating(self.belief),
            converged: self.converged(),
        }
    }

    /// The state change of [`TrustLearner::update`] without building a [`Step`]: returns `δ`. The
    /// fitting objective runs this millions of times per fit.
    #[inline]
    pub(crate) fn advance(&mut self, reward: f64, promised: Option<f64>, elapsed_days: f64) -> f64 {
        let delta = step(
            &mut self.value,
            &mut self.belief,
            self.anchor.value(),
            self.count,
            &self.rates,
            reward,
            promised,
            elapsed_days,
        );
        self.count += 1;
        if delta.abs() < self.params.convergence_tolerance {
            self.calm_streak += 1;
        } else {
            self.calm_streak = 0;
        }
        delta
    }

    /// Current trust as a bare number (always in `[0, 1]`), for hot loops.
    #[inline]
    pub(crate) const fn value(&self) -> f64 {
        self.value
    }

    /// Current trust, the learned expectation `E`.
    #[must_use]
    pub fn trust(&self) -> TrustLevel {
        TrustLevel::saturating(self.value())
    }

    /// The trustworthiness belief `T`.
    #[must_use]
    pub fn belief(&self) -> UnitInterval {
        UnitInterval::saturating(self.belief)
    }

    /// Number of experiences observed.
    #[must_use]
    pub const fn experience_count(&self) -> u64 {
        self.count
    }

    /// Time of the last experience.
    #[must_use]
    pub const fn last_experience_at(&self) -> Option<DateTime<Utc>> {
        self.last_at
    }

    /// The anchor the learner started from.
    #[must_use]
    pub const fn anchor(&self) -> Anchor {
        self.anchor
    }

    /// The parameters.
    #[must_use]
    pub const fn params(&self) -> &LearnerParams {
        &self.params
    }

    /// Whether learning has concluded: `|δ|` has stayed below the tolerance for the last `window`
    /// experiences. With all-or-nothing outcomes `|δ|` rarely gets small; it converges when outcomes
    /// are graded and consistent.
    #[must_use]
    pub fn converged(&self) -> bool {
        self.calm_streak >= self.params.convergence_window
    }
}

impl From<&TrustLearner> for TrustLevel {
    fn from(learner: &TrustLearner) -> Self {
        learner.trust()
    }
}

/// The learner's rates as numbers of type `R`: `f64` to learn, dual numbers (see the `real`
/// module) for a fit's exact derivatives with respect to the free parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rates<R> {
    pub(crate) alpha_gain: R,
    pub(crate) alpha_loss: R,
    pub(crate) latency: R,
    pub(crate) confirmation: R,
    pub(crate) confirmation_reference: ConfirmationReference,
    pub(crate) belief_rate: R,
    pub(crate) belief_weight: R,
    pub(crate) promise_weight: R,
    /// Baseline, share forgotten per step, half-life in days.
    pub(crate) forgetting: Option<(R, R, Option<f64>)>,
    /// Which mechanisms are on, decided once (see [`Rates::finish`]), not at every step.
    pub(crate) switches: Switches,
}

/// The mechanisms a constant zero turns off (and forgetting, on when the parameters have it).
/// Skipping them gives the same bits — each would add
/// or multiply by an exact zero or one — and saves a fit's dual numbers most of their work for
/// the simpler models.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Switches {
    forgets: bool,
    slows: bool,
    confirms: bool,
    pushes: bool,
    believes: bool,
}

// `forgets` and `DYNAMIC_BELIEF` serve the fit's loops only.
#[cfg_attr(not(feature = "fit"), allow(dead_code))]
impl Switches {
    /// Whether trust decays between experiences (so elapsed time matters).
    pub(crate) const fn forgets(self) -> bool {
        self.forgets
    }

    /// Gain and loss rates only (the gain–loss presets).
    pub(crate) const GAIN_LOSS: Self = Self {
        forgets: false,
        slows: false,
        confirms: false,
        pushes: false,
        believes: false,
    };
    /// Gain and loss rates with the belief and its push (the dynamic-belief preset).
    pub(crate) const DYNAMIC_BELIEF: Self = Self {
        pushes: true,
        believes: true,
        ..Self::GAIN_LOSS
    };
}

impl<R: Real> Rates<R> {
    /// The gain and loss rates when nothing else is switched on — no forgetting, latency,
    /// confirmation, push or belief — so that [`step`] reduces to
    /// `E ← clamp(E + α·(r − E), 0, 1)` with `α` the gain or loss rate: the loop `learn_batch`
    /// runs branch-free across subjects. `None` otherwise.
    pub(crate) fn gain_loss_only(&self) -> Option<(R, R)> {
        (self.switches == Switches::GAIN_LOSS).then_some((self.alpha_gain, self.alpha_loss))
    }

    /// The parameters' values as constants.
    #[inline(always)]
    pub(crate) fn of(p: &LearnerParams) -> Self {
        let c = R::constant;
        Self {
            alpha_gain: c(p.alpha_gain),
            alpha_loss: c(p.alpha_loss),
            latency: c(p.latency),
            confirmation: c(p.confirmation),
            confirmation_reference: p.confirmation_reference,
            belief_rate: c(p.belief_rate),
            belief_weight: c(p.belief_weight),
            promise_weight: c(p.promise_weight),
            forgetting: p
                .forgetting
                .map(|f| (c(f.baseline), c(f.per_step), f.half_life_days)),
            switches: Switches::default(),
        }
        .finish()
    }

    /// Sets the switches from the rates: a mechanism is on unless its rate is a constant zero (a
    /// free parameter at zero stays on, for its derivative).
    #[must_use]
    pub(crate) fn finish(mut self) -> Self {
        let zero = R::constant(0.0);
        self.switches = Switches {
            forgets: self.forgetting.is_some(),
            slows: self.latency != zero,
            confirms: self.confirmation != zero,
            pushes: self.belief_weight != zero,
            believes: self.belief_rate != zero,
        };
        self
    }
}

/// One experience's update of trust `E` (`value`) and the trustworthiness belief `T` (`belief`),
/// generic over the number type so the learner and a fit's derivatives run the same code; returns
/// the prediction error `δ`. The equations are docs/model.md's: forgetting towards the baseline,
/// the expectation (moved towards a promise), `δ = r − Ê`, the gain or loss rate slowed by latency
/// and discounted when `δ` contradicts the reference, the smooth belief push `h·T·tanh(δ/w)`, trust
/// clamped to `[0, 1]`, and `T ← T + φ(r − T)`.
#[inline(always)]
#[allow(clippy::too_many_arguments)] // the learner's state, split so a fit can own it as duals
pub(crate) fn step<R: Real>(
    value: &mut R,
    belief: &mut R,
    anchor: f64,
    count: u64,
    p: &Rates<R>,
    reward: f64,
    promised: Option<f64>,
    elapsed_days: f64,
) -> R {
    step_switched(
        p.switches,
        value,
        belief,
        anchor,
        count,
        p,
        reward,
        promised,
        elapsed_days,
    )
}

/// [`step`] with the switches `on` given apart from the rates (they must be `p.switches`): a
/// caller that passes a constant gets a loop with the switched-off mechanisms compiled out, not
/// tested at every step.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn step_switched<R: Real>(
    on: Switches,
    value: &mut R,
    belief: &mut R,
    anchor: f64,
    count: u64,
    p: &Rates<R>,
    reward: f64,
    promised: Option<f64>,
    elapsed_days: f64,
) -> R {
    debug_assert_eq!(on, p.switches);
    if on.forgets
        && let Some((baseline, per_step, half_life)) = p.forgetting
    {
        let mut keep = R::constant(1.0) - per_step;
        if let Some(half_life) = half_life {
            keep = keep * 0.5f64.powf(elapsed_days / half_life);
        }
        *value = baseline + (*value - baseline) * keep;
    }
    let expected = match promised {
        Some(promise) => *value + p.promise_weight * (R::constant(promise) - *value),
        None => *value,
    };
    let delta = R::constant(reward) - expected;
    let mut rate = if delta.value() > 0.0 {
        p.alpha_gain
    } else {
        p.alpha_loss
    };
    if on.slows {
        rate = rate / (R::constant(1.0) + p.latency * count as f64);
    }
    if on.confirms {
        let reference = match p.confirmation_reference {
            ConfirmationReference::CurrentBelief => belief.value(),
            ConfirmationReference::Prior => anchor,
        };
        let d = delta.value();
        if (reference > 0.5 && d < 0.0) || (reference < 0.5 && d > 0.0) {
            rate = rate * (R::constant(1.0) - p.confirmation);
        }
    }
    // Chang et al.'s ±h·T on reciprocation/defection; with graded rewards, the sign of the surprise
    // says which it was — smoothly (see `smooth_sign`), so a fit's objective has no jump.
    let mut moved = *value + rate * delta;
    if on.pushes {
        moved = moved + p.belief_weight * *belief * smooth_sign(delta);
    }
    *value = moved.clamp(0.0, 1.0);
    if on.believes {
        *belief = *belief + p.belief_rate * (R::constant(reward) - *belief);
    }
    delta
}

/// Width of the smooth step that replaces `sign(δ)` in the belief push.
///
/// `sign(δ)` made trust jump by `2hT` whenever a prediction error crossed zero, so with graded rewards
/// the fitting objective had hundreds of jumps (the largest 21 log-likelihood units along φ alone)
/// and fits stopped far from the optimum. `tanh(δ/w)` with `w = 0.02` is smooth and equals `sign(δ)`
/// to within 1.3 % once `|δ| ≥ 0.05`, so all-or-nothing outcomes — whose surprises are far larger —
/// learn as before.
pub const PUSH_WIDTH: f64 = 0.02;

/// A smooth `sign`: `tanh(x / PUSH_WIDTH)`, in `[−1, 1]`, 0 at 0 — trustkit's own `tanh` (see
/// the `tanh` module), the same on every platform.
#[inline]
fn smooth_sign<R: Real>(x: R) -> R {
    (x / PUSH_WIDTH).tanh()
}

#[cfg(test)]
mod smooth_sign_tests {
    use super::{PUSH_WIDTH, smooth_sign};

    #[test]
    fn is_tanh_of_the_scaled_surprise() {
        for k in 0..=20_000 {
            let x = -1.0 + f64::from(k) * 1e-4;
            assert!(
                (smooth_sign(x) - (x / PUSH_WIDTH).tanh()).abs() <= 4e-16,
                "{x}"
            );
        }
        for x in [
            22.0 * PUSH_WIDTH,
            0.440_000_000_000_000_1,
            1.0,
            f64::MAX,
            -f64::MAX,
        ] {
            assert_eq!(smooth_sign(x), (x / PUSH_WIDTH).tanh(), "{x}");
        }
    }
}
