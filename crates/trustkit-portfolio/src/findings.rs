//! [`Findings`]: the second stage of the pipeline — what each source of evidence says about an
//! account, as typed values.
//!
//! One function per source turns the account's raw evidence into its finding; [`Account::findings`]
//! runs them and combines their trust into one blended level. Nothing here decides what to do: that is
//! the [`playbook`](crate::playbook)'s job.

use trustkit_assessment::Dimension;
use trustkit_core::{Trend, TrustLevel, UnitInterval};
use trustkit_equation::{Component, Evidence, Scale};
use trustkit_learning::{Anchor, TrustLearner};
use trustkit_loyalty::{Colour, Commitment, LoyaltyFactors, Nps, RelationshipState};

use crate::context::{LEARNED_TREND_DEAD_BAND, RECENT};
use crate::{Account, AccountError, DiagnosisContext};

/// What the trust equation says.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EquationView {
    /// Quotient (C + R + I) / S of the mean ratings.
    pub quotient: f64,
    /// Its normalised level on `[0, 1]`.
    pub level: f64,
    /// The lever whose one-point improvement raises trust most; `None` when every lever is at its
    /// best already.
    pub best_lever: Option<Component>,
    /// Raters.
    pub raters: usize,
}

/// What the four-question assessment says.
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

/// What the experience history says: learned trust and where it is heading.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LearnedView {
    /// Trust after the last experience.
    pub trust: f64,
    /// Change over the last [`RECENT`] experiences.
    pub change: f64,
    /// Up, down or the same beyond [`LEARNED_TREND_DEAD_BAND`].
    pub trend: Trend,
    /// Most negative prediction error among the last [`RECENT`] experiences (0 if none was negative).
    pub worst_recent_surprise: f64,
    /// Experiences.
    pub experiences: usize,
}

impl LearnedView {
    /// How badly a recent experience fell short of what was expected: the size of the worst
    /// negative prediction error among the last [`RECENT`] experiences, 0 when none fell short.
    #[must_use]
    pub fn betrayal(&self) -> UnitInterval {
        // A prediction error is a difference of two numbers in [0, 1], so its size is in [0, 1]; the
        // clamp only absorbs rounding.
        UnitInterval::saturating(-self.worst_recent_surprise)
    }
}

/// What the health scorecard says.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HealthView {
    /// Score 0–100.
    pub score: f64,
    /// Colour.
    pub colour: Colour,
    /// Metric driving a non-green colour.
    pub driver: Option<String>,
    /// Trend against the previous score, beyond the scorecard's dead band.
    pub trend: Option<Trend>,
}

/// What the NPS answers say.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NpsView {
    /// Score −100…100.
    pub score: f64,
    /// 95 % margin of error.
    pub margin: f64,
    /// Answers.
    pub respondents: usize,
    /// Answers of 9 or 10.
    #[serde(default)]
    pub promoters: usize,
    /// Answers of 0 to 6.
    #[serde(default)]
    pub detractors: usize,
}

/// Everything the evidence says about one account, before any decision.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Findings {
    /// From the trust equation, if rated.
    pub equation: Option<EquationView>,
    /// From the assessment, if answered.
    pub assessment: Option<AssessmentView>,
    /// From the experience history, if any.
    pub learned: Option<LearnedView>,
    /// From NPS answers, if any.
    pub nps: Option<NpsView>,
    /// Blended trust ([`Blend`](crate::Blend)); neutral (0.5) with no trust source.
    pub trust: TrustLevel,
    /// Number of trust sources blended.
    pub trust_sources: usize,
    /// Commitment at the renewal model's threshold.
    pub commitment: Commitment,
    /// Relationship state (trust × respect).
    pub relationship: RelationshipState,
    /// Health, if metrics were given.
    pub health: Option<HealthView>,
    /// Renewal probability ([`trustkit_loyalty::RenewalLogit`] over these findings).
    pub renewal_probability: f64,
    /// Whether the renewal model was fitted to outcomes; false for trustkit's uncalibrated prior.
    pub renewal_calibrated: bool,
    /// Inputs the renewal estimate lacked (held at their neutral reference).
    pub renewal_missing: Vec<String>,
    /// Promised benefit per unit of stake a competitor must offer before the customer switches;
    /// `None` when no offer suffices because the competitor is not trusted at all.
    pub switching_threshold: Option<f64>,
}

