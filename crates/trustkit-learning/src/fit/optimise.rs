//! Maximum-likelihood (or least-squares) fits from several seeded starts: argmin's L-BFGS on the
//! objective's exact gradient (forward-mode dual numbers through the learner itself), or
//! Nelder–Mead; standard errors from the exact Hessian.

use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason, TerminationStatus};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::neldermead::NelderMead;
use argmin::solver::quasinewton::LBFGS;
use rand::RngExt;
use trustkit_core::linalg::inverse_diagonal;

use crate::ModelPreset;
use crate::error::Error;
use crate::experiments::trust_game::InvestmentPolicy;
use crate::fit::data::{Dataset, Subject};
use crate::fit::lanes::LearnFour;
use crate::fit::model::{Evaluation, Objective, Packed, Steps, Tally, check_values};
use crate::real::{Dual, Dual2, MAX_FREE};

/// The optimiser a fit runs from each start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum FitMethod {
    /// Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, 2nd ed. 2006, §7.2) with a
    /// Moré–Thuente line search, on the exact gradient (*default*).
    #[default]
    Lbfgs,
    /// Nelder–Mead's simplex (Nelder & Mead 1965): no gradient; slower, kept for comparison.
    NelderMead,
}

/// How to fit.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FitOptions {
    /// What to minimise (*default* the negative log-likelihood).
    pub objective: Objective,
    /// The optimiser (*default* L-BFGS).
    #[cfg_attr(feature = "serde", serde(default))]
    pub method: FitMethod,
    /// Starting points, spread by a seeded Latin hypercube; the best result wins (*default* 8:
    /// on graded rewards about half the starts of the dynamic-belief model reach the optimum, and
    /// [`Convergence::Converged`] needs two that agree).
    pub starts: usize,
    /// Seed of the starting points' design.
    pub seed: u64,
    /// Most iterations per start (*default* 2000).
    pub max_iterations: u64,
    /// Nelder–Mead only: stop when the simplex's objective values have a standard deviation below
    /// this (*default* 1e-9). L-BFGS stops on the gradient ([`GRADIENT_TOLERANCE`]).
    pub tolerance: f64,
    /// Turns trust into investments and choice probabilities (the trust game's policy).
    pub policy: InvestmentPolicy,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self {
            objective: Objective::Likelihood,
            method: FitMethod::Lbfgs,
            starts: 8,
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
    /// Standard error from the exact Hessian of the negative log-likelihood (the square root of the
    /// diagonal of its inverse), when the estimate is inside its bounds and the Hessian is positive
    /// definite.
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
    /// `convergence == Convergence::Converged`: the best start ended where the gradient is small
    /// (every component below [`GRADIENT_TOLERANCE`]; Nelder–Mead: its simplex met the tolerance)
    /// **and**, with two or more starts, at least one other start reached the same objective (within
    /// [`AGREEMENT`]).
    pub converged: bool,
    /// Why the fit can or cannot be trusted to have found the optimum; [`FitResult::starts`] holds
    /// every start's end point for a closer look.
    pub convergence: Convergence,
    /// How many starts ended within [`AGREEMENT`] of the best objective (the best included).
    pub agreeing_starts: usize,
    /// Iterations of the best start.
    pub iterations: u64,
    /// Whether the Hessian of the negative log-likelihood at the estimates (over the parameters
    /// inside their bounds) is positive definite. When it is not, the optimum is flat or a saddle in
    /// some direction, no standard error is given, and the estimates deserve suspicion.
    pub hessian_positive_definite: bool,
    /// Every start's end point, best objective first.
    pub starts: Vec<StartOutcome>,
}

/// Whether a fit found the optimum, as far as the data can show.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", tag = "status"))]
pub enum Convergence {
    /// The best start ended at a stationary point and another start reached the same objective.
    Converged,
    /// The best start did not reach a stationary point: it ran out of iterations or its line search
    /// stalled. Raise the iterations or add starts.
    NotConverged {
        /// The largest gradient component at the best end point.
        gradient_norm: f64,
    },
    /// The starts ended at different objectives and no other start confirmed the best: the
    /// likelihood has several optima (or flat ridges) and this fit has found *an* optimum, not shown
    /// it is *the* one. [`FitResult::starts`] lists the candidates; add starts before reading it.
    MultipleOptima,
}

