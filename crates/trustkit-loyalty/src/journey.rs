//! Journey maps: which of the five critical moments each lifecycle phase is designed to deliver.

use trustkit_core::Moment;

/// A phase of the customer lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Phase {
    /// Getting started: implementation, first use.
    Onboarding,
    /// Using the product widely and well.
    Adoption,
    /// Realising and recognising the promised value.
    Value,
    /// Deciding to renew.
    Renewal,
    /// Buying more.
    Expansion,
    /// Speaking for the supplier: references, case studies.
    Advocacy,
}

impl Phase {
    /// The phases in lifecycle order.
    pub const ALL: [Self; 6] = [
        Self::Onboarding,
        Self::Adoption,
        Self::Value,
        Self::Renewal,
        Self::Expansion,
        Self::Advocacy,
    ];

    /// A short name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Onboarding => "onboarding",
            Self::Adoption => "adoption",
            Self::Value => "value",
            Self::Renewal => "renewal",
            Self::Expansion => "expansion",
            Self::Advocacy => "advocacy",
        }
    }
}

/// A journey: for each phase, the moments designed into it (Powers: a journey built for trust plans
/// moments of connection, power, proof, wow and truth).
///
/// ```
/// use trustkit_core::Moment;
/// use trustkit_loyalty::{JourneyMap, Phase};
///
/// let journey = JourneyMap::new(vec![
///     (Phase::Onboarding, vec![Moment::Connection, Moment::Power]),
///     (Phase::Value, vec![Moment::Proof]),
///     (Phase::Renewal, vec![]),
/// ]);
/// assert_eq!(journey.phases_without_moments(), [Phase::Adoption, Phase::Renewal, Phase::Expansion, Phase::Advocacy]);
/// assert_eq!(journey.unused_moments(), [Moment::Wow, Moment::Truth]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct JourneyMap {
    /// Phases and their designed moments; a phase may appear more than once (its moments add up).
    pub steps: Vec<(Phase, Vec<Moment>)>,
}

impl JourneyMap {
    /// A journey from its steps.
    #[must_use]
    pub const fn new(steps: Vec<(Phase, Vec<Moment>)>) -> Self {
        Self { steps }
    }

    /// The moments designed into a phase.
    #[must_use]
    pub fn moments_in(&self, phase: Phase) -> Vec<Moment> {
        let mut moments: Vec<Moment> = self
            .steps
            .iter()
            .filter(|(p, _)| *p == phase)
            .flat_map(|(_, m)| m.iter().copied())
            .collect();
        moments.sort();
        moments.dedup();
        moments
    }

    /// Lifecycle phases with no designed moment — listed with none, or missing from the map — in
    /// lifecycle order.
    #[must_use]
    pub fn phases_without_moments(&self) -> Vec<Phase> {
        Phase::ALL
            .into_iter()
            .filter(|&p| self.moments_in(p).is_empty())
            .collect()
    }

    /// Moments the journey never uses, in the conventional order.
    #[must_use]
    pub fn unused_moments(&self) -> Vec<Moment> {
        Moment::ALL
            .into_iter()
            .filter(|m| !self.steps.iter().any(|(_, ms)| ms.contains(m)))
            .collect()
    }
}

impl core::fmt::Display for Phase {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

trustkit_core::impl_from_str!(Phase, "lifecycle phase");
