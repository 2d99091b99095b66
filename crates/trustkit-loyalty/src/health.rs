//! Health scorecards: up to ten metrics with action limits, scored on an explicit 0–100 scale where
//! higher is always healthier, rolled up from accounts to parents, segments and teams.

use std::collections::BTreeMap;

pub use trustkit_core::Trend;

use crate::error::Error;
use trustkit_core::Bounds;

/// Most metrics a scorecard may have: beyond ten, nobody acts on them.
pub const MAX_METRICS: usize = 10;

/// Score at the red limit: below it a metric (or account) is red.
pub const RED_BELOW: f64 = 25.0;
/// Score at the green limit: from it a metric (or account) is green.
pub const GREEN_FROM: f64 = 75.0;

/// Red, yellow or green: act now, watch, fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Colour {
    /// Score 25 or below: act now.
    Red,
    /// Score above 25 and below 75: watch.
    Yellow,
    /// Score 75 and above: healthy.
    Green,
}

impl Colour {
    /// The colour of a 0–100 score: red at or below 25 (a metric exactly at its red limit scores
    /// 25 and is red, as the limit's name says), yellow above 25 and below 75, green from 75. A score
    /// that is not a number is red: no colour claims health without evidence (scorecards are validated
    /// so that they never produce one).
    #[must_use]
    pub fn of(score: f64) -> Self {
        if score.is_nan() || score <= RED_BELOW {
            Self::Red
        } else if score < GREEN_FROM {
            Self::Yellow
        } else {
            Self::Green
        }
    }

    /// The three colours, worst first.
    pub const ALL: [Self; 3] = [Self::Red, Self::Yellow, Self::Green];

    /// A short name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Red => "red",
            Self::Yellow => "yellow",
            Self::Green => "green",
        }
    }
}

/// Which way a metric is good.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Direction {
    /// More is healthier (adoption, logins). Limits: red at or below `red`, green from `green`;
    /// `red < green`.
    HigherIsBetter {
        /// The red limit.
        red: f64,
        /// The green limit.
        green: f64,
    },
    /// Less is healthier (open tickets, days to respond). Red at or above `red`, green up to `green`;
    /// `red > green`.
    LowerIsBetter {
        /// The red limit.
        red: f64,
        /// The green limit.
        green: f64,
    },
    /// A target band: both too little and too much signal risk (seat usage far above the licence
    /// can mean a renegotiation). Inside `[low, high]` scores 100, and a value `red_distance` outside
    /// the band is red.
    TargetBand {
        /// Lower edge of the band.
        low: f64,
        /// Upper edge of the band.
        high: f64,
        /// Distance outside the band at which the metric turns red.
        red_distance: f64,
    },
}

impl Direction {
    /// The metric's 0–100 score for a raw value (higher always healthier).
    ///
    /// Monotone directions map the red limit to 25 and the green limit to 75, linearly, clamped to
    /// `[0, 100]`. A band scores `100 − 75·d/red_distance` for a value at distance `d` outside it,
    /// clamped at 0, so it is green within a third of the red distance.
    #[must_use]
    pub fn score(&self, value: f64) -> f64 {
        match *self {
            Self::HigherIsBetter { red, green } | Self::LowerIsBetter { red, green } => {
                linear_score(value, red, green)
            }
            Self::TargetBand {
                low,
                high,
                red_distance,
            } => band_score(value, low, high, red_distance),
        }
    }

    fn validate(&self, metric: &str) -> Result<(), Error> {
        let bad = |problem| {
            Err(Error::InvalidLimits {
                metric: metric.to_owned(),
                problem,
            })
        };
        match *self {
            Self::HigherIsBetter { red, green } => {
                // The span is checked too: limits a full f64 range apart would divide ∞ by ∞.
                if !(red.is_finite() && green.is_finite() && (green - red).is_finite()) {
                    return bad("limits must be finite numbers no more than f64::MAX apart");
                }
                if red >= green {
                    return bad(
                        "with higher-is-better the red limit must be below the green limit",
                    );
                }
            }
            Self::LowerIsBetter { red, green } => {
                if !(red.is_finite() && green.is_finite() && (red - green).is_finite()) {
                    return bad("limits must be finite numbers no more than f64::MAX apart");
                }
                if red <= green {
                    return bad("with lower-is-better the red limit must be above the green limit");
                }
            }
            Self::TargetBand {
                low,
                high,
                red_distance,
            } => {
                if !(low.is_finite()
                    && high.is_finite()
                    && red_distance.is_finite()
                    && (high - low).is_finite())
                {
                    return bad(
                        "band edges and red distance must be finite numbers no more than f64::MAX apart",
                    );
                }
                if low > high {
                    return bad("the band's low edge is above its high edge");
                }
                if red_distance <= 0.0 {
                    return bad("the red distance must be positive");
                }
            }
        }
        Ok(())
    }
}