impl Findings {
    /// Severity of a recent broken promise ([`LearnedView::betrayal`]); 0 without a history.
    #[must_use]
    pub fn betrayal(&self) -> UnitInterval {
        self.learned
            .as_ref()
            .map_or(UnitInterval::ZERO, LearnedView::betrayal)
    }
}

/// Years from `since` to `at` (negative when `since` is later: the renewal model refuses it).
pub(crate) fn tenure_years(
    since: Option<chrono::NaiveDate>,
    at: Option<chrono::NaiveDate>,
) -> Option<f64> {
    since
        .zip(at)
        .map(|(since, at)| (at - since).num_days() as f64 / 365.25)
}

/// Checks an optional number against its bounds, naming the field; the one range check for the
/// account's fields that are not unit values (ARR, the previous health score).
fn in_range(
    field: &'static str,
    what: &'static str,
    x: Option<f64>,
    bounds: trustkit_core::Bounds,
) -> Result<(), AccountError> {
    match x {
        Some(value) => bounds
            .check(what, value)
            .map(|_| ())
            .map_err(|source| AccountError::Value { field, source }),
        None => Ok(()),
    }
}

/// ARR is a finite amount of at least 0.
fn check_arr(arr: Option<f64>) -> Result<(), AccountError> {
    in_range("arr", "ARR", arr, trustkit_core::Bounds::NON_NEGATIVE)
}

fn value(field: &'static str, x: f64) -> Result<UnitInterval, AccountError> {
    UnitInterval::new(x).map_err(|source| AccountError::Value { field, source })
}

/// The trust equation over the raters' mean ratings.
fn equation(account: &Account) -> Result<Option<EquationView>, AccountError> {
    if account.equation.is_empty() {
        return Ok(None);
    }
    let evidence = Evidence::from_raters(Scale::DEFAULT, &account.equation)?;
    let eq = evidence.equation();
    Ok(Some(EquationView {
        quotient: eq.quotient(),
        level: eq.level().value(),
        best_lever: eq.best_lever().map(|c| c.component),
        raters: evidence.rater_count(),
    }))
}

fn assessment(
    account: &Account,
    ctx: &DiagnosisContext,
) -> Result<Option<AssessmentView>, AccountError> {
    if account.responses.is_empty() {
        return Ok(None);
    }
    let score = ctx.scoring.score(&ctx.instrument, &account.responses)?;
    let weakest = score.weakest_dimension();
    Ok(Some(AssessmentView {
        index: score.overall.map(|o| o.value.value()),
        weakest,
        weakest_score: weakest.and_then(|d| score.dimension(d).score()),
        respondents: score.respondents,
    }))
}

/// The account's learner, anchored at its prior (*default* neutral, 0.5).
pub(crate) fn learner(
    account: &Account,
    ctx: &DiagnosisContext,
) -> Result<TrustLearner, AccountError> {
    let prior = value("prior", account.prior.unwrap_or(0.5))?;
    Ok(TrustLearner::new(ctx.learner, Anchor::new(prior.value())?)?)
}

