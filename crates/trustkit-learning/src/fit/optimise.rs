//! Maximum-likelihood (or least-squares) fits with argmin's Nelder–Mead from several seeded starts.

use argmin::core::{CostFunction, Executor, State, TerminationReason, TerminationStatus};
use argmin::solver::neldermead::NelderMead;
use rand::RngExt;
use trustkit_core::linalg::inverse_diagonal;

use crate::ModelPreset;
use crate::error::Error;
use crate::experiments::trust_game::InvestmentPolicy;
use crate::fit::data::{Dataset, Subject};
use crate::fit::model::{Objective, Steps, Tally, tally};

/// How to fit.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FitOptions {
    /// What to minimise (*default* the negative log-likelihood).
    pub objective: Objective,
    /// Random starting points; the best result wins (*default* 4).
    pub starts: usize,
    /// Seed of the starting points.
    pub seed: u64,
    /// Most Nelder–Mead iterations per start (*default* 2000).
    pub max_iterations: u64,
    /// Stop when the simplex's objective values have a standard deviation below this (*default* 1e-9).
    pub tolerance: f64,
    /// Turns trust into investments and choice probabilities (the trust game's policy).
    pub policy: InvestmentPolicy,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self {
            objective: Objective::Likelihood,
            starts: 4,
            seed: 2010,
            max_iterations: 2000,
            tolerance: 1e-9,
            policy: InvestmentPolicy::default(),
        }
    }
}

/// A fitted parameter.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Estimate {
    /// Its name.
    pub name: String,
    /// The estimate.
    pub value: f64,
    /// Standard error from the numerical Hessian of the negative log-likelihood, when the estimate is
    /// inside its bounds and the Hessian is positive definite.
    pub standard_error: Option<f64>,
}

/// The result of one fit.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FitResult {
    /// The model.
    pub preset: ModelPreset,
    /// The estimates, in [`ModelPreset::free_parameters`] order.
    pub estimates: Vec<Estimate>,
    /// The minimised objective.
    pub objective: f64,
    /// Log-likelihood at the estimates.
    pub log_likelihood: f64,
    /// Parameters counted for AIC/BIC: the model's, plus one for the noise variance when there are
    /// continuous observations.
    pub parameter_count: usize,
    /// Observations used.
    pub observations: usize,
    /// `2k − 2·LL` (Akaike 1974).
    pub aic: f64,
    /// `k·ln n − 2·LL` (Schwarz 1978).
    pub bic: f64,
    /// Whether the fit can be trusted to have found the optimum: the best start met the tolerance
    /// (rather than running out of iterations) **and**, with two or more starts, at least one other
    /// start reached the same objective (within [`AGREEMENT`]). A fit whose starts end in different
    /// places has found *an* optimum, not shown it is *the* one: add starts before reading it.
    pub converged: bool,
    /// How many starts ended within [`AGREEMENT`] of the best objective (the best included).
    pub agreeing_starts: usize,
    /// Iterations of the best start.
    pub iterations: u64,
}

impl FitResult {
    /// The learner with the fitted values: what `trustkit report --learner` learns with.
    #[must_use]
    pub fn params(&self) -> crate::LearnerParams {
        let values: Vec<f64> = self.estimates.iter().map(|e| e.value).collect();
        self.preset.with_values(&values)
    }

    /// The estimate of a parameter by name.
    #[must_use]
    pub fn value(&self, name: &str) -> Option<f64> {
        self.estimates
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.value)
    }
}

/// Progress of a long fit: `done` of `total` units (starts, subjects or models).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FitProgress {
    /// Units finished.
    pub done: usize,
    /// Units in all.
    pub total: usize,
}

/// A progress callback; must be `Sync` so parallel fits can call it.
pub type Progress<'a> = &'a (dyn Fn(FitProgress) + Sync);

fn no_progress(_: FitProgress) {}

/// The optimiser's view: parameters on the real line, mapped into their bounds by a logistic.
struct Problem<'a> {
    subjects: &'a [Subject],
    preset: ModelPreset,
    options: FitOptions,
    steps: Steps,
}

