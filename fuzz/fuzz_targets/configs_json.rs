//! Configs from JSON go through their checks: whatever loads validates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustkit::assessment::{ScoringPolicy, SignalPolicy};
use trustkit::learning::{LearnerParams, TrustLearner};
use trustkit::loyalty::RenewalModel;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(p) = serde_json::from_str::<LearnerParams>(text) {
        assert!(p.validate().is_ok());
    }
    if let Ok(m) = serde_json::from_str::<RenewalModel>(text) {
        assert!(m.validate().is_ok());
    }
    if let Ok(s) = serde_json::from_str::<ScoringPolicy>(text) {
        assert!(s.validate().is_ok());
    }
    if let Ok(s) = serde_json::from_str::<SignalPolicy>(text) {
        assert!(s.validate().is_ok());
    }
    if let Ok(l) = serde_json::from_str::<TrustLearner>(text) {
        assert!((0.0..=1.0).contains(&l.trust().value()));
    }
});
