//! Equations and scales deserialize through their validating constructors.
#![cfg(feature = "serde")]

use trustkit_equation::{Component, Scale, TargetPlan, TrustEquation};

#[test]
fn equation_round_trips_and_defaults_to_the_1_to_10_scale() {
    let eq = TrustEquation::new(8.0, 7.0, 6.0, 2.0).unwrap();
    let json = serde_json::to_string(&eq).unwrap();
    assert_eq!(serde_json::from_str::<TrustEquation>(&json).unwrap(), eq);
    let short = r#"{"credibility": 8, "reliability": 7, "intimacy": 6, "self_orientation": 2}"#;
    assert_eq!(serde_json::from_str::<TrustEquation>(short).unwrap(), eq);
}

#[test]
fn invalid_equations_and_scales_are_rejected_with_the_validation_message() {
    let zero_s = r#"{"credibility": 8, "reliability": 7, "intimacy": 6, "self_orientation": 0}"#;
    let err = serde_json::from_str::<TrustEquation>(zero_s).unwrap_err();
    assert!(
        err.to_string()
            .contains("self-orientation must be greater than zero"),
        "{err}"
    );
    let off = r#"{"credibility": 8, "reliability": 7, "intimacy": 6, "self_orientation": 2,
                 "scale": {"min": 1, "max": 5}}"#;
    let err = serde_json::from_str::<TrustEquation>(off).unwrap_err();
    assert!(
        err.to_string()
            .contains("credibility must lie on the scale [1, 5]"),
        "{err}"
    );
    assert!(serde_json::from_str::<Scale>(r#"{"min": 0, "max": 10}"#).is_err());
}

#[test]
fn diagnostics_serialise() {
    let eq = TrustEquation::new(8.0, 7.0, 6.0, 3.0).unwrap();
    let plan = eq.reach_target(10.5).unwrap();
    let json = serde_json::to_value(plan).unwrap();
    assert_eq!(json["change"]["component"], "self_orientation");
    assert_eq!(serde_json::from_value::<TargetPlan>(json).unwrap(), plan);
    assert_eq!(
        serde_json::to_string(&Component::Intimacy).unwrap(),
        "\"intimacy\""
    );
}

/// Regression: `Evidence` deserialized over its private fields, so a file could pair an equation
/// with summaries it was not made from, or claim no raters.
#[test]
fn evidence_loads_only_when_its_parts_fit() {
    use trustkit_equation::{Evidence, Ratings, Scale};
    let evidence = Evidence::from_raters(
        Scale::DEFAULT,
        &[
            Ratings::new(8.0, 7.0, 6.0, 3.0),
            Ratings::new(6.0, 7.0, 6.0, 5.0),
        ],
    )
    .unwrap();
    let json = serde_json::to_string(&evidence).unwrap();
    assert_eq!(serde_json::from_str::<Evidence>(&json).unwrap(), evidence);
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["summaries"][0]["mean"] = serde_json::json!(9.0);
    v["summaries"][0]["max"] = serde_json::json!(9.5);
    let err = serde_json::from_value::<Evidence>(v)
        .unwrap_err()
        .to_string();
    assert!(err.contains("credibility of the equation"), "{err}");
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["rater_count"] = serde_json::json!(0);
    assert!(serde_json::from_value::<Evidence>(v).is_err());
}
