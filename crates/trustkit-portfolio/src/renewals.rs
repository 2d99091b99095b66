//! Past renewal decisions, the evidence as it stood before each, and the calibration of the renewal
//! model on them.
//!
//! **The cut-off rule.** A decision dated `d` sees only evidence dated before `d` (strictly before
//! its day, 00:00 UTC): experiences and assessment answers by their timestamps, and the health
//! metrics, previous health score, NPS answers and market facts recorded *in the decision* (what the
//! CRM knew before it). The account's own health, NPS, market facts and trust-equation ratings are
//! undated current snapshots, taken after every past decision, so they never reach one: using them
//! would let the outcome leak into its own prediction.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use trustkit_loyalty::calibration::{Validation, cross_validate};
use trustkit_loyalty::{FEATURES, FitOptions, RenewalFit, RenewalLogit};

use crate::portfolio::account_error;
use crate::{Account, AccountError, DiagnosisContext, Error, MarketFacts};

/// How a renewal decision went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalResult {
    /// The contract renewed at the same or a higher value.
    Renewed,
    /// The customer left.
    Churned,
    /// The contract renewed at a lower value. It counts as a renewal — the customer stayed — and
    /// the ARR before and after show by how much it shrank.
    Downgraded,
}

impl RenewalResult {
    /// Every result, in documentation order.
    pub const ALL: [Self; 3] = [Self::Renewed, Self::Churned, Self::Downgraded];

    /// The name used in files.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Renewed => "renewed",
            Self::Churned => "churned",
            Self::Downgraded => "downgraded",
        }
    }

    /// Whether the customer stayed (renewed or downgraded).
    #[must_use]
    pub const fn stayed(self) -> bool {
        !matches!(self, Self::Churned)
    }
}

impl std::fmt::Display for RenewalResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

trustkit_core::impl_from_str!(RenewalResult, "renewal result");

/// One past renewal decision of an account, with the evidence recorded before it (see the module
/// docs for the cut-off rule).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewalDecision {
    /// The day the customer decided (the contract's renewal date).
    pub decided_at: NaiveDate,
    /// What they decided.
    pub result: RenewalResult,
    /// ARR before the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arr_before: Option<f64>,
    /// ARR after it (0 for a churn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arr_after: Option<f64>,
    /// Health metric values recorded before the decision.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub health: BTreeMap<String, f64>,
    /// The health score of the period before those metrics, for the trend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_health: Option<f64>,
    /// NPS answers (0–10) collected before the decision.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nps: Vec<u8>,
    /// Market facts as judged before the decision.
    #[serde(default)]
    pub market: MarketFacts,
}

impl RenewalDecision {
    /// A decision with no evidence of its own attached.
    #[must_use]
    pub fn new(decided_at: NaiveDate, result: RenewalResult) -> Self {
        Self {
            decided_at,
            result,
            arr_before: None,
            arr_after: None,
            health: BTreeMap::new(),
            previous_health: None,
            nps: Vec::new(),
            market: MarketFacts::default(),
        }
    }
}

impl Account {
    /// The account as it stood before `decision` (the module's cut-off rule): experiences and
    /// answers dated before the decision's day, the decision's own health, NPS and market facts,
    /// no trust-equation ratings (undated) and no decisions.
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use trustkit_learning::Experience;
    /// use trustkit_portfolio::{Account, RenewalDecision, RenewalResult};
    ///
    /// let mut a = Account::new("a", "A");
    /// let day = |d| Utc.with_ymd_and_hms(2026, 3, d, 9, 0, 0).unwrap();
    /// a.experiences = vec![Experience::new(0.9, day(1))?, Experience::new(0.1, day(20))?];
    /// let decided = RenewalDecision::new(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap(), RenewalResult::Renewed);
    /// // The broken promise of 20 March came after the decision: it does not count.
    /// assert_eq!(a.as_of_decision(&decided).experiences.len(), 1);
    /// # Ok::<(), trustkit_learning::Error>(())
    /// ```
    #[must_use]
    pub fn as_of_decision(&self, decision: &RenewalDecision) -> Self {
        let cutoff = decision
            .decided_at
            .and_time(chrono::NaiveTime::MIN)
            .and_utc();
        // Experiences are in time order (validated), so the cut-off is one binary search.
        let before = self.experiences.partition_point(|e| e.at() < cutoff);
        Self {
            experiences: self.experiences[..before].to_vec(),
            responses: self
                .responses
                .iter()
                .filter(|r| r.answered_at < cutoff)
                .cloned()
                .collect(),
            equation: Vec::new(),
            health: decision.health.clone(),
            previous_health: decision.previous_health,
            nps: decision.nps.clone(),
            market: decision.market,
            arr: decision.arr_before.or(self.arr),
            renewal_date: Some(decision.decided_at),
            customer_since: self.customer_since,
            renewals: Vec::new(),
            ..self.clone_header()
        }
    }

