//! A churn model: logistic regression fitted by Newton–Raphson (iteratively reweighted least squares).

use trustkit_core::UnitInterval;
use trustkit_core::linalg::{cholesky, cholesky_solve, inverse_diagonal};

use crate::error::Error;
use trustkit_core::Bounds;

/// Account data for fitting: named features per account, and whether it churned.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RawChurnData", into = "RawChurnData")
)]
pub struct ChurnData {
    features: Vec<String>,
    /// Row-major, `rows × features`.
    x: Vec<f64>,
    churned: Vec<bool>,
}

impl ChurnData {
    /// Validates rows of feature values with their outcomes.
    ///
    /// # Errors
    /// [`Error::Empty`] for no features or no rows, [`Error::Duplicate`] feature names,
    /// [`Error::RowWidth`] for a row of the wrong width or an outcome count that differs from the rows,
    /// [`Error::Core`] for a value that is not finite (naming row and feature).
    pub fn new(
        features: Vec<String>,
        rows: &[Vec<f64>],
        churned: Vec<bool>,
    ) -> Result<Self, Error> {
        if churned.len() != rows.len() {
            return Err(Error::RowWidth {
                row: rows.len().min(churned.len()),
                found: churned.len(),
                expected: rows.len(),
            });
        }
        let mut x = Vec::with_capacity(rows.len() * features.len());
        for (r, row) in rows.iter().enumerate() {
            if row.len() != features.len() {
                return Err(Error::RowWidth {
                    row: r,
                    found: row.len(),
                    expected: features.len(),
                });
            }
            x.extend_from_slice(row);
        }
        Self::from_row_major(features, x, churned)
    }

    /// Validates a flat row-major matrix — `x[r * features.len() + j]` is feature `j` of account
    /// `r`, as a NumPy C-order array or the concatenated rows of an Arrow `FixedSizeListArray` lay
    /// it out — with one outcome per row. The matrix is taken as it is (no copy), and checked in one
    /// pass that formats nothing unless a value is bad.
    ///
    /// ```
    /// use trustkit_loyalty::ChurnData;
    ///
    /// let x = vec![0.2, 3.0, 0.8, 1.0, 0.5, 7.0]; // 3 accounts × (adoption, tickets)
    /// let data = ChurnData::from_row_major(vec!["adoption".into(), "tickets".into()], x, vec![true, false, true])?;
    /// assert_eq!(data.rows().nth(1), Some(&[0.8, 1.0][..]));
    /// let bad = ChurnData::from_row_major(vec!["a".into()], vec![1.0, f64::NAN], vec![true, false]);
    /// assert!(bad.unwrap_err().to_string().starts_with("row 1, feature \"a\" must be a finite number"));
    /// # Ok::<(), trustkit_loyalty::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`ChurnData::new`]; [`Error::RowWidth`] when `x` is not `outcomes × features` long.
    pub fn from_row_major(
        features: Vec<String>,
        x: Vec<f64>,
        churned: Vec<bool>,
    ) -> Result<Self, Error> {
        if features.is_empty() {
            return Err(Error::Empty {
                what: "churn features",
            });
        }
        if churned.is_empty() {
            return Err(Error::Empty {
                what: "churn data rows",
            });
        }
        for (k, f) in features.iter().enumerate() {
            if features[..k].contains(f) {
                return Err(Error::Duplicate {
                    what: "feature",
                    name: f.clone(),
                });
            }
        }
        let width = features.len();
        if x.len() != churned.len() * width {
            return Err(Error::RowWidth {
                row: x.len() / width,
                found: x.len() % width,
                expected: width,
            });
        }
        // One branch-free scan; the message is built only for the first bad value.
        if let Some(k) = x.iter().position(|v| !v.is_finite()) {
            let (r, j) = (k / width, k % width);
            Bounds::FINITE.check(&format!("row {r}, feature {:?}", features[j]), x[k])?;
        }
        Ok(Self {
            features,
            x,
            churned,
        })
    }

    /// Number of accounts.
    #[must_use]
    pub fn len(&self) -> usize {
        self.churned.len()
    }

