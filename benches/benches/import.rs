//! Loading 1 M experiences (20 000 accounts × 50) into a portfolio from CSV and from Parquet.
//!
//! `cargo bench -p trustkit-benches --features parquet --bench import`

use std::hint::black_box;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray, TimestampMillisecondArray};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use parquet::arrow::ArrowWriter;
use trustkit::portfolio::{Account, Portfolio, SCHEMA_VERSION};

const ACCOUNTS: usize = 20_000;
const PER_ACCOUNT: usize = 50;

fn import(c: &mut Criterion) {
    let base = Portfolio {
        schema_version: SCHEMA_VERSION,
        name: String::new(),
        scorecard: None,
        units: Default::default(),
        accounts: (0..ACCOUNTS)
            .map(|k| Account::new(format!("acct-{k:06}"), format!("Account {k}")))
            .collect(),
    };
    let start = 1_767_225_600_000i64; // 2026-01-01
    let n = ACCOUNTS * PER_ACCOUNT;
    let ids: Vec<String> = (0..n)
        .map(|i| format!("acct-{:06}", i % ACCOUNTS))
        .collect();
    let times: Vec<i64> = (0..n)
        .map(|i| start + (i / ACCOUNTS) as i64 * 86_400_000)
        .collect();
    let rewards: Vec<f64> = (0..n).map(|i| (i % 97) as f64 / 96.0).collect();

    let mut csv = String::from("account,time,reward\n");
    for i in 0..n {
        let t = trustkit::chrono::DateTime::from_timestamp_millis(times[i]).unwrap_or_default();
        csv.push_str(&format!(
            "{},{},{}\n",
            ids[i],
            t.format("%Y-%m-%dT%H:%M:%SZ"),
            rewards[i]
        ));
    }
    let path = std::env::temp_dir().join("trustkit-bench-experiences.parquet");
    let batch = RecordBatch::try_from_iter([
        ("account", Arc::new(StringArray::from(ids)) as ArrayRef),
        (
            "time",
            Arc::new(TimestampMillisecondArray::from(times).with_timezone("UTC")),
        ),
        ("reward", Arc::new(Float64Array::from(rewards))),
    ]);
    let written = batch.ok().and_then(|batch| {
        let file = std::fs::File::create(&path).ok()?;
        let mut w = ArrowWriter::try_new(file, batch.schema(), None).ok()?;
        w.write(&batch).ok()?;
        w.close().ok()
    });
    assert!(written.is_some(), "the Parquet workload must be written");

    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("experiences-csv/1M", |b| {
        b.iter(|| {
            let mut p = base.clone();
            black_box(p.import_experiences_csv(csv.as_bytes()).map(|i| i.rows))
        })
    });
    group.bench_function("experiences-parquet/1M", |b| {
        b.iter(|| {
            let mut p = base.clone();
            let file = std::fs::File::open(&path).ok()?;
            black_box(p.import_experiences_parquet(file).ok().map(|i| i.rows))
        })
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
