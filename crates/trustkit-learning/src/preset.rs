//! [`ModelPreset`]: the five learning models Chang, Doll, van 't Wout, Frank & Sanfey (2010) compared,
//! as settings of one learner.

use crate::LearnerParams;
#[cfg(feature = "fit")]
use crate::{learner::Rates, real::Real};

/// One of the five reinforcement-learning models of trust compared by Chang et al., *Seeing is
/// believing: Trustworthiness as a dynamic belief*, Cognitive Psychology 61 (2010). Each is a
/// [`LearnerParams`] with some mechanisms switched off; [`ModelPreset::parameter_count`] is the number
/// of free parameters, for AIC and BIC.
///
/// ```
/// use trustkit_learning::ModelPreset;
///
/// assert_eq!(ModelPreset::DynamicBelief.parameter_count(), 4);
/// let p = ModelPreset::GainLoss.params();
/// assert_eq!((p.confirmation, p.belief_weight), (0.0, 0.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ModelPreset {
    /// Separate rates for gains and losses, `α_G` and `α_L`; starts neutral (2 parameters).
    GainLoss,
    /// Gain–loss, starting from the prior (the face's trustworthiness) scaled by a fitted weight
    /// (3 parameters: `α_G`, `α_L`, the anchor weight). Named `gain_loss_init` everywhere, JSON
    /// included; files written with the older `gain_loss_with_initialisation` still read.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "gain_loss_init", alias = "gain_loss_with_initialisation")
    )]
    GainLossWithInitialisation,
    /// Gain–loss with evidence against the prior discounted by `1 − β` (3 parameters).
    ConfirmationBias,
    /// Gain–loss with trust decaying towards neutral by a share `d` before every experience
    /// (3 parameters).
    TrustDecay,
    /// Gain–loss plus a trustworthiness belief `T ← T + φ(r − T)` that pushes trust by `±h·T`
    /// (4 parameters: `α_G`, `α_L`, `φ`, `h`); the best model by AIC in and out of sample in Chang et
    /// al. 2010.
    DynamicBelief,
}

/// One free parameter of a model: its name, its bounds, and how a value of it sets the learner.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FreeParam {
    /// Name, as in [`LearnerParams`] (`anchor_weight` for the initialisation model).
    pub name: &'static str,
    /// Lowest value.
    pub low: f64,
    /// Highest value.
    pub high: f64,
    #[cfg_attr(feature = "serde", serde(skip))]
    slot: Slot,
}

/// What a free parameter sets: one place for both the learner's `f64` parameters and the rates a
/// fit differentiates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    AlphaGain,
    AlphaLoss,
    /// Where trust starts (the initialisation model), not the learner.
    AnchorWeight,
    Confirmation,
    /// Trust decays towards 0.5 by this share before every experience.
    Decay,
    BeliefRate,
    BeliefWeight,
}

impl Slot {
    fn set(self, p: &mut LearnerParams, v: f64) {
        match self {
            Self::AlphaGain => p.alpha_gain = v,
            Self::AlphaLoss => p.alpha_loss = v,
            Self::AnchorWeight => {}
            Self::Confirmation => p.confirmation = v,
            Self::Decay => {
                p.forgetting = Some(crate::Forgetting {
                    baseline: 0.5,
                    per_step: v,
                    half_life_days: None,
                });
            }
            Self::BeliefRate => p.belief_rate = v,
            Self::BeliefWeight => p.belief_weight = v,
        }
    }

    #[cfg(feature = "fit")]
    fn set_rate<R: Real>(self, r: &mut Rates<R>, v: R) {
        match self {
            Self::AlphaGain => r.alpha_gain = v,
            Self::AlphaLoss => r.alpha_loss = v,
            Self::AnchorWeight => {}
            Self::Confirmation => r.confirmation = v,
            Self::Decay => r.forgetting = Some((R::constant(0.5), v, None)),
            Self::BeliefRate => r.belief_rate = v,
            Self::BeliefWeight => r.belief_weight = v,
        }
    }
}

impl PartialEq for FreeParam {
    fn eq(&self, other: &Self) -> bool {
        (self.name, self.low, self.high) == (other.name, other.low, other.high)
    }
}

/// Where a model's trust starts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Start {
    /// At neutral, 0.5, whatever the prior.
    Neutral,
    /// At the prior.
    Prior,
    /// At `0.5 + w·(prior − 0.5)`, `w` the free parameter at this index.
    WeightedPrior { weight: usize },
}

/// Everything about one model, in one place: adding a model is adding a row here (and a variant).
struct Model {
    name: &'static str,
    free: &'static [FreeParam],
    start: Start,
    /// The model's mechanisms at trustkit's defaults, every other one switched off.
    base: fn() -> LearnerParams,
}

const fn free(name: &'static str, low: f64, high: f64, slot: Slot) -> FreeParam {
    FreeParam {
        name,
        low,
        high,
        slot,
    }
}

