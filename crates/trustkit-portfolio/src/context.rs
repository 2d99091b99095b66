//! [`DiagnosisContext`]: the first stage of the pipeline — every setting a diagnosis needs besides
//! the account.

use trustkit_assessment::{Instrument, ScoringPolicy};
use trustkit_core::prospect::ProspectParams;
use trustkit_learning::LearnerParams;
use trustkit_loyalty::{Direction, Indicator, Metric, RenewalModel, Scorecard};

use crate::{AccountError, BlendError};

/// How much each trust source weighs in the blended trust level.
///
/// *Default*: the equation 0.25, the assessment 0.35, learned trust 0.40. Learned trust weighs most
/// because it rests on what happened; the assessment next because it asks several people four
/// specific questions. Sources an account lacks drop out and the rest renormalise; with none, trust
/// is neutral (0.5). These weights are the library's judgement, not a published estimate.
///
/// ```
/// use trustkit_portfolio::Blend;
///
/// let b = Blend::new(1.0, 1.0, 2.0)?; // learned trust counts double
/// assert_eq!(b.learned(), 2.0);
/// assert!(Blend::new(0.0, 0.0, 0.0).is_err()); // nothing to blend
/// assert!(Blend::new(-1.0, 1.0, 1.0).is_err());
/// # Ok::<(), trustkit_portfolio::BlendError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "RawBlend")]
pub struct Blend {
    equation: f64,
    assessment: f64,
    learned: f64,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlend {
    equation: f64,
    assessment: f64,
    learned: f64,
}

impl TryFrom<RawBlend> for Blend {
    type Error = BlendError;
    fn try_from(raw: RawBlend) -> Result<Self, BlendError> {
        Self::new(raw.equation, raw.assessment, raw.learned)
    }
}

impl Default for Blend {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl Blend {
    /// The *default* weights: equation 0.25, assessment 0.35, learned 0.40.
    pub const DEFAULT: Self = Self {
        equation: 0.25,
        assessment: 0.35,
        learned: 0.40,
    };

    /// Weights for the equation, the assessment and learned trust: each finite and ≥ 0, not all 0.
    /// They need not sum to 1; the blend divides by the weights of the sources present.
    ///
    /// # Errors
    /// [`BlendError`] naming the bad weight.
    pub fn new(equation: f64, assessment: f64, learned: f64) -> Result<Self, BlendError> {
        for (which, weight) in [
            ("equation", equation),
            ("assessment", assessment),
            ("learned", learned),
        ] {
            if !weight.is_finite() || weight < 0.0 {
                return Err(BlendError::Weight { which, weight });
            }
        }
        if equation + assessment + learned <= 0.0 || !(equation + assessment + learned).is_finite()
        {
            return Err(BlendError::AllZero);
        }
        Ok(Self {
            equation,
            assessment,
            learned,
        })
    }

    /// Weight of the trust equation's level.
    #[must_use]
    pub const fn equation(&self) -> f64 {
        self.equation
    }

    /// Weight of the assessment's overall index.
    #[must_use]
    pub const fn assessment(&self) -> f64 {
        self.assessment
    }

    /// Weight of learned trust.
    #[must_use]
    pub const fn learned(&self) -> f64 {
        self.learned
    }

