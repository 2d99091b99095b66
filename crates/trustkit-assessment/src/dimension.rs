//! [`Dimension`]: the four beliefs that make up a B2B customer's trust in a supplier.

use trustkit_core::TrustAttribute;

/// One of the four beliefs a B2B customer holds about the supplier as a whole (not about one person),
/// after the "Customer Trust" essay that DESIGN §4 of trustkit cites. Together they are the customer's
/// trust; the weakest is where to act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Dimension {
    /// The supplier understands what the customer needs: the problem, why it matters now, the outcomes
    /// that define success, what good and bad look like in their segment, where they stand today.
    UnderstandsNeeds,
    /// The supplier will do what it says: it explains how it solves the problem against the status quo
    /// and alternatives, states risks, has proof, controls and tracks commitments, acts as one company.
    KeepsCommitments,
    /// The supplier has what it takes: it solves problems customers value, the product does what it
    /// claims, competence is consistent across the organisation, and it closes gaps between promise and
    /// value realised.
    HasWhatItTakes,
    /// The supplier will be fair and accountable: pricing follows value realised, terms are fair against
    /// alternatives, it has skin in the game, and it does right by the customer's success and risks.
    FairAndAccountable,
}

impl Dimension {
    /// The four dimensions in questionnaire order.
    pub const ALL: [Self; 4] = [
        Self::UnderstandsNeeds,
        Self::KeepsCommitments,
        Self::HasWhatItTakes,
        Self::FairAndAccountable,
    ];

    /// Position in [`Dimension::ALL`]: the index of per-dimension arrays.
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The belief as the customer would put it.
    #[must_use]
    pub const fn belief(self) -> &'static str {
        match self {
            Self::UnderstandsNeeds => "they understand what we need",
            Self::KeepsCommitments => "they will do what they say",
            Self::HasWhatItTakes => "they have what it takes",
            Self::FairAndAccountable => "they will be fair and accountable",
        }
    }

    /// A short snake_case name for files, tables and the command line.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::UnderstandsNeeds => "understands_needs",
            Self::KeepsCommitments => "keeps_commitments",
            Self::HasWhatItTakes => "has_what_it_takes",
            Self::FairAndAccountable => "fair_and_accountable",
        }
    }

    /// The trust attributes of Mayer, Davis & Schoorman (1995) the belief speaks to, the main one
    /// first.
    ///
    /// - *understands needs* → benevolence (caring enough to learn the customer's situation), then
    ///   ability (knowing the domain well enough to assess it);
    /// - *keeps commitments* → integrity (keeping one's word);
    /// - *has what it takes* → ability;
    /// - *fair and accountable* → integrity (fair principles), then benevolence (doing right by the
    ///   customer beyond one's own gain).
    #[must_use]
    pub const fn attributes(self) -> &'static [TrustAttribute] {
        match self {
            Self::UnderstandsNeeds => &[TrustAttribute::Benevolence, TrustAttribute::Ability],
            Self::KeepsCommitments => &[TrustAttribute::Integrity],
            Self::HasWhatItTakes => &[TrustAttribute::Ability],
            Self::FairAndAccountable => &[TrustAttribute::Integrity, TrustAttribute::Benevolence],
        }
    }
}

impl core::fmt::Display for Dimension {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.belief())
    }
}

trustkit_core::impl_from_str!(Dimension, "dimension");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_follow_all_and_every_attribute_is_covered() {
        for (k, d) in Dimension::ALL.into_iter().enumerate() {
            assert_eq!(d.index(), k);
            assert!(!d.attributes().is_empty());
        }
        for attribute in TrustAttribute::ALL {
            assert!(
                Dimension::ALL
                    .iter()
                    .any(|d| d.attributes().contains(&attribute)),
                "{attribute} is not measured"
            );
        }
    }
}
