//! A user who depends only on the facade can score an equation through the prelude.

use trustkit::prelude::*;

#[test]
fn prelude_scores_an_equation() {
    let eq = TrustEquation::new(8.0, 7.0, 6.0, 2.0).unwrap();
    assert_eq!(eq.quotient(), 10.5);
    let level = TrustLevel::from(eq);
    let value: f64 = level.value();
    assert!((value - 0.772_034).abs() < 1e-6);
    assert_eq!(level.classify(UnitInterval::HALF), Level::High);
}

#[test]
fn modules_reexport_the_crates() {
    let scale = trustkit::equation::Scale::new(1.0, 5.0).unwrap();
    let eq = trustkit::equation::TrustEquation::on_scale(scale, 5.0, 5.0, 5.0, 1.0).unwrap();
    assert_eq!(eq.quotient(), 15.0);
    assert_eq!(trustkit::core::Moment::ALL.len(), 5);
}

#[test]
fn prelude_scores_an_assessment() {
    use trustkit::assessment::chrono::{TimeZone, Utc};
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let instrument = Instrument::standard();
    let responses: Vec<Response> = [("a", Role::Sponsor), ("b", Role::User)]
        .into_iter()
        .map(|(who, role)| {
            instrument
                .items()
                .iter()
                .fold(Response::new(who, role, at).unwrap(), |r, item| {
                    r.answer(item.id.clone(), 3)
                })
        })
        .collect();
    let score = ScoringPolicy::default()
        .score(&instrument, &responses)
        .unwrap();
    // Every answer is the scale midpoint, reverse-coded or not: 0.5 everywhere.
    assert_eq!(score.trust_level().unwrap().value(), 0.5);
    assert_eq!(
        score.dimension(Dimension::HasWhatItTakes).score(),
        Some(0.5)
    );
}

#[test]
fn prelude_learns_trust() {
    use trustkit::learning::chrono::{TimeZone, Utc};
    let mut learner = TrustLearner::new(LearnerParams::default(), Anchor::NEUTRAL).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    learner.observe(&Experience::new(1.0, at).unwrap()).unwrap();
    let level = TrustLevel::from(&learner);
    assert!((level.value() - 0.5975).abs() < 1e-12);
}
