//! The cost of running trustkit inside DataFusion, against the library's own batch path on the same
//! in-memory columns (docs/performance.md records the results):
//!
//! - learned trust: `ACCOUNTS` accounts × `PER_ACCOUNT` experiences, rows in random order;
//!   `learned_trust(reward, at) … GROUP BY account` against grouping by account (a counting sort),
//!   ordering each account's experiences by time and running `TrustLearner`;
//! - health and equation: `ROWS` rows, `health_score('default', …)` and `trust_level(…)` against
//!   `Scorecard::score_columns` and `Columns::levels_into`.
//!
//! Each query runs with 1 and 2 target partitions (the table split the same way); best of 3, or of
//! `OVERHEAD_RUNS` runs.
//!
//! `cargo run --release -p trustkit-datafusion --example overhead -- [ACCOUNTS] [PER_ACCOUNT] [ROWS]`
//!
//! With `OVERHEAD_PARQUET=DIR` each table is also written to `DIR` as eight Parquet files and both
//! queries run over them, as the issue's bench has it: the library's time is then reading the
//! files into columns (one thread, the parquet crate's Arrow reader) plus its batch path, and
//! DataFusion scans the files itself. It also times the bare scan of those columns (no trustkit
//! function), the engine's own floor for the 1 → 2 partitions figure.
//!
//! With `OVERHEAD_PEER_DIR=DIR` it also times learned trust under plain Rescorla–Wagner (α = 0.2)
//! and writes the experiences and those results to `DIR` as little-endian files, for
//! `benches/peers/learned_trust_peer.py` (polars sorting, a numba loop learning) to read, check
//! and time on the same rows.

use std::sync::Arc;
use std::time::Instant;

use chrono::DateTime;
use datafusion::arrow::array::{
    ArrayRef, AsArray, Float64Array, Int64Array, RecordBatch, TimestampMicrosecondArray,
};
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use trustkit_datafusion::TrustkitFunctions;
use trustkit_equation::{Columns, Scale};
use trustkit_learning::{Anchor, Experience, LearnerParams, TrustLearner};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The fastest of `OVERHEAD_RUNS` runs (3 unless set): on a shared machine the least time is the
/// one least disturbed.
fn best<T>(mut f: impl FnMut() -> Result<T>) -> Result<(f64, T)> {
    let runs: usize = std::env::var("OVERHEAD_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mut out = None;
    let mut time = f64::INFINITY;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        out = Some(f()?);
        time = time.min(t.elapsed().as_secs_f64());
    }
    Ok((
        time,
        out.ok_or_else(|| datafusion::common::DataFusionError::Internal("no run".into()))?,
    ))
}

/// `columns` as a table split into `partitions` contiguous parts of 65 536-row batches (a memory
/// table hands its batches on as they are; DataFusion's own 8 192 made learned trust slower, see
/// docs/performance.md).
fn table(columns: &[(&str, ArrayRef)], partitions: usize) -> Result<MemTable> {
    let batch = RecordBatch::try_from_iter(columns.iter().map(|(n, a)| (*n, Arc::clone(a))))?;
    let rows = batch.num_rows();
    let per = rows.div_ceil(partitions);
    let parts = (0..partitions)
        .map(|p| {
            let (start, end) = (p * per, ((p + 1) * per).min(rows));
            (start..end)
                .step_by(65_536)
                .map(|s| batch.slice(s, (end - s).min(65_536)))
                .collect()
        })
        .collect();
    Ok(MemTable::try_new(batch.schema(), parts)?)
}

/// `columns` written as `files` Parquet files of equal rows under `dir` (made empty first).
fn write_parquet(dir: &std::path::Path, columns: &[(&str, ArrayRef)], files: usize) -> Result<()> {
    use datafusion::parquet::arrow::ArrowWriter;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let batch = RecordBatch::try_from_iter(columns.iter().map(|(n, a)| (*n, Arc::clone(a))))?;
    let per = batch.num_rows().div_ceil(files);
    for f in 0..files {
        let start = (f * per).min(batch.num_rows());
        let part = batch.slice(start, per.min(batch.num_rows() - start));
        let file = std::fs::File::create(dir.join(format!("part-{f}.parquet")))?;
        let mut writer = ArrowWriter::try_new(file, part.schema(), None)?;
        writer.write(&part)?;
        writer.close()?;
    }
    Ok(())
}

