//! Churn under a better offer: when does a customer with a learned trust history switch to a
//! competitor that promises more?
//!
//! The customer weighs the offer with prospect theory ([`trustkit_core::prospect`]): switching pays
//! only when the promised benefit, per unit of what is at stake, exceeds
//! `(λ · T_incumbent / T_newcomer)^(1/α)` — about 2.5 at equal trust with Tversky & Kahneman's (1992)
//! parameters, more for a trusted incumbent, less after a betrayal.

use trustkit_core::TrustLevel;
use trustkit_core::prospect::ProspectParams;

use crate::error::Error;
use crate::{Anchor, LearnerParams, TrustLearner};
use trustkit_core::Bounds;

/// A named history of experience rewards with the incumbent.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct History {
    /// A label for the table.
    pub name: String,
    /// Rewards in `[0, 1]`, oldest first.
    pub rewards: Vec<f64>,
}

/// The experiment's configuration.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Switching {
    /// The learner that turns each history into trust in the incumbent.
    pub params: LearnerParams,
    /// Prospect-theory parameters (*default* Tversky & Kahneman 1992).
    pub prospect: ProspectParams,
    /// Trust in the newcomer, from its reputation (*default* 0.5, nothing known).
    pub newcomer_trust: f64,
    /// The histories.
    pub histories: Vec<History>,
    /// Offers, as promised benefit per unit of stake.
    pub offers: Vec<f64>,
}

impl Default for Switching {
    fn default() -> Self {
        let h = |name: &str, rewards: Vec<f64>| History {
            name: name.to_owned(),
            rewards,
        };
        Self {
            params: LearnerParams::default(),
            prospect: ProspectParams::default(),
            newcomer_trust: 0.5,
            histories: vec![
                h("no history", vec![]),
                h("steady good", vec![0.85; 12]),
                h(
                    "betrayed after good",
                    [vec![0.85; 10], vec![0.0, 0.0]].concat(),
                ),
                h("lukewarm", vec![0.6; 12]),
            ],
            offers: vec![1.5, 2.0, 3.0, 4.0, 6.0],
        }
    }
}

/// One history against one offer.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SwitchingRow {
    /// The history's name.
    pub history: String,
    /// Learned trust in the incumbent.
    pub trust: f64,
    /// The most negative prediction error in the history (0 if none): how hard the worst betrayal hit.
    pub worst_surprise: f64,
    /// The switching threshold; `None` when no offer suffices (the newcomer is not trusted).
    pub threshold: Option<f64>,
    /// The offer.
    pub offer: f64,
    /// Whether the customer switches.
    pub switches: bool,
}

impl Switching {
    /// Runs every history against every offer. Deterministic: no randomness is involved.
    ///
    /// # Errors
    /// [`Error::Core`] for a reward outside `[0, 1]`, a newcomer trust outside `[0, 1]` or a
    /// negative or non-finite offer; the learner's checks.
    pub fn run(&self) -> Result<Vec<SwitchingRow>, Error> {
        let newcomer =
            TrustLevel::saturating(Bounds::UNIT.check("newcomer_trust", self.newcomer_trust)?);
        for &offer in &self.offers {
            Bounds::NON_NEGATIVE.check("offer", offer)?;
        }
        let mut rows = Vec::with_capacity(self.histories.len() * self.offers.len());
        for history in &self.histories {
            let mut learner = TrustLearner::new(self.params, Anchor::NEUTRAL)?;
            let mut worst = 0.0f64;
            for &reward in &history.rewards {
                Bounds::UNIT.check("reward", reward)?;
                let step = learner.update(reward, None, 0.0);
                worst = worst.min(step.prediction_error.value());
            }
            let trust = learner.trust();
            let threshold = self.prospect.switching_threshold(trust, newcomer);
            rows.extend(self.offers.iter().map(|&offer| SwitchingRow {
                history: history.name.clone(),
                trust: trust.value(),
                worst_surprise: worst,
                threshold,
                offer,
                switches: threshold.is_some_and(|t| offer > t),
            }));
        }
        Ok(rows)
    }
}