/// Whether a metric predicts health (leading: usage, engagement) or records it (lagging: renewals,
/// NPS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Indicator {
    /// Moves before the outcome.
    Leading,
    /// Moves with or after the outcome.
    Lagging,
}

/// How action limits are derived from a metric's history (statistical process limits).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum HistoryLimits {
    /// Mean ± k·σ (sample standard deviation). For higher-is-better: red at `μ − red_k·σ`, green from
    /// `μ − green_k·σ`; mirrored for lower-is-better; a band `μ ± green_k·σ` with red at `red_k·σ` from
    /// the mean. *Default* `red_k` 2, `green_k` 0 (green at or better than the mean; red beyond the
    /// usual two-sigma control limit).
    Sigma {
        /// Multiple of σ for the red limit.
        red_k: f64,
        /// Multiple of σ for the green limit.
        green_k: f64,
    },
    /// Empirical percentiles (linear interpolation). For higher-is-better: red at the `red` percentile,
    /// green from the `green` percentile; for lower-is-better the mirrored percentiles
    /// (`1 − red`, `1 − green`); a band between the `green` and `1 − green` percentiles with red that
    /// far again outside. Fractions in `[0, 1]`.
    Percentiles {
        /// Percentile of the red limit (e.g. 0.10).
        red: f64,
        /// Percentile of the green limit (e.g. 0.50).
        green: f64,
    },
}

/// The shape of a metric's limits, for [`Direction::from_history`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Orientation {
    /// More is healthier.
    HigherIsBetter,
    /// Less is healthier.
    LowerIsBetter,
    /// A band is healthiest.
    TargetBand,
}

impl Direction {
    /// Action limits from a metric's history.
    ///
    /// ```
    /// use trustkit_loyalty::{Direction, HistoryLimits, Orientation};
    ///
    /// // Mean 10, sample σ = 2 (values 8, 10, 12): red below 10 − 2·2 = 6, green from 10.
    /// let d = Direction::from_history(Orientation::HigherIsBetter, &[8.0, 10.0, 12.0],
    ///                                 HistoryLimits::Sigma { red_k: 2.0, green_k: 0.0 })?;
    /// assert_eq!(d, Direction::HigherIsBetter { red: 6.0, green: 10.0 });
    /// # Ok::<(), trustkit_loyalty::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Empty`] for no history, [`Error::Core`] for non-finite values or bad settings,
    /// [`Error::InvalidLimits`] when the history has no spread (all values equal).
    pub fn from_history(
        orientation: Orientation,
        history: &[f64],
        method: HistoryLimits,
    ) -> Result<Self, Error> {
        if history.is_empty() {
            return Err(Error::Empty {
                what: "metric history",
            });
        }
        for (k, &x) in history.iter().enumerate() {
            Bounds::FINITE.check(&format!("history value #{k}"), x)?;
        }
        let direction = match method {
            HistoryLimits::Sigma { red_k, green_k } => {
                Bounds::NON_NEGATIVE.check("red_k", red_k)?;
                Bounds::closed(0.0, red_k).check("green_k", green_k)?;
                let n = history.len() as f64;
                let mean = history.iter().sum::<f64>() / n;
                let var = if history.len() > 1 {
                    history.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
                } else {
                    0.0
                };
                let sd = var.sqrt();
                match orientation {
                    Orientation::HigherIsBetter => Self::HigherIsBetter {
                        red: mean - red_k * sd,
                        green: mean - green_k * sd,
                    },
                    Orientation::LowerIsBetter => Self::LowerIsBetter {
                        red: mean + red_k * sd,
                        green: mean + green_k * sd,
                    },
                    Orientation::TargetBand => Self::TargetBand {
                        low: mean - green_k * sd,
                        high: mean + green_k * sd,
                        red_distance: (red_k - green_k) * sd,
                    },
                }
            }
            HistoryLimits::Percentiles { red, green } => {
                Bounds::UNIT.check("red percentile", red)?;
                Bounds::UNIT.check("green percentile", green)?;
                let mut sorted = history.to_vec();
                sorted.sort_by(f64::total_cmp);
                let q = |p: f64| percentile(&sorted, p);
                match orientation {
                    Orientation::HigherIsBetter => Self::HigherIsBetter {
                        red: q(red),
                        green: q(green),
                    },
                    Orientation::LowerIsBetter => Self::LowerIsBetter {
                        red: q(1.0 - red),
                        green: q(1.0 - green),
                    },
                    Orientation::TargetBand => {
                        let (low, high) = (q(green.min(1.0 - green)), q(green.max(1.0 - green)));
                        Self::TargetBand {
                            low,
                            high,
                            red_distance: high - low,
                        }
                    }
                }
            }
        };
        direction.validate("history").map_err(|_| Error::InvalidLimits {
            metric: "history".to_owned(),
            problem: "the history has too little spread (or the settings are reversed) to set distinct limits",
        })?;
        Ok(direction)
    }
}