const GAIN: FreeParam = free("alpha_gain", 0.0, 1.0, Slot::AlphaGain);
const LOSS: FreeParam = free("alpha_loss", 0.0, 1.0, Slot::AlphaLoss);
/// The initialisation model's weight sets where trust starts, not the learner.
const ANCHOR_WEIGHT: FreeParam = free("anchor_weight", 0.0, 1.0, Slot::AnchorWeight);
const CONFIRMATION: FreeParam = free("confirmation", 0.0, 1.0, Slot::Confirmation);
const DECAY: FreeParam = free("decay", 0.0, 0.99, Slot::Decay);
const BELIEF_RATE: FreeParam = free("belief_rate", 0.0, 1.0, Slot::BeliefRate);
const BELIEF_WEIGHT: FreeParam = free("belief_weight", 0.0, 0.5, Slot::BeliefWeight);

/// The gain–loss core every model shares, at trustkit's default rates.
fn gain_loss() -> LearnerParams {
    let d = LearnerParams::default();
    LearnerParams {
        alpha_gain: d.alpha_gain,
        alpha_loss: d.alpha_loss,
        ..LearnerParams::plain()
    }
}

const MODELS: [Model; 5] = [
    Model {
        name: "gain_loss",
        free: &[GAIN, LOSS],
        start: Start::Neutral,
        base: gain_loss,
    },
    Model {
        name: "gain_loss_init",
        free: &[GAIN, LOSS, ANCHOR_WEIGHT],
        start: Start::WeightedPrior { weight: 2 },
        base: gain_loss,
    },
    Model {
        name: "confirmation_bias",
        free: &[GAIN, LOSS, CONFIRMATION],
        start: Start::Prior,
        base: || LearnerParams {
            confirmation: LearnerParams::default().confirmation,
            confirmation_reference: crate::ConfirmationReference::Prior,
            ..gain_loss()
        },
    },
    Model {
        name: "trust_decay",
        free: &[GAIN, LOSS, DECAY],
        start: Start::Neutral,
        base: || {
            let mut p = gain_loss();
            DECAY.slot.set(&mut p, 0.05);
            p
        },
    },
    Model {
        name: "dynamic_belief",
        free: &[GAIN, LOSS, BELIEF_RATE, BELIEF_WEIGHT],
        start: Start::Prior,
        base: || {
            let d = LearnerParams::default();
            LearnerParams {
                belief_rate: d.belief_rate,
                belief_weight: d.belief_weight,
                ..gain_loss()
            }
        },
    },
];

impl ModelPreset {
    /// All five, in Chang et al.'s order.
    pub const ALL: [Self; 5] = [
        Self::GainLoss,
        Self::GainLossWithInitialisation,
        Self::ConfirmationBias,
        Self::TrustDecay,
        Self::DynamicBelief,
    ];

    /// This model's row of the model table.
    const fn model(self) -> &'static Model {
        &MODELS[self as usize]
    }

    /// Number of free parameters (the length of [`ModelPreset::free_parameters`]).
    #[must_use]
    pub const fn parameter_count(self) -> usize {
        self.model().free.len()
    }

    /// The parameters a fit estimates, with their bounds, in the order
    /// [`ModelPreset::with_values`] takes them.
    #[must_use]
    pub const fn free_parameters(self) -> &'static [FreeParam] {
        self.model().free
    }

    /// A short snake_case name (also its JSON name).
    #[must_use]
    pub const fn name(self) -> &'static str {
        self.model().name
    }

    /// The preset's parameters at trustkit's defaults: `α_G`, `α_L` (and `β`, `φ`, `h`) as in
    /// [`LearnerParams::default`], decay 0.05 for [`ModelPreset::TrustDecay`]; every mechanism the
    /// model lacks switched off. The anchor (used by the initialisation model) is given to the
    /// learner, not stored here.
    #[must_use]
    pub fn params(self) -> LearnerParams {
        (self.model().base)()
    }

    /// The learner parameters for values of [`ModelPreset::free_parameters`] (in order; a
    /// missing value counts as 0).
    #[must_use]
    pub fn with_values(self, values: &[f64]) -> LearnerParams {
        let mut params = self.params();
        for (k, free) in self.free_parameters().iter().enumerate() {
            free.slot
                .set(&mut params, values.get(k).copied().unwrap_or(0.0));
        }
        params
    }

    /// The learner's rates for values of the free parameters given as `R` (dual numbers when a fit
    /// differentiates): [`ModelPreset::with_values`], with each free parameter's slot holding its
    /// `R` rather than a constant.
    #[cfg(feature = "fit")]
    pub(crate) fn rates_for<R: Real>(self, plain: &LearnerParams, values: &[R]) -> Rates<R> {
        let mut rates = Rates::of(plain);
        for (free, &v) in self.free_parameters().iter().zip(values) {
            free.slot.set_rate(&mut rates, v);
        }
        rates.finish()
    }

    /// [`ModelPreset::anchor_for`] with the free parameters as `R`.
    #[cfg(feature = "fit")]
    pub(crate) fn anchor_of<R: Real>(self, prior: Option<f64>, values: &[R]) -> R {
        let prior = prior.unwrap_or(0.5);
        match self.model().start {
            Start::Neutral => R::constant(0.5),
            Start::Prior => R::constant(prior),
            Start::WeightedPrior { weight } => {
                let w = values.get(weight).copied().unwrap_or(R::constant(0.0));
                R::constant(0.5) + w * (prior - 0.5)
            }
        }
    }

    /// Whether the model starts from the prior (the anchor) rather than from neutral.
    #[must_use]
    pub const fn uses_prior(self) -> bool {
        !matches!(self.model().start, Start::Neutral)
    }

    /// Where a subject's trust starts under this model: neutral, its prior, or (initialisation model)
    /// `0.5 + w·(prior − 0.5)` with the fitted weight `w`. A missing prior counts as neutral.
    #[must_use]
    pub fn anchor_for(self, prior: Option<f64>, values: &[f64]) -> f64 {
        let prior = prior.unwrap_or(0.5);
        match self.model().start {
            Start::Neutral => 0.5,
            Start::Prior => prior,
            Start::WeightedPrior { weight } => {
                0.5 + values.get(weight).copied().unwrap_or(0.0) * (prior - 0.5)
            }
        }
    }
}

