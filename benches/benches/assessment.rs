//! Scoring the standard instrument: 1 M responses (100 000 accounts × 10 respondents).
//!
//! `cargo bench -p trustkit-benches --bench assessment`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use trustkit::assessment::{AnswerMatrix, Instrument, ScoringPolicy};
use trustkit_benches::assessment_workload;

const ACCOUNTS: usize = 100_000;
const RESPONDENTS: usize = 10;

fn score(c: &mut Criterion) {
    let accounts = assessment_workload(ACCOUNTS, RESPONDENTS, 2026);
    let instrument = Instrument::standard();
    let policy = ScoringPolicy::default();
    let mut group = c.benchmark_group("assessment");
    group.sample_size(10);
    group.throughput(Throughput::Elements((ACCOUNTS * RESPONDENTS) as u64));
    group.bench_function("score_accounts/1M-responses", |b| {
        b.iter(|| black_box(policy.score_accounts(&instrument, black_box(&accounts))))
    });

    // The same answers as a matrix (u8 per respondent × item, roles, account offsets): the layout
    // of a data frame or an Arrow batch.
    let items = instrument.items();
    let (answers, roles, offsets) = trustkit_benches::assessment_matrix(&accounts);
    drop(accounts);
    let Ok(matrix) = AnswerMatrix::new(items.len(), &answers, &roles, &offsets) else {
        return;
    };
    group.throughput(Throughput::Bytes(answers.len() as u64));
    group.bench_function("score_matrix/1M-respondents-x-20-items", |b| {
        b.iter(|| black_box(policy.score_matrix(&instrument, black_box(&matrix))))
    });
    group.finish();
}

criterion_group!(benches, score);
criterion_main!(benches);
