//! [`Diagnosis`]: one account's evidence from all four domain crates, combined.

use trustkit_assessment::{Dimension, Instrument, ScoringPolicy};
use trustkit_core::prospect::ProspectParams;
use trustkit_core::{Moment, TrustLevel, UnitInterval};
use trustkit_equation::{Evidence, Scale};
use trustkit_learning::{Anchor, LearnerParams, TrustLearner};
use trustkit_loyalty::{
    Colour, Commitment, Direction, Indicator, JourneyMap, LoyaltyFactors, Metric, Nps,
    RelationshipState, RenewalModel, Scorecard, Trend,
};

use crate::playbook::{Action, recommend};
use crate::{Account, Error};

/// *Default* weights of the trust sources in the blended trust level: the equation 0.25, the
/// assessment 0.35, learned trust 0.40. Learned trust weighs most because it rests on what happened;
/// the assessment next because it asks several people four specific questions. Missing sources drop
/// out and the rest renormalise; with none, trust is neutral (0.5).
pub const BLEND_WEIGHTS: [f64; 3] = [0.25, 0.35, 0.40];

/// How many recent experiences the learned-trust trend and the betrayal check look back over.
pub const RECENT: usize = 3;

/// Everything a diagnosis needs besides the account. `DiagnosisContext::default()` uses the standard
/// instrument, default policies and coefficients, and [`default_scorecard`].
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
    /// The renewal model.
    pub renewal: RenewalModel,
    /// Prospect-theory parameters for the switching threshold.
    pub prospect: ProspectParams,
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
            prospect: ProspectParams::default(),
        }
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

/// Trust-equation view.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EquationView {
    /// Quotient of the mean ratings.
    pub quotient: f64,
    /// Its normalised level.
    pub level: f64,
    /// The lever whose one-point improvement raises trust most.
    pub best_lever: Option<String>,
    /// Raters.
    pub raters: usize,
}

/// Assessment view.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AssessmentView {
    /// Overall index, when every dimension has evidence.
    pub index: Option<f64>,
    /// The weakest belief.
    pub weakest: Option<Dimension>,
    /// Its score.
    pub weakest_score: Option<f64>,
    /// Respondents.
    pub respondents: usize,
}

/// Learned-trust view.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LearnedView {
    /// Trust after the last experience.
    pub trust: f64,
    /// Change over the last [`RECENT`] experiences.
    pub change: f64,
    /// Up, down or the same (dead band 0.02).
    pub trend: Trend,
    /// Most negative prediction error among the last [`RECENT`] experiences (0 if none was negative).
    pub worst_recent_surprise: f64,
    /// Experiences.
    pub experiences: usize,
}

/// Health view.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HealthView {
    /// Score 0–100.
    pub score: f64,
    /// Colour.
    pub colour: Colour,
    /// Metric driving a non-green colour.
    pub driver: Option<String>,
    /// Trend against the previous score.
    pub trend: Option<Trend>,
}

/// NPS view.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NpsView {
    /// Score −100…100.
    pub score: f64,
    /// 95 % margin of error.
    pub margin: f64,
    /// Answers.
    pub respondents: usize,
}

/// One account's diagnosis.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Diagnosis {
    /// Account id.
    pub account: String,
    /// Account name.
    pub name: String,
    /// From the trust equation, if rated.
    pub equation: Option<EquationView>,
    /// From the assessment, if answered.
    pub assessment: Option<AssessmentView>,
    /// From the experience history, if any.
    pub learned: Option<LearnedView>,
    /// From NPS answers, if any.
    pub nps: Option<NpsView>,
    /// Blended trust ([`BLEND_WEIGHTS`]).
    pub trust: TrustLevel,
    /// Number of trust sources blended.
    pub trust_sources: usize,
    /// Commitment at the renewal model's threshold.
    pub commitment: Commitment,
    /// Relationship state (trust × respect).
    pub relationship: RelationshipState,
    /// Health, if metrics were given.
    pub health: Option<HealthView>,
    /// Renewal probability.
    pub renewal_probability: f64,
    /// Promised benefit per unit of stake a competitor must offer before the customer switches.
    pub switching_threshold: f64,
    /// The one recommended action.
    pub action: Action,
}

/// One point of an account's learned-trust trajectory.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrajectoryPoint {
    /// When the experience happened.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Its reward.
    pub reward: f64,
    /// Its moment, if tagged.
    pub moment: Option<Moment>,
    /// Its kind.
    pub kind: trustkit_learning::ExperienceKind,
    /// The prediction error it caused.
    pub prediction_error: f64,
    /// Trust after it.
    pub trust: f64,
}

