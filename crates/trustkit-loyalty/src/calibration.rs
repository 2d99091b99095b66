//! How good is a renewal probability? Discrimination (AUC), accuracy (Brier score, log loss),
//! calibration (slope, intercept, a table by decile) and lift, measured on what customers did, and
//! the seeded, stratified k-fold cross-validation that keeps the measurement honest.
//!
//! Every metric takes the model's **log-odds** rather than its probabilities, so the log loss of a
//! confident prediction is computed exactly (no probability of exactly 0 or 1 is ever clipped).

use crate::error::Error;
use crate::renewal_logit::FEATURES;
use crate::{ChurnData, ChurnModel, FitOptions, RenewalLogit};

/// How well predicted renewal probabilities match the renewals that happened.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Metrics {
    /// Decisions scored.
    pub observations: usize,
    /// Of which renewed.
    pub renewed: usize,
    /// Area under the ROC curve: the chance that a renewing account is given a higher probability
    /// than a churning one, ties counting one half (the Mann–Whitney statistic; Hanley & McNeil 1982,
    /// *Radiology* 143:29–36). 0.5 is a coin, 1 perfect.
    pub auc: f64,
    /// Brier score, the mean of `(p − y)²` (Brier 1950, *Monthly Weather Review* 78:1–3). Lower is
    /// better; the base rate `r` alone scores `r(1 − r)`.
    pub brier: f64,
    /// Log loss, the mean of `−[y·ln p + (1 − y)·ln(1 − p)]`, computed from the log-odds η as
    /// `ln(1 + e^η) − y·η`. Lower is better.
    pub log_loss: f64,
    /// Calibration slope and intercept: the logistic regression of the outcome on the predicted
    /// log-odds (Cox 1958, *Biometrika* 45:562–565). A calibrated model has slope 1 and intercept 0;
    /// a slope below 1 means over-confident predictions. `None` when the predictions do not vary.
    pub calibration: Option<(f64, f64)>,
    /// Predicted against observed renewal by tenth of the predictions, riskiest first (fewer bins
    /// when predictions tie: a tie stays in one bin).
    pub deciles: Vec<CalibrationBin>,
    /// Churn rate in the riskiest tenth divided by the overall churn rate: how many times more often
    /// the accounts flagged first really churn. Ties at the tenth's edge count in proportion, so a
    /// prediction that ranks no one (the base rate) has lift 1.
    pub riskiest_decile_lift: f64,
}

/// One row of a calibration table.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CalibrationBin {
    /// Decisions in the bin.
    pub count: usize,
    /// Lowest and highest predicted renewal probability in the bin.
    pub range: (f64, f64),
    /// Mean predicted renewal probability.
    pub predicted: f64,
    /// Share that renewed.
    pub observed: f64,
}

/// Scores predictions (as log-odds of renewal) against outcomes.
///
/// ```
/// use trustkit_loyalty::calibration::metrics;
///
/// // Two renewals predicted at 0.73 and 0.5, one churn at 0.27.
/// let m = metrics(&[1.0, 0.0, -1.0], &[true, true, false])?;
/// assert_eq!(m.auc, 1.0);                       // both renewals ranked above the churn
/// let p = |eta: f64| 1.0 / (1.0 + (-eta).exp());
/// let brier = ((1.0 - p(1.0)).powi(2) + 0.25 + p(-1.0).powi(2)) / 3.0;
/// assert!((m.brier - brier).abs() < 1e-12);
/// # Ok::<(), trustkit_loyalty::Error>(())
/// ```
///
/// # Errors
/// [`Error::RowWidth`] when the lengths differ, [`Error::Empty`] for no decisions,
/// [`Error::OneClass`] when every decision went the same way, [`Error::Core`] for a log-odds
/// that is not finite.
pub fn metrics(logits: &[f64], renewed: &[bool]) -> Result<Metrics, Error> {
    let (n, r) = check_outcomes(logits.len(), renewed)?;
    for (i, &eta) in logits.iter().enumerate() {
        trustkit_core::Bounds::FINITE.check(&format!("predicted log-odds #{i}"), eta)?;
    }
    let nf = n as f64;
    let (mut brier, mut log_loss) = (0.0, 0.0);
    for (&eta, &y) in logits.iter().zip(renewed) {
        let yv = f64::from(u8::from(y));
        brier += (sigmoid(eta) - yv).powi(2);
        log_loss += softplus(eta) - yv * eta;
    }
    // Riskiest first: ascending predicted renewal. Ties keep input order (a stable sort).
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| logits[a].total_cmp(&logits[b]));
    Ok(Metrics {
        observations: n,
        renewed: r,
        auc: auc(logits, renewed, &order, r),
        brier: brier / nf,
        log_loss: log_loss / nf,
        calibration: calibration_line(logits, renewed),
        deciles: deciles(logits, renewed, &order),
        riskiest_decile_lift: {
            let first = n.div_ceil(10);
            churned_among_first(logits, renewed, &order, first)
                / first as f64
                / ((n - r) as f64 / nf)
        },
    })
}

