//! [`LoyaltyFactors`]: the three building blocks of loyalty, and the commitment and relationship
//! they produce.

use trustkit_core::{Level, TrustLevel, UnitInterval};

/// The building blocks of a customer's loyalty (Gremler & Brown 1996): the product's quality and value,
/// the market (how costly switching is, how attractive the alternatives are), and the relationship
/// (trust and respect). All are on `[0, 1]`, higher meaning more of the thing named.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LoyaltyFactors {
    /// Quality and value of the product as the customer experiences it.
    pub product_value: UnitInterval,
    /// Cost and risk of switching (contracts, integrations, retraining).
    pub switching_cost: UnitInterval,
    /// How attractive the best alternative looks.
    pub alternatives: UnitInterval,
    /// Trust in the supplier, from any trustkit measurement.
    pub trust: TrustLevel,
    /// Respect: whether the customer regards the supplier as competent and worth listening to.
    pub respect: UnitInterval,
}

/// Why the customer stays (de Ruyter, Moorman & Lemmink 2001): trust decides which kind of commitment
/// holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Commitment {
    /// They stay because they want to; renewal is the default.
    Affective,
    /// They stay while the numbers say so; every renewal is a formal comparison of offers.
    Calculative,
}

impl Commitment {
    /// *Default* trust threshold of affective commitment: 0.6.
    pub const DEFAULT_THRESHOLD: f64 = 0.6;

    /// Affective when trust is at or above `threshold`, calculative below.
    #[must_use]
    pub fn from_trust(trust: TrustLevel, threshold: UnitInterval) -> Self {
        match trust.classify(threshold) {
            Level::High => Self::Affective,
            Level::Low => Self::Calculative,
        }
    }

    /// Both kinds.
    pub const ALL: [Self; 2] = [Self::Affective, Self::Calculative];

    /// A short name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Affective => "affective",
            Self::Calculative => "calculative",
        }
    }
}

/// The state of the relationship from trust and respect, each split low/high. Only both high makes
/// a high-quality relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RelationshipState {
    /// Trust and respect both high: a partner.
    High,
    /// Trusted but not respected: liked, not listened to.
    TrustWithoutRespect,
    /// Respected but not trusted: competent, but suspected of serving itself.
    RespectWithoutTrust,
    /// Neither: a vendor.
    Low,
}

impl RelationshipState {
    /// The state from the two levels.
    #[must_use]
    pub const fn from_levels(trust: Level, respect: Level) -> Self {
        match (trust, respect) {
            (Level::High, Level::High) => Self::High,
            (Level::High, Level::Low) => Self::TrustWithoutRespect,
            (Level::Low, Level::High) => Self::RespectWithoutTrust,
            (Level::Low, Level::Low) => Self::Low,
        }
    }

    /// True only for [`RelationshipState::High`].
    #[must_use]
    pub const fn is_high(self) -> bool {
        matches!(self, Self::High)
    }

    /// The four states.
    pub const ALL: [Self; 4] = [
        Self::High,
        Self::TrustWithoutRespect,
        Self::RespectWithoutTrust,
        Self::Low,
    ];

    /// A short name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::TrustWithoutRespect => "trust_without_respect",
            Self::RespectWithoutTrust => "respect_without_trust",
            Self::Low => "low",
        }
    }
}

impl LoyaltyFactors {
    /// Commitment at the given trust threshold.
    #[must_use]
    pub fn commitment(&self, threshold: UnitInterval) -> Commitment {
        Commitment::from_trust(self.trust, threshold)
    }

    /// Relationship state, splitting trust and respect at `threshold`.
    #[must_use]
    pub fn relationship(&self, threshold: UnitInterval) -> RelationshipState {
        RelationshipState::from_levels(
            self.trust.classify(threshold),
            Level::from_threshold(self.respect, threshold),
        )
    }
}

impl core::fmt::Display for Commitment {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

impl core::fmt::Display for RelationshipState {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

trustkit_core::impl_from_str!(Commitment, "commitment");
trustkit_core::impl_from_str!(RelationshipState, "relationship state");

#[cfg(test)]
mod tests {
    use super::*;

    fn u(x: f64) -> UnitInterval {
        UnitInterval::new(x).unwrap()
    }

    #[test]
    fn commitment_and_relationship() {
        let t = u(Commitment::DEFAULT_THRESHOLD);
        let f = LoyaltyFactors {
            product_value: u(0.7),
            switching_cost: u(0.3),
            alternatives: u(0.5),
            trust: TrustLevel::new(0.6).unwrap(),
            respect: u(0.4),
        };
        assert_eq!(f.commitment(t), Commitment::Affective);
        assert_eq!(f.relationship(t), RelationshipState::TrustWithoutRespect);
        assert!(!f.relationship(t).is_high());
        let both = LoyaltyFactors {
            respect: u(0.9),
            ..f
        };
        assert!(both.relationship(t).is_high());
        let low = LoyaltyFactors {
            trust: TrustLevel::new(0.59).unwrap(),
            ..f
        };
        assert_eq!(low.commitment(t), Commitment::Calculative);
        assert_eq!(low.relationship(t), RelationshipState::Low);
    }
}