impl Problem<'_> {
    fn natural(&self, theta: &[f64]) -> Vec<f64> {
        self.preset
            .free_parameters()
            .iter()
            .zip(theta)
            .map(|(p, t)| p.low + (p.high - p.low) / (1.0 + (-t).exp()))
            .collect()
    }

    fn tally(&self, values: &[f64]) -> Tally {
        // Subjects are tallied in fixed chunks whose totals are added in order, so the sum — and every
        // estimate — is the same on every run, with or without rayon, whatever the thread count.
        const CHUNK: usize = 64;
        let chunk_total = |chunk: &[Subject]| {
            chunk.iter().fold(Tally::default(), |mut t, s| {
                t.add(&tally(
                    s,
                    self.preset,
                    values,
                    &self.options.policy,
                    self.steps,
                ));
                t
            })
        };
        #[cfg(feature = "rayon")]
        let parts: Vec<Tally> = {
            use rayon::prelude::*;
            self.subjects.par_chunks(CHUNK).map(chunk_total).collect()
        };
        #[cfg(not(feature = "rayon"))]
        let parts: Vec<Tally> = self.subjects.chunks(CHUNK).map(chunk_total).collect();
        parts.iter().fold(Tally::default(), |mut t, p| {
            t.add(p);
            t
        })
    }
}

impl CostFunction for Problem<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, theta: &Self::Param) -> Result<f64, argmin::core::Error> {
        let v = self
            .tally(&self.natural(theta))
            .value(self.options.objective);
        // Nelder–Mead compares costs; keep non-finite ones out of its arithmetic.
        Ok(if v.is_finite() { v } else { f64::MAX })
    }
}

/// Fits one model with parameters shared by every subject (a group-level fit, as Chang et al. 2010).
///
/// # Errors
/// [`Error::Fit`] when the data have no observations or the optimiser fails; [`Error::ZeroCount`] for
/// zero starts.
pub fn fit_group(
    data: &Dataset,
    preset: ModelPreset,
    options: FitOptions,
) -> Result<FitResult, Error> {
    fit_group_with_progress(data, preset, options, &no_progress)
}

/// [`fit_group`], reporting each finished start to `progress`.
///
/// # Errors
/// As [`fit_group`].
pub fn fit_group_with_progress(
    data: &Dataset,
    preset: ModelPreset,
    options: FitOptions,
    progress: Progress<'_>,
) -> Result<FitResult, Error> {
    fit_slice(data.subjects(), preset, options, Steps::All, progress)
}

/// Fits every subject on its own. With the `rayon` feature subjects are fitted in parallel; results
/// are the same either way.
///
/// # Errors
/// Per subject, as [`fit_group`], in that subject's slot.
pub fn fit_subjects(
    data: &Dataset,
    preset: ModelPreset,
    options: FitOptions,
    progress: Progress<'_>,
) -> Vec<(String, Result<FitResult, Error>)> {
    let total = data.subjects().len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let one = |s: &Subject| {
        let r = fit_slice(
            std::slice::from_ref(s),
            preset,
            options,
            Steps::All,
            &no_progress,
        );
        let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(FitProgress { done: d, total });
        (s.id().to_owned(), r)
    };
    #[cfg(feature = "rayon")]
    {
        use rayon::prelude::*;
        data.subjects().par_iter().map(one).collect()
    }
    #[cfg(not(feature = "rayon"))]
    {
        data.subjects().iter().map(one).collect()
    }
}

