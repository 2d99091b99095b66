//! Renewal, switching, NPS and journeys: hand-computed examples and invariants.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use proptest::prelude::*;
use trustkit_core::prospect::ProspectParams;
use trustkit_core::{Moment, TrustLevel, UnitInterval};
use trustkit_loyalty::{
    Commitment, Error, JourneyMap, LoyaltyFactors, Nps, Offer, Phase, RenewalModel,
    SelectionMatrix, decide_switch,
};

fn u(x: f64) -> UnitInterval {
    UnitInterval::new(x).unwrap()
}

fn factors(value: f64, cost: f64, alternatives: f64, trust: f64) -> LoyaltyFactors {
    LoyaltyFactors {
        product_value: u(value),
        switching_cost: u(cost),
        alternatives: u(alternatives),
        trust: TrustLevel::new(trust).unwrap(),
        respect: u(0.5),
    }
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[test]
fn affective_renewal_is_the_default_until_betrayal_or_value_collapse() {
    let m = RenewalModel::default();
    // Trust 0.6 (affective), value 0.5 vs alternatives 0.6, no switching cost:
    // calculative σ(−0.5 − 0.6 + 0 + 1.2) = σ(0.1) = 0.525; affective default 0.92 wins.
    let f = factors(0.5, 0.0, 0.6, 0.6);
    let o = m.outlook(&f, None, UnitInterval::ZERO).unwrap();
    assert_eq!(o.commitment, Commitment::Affective);
    assert!((o.calculative - sigmoid(0.1)).abs() < 1e-12);
    assert_eq!(o.probability.value(), 0.92);
    // A small betrayal (0.3 < 0.5) changes nothing; a large one (0.8) takes 0.92·(1 − 0.4) = 0.552.
    assert_eq!(
        m.outlook(&f, None, u(0.3)).unwrap().probability.value(),
        0.92
    );
    assert!((m.outlook(&f, None, u(0.8)).unwrap().probability.value() - 0.552).abs() < 1e-12);
    // Value collapse: value 0.15 < floor 0.3 halves the default to 0.46 (calculative σ(−2.0) = 0.119).
    let collapsed = factors(0.15, 0.0, 0.6, 0.6);
    let o = m.outlook(&collapsed, None, UnitInterval::ZERO).unwrap();
    assert!((o.probability.value() - 0.46).abs() < 1e-12);
    assert!((o.calculative - sigmoid(-2.0)).abs() < 1e-12);
    assert!((o.churn_probability() - 0.54).abs() < 1e-12);
}

#[test]
fn calculative_renewal_uses_the_selection_matrix() {
    let m = RenewalModel::default();
    let matrix = SelectionMatrix::new(
        vec![
            ("price".into(), 2.0),
            ("features".into(), 1.0),
            ("support".into(), 1.0),
        ],
        vec![0.5, 0.8, 0.9],
        vec![
            ("rival".into(), vec![0.9, 0.7, 0.5]),
            ("cheap".into(), vec![1.0, 0.2, 0.2]),
        ],
    )
    .unwrap();
    // Incumbent 0.675; rival 0.75; cheap (2 + 0.2 + 0.2)/4 = 0.6. Best alternative: rival.
    assert_eq!(matrix.best_alternative().map(|(n, _)| n), Some("rival"));
    let f = factors(0.9, 0.5, 0.1, 0.3);
    let o = m.outlook(&f, Some(&matrix), UnitInterval::ZERO).unwrap();
    assert_eq!(o.commitment, Commitment::Calculative);
    // σ(−0.5 + 6·(−0.075) + 2·0.5 + 2·0.3) = σ(0.65)
    assert!((o.probability.value() - sigmoid(0.65)).abs() < 1e-12);
    assert_eq!(o.affective, None);
}

#[test]
fn selection_matrix_errors() {
    assert!(SelectionMatrix::new(vec![], vec![], vec![]).is_err());
    assert!(matches!(
        SelectionMatrix::new(vec![("a".into(), 1.0)], vec![0.5, 0.5], vec![]),
        Err(Error::RowWidth { row: 0, .. })
    ));
    assert!(SelectionMatrix::new(vec![("a".into(), 1.0)], vec![1.5], vec![]).is_err());
    assert!(SelectionMatrix::new(vec![("a".into(), -1.0)], vec![0.5], vec![]).is_err());
    assert!(matches!(
        SelectionMatrix::new(
            vec![("a".into(), 1.0), ("a".into(), 1.0)],
            vec![0.5, 0.5],
            vec![]
        ),
        Err(Error::Duplicate { .. })
    ));
}

#[test]
fn switching_at_equal_trust_needs_more_than_two_to_one() {
    let pt = ProspectParams::default();
    let offer = |benefit: f64| Offer {
        promised_benefit: benefit,
        at_stake: 100.0,
        newcomer_trust: TrustLevel::NEUTRAL,
    };
    let d = decide_switch(&pt, TrustLevel::NEUTRAL, &offer(200.0)).unwrap();
    assert!((d.threshold.unwrap() - 2.25f64.powf(1.0 / 0.88)).abs() < 1e-12);
    assert!(!d.switches && d.prospect_value < 0.0);
    // 0.5·2^0.88 − 0.5·2.25 = 0.5·1.8404 − 1.125 = −0.2048
    assert!((d.prospect_value - (0.5 * 2f64.powf(0.88) - 1.125)).abs() < 1e-12);
    let yes = decide_switch(&pt, TrustLevel::NEUTRAL, &offer(260.0)).unwrap();
    assert!(yes.switches && yes.prospect_value > 0.0);
    assert!(
        decide_switch(
            &pt,
            TrustLevel::NEUTRAL,
            &Offer {
                at_stake: 0.0,
                ..offer(1.0)
            }
        )
        .is_err()
    );
    assert!(decide_switch(&pt, TrustLevel::NEUTRAL, &offer(f64::NAN)).is_err());
}

#[test]
fn nps_errors() {
    assert_eq!(
        Nps::from_answers(&[]),
        Err(Error::Empty {
            what: "NPS answers"
        })
    );
    assert_eq!(
        Nps::from_answers(&[9, 11]),
        Err(Error::NpsAnswer {
            index: 1,
            value: 11
        })
    );
    let all_promoters = Nps::from_answers(&[10, 9, 10]).unwrap();
    assert_eq!(
        (all_promoters.score(), all_promoters.standard_error()),
        (100.0, 0.0)
    );
    // Regression: four promoters had a margin of error of 0. Adjusted Wald (Rocks 2016):
    // p_P = 4.75/7, p_D = 0.75/7, 1.96·100·√((p_P + p_D − (p_P − p_D)²)/7) = 50.1996.
    let four = Nps::from_answers(&[9, 10, 9, 10]).unwrap();
    assert!((four.margin_of_error(1.96) - 50.1996).abs() < 1e-3);
}

#[test]
fn journey_reports_gaps_and_merges_repeated_phases() {
    let j = JourneyMap::new(vec![
        (Phase::Onboarding, vec![Moment::Connection]),
        (Phase::Onboarding, vec![Moment::Power, Moment::Connection]),
        (Phase::Adoption, vec![Moment::Wow]),
        (Phase::Value, vec![Moment::Proof]),
        (Phase::Renewal, vec![Moment::Truth]),
        (Phase::Expansion, vec![Moment::Proof]),
        (Phase::Advocacy, vec![Moment::Connection]),
    ]);
    assert_eq!(
        j.moments_in(Phase::Onboarding),
        [Moment::Connection, Moment::Power]
    );
    assert!(j.phases_without_moments().is_empty());
    assert!(j.unused_moments().is_empty());
    assert_eq!(JourneyMap::default().phases_without_moments(), Phase::ALL);
}

proptest! {
    #[test]
    fn renewal_probability_is_a_probability_and_never_falls_with_trust(
        value in 0.0f64..=1.0, cost in 0.0f64..=1.0, alt in 0.0f64..=1.0,
        t1 in 0.0f64..=1.0, t2 in 0.0f64..=1.0, betrayal in 0.0f64..=1.0,
    ) {
        let m = RenewalModel::default();
        let (lo, hi) = if t1 <= t2 { (t1, t2) } else { (t2, t1) };
        let a = m.outlook(&factors(value, cost, alt, lo), None, u(betrayal)).unwrap();
        let b = m.outlook(&factors(value, cost, alt, hi), None, u(betrayal)).unwrap();
        prop_assert!((0.0..=1.0).contains(&a.probability.value()));
        prop_assert!(b.probability.value() >= a.probability.value() - 1e-12);
    }

    #[test]
    fn switching_threshold_never_falls_with_trust(t1 in 0.0f64..=1.0, t2 in 0.0f64..=1.0, benefit in 0.0f64..1000.0) {
        let pt = ProspectParams::default();
        let (lo, hi) = if t1 <= t2 { (t1, t2) } else { (t2, t1) };
        let offer = Offer { promised_benefit: benefit, at_stake: 100.0, newcomer_trust: TrustLevel::NEUTRAL };
        let a = decide_switch(&pt, TrustLevel::new(lo).unwrap(), &offer).unwrap();
        let b = decide_switch(&pt, TrustLevel::new(hi).unwrap(), &offer).unwrap();
        prop_assert!(b.threshold >= a.threshold);
        prop_assert!(!b.switches || a.switches, "more trust made the customer leave");
    }

    #[test]
    fn nps_is_bounded_and_counts_add_up(answers in proptest::collection::vec(0u8..=10, 1..200)) {
        let n = Nps::from_answers(&answers).unwrap();
        prop_assert_eq!(n.respondents(), answers.len());
        prop_assert!((-100.0..=100.0).contains(&n.score()));
        prop_assert!(n.margin_of_error(1.96) >= 0.0);
    }
}

mod renewal_logit {
    use proptest::prelude::*;
    use trustkit_core::{Trend, TrustLevel, UnitInterval};
    use trustkit_loyalty::{Commitment, RenewalInputs, RenewalLogit};

    fn u(x: f64) -> Option<UnitInterval> {
        Some(UnitInterval::new(x).unwrap())
    }

    fn base() -> RenewalInputs {
        RenewalInputs {
            trust: TrustLevel::new(0.6).unwrap(),
            commitment: Commitment::Calculative,
            health: Some(60.0),
            health_trend: Some(Trend::Same),
            nps: Some(10.0),
            betrayal: u(0.0),
            product_value: u(0.6),
            alternatives: u(0.5),
            switching_cost: u(0.4),
            respect: u(0.6),
            tenure_years: Some(2.0),
        }
    }

    #[test]
    fn worked_example_by_hand() {
        // ln 4 + 3·0.1 + 3·0.1 + 1·0.1 + 2·0.1 + 1·(−0.1) + 1·0.1 = 1.386294 + 0.9 = 2.286294
        let e = RenewalLogit::PRIOR.estimate(&base()).unwrap();
        assert!((e.logit - 2.286_294_361).abs() < 1e-9, "{}", e.logit);
        assert!((e.probability.value() - 1.0 / (1.0 + (-2.286_294_361f64).exp())).abs() < 1e-9);
        assert!(!e.calibrated && e.missing.is_empty());
        // A betrayal lowers renewal under either commitment (regression: it counted only for
        // affective accounts).
        for commitment in [Commitment::Affective, Commitment::Calculative] {
            let calm = RenewalInputs {
                commitment,
                ..base()
            };
            let betrayed = RenewalInputs {
                betrayal: u(0.8),
                ..calm
            };
            let (p0, p1) = (
                RenewalLogit::PRIOR.estimate(&calm).unwrap().probability,
                RenewalLogit::PRIOR.estimate(&betrayed).unwrap().probability,
            );
            assert!(p1 < p0, "{commitment:?}");
        }
    }

    #[test]
    fn incoherent_or_non_finite_coefficients_are_refused() {
        let mut b = *RenewalLogit::PRIOR.coefficients();
        b[1] = -1.0; // more trust lowering renewal
        assert!(RenewalLogit::from_coefficients(b).is_err());
        b[1] = f64::NAN;
        assert!(RenewalLogit::from_coefficients(b).is_err());
        let fitted = RenewalLogit::from_coefficients(*RenewalLogit::PRIOR.coefficients()).unwrap();
        assert!(fitted.calibrated());
        assert!(
            RenewalLogit::PRIOR
                .estimate(&RenewalInputs {
                    health: Some(101.0),
                    ..base()
                })
                .is_err()
        );
    }

    proptest! {
        #[test]
        fn better_evidence_never_lowers_renewal(
            trust in 0.0f64..=1.0, health in 0.0f64..=100.0, nps in -100.0f64..=100.0,
            value in 0.0f64..=1.0, respect in 0.0f64..=1.0, cost in 0.0f64..=1.0,
            step in 0.0f64..=0.5,
        ) {
            let at = |t: f64, h: f64, n: f64, v: f64, r: f64, c: f64| {
                RenewalLogit::PRIOR.estimate(&RenewalInputs {
                    trust: TrustLevel::new(t).unwrap(),
                    health: Some(h), nps: Some(n), product_value: u(v), respect: u(r),
                    switching_cost: u(c), ..base()
                }).unwrap().probability.value()
            };
            let p = at(trust, health, nps, value, respect, cost);
            prop_assert!((0.0..=1.0).contains(&p));
            prop_assert!(at((trust + step).min(1.0), health, nps, value, respect, cost) >= p);
            prop_assert!(at(trust, (health + 100.0 * step).min(100.0), nps, value, respect, cost) >= p);
            prop_assert!(at(trust, health, (nps + 200.0 * step).min(100.0), value, respect, cost) >= p);
            prop_assert!(at(trust, health, nps, (value + step).min(1.0), respect, cost) >= p);
            prop_assert!(at(trust, health, nps, value, (respect + step).min(1.0), cost) >= p);
            prop_assert!(at(trust, health, nps, value, respect, (cost + step).min(1.0)) >= p);
        }
    }
}
