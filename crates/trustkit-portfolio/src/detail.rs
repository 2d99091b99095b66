//! [`AccountDetail`]: what the dashboard shows when an account is opened — the evidence behind its
//! row, not a second diagnosis.

use trustkit_assessment::Dimension;
use trustkit_core::Moment;
use trustkit_loyalty::{Colour, Direction, JourneyMap, Phase};

use crate::playbook::Rule;
use crate::{Account, AccountError, DiagnosisContext, TrajectoryPoint};

/// The evidence behind one account's diagnosis, for a reader who opens it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AccountDetail {
    /// Trust before the first experience (the account's prior, *default* 0.5).
    pub prior: f64,
    /// Learned trust after each experience, with its date, kind and moment.
    pub trajectory: Vec<TrajectoryPoint>,
    /// Each health metric of the scorecard against its limits.
    pub metrics: Vec<MetricDetail>,
    /// The four beliefs of the assessment, when answered.
    pub beliefs: Vec<BeliefDetail>,
    /// The designed journey and its gaps, when the account has one.
    pub journey: Option<JourneyDetail>,
    /// Why the playbook chose the action: the rule that fired, in words.
    pub reason: String,
}

/// One health metric against its action limits.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MetricDetail {
    /// The metric.
    pub id: String,
    /// The value, if the account has one.
    pub value: Option<f64>,
    /// Its direction and red / green limits.
    pub direction: Direction,
    /// Its score 0–100, if it counted.
    pub score: Option<f64>,
    /// Its colour, if it counted.
    pub colour: Option<Colour>,
}

/// One belief of the four-question assessment.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BeliefDetail {
    /// The belief.
    pub dimension: Dimension,
    /// Its score on 0–1, if enough respondents answered.
    pub score: Option<f64>,
    /// Its standard error, with two or more respondents.
    pub standard_error: Option<f64>,
    /// Respondents who answered it.
    pub respondents: usize,
}

/// The designed journey: which moments each phase has, and what is missing.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct JourneyDetail {
    /// Each lifecycle phase with its designed moments, in lifecycle order.
    pub phases: Vec<(Phase, Vec<Moment>)>,
    /// Phases with no designed moment.
    pub phases_without_moments: Vec<Phase>,
    /// Moments the journey never uses.
    pub unused_moments: Vec<Moment>,
}

impl Rule {
    /// The rule in words, as the dashboard explains an action.
    #[must_use]
    pub const fn explain(self) -> &'static str {
        match self {
            Self::BetrayalUnderCalculative => {
                "A promise was broken recently (a prediction error of −0.5 or worse in the last three experiences) while commitment is calculative: the account is weighing alternatives now."
            }
            Self::RecentBetrayal => {
                "A promise was broken recently while commitment is still affective: repair it before it turns calculative."
            }
            Self::RedHealth => "Health is red: the metric driving it comes first.",
            Self::WeakBelief => {
                "The assessment's weakest belief scores below 0.6: work on that belief."
            }
            Self::EquationLever => {
                "The trust equation's level is below 0.65: pull the lever that raises it most."
            }
            Self::Calculative => {
                "Commitment is calculative (trust below 0.6) with no more specific cause: give proof."
            }
            Self::LowRespect => {
                "Trusted but not respected: a sponsor changed, or the supplier is liked but not listened to."
            }
            Self::UnusedMoment => "The designed journey never uses one of the five moments.",
            Self::Delight => "Nothing is wrong: keep earning trust with a surprise.",
        }
    }
}

impl Account {
    /// The evidence behind the account's diagnosis in `ctx`, for the dashboard's account detail.
    ///
    /// ```
    /// use trustkit_portfolio::Portfolio;
    ///
    /// let sample = Portfolio::sample().expect("the sample loads");
    /// let acme = &sample.accounts[0];
    /// let d = acme.detail(&sample.context())?;
    /// assert_eq!(d.trajectory.len(), acme.experiences.len());
    /// assert_eq!(d.beliefs.len(), 4);
    /// assert!(d.reason.contains("broken"));
    /// # Ok::<(), trustkit_portfolio::AccountError>(())
    /// ```
    ///
    /// # Errors
    /// As [`Account::diagnose_with`].
    pub fn detail(&self, ctx: &DiagnosisContext) -> Result<AccountDetail, AccountError> {
        let diagnosis = self.diagnose_with(ctx)?;
        self.detail_for(ctx, diagnosis.action.rule)
    }

    /// The detail, given the rule the diagnosis already chose.
    pub(crate) fn detail_for(
        &self,
        ctx: &DiagnosisContext,
        rule: Rule,
    ) -> Result<AccountDetail, AccountError> {
        let metrics = if self.health.is_empty() {
            Vec::new()
        } else {
            let report = ctx
                .scorecard
                .score(&self.id, &self.health, self.previous_health)
                .map_err(AccountError::Health)?;
            ctx.scorecard
                .metrics()
                .iter()
                .zip(report.metrics)
                .map(|(m, s)| MetricDetail {
                    id: m.id.clone(),
                    value: s.value,
                    direction: m.direction,
                    score: s.score,
                    colour: s.colour,
                })
                .collect()
        };
        let beliefs = if self.responses.is_empty() {
            Vec::new()
        } else {
            let score = ctx.scoring.score(&ctx.instrument, &self.responses)?;
            Dimension::ALL
                .iter()
                .map(|&d| {
                    let s = score.dimension(d);
                    BeliefDetail {
                        dimension: d,
                        score: s.score(),
                        standard_error: s.standard_error(),
                        respondents: s.respondents,
                    }
                })
                .collect()
        };
        let journey = (!self.journey.is_empty()).then(|| {
            let map = JourneyMap::new(self.journey.clone());
            JourneyDetail {
                phases: Phase::ALL.iter().map(|&p| (p, map.moments_in(p))).collect(),
                phases_without_moments: map.phases_without_moments(),
                unused_moments: map.unused_moments(),
            }
        });
        Ok(AccountDetail {
            prior: self.prior.unwrap_or(0.5),
            trajectory: self.trajectory(ctx)?,
            metrics,
            beliefs,
            journey,
            reason: rule.explain().to_owned(),
        })
    }
}
