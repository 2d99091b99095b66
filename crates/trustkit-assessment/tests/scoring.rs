//! Hand-computed scoring examples and scoring properties.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use trustkit_assessment::{
    Aggregation, Band, Dimension, DimensionOutcome, Error, Instrument, Item, LikertScale, Response,
    Role, RoleWeights, ScoringPolicy,
};

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 30, 12, 0, 0).unwrap()
}

/// u1 (weight 2), u2 (reverse-coded) for understands-needs; k1 on 0–10; h1; f1.
fn small_instrument() -> Instrument {
    Instrument::new(
        "small",
        vec![
            Item::new("u1", Dimension::UnderstandsNeeds, "They know our problem.").weighted(2.0),
            Item::new(
                "u2",
                Dimension::UnderstandsNeeds,
                "They guess what we need.",
            )
            .reversed(),
            Item::new("k1", Dimension::KeepsCommitments, "They deliver.")
                .on_scale(LikertScale::ZERO_TO_TEN),
            Item::new("h1", Dimension::HasWhatItTakes, "They can do it."),
            Item::new("f1", Dimension::FairAndAccountable, "They are fair."),
        ],
    )
    .unwrap()
}

fn small_responses() -> Vec<Response> {
    vec![
        // Sponsor: u1 5 → 1.0, u2 2 → reversed 0.75, k1 7 → 0.7, h1 3 → 0.5, f1 n/a.
        Response::new("a", Role::Sponsor, at())
            .unwrap()
            .answer("u1", 5)
            .answer("u2", 2)
            .answer("k1", 7)
            .answer("h1", 3)
            .not_applicable("f1"),
        // User: u1 3 → 0.5, u2 missing, k1 10 → 1.0, h1 1 → 0.0, f1 4 → 0.75.
        Response::new("b", Role::User, at())
            .unwrap()
            .answer("u1", 3)
            .answer("k1", 10)
            .answer("h1", 1)
            .answer("f1", 4),
        // Champion: u1, u2 n/a, k1 4 → 0.4, h1 5 → 1.0, f1 2 → 0.25.
        Response::new("c", Role::Champion, at())
            .unwrap()
            .not_applicable("u1")
            .not_applicable("u2")
            .answer("k1", 4)
            .answer("h1", 5)
            .answer("f1", 2),
    ]
}

