//! Fitting the gain–loss model: one group fit of 1 000 accounts × 50 experiences, and per-subject fits
//! of the same accounts.
//!
//! `cargo bench -p trustkit-benches --bench fit`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use trustkit::learning::ModelPreset;
use trustkit::learning::fit::{FitOptions, fit_group, fit_subjects};
use trustkit_benches::fit_workload;

fn fit(c: &mut Criterion) {
    let Ok(data) = fit_workload(1_000, 50, 2026) else {
        return;
    };
    let options = FitOptions {
        starts: 1,
        ..FitOptions::default()
    };
    let mut group = c.benchmark_group("fit");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1_000 * 50));
    group.bench_function("group/gain_loss/1000x50", |b| {
        b.iter(|| black_box(fit_group(&data, ModelPreset::GainLoss, options)))
    });
    group.bench_function("per_subject/gain_loss/1000x50", |b| {
        b.iter(|| black_box(fit_subjects(&data, ModelPreset::GainLoss, options, &|_| {})))
    });
    group.finish();
}

criterion_group!(benches, fit);
criterion_main!(benches);