/// Parses a preset's [`name`](ModelPreset::name), or the longer name its JSON uses
/// (`gain_loss_with_initialisation`), without regard to case.
impl core::str::FromStr for ModelPreset {
    type Err = trustkit_core::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        if wanted.eq_ignore_ascii_case("gain_loss_with_initialisation") {
            return Ok(Self::GainLossWithInitialisation);
        }
        Self::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| trustkit_core::UnknownName {
                kind: "model",
                given: s.to_owned(),
                choices: Self::ALL.iter().map(|p| p.name()).collect(),
            })
    }
}

impl core::fmt::Display for ModelPreset {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod model_table_tests {
    use super::*;

    #[test]
    fn the_table_and_the_enum_agree() {
        for (k, preset) in ModelPreset::ALL.into_iter().enumerate() {
            assert_eq!(preset as usize, k);
            assert_eq!(preset.name().parse::<ModelPreset>().unwrap(), preset);
            assert_eq!(preset.parameter_count(), preset.free_parameters().len());
            for free in preset.free_parameters() {
                assert!(free.low < free.high, "{}", free.name);
            }
        }
    }

    #[test]
    fn values_set_the_learner_as_before_the_table() {
        // The hand-written mapping the table replaced, written out for each model.
        let v = [0.31, 0.62, 0.17, 0.23];
        let dynamic = ModelPreset::DynamicBelief.with_values(&v);
        assert_eq!(
            (
                dynamic.alpha_gain,
                dynamic.alpha_loss,
                dynamic.belief_rate,
                dynamic.belief_weight
            ),
            (0.31, 0.62, 0.17, 0.23)
        );
        let decay = ModelPreset::TrustDecay.with_values(&v[..3]);
        assert_eq!(
            decay.forgetting,
            Some(crate::Forgetting {
                baseline: 0.5,
                per_step: 0.17,
                half_life_days: None
            })
        );
        assert_eq!(
            ModelPreset::ConfirmationBias
                .with_values(&v[..3])
                .confirmation,
            0.17
        );
        // The initialisation weight moves the start, not the learner.
        let init = ModelPreset::GainLossWithInitialisation;
        assert_eq!(
            init.with_values(&v[..3]),
            ModelPreset::GainLoss.with_values(&v[..2])
        );
        assert_eq!(init.anchor_for(Some(0.9), &v[..3]), 0.5 + 0.17 * 0.4);
        assert_eq!(ModelPreset::GainLoss.anchor_for(Some(0.9), &v[..2]), 0.5);
        assert_eq!(ModelPreset::DynamicBelief.anchor_for(Some(0.9), &v), 0.9);
        assert_eq!(
            ModelPreset::TrustDecay
                .params()
                .forgetting
                .map(|f| f.per_step),
            Some(0.05)
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn json_uses_the_short_name_and_reads_the_long_one() {
        let init = ModelPreset::GainLossWithInitialisation;
        assert_eq!(serde_json::to_string(&init).unwrap(), "\"gain_loss_init\"");
        let old: ModelPreset = serde_json::from_str("\"gain_loss_with_initialisation\"").unwrap();
        assert_eq!(old, init);
        for preset in ModelPreset::ALL {
            assert_eq!(
                serde_json::to_string(&preset).unwrap(),
                format!("\"{preset}\"")
            );
        }
    }
}
