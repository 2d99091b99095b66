//! [`RenewalLogit`]: the renewal probability as a logistic model over everything a diagnosis knows —
//! trust and commitment, health and its trend, NPS, a recent betrayal, value, switching cost and
//! respect — with a coherent built-in prior and room for coefficients fitted to the customer's own
//! renewals.

use trustkit_core::{Trend, TrustLevel, UnitInterval};

use crate::{ChurnData, ChurnModel, Commitment, Error, FitOptions};

/// What is known about an account when its renewal is estimated. Every input but trust and
/// commitment is optional: a missing one adds nothing to the log-odds (it sits at its neutral
/// reference, see [`RenewalLogit`]) and is named in [`RenewalEstimate::missing`], so an estimate
/// built on little evidence says so.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RenewalInputs {
    /// Blended trust.
    pub trust: TrustLevel,
    /// Affective or calculative commitment.
    pub commitment: Commitment,
    /// Health score, 0–100.
    pub health: Option<f64>,
    /// Health against the previous period.
    pub health_trend: Option<Trend>,
    /// Net Promoter Score, −100…100.
    pub nps: Option<f64>,
    /// Severity of the worst recent broken promise, 0 (none) to 1.
    pub betrayal: Option<UnitInterval>,
    /// The product's value as the customer experiences it.
    pub product_value: Option<UnitInterval>,
    /// Attractiveness of the best alternative.
    pub alternatives: Option<UnitInterval>,
    /// Cost and risk of switching.
    pub switching_cost: Option<UnitInterval>,
    /// Respect for the supplier.
    pub respect: Option<UnitInterval>,
    /// Years as a customer (finite, ≥ 0).
    pub tenure_years: Option<f64>,
}

/// The coefficients of the renewal model, on the log-odds scale:
///
/// ```text
/// logit P(renew) = b₀ + b_trust·(trust − ½) + b_affective·[affective]
///                + b_health·(health/100 − ½) + b_up·[health up] + b_down·[health down]
///                + b_nps·NPS/100 − b_betrayal·severity
///                + b_value·(product_value − alternatives) + b_cost·(switching_cost − ½)
///                + b_respect·(respect − ½) + b_tenure·(ln(1 + years) − ln 3)
/// ```
///
/// Each input is centred on a neutral reference (trust, switching cost and respect ½, health 50, NPS 0,
/// no betrayal, value equal to the alternative, two years as a customer), so a missing input adds
/// nothing and the intercept is the renewal of an account about which nothing is known. Tenure enters
/// on a log scale — the first years count most — and its direction is left to the data (it has no
/// coherent sign to enforce: new customers can be loyal, old ones complacent).
///
/// [`RenewalLogit::PRIOR`] is trustkit's built-in prior: coefficients chosen by judgement so that
/// every sign is the one the research gives — more trust, affective commitment, better or improving
/// health, more promoters, more value, higher switching cost and more respect never lower renewal
/// (property-tested), and a broken promise always does, whatever the commitment — and so that no one
/// input dominates. They are **not estimated from data**: an estimate from the prior says so
/// ([`RenewalEstimate::calibrated`] is false). Fit the coefficients to your own renewals
/// ([`RenewalLogit::from_coefficients`] with a logistic regression such as [`crate::ChurnModel`]).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
pub struct RenewalLogit {
    coefficients: [f64; COEFFICIENTS],
    calibrated: bool,
}

/// How many coefficients the model has (intercept included).
pub const COEFFICIENTS: usize = 12;

/// How many features an account has (the coefficients after the intercept).
pub const FEATURES: usize = COEFFICIENTS - 1;

/// The coefficients' names, in order, as a fitted model's features are named.
pub const COEFFICIENT_NAMES: [&str; COEFFICIENTS] = [
    "intercept",
    "trust",
    "affective",
    "health",
    "health_up",
    "health_down",
    "nps",
    "betrayal",
    "value_advantage",
    "switching_cost",
    "respect",
    "tenure",
];

/// The sign every coefficient must have for the model to be coherent (+1 must not be negative, −1
/// must not be positive; 0: free).
const SIGNS: [i8; COEFFICIENTS] = [0, 1, 1, 1, 1, -1, 1, -1, 1, 1, 1, 0];

/// One account's renewal estimate.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RenewalEstimate {
    /// Probability of renewal.
    pub probability: UnitInterval,
    /// The log-odds it came from.
    pub logit: f64,
    /// Whether the coefficients were fitted to outcomes (false for the built-in prior).
    pub calibrated: bool,
    /// The inputs that were unknown and so held at their neutral reference.
    pub missing: Vec<String>,
}