    /// The account's identity and settings without its evidence.
    fn clone_header(&self) -> Self {
        Self {
            segment: self.segment.clone(),
            stage: self.stage,
            owner: self.owner.clone(),
            parent: self.parent.clone(),
            currency: self.currency.clone(),
            prior: self.prior,
            journey: self.journey.clone(),
            ..Self::new(self.id.clone(), self.name.clone())
        }
    }

    /// Whether any evidence besides the prior is present.
    fn has_evidence(&self) -> bool {
        !(self.experiences.is_empty()
            && self.responses.is_empty()
            && self.equation.is_empty()
            && self.health.is_empty()
            && self.nps.is_empty()
            && self.market == MarketFacts::default())
    }

    /// Checks the account's past decisions: ARR finite and ≥ 0, and the evidence attached to each
    /// valid as the account's own would be.
    pub(crate) fn validate_renewals(&self, ctx: &DiagnosisContext) -> Result<(), AccountError> {
        for (index, d) in self.renewals.iter().enumerate() {
            let as_of = self.as_of_decision(d);
            let tenure = crate::findings::tenure_years(self.customer_since, Some(d.decided_at));
            for (field, what, x) in [
                ("arr_before", "ARR before", d.arr_before),
                ("arr_after", "ARR after", d.arr_after),
                (
                    "customer_since",
                    "years as a customer at the decision (customer_since is after it)",
                    tenure,
                ),
            ] {
                if let Some(x) = x {
                    trustkit_core::Bounds::NON_NEGATIVE
                        .check(what, x)
                        .map_err(|source| AccountError::Renewal {
                            index,
                            source: Box::new(AccountError::Value { field, source }),
                        })?;
                }
            }
            as_of
                .renewal_inputs(ctx)
                .map_err(|source| AccountError::Renewal {
                    index,
                    source: Box::new(source),
                })?;
        }
        Ok(())
    }
}

/// Where a decision came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DecisionRef {
    /// The account.
    pub account: String,
    /// The decision's day.
    pub decided_at: NaiveDate,
    /// Its result.
    pub result: RenewalResult,
}

/// Past decisions as training data: one feature vector per decision, from the evidence before it.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct RenewalHistory {
    /// Features ([`RenewalLogit::features`]) per usable decision.
    pub rows: Vec<[f64; FEATURES]>,
    /// Whether each renewed (renewed or downgraded).
    pub renewed: Vec<bool>,
    /// Which decision each row is.
    pub decisions: Vec<DecisionRef>,
    /// Decisions with no evidence dated before them: nothing to predict from, so left out.
    pub skipped: Vec<DecisionRef>,
}

impl RenewalHistory {
    /// Collects every account's decisions in the cut-off rule's view.
    ///
    /// # Errors
    /// [`Error::Account`] for an account whose evidence before a decision is invalid.
    pub fn collect<'a>(
        accounts: impl IntoIterator<Item = &'a Account>,
        ctx: &DiagnosisContext,
    ) -> Result<Self, Error> {
        let mut history = Self::default();
        for (index, account) in accounts.into_iter().enumerate() {
            for (k, d) in account.renewals.iter().enumerate() {
                let reference = DecisionRef {
                    account: account.id.clone(),
                    decided_at: d.decided_at,
                    result: d.result,
                };
                let as_of = account.as_of_decision(d);
                if !as_of.has_evidence() {
                    history.skipped.push(reference);
                    continue;
                }
                let wrap = |source| {
                    account_error(
                        index,
                        account,
                        AccountError::Renewal {
                            index: k,
                            source: Box::new(source),
                        },
                    )
                };
                let mut inputs = as_of.renewal_inputs(ctx).map_err(wrap)?;
                // Tenure as it was at the decision, not today.
                inputs.tenure_years =
                    crate::findings::tenure_years(account.customer_since, Some(d.decided_at));
                let (x, _) =
                    RenewalLogit::features(&inputs).map_err(|e| wrap(AccountError::Loyalty(e)))?;
                history.rows.push(x);
                history.renewed.push(d.result.stayed());
                history.decisions.push(reference);
            }
        }
        Ok(history)
    }
}

