//! Behavioural signals: what the customer *does* that reveals trust, and whether it agrees with what
//! they *say*.

use chrono::{DateTime, Utc};
use trustkit_core::UnitInterval;

use crate::Error;

/// A behaviour that reveals trust when shown (and distrust when its opposite is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Behaviour {
    /// Deals close without long procurement fights (opposite: every deal is a battle).
    DealsCloseEasily,
    /// Renewals are signed on time (opposite: late, escalated or re-tendered renewals).
    RenewsOnTime,
    /// Users speak well of the product and team (opposite: complaints, escalations).
    UsersPraise,
    /// The customer expands its use (opposite: contraction, seat cuts).
    Expands,
    /// The customer agrees to be a reference (opposite: refuses).
    GivesReferences,
    /// The customer tries new products or betas (opposite: declines to).
    TriesNewProducts,
}

/// Whether the behaviour or its opposite was observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Polarity {
    /// The trusting behaviour was shown.
    Shown,
    /// Its opposite was shown.
    Opposite,
}

/// One observation of revealed trust.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Signal {
    /// What was observed.
    pub behaviour: Behaviour,
    /// The behaviour or its opposite.
    pub polarity: Polarity,
    /// When.
    pub observed_at: DateTime<Utc>,
}

/// How signals are weighed and compared with what the customer says.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
pub struct SignalPolicy {
    /// If set, an observation `age` days old weighs `0.5^(age / half_life_days)`, so old behaviour
    /// fades (*default* 180 days).
    pub half_life_days: Option<f64>,
    /// Stated and revealed trust diverge when they differ by more than this (*default* 0.25).
    pub divergence_threshold: f64,
}

impl Default for SignalPolicy {
    fn default() -> Self {
        Self {
            half_life_days: Some(180.0),
            divergence_threshold: 0.25,
        }
    }
}

/// The revealed-trust index of a set of signals.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SignalIndex {
    /// `(Σ weights of trusting observations + 1) / (Σ all weights + 2)`: the share of trusting
    /// behaviour with one pseudo-observation of each kind (Laplace's rule of succession), so a single
    /// signal cannot claim certainty and no signals at all read 0.5.
    pub value: UnitInterval,
    /// Observations counted (those at or before the as-of time).
    pub observations: usize,
    /// Of which trusting.
    pub shown: usize,
}

impl SignalPolicy {
    /// Checks the settings.
    ///
    /// # Errors
    /// [`Error::InvalidPolicy`] for a half-life that is not positive and finite, or a threshold outside
    /// `[0, 1]`.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(h) = self.half_life_days {
            if !(h.is_finite() && h > 0.0) {
                return Err(Error::InvalidPolicy {
                    field: "half_life_days",
                    value: h,
                    expected: "a positive, finite number of days",
                });
            }
        }
        if !(0.0..=1.0).contains(&self.divergence_threshold) {
            return Err(Error::InvalidPolicy {
                field: "divergence_threshold",
                value: self.divergence_threshold,
                expected: "a gap in [0, 1]",
            });
        }
        Ok(())
    }

    /// The revealed-trust index of `signals` as of `as_of`; observations after `as_of` are left out.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use trustkit_assessment::{Behaviour, Polarity, Signal, SignalPolicy};
    ///
    /// let at = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
    /// let s = |behaviour, polarity| Signal { behaviour, polarity, observed_at: at };
    /// let signals = [
    ///     s(Behaviour::RenewsOnTime, Polarity::Shown),
    ///     s(Behaviour::Expands, Polarity::Shown),
    ///     s(Behaviour::GivesReferences, Polarity::Shown),
    ///     s(Behaviour::UsersPraise, Polarity::Opposite),
    /// ];
    /// let policy = SignalPolicy { half_life_days: None, ..SignalPolicy::default() };
    /// // (3 + 1) / (4 + 2)
    /// assert!((policy.index(&signals, at)?.value.value() - 4.0 / 6.0).abs() < 1e-12);
    /// # Ok::<(), trustkit_assessment::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidPolicy`] from [`SignalPolicy::validate`].
    pub fn index(&self, signals: &[Signal], as_of: DateTime<Utc>) -> Result<SignalIndex, Error> {
        self.validate()?;
        let (mut shown_w, mut total_w) = (0.0, 0.0);
        let (mut observations, mut shown) = (0, 0);
        for signal in signals.iter().filter(|s| s.observed_at <= as_of) {
            let weight = match self.half_life_days {
                Some(half_life) => {
                    let age_days = (as_of - signal.observed_at).num_seconds() as f64 / 86_400.0;
                    0.5f64.powf(age_days / half_life)
                }
                None => 1.0,
            };
            observations += 1;
            total_w += weight;
            if signal.polarity == Polarity::Shown {
                shown += 1;
                shown_w += weight;
            }
        }
        // Laplace smoothing of a share of non-negative weights: in [0, 1] by construction.
        let value = UnitInterval::saturating((shown_w + 1.0) / (total_w + 2.0));
        Ok(SignalIndex {
            value,
            observations,
            shown,
        })
    }

    /// Compares stated trust (e.g. an assessment's overall index) with revealed trust.
    ///
    /// # Errors
    /// [`Error::InvalidPolicy`] from [`SignalPolicy::validate`].
    pub fn divergence(
        &self,
        stated: UnitInterval,
        revealed: &SignalIndex,
    ) -> Result<Divergence, Error> {
        self.validate()?;
        let gap = revealed.value.value() - stated.value();
        let verdict = if gap.abs() <= self.divergence_threshold {
            Verdict::Consistent
        } else if gap < 0.0 {
            Verdict::SaysMoreThanDoes
        } else {
            Verdict::DoesMoreThanSays
        };
        Ok(Divergence {
            stated,
            revealed: revealed.value,
            gap,
            verdict,
        })
    }
}

