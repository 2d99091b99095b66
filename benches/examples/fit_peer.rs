//! trustkit's side of the fitting peer comparison: reads the CSV, fits the gain–loss model at the
//! group level (one Nelder–Mead start, negative log-likelihood), prints the time and the estimates.
//!
//! `cargo run --release -p trustkit-benches --example fit_peer -- DATA.csv`

use std::time::Instant;

use trustkit::learning::ModelPreset;
use trustkit::learning::fit::{Dataset, FitOptions, fit_group};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: fit_peer DATA.csv")?;
    let started = Instant::now();
    let data = Dataset::from_csv(std::fs::File::open(&path)?)?;
    let loaded = started.elapsed();
    let fit_started = Instant::now();
    let fit = fit_group(
        &data,
        ModelPreset::GainLoss,
        FitOptions {
            starts: 1,
            ..FitOptions::default()
        },
    )?;
    let fitted = fit_started.elapsed();
    println!(
        "trustkit  load {:.3} s  fit {:.3} s  alpha_gain {:.5}  alpha_loss {:.5}  nll {:.4}  iterations {}",
        loaded.as_secs_f64(),
        fitted.as_secs_f64(),
        fit.value("alpha_gain").unwrap_or(f64::NAN),
        fit.value("alpha_loss").unwrap_or(f64::NAN),
        -fit.log_likelihood,
        fit.iterations
    );
    Ok(())
}
