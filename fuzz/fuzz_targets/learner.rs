//! The learner on arbitrary parameters and sequences: parameters validate or are refused; a valid
//! learner's trust stays in [0, 1] and its prediction errors finite.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustkit::chrono::{DateTime, Duration};
use trustkit::learning::{Anchor, Experience, LearnerParams, TrustLearner};

fuzz_target!(|input: ([f64; 4], f64, Vec<(f64, Option<f64>, u16)>)| {
    let (p, anchor, steps) = input;
    let params = LearnerParams {
        alpha_gain: p[0],
        alpha_loss: p[1],
        latency: p[2],
        confirmation: p[3],
        ..LearnerParams::default()
    };
    let Ok(anchor) = Anchor::new(anchor) else { return };
    let Ok(mut learner) = TrustLearner::new(params, anchor) else { return };
    let mut at = DateTime::from_timestamp(1_767_225_600, 0).expect("a fixed date");
    for (reward, promised, gap) in steps.into_iter().take(500) {
        at += Duration::hours(i64::from(gap));
        let Ok(mut e) = Experience::new(reward, at) else { continue };
        if let Some(p) = promised {
            let Ok(with) = e.with_promise(p) else { continue };
            e = with;
        }
        let step = learner.observe(&e).expect("times only move forward here");
        assert!((0.0..=1.0).contains(&step.trust.value()));
        assert!(step.prediction_error.value().is_finite());
    }
});
