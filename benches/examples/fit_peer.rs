//! trustkit's side of the fitting peer comparisons: reads the CSV, fits one model at the group level
//! (negative log-likelihood, one start; L-BFGS on the exact gradient unless `nelder_mead` is asked),
//! prints the time, the estimates and the objective.
//!
//! `cargo run --release -p trustkit-benches --example fit_peer -- DATA.csv [MODEL] [lbfgs|nelder_mead]`

use std::time::Instant;

use trustkit::learning::ModelPreset;
use trustkit::learning::fit::{Dataset, FitMethod, FitOptions, fit_group};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: fit_peer DATA.csv [MODEL] [lbfgs|nelder_mead]")?;
    let preset: ModelPreset = args.next().as_deref().unwrap_or("gain_loss").parse()?;
    let method = match args.next().as_deref() {
        Some("nelder_mead") => FitMethod::NelderMead,
        _ => FitMethod::Lbfgs,
    };
    let started = Instant::now();
    let data = Dataset::from_csv(std::fs::File::open(&path)?)?;
    let loaded = started.elapsed();
    let options = FitOptions {
        starts: 1,
        method,
        ..FitOptions::default()
    };
    // Best of three: the first run also warms the caches and the thread pool. `FIT_REPEAT=40`
    // runs more, for a profiler to see the fit rather than the CSV reader.
    let repeats = std::env::var("FIT_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mut best = f64::INFINITY;
    let mut fit = fit_group(&data, preset, options)?;
    for _ in 0..repeats {
        let t = Instant::now();
        fit = fit_group(&data, preset, options)?;
        best = best.min(t.elapsed().as_secs_f64());
    }
    let estimates: Vec<String> = fit
        .estimates
        .iter()
        .map(|e| format!("{:.6}", e.value))
        .collect();
    println!(
        "trustkit {preset} load {:.3} s fit {best:.4} s estimates {} nll {:.4} iterations {}",
        loaded.as_secs_f64(),
        estimates.join(" "),
        -fit.log_likelihood,
        fit.iterations
    );
    Ok(())
}