/// Linear-interpolation percentile of sorted data (the "type 7" definition of Hyndman & Fan 1996).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// One metric of a scorecard.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Metric {
    /// Stable identifier, unique in the scorecard.
    pub id: String,
    /// Weight (positive); each metric counts by its share of the total.
    pub weight: f64,
    /// Which way is good, with the action limits.
    pub direction: Direction,
    /// Leading or lagging.
    pub indicator: Indicator,
}

/// What to do when an account has no value for a metric.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum MissingPolicy {
    /// Leave it out and renormalise the other weights (*default*).
    ExcludeAndRenormalise,
    /// Count it as neutral, a score of 50.
    Neutral,
    /// Count it as this score (e.g. 0: no data is a warning sign).
    Penalise(f64),
}

/// How metric scores combine into the account's health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Rollup {
    /// The share-weighted mean of the metric scores; colour from that score (*default*).
    WeightedAverage,
    /// The worst metric decides: the score is the lowest metric score, so any red metric makes the
    /// account red.
    WorstOf,
}

/// A validated health scorecard.
///
/// ```
/// use std::collections::BTreeMap;
/// use trustkit_loyalty::{Colour, Direction, Indicator, Metric, Scorecard};
///
/// let card = Scorecard::new("enterprise", vec![
///     Metric { id: "adoption".into(), weight: 3.0, indicator: Indicator::Leading,
///              direction: Direction::HigherIsBetter { red: 0.3, green: 0.7 } },
///     Metric { id: "open_tickets".into(), weight: 1.0, indicator: Indicator::Lagging,
///              direction: Direction::LowerIsBetter { red: 10.0, green: 2.0 } },
/// ])?;
/// let values = BTreeMap::from([("adoption".to_string(), 0.5), ("open_tickets".to_string(), 12.0)]);
/// let report = card.score("acme", &values, Some(60.0))?;
/// // adoption 0.5 → 50; tickets 12 → 25 + 50·(12 − 10)/(2 − 10) = 12.5; 0.75·50 + 0.25·12.5 = 40.625
/// assert!((report.score - 40.625).abs() < 1e-12);
/// assert_eq!(report.colour, Colour::Yellow);
/// assert_eq!(report.driver.as_deref(), Some("open_tickets"));
/// # Ok::<(), trustkit_loyalty::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RawScorecard", into = "RawScorecard")
)]
pub struct Scorecard {
    /// The scorecard's name (e.g. the segment or stage it serves).
    pub name: String,
    metrics: Vec<Metric>,
    missing: MissingPolicy,
    rollup: Rollup,
    dead_band: f64,
}

/// The unvalidated form of a scorecard on the wire.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScorecard {
    name: String,
    metrics: Vec<Metric>,
    #[serde(default = "default_missing")]
    missing: MissingPolicy,
    #[serde(default = "default_rollup")]
    rollup: Rollup,
    #[serde(default = "default_dead_band")]
    dead_band: f64,
}

#[cfg(feature = "serde")]
const fn default_missing() -> MissingPolicy {
    MissingPolicy::ExcludeAndRenormalise
}

#[cfg(feature = "serde")]
const fn default_rollup() -> Rollup {
    Rollup::WeightedAverage
}

#[cfg(feature = "serde")]
const fn default_dead_band() -> f64 {
    2.0
}

#[cfg(feature = "serde")]
impl TryFrom<RawScorecard> for Scorecard {
    type Error = Error;

    fn try_from(raw: RawScorecard) -> Result<Self, Error> {
        Scorecard::new(raw.name, raw.metrics)?
            .with_missing(raw.missing)?
            .with_dead_band(raw.dead_band)
            .map(|card| card.with_rollup(raw.rollup))
    }
}

#[cfg(feature = "serde")]
impl From<Scorecard> for RawScorecard {
    fn from(card: Scorecard) -> Self {
        Self {
            name: card.name,
            metrics: card.metrics,
            missing: card.missing,
            rollup: card.rollup,
            dead_band: card.dead_band,
        }
    }
}

/// One metric's contribution to an account's health.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MetricScore {
    /// The metric.
    pub id: String,
    /// The raw value, if present.
    pub value: Option<f64>,
    /// Its 0–100 score, if it counted.
    pub score: Option<f64>,
    /// Its share of the account score (0 when excluded).
    pub share: f64,
    /// Its colour, if it counted.
    pub colour: Option<Colour>,
}