pub(crate) fn check_outcomes(
    predictions: usize,
    renewed: &[bool],
) -> Result<(usize, usize), Error> {
    if predictions != renewed.len() {
        return Err(Error::RowWidth {
            row: 0,
            found: predictions,
            expected: renewed.len(),
        });
    }
    if renewed.is_empty() {
        return Err(Error::Empty {
            what: "renewal decisions",
        });
    }
    let r = renewed.iter().filter(|&&y| y).count();
    if r == 0 || r == renewed.len() {
        return Err(Error::OneClass {
            count: renewed.len(),
            renewed: r == renewed.len(),
        });
    }
    Ok((renewed.len(), r))
}

pub(crate) fn sigmoid(eta: f64) -> f64 {
    1.0 / (1.0 + (-eta).exp())
}

/// `ln(1 + e^x)` without overflow.
fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// Mann–Whitney AUC with mid-ranks for ties; `order` sorts the logits ascending.
fn auc(logits: &[f64], renewed: &[bool], order: &[usize], r: usize) -> f64 {
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && logits[order[j + 1]] == logits[order[i]] {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their mean.
        let mid = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += mid * order[i..=j].iter().filter(|&&k| renewed[k]).count() as f64;
        i = j + 1;
    }
    let (rf, cf) = (r as f64, (order.len() - r) as f64);
    (rank_sum - rf * (rf + 1.0) / 2.0) / (rf * cf)
}

fn calibration_line(logits: &[f64], renewed: &[bool]) -> Option<(f64, f64)> {
    let data =
        ChurnData::from_row_major(vec!["log-odds".into()], logits.to_vec(), renewed.to_vec())
            .ok()?;
    let fit = ChurnModel::fit(&data, FitOptions::default()).ok()?;
    Some((fit.coefficients[1], fit.coefficients[0]))
}

/// Runs of equal predictions along `order`, as `start..end` positions.
fn ties<'a>(logits: &'a [f64], order: &'a [usize]) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start == order.len() {
            return None;
        }
        let mut end = start + 1;
        while end < order.len() && logits[order[end]] == logits[order[start]] {
            end += 1;
        }
        let run = (start, end);
        start = end;
        Some(run)
    })
}

/// Expected churns among the `first` riskiest decisions, a tied run crossing the boundary
/// counting in proportion: predictions that do not tell accounts apart cannot flag some of them
/// first, so a constant prediction has lift 1 whatever the input order.
fn churned_among_first(logits: &[f64], renewed: &[bool], order: &[usize], first: usize) -> f64 {
    let mut churned = 0.0;
    for (start, end) in ties(logits, order) {
        if start >= first {
            break;
        }
        let run_churned = order[start..end].iter().filter(|&&i| !renewed[i]).count() as f64;
        let taken = (end.min(first) - start) as f64 / (end - start) as f64;
        churned += run_churned * taken;
    }
    churned
}

/// Ten bins of (nearly) equal count along `order`, fewer when there are fewer than ten decisions.
/// A run of equal predictions stays in one bin (the bin of its first decision): the order inside
/// a tie is arbitrary, and splitting it would show differences the predictions do not make.
fn deciles(logits: &[f64], renewed: &[bool], order: &[usize]) -> Vec<CalibrationBin> {
    let n = order.len();
    let bins = n.min(10);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); bins];
    for (start, end) in ties(logits, order) {
        members[start * bins / n].extend_from_slice(&order[start..end]);
    }
    members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|slice| {
            let p: Vec<f64> = slice.iter().map(|&i| sigmoid(logits[i])).collect();
            let count = slice.len();
            CalibrationBin {
                count,
                range: (p[0], p[count - 1]),
                predicted: p.iter().sum::<f64>() / count as f64,
                observed: slice.iter().filter(|&&i| renewed[i]).count() as f64 / count as f64,
            }
        })
        .collect()
}

