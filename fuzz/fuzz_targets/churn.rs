//! The churn fit and predict on arbitrary small data: an error or a model whose predictions are
//! probabilities; a model from JSON predicts or refuses, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustkit::loyalty::{ChurnData, ChurnModel, FitOptions};

fuzz_target!(|input: (Vec<(f64, f64, bool)>, Vec<f64>, String)| {
    let (rows, probe, json) = input;
    let rows: Vec<_> = rows.into_iter().take(64).collect();
    let x: Vec<Vec<f64>> = rows.iter().map(|r| vec![r.0, r.1]).collect();
    let y: Vec<bool> = rows.iter().map(|r| r.2).collect();
    if let Ok(data) = ChurnData::new(vec!["a".into(), "b".into()], &x, y) {
        if let Ok(model) = ChurnModel::fit(&data, FitOptions::default()) {
            assert!(model.coefficients.iter().all(|b| b.is_finite()));
            if let Ok(p) = model.predict(&probe) {
                assert!((0.0..=1.0).contains(&p.value()));
            }
        }
    }
    if let Ok(model) = serde_json::from_str::<ChurnModel>(&json) {
        if let Ok(p) = model.predict(&probe) {
            assert!((0.0..=1.0).contains(&p.value()));
        }
    }
});