    /// True when there are no accounts (never, for validated data).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.churned.is_empty()
    }

    /// Feature names.
    #[must_use]
    pub fn features(&self) -> &[String] {
        &self.features
    }

    /// Each account's feature values, in feature order.
    pub fn rows(&self) -> impl Iterator<Item = &[f64]> {
        self.x.chunks_exact(self.features.len())
    }

    /// Whether each account churned.
    #[must_use]
    pub fn outcomes(&self) -> &[bool] {
        &self.churned
    }

    /// Each feature's variance over the rows (dividing by n), by Welford's update, which does not
    /// cancel for features far from zero.
    fn variances(&self) -> Vec<f64> {
        let k = self.features.len();
        let (mut mean, mut m2) = (vec![0.0; k], vec![0.0; k]);
        for (n, row) in self.rows().enumerate() {
            let n = (n + 1) as f64;
            for j in 0..k {
                let d = row[j] - mean[j];
                mean[j] += d / n;
                m2[j] += d * (row[j] - mean[j]);
            }
        }
        m2.into_iter().map(|s| s / self.len() as f64).collect()
    }
}

/// The unvalidated form of churn data on the wire: one row of feature values per account.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct RawChurnData {
    features: Vec<String>,
    rows: Vec<Vec<f64>>,
    churned: Vec<bool>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawChurnData> for ChurnData {
    type Error = Error;

    fn try_from(raw: RawChurnData) -> Result<Self, Error> {
        Self::new(raw.features, &raw.rows, raw.churned)
    }
}

#[cfg(feature = "serde")]
impl From<ChurnData> for RawChurnData {
    fn from(d: ChurnData) -> Self {
        let width = d.features.len().max(1);
        Self {
            rows: d.x.chunks(width).map(<[f64]>::to_vec).collect(),
            features: d.features,
            churned: d.churned,
        }
    }
}

/// Fitting options.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FitOptions {
    /// Most Newton steps (*default* 50).
    pub max_iterations: usize,
    /// Stop when no coefficient moves more than this (relative to its size; *default* 1e-10).
    pub tolerance: f64,
    /// Ridge penalty λ ≥ 0: the fit maximises `log L − (λ/2)·Σⱼ (sⱼ·bⱼ)²` over the slopes (never
    /// the intercept), `sⱼ` the feature's standard deviation in the data — the ridge on
    /// standardised features, so the penalty does not depend on the features' units (as glmnet
    /// does by default). *Default* 0, the plain maximum-likelihood fit. A small λ (0.1–1 for a few
    /// hundred outcomes) keeps a fit on few outcomes, or on outcomes a feature nearly separates,
    /// finite; the standard errors then come from the penalised Hessian (Le Cessie & van
    /// Houwelingen 1992, *Ridge estimators in logistic regression*, Applied Statistics 41:191–201).
    pub l2: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self {
            max_iterations: 50,
            tolerance: 1e-10,
            l2: 0.0,
        }
    }
}

/// A fitted churn model: `P(churn) = σ(b₀ + Σ bⱼ·xⱼ)`.
///
/// ```
/// use trustkit_loyalty::{ChurnData, ChurnModel, FitOptions};
///
/// // Churn falls with trust: 2 of 4 low-trust accounts churned, 1 of 4 high-trust ones.
/// let rows = vec![vec![0.2], vec![0.2], vec![0.2], vec![0.2], vec![0.8], vec![0.8], vec![0.8], vec![0.8]];
/// let churned = vec![true, true, false, false, true, false, false, false];
/// let model = ChurnModel::fit(&ChurnData::new(vec!["trust".into()], &rows, churned)?, FitOptions::default())?;
/// // Saturated in the two groups: fitted rates are the observed 0.5 and 0.25.
/// assert!((model.predict(&[0.2])?.value() - 0.5).abs() < 1e-9);
/// assert!((model.predict(&[0.8])?.value() - 0.25).abs() < 1e-9);
/// # Ok::<(), trustkit_loyalty::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawChurnModel"))]
pub struct ChurnModel {
    /// Feature names, in coefficient order (after the intercept).
    pub features: Vec<String>,
    /// `b₀` (intercept) then one coefficient per feature, on the log-odds scale.
    pub coefficients: Vec<f64>,
    /// Standard errors, `√diag((XᵀWX)⁻¹)` at the optimum, same order.
    pub standard_errors: Vec<f64>,
    /// Log-likelihood at the optimum.
    pub log_likelihood: f64,
    /// Newton steps taken.
    pub iterations: usize,
    /// Accounts fitted.
    pub observations: usize,
}

/// A churn model as a file holds it, before [`ChurnModel::check`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChurnModel {
    features: Vec<String>,
    coefficients: Vec<f64>,
    standard_errors: Vec<f64>,
    log_likelihood: f64,
    iterations: usize,
    observations: usize,
}

#[cfg(feature = "serde")]
impl TryFrom<RawChurnModel> for ChurnModel {
    type Error = Error;
    fn try_from(raw: RawChurnModel) -> Result<Self, Error> {
        let model = Self {
            features: raw.features,
            coefficients: raw.coefficients,
            standard_errors: raw.standard_errors,
            log_likelihood: raw.log_likelihood,
            iterations: raw.iterations,
            observations: raw.observations,
        };
        model.check()?;
        Ok(model)
    }
}

