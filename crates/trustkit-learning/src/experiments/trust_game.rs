//! The trust game of Chang, Doll, van 't Wout, Frank & Sanfey (2010), simulated.
//!
//! An investor holds a $10 endowment each trial and sends part of it to a partner. The amount is
//! multiplied by 4; a partner who reciprocates returns half (so the investor gets back twice the
//! stake), one who defects returns nothing. A slot machine, the non-social control, doubles the stake
//! with the same probability. Partners reciprocate with probability 80 % or 20 %; their faces prime
//! high or low trust, and the slot machine primes nothing. Each condition runs 15 trials.
//!
//! Published pattern (Chang et al. 2010, their Figure 2) that the defaults reproduce and the tests
//! assert: first-trial investment about $5.25 for high-trust faces and $4.25 for low-trust ones;
//! high-probability lines rise and low-probability lines fall; with low payback a little more is
//! invested in the slot machine than in a partner; under high probability the high- and low-trust
//! lines still differ at trial 8 and meet only around trial 12; lines are stable by trial 15.

use rand::RngExt;

use super::{Moments, logistic, subject_rng};
use crate::error::Error;
use crate::{Anchor, LearnerParams, TrustLearner};
use trustkit_core::Bounds;

/// Who the investor plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Partner {
    /// A partner whose face looks trustworthy.
    HighTrustFace,
    /// A partner whose face looks untrustworthy.
    LowTrustFace,
    /// A slot machine: no face, no intentions.
    SlotMachine,
}

impl Partner {
    /// All three, in table order.
    pub const ALL: [Self; 3] = [Self::HighTrustFace, Self::LowTrustFace, Self::SlotMachine];

    /// A short name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::HighTrustFace => "high_trust_face",
            Self::LowTrustFace => "low_trust_face",
            Self::SlotMachine => "slot_machine",
        }
    }
}

/// How often the partner pays back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Payback {
    /// The high probability (80 % by default).
    High,
    /// The low probability (20 % by default).
    Low,
}

impl Payback {
    /// Both, in table order.
    pub const ALL: [Self; 2] = [Self::High, Self::Low];

    /// A short name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Low => "low",
        }
    }
}

/// How the investor turns trust into dollars: `endowment · σ(k·(2E − 1) + b)`.
///
/// `2E − 1` is the expected gain per dollar invested when trust `E` is read as the chance of being
/// paid back double (a partner returns half of four times the stake; the slot machine doubles it). The
/// logistic keeps investments interior, as people rarely send all or nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct InvestmentPolicy {
    /// `k`, sensitivity to expected gain (*default* 1.6).
    pub steepness: f64,
    /// `b`, a bias towards (positive) or against investing (*default* 0).
    pub bias: f64,
}

impl Default for InvestmentPolicy {
    fn default() -> Self {
        Self {
            steepness: 1.6,
            bias: 0.0,
        }
    }
}

impl InvestmentPolicy {
    /// Dollars invested out of `endowment` at trust `trust`.
    #[must_use]
    pub fn invest(&self, endowment: f64, trust: f64) -> f64 {
        endowment * logistic(self.steepness * (2.0 * trust - 1.0) + self.bias)
    }
}

/// The experiment's configuration. `TrustGame::default()` is the published design with trustkit's
/// calibrated defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TrustGame {
    /// Simulated subjects; each plays every condition (*default* 2000; Chang et al. had 61).
    pub subjects: usize,
    /// Trials per condition (15).
    pub trials: usize,
    /// Endowment per trial in dollars (10).
    pub endowment: f64,
    /// Reciprocation probability of [`Payback::High`] (0.8).
    pub high_probability: f64,
    /// Reciprocation probability of [`Payback::Low`] (0.2).
    pub low_probability: f64,
    /// Anchor of a trustworthy face (*default* 0.53: the trust at which the default policy invests the
    /// published first-trial $5.25).
    pub high_trust_prior: f64,
    /// Anchor of an untrustworthy face (*default* 0.41: invests $4.28 on trial 1, published $4.25).
    pub low_trust_prior: f64,
    /// Anchor of the slot machine (*default* 0.5, no information).
    pub slot_prior: f64,
    /// The learner. Against the slot machine the belief weight `h` is set to 0: a machine has no
    /// intentions to form beliefs about.
    pub params: LearnerParams,
    /// Trust to dollars.
    pub policy: InvestmentPolicy,
    /// The seed.
    pub seed: u64,
}

impl Default for TrustGame {
    fn default() -> Self {
        Self {
            subjects: 2000,
            trials: 15,
            endowment: 10.0,
            high_probability: 0.8,
            low_probability: 0.2,
            high_trust_prior: 0.53,
            low_trust_prior: 0.41,
            slot_prior: 0.5,
            params: LearnerParams::default(),
            policy: InvestmentPolicy::default(),
            seed: 2010,
        }
    }
}

