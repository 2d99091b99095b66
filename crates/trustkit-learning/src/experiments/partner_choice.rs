//! Choosing a teammate after learning whom to trust, after Buntain & Golbeck, *Trust transfer between
//! contexts*, Journal of Trust Management 2:6 (2015).
//!
//! In an investment phase the subject plays three partners: a benevolent one that always returns a
//! little more than it received, a greedy one that never returns anything, and an exploitative one
//! that returns a little more for two rounds and then nothing. Then the subject picks a teammate for
//! a second game, shown each candidate's skill. The game-of-trust article reports that people were
//! nearly eight times more likely to pick the trustworthy but weaker partner than the capable but
//! untrustworthy one; the paper adds that skill mattered only when the candidates' trust was close.

use rand::RngExt;

use super::{logistic, subject_rng};
use crate::error::Error;
use crate::{Anchor, LearnerParams, TrustLearner};
use trustkit_core::Bounds;

/// The partners of the investment phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PartnerKind {
    /// Always returns a little more than it received.
    Benevolent,
    /// Never returns anything.
    Greedy,
    /// Returns a little more at first, then nothing.
    Exploitative,
}

impl PartnerKind {
    /// All three.
    pub const ALL: [Self; 3] = [Self::Benevolent, Self::Greedy, Self::Exploitative];

    /// A short name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Benevolent => "benevolent",
            Self::Greedy => "greedy",
            Self::Exploitative => "exploitative",
        }
    }
}

/// The most candidate pairs one run offers: each pair draws from its own random stream, and the
/// partners' streams come after them.
pub const MAX_PAIRS: usize = 252;

/// A candidate teammate: a partner from the investment phase and the skill shown for it.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Candidate {
    /// Who.
    pub partner: PartnerKind,
    /// Shown skill in `[0, 1]`.
    pub skill: f64,
}

/// How a subject chooses between two candidates `a` and `b`:
///
/// `P(a) = σ(ΔT/τ + g·w·Δs)`, with `ΔT = T_a − T_b` the difference in learned trust,
/// `Δs = s_a − s_b` the difference in shown skill, and a gate `g` that lets skill *overturn* trust
/// only when trust is close: `g = exp(−(ΔT/m)²)` when skill favours the less trusted candidate
/// (`ΔT·Δs < 0`), and `g = 1` when trust and skill agree. The gate applies only against trust so that
/// the rule respects dominance — a candidate both more trusted and more skilled is never chosen less
/// often as either lead grows (a Gaussian gate on every pair made a bigger trust lead *lower* the
/// choice, 0.699 → 0.654 from a lead of 0.05 to 0.20). The two forms meet where `ΔT = 0` or `Δs = 0`,
/// so `P` is continuous. Trust first, then skill: the pattern Buntain & Golbeck
/// report.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ChoiceRule {
    /// `τ`, how sharply trust differences decide (*default* 0.37; with the default learner it makes
    /// the benevolent-versus-exploitative odds about 8:1, calibrated to the published ratio).
    pub trust_temperature: f64,
    /// `w`, weight of skill differences when trust is close (*default* 4).
    pub skill_weight: f64,
    /// `m`, the trust difference within which skill counts (*default* 0.15).
    pub closeness: f64,
}

impl Default for ChoiceRule {
    fn default() -> Self {
        Self {
            trust_temperature: 0.37,
            skill_weight: 4.0,
            closeness: 0.15,
        }
    }
}

impl ChoiceRule {
    /// Probability of choosing a candidate with trust `trust_a` and skill `skill_a` over one with
    /// `trust_b`, `skill_b`.
    #[must_use]
    pub fn probability_first(&self, trust_a: f64, skill_a: f64, trust_b: f64, skill_b: f64) -> f64 {
        let (dt, ds) = (trust_a - trust_b, skill_a - skill_b);
        let gate = if dt * ds < 0.0 {
            (-(dt / self.closeness).powi(2)).exp()
        } else {
            1.0
        };
        logistic(dt / self.trust_temperature + gate * self.skill_weight * ds)
    }
}