/// Where one start of a fit ended.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StartOutcome {
    /// The parameter values, in [`ModelPreset::free_parameters`] order.
    pub values: Vec<f64>,
    /// The objective there.
    pub objective: f64,
    /// The largest gradient component there (see [`GRADIENT_TOLERANCE`] for its scale).
    pub gradient_norm: f64,
    /// Whether the solver stopped on its own tolerance (not the iteration limit).
    pub solver_converged: bool,
    /// Iterations used.
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

/// θ with the scaled cost and gradient there.
type Evaluated = (Vec<f64>, f64, Vec<f64>);

/// The optimiser's view: parameters on the real line, mapped into their bounds by a logistic.
struct Problem {
    /// The subjects, packed once per fit (shared by every start's copy).
    data: std::sync::Arc<Packed>,
    preset: ModelPreset,
    options: FitOptions,
    steps: Steps,
    /// `1 / observations`: L-BFGS sees the objective per observation, so its first step — along
    /// the gradient, with length 1 — moves θ by about one unit whatever the size of the data (on
    /// the raw objective it moved θ by thousands and could land where the logistic saturates).
    scale: f64,
    /// Observations of the included steps.
    observations: usize,
    /// The last θ whose scaled cost and gradient were computed.
    cache: std::sync::Mutex<Option<Evaluated>>,
}

impl Problem {
    fn new(subjects: &[Subject], preset: ModelPreset, options: FitOptions, steps: Steps) -> Self {
        let data = Packed::new(subjects);
        let observations = data.observations(steps);
        Self {
            data: std::sync::Arc::new(data),
            preset,
            options,
            steps,
            scale: 1.0 / observations.max(1) as f64,
            observations,
            cache: std::sync::Mutex::new(None),
        }
    }
}

impl Problem {
    /// The same problem with an empty cache, for one start's optimiser to own (the observations
    /// are not counted again).
    fn fresh(&self) -> Self {
        Self {
            data: std::sync::Arc::clone(&self.data),
            cache: std::sync::Mutex::new(None),
            ..*self
        }
    }

    fn natural(&self, theta: &[f64]) -> Vec<f64> {
        self.preset
            .free_parameters()
            .iter()
            .zip(theta)
            .map(|(p, t)| p.low + (p.high - p.low) / (1.0 + (-t).exp()))
            .collect()
    }

    fn tally<R: LearnFour>(&self, values: &[R]) -> Tally<R> {
        // Subjects are tallied in fixed chunks whose totals are added in order, so the sum — and every
        // estimate — is the same on every run, with or without rayon, whatever the thread count.
        const CHUNK: usize = 64;
        let evaluation = Evaluation::new(self.preset, values, &self.options.policy, self.steps);
        let n = self.data.len();
        let chunks: Vec<std::ops::Range<usize>> = (0..n)
            .step_by(CHUNK)
            .map(|first| first..(first + CHUNK).min(n))
            .collect();
        // Each chunk through `pulp`, compiled for AVX2 as well as the baseline: a dual number's
        // derivatives are a short array the wider registers take in one go. No fused multiply-add
        // is used, so both builds give the same bits.
        let arch = pulp::Arch::new();
        let chunk_total = |chunk: &std::ops::Range<usize>| {
            arch.dispatch(TallyChunk {
                evaluation: &evaluation,
                data: &self.data,
                subjects: chunk.clone(),
            })
        };
        #[cfg(feature = "rayon")]
        let parts: Vec<Tally<R>> = {
            use rayon::prelude::*;
            chunks.par_iter().map(chunk_total).collect()
        };
        #[cfg(not(feature = "rayon"))]
        let parts: Vec<Tally<R>> = chunks.iter().map(chunk_total).collect();
        parts.iter().fold(Tally::default(), |mut t, p| {
            t.add(p);
            t
        })
    }