/// One trial of one condition, averaged over subjects.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TrustGameRow {
    /// Trial number, from 1.
    pub trial: usize,
    /// The partner.
    pub partner: Partner,
    /// The payback probability.
    pub payback: Payback,
    /// Mean dollars invested.
    pub mean_investment: f64,
    /// Standard deviation of the investment across subjects.
    pub sd_investment: f64,
    /// Mean trust before the trial's outcome.
    pub mean_trust: f64,
    /// Share of subjects paid back on this trial.
    pub paid_back: f64,
}

/// The simulated table: one row per trial and condition, conditions in [`Partner::ALL`] ×
/// [`Payback::ALL`] order.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TrustGameTable {
    /// The rows.
    pub rows: Vec<TrustGameRow>,
}

impl TrustGameTable {
    /// Mean investment per trial for one condition (index 0 is trial 1).
    #[must_use]
    pub fn investments(&self, partner: Partner, payback: Payback) -> Vec<f64> {
        self.rows
            .iter()
            .filter(|r| r.partner == partner && r.payback == payback)
            .map(|r| r.mean_investment)
            .collect()
    }

    /// The mean investment of one condition on one trial (from 1).
    #[must_use]
    pub fn investment(&self, partner: Partner, payback: Payback, trial: usize) -> Option<f64> {
        self.rows
            .iter()
            .find(|r| r.partner == partner && r.payback == payback && r.trial == trial)
            .map(|r| r.mean_investment)
    }
}

impl TrustGame {
    /// Checks the configuration.
    ///
    /// # Errors
    /// [`Error::ZeroCount`] for no subjects or trials; [`Error::Core`] for an endowment that is
    /// not positive, probabilities or priors outside `[0, 1]`, a non-finite policy; and the
    /// learner's own checks.
    pub fn validate(&self) -> Result<(), Error> {
        crate::error::count("subjects", self.subjects, crate::MAX_SUBJECTS)?;
        crate::error::count("trials", self.trials, crate::MAX_TRIALS)?;
        Bounds::POSITIVE.check("endowment", self.endowment)?;
        Bounds::UNIT.check("high_probability", self.high_probability)?;
        Bounds::UNIT.check("low_probability", self.low_probability)?;
        Bounds::UNIT.check("high_trust_prior", self.high_trust_prior)?;
        Bounds::UNIT.check("low_trust_prior", self.low_trust_prior)?;
        Bounds::UNIT.check("slot_prior", self.slot_prior)?;
        Bounds::FINITE.check("policy.steepness", self.policy.steepness)?;
        Bounds::FINITE.check("policy.bias", self.policy.bias)?;
        self.params.validate()
    }

    /// Runs every subject through the six conditions.
    ///
    /// Within a subject, the three partners of one payback level share one outcome schedule (a
    /// within-subject design), so differences between partners come from the partners, not from luck.
    ///
    /// # Errors
    /// As [`TrustGame::validate`].
    pub fn run(&self) -> Result<TrustGameTable, Error> {
        self.validate()?;
        let mut rows = Vec::with_capacity(6 * self.trials);
        for partner in Partner::ALL {
            let (prior, params) = match partner {
                Partner::HighTrustFace => (self.high_trust_prior, self.params),
                Partner::LowTrustFace => (self.low_trust_prior, self.params),
                Partner::SlotMachine => (
                    self.slot_prior,
                    LearnerParams {
                        belief_weight: 0.0,
                        ..self.params
                    },
                ),
            };
            let anchor = Anchor::new(prior)?;
            for payback in Payback::ALL {
                let (probability, schedule) = match payback {
                    Payback::High => (self.high_probability, 0),
                    Payback::Low => (self.low_probability, 1),
                };
                let mut investment = vec![Moments::default(); self.trials];
                let mut trust = vec![Moments::default(); self.trials];
                let mut paid = vec![0usize; self.trials];
                for subject in 0..self.subjects {
                    let mut rng = subject_rng(self.seed, subject, schedule);
                    let mut learner = TrustLearner::new(params, anchor)?;
                    for trial in 0..self.trials {
                        let e = learner.trust().value();
                        trust[trial].push(e);
                        investment[trial].push(self.policy.invest(self.endowment, e));
                        let reciprocated = rng.random::<f64>() < probability;
                        paid[trial] += usize::from(reciprocated);
                        learner.update(if reciprocated { 1.0 } else { 0.0 }, None, 0.0);
                    }
                }
                rows.extend((0..self.trials).map(|trial| TrustGameRow {
                    trial: trial + 1,
                    partner,
                    payback,
                    mean_investment: investment[trial].mean(),
                    sd_investment: investment[trial].sd(),
                    mean_trust: trust[trial].mean(),
                    paid_back: paid[trial] as f64 / self.subjects as f64,
                }));
            }
        }
        Ok(TrustGameTable { rows })
    }
}
