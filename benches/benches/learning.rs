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