/// One pass of the learner over the history, keeping only the last [`RECENT`] steps.
fn learned(account: &Account, ctx: &DiagnosisContext) -> Result<Option<LearnedView>, AccountError> {
    if account.experiences.is_empty() {
        return Ok(None);
    }
    let mut learner = learner(account, ctx)?;
    // Trust before each of the last RECENT experiences and after the last, in a small ring.
    let mut trust_ring = [0.0; RECENT + 1];
    let mut surprise_ring = [0.0; RECENT];
    trust_ring[0] = learner.trust().value();
    for (index, e) in account.experiences.iter().enumerate() {
        let step = learner
            .observe(e)
            .map_err(|source| AccountError::Experience { index, source })?;
        trust_ring[(index + 1) % (RECENT + 1)] = step.trust.value();
        surprise_ring[index % RECENT] = step.prediction_error.value();
    }
    let n = account.experiences.len();
    let now = trust_ring[n % (RECENT + 1)];
    let then = trust_ring[n.saturating_sub(RECENT) % (RECENT + 1)];
    let change = now - then;
    let worst = surprise_ring[..n.min(RECENT)]
        .iter()
        .copied()
        .fold(0.0f64, f64::min);
    let trend = Trend::of(change, LEARNED_TREND_DEAD_BAND).ok_or(AccountError::Value {
        field: "learned trust",
        source: trustkit_core::Error::OutOfRange {
            what: "change of learned trust".to_owned(),
            value: change,
            bounds: trustkit_core::Bounds::FINITE,
        },
    })?;
    Ok(Some(LearnedView {
        trust: now,
        change,
        trend,
        worst_recent_surprise: worst,
        experiences: n,
    }))
}

fn nps(account: &Account) -> Result<Option<NpsView>, AccountError> {
    if account.nps.is_empty() {
        return Ok(None);
    }
    let n = Nps::from_answers(&account.nps).map_err(AccountError::Nps)?;
    Ok(Some(NpsView {
        score: n.score(),
        margin: n.margin_of_error(1.96),
        respondents: n.respondents(),
        promoters: n.promoters,
        detractors: n.detractors,
    }))
}

fn health(account: &Account, ctx: &DiagnosisContext) -> Result<Option<HealthView>, AccountError> {
    if account.health.is_empty() {
        // Checked even without current metrics, so a bad value never waits for other evidence.
        in_range(
            "previous_health",
            "previous health score",
            account.previous_health,
            trustkit_core::Bounds::closed(0.0, 100.0),
        )?;
        return Ok(None);
    }
    for (metric, &value) in &account.health {
        if let Some(&unit) = ctx.units.get(metric) {
            unit.check(value).map_err(|problem| AccountError::Unit {
                metric: metric.clone(),
                unit,
                problem,
            })?;
        }
    }
    let report = ctx
        .scorecard
        .score(&account.id, &account.health, account.previous_health)
        .map_err(AccountError::Health)?;
    Ok(Some(HealthView {
        score: report.score,
        colour: report.colour,
        driver: report.driver,
        trend: report.trend,
    }))
}

/// The market facts as validated loyalty factors around a trust level (unstated facts at their
/// documented defaults, see [`crate::MarketFacts::or_default`]).
fn factors(account: &Account, trust: TrustLevel) -> Result<LoyaltyFactors, AccountError> {
    account.market.validate()?;
    let [product_value, switching_cost, alternatives, respect, _] = account.market.or_default();
    Ok(LoyaltyFactors {
        product_value: value("market.product_value", product_value)?,
        switching_cost: value("market.switching_cost", switching_cost)?,
        alternatives: value("market.alternatives", alternatives)?,
        trust,
        respect: value("market.respect", respect)?,
    })
}

impl Account {
    /// Checks the account's evidence without diagnosing it — every check a diagnosis would make
    /// except running the learner and scoring the assessment — so loading a portfolio costs one
    /// cheap pass per account.
    ///
    /// # Errors
    /// The [`AccountError`] its diagnosis would give: ratings off the scale, responses to unknown
    /// items or off their scale, experiences out of time order, unknown or non-finite health
    /// metrics, a previous health score outside 0–100, NPS answers above 10, a prior or market facts
    /// outside `[0, 1]`.
    pub fn validate(&self, ctx: &DiagnosisContext) -> Result<(), AccountError> {
        equation(self)?;
        for r in &self.responses {
            ctx.instrument.check_response(r)?;
        }
        value("prior", self.prior.unwrap_or(0.5))?;
        if let Some(k) = self
            .experiences
            .windows(2)
            .position(|w| w[1].at() < w[0].at())
        {
            return Err(AccountError::Experience {
                index: k + 1,
                source: trustkit_learning::Error::TimeWentBackwards {
                    previous: self.experiences[k].at(),
                    at: self.experiences[k + 1].at(),
                },
            });
        }
        health(self, ctx)?;
        nps(self)?;
        factors(self, TrustLevel::NEUTRAL)?;
        check_arr(self.arr)?;
        self.validate_renewals(ctx)?;
        Ok(())
    }