    /// The objective per observation at θ and its exact gradient with respect to θ: forward-mode
    /// derivatives with respect to the natural parameters, times `dv/dθ = (high − low)·s(1 − s)` of
    /// the logistic map. The last θ asked is cached, since argmin asks for the cost and the
    /// gradient separately.
    fn cost_and_gradient(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, cost, gradient)) = cache.as_ref()
            && at.as_slice() == theta
        {
            return (*cost, gradient.clone());
        }
        let values = self.natural(theta);
        // Dual numbers with as many derivatives as the model has parameters.
        let (value, natural_gradient) = match values.len() {
            0 | 1 => self.objective_with::<1>(&values),
            2 => self.objective_with::<2>(&values),
            3 => self.objective_with::<3>(&values),
            _ => self.objective_with::<MAX_FREE>(&values),
        };
        let gradient: Vec<f64> = self
            .preset
            .free_parameters()
            .iter()
            .zip(theta)
            .enumerate()
            .map(|(i, (p, &t))| {
                let s = crate::experiments::logistic(t);
                let g = natural_gradient[i] * self.scale * (p.high - p.low) * s * (1.0 - s);
                // A non-finite objective has no slope to follow; the line search backs off on cost.
                if g.is_finite() { g } else { 0.0 }
            })
            .collect();
        // Keep non-finite costs out of the optimisers' arithmetic.
        let cost = if value.is_finite() {
            value * self.scale
        } else {
            f64::MAX
        };
        *cache = Some((theta.to_vec(), cost, gradient.clone()));
        (cost, gradient)
    }
}

impl Problem {
    /// The objective at `values` and its gradient with respect to them.
    fn objective_with<const N: usize>(&self, values: &[f64]) -> (f64, Vec<f64>) {
        let duals: Vec<Dual<N>> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| Dual::variable(v, i))
            .collect();
        let objective = self.tally(&duals).value(self.options.objective);
        (objective.value, objective.gradient.to_vec())
    }

    /// The Hessian of the negative log-likelihood at `values`, row-major.
    fn nll_hessian(&self, values: &[f64]) -> Vec<Vec<f64>> {
        fn with<const N: usize>(problem: &Problem, values: &[f64]) -> Vec<Vec<f64>> {
            let duals: Vec<Dual2<N>> = values
                .iter()
                .enumerate()
                .map(|(i, &v)| Dual2::variable(v, i))
                .collect();
            let nll = -problem.tally(&duals).log_likelihood();
            nll.hessian.iter().map(|row| row.to_vec()).collect()
        }
        match values.len() {
            0 | 1 => with::<1>(self, values),
            2 => with::<2>(self, values),
            3 => with::<3>(self, values),
            _ => with::<MAX_FREE>(self, values),
        }
    }
}

/// One chunk of subjects' tally, for [`pulp`] to compile once per instruction set.
struct TallyChunk<'a, R> {
    evaluation: &'a Evaluation<'a, R>,
    data: &'a Packed,
    subjects: std::ops::Range<usize>,
}

impl<R: LearnFour> pulp::WithSimd for TallyChunk<'_, R> {
    type Output = Tally<R>;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Tally<R> {
        self.evaluation.tally(self.data, self.subjects)
    }
}

impl CostFunction for Problem {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, theta: &Self::Param) -> Result<f64, argmin::core::Error> {
        if self.options.method == FitMethod::NelderMead {
            let v = self
                .tally(&self.natural(theta))
                .value(self.options.objective);
            // Nelder–Mead compares costs; keep non-finite ones out of its arithmetic.
            return Ok(if v.is_finite() { v } else { f64::MAX });
        }
        Ok(self.cost_and_gradient(theta).0)
    }
}

impl Gradient for Problem {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;