/// |η| beyond which a fitted probability is within 1e-13 of 0 or 1: the sign of separation.
const SEPARATION_ETA: f64 = 30.0;

impl ChurnModel {
    /// Fits by Newton–Raphson from zero coefficients.
    ///
    /// # Errors
    /// [`Error::RankDeficient`] when `XᵀWX` is singular (constant or collinear features),
    /// [`Error::PerfectSeparation`] when fitted probabilities run to 0 or 1,
    /// [`Error::NotConverged`] after `max_iterations`, [`Error::Core`] for bad options.
    /// With a ridge penalty (`l2 > 0`) the optimum is finite, so separation is not an error.
    pub fn fit(data: &ChurnData, options: FitOptions) -> Result<Self, Error> {
        Bounds::NON_NEGATIVE.check("tolerance", options.tolerance)?;
        let l2 = Bounds::closed(0.0, 1e6).check("l2 penalty", options.l2)?;
        // Separation sends the unpenalised optimum to infinity; a ridge keeps it finite.
        let separation_eta = if l2 > 0.0 {
            f64::INFINITY
        } else {
            SEPARATION_ETA
        };
        if options.max_iterations == 0 {
            return Err(trustkit_core::Error::OutOfRange {
                what: "max_iterations".into(),
                value: 0.0,
                bounds: Bounds::at_least(1.0),
            }
            .into());
        }
        let p = data.features.len() + 1;
        let ridge = if l2 > 0.0 {
            data.variances().into_iter().map(|v| l2 * v).collect()
        } else {
            Vec::new()
        };
        let mut beta = vec![0.0; p];
        let mut hessian = vec![0.0; p * p];
        let mut gradient = vec![0.0; p];
        let mut scratch = Scratch::new(p);
        for iteration in 1..=options.max_iterations {
            let (_, max_eta) = accumulate(
                data,
                false,
                &beta,
                &mut hessian,
                &mut gradient,
                &mut scratch,
            );
            if max_eta > separation_eta {
                return Err(Error::PerfectSeparation);
            }
            penalise(&ridge, &beta, &mut hessian, &mut gradient);
            let factor = cholesky(&hessian, p).ok_or(Error::RankDeficient {
                detail: "XᵀWX is not positive definite",
            })?;
            let step = cholesky_solve(&factor, p, &gradient).ok_or(Error::RankDeficient {
                detail: "Newton step",
            })?;
            let mut largest = 0.0f64;
            for (b, s) in beta.iter_mut().zip(&step) {
                *b += s;
                largest = largest.max(s.abs() / (1.0 + b.abs()));
            }
            if !largest.is_finite() {
                return Err(Error::PerfectSeparation);
            }
            if largest < options.tolerance {
                let (log_likelihood, max_eta) =
                    accumulate(data, true, &beta, &mut hessian, &mut gradient, &mut scratch);
                if max_eta > separation_eta {
                    return Err(Error::PerfectSeparation);
                }
                penalise(&ridge, &beta, &mut hessian, &mut gradient);
                let standard_errors = inverse_diagonal(&hessian, p)
                    .ok_or(Error::RankDeficient {
                        detail: "XᵀWX at the optimum",
                    })?
                    .into_iter()
                    .map(|v| v.max(0.0).sqrt())
                    .collect();
                return Ok(Self {
                    features: data.features.clone(),
                    coefficients: beta,
                    standard_errors,
                    log_likelihood,
                    iterations: iteration,
                    observations: data.len(),
                });
            }
        }
        // Coefficients still growing after many steps is what separation looks like.
        let (_, max_eta) = accumulate(
            data,
            false,
            &beta,
            &mut hessian,
            &mut gradient,
            &mut scratch,
        );
        if max_eta > separation_eta / 2.0 {
            return Err(Error::PerfectSeparation);
        }
        Err(Error::NotConverged {
            iterations: options.max_iterations,
        })
    }

