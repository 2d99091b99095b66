//! The renewal model fitted to simulated outcomes drawn from a known logistic model: the fit
//! recovers the coefficients, cross-validation measures the true model's accuracy, and bad input
//! is an error, not a number.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use proptest::prelude::*;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use trustkit_loyalty::calibration::{Baseline, cross_validate, metrics};
use trustkit_loyalty::{COEFFICIENTS, Error, FEATURES, FitOptions, RenewalLogit};

const TRUE: [f64; COEFFICIENTS] = [1.2, 2.5, 0.6, 3.0, 0.3, -0.5, 1.2, -2.0, 1.5, 0.8, 0.7, 0.4];

/// Features shaped as a portfolio's: centred inputs, indicators, betrayal rare.
fn simulate(n: usize, seed: u64) -> (Vec<[f64; FEATURES]>, Vec<bool>, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let truth = RenewalLogit::from_coefficients(TRUE).unwrap();
    let (mut rows, mut renewed, mut logits) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n {
        let u = |rng: &mut ChaCha8Rng| rng.random::<f64>() - 0.5;
        let trend = rng.random::<f64>();
        let x = [
            u(&mut rng),
            f64::from(u8::from(rng.random::<f64>() < 0.4)),
            u(&mut rng),
            f64::from(u8::from(trend < 0.3)),
            f64::from(u8::from(trend > 0.7)),
            2.0 * u(&mut rng),
            if rng.random::<f64>() < 0.2 {
                rng.random::<f64>()
            } else {
                0.0
            },
            u(&mut rng),
            u(&mut rng),
            u(&mut rng),
            // ln(1 + years) − ln 3 for 0–10 years.
            (10.0 * rng.random::<f64>()).ln_1p() - 3f64.ln(),
        ];
        let eta = truth.logit(&x);
        renewed.push(rng.random::<f64>() < 1.0 / (1.0 + (-eta).exp()));
        rows.push(x);
        logits.push(eta);
    }
    (rows, renewed, logits)
}

#[test]
fn the_fit_recovers_known_coefficients_within_three_standard_errors() {
    let (rows, renewed, _) = simulate(10_000, 11);
    let fit = RenewalLogit::fit(&rows, &renewed, FitOptions::default()).unwrap();
    assert!(fit.excluded.is_empty(), "{:?}", fit.excluded);
    for (k, (&b, &truth)) in fit.model.coefficients().iter().zip(&TRUE).enumerate() {
        let se = fit.standard_errors[k].unwrap();
        assert!(
            (b - truth).abs() < 3.0 * se,
            "coefficient {k}: {b} vs {truth} ± {se}"
        );
    }
}

#[test]
fn cross_validation_measures_the_true_models_accuracy() {
    let (rows, renewed, true_logits) = simulate(10_000, 12);
    let v = cross_validate(&rows, &renewed, 5, 1, FitOptions::default()).unwrap();
    let best = metrics(&true_logits, &renewed).unwrap();
    assert!(
        (v.model.auc - best.auc).abs() < 0.02,
        "{} vs {}",
        v.model.auc,
        best.auc
    );
    let (slope, _) = v.model.calibration.unwrap();
    assert!((slope - 1.0).abs() < 0.1, "slope {slope}");
    // Health alone, NPS alone and the base rate all do worse than every input together.
    for b in &v.baselines {
        let m = b.metrics.as_ref().unwrap();
        assert!(
            m.auc < v.model.auc && m.brier > v.model.brier,
            "{:?}",
            b.baseline
        );
    }
    let base = v
        .baselines
        .iter()
        .find(|b| b.baseline == Baseline::BaseRate)
        .unwrap();
    assert!((base.metrics.as_ref().unwrap().auc - 0.5).abs() < 1e-12);
}

#[test]
fn a_post_hoc_wrong_sign_is_left_out_not_used() {
    // Outcomes that fall with respect (feature 9): the coherent model refuses that direction.
    let (mut rows, _, _) = simulate(2_000, 13);
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let renewed: Vec<bool> = rows
        .iter_mut()
        .map(|x| rng.random::<f64>() < 1.0 / (1.0 + (3.0 * x[9]).exp()))
        .collect();
    let fit = RenewalLogit::fit(&rows, &renewed, FitOptions::default()).unwrap();
    assert!(
        fit.excluded.iter().any(|e| e.name == "respect"),
        "{:?}",
        fit.excluded
    );
    assert_eq!(fit.model.coefficients()[10], 0.0);
    assert!(
        fit.excluded[0]
            .to_string()
            .contains("against its direction")
    );
}

#[test]
fn bad_outcomes_are_errors() {
    let (rows, _, _) = simulate(20, 14);
    let all_renewed = vec![true; 20];
    assert!(matches!(
        RenewalLogit::fit(&rows, &all_renewed, FitOptions::default()),
        Err(Error::OneClass {
            count: 20,
            renewed: true
        })
    ));
    let mixed: Vec<bool> = (0..8).map(|i| i % 2 == 0).collect();
    assert!(matches!(
        RenewalLogit::fit(&rows[..8], &mixed, FitOptions::default()),
        Err(Error::TooFewOutcomes {
            observations: 8,
            parameters: 11
        })
    ));
    assert!(matches!(
        RenewalLogit::fit(&[], &[], FitOptions::default()),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        cross_validate(
            &rows,
            &(0..20).map(|i| i != 0).collect::<Vec<_>>(),
            5,
            1,
            FitOptions::default()
        ),
        Err(Error::Core(_))
    ));
}

#[test]
fn a_ridge_penalty_fits_a_small_separable_sample() {
    // Health separates renewals perfectly: the plain fit refuses, a ridge gives finite numbers.
    let rows: Vec<[f64; FEATURES]> = (0..30)
        .map(|i| {
            let mut x = [0.0; FEATURES];
            x[2] = f64::from(i) / 30.0 - 0.5;
            x
        })
        .collect();
    let renewed: Vec<bool> = (0..30).map(|i| i >= 10).collect();
    assert!(matches!(
        RenewalLogit::fit(&rows, &renewed, FitOptions::default()),
        Err(Error::PerfectSeparation)
    ));
    let ridge = FitOptions {
        l2: 1.0,
        ..FitOptions::default()
    };
    let fit = RenewalLogit::fit(&rows, &renewed, ridge).unwrap();
    assert!(fit.model.coefficients()[3] > 0.0 && fit.model.coefficients()[3].is_finite());
}

proptest! {
    #[test]
    fn metrics_are_bounded_and_finite(
        logits in prop::collection::vec(-50.0f64..50.0, 2..60),
        seed in any::<u64>(),
    ) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut renewed: Vec<bool> = logits.iter().map(|_| rng.random::<bool>()).collect();
        renewed[0] = true;
        renewed[1] = false;
        let m = metrics(&logits, &renewed).unwrap();
        prop_assert!((0.0..=1.0).contains(&m.auc));
        prop_assert!((0.0..=1.0).contains(&m.brier));
        prop_assert!(m.log_loss.is_finite() && m.log_loss >= 0.0);
        prop_assert!(m.riskiest_decile_lift.is_finite() && m.riskiest_decile_lift >= 0.0);
        prop_assert_eq!(m.deciles.iter().map(|b| b.count).sum::<usize>(), logits.len());
        // Reversing the predictions mirrors the AUC.
        let flipped: Vec<f64> = logits.iter().map(|x| -x).collect();
        let r = metrics(&flipped, &renewed).unwrap();
        prop_assert!((m.auc + r.auc - 1.0).abs() < 1e-9);
    }
}
