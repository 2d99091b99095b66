//! Serde round-trips and validation on deserialisation.
#![cfg(feature = "serde")]

use trustkit_core::{Level, Moment, TrustAttribute, TrustLevel, UnitInterval};

#[test]
fn trust_level_serialises_as_a_bare_number() {
    let level = TrustLevel::new(0.25).unwrap();
    assert_eq!(serde_json::to_string(&level).unwrap(), "0.25");
    assert_eq!(serde_json::from_str::<TrustLevel>("0.25").unwrap(), level);
}

#[test]
fn deserialising_out_of_range_values_fails_with_the_validation_message() {
    let err = serde_json::from_str::<TrustLevel>("1.5").unwrap_err();
    assert!(
        err.to_string()
            .contains("must be a finite number in [0, 1]"),
        "{err}"
    );
    assert!(serde_json::from_str::<UnitInterval>("-1").is_err());
}

#[test]
fn enums_use_snake_case_names() {
    assert_eq!(serde_json::to_string(&Moment::Wow).unwrap(), "\"wow\"");
    assert_eq!(
        serde_json::from_str::<TrustAttribute>("\"benevolence\"").unwrap(),
        TrustAttribute::Benevolence
    );
    assert_eq!(serde_json::to_string(&Level::High).unwrap(), "\"high\"");
    assert!(serde_json::from_str::<Moment>("\"delight\"").is_err());
}

#[test]
fn prospect_params_validate_on_deserialisation() {
    use trustkit_core::prospect::ProspectParams;
    let json = serde_json::to_string(&ProspectParams::default()).unwrap();
    assert_eq!(
        serde_json::from_str::<ProspectParams>(&json).unwrap(),
        ProspectParams::default()
    );
    let bad = json.replace("2.25", "0.5");
    assert!(serde_json::from_str::<ProspectParams>(&bad).is_err());
}
