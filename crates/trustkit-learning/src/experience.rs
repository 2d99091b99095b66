//! [`Experience`]: one thing that happened to the customer, and how good it was.

use chrono::{DateTime, Utc};
use trustkit_core::{Moment, UnitInterval};

use crate::error::Error;
use trustkit_core::Bounds;

/// What kind of experience it was: for reporting and for tagging histories; the learner itself reads
/// only the reward (and the promise, if any).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ExperienceKind {
    /// Business as usual.
    #[default]
    Routine,
    /// A commitment was met.
    PromiseKept,
    /// A commitment was missed.
    PromiseBroken,
    /// Something went wrong and was put right.
    ServiceRecovery,
    /// Something better than expected, unasked.
    Surprise,
}

impl ExperienceKind {
    /// Every kind.
    pub const ALL: [Self; 5] = [
        Self::Routine,
        Self::PromiseKept,
        Self::PromiseBroken,
        Self::ServiceRecovery,
        Self::Surprise,
    ];

    /// The snake_case name, as in files and on the command line.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Routine => "routine",
            Self::PromiseKept => "promise_kept",
            Self::PromiseBroken => "promise_broken",
            Self::ServiceRecovery => "service_recovery",
            Self::Surprise => "surprise",
        }
    }
}

impl core::fmt::Display for ExperienceKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

trustkit_core::impl_from_str!(ExperienceKind, "experience kind");

/// One experience of the customer with the supplier.
///
/// The reward is normalised to `[0, 1]` (0 the worst outcome the customer could have had, 1 the
/// best). A promise, when one was made, is the reward the supplier committed to; it pulls the
/// customer's expectation for this experience towards it (see [`crate::LearnerParams::promise_weight`]).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use trustkit_core::Moment;
/// use trustkit_learning::{Experience, ExperienceKind};
///
/// let at = Utc.with_ymd_and_hms(2026, 4, 1, 9, 0, 0).unwrap();
/// let outage = Experience::new(0.1, at)?
///     .with_promise(0.9)?
///     .with_kind(ExperienceKind::PromiseBroken)
///     .with_moment(Moment::Truth);
/// assert_eq!(outage.reward().value(), 0.1);
/// assert!(Experience::new(1.2, at).is_err());
/// # Ok::<(), trustkit_learning::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawExperience"))]
pub struct Experience {
    reward: UnitInterval,
    #[cfg_attr(feature = "serde", serde(default))]
    promised: Option<UnitInterval>,
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "trustkit_core::time::deserialize")
    )]
    at: DateTime<Utc>,
    #[cfg_attr(feature = "serde", serde(default))]
    moment: Option<Moment>,
    #[cfg_attr(feature = "serde", serde(default))]
    kind: ExperienceKind,
}

/// An experience as a file holds it, read through [`Experience::new`] so an error names the field
/// ("reward must be a finite number in [0, 1], got 1.5").
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExperience {
    reward: f64,
    #[serde(default)]
    promised: Option<f64>,
    #[serde(deserialize_with = "trustkit_core::time::deserialize")]
    at: DateTime<Utc>,
    #[serde(default)]
    moment: Option<Moment>,
    #[serde(default)]
    kind: ExperienceKind,
}

#[cfg(feature = "serde")]
impl TryFrom<RawExperience> for Experience {
    type Error = Error;

    fn try_from(raw: RawExperience) -> Result<Self, Error> {
        let mut e = Self::new(raw.reward, raw.at)?.with_kind(raw.kind);
        if let Some(p) = raw.promised {
            e = e.with_promise(p)?;
        }
        if let Some(m) = raw.moment {
            e = e.with_moment(m);
        }
        Ok(e)
    }
}

impl Experience {
    /// An experience with a reward in `[0, 1]` at a time.
    ///
    /// # Errors
    /// [`Error::Core`] for NaN, infinities or a reward outside `[0, 1]`, and for a time
    /// outside the years 0–9999 that RFC 3339 (and so every trustkit file) can write.
    pub fn new(reward: f64, at: DateTime<Utc>) -> Result<Self, Error> {
        let year = chrono::Datelike::year(&at);
        if !(0..=9999).contains(&year) {
            return Err(trustkit_core::Error::OutOfRange {
                what: "experience year".to_owned(),
                value: f64::from(year),
                bounds: Bounds::closed(0.0, 9999.0),
            }
            .into());
        }
        Ok(Self {
            reward: unit("reward", reward)?,
            promised: None,
            at,
            moment: None,
            kind: ExperienceKind::Routine,
        })
    }

    /// Records what was promised for this experience.
    ///
    /// # Errors
    /// [`Error::Core`] for a promise outside `[0, 1]`.
    pub fn with_promise(mut self, promised: f64) -> Result<Self, Error> {
        self.promised = Some(unit("promised reward", promised)?);
        Ok(self)
    }

    /// Tags the experience with one of the five critical moments.
    #[must_use]
    pub fn with_moment(mut self, moment: Moment) -> Self {
        self.moment = Some(moment);
        self
    }

    /// Sets the kind of experience.
    #[must_use]
    pub fn with_kind(mut self, kind: ExperienceKind) -> Self {
        self.kind = kind;
        self
    }

    /// What happened, in `[0, 1]`.
    #[must_use]
    pub const fn reward(&self) -> UnitInterval {
        self.reward
    }

    /// What was promised, if anything.
    #[must_use]
    pub const fn promised(&self) -> Option<UnitInterval> {
        self.promised
    }

    /// When it happened.
    #[must_use]
    pub const fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// The critical moment it belongs to, if tagged.
    #[must_use]
    pub const fn moment(&self) -> Option<Moment> {
        self.moment
    }

    /// Its kind.
    #[must_use]
    pub const fn kind(&self) -> ExperienceKind {
        self.kind
    }
}

fn unit(what: &'static str, x: f64) -> Result<UnitInterval, Error> {
    Ok(UnitInterval::saturating(Bounds::UNIT.check(what, x)?))
}