pub(crate) fn fit_slice(
    subjects: &[Subject],
    preset: ModelPreset,
    options: FitOptions,
    steps: Steps,
    progress: Progress<'_>,
) -> Result<FitResult, Error> {
    crate::error::count("starts", options.starts, crate::MAX_STARTS)?;
    let problem = Problem {
        subjects,
        preset,
        options,
        steps,
    };
    // Counted from the data: running the model just to count its observations would be a wasted pass.
    let observations: usize = subjects
        .iter()
        .map(|s| {
            s.observations
                .iter()
                .enumerate()
                .filter(|(k, o)| o.is_some() && steps.includes(*k))
                .count()
        })
        .sum();
    if observations == 0 {
        return Err(Error::Fit("no observations to fit".into()));
    }
    let k = preset.free_parameters().len();
    // With fewer observations than parameters the likelihood has a ridge, not a peak: any
    // "estimate" is one point of it, and the standard errors mean nothing.
    if observations <= k {
        return Err(Error::Fit(format!(
            "{observations} observation(s) cannot identify the {k} parameters of {}; fit more histories or a smaller model",
            preset.name()
        )));
    }
    let mut rng = crate::experiments::subject_rng(options.seed, 0, 0xF1);
    let mut best: Option<(Vec<f64>, f64, bool, u64)> = None;
    let mut finals: Vec<f64> = Vec::with_capacity(options.starts);
    for start in 0..options.starts {
        // Starting points inside the middle 90 % of each range, on the logistic scale.
        let theta0: Vec<f64> = (0..k)
            .map(|_| {
                let u = 0.05 + 0.9 * rng.random::<f64>();
                (u / (1.0 - u)).ln()
            })
            .collect();
        let mut simplex = vec![theta0.clone()];
        for i in 0..k {
            let mut v = theta0.clone();
            v[i] += 0.7;
            simplex.push(v);
        }
        let solver = NelderMead::new(simplex)
            .with_sd_tolerance(options.tolerance)
            .map_err(|e| Error::Fit(e.to_string()))?;
        let problem = Problem {
            subjects,
            preset,
            options,
            steps,
        };
        let result = Executor::new(problem, solver)
            .configure(|state| state.max_iters(options.max_iterations))
            .run()
            .map_err(|e| Error::Fit(e.to_string()))?;
        let state = result.state();
        let converged = matches!(
            state.get_termination_status(),
            TerminationStatus::Terminated(TerminationReason::SolverConverged)
        );
        if let Some(theta) = state.get_best_param() {
            let cost = state.get_best_cost();
            finals.push(cost);
            if best.as_ref().is_none_or(|b| cost < b.1) {
                best = Some((theta.clone(), cost, converged, state.get_iter()));
            }
        }
        progress(FitProgress {
            done: start + 1,
            total: options.starts,
        });
    }
    let (theta, objective, solver_converged, iterations) =
        best.ok_or_else(|| Error::Fit("no start produced an estimate".into()))?;
    let agreeing_starts = finals
        .iter()
        .filter(|&&c| c - objective <= AGREEMENT * (1.0 + objective.abs()))
        .count();
    let converged = solver_converged && (options.starts == 1 || agreeing_starts >= 2);
    let values = problem.natural(&theta);
    let at = problem.tally(&values);
    let log_likelihood = at.log_likelihood();
    let parameter_count = k + usize::from(at.continuous > 0);
    let n = at.observations() as f64;
    let errors = standard_errors(&problem, &values);
    let estimates = preset
        .free_parameters()
        .iter()
        .zip(&values)
        .zip(errors)
        .map(|((p, &value), standard_error)| Estimate {
            name: p.name.to_owned(),
            value,
            standard_error,
        })
        .collect();
    Ok(FitResult {
        preset,
        estimates,
        objective,
        log_likelihood,
        parameter_count,
        observations: at.observations(),
        aic: 2.0 * parameter_count as f64 - 2.0 * log_likelihood,
        bic: parameter_count as f64 * n.ln() - 2.0 * log_likelihood,
        converged,
        agreeing_starts,
        iterations,
    })
}

/// Relative tolerance within which two starts' objectives count as the same optimum
/// (`|Δ| ≤ 1e-6 · (1 + |objective|)`).
pub const AGREEMENT: f64 = 1e-6;