/// Whether words and deeds agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Verdict {
    /// Within the threshold.
    Consistent,
    /// Surveys are warmer than behaviour: polite answers hiding risk.
    SaysMoreThanDoes,
    /// Behaviour is warmer than surveys: a critical voice, or a survey that asked the wrong people.
    DoesMoreThanSays,
}

/// The comparison of stated and revealed trust.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Divergence {
    /// What people say.
    pub stated: UnitInterval,
    /// What they do.
    pub revealed: UnitInterval,
    /// `revealed − stated`.
    pub gap: f64,
    /// The verdict against the threshold.
    pub verdict: Verdict,
}

// A file cannot load a policy that `validate` refuses.
#[cfg(feature = "serde")]
trustkit_core::serde_validated!(SignalPolicy);

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
    }

    #[test]
    fn no_signals_is_neutral() {
        let index = SignalPolicy::default().index(&[], at()).unwrap();
        assert_eq!(index.value.value(), 0.5);
        assert_eq!(index.observations, 0);
    }

    #[test]
    fn half_life_worked_example() {
        // A trusting signal today (weight 1) and a distrusting one 180 days ago (weight 0.5):
        // (1 + 1) / (1.5 + 2) = 4/7.
        let signals = [
            Signal {
                behaviour: Behaviour::Expands,
                polarity: Polarity::Shown,
                observed_at: at(),
            },
            Signal {
                behaviour: Behaviour::RenewsOnTime,
                polarity: Polarity::Opposite,
                observed_at: at() - Duration::days(180),
            },
            // After the as-of date: ignored.
            Signal {
                behaviour: Behaviour::GivesReferences,
                polarity: Polarity::Opposite,
                observed_at: at() + Duration::days(1),
            },
        ];
        let index = SignalPolicy::default().index(&signals, at()).unwrap();
        assert!((index.value.value() - 4.0 / 7.0).abs() < 1e-12);
        assert_eq!((index.observations, index.shown), (2, 1));
    }

    #[test]
    fn divergence_verdicts() {
        let policy = SignalPolicy::default();
        let revealed = SignalIndex {
            value: UnitInterval::new(0.3).unwrap(),
            observations: 5,
            shown: 1,
        };
        let d = policy
            .divergence(UnitInterval::new(0.8).unwrap(), &revealed)
            .unwrap();
        assert_eq!(d.verdict, Verdict::SaysMoreThanDoes);
        assert!((d.gap + 0.5).abs() < 1e-12);
        let d = policy
            .divergence(UnitInterval::new(0.5).unwrap(), &revealed)
            .unwrap();
        assert_eq!(d.verdict, Verdict::Consistent);
        let d = policy
            .divergence(UnitInterval::new(0.0).unwrap(), &revealed)
            .unwrap();
        assert_eq!(d.verdict, Verdict::DoesMoreThanSays);
    }

    #[test]
    fn invalid_policies() {
        let bad = SignalPolicy {
            half_life_days: Some(0.0),
            ..SignalPolicy::default()
        };
        assert!(matches!(
            bad.index(&[], at()),
            Err(Error::InvalidPolicy {
                field: "half_life_days",
                ..
            })
        ));
        let bad = SignalPolicy {
            divergence_threshold: f64::NAN,
            ..SignalPolicy::default()
        };
        assert!(bad.validate().is_err());
    }

    proptest! {
        #[test]
        fn index_in_unit_interval_and_more_trusting_signals_never_lower_it(
            polarities in proptest::collection::vec(any::<bool>(), 0..30),
            ages in proptest::collection::vec(0i64..1000, 30),
            flip in 0usize..30,
        ) {
            let policy = SignalPolicy::default();
            let signals: Vec<Signal> = polarities.iter().zip(&ages).map(|(&p, &age)| Signal {
                behaviour: Behaviour::UsersPraise,
                polarity: if p { Polarity::Shown } else { Polarity::Opposite },
                observed_at: at() - Duration::days(age),
            }).collect();
            let base = policy.index(&signals, at()).unwrap().value.value();
            prop_assert!((0.0..=1.0).contains(&base));
            if flip < signals.len() {
                let mut better = signals.clone();
                better[flip].polarity = Polarity::Shown;
                prop_assert!(policy.index(&better, at()).unwrap().value.value() >= base);
            }
        }
    }
}