impl RenewalLogit {
    /// trustkit's built-in prior (see the type's docs): a neutral account with nothing else known
    /// renews with probability 0.80 (`b₀ = ln 4`); trust 3, affective 0.5, health 3, health up 0.2 and
    /// down −0.4, NPS 1, betrayal −2, value advantage 2, switching cost 1, respect 1, tenure 0 (the
    /// prior takes no view on tenure; a fit learns it). *Default*, uncalibrated.
    pub const PRIOR: Self = Self {
        coefficients: [
            1.386_294_361_119_890_6, // ln 4: P = 0.8
            3.0,
            0.5,
            3.0,
            0.2,
            -0.4,
            1.0,
            -2.0,
            2.0,
            1.0,
            1.0,
            0.0,
        ],
        calibrated: false,
    };

    /// A model with fitted coefficients, in [`COEFFICIENT_NAMES`] order.
    ///
    /// # Errors
    /// [`Error::Core`] for a coefficient that is not finite or whose sign contradicts the
    /// model's direction (a fit that says more trust lowers renewal is a fit to fix, not to use).
    pub fn from_coefficients(coefficients: [f64; COEFFICIENTS]) -> Result<Self, Error> {
        let model = Self {
            coefficients,
            calibrated: true,
        };
        model.validate()?;
        Ok(model)
    }

    /// Checks every coefficient is finite and of its coherent sign.
    ///
    /// # Errors
    /// As [`RenewalLogit::from_coefficients`].
    pub fn validate(&self) -> Result<(), Error> {
        for ((b, sign), name) in self.coefficients.iter().zip(SIGNS).zip(COEFFICIENT_NAMES) {
            let (min, max) = match sign {
                1 => (0.0, f64::MAX),
                -1 => (-f64::MAX, 0.0),
                _ => (-f64::MAX, f64::MAX),
            };
            trustkit_core::Bounds::closed(min, max)
                .check(&format!("renewal coefficient {name}"), *b)?;
        }
        Ok(())
    }

    /// The coefficients, in [`COEFFICIENT_NAMES`] order.
    #[must_use]
    pub const fn coefficients(&self) -> &[f64; COEFFICIENTS] {
        &self.coefficients
    }

    /// Whether the coefficients were fitted to outcomes.
    #[must_use]
    pub const fn calibrated(&self) -> bool {
        self.calibrated
    }

    /// The feature vector of an account, in [`COEFFICIENT_NAMES`] order after the intercept, with the
    /// names of the missing inputs (held at 0, their neutral reference).
    ///
    /// # Errors
    /// [`Error::Core`] for a health score outside 0–100, an NPS outside −100…100 or a negative tenure.
    pub fn features(inputs: &RenewalInputs) -> Result<([f64; FEATURES], Vec<&'static str>), Error> {
        let mut missing = Vec::new();
        let mut or_missing = |name: &'static str, x: Option<f64>| {
            if x.is_none() {
                missing.push(name);
            }
            x.unwrap_or(0.0)
        };
        let health = inputs
            .health
            .map(|h| trustkit_core::Bounds::closed(0.0, 100.0).check("health score", h))
            .transpose()?;
        let nps = inputs
            .nps
            .map(|n| trustkit_core::Bounds::closed(-100.0, 100.0).check("NPS", n))
            .transpose()?;
        let tenure = inputs
            .tenure_years
            .map(|y| trustkit_core::Bounds::NON_NEGATIVE.check("tenure in years", y))
            .transpose()?;
        let unit = |x: Option<UnitInterval>| x.map(UnitInterval::value);
        let value_advantage = match (unit(inputs.product_value), unit(inputs.alternatives)) {
            (Some(v), Some(a)) => Some(v - a),
            _ => None,
        };
        let x = [
            inputs.trust.value() - 0.5,
            f64::from(u8::from(inputs.commitment == Commitment::Affective)),
            or_missing("health", health.map(|h| h / 100.0 - 0.5)),
            f64::from(u8::from(inputs.health_trend == Some(Trend::Up))),
            f64::from(u8::from(inputs.health_trend == Some(Trend::Down))),
            or_missing("nps", nps.map(|n| n / 100.0)),
            or_missing("betrayal", unit(inputs.betrayal)),
            or_missing("value_advantage", value_advantage),
            or_missing(
                "switching_cost",
                unit(inputs.switching_cost).map(|c| c - 0.5),
            ),
            or_missing("respect", unit(inputs.respect).map(|r| r - 0.5)),
            or_missing("tenure", tenure.map(|y| y.ln_1p() - 3f64.ln())),
        ];
        if inputs.health_trend.is_none() {
            missing.push("health_trend");
        }
        Ok((x, missing))
    }

    /// The renewal estimate of one account.
    ///
    /// ```
    /// use trustkit_core::{Trend, TrustLevel, UnitInterval};
    /// use trustkit_loyalty::{Commitment, RenewalInputs, RenewalLogit};
    ///
    /// let nothing_known = RenewalInputs {
    ///     trust: TrustLevel::NEUTRAL, commitment: Commitment::Calculative,
    ///     health: None, health_trend: None, nps: None, betrayal: None,
    ///     product_value: None, alternatives: None, switching_cost: None, respect: None,
    ///     tenure_years: None,
    /// };
    /// let e = RenewalLogit::PRIOR.estimate(&nothing_known)?;
    /// assert!((e.probability.value() - 0.8).abs() < 1e-12 && !e.calibrated);
    /// assert_eq!(e.missing.len(), 8);
    ///
    /// // Red, falling health and NPS −67 weigh: 1.386 + 3·(0.23 − 0.5) − 0.4 − 0.67 = −0.494.
    /// let struggling = RenewalInputs {
    ///     health: Some(23.0), health_trend: Some(Trend::Down), nps: Some(-67.0), ..nothing_known
    /// };
    /// let p = RenewalLogit::PRIOR.estimate(&struggling)?.probability.value();
    /// assert!((p - 1.0 / (1.0 + 0.494f64.exp())).abs() < 1e-3);
    /// # Ok::<(), trustkit_loyalty::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`RenewalLogit::features`].
    pub fn estimate(&self, inputs: &RenewalInputs) -> Result<RenewalEstimate, Error> {
        let (x, missing) = Self::features(inputs)?;
        let logit = self.logit(&x);
        // Finite coefficients times bounded features: the log-odds is finite; σ maps it into [0, 1].
        Ok(RenewalEstimate {
            probability: UnitInterval::saturating(1.0 / (1.0 + (-logit).exp())),
            logit,
            calibrated: self.calibrated,
            missing: missing.into_iter().map(str::to_owned).collect(),
        })
    }
}