/// The health of one account.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HealthReport {
    /// The account.
    pub account: String,
    /// Health on 0–100, higher healthier.
    pub score: f64,
    /// Its colour.
    pub colour: Colour,
    /// Per metric, in scorecard order.
    pub metrics: Vec<MetricScore>,
    /// The metric driving the colour when it is not green: the one whose shortfall `share·(100 − score)`
    /// is largest among the metrics of the worst colour present (ties to the first in scorecard order).
    pub driver: Option<String>,
    /// The previous score, if known.
    pub previous: Option<f64>,
    /// The trend against it.
    pub trend: Option<Trend>,
}

/// Compact result of batch scoring.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HealthScore {
    /// Health on 0–100.
    pub score: f64,
    /// Red (0), yellow (1) or green (2); see [`Colour`].
    pub colour: u8,
}

impl Scorecard {
    /// Validates a scorecard with the default policies (exclude missing, weighted average, dead band 2).
    ///
    /// # Errors
    /// [`Error::Empty`] for no metrics, [`Error::TooManyMetrics`] beyond ten, [`Error::Duplicate`] ids,
    /// [`Error::Core`] for a weight that is not positive and finite, [`Error::InvalidLimits`].
    pub fn new(name: impl Into<String>, metrics: Vec<Metric>) -> Result<Self, Error> {
        if metrics.is_empty() {
            return Err(Error::Empty {
                what: "scorecard metrics",
            });
        }
        if metrics.len() > MAX_METRICS {
            return Err(Error::TooManyMetrics {
                count: metrics.len(),
            });
        }
        for (k, m) in metrics.iter().enumerate() {
            if metrics[..k].iter().any(|o| o.id == m.id) {
                return Err(Error::Duplicate {
                    what: "metric",
                    name: m.id.clone(),
                });
            }
            if !(m.weight.is_finite() && m.weight > 0.0) {
                return Err(trustkit_core::Error::OutOfRange {
                    what: format!("weight of metric {:?}", m.id),
                    value: m.weight,
                    bounds: Bounds::POSITIVE,
                }
                .into());
            }
            m.direction.validate(&m.id)?;
        }
        Ok(Self {
            name: name.into(),
            metrics,
            missing: MissingPolicy::ExcludeAndRenormalise,
            rollup: Rollup::WeightedAverage,
            dead_band: 2.0,
        })
    }

    /// The same scorecard with another missing-metric policy.
    ///
    /// # Errors
    /// [`Error::Core`] for a penalty score outside 0–100.
    pub fn with_missing(mut self, missing: MissingPolicy) -> Result<Self, Error> {
        if let MissingPolicy::Penalise(s) = missing {
            Bounds::closed(0.0, 100.0).check("penalty score", s)?;
        }
        self.missing = missing;
        Ok(self)
    }

    /// The same scorecard with another roll-up mode.
    #[must_use]
    pub fn with_rollup(mut self, rollup: Rollup) -> Self {
        self.rollup = rollup;
        self
    }

    /// The same scorecard with another trend dead band.
    ///
    /// # Errors
    /// [`Error::Core`] for a negative or non-finite band.
    pub fn with_dead_band(mut self, dead_band: f64) -> Result<Self, Error> {
        self.dead_band = Bounds::closed(0.0, 100.0).check("dead band", dead_band)?;
        Ok(self)
    }

    /// The metrics, in order.
    #[must_use]
    pub fn metrics(&self) -> &[Metric] {
        &self.metrics
    }

    /// How a missing metric counts ([`Scorecard::with_missing`]).
    #[must_use]
    pub const fn missing(&self) -> MissingPolicy {
        self.missing
    }

    /// How accounts roll up into groups ([`Scorecard::with_rollup`]).
    #[must_use]
    pub const fn rollup(&self) -> Rollup {
        self.rollup
    }

    /// Score change within which the trend is "same" (*default* 2 points;
    /// [`Scorecard::with_dead_band`]).
    #[must_use]
    pub const fn dead_band(&self) -> f64 {
        self.dead_band
    }

    /// Each metric's share of the total weight.
    #[must_use]
    pub fn shares(&self) -> Vec<f64> {
        let total: f64 = self.metrics.iter().map(|m| m.weight).sum();
        self.metrics.iter().map(|m| m.weight / total).collect()
    }

    /// Scores one account from values keyed by metric id; `previous` is last period's score.
    ///
    /// # Errors
    /// [`Error::UnknownMetric`], [`Error::NonFiniteMetric`], [`Error::NoMetricValues`], and
    /// [`Error::Core`] for a previous score outside 0–100.
    pub fn score(
        &self,
        account: &str,
        values: &BTreeMap<String, f64>,
        previous: Option<f64>,
    ) -> Result<HealthReport, Error> {
        if let Some(id) = values
            .keys()
            .find(|id| !self.metrics.iter().any(|m| &m.id == *id))
        {
            return Err(Error::UnknownMetric {
                account: account.to_owned(),
                metric: id.clone(),
            });
        }
        let row: Vec<Option<f64>> = self
            .metrics
            .iter()
            .map(|m| values.get(&m.id).copied())
            .collect();
        self.score_row(account, &row, previous)
    }

