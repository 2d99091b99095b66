//! Simulating data from known parameters, and parameter recovery: fit the simulated data and see how
//! close the estimates come to the truth.

use chrono::{Duration, TimeZone, Utc};
use rand::RngExt;

use crate::error::Error;
use crate::experiments::subject_rng;
use crate::experiments::trust_game::InvestmentPolicy;
use crate::fit::data::{Dataset, Observation, Subject};
use crate::fit::optimise::{FitOptions, fit_group};
use crate::{Anchor, Experience, ModelPreset, TrustLearner};
use trustkit_core::Bounds;

/// What the simulated subjects reveal at each step.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum SimulatedObservation {
    /// Trust after the step plus Gaussian noise of this standard deviation, clamped to `[0, 1]`.
    Measurement {
        /// Noise standard deviation.
        noise: f64,
    },
    /// The policy's investment share before the outcome plus Gaussian noise, clamped to `[0, 1]`.
    Investment {
        /// Noise standard deviation.
        noise: f64,
    },
    /// A yes/no decision drawn with the policy's probability.
    Choice,
}

/// A Chang-style design: histories of all-or-nothing outcomes with a partner who pays back with a
/// fixed probability, each history starting from a prior.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Design {
    /// Number of histories (subject × partner) (*default* 200).
    pub histories: usize,
    /// Steps per history (*default* 15).
    pub trials: usize,
    /// Priors, crossed with the probabilities (*default* the trust game's 0.53 and 0.41).
    pub priors: Vec<f64>,
    /// Payback probabilities (*default* 0.8 and 0.2).
    pub probabilities: Vec<f64>,
    /// What is observed (*default* investments with noise 0.05).
    pub observation: SimulatedObservation,
    /// The decision policy.
    pub policy: InvestmentPolicy,
}

impl Default for Design {
    fn default() -> Self {
        Self {
            histories: 200,
            trials: 15,
            priors: vec![0.53, 0.41],
            probabilities: vec![0.8, 0.2],
            observation: SimulatedObservation::Investment { noise: 0.05 },
            policy: InvestmentPolicy::default(),
        }
    }
}

/// Simulates a dataset from `preset` with parameter `values` (in [`ModelPreset::free_parameters`]
/// order). History `k` uses prior `priors[k mod P]` and probability `probabilities[(k / P) mod Q]`,
/// so every combination appears.
///
/// # Errors
/// [`Error::ZeroCount`] for no histories, trials, priors or probabilities; [`Error::Core`] for
/// values outside their bounds, priors or probabilities outside `[0, 1]`, or negative noise.
pub fn simulate(
    preset: ModelPreset,
    values: &[f64],
    design: &Design,
    seed: u64,
) -> Result<Dataset, Error> {
    for (what, n, max) in [
        ("histories", design.histories, crate::MAX_SUBJECTS),
        ("trials", design.trials, crate::MAX_TRIALS),
        ("priors", design.priors.len(), usize::MAX),
        ("probabilities", design.probabilities.len(), usize::MAX),
    ] {
        crate::error::count(what, n, max)?;
    }
    crate::fit::model::check_values(preset, values)?;
    for &x in design.priors.iter().chain(&design.probabilities) {
        Bounds::UNIT.check("prior or probability", x)?;
    }
    if let SimulatedObservation::Measurement { noise }
    | SimulatedObservation::Investment { noise } = design.observation
    {
        Bounds::NON_NEGATIVE.check("noise", noise)?;
    }
    let params = preset.with_values(values).validated()?;
    let start = Utc
        .timestamp_opt(1_767_225_600, 0)
        .single()
        .unwrap_or_default();
    let subjects = (0..design.histories)
        .map(|k| {
            let prior = design.priors[k % design.priors.len()];
            let probability =
                design.probabilities[(k / design.priors.len()) % design.probabilities.len()];
            let mut rng = subject_rng(seed, k, 0x51);
            let mut learner =
                TrustLearner::new(params, Anchor::new(preset.anchor_for(Some(prior), values))?)?;
            let mut trials = Vec::with_capacity(design.trials);
            for t in 0..design.trials {
                let before = learner.trust().value();
                let reward = if rng.random::<f64>() < probability {
                    1.0
                } else {
                    0.0
                };
                let experience = Experience::new(reward, start + Duration::days(t as i64))?;
                learner.observe(&experience)?;
                let observation = match design.observation {
                    SimulatedObservation::Measurement { noise } => Observation::Measurement(
                        (learner.trust().value() + noise * normal(&mut rng)).clamp(0.0, 1.0),
                    ),
                    SimulatedObservation::Investment { noise } => Observation::Investment(
                        (design.policy.invest(1.0, before) + noise * normal(&mut rng))
                            .clamp(0.0, 1.0),
                    ),
                    SimulatedObservation::Choice => {
                        Observation::Choice(rng.random::<f64>() < design.policy.invest(1.0, before))
                    }
                };
                trials.push((experience, Some(observation)));
            }
            Subject::new(format!("h{k}"), Some(prior), trials)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Dataset::new(subjects)
}

/// A standard normal draw (Box–Muller), from the value-stable uniform stream.
fn normal(rng: &mut rand::rngs::ChaCha8Rng) -> f64 {
    let u1 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// The outcome of a recovery study.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RecoveryReport {
    /// The model.
    pub preset: ModelPreset,
    /// True values, one vector per draw.
    pub truths: Vec<Vec<f64>>,
    /// Estimates, one vector per draw.
    pub estimates: Vec<Vec<f64>>,
    /// Per parameter, the Pearson correlation of estimates with truths over the draws (`None` with
    /// fewer than three draws or no variation).
    pub correlations: Vec<Option<f64>>,
}

/// Parameter recovery: `draws` times, draw true parameters (uniform over the lower 10–70 % of each
/// range), simulate `design`, fit at the group level, and correlate estimates with truths.
///
/// # Errors
/// As [`simulate`] and [`fit_group`].
pub fn recover(
    preset: ModelPreset,
    design: &Design,
    draws: usize,
    options: FitOptions,
    seed: u64,
) -> Result<RecoveryReport, Error> {
    let free = preset.free_parameters();
    let mut rng = subject_rng(seed, 0, 0x7E);
    let mut truths = Vec::with_capacity(draws);
    let mut estimates = Vec::with_capacity(draws);
    for draw in 0..draws {
        let truth: Vec<f64> = free
            .iter()
            .map(|p| p.low + (p.high - p.low) * (0.1 + 0.6 * rng.random::<f64>()))
            .collect();
        let data = simulate(preset, &truth, design, seed.wrapping_add(draw as u64 + 1))?;
        let fit = fit_group(
            &data,
            preset,
            FitOptions {
                policy: design.policy,
                ..options
            },
        )?;
        estimates.push(fit.estimates.iter().map(|e| e.value).collect());
        truths.push(truth);
    }
    let correlations = (0..free.len())
        .map(|j| {
            let x: Vec<f64> = truths.iter().map(|t| t[j]).collect();
            let y: Vec<f64> = estimates.iter().map(|e: &Vec<f64>| e[j]).collect();
            pearson(&x, &y)
        })
        .collect();
    Ok(RecoveryReport {
        preset,
        truths,
        estimates,
        correlations,
    })
}

fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() < 3 {
        return None;
    }
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}
