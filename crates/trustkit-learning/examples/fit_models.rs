//! Simulates Chang-style data from the dynamic-belief model, fits all five presets and prints the
//! comparison, cross-validation and a recovery check.
//!
//! `cargo run --release -p trustkit-learning --example fit_models`

use trustkit_learning::ModelPreset;
use trustkit_learning::fit::{Design, FitOptions, compare_models, cross_validate, simulate};

fn main() -> Result<(), trustkit_learning::Error> {
    let truth = [0.15, 0.3375, 0.12, 0.045];
    let data = simulate(ModelPreset::DynamicBelief, &truth, &Design::default(), 2010)?;
    println!(
        "data: {} histories, {} observations; truth {truth:?}",
        data.subjects().len(),
        data.observation_count()
    );
    let options = FitOptions::default();
    let comparison = compare_models(&data, &ModelPreset::ALL, options, &|_| {})?;
    println!(
        "{:<18} {:>3} {:>12} {:>12} {:>12}  estimates",
        "model", "k", "logL", "AIC", "BIC"
    );
    for fit in &comparison.fits {
        let est: Vec<String> = fit
            .estimates
            .iter()
            .map(|e| match e.standard_error {
                Some(se) => format!("{}={:.3}±{:.3}", e.name, e.value, se),
                None => format!("{}={:.3}", e.name, e.value),
            })
            .collect();
        println!(
            "{:<18} {:>3} {:>12.2} {:>12.2} {:>12.2}  {}",
            fit.preset.name(),
            fit.parameter_count,
            fit.log_likelihood,
            fit.aic,
            fit.bic,
            est.join(" ")
        );
    }
    println!(
        "best by AIC: {:?}, by BIC: {:?}",
        comparison.best_by_aic(),
        comparison.best_by_bic()
    );
    for preset in ModelPreset::ALL {
        let cv = cross_validate(&data, preset, options)?;
        println!(
            "cross-validated held-out NLL {:<18} {:.2}",
            preset.name(),
            cv.held_out()
        );
    }
    Ok(())
}
