//! Health scorecards from JSON scoring arbitrary values: an error, or a score in 0–100 whose
//! colour matches it; never NaN, never a colour without a number behind it.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use trustkit::loyalty::{Colour, Scorecard};

fuzz_target!(|input: (String, Vec<(String, f64)>, Option<f64>)| {
    let (json, values, previous) = input;
    let Ok(card) = serde_json::from_str::<Scorecard>(&json) else { return };
    let values: BTreeMap<String, f64> = values.into_iter().take(12).collect();
    if let Ok(report) = card.score("fuzz", &values, previous) {
        assert!((0.0..=100.0).contains(&report.score));
        assert_eq!(report.colour, Colour::of(report.score));
    }
});
