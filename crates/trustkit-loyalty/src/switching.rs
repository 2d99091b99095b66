//! The switching decision under a competitor's offer, with prospect theory.

use trustkit_core::TrustLevel;
use trustkit_core::prospect::ProspectParams;

use crate::error::Error;
use trustkit_core::Bounds;

/// A competitor's offer to an account.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Offer {
    /// What the competitor promises the customer would gain by switching (any currency unit).
    pub promised_benefit: f64,
    /// What the customer risks by switching: the value at stake with the incumbent (same unit).
    pub at_stake: f64,
    /// Trust in the competitor (its reputation), *default* neutral if unknown.
    pub newcomer_trust: TrustLevel,
}

/// The verdict on an offer.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SwitchingDecision {
    /// `promised_benefit / at_stake`.
    pub benefit_ratio: f64,
    /// The ratio above which switching pays, `(λ·T_inc/T_new)^(1/α)`
    /// ([`ProspectParams::switching_threshold`], Tversky & Kahneman 1992); `None` when no offer
    /// suffices because the newcomer is not trusted at all.
    pub threshold: Option<f64>,
    /// The prospect value of switching in units of the stake, `T_new·v(G/L) + T_inc·v(−1)` with v the
    /// value function: positive exactly when the ratio clears the threshold (for α = β).
    pub prospect_value: f64,
    /// Whether the customer switches: the ratio exceeds the threshold.
    pub switches: bool,
}

/// Decides whether a customer who trusts the incumbent at `trust_incumbent` takes `offer`.
///
/// At equal trust the customer switches only when the promised benefit is more than
/// `λ^(1/α) ≈ 2.5` times what is at stake; the ratio needed grows with trust in the incumbent.
///
/// ```
/// use trustkit_core::{TrustLevel, prospect::ProspectParams};
/// use trustkit_loyalty::{Offer, decide_switch};
///
/// let offer = Offer { promised_benefit: 200.0, at_stake: 100.0, newcomer_trust: TrustLevel::NEUTRAL };
/// let stay = decide_switch(&ProspectParams::default(), TrustLevel::NEUTRAL, &offer)?;
/// assert!(!stay.switches); // 2:1 is not enough
/// let offer = Offer { promised_benefit: 300.0, ..offer };
/// assert!(decide_switch(&ProspectParams::default(), TrustLevel::NEUTRAL, &offer)?.switches);
/// # Ok::<(), trustkit_loyalty::Error>(())
/// ```
///
/// # Errors
/// [`Error::Core`] for a benefit that is negative or not finite, or a stake that is not positive.
pub fn decide_switch(
    prospect: &ProspectParams,
    trust_incumbent: TrustLevel,
    offer: &Offer,
) -> Result<SwitchingDecision, Error> {
    let gain = Bounds::NON_NEGATIVE.check("promised_benefit", offer.promised_benefit)?;
    let stake = Bounds::POSITIVE.check("at_stake", offer.at_stake)?;
    let benefit_ratio = gain / stake;
    let threshold = prospect.switching_threshold(trust_incumbent, offer.newcomer_trust);
    let prospect_value = offer.newcomer_trust.value() * prospect.value(benefit_ratio)
        + trust_incumbent.value() * prospect.value(-1.0);
    Ok(SwitchingDecision {
        benefit_ratio,
        threshold,
        prospect_value,
        switches: threshold.is_some_and(|t| benefit_ratio > t),
    })
}