    fn gradient(&self, theta: &Self::Param) -> Result<Vec<f64>, argmin::core::Error> {
        Ok(self.cost_and_gradient(theta).1)
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
    let problem = Problem::new(subjects, preset, options, steps);
    // Counted from the data: running the model just to count its observations would be a wasted pass.
    let observations = problem.observations;
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
    let design = start_design(k, options.starts, options.seed);
    let mut ends: Vec<(Vec<f64>, StartOutcome)> = Vec::with_capacity(options.starts);
    let mut last_error = None;
    for (start, theta0) in design.into_iter().enumerate() {
        match run_start(problem.fresh(), theta0, options) {
            Ok((theta, _, solver_converged, iterations, ended)) => {
                // The start's own problem: its cache most often holds the end already.
                let gradient_norm = max_abs(
                    &ended
                        .as_ref()
                        .unwrap_or(&problem)
                        .cost_and_gradient(&theta)
                        .1,
                );
                let values = problem.natural(&theta);
                let outcome = StartOutcome {
                    objective: problem.tally(&values).value(options.objective),
                    values,
                    gradient_norm,
                    solver_converged,
                    iterations,
                };
                ends.push((theta, outcome));
            }
            // One start whose line search fails does not sink the fit; the others still count.
            Err(e) => last_error = Some(e),
        }
        progress(FitProgress {
            done: start + 1,
            total: options.starts,
        });
    }
    ends.sort_by(|a, b| a.1.objective.total_cmp(&b.1.objective));
    let Some((theta, best)) = ends.first().cloned() else {
        return Err(
            last_error.unwrap_or_else(|| Error::Fit("no start produced an estimate".into()))
        );
    };
    let objective = best.objective;
    let agreeing_starts = ends
        .iter()
        .filter(|(_, o)| o.objective - objective <= AGREEMENT * (1.0 + objective.abs()))
        .count();
    let stationary = match options.method {
        // Nelder–Mead does not use the gradient; its own stopping rule is the test.
        FitMethod::NelderMead => best.solver_converged,
        FitMethod::Lbfgs => best.gradient_norm <= GRADIENT_TOLERANCE,
    };
    let convergence = verdict(stationary, best.gradient_norm, ends.len(), agreeing_starts);
    let values = problem.natural(&theta);
    let at = problem.tally(&values);
    let log_likelihood = at.log_likelihood();
    let parameter_count = k + usize::from(at.continuous > 0);
    let n = at.observations() as f64;
    let (errors, hessian_positive_definite) = standard_errors(&problem, &values);
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
        converged: convergence == Convergence::Converged,
        convergence,
        agreeing_starts,
        iterations: best.iterations,
        hessian_positive_definite,
        starts: ends.into_iter().map(|(_, o)| o).collect(),
    })
}

/// The starting points: a Latin hypercube over the middle 90 % of each parameter's range (each
/// parameter's range cut into `starts` equal strata, every stratum used once, in a seeded random
/// order per parameter; McKay, Beckman & Conover 1979), returned on the optimiser's logistic scale.
/// Starts spread over every parameter's range however few there are, which a plain random draw
/// does not promise.
fn start_design(parameters: usize, starts: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = crate::experiments::subject_rng(seed, 0, 0xF1);
    let columns: Vec<Vec<f64>> = (0..parameters)
        .map(|_| {
            let mut strata: Vec<usize> = (0..starts).collect();
            // Fisher–Yates, from the value-stable stream.
            for i in (1..starts).rev() {
                let j = (rng.random::<f64>() * (i + 1) as f64) as usize;
                strata.swap(i, j.min(i));
            }
            strata
                .iter()
                .map(|&stratum| {
                    let u = 0.05 + 0.9 * (stratum as f64 + rng.random::<f64>()) / starts as f64;
                    (u / (1.0 - u)).ln()
                })
                .collect()
        })
        .collect();
    (0..starts)
        .map(|start| columns.iter().map(|column| column[start]).collect())
        .collect()
}

/// One start's optimisation: the end point θ, its cost, whether the solver met its own tolerance,
/// and its iterations.
/// One start's end: the estimate θ, its cost, whether the solver said it converged, its
/// iterations, and the problem it ran on (whose cache holds the last θ it asked about).
type StartEnd = (Vec<f64>, f64, bool, u64, Option<Problem>);

fn run_start(problem: Problem, theta0: Vec<f64>, options: FitOptions) -> Result<StartEnd, Error> {
    let fit = |e: argmin::core::Error| Error::Fit(e.to_string());
    let finish = |state: &dyn StateView, problem: Option<Problem>| -> Result<StartEnd, Error> {
        let theta = state
            .best_param()
            .ok_or_else(|| Error::Fit("the optimiser returned no estimate".into()))?;
        Ok((
            theta,
            state.best_cost(),
            state.solver_converged(),
            state.iterations(),
            problem,
        ))
    };
    match options.method {
        FitMethod::Lbfgs => {
            let solver = LBFGS::new(MoreThuenteLineSearch::new(), LBFGS_MEMORY)
                .with_tolerance_grad(GRADIENT_TOLERANCE / 10.0)
                .map_err(fit)?
                .with_tolerance_cost(0.0)
                .map_err(fit)?;
            let mut result = Executor::new(problem, solver)
                .configure(|state| state.param(theta0).max_iters(options.max_iterations))
                .run()
                .map_err(fit)?;
            let ended = result.problem.take_problem();
            finish(result.state(), ended)
        }
        FitMethod::NelderMead => {
            let k = theta0.len();
            let mut simplex = vec![theta0.clone()];
            for i in 0..k {
                let mut v = theta0.clone();
                v[i] += 0.7;
                simplex.push(v);
            }
            let solver = NelderMead::new(simplex)
                .with_sd_tolerance(options.tolerance)
                .map_err(fit)?;
            let mut result = Executor::new(problem, solver)
                .configure(|state| state.max_iters(options.max_iterations))
                .run()
                .map_err(fit)?;
            let ended = result.problem.take_problem();
            finish(result.state(), ended)
        }
    }
}