/// Standard errors from the central-difference Hessian of the negative log-likelihood, for the
/// parameters far enough from their bounds to difference around.
fn standard_errors(problem: &Problem<'_>, values: &[f64]) -> Vec<Option<f64>> {
    let params = problem.preset.free_parameters();
    let h: Vec<f64> = params.iter().map(|p| 1e-4 * (p.high - p.low)).collect();
    let interior: Vec<usize> = (0..values.len())
        .filter(|&i| {
            values[i] - 2.0 * h[i] > params[i].low && values[i] + 2.0 * h[i] < params[i].high
        })
        .collect();
    let mut out = vec![None; values.len()];
    let m = interior.len();
    if m == 0 {
        return out;
    }
    let nll = |v: &[f64]| -problem.tally(v).log_likelihood();
    let shifted = |moves: &[(usize, f64)]| {
        let mut v = values.to_vec();
        for &(i, d) in moves {
            v[i] += d;
        }
        nll(&v)
    };
    let centre = nll(values);
    let mut hessian = vec![0.0; m * m];
    for (a, &i) in interior.iter().enumerate() {
        for (b, &j) in interior.iter().enumerate().take(a + 1) {
            let value = if i == j {
                (shifted(&[(i, h[i])]) - 2.0 * centre + shifted(&[(i, -h[i])])) / (h[i] * h[i])
            } else {
                (shifted(&[(i, h[i]), (j, h[j])])
                    - shifted(&[(i, h[i]), (j, -h[j])])
                    - shifted(&[(i, -h[i]), (j, h[j])])
                    + shifted(&[(i, -h[i]), (j, -h[j])]))
                    / (4.0 * h[i] * h[j])
            };
            hessian[a * m + b] = value;
            hessian[b * m + a] = value;
        }
    }
    if let Some(variances) = inverse_diagonal(&hessian, m) {
        for (a, &i) in interior.iter().enumerate() {
            if variances[a].is_finite() && variances[a] > 0.0 {
                out[i] = Some(variances[a].sqrt());
            }
        }
    }
    out
}

/// Model comparison: every preset fitted at the group level to one dataset.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Comparison {
    /// One fit per preset, in the order asked.
    pub fits: Vec<FitResult>,
}

impl Comparison {
    /// The preset with the lowest AIC.
    #[must_use]
    pub fn best_by_aic(&self) -> Option<ModelPreset> {
        self.fits
            .iter()
            .min_by(|a, b| a.aic.total_cmp(&b.aic))
            .map(|f| f.preset)
    }

    /// The preset with the lowest BIC.
    #[must_use]
    pub fn best_by_bic(&self) -> Option<ModelPreset> {
        self.fits
            .iter()
            .min_by(|a, b| a.bic.total_cmp(&b.bic))
            .map(|f| f.preset)
    }
}

/// Fits each preset to the same data (group level) and collects AIC and BIC; reports each finished
/// model to `progress`.
///
/// # Errors
/// The first fit's error.
pub fn compare_models(
    data: &Dataset,
    presets: &[ModelPreset],
    options: FitOptions,
    progress: Progress<'_>,
) -> Result<Comparison, Error> {
    let fits = presets
        .iter()
        .enumerate()
        .map(|(k, &preset)| {
            let fit = fit_group(data, preset, options);
            progress(FitProgress {
                done: k + 1,
                total: presets.len(),
            });
            fit
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Comparison { fits })
}

/// Out-of-sample fit by odd and even steps (Chang et al. 2010): fit on the observations of odd steps
/// and score the even ones, then the other way round.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CrossValidation {
    /// The model.
    pub preset: ModelPreset,
    /// Held-out negative log-likelihood of the even steps (fitted on the odd ones).
    pub even_held_out: f64,
    /// Held-out negative log-likelihood of the odd steps (fitted on the even ones).
    pub odd_held_out: f64,
}

impl CrossValidation {
    /// Total held-out negative log-likelihood: lower is better.
    #[must_use]
    pub fn held_out(&self) -> f64 {
        self.even_held_out + self.odd_held_out
    }
}

/// Odd/even cross-validation of one preset.
///
/// # Errors
/// As [`fit_group`], for either half.
pub fn cross_validate(
    data: &Dataset,
    preset: ModelPreset,
    options: FitOptions,
) -> Result<CrossValidation, Error> {
    let held_out = |train: Steps, test: Steps| -> Result<f64, Error> {
        let fit = fit_slice(data.subjects(), preset, options, train, &no_progress)?;
        let values: Vec<f64> = fit.estimates.iter().map(|e| e.value).collect();
        let problem = Problem {
            subjects: data.subjects(),
            preset,
            options,
            steps: test,
        };
        Ok(-problem.tally(&values).log_likelihood())
    };
    Ok(CrossValidation {
        preset,
        even_held_out: held_out(Steps::Odd, Steps::Even)?,
        odd_held_out: held_out(Steps::Even, Steps::Odd)?,
    })
}
