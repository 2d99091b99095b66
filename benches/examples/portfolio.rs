//! Writes a generated portfolio shaped like the bundled sample, for scaling runs of `trustkit report`.
//!
//! `cargo run --release -p trustkit-benches --example portfolio -- ACCOUNTS FILE [SEED] [--outcomes]`
//!
//! `--outcomes` gives each account a past renewal decision drawn from a known model
//! (`trustkit_benches::with_outcomes`), for `trustkit calibrate`.
//!
//! `FILE` ending in `.jsonl` gets the JSON Lines form (written account by account, so a million
//! accounts need little memory); anything else gets one JSON document.
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let outcomes = args.iter().any(|a| a == "--outcomes");
    args.retain(|a| a != "--outcomes");
    let (Some(n), Some(path)) = (args.first(), args.get(1)) else {
        return Err("usage: portfolio ACCOUNTS FILE [SEED]".into());
    };
    let n: usize = n.parse()?;
    let seed: u64 = args.get(2).map_or(Ok(2026), |s| s.parse())?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    if path.ends_with(".jsonl") {
        // Generate in blocks so memory stays small; each block has its own seed (seed, block).
        const BLOCK: usize = 10_000;
        let mut header = trustkit_benches::portfolio_workload(0, seed);
        header.accounts.clear();
        serde_json::to_writer(&mut out, &header.header())?;
        out.write_all(b"\n")?;
        for (b, start) in (0..n).step_by(BLOCK).enumerate() {
            let block = trustkit_benches::portfolio_workload(
                (n - start).min(BLOCK),
                seed ^ ((b as u64) << 32),
            );
            let mut block = block;
            if outcomes {
                trustkit_benches::with_outcomes(&mut block, seed ^ ((b as u64) << 32) ^ 1);
            }
            for (k, mut a) in block.accounts.into_iter().enumerate() {
                a.id = format!("acct-{:07}", start + k);
                a.name = format!("Account {}", start + k);
                serde_json::to_writer(&mut out, &a)?;
                out.write_all(b"\n")?;
            }
        }
    } else {
        // Compact, as a platform's export would be; `Portfolio::to_json` pretty-prints for people.
        let mut p = trustkit_benches::portfolio_workload(n, seed);
        if outcomes {
            trustkit_benches::with_outcomes(&mut p, seed ^ 1);
        }
        serde_json::to_writer(&mut out, &p)?;
    }
    out.flush()?;
    Ok(())
}