fn sponsor_counts_double() -> ScoringPolicy {
    ScoringPolicy {
        role_weights: RoleWeights {
            sponsor: 2.0,
            ..RoleWeights::EQUAL
        },
        ..ScoringPolicy::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn hand_computed_dimensions_with_role_weights_reverse_coding_and_na() {
    let score = sponsor_counts_double()
        .score(&small_instrument(), &small_responses())
        .unwrap();
    assert_eq!(score.respondents, 3);

    // Understands needs: A = (2·1.0 + 1·0.75)/3 = 11/12 (weight 2); B = 0.5 (answered 1 of 2
    // applicable: share 0.5 meets the default 0.5); C has no applicable item. Mean = 7/9.
    let u = score.dimension(Dimension::UnderstandsNeeds);
    assert_eq!(u.respondents, 2);
    assert!(close(u.score().unwrap(), 7.0 / 9.0));
    // Kish: deviations 5/36 and −10/36, biased variance 150/3888, n_eff = 9/5, SE² = biased/(n_eff − 1).
    assert!(close(
        u.standard_error().unwrap(),
        (150.0 / 3888.0 / 0.8f64).sqrt()
    ));

    // Keeps commitments: (2·0.7 + 1.0 + 0.4) / 4 = 0.7.
    assert!(close(
        score
            .dimension(Dimension::KeepsCommitments)
            .score()
            .unwrap(),
        0.7
    ));
    // Has what it takes: (2·0.5 + 0 + 1.0) / 4 = 0.5.
    assert!(close(
        score.dimension(Dimension::HasWhatItTakes).score().unwrap(),
        0.5
    ));
    // Fair: A's n/a leaves B 0.75 and C 0.25: mean 0.5, SE = sd/√2 = √0.125/√2 = 0.25.
    let f = score.dimension(Dimension::FairAndAccountable);
    assert_eq!(f.respondents, 2);
    assert!(close(f.score().unwrap(), 0.5));
    assert!(close(f.standard_error().unwrap(), 0.25));

    // Overall mean: (7/9 + 0.7 + 0.5 + 0.5) / 4 = 0.619444…, medium band.
    let overall = score.overall.unwrap();
    assert!(close(overall.value.value(), (7.0 / 9.0 + 1.7) / 4.0));
    assert_eq!(overall.band, Band::Medium);
    assert_eq!(score.trust_level().unwrap().value(), overall.value.value());

    // Weakest items: h1 0.5 and f1 0.5 (tie kept in instrument order), then k1 0.7.
    let weakest: Vec<(&str, f64)> = score
        .weakest_items
        .iter()
        .map(|i| (i.item.as_str(), i.mean))
        .collect();
    assert_eq!(weakest.len(), 3);
    assert_eq!(
        (weakest[0].0, weakest[1].0, weakest[2].0),
        ("h1", "f1", "k1")
    );
    assert!(close(weakest[2].1, 0.7));
    assert_eq!(score.weakest_dimension(), Some(Dimension::HasWhatItTakes));
}

#[test]
fn aggregation_choices() {
    let mut policy = sponsor_counts_double();
    policy.aggregation = Aggregation::GeometricMean;
    let geo = policy
        .score(&small_instrument(), &small_responses())
        .unwrap();
    // (7/9 · 0.7 · 0.5 · 0.5)^(1/4) = 0.136111^(1/4) = 0.607398
    assert!((geo.overall.unwrap().value.value() - 0.607_398).abs() < 1e-6);
    policy.aggregation = Aggregation::WeakestLink;
    let weakest = policy
        .score(&small_instrument(), &small_responses())
        .unwrap();
    assert!(close(weakest.overall.unwrap().value.value(), 0.5));
}

#[test]
fn coverage_rule_gives_insufficient_evidence_and_distinguishes_na_from_missing() {
    let mut policy = sponsor_counts_double();
    policy.coverage.min_respondents = 3;
    let score = policy
        .score(&small_instrument(), &small_responses())
        .unwrap();
    assert_eq!(
        score.dimension(Dimension::UnderstandsNeeds).outcome,
        DimensionOutcome::InsufficientEvidence { required: 3 }
    );
    // Keeps commitments has all three respondents and still gets a number.
    assert!(
        score
            .dimension(Dimension::KeepsCommitments)
            .score()
            .is_some()
    );
    assert_eq!(score.overall, None);
    assert_eq!(score.trust_level(), None);

    // A 0.6 share: B answered 1 of 2 applicable understands-needs items (u2 missing) → not counted.
    policy.coverage.min_respondents = 2;
    policy.coverage.min_item_share = 0.6;
    let missing = policy
        .score(&small_instrument(), &small_responses())
        .unwrap();
    assert_eq!(
        missing.dimension(Dimension::UnderstandsNeeds).respondents,
        1
    );
    assert!(
        missing
            .dimension(Dimension::UnderstandsNeeds)
            .score()
            .is_none()
    );
    // If B marks u2 not applicable instead, 1 of 1 applicable is answered → counted.
    let mut responses = small_responses();
    responses[1] = responses[1].clone().not_applicable("u2");
    let na = policy.score(&small_instrument(), &responses).unwrap();
    assert_eq!(na.dimension(Dimension::UnderstandsNeeds).respondents, 2);
    assert!(close(
        na.dimension(Dimension::UnderstandsNeeds).score().unwrap(),
        7.0 / 9.0
    ));
}

#[test]
fn input_errors_name_what_is_wrong() {
    let policy = ScoringPolicy::default();
    let instrument = small_instrument();
    assert_eq!(policy.score(&instrument, &[]), Err(Error::NoResponses));

    let mut dup = small_responses();
    dup[2].respondent = "a".into();
    assert_eq!(
        policy.score(&instrument, &dup),
        Err(Error::DuplicateRespondent {
            respondent: "a".into()
        })
    );

    let mut unknown = small_responses();
    unknown[1] = unknown[1].clone().answer("zz", 3);
    assert_eq!(
        policy.score(&instrument, &unknown),
        Err(Error::UnknownItem {
            respondent: "b".into(),
            item: "zz".into()
        })
    );

    let mut off = small_responses();
    off[0] = off[0].clone().answer("k1", 11);
    assert_eq!(
        policy.score(&instrument, &off),
        Err(Error::OffScale {
            respondent: "a".into(),
            item: "k1".into(),
            value: 11,
            min: 0,
            max: 10
        })
    );

    let mut bad = ScoringPolicy::default();
    bad.coverage.min_item_share = 1.5;
    assert!(matches!(
        bad.score(&instrument, &small_responses()),
        Err(Error::InvalidPolicy {
            field: "coverage.min_item_share",
            ..
        })
    ));
    let mut bad = ScoringPolicy::default();
    bad.role_weights.user = f64::NAN;
    assert!(bad.validate().is_err());
    let mut bad = ScoringPolicy::default();
    bad.banding.medium_from = 0.9;
    assert!(bad.validate().is_err());
    let mut bad = ScoringPolicy::default();
    bad.coverage.min_respondents = 0;
    assert!(bad.validate().is_err());
}

#[test]
fn batch_scores_each_account_and_keeps_errors_in_place() {
    let policy = sponsor_counts_double();
    let accounts = vec![small_responses(), vec![], small_responses()];
    let results = policy
        .score_accounts(&small_instrument(), &accounts)
        .unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[1], Err(Error::NoResponses));
    let single = policy
        .score(&small_instrument(), &small_responses())
        .unwrap();
    assert_eq!(results[0].as_ref().unwrap(), &single);
    assert_eq!(results[2].as_ref().unwrap(), &single);
}

// ---- properties over the standard instrument ----

#[derive(Debug, Clone, Copy)]
enum Cell {
    Missing,
    NotApplicable,
    Value(u8),
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        1 => Just(Cell::Missing),
        1 => Just(Cell::NotApplicable),
        6 => (1u8..=5).prop_map(Cell::Value),
    ]
}

