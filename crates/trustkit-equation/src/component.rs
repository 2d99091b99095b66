//! [`Component`]: the four terms of the trust equation, and the levers a supplier can pull.

/// One of the four components of the trust equation (Maister, Green & Galford, *The Trusted Advisor*,
/// 2000). Each is also a lever: raise credibility, reliability or intimacy, or lower self-orientation,
/// and trust goes up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Component {
    /// What the customer believes about the supplier's expertise and honesty in what it *says*.
    Credibility,
    /// Whether the supplier *does* what it says: promises kept, dependably, over time.
    Reliability,
    /// How safe the customer feels sharing difficult or sensitive matters with the supplier.
    Intimacy,
    /// How much the supplier seems focused on itself (its quota, its product, looking good) rather
    /// than on the customer. It divides the other three: the higher it is, the less they count.
    SelfOrientation,
}

impl Component {
    /// The four components in the equation's order: C, R, I, S.
    pub const ALL: [Self; 4] = [
        Self::Credibility,
        Self::Reliability,
        Self::Intimacy,
        Self::SelfOrientation,
    ];

    /// The component's lowercase name with a hyphen, as in error messages.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Credibility => "credibility",
            Self::Reliability => "reliability",
            Self::Intimacy => "intimacy",
            Self::SelfOrientation => "self-orientation",
        }
    }

    /// True for credibility, reliability and intimacy (the numerator); false for self-orientation.
    #[must_use]
    pub const fn raises_trust(self) -> bool {
        !matches!(self, Self::SelfOrientation)
    }
}

impl core::fmt::Display for Component {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

trustkit_core::impl_from_str!(Component, "component");
