//! [`Moment`]: the five critical moments of the customer experience.

/// One of the five critical moments of the customer experience in which trust is built or lost
/// (Powers, *Applying the Science of Trust in Customer Success Management*).
///
/// A journey designed for trust places at least one of each; trustkit tags experiences and journey
/// phases with them and recommends the moment that would move trust most.
///
/// ```
/// use trustkit_core::Moment;
///
/// assert_eq!(Moment::ALL.len(), 5);
/// assert_eq!("truth".parse::<Moment>(), Ok(Moment::Truth));
/// assert_eq!(Moment::Proof.to_string(), "proof");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Moment {
    /// Build the relationship through what the two sides have in common.
    Connection,
    /// Give the customer more autonomy, mastery and choice.
    Power,
    /// Show, with evidence, that promises are kept.
    Proof,
    /// Surprise and delight beyond what was expected.
    Wow,
    /// Show character when something goes wrong: own it and put it right.
    Truth,
}

impl Moment {
    /// The five moments in their conventional order.
    pub const ALL: [Self; 5] = [
        Self::Connection,
        Self::Power,
        Self::Proof,
        Self::Wow,
        Self::Truth,
    ];

    /// The moment's short lowercase name, as used in files and on the command line.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Connection => "connection",
            Self::Power => "power",
            Self::Proof => "proof",
            Self::Wow => "wow",
            Self::Truth => "truth",
        }
    }

    /// One sentence saying what the moment is for.
    #[must_use]
    pub const fn purpose(self) -> &'static str {
        match self {
            Self::Connection => "build the relationship on what we have in common",
            Self::Power => "give the customer autonomy, mastery and choice",
            Self::Proof => "show with evidence that promises are kept",
            Self::Wow => "surprise and delight beyond expectations",
            Self::Truth => "show character when things go wrong",
        }
    }
}

impl core::fmt::Display for Moment {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// The text given to [`Moment`]'s `FromStr` was not one of the five names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown moment {0:?}: expected one of connection, power, proof, wow, truth")]
pub struct UnknownMoment(pub String);

impl core::str::FromStr for Moment {
    type Err = UnknownMoment;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Self::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownMoment(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in Moment::ALL {
            assert_eq!(m.name().parse::<Moment>(), Ok(m));
            assert_eq!(m.name().to_uppercase().parse::<Moment>(), Ok(m));
            assert!(!m.purpose().is_empty());
        }
    }

    #[test]
    fn unknown_name_is_an_error_that_lists_the_choices() {
        let err = "delight".parse::<Moment>().unwrap_err();
        assert!(err.to_string().contains("\"delight\""));
        assert!(
            err.to_string()
                .contains("connection, power, proof, wow, truth")
        );
    }
}