/// The experiment's configuration.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PartnerChoice {
    /// Simulated subjects (*default* 2000).
    pub subjects: usize,
    /// Rounds of the investment phase with each partner (*default* 6).
    pub rounds: usize,
    /// Rounds the exploitative partner pays back before it stops (*default* 2).
    pub exploit_after: usize,
    /// The learner; every partner starts from a neutral anchor.
    pub params: LearnerParams,
    /// How much a partner's return varies from round to round: each round's reward is the
    /// partner's rule plus a uniform draw in `±reward_noise`, clamped to `[0, 1]`, drawn for each
    /// subject, so subjects learn different trust (*default* 0.1; 0 gives every subject the same).
    pub reward_noise: f64,
    /// The choice rule.
    pub rule: ChoiceRule,
    /// The choices offered, as pairs `(a, b)`.
    pub pairs: Vec<(Candidate, Candidate)>,
    /// The seed.
    pub seed: u64,
}

impl Default for PartnerChoice {
    fn default() -> Self {
        let (weak, strong) = (0.4, 0.8);
        let c = |partner, skill| Candidate { partner, skill };
        Self {
            subjects: 2000,
            rounds: 6,
            exploit_after: 2,
            params: LearnerParams::default(),
            reward_noise: 0.1,
            rule: ChoiceRule::default(),
            pairs: vec![
                // The headline: trustworthy but weaker against capable but untrustworthy.
                (
                    c(PartnerKind::Benevolent, weak),
                    c(PartnerKind::Exploitative, strong),
                ),
                (
                    c(PartnerKind::Benevolent, weak),
                    c(PartnerKind::Greedy, strong),
                ),
                // Skill swapped: does it change much when trust differs?
                (
                    c(PartnerKind::Benevolent, strong),
                    c(PartnerKind::Exploitative, weak),
                ),
                // Equal trust: skill decides.
                (
                    c(PartnerKind::Benevolent, strong),
                    c(PartnerKind::Benevolent, weak),
                ),
            ],
            seed: 2015,
        }
    }
}

/// Learned trust in one partner after a round of the investment phase, averaged over subjects.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TrustRow {
    /// Round, from 1.
    pub round: usize,
    /// The partner.
    pub partner: PartnerKind,
    /// Mean reward of the round: the share of the stake returned, capped at 1.
    pub reward: f64,
    /// Mean trust after the round.
    pub trust: f64,
}

/// The outcome of one offered pair.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ChoiceRow {
    /// First candidate.
    pub first: Candidate,
    /// Second candidate.
    pub second: Candidate,
    /// The rule's probability of choosing the first, averaged over subjects.
    pub probability_first: f64,
    /// Subjects who chose the first.
    pub chose_first: usize,
    /// Subjects who chose the second.
    pub chose_second: usize,
}

impl ChoiceRow {
    /// How many times as often the first was chosen as the second (infinite if never the second).
    #[must_use]
    pub fn ratio(&self) -> f64 {
        self.chose_first as f64 / self.chose_second as f64
    }
}

/// The result: the trust trajectories and the choices.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PartnerChoiceResult {
    /// Trust after each round with each partner.
    pub trust: Vec<TrustRow>,
    /// One row per offered pair, in configuration order.
    pub choices: Vec<ChoiceRow>,
}

impl PartnerChoiceResult {
    /// Trust in a partner at the end of the investment phase.
    #[must_use]
    pub fn final_trust(&self, partner: PartnerKind) -> Option<f64> {
        self.trust
            .iter()
            .rev()
            .find(|r| r.partner == partner)
            .map(|r| r.trust)
    }
}

impl PartnerChoice {
    /// The reward of round `round` (from 0) with `partner`: the share of the stake returned, capped at
    /// 1 (a partner returning 110 % has fully honoured the trust).
    #[must_use]
    pub fn reward(&self, partner: PartnerKind, round: usize) -> f64 {
        match partner {
            PartnerKind::Benevolent => 1.0,
            PartnerKind::Greedy => 0.0,
            PartnerKind::Exploitative if round < self.exploit_after => 1.0,
            PartnerKind::Exploitative => 0.0,
        }
    }

