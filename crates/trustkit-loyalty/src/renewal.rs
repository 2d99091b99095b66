//! The renewal outlook: a transparent renewal-probability model that behaves differently under
//! affective and calculative commitment.

use trustkit_core::UnitInterval;

use crate::error::Error;
use crate::{Commitment, LoyaltyFactors};
use trustkit_core::{Bound, Bounds};

/// A weighted selection matrix, as procurement builds for an RFP: criteria with weights, and each
/// offer's score per criterion on `[0, 1]`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawMatrix", into = "RawMatrix"))]
pub struct SelectionMatrix {
    criteria: Vec<(String, f64)>,
    incumbent: Vec<f64>,
    alternatives: Vec<(String, Vec<f64>)>,
}

impl SelectionMatrix {
    /// Validates a matrix: at least one criterion, unique names, weights positive and finite, every
    /// score in `[0, 1]`, one score per criterion for the incumbent and each alternative.
    ///
    /// ```
    /// use trustkit_loyalty::SelectionMatrix;
    ///
    /// let m = SelectionMatrix::new(
    ///     vec![("price".into(), 2.0), ("features".into(), 1.0), ("support".into(), 1.0)],
    ///     vec![0.5, 0.8, 0.9],
    ///     vec![("rival".into(), vec![0.9, 0.7, 0.5])],
    /// )?;
    /// // Incumbent (2·0.5 + 0.8 + 0.9)/4 = 0.675; rival (1.8 + 0.7 + 0.5)/4 = 0.75.
    /// assert!((m.advantage() - (0.675 - 0.75)).abs() < 1e-12);
    /// # Ok::<(), trustkit_loyalty::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Empty`], [`Error::Duplicate`], [`Error::Core`] or [`Error::RowWidth`] naming
    /// what is wrong.
    pub fn new(
        criteria: Vec<(String, f64)>,
        incumbent: Vec<f64>,
        alternatives: Vec<(String, Vec<f64>)>,
    ) -> Result<Self, Error> {
        if criteria.is_empty() {
            return Err(Error::Empty {
                what: "selection criteria",
            });
        }
        for (k, (name, weight)) in criteria.iter().enumerate() {
            if criteria[..k].iter().any(|(n, _)| n == name) {
                return Err(Error::Duplicate {
                    what: "criterion",
                    name: name.clone(),
                });
            }
            if !(weight.is_finite() && *weight > 0.0) {
                return Err(trustkit_core::Error::OutOfRange {
                    what: format!("weight of criterion {name:?}"),
                    value: *weight,
                    bounds: Bounds::POSITIVE,
                }
                .into());
            }
        }
        let rows = std::iter::once(("incumbent", &incumbent))
            .chain(alternatives.iter().map(|(n, s)| (n.as_str(), s)));
        for (row, (name, scores)) in rows.enumerate() {
            if scores.len() != criteria.len() {
                return Err(Error::RowWidth {
                    row,
                    found: scores.len(),
                    expected: criteria.len(),
                });
            }
            for ((criterion, _), &s) in criteria.iter().zip(scores.iter()) {
                Bounds::UNIT.check(&format!("{name}'s score on {criterion:?}"), s)?;
            }
        }
        for (k, (name, _)) in alternatives.iter().enumerate() {
            if alternatives[..k].iter().any(|(n, _)| n == name) {
                return Err(Error::Duplicate {
                    what: "alternative",
                    name: name.clone(),
                });
            }
        }
        Ok(Self {
            criteria,
            incumbent,
            alternatives,
        })
    }

    fn weighted(&self, scores: &[f64]) -> f64 {
        let total: f64 = self.criteria.iter().map(|(_, w)| w).sum();
        self.criteria
            .iter()
            .zip(scores)
            .map(|((_, w), s)| w * s)
            .sum::<f64>()
            / total
    }

    /// The incumbent's weighted score.
    #[must_use]
    pub fn incumbent_score(&self) -> f64 {
        self.weighted(&self.incumbent)
    }

