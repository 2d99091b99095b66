//! A book of business in Parquet, diagnosed with one SQL statement (docs/sql.md walks through it).
//!
//! Writes four seeded tables — accounts, experiences, assessment responses, NPS answers — under
//! `DIR/lake/`, runs the diagnosis query over them with trustkit's functions, writes the result to
//! `DIR/diagnosis.parquet` and prints the first rows.
//!
//! `cargo run --release -p trustkit-datafusion --example lake -- DIR [ACCOUNTS] [EXPERIENCES_PER_ACCOUNT] [PARTITIONS]`

use std::time::Instant;

use datafusion::common::Result;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use trustkit_datafusion::TrustkitFunctions;

#[path = "common/lake.rs"]
mod lake;
use lake::{diagnosis_sql, generate};

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/lake".into()));
    let number =
        |s: Option<String>, default: usize| s.and_then(|s| s.parse().ok()).unwrap_or(default);
    let accounts = number(args.next(), 1_000);
    let per_account = number(args.next(), 50);
    let partitions = number(args.next(), 2);

    let lake = dir.join("lake");
    // Writing Parquet into a directory adds files beside what is there: start from an empty lake,
    // or a second run would double every table.
    if lake.exists() {
        std::fs::remove_dir_all(&lake)?;
    }
    let ctx =
        SessionContext::new_with_config(SessionConfig::new().with_target_partitions(partitions));
    TrustkitFunctions::new().register(&ctx);
    let t = Instant::now();
    for (name, table) in generate(accounts, per_account)? {
        let path = lake.join(name);
        let path = path.to_string_lossy();
        ctx.read_batch(table)?
            .write_parquet(&path, DataFrameWriteOptions::new(), None)
            .await?;
        ctx.register_parquet(name, path.as_ref(), ParquetReadOptions::default())
            .await?;
    }
    eprintln!(
        "wrote the lake ({accounts} accounts, {per_account} experiences each) in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let out = dir.join("diagnosis.parquet");
    let df = ctx.sql(&diagnosis_sql()).await?;
    df.write_parquet(
        &out.to_string_lossy(),
        DataFrameWriteOptions::new().with_single_file_output(true),
        None,
    )
    .await?;
    eprintln!(
        "diagnosed in {:.2} s on {partitions} partitions -> {}",
        t.elapsed().as_secs_f64(),
        out.display()
    );

    ctx.register_parquet(
        "diagnosis",
        out.to_string_lossy().as_ref(),
        ParquetReadOptions::default(),
    )
    .await?;
    ctx.sql("SELECT account, segment, round(trust, 3) AS trust, round(assessed_trust, 3) AS assessed, round(health, 1) AS health, colour, round(nps, 1) AS nps, round(renewal, 3) AS renewal, round(revenue_at_risk) AS at_risk FROM diagnosis ORDER BY revenue_at_risk DESC LIMIT 5")
        .await?
        .show()
        .await?;
    Ok(())
}
