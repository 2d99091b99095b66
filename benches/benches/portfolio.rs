//! The diagnosis pipeline: diagnosing accounts shaped like the bundled sample, and reading them
//! from JSON Lines and from one JSON document while diagnosing.
//!
//! `cargo bench -p trustkit-benches --bench portfolio` (add `--features rayon` for every core).
//! The end-to-end scaling table of `trustkit report` (10 k … 1 M accounts) is in
//! docs/performance.md with the commands that produce it.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use trustkit::portfolio::{JsonLinesReader, Portfolio, diagnose_slice};
use trustkit_benches::portfolio_workload;

const ACCOUNTS: usize = 10_000;

fn portfolio(c: &mut Criterion) {
    let p = portfolio_workload(ACCOUNTS, 2026);
    let ctx = p.context();
    // A failure part-way would make the timing meaningless: check every account diagnoses first.
    assert!(
        diagnose_slice(&ctx, &p.accounts).iter().all(Result::is_ok),
        "the portfolio workload must diagnose"
    );
    let mut lines = Vec::new();
    assert!(p.write_json_lines(&mut lines).is_ok());
    let document = serde_json::to_string(&p).unwrap_or_default();

    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ACCOUNTS as u64));
    group.bench_function("diagnose/10k-accounts", |b| {
        b.iter(|| black_box(diagnose_slice(&ctx, black_box(&p.accounts))))
    });
    group.bench_function("validate/10k-accounts", |b| {
        b.iter(|| black_box(p.validate()))
    });
    group.bench_function("json-lines-read-and-diagnose/10k-accounts", |b| {
        b.iter(|| {
            JsonLinesReader::new(black_box(lines.as_slice()))
                .map(|r| r.diagnoses().filter(Result::is_ok).count())
        })
    });
    group.bench_function("document-read-and-diagnose/10k-accounts", |b| {
        b.iter(|| {
            let mut n = 0usize;
            let _ = Portfolio::diagnose_json(black_box(&document), &mut |_, d| {
                n += usize::from(d.is_ok());
                true
            });
            n
        })
    });
    group.finish();
}

criterion_group!(benches, portfolio);
criterion_main!(benches);