impl RenewalLogit {
    /// The log-odds of renewal for a feature vector from [`RenewalLogit::features`].
    #[must_use]
    pub fn logit(&self, x: &[f64; FEATURES]) -> f64 {
        self.coefficients[0]
            + self.coefficients[1..]
                .iter()
                .zip(x)
                .map(|(b, x)| b * x)
                .sum::<f64>()
    }

    /// Fits the coefficients to past renewal decisions: one feature vector per decision (taken, by
    /// the caller, from the evidence dated before it) and whether the account renewed.
    ///
    /// A logistic regression by Newton–Raphson ([`ChurnModel::fit`], with `options.l2` as a ridge
    /// penalty for small samples), constrained to the model's directions: an input that never varies
    /// (no decision had it) is left out, and an input whose fitted coefficient comes out against its
    /// direction (more trust lowering renewal) is left out and the rest refitted, the most
    /// contradicting first, until every sign is coherent. Left-out inputs get coefficient 0 — the
    /// fitted model ignores them — and are listed in [`RenewalFit::excluded`].
    ///
    /// ```
    /// use trustkit_loyalty::{FitOptions, RenewalLogit};
    ///
    /// // Renewal rises with health (feature 2); nothing else is known.
    /// let mut rows = Vec::new();
    /// let mut renewed = Vec::new();
    /// for (health, renewals, churns) in [(-0.3, 1, 3), (0.0, 2, 2), (0.3, 3, 1)] {
    ///     for k in 0..4 {
    ///         let mut x = [0.0; 11];
    ///         x[2] = health;
    ///         rows.push(x);
    ///         renewed.push(k < renewals);
    ///     }
    /// }
    /// let fit = RenewalLogit::fit(&rows, &renewed, FitOptions::default())?;
    /// assert!(fit.model.coefficients()[3] > 0.0 && fit.model.calibrated());
    /// assert_eq!(fit.excluded.len(), 10);      // the other inputs never varied
    /// # Ok::<(), trustkit_loyalty::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::OneClass`], [`Error::Empty`], [`Error::RowWidth`] for mismatched lengths,
    /// [`Error::TooFewOutcomes`] for no more decisions than coefficients, [`Error::Core`] for
    /// a non-finite feature, and the fit's own errors (separation without a ridge penalty,
    /// rank deficiency).
    pub fn fit(
        rows: &[[f64; FEATURES]],
        renewed: &[bool],
        options: FitOptions,
    ) -> Result<RenewalFit, Error> {
        let (n, r) = crate::calibration::check_outcomes(rows.len(), renewed)?;
        let mut excluded = Vec::new();
        let mut active: Vec<usize> = Vec::new();
        for j in 0..FEATURES {
            let first = rows[0][j];
            if rows.iter().all(|x| x[j] == first) {
                excluded.push(Excluded {
                    name: COEFFICIENT_NAMES[j + 1].to_owned(),
                    why: Exclusion::NoVariation,
                });
            } else {
                active.push(j);
            }
        }
        if n <= active.len() + 1 {
            return Err(Error::TooFewOutcomes {
                observations: n,
                parameters: active.len() + 1,
            });
        }
        loop {
            let (coefficients, standard_errors, log_likelihood) =
                fit_columns(rows, renewed, &active, options)?;
            // The most contradicting sign, by how many standard errors it lies on the wrong side.
            let worst = active
                .iter()
                .enumerate()
                .filter(|&(k, &j)| f64::from(SIGNS[j + 1]) * coefficients[k + 1] < 0.0)
                .max_by(|a, b| {
                    let z = |k: usize| (coefficients[k + 1] / standard_errors[k + 1]).abs();
                    z(a.0).total_cmp(&z(b.0))
                })
                .map(|(k, _)| k);
            if let Some(k) = worst {
                excluded.push(Excluded {
                    name: COEFFICIENT_NAMES[active[k] + 1].to_owned(),
                    why: Exclusion::WrongSign {
                        estimate: coefficients[k + 1],
                        standard_error: standard_errors[k + 1],
                    },
                });
                active.remove(k);
                continue;
            }
            let mut all = [0.0; COEFFICIENTS];
            let mut ses = [None; COEFFICIENTS];
            all[0] = coefficients[0];
            ses[0] = Some(standard_errors[0]);
            for (k, &j) in active.iter().enumerate() {
                all[j + 1] = coefficients[k + 1];
                ses[j + 1] = Some(standard_errors[k + 1]);
            }
            return Ok(RenewalFit {
                model: Self::from_coefficients(all)?,
                standard_errors: ses,
                excluded,
                log_likelihood,
                observations: n,
                renewed: r,
                l2: options.l2,
            });
        }
    }
}

