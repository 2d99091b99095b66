//! Estimating the learner's parameters from real histories, comparing models, and checking that
//! parameters can be recovered — the simulate → fit → recover → compare loop of hBayesDM, pyEM and
//! binaryRL, with maximum likelihood instead of a Bayesian hierarchy.
//!
//! ```
//! use trustkit_learning::ModelPreset;
//! use trustkit_learning::fit::{Design, FitOptions, fit_group, simulate};
//!
//! // Simulate 60 short histories from known gain–loss rates, then estimate them back.
//! let design = Design { histories: 60, trials: 12, ..Design::default() };
//! let data = simulate(ModelPreset::GainLoss, &[0.2, 0.5], &design, 7)?;
//! let fit = fit_group(&data, ModelPreset::GainLoss, FitOptions { starts: 2, ..FitOptions::default() })?;
//! assert!((fit.value("alpha_gain").unwrap() - 0.2).abs() < 0.1);
//! assert!(fit.aic.is_finite());
//! # Ok::<(), trustkit_learning::Error>(())
//! ```
//!
//! - [`Dataset`]: subjects' experiences with [`Observation`]s (trust measurements, investments,
//!   choices), from CSV or JSON, with errors naming line and field.
//! - [`fit_group`] (parameters shared by all subjects, as Chang et al. 2010 fit) and [`fit_subjects`]:
//!   argmin's L-BFGS on the objective's exact gradient (forward-mode dual numbers through the
//!   learner's own update), or Nelder–Mead ([`FitMethod`]), from a seeded Latin hypercube of
//!   starts, on parameters mapped into their bounds by a logistic; a [`Convergence`] verdict that
//!   needs a small gradient and two agreeing starts; standard errors from the exact Hessian.
//! - [`compare_models`] (AIC, BIC) and [`cross_validate`] (odd/even steps).
//! - [`simulate`] and [`recover`].

mod data;
mod lanes;
mod model;
mod optimise;
mod recovery;

pub use crate::preset::FreeParam;
pub use data::{Dataset, Observation, Subject};
pub use model::Objective;
pub use optimise::{
    AGREEMENT, Comparison, Convergence, CrossValidation, Estimate, FitMethod, FitOptions,
    FitProgress, FitResult, GRADIENT_TOLERANCE, Progress, StartOutcome, compare_models,
    cross_validate, fit_group, fit_group_with_progress, fit_subjects, log_likelihood_at,
};
pub use recovery::{Design, RecoveryReport, SimulatedObservation, recover, simulate};