    /// The weighted mean of the sources present, and how many there were; `None` when no source with
    /// a positive weight is present.
    #[must_use]
    pub fn combine(
        &self,
        equation: Option<f64>,
        assessment: Option<f64>,
        learned: Option<f64>,
    ) -> Option<(f64, usize)> {
        let (mut weighted, mut total, mut count) = (0.0, 0.0, 0);
        for (value, weight) in [
            (equation, self.equation),
            (assessment, self.assessment),
            (learned, self.learned),
        ] {
            if let Some(v) = value {
                weighted += weight * v;
                total += weight;
                count += 1;
            }
        }
        (total > 0.0).then(|| (weighted / total, count))
    }
}

/// How many recent experiences the learned-trust trend and the betrayal check look back over.
pub const RECENT: usize = 3;

/// Dead band of the learned-trust trend on `[0, 1]`: a change of learned trust over the last
/// [`RECENT`] experiences counts as a move only beyond ±0.02 (*default*; about one small routine
/// experience's worth of movement at the default learning rates).
pub const LEARNED_TREND_DEAD_BAND: f64 = 0.02;

/// Everything a diagnosis needs besides the account: the context stage of the pipeline
/// (context → [`Findings`](crate::Findings) → [`Action`](crate::Action)).
/// `DiagnosisContext::default()` uses the standard instrument, default policies and coefficients,
/// [`default_scorecard`] and [`Blend::DEFAULT`].
#[derive(Debug, Clone, PartialEq)]
pub struct DiagnosisContext {
    /// The assessment instrument.
    pub instrument: Instrument,
    /// How assessments are scored (*default* one respondent suffices, as accounts often have few).
    pub scoring: ScoringPolicy,
    /// The health scorecard.
    pub scorecard: Scorecard,
    /// The learner.
    pub learner: LearnerParams,
    /// The commitment threshold (and the older two-regime renewal outlook).
    pub renewal: RenewalModel,
    /// The renewal probability's model: the built-in prior, or coefficients fitted to outcomes.
    pub renewal_logit: trustkit_loyalty::RenewalLogit,
    /// Prospect-theory parameters for the switching threshold.
    pub prospect: ProspectParams,
    /// Weights of the trust sources in the blended trust level.
    pub blend: Blend,
    /// The unit of each health metric's values; a value outside its unit is an error (*default*
    /// [`default_units`](crate::default_units) for the default scorecard).
    pub units: std::collections::BTreeMap<String, crate::Unit>,
    /// The date the report is as of, for days to renewal (*default* none: the library never reads
    /// the clock; the CLI passes today or `--as-of`).
    pub as_of: Option<chrono::NaiveDate>,
    /// Whether each diagnosis carries its [`AccountDetail`](crate::AccountDetail) (*default*
    /// false: the detail costs a second pass over the evidence and is for the dashboard).
    pub detail: bool,
}

impl Default for DiagnosisContext {
    fn default() -> Self {
        let mut scoring = ScoringPolicy::default();
        scoring.coverage.min_respondents = 1;
        Self {
            instrument: Instrument::standard(),
            scoring,
            scorecard: default_scorecard(),
            learner: LearnerParams::default(),
            renewal: RenewalModel::default(),
            renewal_logit: trustkit_loyalty::RenewalLogit::PRIOR,
            prospect: ProspectParams::default(),
            blend: Blend::DEFAULT,
            units: crate::default_units(),
            as_of: None,
            detail: false,
        }
    }
}

impl DiagnosisContext {
    /// Checks the settings that are validated on use rather than on construction (learner
    /// parameters, scoring policy, renewal model), once, before a batch.
    ///
    /// # Errors
    /// The [`AccountError`] a diagnosis would give for the same setting.
    pub fn validate(&self) -> Result<(), AccountError> {
        self.scoring.validate()?;
        self.renewal.validate()?;
        trustkit_learning::TrustLearner::new(self.learner, trustkit_learning::Anchor::new(0.5)?)?;
        Ok(())
    }
}

/// The scorecard used when a portfolio declares none: adoption (share of licensed users active;
/// red 0.3, green 0.7; weight 3), open tickets (red 10, green 2), days since the last executive
/// meeting (red 120, green 45), and seat usage against licences (band 0.8–1.1, red 0.4 outside).
#[must_use]
pub fn default_scorecard() -> Scorecard {
    let m = |id: &str, weight, direction, indicator| Metric {
        id: id.into(),
        weight,
        direction,
        indicator,
    };
    let metrics = vec![
        m(
            "adoption",
            3.0,
            Direction::HigherIsBetter {
                red: 0.3,
                green: 0.7,
            },
            Indicator::Leading,
        ),
        m(
            "open_tickets",
            1.0,
            Direction::LowerIsBetter {
                red: 10.0,
                green: 2.0,
            },
            Indicator::Lagging,
        ),
        m(
            "days_since_exec_meeting",
            1.0,
            Direction::LowerIsBetter {
                red: 120.0,
                green: 45.0,
            },
            Indicator::Leading,
        ),
        m(
            "seat_usage",
            1.0,
            Direction::TargetBand {
                low: 0.8,
                high: 1.1,
                red_distance: 0.4,
            },
            Indicator::Leading,
        ),
    ];
    // Fixed metrics, checked by the `default_scorecard_is_valid` test: validation cannot fail here.
    #[allow(clippy::expect_used)]
    Scorecard::new("default", metrics).expect("the default scorecard is valid")
}
