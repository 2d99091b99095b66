//! The churn fit: an independent reference, parameter recovery, and degenerate data.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use trustkit_loyalty::{ChurnData, ChurnModel, Error, FitOptions};

fn reference_data() -> ChurnData {
    let csv = include_str!("data/churn_reference.csv");
    let mut rows = Vec::new();
    let mut churned = Vec::new();
    for line in csv.lines().skip(1) {
        let v: Vec<f64> = line.split(',').map(|x| x.parse().unwrap()).collect();
        rows.push(v[..3].to_vec());
        churned.push(v[3] == 1.0);
    }
    ChurnData::new(
        vec!["adoption".into(), "tickets".into(), "trust".into()],
        &rows,
        churned,
    )
    .unwrap()
}

/// tests/data/reference_fit.py fits the same data with scipy's BFGS on the negative log-likelihood and
/// takes standard errors from the analytic Hessian: coefficients 1.315648, −1.956927, 0.154168,
/// −2.042794; standard errors 0.344659, 0.381257, 0.063120, 0.398274; log-likelihood −245.375789.
#[test]
fn agrees_with_an_independent_scipy_fit() {
    let model = ChurnModel::fit(&reference_data(), FitOptions::default()).unwrap();
    let coefficients = [1.315_648, -1.956_927, 0.154_168, -2.042_794];
    let errors = [0.344_659, 0.381_257, 0.063_120, 0.398_274];
    for k in 0..4 {
        assert!(
            (model.coefficients[k] - coefficients[k]).abs() < 1e-5,
            "b{k} = {}",
            model.coefficients[k]
        );
        assert!(
            (model.standard_errors[k] - errors[k]).abs() < 1e-5,
            "se{k} = {}",
            model.standard_errors[k]
        );
    }
    assert!((model.log_likelihood + 245.375_789).abs() < 1e-5);
    assert_eq!(model.observations, 400);
}

#[test]
fn recovers_known_coefficients_from_simulated_data() {
    let truth = [-1.0, 0.8, -1.5, 0.5];
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let n = 20_000;
    let mut rows = Vec::with_capacity(n);
    let mut churned = Vec::with_capacity(n);
    for _ in 0..n {
        let x: Vec<f64> = (0..3).map(|_| rng.random::<f64>() * 2.0 - 1.0).collect();
        let eta = truth[0] + truth[1] * x[0] + truth[2] * x[1] + truth[3] * x[2];
        churned.push(rng.random::<f64>() < 1.0 / (1.0 + (-eta).exp()));
        rows.push(x);
    }
    let data = ChurnData::new(vec!["a".into(), "b".into(), "c".into()], &rows, churned).unwrap();
    let model = ChurnModel::fit(&data, FitOptions::default()).unwrap();
    for (k, ((b, se), t)) in model
        .coefficients
        .iter()
        .zip(&model.standard_errors)
        .zip(truth)
        .enumerate()
    {
        // Tolerance: within 0.1 absolutely and within four standard errors.
        assert!((b - t).abs() < 0.1, "b{k} = {b}, truth {t}");
        assert!((b - t).abs() < 4.0 * se, "b{k} = {b} ± {se}");
    }
}

#[test]
fn separable_data_is_an_error_not_nan() {
    let rows: Vec<Vec<f64>> = (0..20).map(|k| vec![k as f64]).collect();
    let churned = (0..20).map(|k| k >= 10).collect();
    let data = ChurnData::new(vec!["x".into()], &rows, churned).unwrap();
    assert_eq!(
        ChurnModel::fit(&data, FitOptions::default()),
        Err(Error::PerfectSeparation)
    );
}

#[test]
fn rank_deficient_data_is_an_error() {
    // The second feature is twice the first.
    let rows: Vec<Vec<f64>> = (0..20)
        .map(|k| vec![k as f64 % 7.0, 2.0 * (k as f64 % 7.0)])
        .collect();
    let churned = (0..20).map(|k| k % 3 == 0).collect();
    let data = ChurnData::new(vec!["x".into(), "2x".into()], &rows, churned).unwrap();
    assert!(matches!(
        ChurnModel::fit(&data, FitOptions::default()),
        Err(Error::RankDeficient { .. })
    ));
    // A constant feature is collinear with the intercept.
    let rows: Vec<Vec<f64>> = (0..20).map(|_| vec![3.0]).collect();
    let churned = (0..20).map(|k| k % 3 == 0).collect();
    let data = ChurnData::new(vec!["c".into()], &rows, churned).unwrap();
    assert!(matches!(
        ChurnModel::fit(&data, FitOptions::default()),
        Err(Error::RankDeficient { .. })
    ));
}

#[test]
fn bad_input_is_named() {
    let err = ChurnData::new(
        vec!["x".into()],
        &[vec![1.0], vec![f64::NAN]],
        vec![true, false],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "row 1, feature \"x\" must be a finite number, got NaN"
    );
    assert!(matches!(
        ChurnData::new(vec!["x".into()], &[vec![1.0, 2.0]], vec![true]),
        Err(Error::RowWidth {
            row: 0,
            found: 2,
            expected: 1
        })
    ));
    assert!(ChurnData::new(vec![], &[vec![]], vec![true]).is_err());
    assert!(ChurnData::new(vec!["x".into()], &[], vec![]).is_err());
    let model = ChurnModel::fit(&reference_data(), FitOptions::default()).unwrap();
    assert!(model.predict(&[0.5]).is_err());
    assert!(model.predict(&[0.5, f64::INFINITY, 0.5]).is_err());
}

#[test]
fn a_churn_model_that_does_not_fit_together_is_an_error_not_a_panic() {
    // Regression: empty coefficients from JSON used to panic with "index out of bounds" in predict.
    let err = serde_json::from_str::<ChurnModel>(
        r#"{"features": ["adoption"], "coefficients": [], "standard_errors": [], "log_likelihood": 0, "iterations": 1, "observations": 1}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("needs 2 coefficients"), "{err}");
    // Shorter coefficients than features used to be silently ignored.
    let short = ChurnModel {
        features: vec!["adoption".into(), "tickets".into()],
        coefficients: vec![0.1, 0.2],
        standard_errors: vec![0.1, 0.1],
        log_likelihood: -1.0,
        iterations: 1,
        observations: 10,
    };
    assert!(matches!(
        short.predict(&[0.5, 3.0]),
        Err(trustkit_loyalty::Error::ModelShape {
            features: 2,
            coefficients: 2,
            ..
        })
    ));
    let empty = ChurnModel {
        features: vec![],
        coefficients: vec![],
        ..short.clone()
    };
    assert!(empty.predict(&[]).is_err());
    // Non-finite coefficients, and an overflow of opposite signs that would give NaN.
    let nan = ChurnModel {
        coefficients: vec![0.0, f64::NAN, 1.0],
        standard_errors: vec![1.0; 3],
        ..short.clone()
    };
    assert!(nan.predict(&[1.0, 1.0]).is_err());
    let huge = ChurnModel {
        coefficients: vec![0.0, 1e308, -1e308],
        standard_errors: vec![1.0; 3],
        ..short
    };
    assert!(huge.predict(&[1e308, 1e308]).is_err());
    assert_eq!(huge.predict(&[1e308, 0.0]).unwrap().value(), 1.0);
}
