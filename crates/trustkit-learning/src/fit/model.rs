//! The free parameters of each preset and the objective a fit minimises.

use crate::experiments::trust_game::InvestmentPolicy;
use crate::fit::data::{Observation, Subject};
use crate::{Anchor, Forgetting, LearnerParams, ModelPreset, TrustLearner};

/// One free parameter: its name and bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FreeParam {
    /// Name, as in [`LearnerParams`] (`anchor_weight` for the initialisation model).
    pub name: &'static str,
    /// Lowest value.
    pub low: f64,
    /// Highest value.
    pub high: f64,
}

const fn p(name: &'static str, low: f64, high: f64) -> FreeParam {
    FreeParam { name, low, high }
}

const GAIN: FreeParam = p("alpha_gain", 0.0, 1.0);
const LOSS: FreeParam = p("alpha_loss", 0.0, 1.0);
const GAIN_LOSS: [FreeParam; 2] = [GAIN, LOSS];
const INITIALISATION: [FreeParam; 3] = [GAIN, LOSS, p("anchor_weight", 0.0, 1.0)];
const CONFIRMATION: [FreeParam; 3] = [GAIN, LOSS, p("confirmation", 0.0, 1.0)];
const DECAY: [FreeParam; 3] = [GAIN, LOSS, p("decay", 0.0, 0.99)];
const DYNAMIC_BELIEF: [FreeParam; 4] = [
    GAIN,
    LOSS,
    p("belief_rate", 0.0, 1.0),
    p("belief_weight", 0.0, 0.5),
];

impl ModelPreset {
    /// The parameters a fit estimates, with their bounds; as many as
    /// [`ModelPreset::parameter_count`].
    #[must_use]
    pub const fn free_parameters(self) -> &'static [FreeParam] {
        match self {
            Self::GainLoss => &GAIN_LOSS,
            Self::GainLossWithInitialisation => &INITIALISATION,
            Self::ConfirmationBias => &CONFIRMATION,
            Self::TrustDecay => &DECAY,
            Self::DynamicBelief => &DYNAMIC_BELIEF,
        }
    }

    /// The learner parameters for values of [`ModelPreset::free_parameters`] (in order).
    #[must_use]
    pub fn with_values(self, values: &[f64]) -> LearnerParams {
        let get = |k: usize| values.get(k).copied().unwrap_or(0.0);
        let mut params = self.params();
        params.alpha_gain = get(0);
        params.alpha_loss = get(1);
        match self {
            Self::GainLoss | Self::GainLossWithInitialisation => {}
            Self::ConfirmationBias => params.confirmation = get(2),
            Self::TrustDecay => {
                params.forgetting = Some(Forgetting {
                    baseline: 0.5,
                    per_step: get(2),
                    half_life_days: None,
                });
            }
            Self::DynamicBelief => {
                params.belief_rate = get(2);
                params.belief_weight = get(3);
            }
        }
        params
    }

    /// Where a subject's trust starts under this model: neutral, its prior, or (initialisation model)
    /// `0.5 + w·(prior − 0.5)` with the fitted weight `w`. A missing prior counts as neutral.
    #[must_use]
    pub fn anchor_for(self, prior: Option<f64>, values: &[f64]) -> f64 {
        let prior = prior.unwrap_or(0.5);
        match self {
            Self::GainLossWithInitialisation => {
                0.5 + values.get(2).copied().unwrap_or(0.0) * (prior - 0.5)
            }
            _ if self.uses_prior() => prior,
            _ => 0.5,
        }
    }
}

/// What a fit minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Objective {
    /// The negative log-likelihood: Gaussian for measurements and investments (its variance
    /// profiled out, `σ̂² = RSS/n`), Bernoulli for choices (*default*).
    #[default]
    Likelihood,
    /// The sum of squared residuals of measurements and investments, plus the squared error of choice
    /// probabilities (Brier).
    LeastSquares,
}

/// Which steps' observations count (odd/even cross-validation, as Chang et al. 2010 did).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Steps {
    All,
    Odd,
    Even,
}

impl Steps {
    pub(crate) const fn includes(self, k: usize) -> bool {
        match self {
            Self::All => true,
            Self::Odd => k % 2 == 1,
            Self::Even => k % 2 == 0,
        }
    }
}

/// Running sums over observations.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tally {
    pub(crate) rss: f64,
    pub(crate) continuous: usize,
    pub(crate) choice_ll: f64,
    pub(crate) choice_sq: f64,
    pub(crate) choices: usize,
}

impl Tally {
    pub(crate) fn add(&mut self, other: &Self) {
        self.rss += other.rss;
        self.continuous += other.continuous;
        self.choice_ll += other.choice_ll;
        self.choice_sq += other.choice_sq;
        self.choices += other.choices;
    }

    /// Number of observations.
    pub(crate) const fn observations(&self) -> usize {
        self.continuous + self.choices
    }

    /// Log-likelihood with the Gaussian variance profiled out.
    pub(crate) fn log_likelihood(&self) -> f64 {
        let gaussian = if self.continuous > 0 {
            let n = self.continuous as f64;
            let var = (self.rss / n).max(1e-12);
            -0.5 * n * ((2.0 * std::f64::consts::PI * var).ln() + 1.0)
        } else {
            0.0
        };
        gaussian + self.choice_ll
    }

    pub(crate) fn value(&self, objective: Objective) -> f64 {
        match objective {
            Objective::Likelihood => -self.log_likelihood(),
            Objective::LeastSquares => self.rss + self.choice_sq,
        }
    }
}

/// Runs one subject through the model and tallies its observations.
pub(crate) fn tally(
    subject: &Subject,
    preset: ModelPreset,
    values: &[f64],
    policy: &InvestmentPolicy,
    steps: Steps,
) -> Tally {
    let params = preset.with_values(values);
    let anchor = Anchor::new(preset.anchor_for(subject.prior(), values)).unwrap_or(Anchor::NEUTRAL);
    let mut t = Tally::default();
    let Ok(mut learner) = TrustLearner::new(params, anchor) else {
        // Out-of-bounds values cannot come from the optimiser's transform; score them as impossible.
        t.rss = f64::INFINITY;
        t.continuous = 1;
        return t;
    };
    for k in 0..subject.len() {
        let before = learner.value();
        learner.advance(
            subject.rewards[k],
            subject.promised[k],
            subject.elapsed_days[k],
        );
        let Some(observation) = subject.observations[k] else {
            continue;
        };
        if !steps.includes(k) {
            continue;
        }
        match observation {
            Observation::Measurement(y) => {
                t.rss += (y - learner.value()).powi(2);
                t.continuous += 1;
            }
            Observation::Investment(y) => {
                t.rss += (y - policy.invest(1.0, before)).powi(2);
                t.continuous += 1;
            }
            Observation::Choice(c) => {
                let p = policy.invest(1.0, before).clamp(1e-12, 1.0 - 1e-12);
                t.choice_ll += if c { p.ln() } else { (1.0 - p).ln() };
                t.choice_sq += (f64::from(u8::from(c)) - p).powi(2);
                t.choices += 1;
            }
        }
    }
    t
}