    /// Runs the investment phase and the choices.
    ///
    /// # Errors
    /// [`Error::ZeroCount`] for no subjects or rounds; [`Error::Core`] for a temperature or
    /// closeness that is not positive, a negative skill weight, or a skill outside `[0, 1]`; and the
    /// learner's checks.
    pub fn run(&self) -> Result<PartnerChoiceResult, Error> {
        crate::error::count("subjects", self.subjects, crate::MAX_SUBJECTS)?;
        crate::error::count("rounds", self.rounds, crate::MAX_TRIALS)?;
        Bounds::POSITIVE.check("trust_temperature", self.rule.trust_temperature)?;
        Bounds::POSITIVE.check("closeness", self.rule.closeness)?;
        Bounds::NON_NEGATIVE.check("skill_weight", self.rule.skill_weight)?;
        for (a, b) in &self.pairs {
            Bounds::UNIT.check("skill", a.skill)?;
            Bounds::UNIT.check("skill", b.skill)?;
        }
        Bounds::closed(0.0, 1.0).check("reward_noise", self.reward_noise)?;
        crate::error::count("pairs", self.pairs.len().max(1), MAX_PAIRS)?;
        // Each subject plays each partner with its own draws (streams after the pairs'), so
        // subjects learn different trust; the table reports the means.
        let rounds = self.rounds;
        let mut reward_sum = vec![0.0; 3 * rounds];
        let mut trust_sum = vec![0.0; 3 * rounds];
        let mut chose_first = vec![0usize; self.pairs.len()];
        let mut p_sum = vec![0.0; self.pairs.len()];
        for subject in 0..self.subjects {
            let mut final_trust = [0.0; 3];
            for (k, partner) in PartnerKind::ALL.into_iter().enumerate() {
                let mut rng = subject_rng(self.seed, subject, (255 - k) as u64);
                let mut learner = TrustLearner::new(self.params, Anchor::NEUTRAL)?;
                for round in 0..rounds {
                    let noise = self.reward_noise * (2.0 * rng.random::<f64>() - 1.0);
                    let reward = (self.reward(partner, round) + noise).clamp(0.0, 1.0);
                    let step = learner.update(reward, None, 0.0);
                    reward_sum[k * rounds + round] += reward;
                    trust_sum[k * rounds + round] += step.trust.value();
                }
                final_trust[k] = learner.trust().value();
            }
            let trust_of = |p: PartnerKind| final_trust[p as usize];
            for (pair, (a, b)) in self.pairs.iter().enumerate() {
                let p = self.rule.probability_first(
                    trust_of(a.partner),
                    a.skill,
                    trust_of(b.partner),
                    b.skill,
                );
                p_sum[pair] += p;
                if subject_rng(self.seed, subject, pair as u64).random::<f64>() < p {
                    chose_first[pair] += 1;
                }
            }
        }
        let n = self.subjects as f64;
        let trust = PartnerKind::ALL
            .into_iter()
            .enumerate()
            .flat_map(|(k, partner)| {
                let (reward_sum, trust_sum) = (&reward_sum, &trust_sum);
                (0..rounds).map(move |round| TrustRow {
                    round: round + 1,
                    partner,
                    reward: reward_sum[k * rounds + round] / n,
                    trust: trust_sum[k * rounds + round] / n,
                })
            })
            .collect();
        let choices = self
            .pairs
            .iter()
            .zip(chose_first.iter().zip(&p_sum))
            .map(|((a, b), (&first, &p))| ChoiceRow {
                first: *a,
                second: *b,
                probability_first: p / n,
                chose_first: first,
                chose_second: self.subjects - first,
            })
            .collect();
        Ok(PartnerChoiceResult { trust, choices })
    }
}