impl Account {
    /// Learned trust after each experience, starting from the account's prior.
    ///
    /// # Errors
    /// [`Error::Account`] for an invalid prior or experiences out of time order.
    pub fn trajectory(&self, ctx: &DiagnosisContext) -> Result<Vec<TrajectoryPoint>, Error> {
        let fail = |message: String| Error::Account {
            index: 0,
            account: self.id.clone(),
            message,
        };
        let anchor =
            Anchor::new(self.prior.unwrap_or(0.5)).map_err(|e| fail(format!("prior: {e}")))?;
        let mut learner =
            TrustLearner::new(ctx.learner, anchor).map_err(|e| fail(e.to_string()))?;
        self.experiences
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let step = learner
                    .observe(e)
                    .map_err(|err| fail(format!("experiences[{k}]: {err}")))?;
                Ok(TrajectoryPoint {
                    at: e.at(),
                    reward: e.reward().value(),
                    moment: e.moment(),
                    kind: e.kind(),
                    prediction_error: step.prediction_error.value(),
                    trust: step.trust.value(),
                })
            })
            .collect()
    }

    /// Diagnoses the account with the default context.
    ///
    /// # Errors
    /// As [`Account::diagnose_with`].
    pub fn diagnose(&self) -> Result<Diagnosis, Error> {
        self.diagnose_with(&DiagnosisContext::default())
    }

    /// Runs whatever the evidence allows and combines it.
    ///
    /// # Errors
    /// [`Error::Account`] (index 0) with the domain crate's message when the evidence is invalid:
    /// ratings off the scale, responses to unknown items, experiences out of time order, unknown
    /// health metrics, NPS answers above 10, market facts outside `[0, 1]`.
    pub fn diagnose_with(&self, ctx: &DiagnosisContext) -> Result<Diagnosis, Error> {
        let fail = |message: String| Error::Account {
            index: 0,
            account: self.id.clone(),
            message,
        };
        let equation = if self.equation.is_empty() {
            None
        } else {
            let evidence = Evidence::from_raters(Scale::DEFAULT, &self.equation)
                .map_err(|e| fail(format!("equation: {e}")))?;
            let eq = evidence.equation();
            Some(EquationView {
                quotient: eq.quotient(),
                level: eq.level().value(),
                best_lever: eq.best_lever().map(|c| c.component.name().to_owned()),
                raters: evidence.rater_count(),
            })
        };
        let assessment = if self.responses.is_empty() {
            None
        } else {
            let score = ctx
                .scoring
                .score(&ctx.instrument, &self.responses)
                .map_err(|e| fail(format!("assessment: {e}")))?;
            let weakest = score.weakest_dimension();
            Some(AssessmentView {
                index: score.overall.map(|o| o.value.value()),
                weakest,
                weakest_score: weakest.and_then(|d| score.dimension(d).score()),
                respondents: score.respondents,
            })
        };
        let learned = if self.experiences.is_empty() {
            None
        } else {
            let points = self.trajectory(ctx)?;
            let mut history = vec![self.prior.unwrap_or(0.5)];
            history.extend(points.iter().map(|p| p.trust));
            let surprises: Vec<f64> = points.iter().map(|p| p.prediction_error).collect();
            let now = history[history.len() - 1];
            let then = history[history.len().saturating_sub(RECENT + 1)];
            let change = now - then;
            let worst = surprises
                .iter()
                .rev()
                .take(RECENT)
                .copied()
                .fold(0.0f64, f64::min);
            Some(LearnedView {
                trust: now,
                change,
                trend: if change > 0.02 {
                    Trend::Up
                } else if change < -0.02 {
                    Trend::Down
                } else {
                    Trend::Same
                },
                worst_recent_surprise: worst,
                experiences: self.experiences.len(),
            })
        };
        let nps = if self.nps.is_empty() {
            None
        } else {
            let n = Nps::from_answers(&self.nps).map_err(|e| fail(format!("nps: {e}")))?;
            Some(NpsView {
                score: n.score(),
                margin: n.margin_of_error(1.96),
                respondents: n.respondents(),
            })
        };

        let sources = [
            equation.as_ref().map(|e| e.level),
            assessment.as_ref().and_then(|a| a.index),
            learned.as_ref().map(|l| l.trust),
        ];
        let (mut weighted, mut total, mut count) = (0.0, 0.0, 0);
        for (value, weight) in sources.iter().zip(BLEND_WEIGHTS) {
            if let Some(v) = value {
                weighted += weight * v;
                total += weight;
                count += 1;
            }
        }
        let trust = if total > 0.0 {
            TrustLevel::new((weighted / total).clamp(0.0, 1.0)).unwrap_or(TrustLevel::NEUTRAL)
        } else {
            TrustLevel::NEUTRAL
        };

        let unit = |what: &str, x: f64| {
            UnitInterval::new(x).map_err(|e| fail(format!("market.{what}: {e}")))
        };
        let m = self.market;
        let factors = LoyaltyFactors {
            product_value: unit("product_value", m.product_value)?,
            switching_cost: unit("switching_cost", m.switching_cost)?,
            alternatives: unit("alternatives", m.alternatives)?,
            trust,
            respect: unit("respect", m.respect)?,
        };
        let newcomer = TrustLevel::from(unit("newcomer_trust", m.newcomer_trust)?);
        let threshold =
            UnitInterval::new(ctx.renewal.commitment_threshold).map_err(|e| fail(e.to_string()))?;
        let betrayal = learned
            .as_ref()
            .map_or(0.0, |l| (-l.worst_recent_surprise).clamp(0.0, 1.0));
        let outlook = ctx
            .renewal
            .outlook(
                &factors,
                None,
                UnitInterval::clamped(betrayal).unwrap_or(UnitInterval::ZERO),
            )
            .map_err(|e| fail(e.to_string()))?;
        let health = if self.health.is_empty() {
            None
        } else {
            let report = ctx
                .scorecard
                .score(&self.id, &self.health, self.previous_health)
                .map_err(|e| fail(format!("health: {e}")))?;
            Some(HealthView {
                score: report.score,
                colour: report.colour,
                driver: report.driver,
                trend: report.trend,
            })
        };
        let journey = (!self.journey.is_empty()).then(|| JourneyMap::new(self.journey.clone()));
        let mut diagnosis = Diagnosis {
            account: self.id.clone(),
            name: self.name.clone(),
            equation,
            assessment,
            learned,
            nps,
            trust,
            trust_sources: count,
            commitment: outlook.commitment,
            relationship: factors.relationship(threshold),
            health,
            renewal_probability: outlook.probability.value(),
            switching_threshold: ctx.prospect.switching_threshold(trust, newcomer),
            action: Action {
                moment: Moment::Wow,
                rule: crate::playbook::Rule::Delight,
                headline: String::new(),
            },
        };
        diagnosis.action = recommend(&diagnosis, journey.as_ref());
        Ok(diagnosis)
    }
}