    /// Predicted churn probability for one account's feature values.
    ///
    /// # Errors
    /// [`Error::RowWidth`] for the wrong number of values, [`Error::Core`] for a non-finite one.
    pub fn predict(&self, x: &[f64]) -> Result<UnitInterval, Error> {
        self.check()?;
        if x.len() != self.features.len() {
            return Err(Error::RowWidth {
                row: 0,
                found: x.len(),
                expected: self.features.len(),
            });
        }
        let (intercept, slopes) = self.coefficients.split_first().ok_or(self.shape_error())?;
        let mut eta = *intercept;
        for ((f, &v), b) in self.features.iter().zip(x).zip(slopes) {
            eta += b * Bounds::FINITE.check(f, v)?;
        }
        // Huge coefficients times huge values can overflow to ±∞ (the probability is then 0 or 1)
        // or, with opposite signs, to NaN: that is an input no probability can come from.
        if eta.is_nan() {
            return Err(trustkit_core::Error::OutOfRange {
                what: "linear predictor (coefficients × features)".into(),
                value: eta,
                bounds: Bounds::FINITE,
            }
            .into());
        }
        Ok(UnitInterval::clamped(1.0 / (1.0 + (-eta).exp()))?)
    }

    /// Checks that the parts fit together: `features + 1` coefficients (intercept first) and as many
    /// standard errors, all finite. [`ChurnModel::fit`] always gives such a model; a deserialized one
    /// is checked on the way in, and [`ChurnModel::predict`] checks again, since the fields are
    /// public.
    ///
    /// # Errors
    /// [`Error::ModelShape`].
    pub fn check(&self) -> Result<(), Error> {
        let n = self.features.len() + 1;
        let finite = self.coefficients.iter().all(|b| b.is_finite())
            && self.standard_errors.iter().all(|s| s.is_finite());
        if self.coefficients.len() != n || self.standard_errors.len() != n || !finite {
            return Err(self.shape_error());
        }
        Ok(())
    }

    fn shape_error(&self) -> Error {
        Error::ModelShape {
            features: self.features.len(),
            coefficients: self.coefficients.len(),
            standard_errors: self.standard_errors.len(),
        }
    }
}

/// One coefficient of a fitted churn model, as a statistician reports it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CoefficientSummary {
    /// `intercept` or the feature's name.
    pub name: String,
    /// The estimate, on the log-odds scale.
    pub estimate: f64,
    /// Its standard error.
    pub standard_error: f64,
    /// Wald statistic `estimate / standard_error`.
    pub z: f64,
    /// Two-sided p-value of the Wald test, `erfc(|z|/√2)`.
    pub p_value: f64,
    /// Odds ratio `exp(estimate)`: how the odds of churn multiply per unit of the feature.
    pub odds_ratio: f64,
    /// 95 % confidence interval of the odds ratio, `exp(estimate ± 1.959964·SE)`.
    pub odds_ratio_interval: (f64, f64),
}

impl ChurnModel {
    /// The coefficient table: estimates, standard errors, Wald z and p-values, odds ratios with 95 %
    /// intervals (the normal approximation, as statsmodels' `Logit.summary()` reports them).
    ///
    /// ```
    /// use trustkit_loyalty::ChurnModel;
    ///
    /// let model = ChurnModel {
    ///     features: vec!["tickets".into()],
    ///     coefficients: vec![-1.0, 0.5],
    ///     standard_errors: vec![0.5, 0.25],
    ///     log_likelihood: -40.0,
    ///     iterations: 5,
    ///     observations: 100,
    /// };
    /// let t = model.summary()?;
    /// assert_eq!((t[1].name.as_str(), t[1].z), ("tickets", 2.0));
    /// assert!((t[1].p_value - 0.0455).abs() < 1e-4);   // two-sided, z = 2
    /// assert!((t[1].odds_ratio - 0.5f64.exp()).abs() < 1e-12);
    /// assert_eq!(model.aic(), 84.0);                    // 2·2 − 2·(−40)
    /// # Ok::<(), trustkit_loyalty::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::ModelShape`] for a model whose parts do not fit together.
    pub fn summary(&self) -> Result<Vec<CoefficientSummary>, Error> {
        self.check()?;
        const Z95: f64 = 1.959_963_984_540_054;
        let names = std::iter::once("intercept").chain(self.features.iter().map(String::as_str));
        Ok(names
            .zip(self.coefficients.iter().zip(&self.standard_errors))
            .map(|(name, (&b, &se))| {
                let z = if se > 0.0 {
                    b / se
                } else {
                    f64::INFINITY.copysign(b)
                };
                CoefficientSummary {
                    name: name.to_owned(),
                    estimate: b,
                    standard_error: se,
                    z,
                    p_value: libm::erfc(z.abs() / std::f64::consts::SQRT_2),
                    odds_ratio: b.exp(),
                    odds_ratio_interval: ((b - Z95 * se).exp(), (b + Z95 * se).exp()),
                }
            })
            .collect())
    }

    /// Akaike's information criterion, `2k − 2·log-likelihood` with `k` coefficients.
    #[must_use]
    pub fn aic(&self) -> f64 {
        2.0 * self.coefficients.len() as f64 - 2.0 * self.log_likelihood
    }
}

