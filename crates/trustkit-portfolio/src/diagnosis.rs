//! [`Diagnosis`]: the third stage of the pipeline — an account's findings and the one action they
//! call for, built once.

use trustkit_core::Moment;
use trustkit_loyalty::JourneyMap;

use crate::findings::learner;
use crate::playbook::{Action, recommend};
use crate::{Account, AccountError, DiagnosisContext, Findings};

/// One account's diagnosis: who it is, what the evidence says, and what to do.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Diagnosis {
    /// Account id.
    pub account: String,
    /// Account name.
    pub name: String,
    /// The account's segment, for roll-ups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// The account's owner (CSM), for roll-ups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Annual recurring revenue, in `currency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arr: Option<f64>,
    /// Currency of `arr`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// When the contract renews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_date: Option<chrono::NaiveDate>,
    /// Days from the context's `as_of` date to the renewal (negative once it has passed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_to_renewal: Option<i64>,
    /// Revenue at risk: `arr × (1 − renewal probability)`, in `currency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue_at_risk: Option<f64>,
    /// What the evidence says (serialised inline, beside `account` and `name`).
    #[serde(flatten)]
    pub findings: Findings,
    /// The one recommended action.
    pub action: Action,
    /// The CRM's pass-through columns, unchanged, so the report joins back to it.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub attributes: std::collections::BTreeMap<String, String>,
    /// The evidence behind the diagnosis (trajectory, metrics against limits, beliefs, journey,
    /// the rule in words), when the context asks for it ([`DiagnosisContext::detail`]): what the
    /// dashboard shows for an opened account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<crate::AccountDetail>,
}

impl Diagnosis {
    /// The order a team reviews accounts in: most revenue at risk first (none counts as 0), then
    /// the lowest renewal probability. The dashboard's capped table and its account details use it.
    #[must_use]
    pub fn riskiest_first(a: &Self, b: &Self) -> std::cmp::Ordering {
        b.revenue_at_risk
            .unwrap_or(0.0)
            .total_cmp(&a.revenue_at_risk.unwrap_or(0.0))
            .then(
                a.findings
                    .renewal_probability
                    .total_cmp(&b.findings.renewal_probability),
            )
    }
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
    /// [`AccountError::Value`] for a prior outside `[0, 1]`, [`AccountError::Learning`] for invalid
    /// learner parameters, [`AccountError::Experience`] for experiences out of time order.
    pub fn trajectory(&self, ctx: &DiagnosisContext) -> Result<Vec<TrajectoryPoint>, AccountError> {
        let mut learner = learner(self, ctx)?;
        self.experiences
            .iter()
            .enumerate()
            .map(|(index, e)| {
                let step = learner
                    .observe(e)
                    .map_err(|source| AccountError::Experience { index, source })?;
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
    pub fn diagnose(&self) -> Result<Diagnosis, AccountError> {
        self.diagnose_with(&DiagnosisContext::default())
    }

    /// The whole pipeline for one account: its [`Findings`] in `ctx`, then the playbook's
    /// [`Action`] for them and the account's journey.
    ///
    /// # Errors
    /// As [`Account::validate`], with the domain crate's error as the cause.
    pub fn diagnose_with(&self, ctx: &DiagnosisContext) -> Result<Diagnosis, AccountError> {
        let findings = self.findings(ctx)?;
        let journey = (!self.journey.is_empty()).then(|| JourneyMap::new(self.journey.clone()));
        let action = recommend(&findings, journey.as_ref());
        let days_to_renewal = self
            .renewal_date
            .zip(ctx.as_of)
            .map(|(renews, today)| (renews - today).num_days());
        let revenue_at_risk = self
            .arr
            .map(|arr| arr * (1.0 - findings.renewal_probability));
        let detail = if ctx.detail {
            Some(self.detail_for(ctx, action.rule)?)
        } else {
            None
        };
        Ok(Diagnosis {
            account: self.id.clone(),
            name: self.name.clone(),
            segment: self.segment.clone(),
            owner: self.owner.clone(),
            arr: self.arr,
            currency: self.currency.clone(),
            renewal_date: self.renewal_date,
            days_to_renewal,
            revenue_at_risk,
            findings,
            action,
            attributes: self.attributes.clone(),
            detail,
        })
    }
}
