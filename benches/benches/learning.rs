//! The trust learner: updates per second over 1 M experiences, and trust-game subjects per second.
//!
//! `cargo bench -p trustkit-benches --bench learning`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use trustkit::learning::experiments::trust_game::TrustGame;
use trustkit::learning::{Anchor, LearnerParams, TrustLearner};
use trustkit_benches::experience_workload;

const EXPERIENCES: usize = 1_000_000;
const SUBJECTS: usize = 1_000;

fn learner(c: &mut Criterion) {
    let experiences = experience_workload(EXPERIENCES, 2026);
    let mut group = c.benchmark_group("learning");
    group.throughput(Throughput::Elements(experiences.len() as u64));
    group.bench_function("observe/1M-experiences", |b| {
        b.iter(|| {
            let Ok(mut learner) = TrustLearner::new(LearnerParams::default(), Anchor::NEUTRAL)
            else {
                return 0.0;
            };
            for e in &experiences {
                let _ = black_box(learner.observe(e));
            }
            learner.trust().value()
        })
    });
    // The batch form: 10 000 subjects × 100 rewards, the same 1 M updates without time stamps.
    let rewards: Vec<f64> = experiences.iter().map(|e| e.reward().value()).collect();
    let anchors = vec![0.5; EXPERIENCES / 100];
    let mut trust = vec![0.0; EXPERIENCES];
    group.bench_function("learn_batch/10k-subjects-x-100", |b| {
        b.iter(|| {
            black_box(trustkit::learning::learn_batch(
                &LearnerParams::default(),
                &anchors,
                &rewards,
                100,
                &mut trust,
            ))
        })
    });
    // Plain Rescorla–Wagner (one rate, nothing else switched on): the loop an analyst writes in numba.
    let Ok(rw) = LearnerParams::rescorla_wagner(0.2) else {
        return;
    };
    group.bench_function("learn_batch/rescorla_wagner/10k-subjects-x-100", |b| {
        b.iter(|| {
            black_box(trustkit::learning::learn_batch(
                &rw, &anchors, &rewards, 100, &mut trust,
            ))
        })
    });
    // The same subjects one after another through `observe` (time stamps, a `Step` per update).
    group.bench_function("observe/10k-subjects-x-100", |b| {
        b.iter(|| {
            let mut total = 0.0;
            for subject in experiences.chunks(100) {
                let Ok(mut learner) = TrustLearner::new(LearnerParams::default(), Anchor::NEUTRAL)
                else {
                    return 0.0;
                };
                for e in subject {
                    let _ = black_box(learner.observe(e));
                }
                total += learner.trust().value();
            }
            total
        })
    });
    group.finish();

    let mut group = c.benchmark_group("trust_game");
    group.sample_size(20);
    group.throughput(Throughput::Elements(SUBJECTS as u64));
    let game = TrustGame {
        subjects: SUBJECTS,
        ..TrustGame::default()
    };
    group.bench_function("run/1000-subjects", |b| b.iter(|| black_box(game.run())));
    group.finish();
}

criterion_group!(benches, learner);
criterion_main!(benches);
