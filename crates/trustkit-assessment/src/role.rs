//! [`Role`]: who at the customer answered.

/// The respondent's role in the buying and using organisation. Different roles see different parts of
/// the relationship, so the scoring policy may weight them differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Role {
    /// The executive who owns the outcome the product serves.
    Sponsor,
    /// The person who signs off the spend.
    EconomicBuyer,
    /// The internal advocate who promotes the supplier.
    Champion,
    /// Someone who uses the product day to day.
    User,
    /// Purchasing, who negotiates price and terms.
    Procurement,
    /// Anyone else (IT, security, finance, legal…).
    Other,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Self; 6] = [
        Self::Sponsor,
        Self::EconomicBuyer,
        Self::Champion,
        Self::User,
        Self::Procurement,
        Self::Other,
    ];

    /// Position in [`Role::ALL`].
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// A short snake_case name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sponsor => "sponsor",
            Self::EconomicBuyer => "economic_buyer",
            Self::Champion => "champion",
            Self::User => "user",
            Self::Procurement => "procurement",
            Self::Other => "other",
        }
    }
}

impl core::fmt::Display for Role {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

trustkit_core::impl_from_str!(Role, "role");
