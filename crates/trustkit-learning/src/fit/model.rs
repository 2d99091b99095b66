//! The free parameters of each preset and the objective a fit minimises.

use crate::experiments::trust_game::InvestmentPolicy;
use crate::fit::data::{Observation, Subject};
use crate::{Anchor, ModelPreset, TrustLearner};

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