/// How to calibrate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibrateOptions {
    /// Cross-validation folds (*default* 5).
    pub folds: usize,
    /// Seed of the fold assignment (*default* 1).
    pub seed: u64,
    /// Ridge penalty on the slopes (*default* 0; see [`FitOptions::l2`]).
    pub l2: f64,
}

impl Default for CalibrateOptions {
    fn default() -> Self {
        Self {
            folds: 5,
            seed: 1,
            l2: 0.0,
        }
    }
}

/// A renewal model fitted to an account book's own outcomes, with its held-out accuracy: what
/// `trustkit calibrate` writes and `trustkit report` reads.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// The day of the fit (the diagnosis context's `as_of`), if known.
    #[serde(default)]
    pub fitted_on: Option<NaiveDate>,
    /// Decisions fitted.
    pub decisions: usize,
    /// Of which downgrades (counted as renewals).
    pub downgraded: usize,
    /// Decisions left out for lack of evidence before them.
    pub skipped: usize,
    /// The fit on every decision: the model `report` uses.
    pub fit: RenewalFit,
    /// Its accuracy and the baselines', on held-out folds.
    pub validation: Validation,
}

impl Calibration {
    /// Fits the renewal model to `history` and cross-validates it.
    ///
    /// ```
    /// use trustkit_portfolio::{CalibrateOptions, Calibration, Portfolio, RenewalHistory};
    ///
    /// let mut p = Portfolio::sample()?;
    /// p.import_outcomes_csv(trustkit_portfolio::SAMPLE_OUTCOMES_CSV.as_bytes())?;
    /// let history = RenewalHistory::collect(&p.accounts, &p.context())?;
    /// let options = CalibrateOptions { l2: 1.0, ..CalibrateOptions::default() };
    /// let c = Calibration::fit(&history, options, None)?;
    /// assert!(c.fit.model.calibrated() && c.validation.model.auc > 0.5);
    /// # Ok::<(), trustkit_portfolio::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::NoOutcomes`] when no decision has evidence before it; [`Error::Calibration`] for
    /// one outcome only, fewer decisions than coefficients, fewer decisions of either outcome than
    /// folds, or a fit that fails (separation without a ridge penalty).
    pub fn fit(
        history: &RenewalHistory,
        options: CalibrateOptions,
        fitted_on: Option<NaiveDate>,
    ) -> Result<Self, Error> {
        if history.rows.is_empty() {
            return Err(Error::NoOutcomes {
                skipped: history.skipped.len(),
            });
        }
        let fit_options = FitOptions {
            l2: options.l2,
            ..FitOptions::default()
        };
        let fit = RenewalLogit::fit(&history.rows, &history.renewed, fit_options)?;
        let validation = cross_validate(
            &history.rows,
            &history.renewed,
            options.folds,
            options.seed,
            fit_options,
        )?;
        Ok(Self {
            fitted_on,
            decisions: history.rows.len(),
            downgraded: history
                .decisions
                .iter()
                .filter(|d| d.result == RenewalResult::Downgraded)
                .count(),
            skipped: history.skipped.len(),
            fit,
            validation,
        })
    }

    /// Reads a calibration written by [`Calibration::to_json`]; the coefficients are checked as
    /// they load (finite, coherent signs).
    ///
    /// # Errors
    /// [`Error::Json`] with the path of the offending field.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        let mut de = serde_json::Deserializer::from_str(json);
        let c = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| crate::portfolio::json_error(e, "", 0))?;
        de.end()
            .map_err(|e| crate::portfolio::bare_json_error(&e, 0))?;
        Ok(c)
    }

    /// Writes the calibration as pretty JSON.
    ///
    /// # Errors
    /// [`Error::Json`] if serialisation fails (it does not for these types).
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| crate::portfolio::bare_json_error(&e, 0))
    }
}