/// Every file under `dir` read back into columns on one thread — what the library's batch path
/// needs before it can start. Returns the number of rows.
fn read_parquet(dir: &std::path::Path) -> Result<usize> {
    use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    paths.sort();
    let mut columns: Vec<Vec<ArrayRef>> = Vec::new();
    for path in paths {
        let reader =
            ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(path)?)?.build()?;
        for batch in reader {
            let batch = batch?;
            columns.resize_with(batch.num_columns(), Vec::new);
            for (c, column) in columns.iter_mut().zip(batch.columns()) {
                c.push(Arc::clone(column));
            }
        }
    }
    // One contiguous array per column, as the batch path takes slices.
    let mut rows = 0;
    for c in &columns {
        let refs: Vec<&dyn datafusion::arrow::array::Array> =
            c.iter().map(|a| a.as_ref()).collect();
        rows = datafusion::arrow::compute::concat(&refs)?.len();
    }
    Ok(rows)
}

/// Where a query reads its rows: columns in memory, or Parquet files.
enum Source<'a> {
    Memory(&'a [(&'a str, ArrayRef)]),
    Parquet(&'a std::path::Path),
}

fn run_sql(
    rt: &tokio::runtime::Runtime,
    source: &Source<'_>,
    partitions: usize,
    skip_partial: bool,
    sql: &str,
) -> Result<usize> {
    rt.block_on(async {
        let mut config = SessionConfig::new().with_target_partitions(partitions);
        if skip_partial {
            // Hand rows straight to the final phase (see docs/sql.md, "Learned trust at scale").
            config
                .options_mut()
                .execution
                .skip_partial_aggregation_probe_ratio_threshold = 0.0;
        }
        let ctx = SessionContext::new_with_config(config);
        TrustkitFunctions::new().register(&ctx);
        match source {
            Source::Memory(columns) => {
                ctx.register_table("t", Arc::new(table(columns, partitions)?))?;
            }
            Source::Parquet(dir) => {
                ctx.register_parquet(
                    "t",
                    dir.to_string_lossy().as_ref(),
                    datafusion::prelude::ParquetReadOptions::default(),
                )
                .await?;
            }
        }
        if std::env::var_os("OVERHEAD_EXPLAIN").is_some() {
            ctx.sql(&format!("EXPLAIN {sql}")).await?.show().await?;
        }
        let batches = ctx.sql(sql).await?.collect().await?;
        Ok(batches.iter().map(RecordBatch::num_rows).sum())
    })
}