/// Assigns each decision to one of `k` folds, stratified by outcome (each fold gets its share of
/// renewals and of churns) and shuffled by `seed`. The shuffle is SplitMix64 (Steele, Lea & Flood
/// 2014) of the seed and the position, so the same seed gives the same folds on every platform, in
/// every version (a change is a CHANGELOG entry).
///
/// # Errors
/// [`Error::Core`] for `k < 2` or more folds than decisions of either outcome (a fold's
/// training set would miss it).
pub fn folds(renewed: &[bool], k: usize, seed: u64) -> Result<Vec<usize>, Error> {
    let r = renewed.iter().filter(|&&y| y).count();
    let smaller = r.min(renewed.len() - r);
    if k < 2 || k > smaller {
        return Err(trustkit_core::Error::OutOfRange {
            what: format!("folds (with {r} renewals and {} churns)", renewed.len() - r),
            value: k as f64,
            bounds: trustkit_core::Bounds::closed(2.0, smaller.max(2) as f64),
        }
        .into());
    }
    let mut fold = vec![0; renewed.len()];
    for class in [true, false] {
        let mut members: Vec<(u64, usize)> = renewed
            .iter()
            .enumerate()
            .filter(|&(_, &y)| y == class)
            .map(|(i, _)| (splitmix64(seed ^ splitmix64(i as u64)), i))
            .collect();
        members.sort_unstable();
        for (j, &(_, i)) in members.iter().enumerate() {
            fold[i] = j % k;
        }
    }
    Ok(fold)
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Out-of-fold predictions: for each fold, `fit_predict(train, test)` fits on the other folds'
/// decisions and returns the log-odds of the fold's own, in `test` order.
///
/// # Errors
/// Whatever `fit_predict` returns; [`Error::RowWidth`] if it returns the wrong number of
/// predictions.
pub fn out_of_fold<F>(fold: &[usize], k: usize, mut fit_predict: F) -> Result<Vec<f64>, Error>
where
    F: FnMut(&[usize], &[usize]) -> Result<Vec<f64>, Error>,
{
    let mut out = vec![0.0; fold.len()];
    for f in 0..k {
        let (test, train): (Vec<usize>, Vec<usize>) = (0..fold.len()).partition(|&i| fold[i] == f);
        let predicted = fit_predict(&train, &test)?;
        if predicted.len() != test.len() {
            return Err(Error::RowWidth {
                row: f,
                found: predicted.len(),
                expected: test.len(),
            });
        }
        for (&i, eta) in test.iter().zip(predicted) {
            out[i] = eta;
        }
    }
    Ok(out)
}

/// A simpler predictor a renewal model must beat to be worth its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Baseline {
    /// The health score alone, mapped to a probability by a one-feature logistic fit (Platt
    /// scaling): what a health-score tool offers.
    HealthAlone,
    /// NPS alone, mapped the same way.
    NpsAlone,
    /// Every account at the share that renewed: the AUC of a coin, the Brier score `r(1 − r)`.
    BaseRate,
}

impl Baseline {
    /// All baselines, in report order.
    pub const ALL: [Self; 3] = [Self::HealthAlone, Self::NpsAlone, Self::BaseRate];

    /// The feature column it uses (none for the base rate).
    const fn column(self) -> Option<usize> {
        match self {
            Self::HealthAlone => Some(2),
            Self::NpsAlone => Some(5),
            Self::BaseRate => None,
        }
    }

    /// The name used in files and on the command line.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::HealthAlone => "health_alone",
            Self::NpsAlone => "nps_alone",
            Self::BaseRate => "base_rate",
        }
    }

    /// A short label for tables.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::HealthAlone => "health score alone",
            Self::NpsAlone => "NPS alone",
            Self::BaseRate => "base rate",
        }
    }
}

impl std::fmt::Display for Baseline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

trustkit_core::impl_from_str!(Baseline, "baseline");

/// A baseline's held-out metrics.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BaselineMetrics {
    /// Which baseline.
    pub baseline: Baseline,
    /// Its metrics; `None` when its input never varied (or a fold could not fit it).
    pub metrics: Option<Metrics>,
}

/// Held-out accuracy of the renewal model and its baselines.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Validation {
    /// Folds.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// The model's metrics on out-of-fold predictions (each decision predicted by a model fitted
    /// without its fold).
    pub model: Metrics,
    /// The same for each [`Baseline`].
    pub baselines: Vec<BaselineMetrics>,
    /// The out-of-fold log-odds of renewal, one per decision in input order.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub out_of_fold: Vec<f64>,
}

