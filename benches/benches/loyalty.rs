//! Health scorecards over 1 M accounts, and the churn fit on 100 000 accounts × 8 features.
//!
//! `cargo bench -p trustkit-benches --bench loyalty`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use trustkit::loyalty::{ChurnData, ChurnModel, FitOptions, HealthScore};
use trustkit_benches::{churn_workload, health_scorecard, health_workload};

const ACCOUNTS: usize = 1_000_000;
const CHURN_ROWS: usize = 100_000;

fn loyalty(c: &mut Criterion) {
    let card = health_scorecard();
    let values = health_workload(ACCOUNTS, 2026);
    let mut out = vec![HealthScore::default(); ACCOUNTS];
    // An error part-way would make the timing meaningless: check the workload scores in full first.
    assert!(
        card.score_batch(&values, &mut out).is_ok(),
        "the health workload must score every row"
    );
    let mut group = c.benchmark_group("health");
    group.throughput(Throughput::Elements(ACCOUNTS as u64));
    group.bench_function("score_batch/1M-accounts", |b| {
        b.iter(|| black_box(card.score_batch(black_box(&values), &mut out)))
    });
    group.finish();

    // The same scorecard over 10 M accounts as one NaN-for-missing column per metric (the Arrow /
    // polars layout), on one thread and, with the rayon feature, on every core.
    const COLUMN_ROWS: usize = 10_000_000;
    let rows = health_workload(COLUMN_ROWS, 2028);
    let metrics = card.metrics().len();
    let columns: Vec<Vec<f64>> = (0..metrics)
        .map(|k| {
            rows.chunks_exact(metrics)
                .map(|r| r[k].unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    drop(rows);
    let cols: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let (mut scores, mut colours) = (vec![0.0; COLUMN_ROWS], vec![0u8; COLUMN_ROWS]);
    assert!(card.score_columns(&cols, &mut scores, &mut colours).is_ok());
    let mut group = c.benchmark_group("health");
    group.sample_size(10);
    group.throughput(Throughput::Elements(COLUMN_ROWS as u64));
    group.bench_function("score_columns/10M-accounts", |b| {
        b.iter(|| black_box(card.score_columns(black_box(&cols), &mut scores, &mut colours)))
    });
    #[cfg(feature = "rayon")]
    group.bench_function("score_columns_par/10M-accounts", |b| {
        b.iter(|| black_box(card.score_columns_par(black_box(&cols), &mut scores, &mut colours)))
    });
    group.finish();
    // Bytes through memory per account: each metric column read, the score and colour written.
    let mut group = c.benchmark_group("health_bytes");
    group.sample_size(10);
    let bytes = COLUMN_ROWS * (cols.len() * size_of::<f64>() + size_of::<f64>() + 1);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("score_columns/10M-accounts", |b| {
        b.iter(|| black_box(card.score_columns(black_box(&cols), &mut scores, &mut colours)))
    });
    group.finish();
    drop(columns);

    let Ok(data) = churn_workload(CHURN_ROWS, 8, 2026) else {
        return;
    };
    let mut group = c.benchmark_group("churn");
    group.sample_size(10);
    group.throughput(Throughput::Elements(CHURN_ROWS as u64));
    group.bench_function("fit/100k-x-8", |b| {
        b.iter(|| black_box(ChurnModel::fit(&data, FitOptions::default())))
    });
    group.finish();

    // Building the data against fitting it, 1 M accounts × 10 features: validation must stay a
    // small part of the work (it formatted a message per cell once).
    let Ok(big) = churn_workload(1_000_000, 10, 2027) else {
        return;
    };
    let features = big.features().to_vec();
    let x: Vec<f64> = big.rows().flatten().copied().collect();
    let outcomes = big.outcomes().to_vec();
    let mut group = c.benchmark_group("churn");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1_000_000));
    group.bench_function("data/1M-x-10", |b| {
        b.iter_batched(
            || (features.clone(), x.clone(), outcomes.clone()),
            |(f, x, y)| black_box(ChurnData::from_row_major(f, x, y)),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("fit/1M-x-10", |b| {
        b.iter(|| black_box(ChurnModel::fit(&big, FitOptions::default())))
    });
    group.finish();
}

criterion_group!(benches, loyalty);
criterion_main!(benches);