    /// Runs whatever the evidence allows, once per source, and combines it: trust from each source
    /// blended by the context's [`Blend`](crate::Blend), then commitment, relationship, renewal and
    /// the switching threshold from that trust and the market facts.
    ///
    /// # Errors
    /// As [`Account::validate`].
    pub fn findings(&self, ctx: &DiagnosisContext) -> Result<Findings, AccountError> {
        self.findings_and_inputs(ctx).map(|(f, _)| f)
    }

    /// What the renewal model sees of this account: the [`Findings`]' trust, commitment, health,
    /// NPS and betrayal, and the market facts the account states.
    ///
    /// # Errors
    /// As [`Account::findings`].
    pub fn renewal_inputs(
        &self,
        ctx: &DiagnosisContext,
    ) -> Result<trustkit_loyalty::RenewalInputs, AccountError> {
        self.findings_and_inputs(ctx).map(|(_, inputs)| inputs)
    }

    fn findings_and_inputs(
        &self,
        ctx: &DiagnosisContext,
    ) -> Result<(Findings, trustkit_loyalty::RenewalInputs), AccountError> {
        // Checked whether or not there are experiences to learn from.
        value("prior", self.prior.unwrap_or(0.5))?;
        check_arr(self.arr)?;
        let equation = equation(self)?;
        let assessment = assessment(self, ctx)?;
        let learned = learned(self, ctx)?;
        let nps = nps(self)?;
        let health = health(self, ctx)?;

        let (trust, trust_sources) = match ctx.blend.combine(
            equation.as_ref().map(|e| e.level),
            assessment.as_ref().and_then(|a| a.index),
            learned.as_ref().map(|l| l.trust),
        ) {
            // A weighted mean of levels in [0, 1] is in [0, 1] up to rounding.
            Some((t, n)) => (TrustLevel::saturating(t), n),
            None => (TrustLevel::NEUTRAL, 0),
        };

        let factors = factors(self, trust)?;
        let newcomer =
            TrustLevel::from(value("market.newcomer_trust", self.market.or_default()[4])?);
        let threshold = value(
            "renewal.commitment_threshold",
            ctx.renewal.commitment_threshold,
        )?;
        let betrayal = learned
            .as_ref()
            .map_or(UnitInterval::ZERO, LearnedView::betrayal);
        let outlook = ctx.renewal.outlook(&factors, None, betrayal)?;
        let switching_threshold = ctx.prospect.switching_threshold(trust, newcomer);
        let inputs = trustkit_loyalty::RenewalInputs {
            trust,
            commitment: outlook.commitment,
            health: health.as_ref().map(|h| h.score),
            health_trend: health.as_ref().and_then(|h| h.trend),
            nps: nps.as_ref().map(|n| n.score),
            betrayal: learned.as_ref().map(LearnedView::betrayal),
            // Unstated market facts are unknown to the renewal model, not their defaults.
            product_value: self.market.product_value.map(|_| factors.product_value),
            alternatives: self.market.alternatives.map(|_| factors.alternatives),
            switching_cost: self.market.switching_cost.map(|_| factors.switching_cost),
            respect: self.market.respect.map(|_| factors.respect),
            tenure_years: tenure_years(self.customer_since, ctx.as_of),
        };
        let estimate = ctx.renewal_logit.estimate(&inputs)?;
        let findings = Findings {
            equation,
            assessment,
            learned,
            nps,
            trust,
            trust_sources,
            commitment: outlook.commitment,
            relationship: factors.relationship(threshold),
            health,
            renewal_probability: estimate.probability.value(),
            renewal_calibrated: estimate.calibrated,
            renewal_missing: estimate.missing,
            switching_threshold,
        };
        Ok((findings, inputs))
    }
}
