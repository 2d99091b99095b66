//! trustkit's side of the Rescorla–Wagner loop comparison (benches/peers/compare_rw.sh): 10 000
//! subjects × 100 rewards (the learning bench's workload) through `learn_batch` with one rate 0.2,
//! best of 10. Writes the rewards and the learned trust as little-endian f64 files under `DIR` so
//! the numba loop learns from the same rewards and is checked against the same answers.
//!
//! `cargo run --release -p trustkit-benches --example rw_peer -- DIR [SUBJECTS]`
//!
//! A small `SUBJECTS` (64: 100 kB of rewards and trust) keeps everything in the core's cache, which
//! shows the loop's own rate apart from memory's; small runs are repeated more (best of at least
//! 10, and of enough runs for 20 M updates).

use std::time::Instant;

use trustkit::learning::{LearnerParams, learn_batch};

fn write(path: &std::path::Path, values: &[f64]) -> std::io::Result<()> {
    std::fs::write(
        path,
        values
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<u8>>(),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).ok_or("usage: rw_peer DIR")?);
    std::fs::create_dir_all(&dir)?;
    let subjects = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let steps = 100;
    let rewards: Vec<f64> = trustkit_benches::experience_workload(subjects * steps, 2026)
        .iter()
        .map(|e| e.reward().value())
        .collect();
    let anchors = vec![0.5; subjects];
    let params = LearnerParams::rescorla_wagner(0.2)?;
    let mut trust = vec![0.0; rewards.len()];
    let runs = (20_000_000 / rewards.len().max(1)).max(10);
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let t = Instant::now();
        learn_batch(&params, &anchors, &rewards, steps, &mut trust)?;
        best = best.min(t.elapsed().as_secs_f64());
    }
    // The floor any such loop sits on: reading the rewards and writing as many numbers, no
    // arithmetic (memory traffic 16 bytes per update).
    let mut copy = f64::INFINITY;
    for _ in 0..runs {
        let t = Instant::now();
        trust.copy_from_slice(&rewards);
        std::hint::black_box(&mut trust);
        copy = copy.min(t.elapsed().as_secs_f64());
    }
    learn_batch(&params, &anchors, &rewards, steps, &mut trust)?;
    write(&dir.join("rw_rewards.f64"), &rewards)?;
    write(&dir.join("rw_trust.f64"), &trust)?;
    println!(
        "trustkit learn_batch: {:.2} ms for {} updates ({:.2} ns per update)",
        best * 1e3,
        rewards.len(),
        best * 1e9 / rewards.len() as f64
    );
    println!(
        "copying the rewards into the output: {:.2} ms ({:.2} ns per value)",
        copy * 1e3,
        copy * 1e9 / rewards.len() as f64
    );
    Ok(())
}