/// Fits the intercept and the `active` feature columns; an intercept alone has a closed form.
pub(crate) fn fit_columns(
    rows: &[[f64; FEATURES]],
    renewed: &[bool],
    active: &[usize],
    options: FitOptions,
) -> Result<(Vec<f64>, Vec<f64>, f64), Error> {
    if active.is_empty() {
        let n = renewed.len() as f64;
        let r = renewed.iter().filter(|&&y| y).count() as f64;
        let p = r / n;
        return Ok((
            vec![(p / (1.0 - p)).ln()],
            vec![(1.0 / (n * p * (1.0 - p))).sqrt()],
            r * p.ln() + (n - r) * (1.0 - p).ln(),
        ));
    }
    let names = active
        .iter()
        .map(|&j| COEFFICIENT_NAMES[j + 1].to_owned())
        .collect();
    let x: Vec<f64> = rows
        .iter()
        .flat_map(|x| active.iter().map(move |&j| x[j]))
        .collect();
    let data = ChurnData::from_row_major(names, x, renewed.to_vec())?;
    let model = ChurnModel::fit(&data, options)?;
    Ok((
        model.coefficients,
        model.standard_errors,
        model.log_likelihood,
    ))
}

/// A renewal model fitted to outcomes, with what a reader needs to judge it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RenewalFit {
    /// The fitted model (calibrated).
    pub model: RenewalLogit,
    /// Standard error of each coefficient, in [`COEFFICIENT_NAMES`] order; `None` for an input
    /// left out of the fit.
    pub standard_errors: [Option<f64>; COEFFICIENTS],
    /// Inputs left out, and why.
    pub excluded: Vec<Excluded>,
    /// Log-likelihood at the fit (without the ridge penalty).
    pub log_likelihood: f64,
    /// Decisions fitted.
    pub observations: usize,
    /// Of which renewed.
    pub renewed: usize,
    /// The ridge penalty used.
    pub l2: f64,
}

/// An input a [`RenewalFit`] left out.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Excluded {
    /// The input, as in [`COEFFICIENT_NAMES`].
    pub name: String,
    /// Why.
    pub why: Exclusion,
}

/// Why a fit left an input out.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Exclusion {
    /// Every decision had the same value (usually: none had it), so the data say nothing about it.
    NoVariation,
    /// Its fitted coefficient ran against the model's direction.
    WrongSign {
        /// The estimate before it was left out.
        estimate: f64,
        /// Its standard error.
        standard_error: f64,
    },
}

impl std::fmt::Display for Excluded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.why {
            Exclusion::NoVariation => write!(
                f,
                "{}: the same for every decision (no decision had it), so not fitted",
                self.name
            ),
            Exclusion::WrongSign {
                estimate,
                standard_error,
            } => write!(
                f,
                "{}: fitted {estimate:.3} ± {standard_error:.3}, against its direction, so left out",
                self.name
            ),
        }
    }
}

// A file cannot load incoherent coefficients.
#[cfg(feature = "serde")]
trustkit_core::serde_validated!(RenewalLogit);

impl Default for RenewalLogit {
    fn default() -> Self {
        Self::PRIOR
    }
}
