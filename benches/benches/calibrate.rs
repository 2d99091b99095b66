//! Renewal calibration on 100 000 accounts with one past decision each: collecting the features as
//! of each decision (the cut-off rule), and fitting the model with its 5-fold validation and three
//! baselines.
//!
//! `cargo bench -p trustkit-benches --bench calibrate`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use trustkit::portfolio::{CalibrateOptions, Calibration, RenewalHistory};
use trustkit_benches::{portfolio_workload, with_outcomes};

const ACCOUNTS: usize = 100_000;

fn calibrate(c: &mut Criterion) {
    let mut p = portfolio_workload(ACCOUNTS, 2026);
    with_outcomes(&mut p, 2027);
    let ctx = p.context();
    let Ok(history) = RenewalHistory::collect(&p.accounts, &ctx) else {
        return;
    };
    // A failure part-way would make the timing meaningless: check it runs in full first.
    assert!(Calibration::fit(&history, CalibrateOptions::default(), None).is_ok());
    let mut group = c.benchmark_group("calibrate");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ACCOUNTS as u64));
    group.bench_function("history/100k-accounts", |b| {
        b.iter(|| black_box(RenewalHistory::collect(black_box(&p.accounts), &ctx)))
    });
    group.bench_function("fit-and-validate/100k-decisions", |b| {
        b.iter(|| {
            black_box(Calibration::fit(
                black_box(&history),
                CalibrateOptions::default(),
                None,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, calibrate);
criterion_main!(benches);