    /// Scores one account from values in metric order (`None` = missing).
    ///
    /// # Errors
    /// As [`Scorecard::score`]; [`Error::BatchShape`] when `row` has the wrong length.
    pub fn score_row(
        &self,
        account: &str,
        row: &[Option<f64>],
        previous: Option<f64>,
    ) -> Result<HealthReport, Error> {
        if row.len() != self.metrics.len() {
            return Err(Error::BatchShape {
                values: row.len(),
                rows: 1,
                metrics: self.metrics.len(),
            });
        }
        if let Some(p) = previous {
            Bounds::closed(0.0, 100.0).check("previous score", p)?;
        }
        let mut metric_scores = [0.0; MAX_METRICS];
        let mut counted = [false; MAX_METRICS];
        let (score, weights) = self.combine(account, row, &mut metric_scores, &mut counted)?;
        let colour = Colour::of(score);
        let metrics: Vec<MetricScore> = self
            .metrics
            .iter()
            .enumerate()
            .map(|(k, m)| MetricScore {
                id: m.id.clone(),
                value: row[k],
                score: counted[k].then_some(metric_scores[k]),
                share: if counted[k] { weights[k] } else { 0.0 },
                colour: counted[k].then(|| Colour::of(metric_scores[k])),
            })
            .collect();
        let driver = (colour != Colour::Green)
            .then(|| {
                let worst = metrics.iter().filter_map(|m| m.colour).min()?;
                metrics
                    .iter()
                    .filter(|m| m.colour == Some(worst))
                    .map(|m| (m, m.share * (100.0 - m.score.unwrap_or(100.0))))
                    .fold(
                        None,
                        |best: Option<(&MetricScore, f64)>, (m, gap)| match best {
                            Some((_, g)) if g >= gap => best,
                            _ => Some((m, gap)),
                        },
                    )
                    .map(|(m, _)| m.id.clone())
            })
            .flatten();
        // Both numbers are checked finite and the band is validated, so `of` always has an answer.
        let trend = previous.and_then(|p| Trend::of(score - p, self.dead_band));
        Ok(HealthReport {
            account: account.to_owned(),
            score,
            colour,
            metrics,
            driver,
            previous,
            trend,
        })
    }

    /// The shared core: per-metric scores into `scores`, which metrics counted into `counted`, and the
    /// account score with each metric's renormalised share. No allocation.
    fn combine(
        &self,
        account: &str,
        row: &[Option<f64>],
        scores: &mut [f64; MAX_METRICS],
        counted: &mut [bool; MAX_METRICS],
    ) -> Result<(f64, [f64; MAX_METRICS]), Error> {
        let mut weights = [0.0; MAX_METRICS];
        let mut total = 0.0;
        for (k, (metric, value)) in self.metrics.iter().zip(row).enumerate() {
            let s = match *value {
                Some(v) if !v.is_finite() => {
                    return Err(Error::NonFiniteMetric {
                        account: account.to_owned(),
                        metric: metric.id.clone(),
                        value: v,
                    });
                }
                Some(v) => Some(metric.direction.score(v)),
                None => match self.missing {
                    MissingPolicy::ExcludeAndRenormalise => None,
                    MissingPolicy::Neutral => Some(50.0),
                    MissingPolicy::Penalise(p) => Some(p),
                },
            };
            if let Some(s) = s {
                scores[k] = s;
                counted[k] = true;
                weights[k] = metric.weight;
                total += metric.weight;
            }
        }
        if total <= 0.0 {
            return Err(Error::NoMetricValues {
                account: account.to_owned(),
            });
        }
        let n = self.metrics.len();
        // Sum the weighted scores, then divide once: dividing each weight first rounds, and an
        // exact 25 came out as 24.999999999999996 and red.
        let score = match self.rollup {
            Rollup::WeightedAverage => {
                (0..n)
                    .filter(|&k| counted[k])
                    .map(|k| weights[k] * scores[k])
                    .sum::<f64>()
                    / total
            }
            Rollup::WorstOf => (0..n)
                .filter(|&k| counted[k])
                .map(|k| scores[k])
                .fold(100.0, f64::min),
        };
        for w in &mut weights {
            *w /= total;
        }
        Ok((score.clamp(0.0, 100.0), weights))
    }