/// Plain Rescorla–Wagner through `learned_trust` at 1 and 2 partitions, the rows and the answers
/// written for the polars + numba peer.
fn rescorla_wagner_for_the_peer(
    rt: &tokio::runtime::Runtime,
    columns: &[(&str, ArrayRef)],
    accounts: usize,
    dir: &std::path::Path,
) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let write = |name: &str, bytes: Vec<u8>| std::fs::write(dir.join(name), bytes);
    // Every column here is 8-byte numbers (account, time in µs, reward) in one value buffer,
    // written as this machine lays them out (little-endian on x86-64 and aarch64).
    for (name, column) in columns {
        let data = column.to_data();
        let start = data.offset() * 8;
        write(
            &format!("{name}.bin"),
            data.buffers()[0].as_slice()[start..start + data.len() * 8].to_vec(),
        )?;
    }
    let params = serde_json::to_string(&LearnerParams::rescorla_wagner(0.2)?)?;
    let sql = format!(
        "SELECT account, learned_trust(reward, at, 0.5, '{params}') AS trust FROM t GROUP BY account"
    );
    for partitions in [1, 2] {
        let (time, groups) =
            best(|| run_sql(rt, &Source::Memory(columns), partitions, false, &sql))?;
        assert_eq!(groups, accounts);
        println!("  Rescorla–Wagner, DataFusion, {partitions} partition(s): {time:.2} s");
    }
    // The answers, by account, for the peer to check against.
    let trust = rt.block_on(async {
        let ctx = SessionContext::new();
        TrustkitFunctions::new().register(&ctx);
        ctx.register_table("t", Arc::new(table(columns, 1)?))?;
        let batches = ctx
            .sql(&format!("{sql} ORDER BY account"))
            .await?
            .collect()
            .await?;
        let mut trust = Vec::with_capacity(accounts);
        for batch in &batches {
            let column = batch
                .column(1)
                .as_primitive::<datafusion::arrow::datatypes::Float64Type>();
            trust.extend(column.values().iter().copied());
        }
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(trust)
    })?;
    write(
        "rw_trust.f64",
        trust.iter().flat_map(|v| v.to_le_bytes()).collect(),
    )?;
    Ok(())
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut number = |default: usize| args.next().and_then(|s| s.parse().ok()).unwrap_or(default);
    let (accounts, per_account, rows) = (number(1_000_000), number(50), number(10_000_000));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()?;
    let mut rng = ChaCha8Rng::seed_from_u64(2026);

    // Learned trust.
    let n = accounts * per_account;
    let mut order: Vec<usize> = (0..n).collect();
    for k in (1..n).rev() {
        order.swap(k, rng.random_range(0..=k));
    }
    let start = 1_735_689_600_000_000i64;
    let account: Vec<i64> = order.iter().map(|&k| (k / per_account) as i64).collect();
    let at: Vec<i64> = order
        .iter()
        .map(|&k| start + (k % per_account) as i64 * 604_800_000_000)
        .collect();
    let reward: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();

    let (library, trust) = best(|| {
        // Group by account with a counting sort, order each group by time, learn.
        let mut offsets = vec![0usize; accounts + 1];
        for &a in &account {
            offsets[a as usize + 1] += 1;
        }
        for a in 0..accounts {
            offsets[a + 1] += offsets[a];
        }
        let mut fill = offsets.clone();
        let mut grouped = vec![(0i64, 0f64); n];
        for k in 0..n {
            let slot = &mut fill[account[k] as usize];
            grouped[*slot] = (at[k], reward[k]);
            *slot += 1;
        }
        let mut trust = Vec::with_capacity(accounts);
        for a in 0..accounts {
            let group = &mut grouped[offsets[a]..offsets[a + 1]];
            group.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
            let mut learner = TrustLearner::new(LearnerParams::default(), Anchor::new(0.5)?)?;
            for &(t, r) in group.iter() {
                let when = DateTime::from_timestamp_micros(t).unwrap_or_default();
                learner.observe(&Experience::new(r, when)?)?;
            }
            trust.push(learner.trust().value());
        }
        Ok(trust)
    })?;
    println!(
        "learned trust, {accounts} accounts × {per_account} experiences: library {library:.2} s"
    );
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("account", Arc::new(Int64Array::from(account))),
        ("at", Arc::new(TimestampMicrosecondArray::from(at))),
        ("reward", Arc::new(Float64Array::from(reward))),
    ];
    let parquet = std::env::var_os("OVERHEAD_PARQUET").map(std::path::PathBuf::from);
    let learned_sql = "SELECT account, learned_trust(reward, at) FROM t GROUP BY account";
    compare(
        &rt,
        &Source::Memory(&columns),
        library,
        trust.len(),
        learned_sql,
        true,
    )?;
    if let Some(dir) = &parquet {
        compare_parquet(
            &rt,
            &dir.join("experiences"),
            &columns,
            library,
            trust.len(),
            learned_sql,
            true,
        )?;
    }
    if let Some(dir) = std::env::var_os("OVERHEAD_PEER_DIR") {
        rescorla_wagner_for_the_peer(&rt, &columns, accounts, std::path::Path::new(&dir))?;
    }
    drop(columns);

    // Health and equation.
    let card = trustkit_portfolio::default_scorecard();
    // Adoption is always known (as in the benches' health workload); the others are missing 5 %
    // of the time.
    let metric = |rng: &mut ChaCha8Rng, lo: f64, hi: f64, missing: f64| -> Vec<Option<f64>> {
        (0..rows)
            .map(|_| (rng.random::<f64>() >= missing).then(|| lo + (hi - lo) * rng.random::<f64>()))
            .collect()
    };
    let metrics = [
        metric(&mut rng, 0.0, 1.0, 0.0),
        metric(&mut rng, 0.0, 20.0, 0.05),
        metric(&mut rng, 0.0, 200.0, 0.05),
        metric(&mut rng, 0.4, 1.5, 0.05),
    ];
    let component = |rng: &mut ChaCha8Rng| -> Vec<f64> {
        (0..rows).map(|_| 1.0 + 9.0 * rng.random::<f64>()).collect()
    };
    let components = [
        component(&mut rng),
        component(&mut rng),
        component(&mut rng),
        component(&mut rng),
    ];
    let nan_columns: Vec<Vec<f64>> = metrics
        .iter()
        .map(|m| m.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
        .collect();
    let (library, _) = best(|| {
        let refs: Vec<&[f64]> = nan_columns.iter().map(Vec::as_slice).collect();
        let (mut scores, mut colours, mut levels) =
            (vec![0.0; rows], vec![0u8; rows], vec![0.0; rows]);
        card.score_columns(&refs, &mut scores, &mut colours)?;
        Columns::new(
            &components[0],
            &components[1],
            &components[2],
            &components[3],
        )
        .and_then(|c| c.levels_into(Scale::DEFAULT, &mut levels))
        .map_err(|e| datafusion::common::DataFusionError::External(Box::new(e)))?;
        Ok(())
    })?;
    println!("health + equation, {rows} rows: library {library:.3} s (one thread)");
    let mut columns: Vec<(&str, ArrayRef)> = Vec::new();
    for (name, m) in ["a", "b", "c", "d"].into_iter().zip(&metrics) {
        columns.push((name, Arc::new(Float64Array::from(m.clone()))));
    }
    for (name, c) in ["cr", "re", "in", "so"].into_iter().zip(&components) {
        columns.push((name, Arc::new(Float64Array::from(c.clone()))));
    }
    let health_sql =
        "SELECT health_score('default', a, b, c, d) AS h, trust_level(cr, re, in, so) AS l FROM t";
    compare(
        &rt,
        &Source::Memory(&columns),
        library,
        rows,
        health_sql,
        false,
    )?;
    if let Some(dir) = &parquet {
        compare_parquet(
            &rt,
            &dir.join("health"),
            &columns,
            library,
            rows,
            health_sql,
            false,
        )?;
    }
    Ok(())
}