fn respondents() -> impl Strategy<Value = Vec<Response>> {
    let roles = proptest::sample::select(Role::ALL.to_vec());
    proptest::collection::vec((roles, proptest::collection::vec(cell(), 20)), 1..12).prop_map(
        |rows| {
            let instrument = Instrument::standard();
            rows.into_iter()
                .enumerate()
                .map(|(k, (role, cells))| {
                    let mut r = Response::new(format!("r{k}"), role, at()).unwrap();
                    for (item, cell) in instrument.items().iter().zip(cells) {
                        r = match cell {
                            Cell::Missing => r,
                            Cell::NotApplicable => r.not_applicable(item.id.clone()),
                            Cell::Value(v) => r.answer(item.id.clone(), v),
                        };
                    }
                    r
                })
                .collect()
        },
    )
}

fn lenient() -> ScoringPolicy {
    let mut policy = ScoringPolicy::default();
    policy.coverage.min_respondents = 1;
    policy.role_weights.sponsor = 2.0;
    policy.role_weights.procurement = 0.5;
    policy
}

proptest! {
    #[test]
    fn scores_lie_in_the_unit_interval(responses in respondents(), aggregation in prop_oneof![
        Just(Aggregation::ArithmeticMean), Just(Aggregation::GeometricMean), Just(Aggregation::WeakestLink)
    ]) {
        let mut policy = lenient();
        policy.aggregation = aggregation;
        let score = policy.score(&Instrument::standard(), &responses).unwrap();
        for d in &score.dimensions {
            if let Some(s) = d.score() {
                prop_assert!((0.0..=1.0).contains(&s));
            }
            if let Some(se) = d.standard_error() {
                prop_assert!(se >= 0.0 && se.is_finite());
            }
        }
        if let Some(o) = score.overall {
            prop_assert!((0.0..=1.0).contains(&o.value.value()));
        }
        for item in &score.weakest_items {
            prop_assert!((0.0..=1.0).contains(&item.mean));
        }
    }

    #[test]
    fn respondent_order_does_not_matter(responses in respondents(), seed in any::<u64>()) {
        let policy = lenient();
        let instrument = Instrument::standard();
        let a = policy.score(&instrument, &responses).unwrap();
        let mut shuffled = responses.clone();
        // A deterministic permutation from the seed.
        let n = shuffled.len();
        for k in (1..n).rev() {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(k as u64) % (k as u64 + 1)) as usize;
            shuffled.swap(k, j);
        }
        let b = policy.score(&instrument, &shuffled).unwrap();
        for (x, y) in a.dimensions.iter().zip(&b.dimensions) {
            prop_assert_eq!(x.respondents, y.respondents);
            match (x.score(), y.score()) {
                (Some(p), Some(q)) => prop_assert!((p - q).abs() < 1e-12),
                (None, None) => {}
                _ => prop_assert!(false, "scored in one order only"),
            }
        }
    }

    #[test]
    fn a_better_answer_never_lowers_its_dimension(
        responses in respondents(), who in 0usize..12, which in 0usize..20,
    ) {
        prop_assume!(who < responses.len());
        let instrument = Instrument::standard();
        let item = &instrument.items()[which];
        let Some(trustkit_assessment::Answer::Value(v)) = responses[who].get(&item.id) else {
            return Ok(());
        };
        // Better means more trust: up on normal items, down on reverse-coded ones.
        let better = if item.reverse_coded { v.saturating_sub(1).max(1) } else { (v + 1).min(5) };
        let mut improved = responses.clone();
        improved[who] = improved[who].clone().answer(item.id.clone(), better);
        let policy = lenient();
        let before = policy.score(&instrument, &responses).unwrap();
        let after = policy.score(&instrument, &improved).unwrap();
        let (b, a) = (before.dimension(item.dimension).score(), after.dimension(item.dimension).score());
        if let (Some(b), Some(a)) = (b, a) {
            prop_assert!(a >= b - 1e-12, "{b} -> {a}");
        }
    }
}

