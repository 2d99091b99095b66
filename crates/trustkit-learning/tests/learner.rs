//! The learner: hand-computed updates, errors, and invariants.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use trustkit_core::TrustLevel;
use trustkit_learning::{
    Anchor, ConfirmationReference, Error, Experience, Forgetting, LearnerParams, ModelPreset,
    TrustLearner,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

fn at(day: i64) -> DateTime<Utc> {
    t0() + Duration::days(day)
}

#[test]
fn two_steps_by_hand_with_default_parameters() {
    let mut l = TrustLearner::new(LearnerParams::default(), Anchor::NEUTRAL).unwrap();
    // E = T = 0.5. Reward 1: δ = 0.5, rate α_G = 0.15 (no latency yet, T = 0.5 contradicts nothing),
    // push h·T·sign(δ) = 0.045·0.5 = 0.0225 → E = 0.5 + 0.075 + 0.0225 = 0.5975; T = 0.5 + 0.12·0.5.
    let s1 = l.observe(&Experience::new(1.0, at(0)).unwrap()).unwrap();
    assert!((s1.prediction_error.value() - 0.5).abs() < 1e-15);
    assert!((s1.trust.value() - 0.5975).abs() < 1e-12);
    assert!((s1.belief.value() - 0.56).abs() < 1e-12);
    // Reward 0: δ = −0.5975; rate α_L/(1 + κ) = 0.3375/1.03, times 1 − β = 0.87 because T = 0.56 > 0.5
    // and the news is bad; push −0.045·0.56 = −0.0252.
    let s2 = l.observe(&Experience::new(0.0, at(7)).unwrap()).unwrap();
    let rate = 0.3375 / 1.03 * 0.87;
    assert!((s2.trust.value() - (0.5975 - rate * 0.5975 - 0.0252)).abs() < 1e-12);
    assert!((s2.trust.value() - 0.401_969).abs() < 1e-6);
    assert!((s2.belief.value() - 0.4928).abs() < 1e-12);
    assert_eq!(l.experience_count(), 2);
    assert_eq!(TrustLevel::from(&l), l.trust());
}

#[test]
fn promise_pulls_the_expectation() {
    // Rescorla–Wagner α = 0.5 at E = 0.5; promised 0.9 with ω = 0.5 → expected 0.7; reward 0.6 is a
    // disappointment (δ = −0.1) even though it beats the old trust.
    let mut l = TrustLearner::new(
        LearnerParams::rescorla_wagner(0.5).unwrap(),
        Anchor::NEUTRAL,
    )
    .unwrap();
    let step = l
        .observe(
            &Experience::new(0.6, at(0))
                .unwrap()
                .with_promise(0.9)
                .unwrap(),
        )
        .unwrap();
    assert!((step.prediction_error.value() + 0.1).abs() < 1e-12);
    assert!((step.trust.value() - 0.45).abs() < 1e-12);
}

#[test]
fn forgetting_with_a_half_life() {
    let params = LearnerParams {
        forgetting: Some(Forgetting {
            baseline: 0.5,
            per_step: 0.0,
            half_life_days: Some(30.0),
        }),
        ..LearnerParams::rescorla_wagner(0.0).unwrap()
    };
    let mut l = TrustLearner::new(params, Anchor::new(0.9).unwrap()).unwrap();
    l.observe(&Experience::new(0.9, at(0)).unwrap()).unwrap();
    // Thirty days of silence halve the distance to the baseline: 0.5 + 0.4/2 = 0.7 (α = 0, so the
    // experience itself teaches nothing).
    let step = l.observe(&Experience::new(0.9, at(30)).unwrap()).unwrap();
    assert!((step.trust.value() - 0.7).abs() < 1e-12);
}

#[test]
fn time_going_backwards_is_an_error_and_leaves_the_learner_alone() {
    let mut l = TrustLearner::new(LearnerParams::default(), Anchor::NEUTRAL).unwrap();
    l.observe(&Experience::new(0.8, at(10)).unwrap()).unwrap();
    let before = l.clone();
    let err = l
        .observe(&Experience::new(0.8, at(9)).unwrap())
        .unwrap_err();
    assert!(matches!(err, Error::TimeWentBackwards { .. }));
    assert!(err.to_string().contains("time order"));
    assert_eq!(l, before);
}

#[test]
fn invalid_experiences_and_anchors() {
    for bad in [f64::NAN, -0.1, 1.1, f64::INFINITY] {
        assert!(Experience::new(bad, t0()).is_err());
        assert!(Anchor::new(bad).is_err());
    }
    assert!(
        Experience::new(0.5, t0())
            .unwrap()
            .with_promise(2.0)
            .is_err()
    );
    let e = Experience::new(1.5, t0()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "reward must be a finite number in [0, 1], got 1.5"
    );
}

#[test]
fn convergence_after_a_window_of_small_surprises() {
    let params = LearnerParams {
        convergence_window: 3,
        ..LearnerParams::rescorla_wagner(0.5).unwrap()
    };
    let mut l = TrustLearner::new(params, Anchor::new(0.7).unwrap()).unwrap();
    let mut converged_at = None;
    for day in 0..10 {
        let step = l.observe(&Experience::new(0.7, at(day)).unwrap()).unwrap();
        if step.converged && converged_at.is_none() {
            converged_at = Some(day);
        }
    }
    // δ = 0 from the start: three calm steps → converged on the third (day 2).
    assert_eq!(converged_at, Some(2));
    // A shock resets it.
    let step = l.observe(&Experience::new(0.0, at(11)).unwrap()).unwrap();
    assert!(!step.converged);
}

#[test]
fn confirmation_bias_against_the_prior_never_turns_round() {
    let params = LearnerParams {
        confirmation: 0.5,
        confirmation_reference: ConfirmationReference::Prior,
        ..LearnerParams::rescorla_wagner(0.2).unwrap()
    };
    // A low-trust prior discounts good news by half: 0.3 + 0.2·0.5·(1 − 0.3) = 0.37.
    let mut l = TrustLearner::new(params, Anchor::new(0.3).unwrap()).unwrap();
    let s = l.observe(&Experience::new(1.0, at(0)).unwrap()).unwrap();
    assert!((s.trust.value() - 0.37).abs() < 1e-12);
}

fn params() -> impl Strategy<Value = LearnerParams> {
    (
        0.0f64..=0.4,
        1.0f64..=2.5,
        0.0f64..0.5,
        0.0f64..=1.0,
        0.0f64..=1.0,
        0.0f64..=0.2,
        any::<bool>(),
    )
        .prop_map(
            |(alpha, lambda, latency, confirmation, phi, h, prior)| LearnerParams {
                latency,
                confirmation,
                belief_rate: phi,
                belief_weight: h,
                confirmation_reference: if prior {
                    ConfirmationReference::Prior
                } else {
                    ConfirmationReference::CurrentBelief
                },
                ..LearnerParams::with_loss_aversion(alpha, lambda).unwrap()
            },
        )
}

proptest! {
    #[test]
    fn trust_stays_in_the_unit_interval(p in params(), anchor in 0.0f64..=1.0,
                                        rewards in proptest::collection::vec(0.0f64..=1.0, 0..60)) {
        let mut l = TrustLearner::new(p, Anchor::new(anchor).unwrap()).unwrap();
        for (day, r) in rewards.into_iter().enumerate() {
            let s = l.observe(&Experience::new(r, at(day as i64)).unwrap()).unwrap();
            prop_assert!((0.0..=1.0).contains(&s.trust.value()));
            prop_assert!((0.0..=1.0).contains(&s.belief.value()));
        }
    }

    #[test]
    fn a_reward_above_expectation_never_lowers_trust(p in params(), anchor in 0.0f64..=1.0,
                                                     history in proptest::collection::vec(0.0f64..=1.0, 0..20),
                                                     lift in 0.0f64..=1.0) {
        let mut l = TrustLearner::new(p, Anchor::new(anchor).unwrap()).unwrap();
        for (day, r) in history.iter().enumerate() {
            l.observe(&Experience::new(*r, at(day as i64)).unwrap()).unwrap();
        }
        let before = l.trust().value();
        let reward = before + lift * (1.0 - before);
        let s = l.observe(&Experience::new(reward, at(100)).unwrap()).unwrap();
        prop_assert!(s.trust.value() >= before);
    }

    #[test]
    fn with_lambda_above_one_a_loss_moves_trust_more_than_an_equal_gain(
        alpha in 0.01f64..=0.4, lambda in 1.01f64..=2.5, e in 0.2f64..=0.8, d in 0.01f64..=0.2,
    ) {
        let p = LearnerParams { confirmation: 0.0, ..LearnerParams::with_loss_aversion(alpha, lambda).unwrap() };
        let mut gain = TrustLearner::new(p, Anchor::new(e).unwrap()).unwrap();
        let mut loss = gain.clone();
        let up = gain.observe(&Experience::new(e + d, t0()).unwrap()).unwrap().trust.value() - e;
        let down = e - loss.observe(&Experience::new(e - d, t0()).unwrap()).unwrap().trust.value();
        prop_assert!(down > up, "loss {down} vs gain {up}");
    }

    #[test]
    fn presets_reduce_to_rescorla_wagner_when_their_extras_are_zero(
        alpha in 0.0f64..=1.0, anchor in 0.0f64..=1.0,
        rewards in proptest::collection::vec(0.0f64..=1.0, 1..30),
    ) {
        for preset in ModelPreset::ALL {
            let mut p = preset.params();
            p.alpha_gain = alpha;
            p.alpha_loss = alpha;
            p.confirmation = 0.0;
            p.belief_rate = 0.0;
            p.belief_weight = 0.0;
            if let Some(f) = p.forgetting.as_mut() {
                f.per_step = 0.0;
            }
            let mut l = TrustLearner::new(p, Anchor::new(anchor).unwrap()).unwrap();
            let mut e = anchor;
            for (day, r) in rewards.iter().enumerate() {
                e += alpha * (r - e);
                let s = l.observe(&Experience::new(*r, at(day as i64)).unwrap()).unwrap();
                prop_assert!((s.trust.value() - e).abs() < 1e-12, "{preset}: {} vs {e}", s.trust.value());
            }
        }
    }
}

#[test]
fn preset_parameter_counts_follow_chang_et_al() {
    let counts: Vec<usize> = ModelPreset::ALL
        .iter()
        .map(|p| p.parameter_count())
        .collect();
    assert_eq!(counts, [2, 3, 3, 3, 4]);
    for preset in ModelPreset::ALL {
        preset.params().validate().unwrap();
    }
    let db = ModelPreset::DynamicBelief.params();
    assert_eq!(
        (db.belief_rate, db.belief_weight, db.confirmation),
        (0.12, 0.045, 0.0)
    );
}