/// What the two solvers' states have in common, as `fit_slice` reads it.
trait StateView {
    fn best_param(&self) -> Option<Vec<f64>>;
    fn best_cost(&self) -> f64;
    fn solver_converged(&self) -> bool;
    fn iterations(&self) -> u64;
}

impl<S: State<Param = Vec<f64>, Float = f64>> StateView for S {
    fn best_param(&self) -> Option<Vec<f64>> {
        self.get_best_param().cloned()
    }
    fn best_cost(&self) -> f64 {
        self.get_best_cost()
    }
    fn solver_converged(&self) -> bool {
        matches!(
            self.get_termination_status(),
            TerminationStatus::Terminated(TerminationReason::SolverConverged)
        )
    }
    fn iterations(&self) -> u64 {
        self.get_iter()
    }
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// The log-likelihood of `data` under `preset` with its free parameters at `values` (in
/// [`ModelPreset::free_parameters`] order), with `options`' investment policy: what a fit maximises,
/// for likelihood-ratio tests and for checking a fit against known parameters.
///
/// # Errors
/// [`Error::Fit`] for the wrong number of values; [`Error::Core`] for a value outside its bounds;
/// [`Error::Fit`] when the data have no observations.
pub fn log_likelihood_at(
    data: &Dataset,
    preset: ModelPreset,
    values: &[f64],
    options: FitOptions,
) -> Result<f64, Error> {
    check_values(preset, values)?;
    let problem = Problem::new(data.subjects(), preset, options, Steps::All);
    if problem.observations == 0 {
        return Err(Error::Fit("no observations to fit".into()));
    }
    Ok(problem.tally(values).log_likelihood())
}

/// The verdict on a fit from its best start and the agreement of the others.
const fn verdict(
    stationary: bool,
    gradient_norm: f64,
    starts: usize,
    agreeing_starts: usize,
) -> Convergence {
    if !stationary {
        Convergence::NotConverged { gradient_norm }
    } else if starts > 1 && agreeing_starts < 2 {
        Convergence::MultipleOptima
    } else {
        Convergence::Converged
    }
}

/// Relative tolerance within which two starts' objectives count as the same optimum
/// (`|Δ| ≤ 1e-6 · (1 + |objective|)`).
pub const AGREEMENT: f64 = 1e-6;

/// The largest gradient component at which an L-BFGS end point counts as stationary: of the
/// objective per observation, with respect to the optimiser's unbounded coordinates (each
/// parameter's logit within its bounds). Per observation, so the test means the same at any size of
/// data: the distance to the optimum it allows is this divided by the curvature per observation.
pub const GRADIENT_TOLERANCE: f64 = 1e-6;

/// Past gradients L-BFGS keeps for its curvature estimate (Nocedal & Wright 2006, §7.2 suggest 3–20).
const LBFGS_MEMORY: usize = 7;

/// Standard errors from the exact Hessian of the negative log-likelihood (forward-mode second
/// derivatives, see the `real` module) with respect to the parameters inside their bounds, and
/// whether that Hessian is positive definite. A parameter at a bound has no standard error; if the
/// Hessian is not positive definite — a flat direction or a saddle — none has.
fn standard_errors(problem: &Problem, values: &[f64]) -> (Vec<Option<f64>>, bool) {
    let params = problem.preset.free_parameters();
    let interior: Vec<usize> = (0..values.len())
        .filter(|&i| {
            let margin = 1e-4 * (params[i].high - params[i].low);
            values[i] - margin > params[i].low && values[i] + margin < params[i].high
        })
        .collect();
    let mut out = vec![None; values.len()];
    let m = interior.len();
    if m == 0 {
        // Every parameter at a bound: nothing to invert, and nothing wrong with the curvature.
        return (out, true);
    }
    let full = problem.nll_hessian(values);
    let mut hessian = vec![0.0; m * m];
    for (a, &i) in interior.iter().enumerate() {
        for (b, &j) in interior.iter().enumerate() {
            hessian[a * m + b] = full[i][j];
        }
    }
    let Some(variances) = inverse_diagonal(&hessian, m) else {
        return (out, false);
    };
    for (a, &i) in interior.iter().enumerate() {
        if variances[a].is_finite() && variances[a] > 0.0 {
            out[i] = Some(variances[a].sqrt());
        }
    }
    (out, true)
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
        let problem = Problem::new(data.subjects(), preset, options, test);
        Ok(-problem.tally(&values).log_likelihood())
    };
    Ok(CrossValidation {
        preset,
        even_held_out: held_out(Steps::Odd, Steps::Even)?,
        odd_held_out: held_out(Steps::Even, Steps::Odd)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::data::Observation;
    use crate::{Anchor, Experience, TrustLearner};
    use chrono::{Duration, TimeZone, Utc};
    use rand::SeedableRng;

    /// Histories of graded rewards (0.05–0.95) with noisy survey measurements of trust, from the
    /// dynamic-belief learner at `truth` — the data whose objective had jumps before the smooth push.
    fn graded(truth: &[f64], histories: usize, seed: u64) -> Dataset {
        let preset = ModelPreset::DynamicBelief;
        let params = preset.with_values(truth);
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let subjects = (0..histories)
            .map(|h| {
                let prior = [0.3, 0.5, 0.7][h % 3];
                let quality = 0.2 + 0.6 * rng.random::<f64>();
                let mut learner = TrustLearner::new(params, Anchor::new(prior).unwrap()).unwrap();
                let trials = (0..15)
                    .map(|t| {
                        let reward =
                            (quality + 0.5 * (rng.random::<f64>() - 0.5)).clamp(0.05, 0.95);
                        let e = Experience::new(reward, start + Duration::days(t)).unwrap();
                        learner.observe(&e).unwrap();
                        let noise = 0.05 * (rng.random::<f64>() + rng.random::<f64>() - 1.0);
                        let y = (learner.trust().value() + noise).clamp(0.0, 1.0);
                        (e, Some(Observation::Measurement(y)))
                    })
                    .collect();
                Subject::new(format!("h{h}"), Some(prior), trials).unwrap()
            })
            .collect();
        Dataset::new(subjects).unwrap()
    }

    #[test]
    fn gradient_equals_central_differences_for_every_model() {
        let data = graded(&[0.15, 0.34, 0.21, 0.3], 30, 7);
        for preset in ModelPreset::ALL {
            let problem = Problem::new(data.subjects(), preset, FitOptions::default(), Steps::All);
            let k = preset.parameter_count();
            let theta: Vec<f64> = (0..k).map(|i| -0.8 + 0.5 * i as f64).collect();
            let (_, exact) = problem.cost_and_gradient(&theta);
            let cost = |t: &[f64]| {
                problem
                    .tally(&problem.natural(t))
                    .value(Objective::Likelihood)
                    * problem.scale
            };
            for i in 0..k {
                let h = 1e-6;
                let (mut up, mut down) = (theta.clone(), theta.clone());
                up[i] += h;
                down[i] -= h;
                let numeric = (cost(&up) - cost(&down)) / (2.0 * h);
                assert!(
                    (exact[i] - numeric).abs() <= 1e-6 * (1.0 + numeric.abs()),
                    "{preset} d/dθ{i}: exact {} vs numeric {numeric}",
                    exact[i]
                );
            }
        }
    }

    #[test]
    fn every_instruction_set_gives_the_same_objective_and_gradient() {
        // The tally compiled for the baseline and for the widest instruction set this CPU has,
        // side by side on every model: the same bits, value and derivatives.
        let data = graded(&[0.15, 0.34, 0.21, 0.3], 30, 9);
        for preset in ModelPreset::ALL {
            let problem = Problem::new(data.subjects(), preset, FitOptions::default(), Steps::All);
            let values: Vec<Dual<MAX_FREE>> = problem
                .natural(&vec![0.3; preset.parameter_count()])
                .iter()
                .enumerate()
                .map(|(i, &v)| Dual::variable(v, i))
                .collect();
            let evaluation =
                Evaluation::new(preset, &values, &problem.options.policy, problem.steps);
            let chunk = || TallyChunk {
                evaluation: &evaluation,
                data: &problem.data,
                subjects: 0..problem.data.len(),
            };
            let baseline = pulp::Simd::vectorize(pulp::Scalar, chunk()).log_likelihood();
            let widest = pulp::Arch::new().dispatch(chunk()).log_likelihood();
            assert_eq!(baseline.value.to_bits(), widest.value.to_bits(), "{preset}");
            for (a, b) in baseline.gradient.iter().zip(&widest.gradient) {
                assert_eq!(a.to_bits(), b.to_bits(), "{preset}");
            }
        }
    }

    #[test]
    fn hessian_equals_differences_of_the_exact_gradient() {
        let data = graded(&[0.15, 0.34, 0.21, 0.3], 30, 8);
        let preset = ModelPreset::DynamicBelief;
        let problem = Problem::new(data.subjects(), preset, FitOptions::default(), Steps::All);
        let values = [0.2, 0.4, 0.3, 0.25];
        let gradient = |v: &[f64]| {
            let duals: Vec<Dual<4>> = v
                .iter()
                .enumerate()
                .map(|(i, &x)| Dual::variable(x, i))
                .collect();
            (-problem.tally(&duals).log_likelihood()).gradient
        };
        let exact = problem.nll_hessian(&values);
        for i in 0..4 {
            let h = 1e-6;
            let (mut up, mut down) = (values, values);
            up[i] += h;
            down[i] -= h;
            let (gu, gd) = (gradient(&up), gradient(&down));
            for j in 0..4 {
                let numeric = (gu[j] - gd[j]) / (2.0 * h);
                assert!(
                    (exact[i][j] - numeric).abs() <= 1e-4 * (1.0 + numeric.abs()),
                    "H[{i}][{j}]: exact {} vs numeric {numeric}",
                    exact[i][j]
                );
            }
        }
    }

    /// The case the smooth push and the gradient were built for: dynamic belief on graded rewards
    /// with survey measurements. With the default starts the fit reaches (at least) the true
    /// parameters' log-likelihood, at least two starts agree, and φ is recovered.
    #[test]
    fn graded_rewards_fit_reaches_the_optimum_with_default_starts() {
        let truth = [0.15, 0.3375, 0.21, 0.3];
        let data = graded(&truth, 200, 2026);
        let preset = ModelPreset::DynamicBelief;
        let options = FitOptions::default();
        let fit = fit_group(&data, preset, options).unwrap();
        let at_truth = log_likelihood_at(&data, preset, &truth, options).unwrap();
        assert!(
            fit.log_likelihood >= at_truth - 1e-6,
            "fit {} vs truth {at_truth}: {:#?}",
            fit.log_likelihood,
            fit.starts
        );
        assert_eq!(fit.convergence, Convergence::Converged, "{:#?}", fit.starts);
        assert!(fit.hessian_positive_definite);
        let phi = fit.value("belief_rate").unwrap();
        let se = fit.estimates[2].standard_error.unwrap();
        assert!((phi - 0.21).abs() < 3.0 * se, "φ = {phi} ± {se}");
    }

    #[test]
    fn a_fit_stopped_early_says_so() {
        let data = graded(&[0.15, 0.34, 0.21, 0.3], 30, 9);
        let options = FitOptions {
            max_iterations: 1,
            ..FitOptions::default()
        };
        let fit = fit_group(&data, ModelPreset::DynamicBelief, options).unwrap();
        assert!(matches!(fit.convergence, Convergence::NotConverged { .. }));
        assert!(!fit.converged);
        assert_eq!(fit.starts.len(), FitOptions::default().starts);
    }

    #[test]
    fn the_verdict_needs_a_stationary_best_and_a_second_start_there() {
        assert_eq!(verdict(true, 1e-9, 4, 2), Convergence::Converged);
        assert_eq!(verdict(true, 1e-9, 1, 1), Convergence::Converged);
        assert_eq!(verdict(true, 1e-9, 4, 1), Convergence::MultipleOptima);
        assert_eq!(
            verdict(false, 0.3, 4, 4),
            Convergence::NotConverged { gradient_norm: 0.3 }
        );
    }
}