/// Adds the ridge penalty's curvature and pull to the slopes (index 0, the intercept, is free);
/// `ridge[j]` is λ·s² of slope `j + 1`, empty without a penalty.
fn penalise(ridge: &[f64], beta: &[f64], hessian: &mut [f64], gradient: &mut [f64]) {
    let p = beta.len();
    for (j, &r) in ridge.iter().enumerate() {
        let k = j + 1;
        hessian[k * p + k] += r;
        gradient[k] -= r * beta[k];
    }
}

/// Rows per block of the `XᵀWX` accumulation.
const BLOCK: usize = 64;

/// Scratch space for [`accumulate`], allocated once per fit.
struct Scratch {
    /// A block of rows, column-major with the intercept column: `cols[a·BLOCK + r]`.
    cols: Vec<f64>,
    /// `w·x` for the current column.
    wx: Vec<f64>,
    /// Weights `p(1 − p)` of the block's rows.
    w: Vec<f64>,
    /// Residuals `y − p` of the block's rows.
    resid: Vec<f64>,
}

impl Scratch {
    fn new(p: usize) -> Self {
        let mut cols = vec![0.0; p * BLOCK];
        cols[..BLOCK].fill(1.0);
        Self {
            cols,
            wx: vec![0.0; BLOCK],
            w: vec![0.0; BLOCK],
            resid: vec![0.0; BLOCK],
        }
    }
}

/// One pass over the data: `XᵀWX` into `hessian`, `Xᵀ(y − p)` into `gradient`; returns the
/// log-likelihood (0 unless `with_likelihood`: Newton steps do not need it) and the largest |η|.
///
/// Rows are taken in blocks of [`BLOCK`], transposed so each entry of `XᵀWX` is a dot product of two
/// contiguous columns: the same arithmetic as a rank-one update per row, in a form the compiler
/// vectorises.
fn accumulate(
    data: &ChurnData,
    with_likelihood: bool,
    beta: &[f64],
    hessian: &mut [f64],
    gradient: &mut [f64],
    scratch: &mut Scratch,
) -> (f64, f64) {
    let p = beta.len();
    let k = p - 1;
    hessian.fill(0.0);
    gradient.fill(0.0);
    let mut ll = 0.0;
    let mut max_eta = 0.0f64;
    let Scratch { cols, wx, w, resid } = scratch;
    for (block_x, block_y) in data.x.chunks(k * BLOCK).zip(data.churned.chunks(BLOCK)) {
        let m = block_y.len();
        for (r, (xs, &y)) in block_x.chunks_exact(k).zip(block_y).enumerate() {
            let mut eta = beta[0];
            for (a, (&x, b)) in xs.iter().zip(&beta[1..]).enumerate() {
                eta += x * b;
                cols[(a + 1) * BLOCK + r] = x;
            }
            max_eta = max_eta.max(eta.abs());
            // One exponential serves the probability and the log-likelihood; e^(−|η|) never
            // overflows.
            let e = (-eta.abs()).exp();
            let prob = if eta >= 0.0 {
                1.0 / (1.0 + e)
            } else {
                e / (1.0 + e)
            };
            let yv = if y { 1.0 } else { 0.0 };
            if with_likelihood {
                // log σ(η) or log(1 − σ(η)), stably.
                ll += yv * eta - eta.max(0.0) - e.ln_1p();
            }
            w[r] = prob * (1.0 - prob);
            resid[r] = yv - prob;
        }
        for a in 0..p {
            let xa = &cols[a * BLOCK..a * BLOCK + m];
            gradient[a] += dot(xa, &resid[..m]);
            for ((o, &x), &wr) in wx[..m].iter_mut().zip(xa).zip(&w[..m]) {
                *o = x * wr;
            }
            for b in 0..=a {
                hessian[a * p + b] += dot(&wx[..m], &cols[b * BLOCK..b * BLOCK + m]);
            }
        }
    }
    for a in 0..p {
        for b in 0..a {
            hessian[b * p + a] = hessian[a * p + b];
        }
    }
    (ll, max_eta)
}

/// Dot product with four partial sums, so it vectorises (a single running sum would fix the order).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let (a4, a_rest) = a.split_at(a.len() / 4 * 4);
    let (b4, b_rest) = b.split_at(a4.len().min(b.len()));
    for (x, y) in a4.chunks_exact(4).zip(b4.chunks_exact(4)) {
        for l in 0..4 {
            acc[l] += x[l] * y[l];
        }
    }
    let tail: f64 = a_rest.iter().zip(b_rest).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}