/// [`compare`] over `columns` written as Parquet files under `dir`: the library's time is then
/// reading the files back plus `library`.
fn compare_parquet(
    rt: &tokio::runtime::Runtime,
    dir: &std::path::Path,
    columns: &[(&str, ArrayRef)],
    library: f64,
    expected_rows: usize,
    sql: &str,
    aggregate: bool,
) -> Result<()> {
    write_parquet(dir, columns, 8)?;
    let (read, n) = best(|| read_parquet(dir))?;
    assert_eq!(n, columns.first().map_or(0, |(_, c)| c.len()));
    println!(
        "  from Parquet: the library reads the files in {read:.3} s, {:.3} s in all",
        read + library
    );
    compare(
        rt,
        &Source::Parquet(dir),
        read + library,
        expected_rows,
        sql,
        aggregate,
    )?;
    // The engine's own floor for the 1 → 2 partitions figure: the same files scanned into the
    // same columns with no trustkit function at all.
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let scan = format!("SELECT {} FROM t", names.join(", "));
    let mut times = [0.0; 2];
    for (time, partitions) in times.iter_mut().zip([1, 2]) {
        let n;
        (*time, n) = best(|| run_sql(rt, &Source::Parquet(dir), partitions, false, &scan))?;
        assert_eq!(n, columns.first().map_or(0, |(_, c)| c.len()));
    }
    println!(
        "  the scan alone (no trustkit function): {:.3} s, {:.3} s on 2 partitions ({:.2}× from 1 to 2)",
        times[0],
        times[1],
        times[0] / times[1]
    );
    Ok(())
}

/// `sql` over `source` at 1 and 2 partitions (and 2 with the partial phase skipped, for an
/// aggregate), each time against the library's `library` seconds.
fn compare(
    rt: &tokio::runtime::Runtime,
    source: &Source<'_>,
    library: f64,
    expected_rows: usize,
    sql: &str,
    aggregate: bool,
) -> Result<()> {
    let runs: &[(usize, bool)] = if aggregate {
        &[(1, false), (2, false), (2, true)]
    } else {
        &[(1, false), (2, false)]
    };
    let mut one = f64::NAN;
    for &(partitions, skip_partial) in runs {
        let (time, n) = best(|| run_sql(rt, source, partitions, skip_partial, sql))?;
        assert_eq!(n, expected_rows);
        let how = if skip_partial {
            ", partial phase skipped"
        } else {
            ""
        };
        if partitions == 1 {
            one = time;
            println!(
                "  DataFusion, 1 partition: {time:.3} s ({:.2}× the library)",
                time / library
            );
        } else {
            println!(
                "  DataFusion, {partitions} partitions{how}: {time:.3} s ({:.2}× the library, {:.2}× from 1 to {partitions})",
                time / library,
                one / time
            );
        }
    }
    Ok(())
}