/// Cross-validates [`RenewalLogit::fit`](crate::RenewalLogit::fit) and the [`Baseline`]s:
/// stratified, seeded `k` folds ([`folds`]); each fold predicted by a fit on the others; the pooled
/// out-of-fold predictions scored by [`metrics`].
///
/// # Errors
/// As [`folds`], [`metrics`] and [`RenewalLogit::fit`](crate::RenewalLogit::fit) on a fold's
/// training set.
pub fn cross_validate(
    rows: &[[f64; FEATURES]],
    renewed: &[bool],
    k: usize,
    seed: u64,
    options: FitOptions,
) -> Result<Validation, Error> {
    check_outcomes(rows.len(), renewed)?;
    let fold = folds(renewed, k, seed)?;
    let subset = |idx: &[usize]| -> (Vec<[f64; FEATURES]>, Vec<bool>) {
        (
            idx.iter().map(|&i| rows[i]).collect(),
            idx.iter().map(|&i| renewed[i]).collect(),
        )
    };
    let predicted = out_of_fold(&fold, k, |train, test| {
        let (x, y) = subset(train);
        let fit = RenewalLogit::fit(&x, &y, options)?;
        Ok(test.iter().map(|&i| fit.model.logit(&rows[i])).collect())
    })?;
    let model = metrics(&predicted, renewed)?;
    let baselines = Baseline::ALL
        .iter()
        .map(|&baseline| {
            let varies = baseline
                .column()
                .is_none_or(|j| rows.iter().any(|x| x[j] != rows[0][j]));
            let predicted = varies.then(|| {
                if baseline == Baseline::BaseRate {
                    // One number needs no folds: every decision at the overall share (fold-wise
                    // shares would differ by a hair and rank the folds against each other).
                    let r = renewed.iter().filter(|&&y| y).count() as f64;
                    let logit = (r / (renewed.len() as f64 - r)).ln();
                    return Ok(vec![logit; renewed.len()]);
                }
                out_of_fold(&fold, k, |train, test| {
                    let (x, y) = subset(train);
                    let columns: Vec<usize> = baseline.column().into_iter().collect();
                    let (b, _, _) = crate::renewal_logit::fit_columns(&x, &y, &columns, options)?;
                    Ok(test
                        .iter()
                        .map(|&i| b[0] + columns.iter().map(|&j| b[1] * rows[i][j]).sum::<f64>())
                        .collect())
                })
            });
            BaselineMetrics {
                baseline,
                metrics: predicted
                    .and_then(Result::ok)
                    .and_then(|p| metrics(&p, renewed).ok()),
            }
        })
        .collect();
    Ok(Validation {
        folds: k,
        seed,
        model,
        baselines,
        out_of_fold: predicted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_ties_as_half_by_hand() {
        // Renewals at 0.3 and 0.7, churns at 0.3 and 0.1: pairs (0.3,0.3) ½, (0.3,0.1) 1, (0.7,·) 1+1.
        let m = metrics(&[0.3, 0.7, 0.3, 0.1], &[true, true, false, false]).unwrap();
        assert_eq!(m.auc, 3.5 / 4.0);
    }

    #[test]
    fn log_loss_of_a_confident_miss_is_finite_and_exact() {
        let m = metrics(&[800.0, 0.0], &[false, true]).unwrap();
        assert!((m.log_loss - (800.0 + 2f64.ln()) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn deciles_and_lift_by_hand() {
        // 20 decisions; the two riskiest both churned; 4 churns in all: lift = 1 / 0.2 = 5.
        let logits: Vec<f64> = (0..20).map(f64::from).collect();
        let renewed: Vec<bool> = (0..20).map(|i| !(i < 2 || i == 10 || i == 15)).collect();
        let m = metrics(&logits, &renewed).unwrap();
        assert_eq!(m.deciles.len(), 10);
        assert!(m.deciles.iter().all(|b| b.count == 2));
        assert_eq!((m.deciles[0].observed, m.deciles[5].observed), (0.0, 0.5));
        assert!((m.riskiest_decile_lift - 5.0).abs() < 1e-12);
    }

    #[test]
    fn a_constant_prediction_ranks_no_one() {
        let renewed: Vec<bool> = (0..30).map(|i| i >= 6).collect();
        let m = metrics(&[1.0; 30], &renewed).unwrap();
        assert!((m.riskiest_decile_lift - 1.0).abs() < 1e-12);
        assert_eq!(m.deciles.len(), 1);
        assert_eq!(m.auc, 0.5);
    }

    #[test]
    fn one_outcome_is_an_error_not_a_score() {
        assert!(matches!(
            metrics(&[0.1, 0.2], &[true, true]),
            Err(Error::OneClass { renewed: true, .. })
        ));
    }

    #[test]
    fn folds_are_stratified_seeded_and_stable() {
        let renewed: Vec<bool> = (0..100).map(|i| i % 4 != 0).collect();
        let f = folds(&renewed, 5, 7).unwrap();
        for k in 0..5 {
            let churns = (0..100).filter(|&i| f[i] == k && !renewed[i]).count();
            let all = f.iter().filter(|&&x| x == k).count();
            assert_eq!((churns, all), (5, 20));
        }
        assert_eq!(f, folds(&renewed, 5, 7).unwrap());
        assert_ne!(f, folds(&renewed, 5, 8).unwrap());
        // Pinned: a change to the shuffle is a value-stability break (CHANGELOG).
        assert_eq!(&f[..8], &[2, 0, 1, 1, 1, 2, 1, 2]);
        assert!(folds(&renewed, 26, 7).is_err());
    }
}
