//! [`TrustAttribute`]: the three perceived qualities of a trustworthy party.

/// The three attributes of a party that make others willing to trust it
/// (Mayer, Davis & Schoorman, *An Integrative Model of Organizational Trust*, 1995).
///
/// trustkit maps its measurements onto these: the assessment's four beliefs and the trust equation's
/// components each speak to one or more of them.
///
/// ```
/// use trustkit_core::TrustAttribute;
///
/// assert_eq!(TrustAttribute::ALL.len(), 3);
/// assert_eq!(TrustAttribute::Integrity.to_string(), "integrity");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum TrustAttribute {
    /// Skills and competence in the domain that matters to the customer: it *can* deliver.
    Ability,
    /// The supplier wants to do good for the customer beyond its own profit: it *wants* to deliver.
    Benevolence,
    /// The supplier keeps to principles the customer accepts — honesty, fairness, keeping its word.
    Integrity,
}

impl TrustAttribute {
    /// The three attributes in the order Mayer, Davis & Schoorman give them.
    pub const ALL: [Self; 3] = [Self::Ability, Self::Benevolence, Self::Integrity];

    /// The attribute's lowercase name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Ability => "ability",
            Self::Benevolence => "benevolence",
            Self::Integrity => "integrity",
        }
    }
}

impl core::fmt::Display for TrustAttribute {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}