    /// The best alternative and its weighted score, if there is any alternative.
    #[must_use]
    pub fn best_alternative(&self) -> Option<(&str, f64)> {
        self.alternatives
            .iter()
            .map(|(n, s)| (n.as_str(), self.weighted(s)))
            .fold(None, |best, (n, s)| match best {
                Some((_, b)) if b >= s => best,
                _ => Some((n, s)),
            })
    }

    /// Incumbent score minus the best alternative's (the incumbent score itself with no alternative).
    #[must_use]
    pub fn advantage(&self) -> f64 {
        self.incumbent_score() - self.best_alternative().map_or(0.0, |(_, s)| s)
    }
}

/// The unvalidated form of a selection matrix on the wire.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct RawMatrix {
    criteria: Vec<(String, f64)>,
    incumbent: Vec<f64>,
    alternatives: Vec<(String, Vec<f64>)>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawMatrix> for SelectionMatrix {
    type Error = Error;

    fn try_from(raw: RawMatrix) -> Result<Self, Error> {
        Self::new(raw.criteria, raw.incumbent, raw.alternatives)
    }
}

#[cfg(feature = "serde")]
impl From<SelectionMatrix> for RawMatrix {
    fn from(m: SelectionMatrix) -> Self {
        Self {
            criteria: m.criteria,
            incumbent: m.incumbent,
            alternatives: m.alternatives,
        }
    }
}

/// The coefficients of the renewal model. `RenewalModel::default()` holds trustkit's documented
/// defaults; they are illustrative starting points, to be replaced by a fit to your own renewals
/// (see [`crate::ChurnModel`]).
///
/// **Calculative** (trust below the threshold): the customer compares offers.
/// `p_calc = σ(b₀ + b_adv·Δ + b_cost·switching_cost + b_trust·trust)`, where `Δ` is the incumbent's
/// advantage in the selection matrix (or `product_value − alternatives` without one).
///
/// **Affective** (trust at or above the threshold): renewal is the default, `p_loyal = p_default`,
/// moved only by a large recent betrayal (severity `s ≥ betrayal_threshold` multiplies it by
/// `1 − betrayal_impact·s`) or a collapse of value (`product_value < value_floor` multiplies it by
/// `product_value / value_floor`). The outlook is `max(p_loyal, p_calc)`: wanting to stay never makes a
/// customer less likely to stay than the numbers alone would, so more trust never lowers the
/// probability.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
pub struct RenewalModel {
    /// Trust at or above which commitment is affective (*default* 0.6).
    pub commitment_threshold: f64,
    /// `b₀` (*default* −0.5: with equal offers, no switching cost and no trust, a calculative customer
    /// leans towards leaving).
    pub intercept: f64,
    /// `b_adv` per unit of weighted-score advantage (*default* 6: a 0.1 advantage adds 0.6 to the log-odds).
    pub advantage: f64,
    /// `b_cost` per unit of switching cost (*default* 2).
    pub switching_cost: f64,
    /// `b_trust` per unit of trust (*default* 2: even calculating customers prefer a supplier they trust).
    pub trust: f64,
    /// `p_default`, renewal probability under affective commitment (*default* 0.92).
    pub affective_default: f64,
    /// Severity from which a betrayal counts as large (*default* 0.5).
    pub betrayal_threshold: f64,
    /// How much a large betrayal of severity 1 removes (*default* 0.5: halves the default).
    pub betrayal_impact: f64,
    /// Product value below which value has collapsed (*default* 0.3).
    pub value_floor: f64,
}

impl Default for RenewalModel {
    fn default() -> Self {
        Self {
            commitment_threshold: 0.6,
            intercept: -0.5,
            advantage: 6.0,
            switching_cost: 2.0,
            trust: 2.0,
            affective_default: 0.92,
            betrayal_threshold: 0.5,
            betrayal_impact: 0.5,
            value_floor: 0.3,
        }
    }
}

/// The renewal outlook of one account.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RenewalOutlook {
    /// The commitment that holds.
    pub commitment: Commitment,
    /// Probability of renewal.
    pub probability: UnitInterval,
    /// The calculative comparison alone.
    pub calculative: f64,
    /// The affective default after betrayal and value adjustments (under affective commitment).
    pub affective: Option<f64>,
}

