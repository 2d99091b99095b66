//! [`ModelPreset`]: the five learning models Chang, Doll, van 't Wout, Frank & Sanfey (2010) compared,
//! as settings of one learner.

use crate::LearnerParams;

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
    /// (3 parameters: `α_G`, `α_L`, the anchor weight).
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

impl ModelPreset {
    /// All five, in Chang et al.'s order.
    pub const ALL: [Self; 5] = [
        Self::GainLoss,
        Self::GainLossWithInitialisation,
        Self::ConfirmationBias,
        Self::TrustDecay,
        Self::DynamicBelief,
    ];

    /// Number of free parameters.
    #[must_use]
    pub const fn parameter_count(self) -> usize {
        match self {
            Self::GainLoss => 2,
            Self::GainLossWithInitialisation | Self::ConfirmationBias | Self::TrustDecay => 3,
            Self::DynamicBelief => 4,
        }
    }

    /// A short snake_case name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::GainLoss => "gain_loss",
            Self::GainLossWithInitialisation => "gain_loss_init",
            Self::ConfirmationBias => "confirmation_bias",
            Self::TrustDecay => "trust_decay",
            Self::DynamicBelief => "dynamic_belief",
        }
    }

    /// The preset's parameters at trustkit's defaults: `α_G`, `α_L` (and `β`, `φ`, `h`) as in
    /// [`LearnerParams::default`], decay 0.05 for [`ModelPreset::TrustDecay`]; every mechanism the
    /// model lacks switched off. The anchor (used by the initialisation model) is given to the
    /// learner, not stored here.
    #[must_use]
    pub fn params(self) -> LearnerParams {
        let d = LearnerParams::default();
        let base = LearnerParams {
            alpha_gain: d.alpha_gain,
            alpha_loss: d.alpha_loss,
            ..LearnerParams::plain()
        };
        match self {
            Self::GainLoss | Self::GainLossWithInitialisation => base,
            Self::ConfirmationBias => LearnerParams {
                confirmation: d.confirmation,
                confirmation_reference: crate::ConfirmationReference::Prior,
                ..base
            },
            Self::TrustDecay => LearnerParams {
                forgetting: Some(crate::Forgetting {
                    baseline: 0.5,
                    per_step: 0.05,
                    half_life_days: None,
                }),
                ..base
            },
            Self::DynamicBelief => LearnerParams {
                belief_rate: d.belief_rate,
                belief_weight: d.belief_weight,
                ..base
            },
        }
    }

    /// Whether the model starts from the prior (the anchor) rather than from neutral.
    #[must_use]
    pub const fn uses_prior(self) -> bool {
        matches!(
            self,
            Self::GainLossWithInitialisation | Self::ConfirmationBias | Self::DynamicBelief
        )
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
