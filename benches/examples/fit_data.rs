//! Writes the fitting workload (1 000 accounts × 50 experiences, gain–loss truth 0.2 / 0.45) as CSV,
//! for the peer comparison in benches/peers.
//!
//! `cargo run --release -p trustkit-benches --example fit_data -- OUT.csv`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: fit_data OUT.csv")?;
    let data = trustkit_benches::fit_workload(1_000, 50, 2026)?;
    std::fs::write(&path, data.to_csv())?;
    eprintln!(
        "wrote {} subjects, {} observations to {path}",
        data.subjects().len(),
        data.observation_count()
    );
    Ok(())
}
