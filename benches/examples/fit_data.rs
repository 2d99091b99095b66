//! Writes a fitting workload as CSV for the peer comparisons in benches/peers: Chang-style
//! histories with a survey measurement after every experience, simulated from the gain–loss model
//! (truth 0.2 / 0.45) or the dynamic-belief model (trustkit's defaults).
//!
//! `cargo run --release -p trustkit-benches --example fit_data -- OUT.csv [gain_loss|dynamic_belief] [SUBJECTS]`

use trustkit::learning::ModelPreset;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: fit_data OUT.csv [MODEL] [SUBJECTS]")?;
    let preset: ModelPreset = args.next().as_deref().unwrap_or("gain_loss").parse()?;
    let subjects: usize = args.next().as_deref().unwrap_or("1000").parse()?;
    let truth: &[f64] = match preset {
        ModelPreset::DynamicBelief => &trustkit_benches::DYNAMIC_BELIEF_TRUTH,
        _ => &trustkit_benches::FIT_TRUTH,
    };
    let data = trustkit_benches::fit_workload_of(preset, truth, subjects, 50, 2026)?;
    std::fs::write(&path, data.to_csv())?;
    eprintln!(
        "wrote {} subjects, {} observations of {preset} to {path}",
        data.subjects().len(),
        data.observation_count()
    );
    Ok(())
}