    /// Scores many accounts: `values` holds rows of `metrics().len()` values (`None` = missing), one
    /// row per element of `out`. No allocation per row.
    ///
    /// # Errors
    /// [`Error::BatchShape`] for mismatched sizes; the first row's error otherwise (its account is
    /// named `row <index>`).
    pub fn score_batch(
        &self,
        values: &[Option<f64>],
        out: &mut [HealthScore],
    ) -> Result<(), Error> {
        let n = self.metrics.len();
        if values.len() != out.len() * n {
            return Err(Error::BatchShape {
                values: values.len(),
                rows: out.len(),
                metrics: n,
            });
        }
        let mut scores = [0.0; MAX_METRICS];
        for (k, (row, slot)) in values.chunks_exact(n).zip(out.iter_mut()).enumerate() {
            let mut counted = [false; MAX_METRICS];
            let (score, _) = self
                .combine("", row, &mut scores, &mut counted)
                .map_err(|e| rename_account(e, k))?;
            *slot = HealthScore {
                score,
                colour: Colour::of(score) as u8,
            };
        }
        Ok(())
    }
}

impl Scorecard {
    /// Scores many accounts from one column per metric, in scorecard order — the layout of an Arrow
    /// `Float64Array` per metric or a polars/pandas column (`.to_numpy()`) — with **NaN meaning
    /// missing** (an Arrow null read as NaN). Scores go to `scores` and colours (0 red, 1 yellow,
    /// 2 green) to `colours`, one per row. The numbers equal [`Scorecard::score`] and
    /// [`Scorecard::score_batch`] bit for bit (a property test checks it): each weighted sum is
    /// taken in metric order, then divided once.
    ///
    /// The work goes column by column with no branch on the data in the inner loop, so it
    /// vectorises; with the `rayon` feature, [`Scorecard::score_columns_par`] splits the rows.
    ///
    /// ```
    /// use trustkit_loyalty::{Direction, Indicator, Metric, Scorecard};
    ///
    /// let metric = |id: &str, direction| Metric {
    ///     id: id.into(), weight: 1.0, direction, indicator: Indicator::Leading,
    /// };
    /// let card = Scorecard::new("usage", vec![
    ///     metric("adoption", Direction::HigherIsBetter { red: 0.3, green: 0.7 }),
    ///     metric("tickets", Direction::LowerIsBetter { red: 10.0, green: 2.0 }),
    /// ])?;
    /// let adoption = [0.7, 0.3, f64::NAN];          // the third account's adoption is missing
    /// let tickets = [2.0, 10.0, 2.0];
    /// let (mut scores, mut colours) = ([0.0; 3], [0u8; 3]);
    /// card.score_columns(&[&adoption, &tickets], &mut scores, &mut colours)?;
    /// assert_eq!(scores, [75.0, 25.0, 75.0]);       // missing adoption: renormalised to tickets alone
    /// assert_eq!(colours, [2, 0, 2]);               // both at their red limits: red
    /// # Ok::<(), trustkit_loyalty::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::BatchShape`] when the number of columns is not the number of metrics or a column's
    /// length differs from the outputs'; [`Error::NonFiniteMetric`] for an infinite value and
    /// [`Error::NoMetricValues`] for a row with nothing to score (the account is named
    /// `row <index>`). Outputs are unspecified after an error.
    pub fn score_columns(
        &self,
        columns: &[&[f64]],
        scores: &mut [f64],
        colours: &mut [u8],
    ) -> Result<(), Error> {
        let rows = scores.len();
        let n = self.metrics.len();
        if columns.len() != n || colours.len() != rows || columns.iter().any(|c| c.len() != rows) {
            return Err(Error::BatchShape {
                values: columns.iter().map(|c| c.len()).sum(),
                rows,
                metrics: n,
            });
        }
        // Infinities are errors, found in a separate scan so the scoring loop has no exit.
        for (metric, column) in self.metrics.iter().zip(columns) {
            if let Some(r) = column.iter().position(|v| v.is_infinite()) {
                return Err(Error::NonFiniteMetric {
                    account: format!("row {r}"),
                    metric: metric.id.clone(),
                    value: column[r],
                });
            }
        }
        let worst = self.rollup == Rollup::WorstOf;
        let (fill, fill_counts) = match self.missing {
            MissingPolicy::ExcludeAndRenormalise => (0.0, false),
            MissingPolicy::Neutral => (50.0, true),
            MissingPolicy::Penalise(p) => (p, true),
        };
        let pass = ColumnPass {
            fill,
            fill_counts,
            worst,
        };
        // Rows go in blocks small enough that the running sums stay in cache while every metric's
        // column streams past once: the work is bound by reading the columns, not by re-reading
        // the sums per metric.
        const BLOCK: usize = 2048;
        let mut totals = [0.0f64; BLOCK];
        for (b, (acc, colour_block)) in scores
            .chunks_mut(BLOCK)
            .zip(colours.chunks_mut(BLOCK))
            .enumerate()
        {
            let start = b * BLOCK;
            let totals = &mut totals[..acc.len()];
            totals.fill(0.0);
            acc.fill(if worst { f64::INFINITY } else { 0.0 });
            for (metric, column) in self.metrics.iter().zip(columns) {
                let column = &column[start..start + acc.len()];
                let w = metric.weight;
                // One monomorphised loop per direction, so the inner loop has no match to take.
                match metric.direction {
                    Direction::HigherIsBetter { red, green }
                    | Direction::LowerIsBetter { red, green } => {
                        pass.run(column, acc, totals, w, |v| linear_score(v, red, green));
                    }
                    Direction::TargetBand {
                        low,
                        high,
                        red_distance,
                    } => pass.run(column, acc, totals, w, |v| {
                        band_score(v, low, high, red_distance)
                    }),
                }
            }
            for (k, ((a, total), colour)) in acc
                .iter_mut()
                .zip(totals.iter())
                .zip(colour_block.iter_mut())
                .enumerate()
            {
                if *total <= 0.0 {
                    return Err(Error::NoMetricValues {
                        account: format!("row {}", start + k),
                    });
                }
                let score = if worst { *a } else { *a / total };
                *a = score.clamp(0.0, 100.0);
                *colour = Colour::of(*a) as u8;
            }
        }
        Ok(())
    }

