//! Serde round-trips for parameters, experiences, learners and result tables.
#![cfg(feature = "serde")]

use chrono::{TimeZone, Utc};
use trustkit_learning::experiments::trust_game::TrustGame;
use trustkit_learning::{Anchor, Experience, ExperienceKind, LearnerParams, TrustLearner};

#[test]
fn learner_and_experience_round_trip() {
    let at = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap();
    let e = Experience::new(0.3, at)
        .unwrap()
        .with_promise(0.8)
        .unwrap()
        .with_kind(ExperienceKind::PromiseBroken);
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(serde_json::from_str::<Experience>(&json).unwrap(), e);
    assert!(json.contains("\"promise_broken\""));

    let mut l = TrustLearner::new(LearnerParams::default(), Anchor::new(0.6).unwrap()).unwrap();
    l.observe(&e).unwrap();
    let back: TrustLearner = serde_json::from_str(&serde_json::to_string(&l).unwrap()).unwrap();
    assert_eq!(back, l);
}

#[test]
fn out_of_range_reward_in_json_is_rejected() {
    let bad = r#"{"reward": 1.5, "promised": null, "at": "2026-02-01T00:00:00Z", "moment": null, "kind": "routine"}"#;
    let err = serde_json::from_str::<Experience>(bad).unwrap_err();
    // The field's name survives from JSON to the message (regression: it read "unit-interval value").
    assert!(
        err.to_string()
            .starts_with("reward must be a finite number in [0, 1], got 1.5"),
        "{err}"
    );
}

#[test]
fn trust_game_table_serialises_one_row_per_trial_and_condition() {
    let table = TrustGame {
        subjects: 20,
        ..TrustGame::default()
    }
    .run()
    .unwrap();
    let json = serde_json::to_value(&table).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 6 * 15);
    assert_eq!(json["rows"][0]["partner"], "high_trust_face");
}