#[test]
fn trend_between_two_quarters_by_hand() {
    use trustkit_assessment::AssessmentTrend;
    use trustkit_core::Trend;
    let policy = sponsor_counts_double();
    let q1 = policy
        .score(&small_instrument(), &small_responses())
        .unwrap();
    // Next quarter everyone answers 10 to k1 (keeps commitments 1.0 for all); nothing else changes.
    let q2_responses: Vec<Response> = small_responses()
        .into_iter()
        .map(|r| r.answer("k1", 10))
        .collect();
    let q2 = policy.score(&small_instrument(), &q2_responses).unwrap();
    let trend = AssessmentTrend::between(&q1, &q2);

    let k = &trend.dimensions[Dimension::KeepsCommitments.index()];
    assert!((k.delta.unwrap() - 0.3).abs() < 1e-12); // 0.7 → 1.0
    // Q1 SE: scores 0.7 (w 2), 1.0, 0.4; n_eff = 16/6; biased variance 0.18/4 = 0.045;
    // SE² = 0.045 / (n_eff − 1) = 0.027. Q2 SE is 0, so the combined SE is √0.027 = 0.1643.
    assert!((k.combined_standard_error.unwrap() - 0.027f64.sqrt()).abs() < 1e-12);
    assert_eq!(k.exceeds_noise, Some(true));
    assert_eq!(k.direction(), Some(Trend::Up));

    let u = &trend.dimensions[Dimension::UnderstandsNeeds.index()];
    assert_eq!(
        (u.delta, u.exceeds_noise, u.direction()),
        (Some(0.0), Some(false), Some(Trend::Same))
    );
    assert!((trend.overall_delta.unwrap() - 0.075).abs() < 1e-12);

    // A dimension without a score has no delta.
    let mut strict = policy;
    strict.coverage.min_respondents = 3;
    let q3 = strict.score(&small_instrument(), &q2_responses).unwrap();
    let t = AssessmentTrend::between(&q1, &q3);
    assert_eq!(
        t.dimensions[Dimension::UnderstandsNeeds.index()].delta,
        None
    );
    assert_eq!(t.overall_delta, None);
}

#[test]
fn unanimous_answers_have_a_standard_error_of_exactly_zero() {
    // Regression (issue #16): the one-pass variance Σwx²/Σw − mean² cancelled to about 1e-8 where
    // every respondent gives the same answer. The running (Welford–West) form gives 0 exactly.
    let instrument = Instrument::standard();
    let roles = [
        Role::Sponsor,
        Role::EconomicBuyer,
        Role::Champion,
        Role::User,
        Role::Procurement,
        Role::Other,
    ];
    let responses: Vec<Response> = (0..37)
        .map(|k| {
            instrument.items().iter().fold(
                Response::new(format!("r{k}"), roles[k % roles.len()], at()).unwrap(),
                |r, item| r.answer(item.id.clone(), if item.reverse_coded { 2 } else { 4 }),
            )
        })
        .collect();
    let policy = ScoringPolicy {
        role_weights: RoleWeights {
            sponsor: 1.3,
            economic_buyer: 0.7,
            champion: 1.1,
            user: 0.9,
            procurement: 0.3,
            other: 0.1,
        },
        ..ScoringPolicy::default()
    };
    let score = policy.score(&instrument, &responses).unwrap();
    for d in &score.dimensions {
        assert_eq!(d.standard_error(), Some(0.0), "{:?}", d.dimension);
        assert_eq!(d.score(), Some(0.75));
    }
}