impl RenewalOutlook {
    /// Probability of churn, `1 − renewal`.
    #[must_use]
    pub fn churn_probability(&self) -> f64 {
        1.0 - self.probability.value()
    }
}

impl RenewalModel {
    /// Checks the coefficients.
    ///
    /// # Errors
    /// [`Error::Core`]: thresholds, `affective_default`, `betrayal_impact` and `value_floor` in
    /// `[0, 1]` (`value_floor` above 0); slopes finite and non-negative; intercept finite.
    pub fn validate(&self) -> Result<(), Error> {
        Bounds::UNIT.check("commitment_threshold", self.commitment_threshold)?;
        Bounds::FINITE.check("intercept", self.intercept)?;
        Bounds::NON_NEGATIVE.check("advantage", self.advantage)?;
        Bounds::NON_NEGATIVE.check("switching_cost", self.switching_cost)?;
        Bounds::NON_NEGATIVE.check("trust", self.trust)?;
        Bounds::UNIT.check("affective_default", self.affective_default)?;
        Bounds::UNIT.check("betrayal_threshold", self.betrayal_threshold)?;
        Bounds::UNIT.check("betrayal_impact", self.betrayal_impact)?;
        Bounds {
            lower: Bound::Open(0.0),
            upper: Bound::Closed(1.0),
        }
        .check("value_floor", self.value_floor)?;
        Ok(())
    }

    /// The outlook for an account.
    ///
    /// `recent_betrayal` is the severity in `[0, 1]` of the worst recent broken promise (for example
    /// the size of a negative reward-prediction error), 0 if none.
    ///
    /// ```
    /// use trustkit_core::{TrustLevel, UnitInterval};
    /// use trustkit_loyalty::{Commitment, LoyaltyFactors, RenewalModel};
    ///
    /// let u = |x| UnitInterval::new(x).unwrap();
    /// let f = LoyaltyFactors { product_value: u(0.6), switching_cost: u(0.5), alternatives: u(0.5),
    ///                          trust: TrustLevel::new(0.4)?, respect: u(0.5) };
    /// let calc = RenewalModel::default().outlook(&f, None, UnitInterval::ZERO)?;
    /// assert_eq!(calc.commitment, Commitment::Calculative);
    /// // σ(−0.5 + 6·0.1 + 2·0.5 + 2·0.4) = σ(1.9) = 0.8699
    /// assert!((calc.probability.value() - 0.869_892).abs() < 1e-6);
    /// # Ok::<(), trustkit_loyalty::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Core`] for invalid coefficients.
    pub fn outlook(
        &self,
        factors: &LoyaltyFactors,
        matrix: Option<&SelectionMatrix>,
        recent_betrayal: UnitInterval,
    ) -> Result<RenewalOutlook, Error> {
        self.validate()?;
        let advantage = matrix.map_or(
            factors.product_value.value() - factors.alternatives.value(),
            SelectionMatrix::advantage,
        );
        let logit = self.intercept
            + self.advantage * advantage
            + self.switching_cost * factors.switching_cost.value()
            + self.trust * factors.trust.value();
        let calculative = 1.0 / (1.0 + (-logit).exp());
        let commitment =
            Commitment::from_trust(factors.trust, UnitInterval::new(self.commitment_threshold)?);
        let affective = (commitment == Commitment::Affective).then(|| {
            let mut p = self.affective_default;
            let severity = recent_betrayal.value();
            if severity >= self.betrayal_threshold {
                p *= 1.0 - self.betrayal_impact * severity;
            }
            let value = factors.product_value.value();
            if value < self.value_floor {
                p *= value / self.value_floor;
            }
            p
        });
        let p = affective.map_or(calculative, |a| a.max(calculative));
        Ok(RenewalOutlook {
            commitment,
            probability: UnitInterval::clamped(p)?,
            calculative,
            affective,
        })
    }
}

// A file cannot load a model that `validate` refuses.
#[cfg(feature = "serde")]
trustkit_core::serde_validated!(RenewalModel);
