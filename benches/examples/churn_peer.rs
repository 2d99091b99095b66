//! trustkit's side of the churn peer comparison. With `--write OUT.csv` writes the churn workload
//! (100 000 accounts × 8 features); otherwise reads that CSV, fits the logistic churn model and prints
//! the time and the coefficients.
//!
//! `cargo run --release -p trustkit-benches --example churn_peer -- --write OUT.csv`
//! `cargo run --release -p trustkit-benches --example churn_peer -- OUT.csv`

use std::time::Instant;

use trustkit::loyalty::{ChurnData, ChurnModel, FitOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path] = args.as_slice() {
        if flag == "--write" {
            let data = trustkit_benches::churn_workload(100_000, 8, 2026)?;
            let mut out = String::from("x0,x1,x2,x3,x4,x5,x6,x7,churned\n");
            for (row, churned) in data.rows().zip(data.outcomes()) {
                let cells: Vec<String> = row.iter().map(f64::to_string).collect();
                out.push_str(&format!("{},{}\n", cells.join(","), u8::from(*churned)));
            }
            std::fs::write(path, out)?;
            return Ok(());
        }
    }
    let path = args
        .first()
        .ok_or("usage: churn_peer DATA.csv | --write OUT.csv")?;
    let started = Instant::now();
    let text = std::fs::read_to_string(path)?;
    let mut rows = Vec::new();
    let mut churned = Vec::new();
    for line in text.lines().skip(1) {
        let v: Vec<f64> = line.split(',').map(str::parse).collect::<Result<_, _>>()?;
        let (last, features) = v.split_last().ok_or("empty row")?;
        rows.push(features.to_vec());
        churned.push(*last == 1.0);
    }
    let names = (0..8).map(|k| format!("x{k}")).collect();
    let data = ChurnData::new(names, &rows, churned)?;
    let loaded = started.elapsed();
    let fit_started = Instant::now();
    let model = ChurnModel::fit(&data, FitOptions::default())?;
    let fitted = fit_started.elapsed();
    let b: Vec<String> = model
        .coefficients
        .iter()
        .map(|c| format!("{c:.5}"))
        .collect();
    println!(
        "trustkit  load {:.3} s  fit {:.4} s  iterations {}  logL {:.4}  b {}",
        loaded.as_secs_f64(),
        fitted.as_secs_f64(),
        model.iterations,
        model.log_likelihood,
        b.join(" ")
    );
    Ok(())
}