    /// [`Scorecard::score_columns`] on every core: the rows are split into blocks scored in
    /// parallel. Same numbers as one thread, bit for bit; an error is the first bad row's.
    ///
    /// # Errors
    /// As [`Scorecard::score_columns`].
    #[cfg(feature = "rayon")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rayon")))]
    pub fn score_columns_par(
        &self,
        columns: &[&[f64]],
        scores: &mut [f64],
        colours: &mut [u8],
    ) -> Result<(), Error> {
        use rayon::prelude::*;
        const BLOCK: usize = 1 << 16;
        let rows = scores.len();
        if columns.len() != self.metrics.len()
            || colours.len() != rows
            || columns.iter().any(|c| c.len() != rows)
        {
            return self.score_columns(columns, scores, colours);
        }
        scores
            .par_chunks_mut(BLOCK)
            .zip(colours.par_chunks_mut(BLOCK))
            .enumerate()
            .map(|(b, (s, c))| {
                let start = b * BLOCK;
                let cols: Vec<&[f64]> = columns
                    .iter()
                    .map(|col| &col[start..start + s.len()])
                    .collect();
                self.score_columns(&cols, s, c)
                    .map_err(|e| shift_row(e, start))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect()
    }
}

/// The score of a higher- or lower-is-better metric: red limit → 25, green limit → 75, linear,
/// clamped to 0–100. One function for the row and the column paths, so they agree bit for bit.
#[inline]
fn linear_score(value: f64, red: f64, green: f64) -> f64 {
    (RED_BELOW + (GREEN_FROM - RED_BELOW) * (value - red) / (green - red)).clamp(0.0, 100.0)
}

/// The score of a target-band metric: 100 inside, falling to 25 at `red_distance` outside.
#[inline]
fn band_score(value: f64, low: f64, high: f64, red_distance: f64) -> f64 {
    let d = (low - value).max(value - high).max(0.0);
    (100.0 - (100.0 - RED_BELOW) * d / red_distance).clamp(0.0, 100.0)
}

/// How a column adds to the rows' running sums: what a missing value scores, whether it counts,
/// and the roll-up.
#[derive(Clone, Copy)]
struct ColumnPass {
    fill: f64,
    fill_counts: bool,
    worst: bool,
}

impl ColumnPass {
    #[inline]
    fn run(
        self,
        column: &[f64],
        acc: &mut [f64],
        totals: &mut [f64],
        weight: f64,
        score: impl Fn(f64) -> f64,
    ) {
        let Self {
            fill,
            fill_counts,
            worst,
        } = self;
        let rows = acc.iter_mut().zip(totals.iter_mut()).zip(column);
        if worst {
            for ((a, total), &v) in rows {
                let present = !v.is_nan();
                let counts = present || fill_counts;
                let s = if present { score(v) } else { fill };
                *a = if counts { a.min(s) } else { *a };
                *total += if counts { weight } else { 0.0 };
            }
        } else {
            for ((a, total), &v) in rows {
                let present = !v.is_nan();
                // A missing value scores the fill (never NaN, so `0 · s` stays 0).
                let s = if present { score(v) } else { fill };
                let w = if present || fill_counts { weight } else { 0.0 };
                *a += w * s;
                *total += w;
            }
        }
    }
}

/// Moves a block's `row <k>` to the row of the whole batch.
#[cfg(feature = "rayon")]
#[cold]
fn shift_row(e: Error, start: usize) -> Error {
    let shift = |account: String| {
        account
            .strip_prefix("row ")
            .and_then(|k| k.parse::<usize>().ok())
            .map_or(account.clone(), |k| format!("row {}", k + start))
    };
    match e {
        Error::NonFiniteMetric {
            account,
            metric,
            value,
        } => Error::NonFiniteMetric {
            account: shift(account),
            metric,
            value,
        },
        Error::NoMetricValues { account } => Error::NoMetricValues {
            account: shift(account),
        },
        other => other,
    }
}

#[cold]
fn rename_account(e: Error, row: usize) -> Error {
    let account = format!("row {row}");
    match e {
        Error::NonFiniteMetric { metric, value, .. } => Error::NonFiniteMetric {
            account,
            metric,
            value,
        },
        Error::NoMetricValues { .. } => Error::NoMetricValues { account },
        other => other,
    }
}

/// The health of a group: a parent account over its children, a segment, a team.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GroupHealth {
    /// The group's name.
    pub name: String,
    /// Weight-averaged member score (weighted by, say, ARR), or the worst member score under worst-of.
    pub score: f64,
    /// Colour: from the score under weighted average; the worst member colour under worst-of.
    pub colour: Colour,
    /// Number of members.
    pub members: usize,
    /// Members that are red.
    pub red_members: Vec<String>,
    /// How many red members each driving metric accounts for.
    pub red_drivers: BTreeMap<String, usize>,
}

/// Rolls member reports up into a group. `members` pairs each report with its weight (positive,
/// e.g. annual recurring revenue; use 1 for a plain average).
///
/// ```
/// use trustkit_loyalty::{rollup, Colour, HealthReport, Rollup};
///
/// let member = |account: &str, score: f64| HealthReport {
///     account: account.into(), score, colour: Colour::of(score), metrics: vec![],
///     driver: None, previous: None, trend: None,
/// };
/// let (a, b) = (member("a", 80.0), member("b", 20.0));
/// let g = rollup("EMEA", &[(&a, 3.0), (&b, 1.0)], Rollup::WeightedAverage)?;
/// assert_eq!(g.score, 65.0); // (3·80 + 20) / 4
/// assert_eq!(g.red_members, vec!["b".to_string()]);
/// assert_eq!(rollup("EMEA", &[(&a, 3.0), (&b, 1.0)], Rollup::WorstOf)?.colour, Colour::Red);
/// # Ok::<(), trustkit_loyalty::Error>(())
/// ```
///
/// # Errors
/// [`Error::Empty`] for no members, [`Error::Core`] for a weight that is not positive and finite.
pub fn rollup(
    name: &str,
    members: &[(&HealthReport, f64)],
    mode: Rollup,
) -> Result<GroupHealth, Error> {
    if members.is_empty() {
        return Err(Error::Empty {
            what: "group members",
        });
    }
    let mut total = 0.0;
    let mut weighted = 0.0;
    let mut worst = 100.0f64;
    let mut red_members = Vec::new();
    let mut red_drivers = BTreeMap::new();
    for (report, weight) in members {
        Bounds::POSITIVE.check(&format!("weight of {:?}", report.account), *weight)?;
        total += weight;
        weighted += weight * report.score;
        worst = worst.min(report.score);
        if report.colour == Colour::Red {
            red_members.push(report.account.clone());
            if let Some(d) = &report.driver {
                *red_drivers.entry(d.clone()).or_insert(0) += 1;
            }
        }
    }
    let (score, colour) = match mode {
        Rollup::WeightedAverage => {
            let s = weighted / total;
            (s, Colour::of(s))
        }
        Rollup::WorstOf => {
            let c = members
                .iter()
                .map(|(r, _)| r.colour)
                .min()
                .unwrap_or(Colour::of(worst));
            (worst, c)
        }
    };
    Ok(GroupHealth {
        name: name.to_owned(),
        score,
        colour,
        members: members.len(),
        red_members,
        red_drivers,
    })
}

/// Different scorecards for different segments or lifecycle stages: the first rule whose segment and
/// stage both match (a `None` matches anything) applies, else the default.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScorecardSet {
    /// Used when no rule matches.
    pub default: Scorecard,
    /// `(segment, stage, scorecard)` rules, tried in order.
    pub rules: Vec<(Option<String>, Option<crate::Phase>, Scorecard)>,
}

impl ScorecardSet {
    /// The scorecard for an account in `segment` at `stage`.
    #[must_use]
    pub fn for_account(&self, segment: Option<&str>, stage: Option<crate::Phase>) -> &Scorecard {
        self.rules
            .iter()
            .find(|(seg, st, _)| {
                seg.as_deref().is_none_or(|s| Some(s) == segment)
                    && st.is_none_or(|p| Some(p) == stage)
            })
            .map_or(&self.default, |(_, _, card)| card)
    }
}

impl core::fmt::Display for Colour {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

trustkit_core::impl_from_str!(Colour, "colour");
