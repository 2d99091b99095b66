//! Batch scoring of the trust equation: 1 M rows through `Columns::{quotients_into, levels_into}`.
//!
//! `cargo bench -p trustkit-benches --bench equation` (add `--features rayon` for the parallel row)

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use trustkit::equation::Scale;
use trustkit_benches::EquationWorkload;

const ROWS: usize = 1_000_000;

fn batch(c: &mut Criterion) {
    let workload = EquationWorkload::generate(ROWS, 2026);
    let Ok(columns) = workload.columns() else {
        return;
    };
    let mut out = vec![0.0; ROWS];
    let mut group = c.benchmark_group("equation");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("quotients_into/1M", |b| {
        b.iter(|| black_box(columns.quotients_into(Scale::DEFAULT, black_box(&mut out))))
    });
    group.bench_function("levels_into/1M", |b| {
        b.iter(|| black_box(columns.levels_into(Scale::DEFAULT, black_box(&mut out))))
    });
    #[cfg(feature = "rayon")]
    group.bench_function("levels_into_par/1M", |b| {
        b.iter(|| black_box(columns.levels_into_par(Scale::DEFAULT, black_box(&mut out))))
    });
    group.finish();

    // The same levels as bytes through memory: four f64 columns read and one written per row, so
    // the rate can be set against the machine's memory bandwidth.
    let mut group = c.benchmark_group("equation_bytes");
    group.throughput(Throughput::Bytes((ROWS * 5 * size_of::<f64>()) as u64));
    group.bench_function("levels_into/1M", |b| {
        b.iter(|| black_box(columns.levels_into(Scale::DEFAULT, black_box(&mut out))))
    });
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
