//! The trust equation on any scale: construction validates; a valid equation has a finite positive
//! quotient and a level in [0, 1]; a lever plan never proposes a non-finite change.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustkit::equation::{Scale, TargetPlan, TrustEquation};

fuzz_target!(|v: [f64; 7]| {
    let Ok(scale) = Scale::new(v[0], v[1]) else { return };
    let Ok(eq) = TrustEquation::on_scale(scale, v[2], v[3], v[4], v[5]) else { return };
    let q = eq.quotient();
    assert!(q.is_finite() && q > 0.0);
    assert!((0.0..=1.0).contains(&eq.level().value()));
    assert!(eq.component_spread().is_finite());
    if let Ok(TargetPlan::Change(change)) = eq.reach_target(v[6]) {
        assert!(change.to.is_finite());
    }
});
