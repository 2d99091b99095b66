//! Custom instruments and responses from JSON: never panic; what loads scores into numbers in
//! range, and round trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustkit::assessment::{Instrument, ScoringPolicy, responses_from_json, responses_to_json};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(instrument) = Instrument::from_json(text) {
        let back = Instrument::from_json(&instrument.to_json().expect("serialises"))
            .expect("round trip");
        assert_eq!(back, instrument);
    }
    if let Ok(responses) = responses_from_json(text) {
        let back = responses_from_json(&responses_to_json(&responses).expect("serialises"))
            .expect("round trip");
        assert_eq!(back, responses);
        if let Ok(score) = ScoringPolicy::default().score(&Instrument::standard(), &responses) {
            for d in &score.dimensions {
                if let Some(s) = d.score() {
                    assert!((0.0..=1.0).contains(&s));
                }
                if let Some(se) = d.standard_error() {
                    assert!(se.is_finite() && se >= 0.0);
                }
            }
        }
    }
});
