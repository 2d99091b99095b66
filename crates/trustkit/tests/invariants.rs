//! Regression tests for "invariants by construction" (issue #14): each case here was accepted, or
//! panicked, or produced a silently wrong number before, and is an error or a right number now.
#![allow(clippy::unwrap_used)]

use trustkit::assessment::{Dimension, Instrument, Item, ScoringPolicy, SignalPolicy};
use trustkit::learning::{LearnerParams, TrustLearner};
use trustkit::loyalty::RenewalModel;
use trustkit::portfolio::MarketFacts;

#[test]
fn configs_deserialize_only_through_their_checks() {
    // Each used to load and fail (or mislead) only when used.
    let learner = serde_json::to_value(LearnerParams::default()).unwrap();
    let mut bad = learner.clone();
    bad["alpha_gain"] = serde_json::json!(7.5);
    assert!(serde_json::from_value::<LearnerParams>(bad).is_err());
    assert_eq!(
        serde_json::from_value::<LearnerParams>(learner).unwrap(),
        LearnerParams::default()
    );

    let mut renewal = serde_json::to_value(RenewalModel::default()).unwrap();
    renewal["affective_default"] = serde_json::json!(1.5);
    let err = serde_json::from_value::<RenewalModel>(renewal).unwrap_err();
    assert!(err.to_string().contains("affective"), "{err}");

    let mut scoring = serde_json::to_value(ScoringPolicy::default()).unwrap();
    scoring["role_weights"]["sponsor"] = serde_json::json!(-1.0);
    assert!(serde_json::from_value::<ScoringPolicy>(scoring).is_err());

    let mut signals = serde_json::to_value(SignalPolicy::default()).unwrap();
    signals["divergence_threshold"] = serde_json::json!(f64::MAX);
    signals["half_life_days"] = serde_json::json!(-3.0);
    assert!(serde_json::from_value::<SignalPolicy>(signals).is_err());

    let err = serde_json::from_str::<MarketFacts>(r#"{"respect": 2}"#).unwrap_err();
    assert!(err.to_string().contains("market.respect"), "{err}");
}

#[test]
fn a_saved_learner_cannot_smuggle_in_an_impossible_state() {
    let learner = TrustLearner::new(
        LearnerParams::default(),
        trustkit::learning::Anchor::NEUTRAL,
    )
    .unwrap();
    let saved = serde_json::to_value(&learner).unwrap();
    assert_eq!(
        serde_json::from_value::<TrustLearner>(saved.clone()).unwrap(),
        learner
    );
    // Regression: `alpha_gain 7.5, value 3.0` loaded, and trust() then hid it as neutral.
    let mut bad = saved.clone();
    bad["value"] = serde_json::json!(3.0);
    assert!(serde_json::from_value::<TrustLearner>(bad).is_err());
    let mut bad = saved;
    bad["params"]["alpha_gain"] = serde_json::json!(7.5);
    assert!(serde_json::from_value::<TrustLearner>(bad).is_err());
}

#[test]
fn huge_item_weights_are_rejected_instead_of_scoring_nan() {
    // Regression: an item weight of 1e308 gave a NaN dimension score, banded "low".
    let mut items: Vec<Item> = Instrument::standard().items().to_vec();
    items[0] = items[0].clone().weighted(1e308);
    let err = Instrument::new("heavy", items).unwrap_err();
    assert!(err.to_string().contains("at most 1e6"), "{err}");
    let light = Item::new("x", Dimension::UnderstandsNeeds, "They get us").weighted(1e6);
    assert_eq!(light.weight, 1e6);
}

#[test]
fn extreme_scales_are_rejected() {
    // Regression: accepted, and then every equation levelled at 0.5.
    assert!(trustkit::equation::Scale::new(1e-300, 1e300).is_err());
}

#[test]
fn huge_numbers_print_short_in_errors() {
    // Regression: 1e308 printed as 309 digits.
    let err = trustkit::core::UnitInterval::new(1e308)
        .unwrap_err()
        .to_string();
    assert!(err.ends_with("got 1e308"), "{err}");
    let err = trustkit::learning::Experience::new(1e308, chrono_now())
        .unwrap_err()
        .to_string();
    assert!(err.ends_with("got 1e308"), "{err}");
}

fn chrono_now() -> trustkit::chrono::DateTime<trustkit::chrono::Utc> {
    trustkit::chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap()
}

#[test]
fn portfolio_files_say_what_is_wrong_with_them() {
    use trustkit::portfolio::{Error, Portfolio};
    // Regression: a positional array was accepted as a portfolio.
    let err = Portfolio::from_json(r#"[1, "x", null, []]"#).unwrap_err();
    assert!(
        err.to_string().contains("a portfolio is a JSON object"),
        "{err}"
    );
    // Regression: a newer file failed on its new field instead of naming its version.
    let err =
        Portfolio::from_json(r#"{"schema_version": 2, "owners": [], "accounts": []}"#).unwrap_err();
    assert!(
        matches!(err, Error::SchemaVersion { found: 2, .. }),
        "{err}"
    );
    // Regression: errors about the whole document printed as ".: …"; now they give the place.
    let err = Portfolio::from_json("{").unwrap_err().to_string();
    assert!(err.starts_with("line 1, column 1: "), "{err}");
    // Regression: a repeated answer in the responses CSV overwrote the earlier one.
    let mut p = Portfolio::sample().unwrap();
    let csv = "account,respondent,role,answered_at,item,answer\n\
               cobalt-retail,zoe,user,2026-03-01T00:00:00Z,needs.problem,4\n\
               cobalt-retail,zoe,user,2026-03-01T00:00:00Z,needs.problem,2\n";
    let err = p
        .import_responses_csv(csv.as_bytes())
        .and_then(trustkit::portfolio::Import::strict)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("line 3, field \"item\"") && err.contains("twice"),
        "{err}"
    );
}

#[test]
fn every_named_enum_round_trips_through_display_and_from_str() {
    use std::str::FromStr;
    fn check<T>(all: &[T])
    where
        T: Copy + PartialEq + std::fmt::Debug + std::fmt::Display + FromStr,
        <T as FromStr>::Err: std::fmt::Debug,
    {
        for &v in all {
            assert_eq!(v.to_string().parse::<T>().unwrap(), v);
            assert_eq!(v.to_string().to_uppercase().parse::<T>().unwrap(), v);
        }
        assert!("no such name".parse::<T>().is_err());
    }
    check(&trustkit::core::Moment::ALL);
    check(&trustkit::core::Trend::ALL);
    check(&trustkit::core::TrustAttribute::ALL);
    check(&trustkit::equation::Component::ALL);
    check(&trustkit::assessment::Role::ALL);
    // A dimension displays as its belief in words; its name is what parses.
    for d in trustkit::assessment::Dimension::ALL {
        assert_eq!(
            d.name().parse::<trustkit::assessment::Dimension>().unwrap(),
            d
        );
    }
    check(&trustkit::assessment::Band::ALL);
    check(&trustkit::learning::ExperienceKind::ALL);
    check(&trustkit::learning::ModelPreset::ALL);
    check(&trustkit::loyalty::Colour::ALL);
    check(&trustkit::loyalty::Commitment::ALL);
    check(&trustkit::loyalty::RelationshipState::ALL);
    check(&trustkit::loyalty::Phase::ALL);
    check(&trustkit::loyalty::calibration::Baseline::ALL);
    check(&trustkit::portfolio::RenewalResult::ALL);
    // The CLI's short name and the JSON's long name of the initialisation model are one model.
    assert_eq!(
        "gain_loss_with_initialisation"
            .parse::<trustkit::learning::ModelPreset>()
            .unwrap(),
        "gain_loss_init".parse().unwrap()
    );
    let err = "ceo"
        .parse::<trustkit::assessment::Role>()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("expected one of sponsor, economic_buyer"),
        "{err}"
    );
}
