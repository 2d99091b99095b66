//! JSON: exact round-trips, and clear errors for malformed documents.
#![cfg(feature = "serde")]

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use trustkit_assessment::{
    Answer, Dimension, Error, Instrument, Item, LikertScale, Response, Role, responses_from_json,
    responses_to_json,
};

#[test]
fn standard_instrument_round_trips() {
    let json = Instrument::standard().to_json().unwrap();
    assert_eq!(
        Instrument::from_json(&json).unwrap(),
        Instrument::standard()
    );
}

#[test]
fn instrument_json_errors_name_the_problem() {
    let err = Instrument::from_json("{ not json").unwrap_err();
    assert!(matches!(
        err,
        Error::Json {
            what: "instrument",
            ..
        }
    ));
    assert!(err.to_string().contains("line 1"), "{err}");

    let duplicate = r#"{"name": "x", "items": [
        {"id": "a", "dimension": "understands_needs", "prompt": "p", "scale": {"min": 1, "max": 5}},
        {"id": "a", "dimension": "keeps_commitments", "prompt": "p", "scale": {"min": 1, "max": 5}}
    ]}"#;
    let err = Instrument::from_json(duplicate).unwrap_err();
    assert!(
        err.to_string()
            .contains("item id \"a\" is used by more than one item"),
        "{err}"
    );

    let bad_weight = r#"{"name": "x", "items": [
        {"id": "a", "dimension": "understands_needs", "prompt": "p", "weight": -1, "scale": {"min": 1, "max": 5}}
    ]}"#;
    let err = Instrument::from_json(bad_weight).unwrap_err();
    assert!(
        err.to_string().contains("item \"a\" has weight -1"),
        "{err}"
    );

    let unknown_dimension = r#"{"name": "x", "items": [
        {"id": "a", "dimension": "is_nice", "prompt": "p", "scale": {"min": 1, "max": 5}}
    ]}"#;
    assert!(
        Instrument::from_json(unknown_dimension)
            .unwrap_err()
            .to_string()
            .contains("is_nice")
    );
}

#[test]
fn responses_json_shape_and_errors() {
    let json = r#"[{"respondent": "ana", "role": "economic_buyer", "answered_at": "2026-03-31T12:00:00Z",
                   "answers": {"needs.problem": 4, "fair.pricing": "n/a"}}]"#;
    let responses = responses_from_json(json).unwrap();
    assert_eq!(responses[0].role, Role::EconomicBuyer);
    assert_eq!(responses[0].get("needs.problem"), Some(Answer::Value(4)));
    assert_eq!(
        responses[0].get("fair.pricing"),
        Some(Answer::NotApplicable)
    );

    for (bad, needle) in [
        (
            r#"[{"respondent": "a", "role": "ceo", "answered_at": "2026-03-31T12:00:00Z"}]"#,
            "ceo",
        ),
        (
            r#"[{"respondent": "a", "role": "user", "answered_at": "yesterday"}]"#,
            "line 1",
        ),
        (
            r#"[{"respondent": "a", "role": "user", "answered_at": "2026-03-31T12:00:00Z", "answers": {"x": -2}}]"#,
            "-2",
        ),
        (
            r#"[{"respondent": "a", "role": "user", "answered_at": "2026-03-31T12:00:00Z", "answers": {"x": "maybe"}}]"#,
            "maybe",
        ),
        (
            r#"[{"respondent": "a", "role": "user", "answered_at": "2026-03-31T12:00:00Z", "mood": 3}]"#,
            "mood",
        ),
        (
            r#"[{"role": "user", "answered_at": "2026-03-31T12:00:00Z"}]"#,
            "respondent",
        ),
    ] {
        let err = responses_from_json(bad).unwrap_err();
        assert!(matches!(
            err,
            Error::Json {
                what: "responses",
                ..
            }
        ));
        assert!(err.to_string().contains(needle), "{bad}: {err}");
    }
}

fn item() -> impl Strategy<Value = Item> {
    let dims = proptest::sample::select(Dimension::ALL.to_vec());
    (
        dims,
        "[a-z]{1,8}",
        "[A-Za-z ,.]{1,40}",
        0.01f64..100.0,
        any::<bool>(),
        0u8..20,
        1u8..20,
    )
        .prop_map(|(d, id, prompt, w, rev, min, span)| {
            let mut item = Item::new(id, d, format!("Q {prompt}"))
                .weighted(w)
                .on_scale(LikertScale {
                    min,
                    max: min + span,
                });
            item.reverse_coded = rev;
            item
        })
}

proptest! {
    #[test]
    fn custom_instruments_round_trip_exactly(mut items in proptest::collection::vec(item(), 0..12)) {
        // Make ids unique and cover every dimension.
        for (k, it) in items.iter_mut().enumerate() {
            it.id = format!("{}-{k}", it.id);
        }
        for d in Dimension::ALL {
            items.push(Item::new(format!("cover-{}", d.name()), d, "cover"));
        }
        let instrument = Instrument::new("custom", items).unwrap();
        let back = Instrument::from_json(&instrument.to_json().unwrap()).unwrap();
        prop_assert_eq!(back, instrument);
    }

    #[test]
    fn responses_round_trip_exactly(
        answers in proptest::collection::btree_map("[a-z.]{1,10}", prop_oneof![
            (0u8..=255).prop_map(Answer::Value), Just(Answer::NotApplicable)
        ], 0..20),
        secs in 0i64..4_000_000_000, nanos in 0u32..1_000_000_000,
        role in proptest::sample::select(Role::ALL.to_vec()),
    ) {
        let mut r = Response::new("who", role, Utc.timestamp_opt(secs, nanos).unwrap()).unwrap();
        r.answers = answers;
        let json = responses_to_json(std::slice::from_ref(&r)).unwrap();
        prop_assert_eq!(responses_from_json(&json).unwrap(), vec![r]);
    }
}
