//! Health scorecards: hand-computed scores, policies, limits from history, roll-ups, errors.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use std::collections::BTreeMap;

use proptest::prelude::*;
use trustkit_loyalty::{
    Colour, Direction, Error, HealthReport, HealthScore, HistoryLimits, Indicator, Metric,
    MissingPolicy, Orientation, Phase, Rollup, Scorecard, ScorecardSet, Trend, rollup,
};

fn metric(id: &str, weight: f64, direction: Direction) -> Metric {
    Metric {
        id: id.into(),
        weight,
        direction,
        indicator: Indicator::Leading,
    }
}

fn card() -> Scorecard {
    Scorecard::new(
        "standard",
        vec![
            metric(
                "adoption",
                2.0,
                Direction::HigherIsBetter {
                    red: 0.3,
                    green: 0.7,
                },
            ),
            metric(
                "tickets",
                1.0,
                Direction::LowerIsBetter {
                    red: 10.0,
                    green: 2.0,
                },
            ),
            metric(
                "usage",
                1.0,
                Direction::TargetBand {
                    low: 40.0,
                    high: 60.0,
                    red_distance: 30.0,
                },
            ),
        ],
    )
    .unwrap()
}

fn values(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect()
}

#[test]
fn metric_scores_by_hand() {
    let up = Direction::HigherIsBetter {
        red: 0.3,
        green: 0.7,
    };
    assert_eq!(
        (up.score(0.3), up.score(0.5), up.score(0.7)),
        (25.0, 50.0, 75.0)
    );
    assert_eq!((up.score(0.0), up.score(1.0)), (0.0, 100.0)); // −12.5 and 112.5, clamped
    let down = Direction::LowerIsBetter {
        red: 10.0,
        green: 2.0,
    };
    assert_eq!(
        (down.score(12.0), down.score(2.0), down.score(0.0)),
        (12.5, 75.0, 87.5)
    );
    let band = Direction::TargetBand {
        low: 40.0,
        high: 60.0,
        red_distance: 30.0,
    };
    assert_eq!(
        (
            band.score(50.0),
            band.score(70.0),
            band.score(90.0),
            band.score(100.0)
        ),
        (100.0, 75.0, 25.0, 0.0)
    );
    assert_eq!(band.score(10.0), 25.0); // 30 below the band
}

#[test]
fn account_score_weighted_average_and_worst_of() {
    // adoption 0.6 → 62.5 (share 1/2), tickets 4 → 62.5 (1/4), usage 90 → 25 (1/4).
    let v = values(&[("adoption", 0.6), ("tickets", 4.0), ("usage", 90.0)]);
    let r = card().score("a", &v, None).unwrap();
    assert_eq!(r.score, 0.5 * 62.5 + 0.25 * 62.5 + 0.25 * 25.0); // 53.125
    assert_eq!(r.colour, Colour::Yellow);
    // Usage 90 is 30 beyond its band: exactly at its red limit, so 25 and red, as the limit's name
    // says (regression: it used to be yellow). The red metric drives the yellow account.
    assert_eq!(r.metrics[2].colour, Some(Colour::Red));
    assert_eq!(r.driver.as_deref(), Some("usage"));
    let worst = card()
        .with_rollup(Rollup::WorstOf)
        .score("a", &v, None)
        .unwrap();
    assert_eq!((worst.score, worst.colour), (25.0, Colour::Red));

    // tickets 20 → 0 (red): weighted 31.25 + 0 + 6.25 = 37.5, yellow; worst-of red; tickets drives.
    let v = values(&[("adoption", 0.6), ("tickets", 20.0), ("usage", 90.0)]);
    let r = card().score("b", &v, None).unwrap();
    assert_eq!((r.score, r.colour), (37.5, Colour::Yellow));
    assert_eq!(r.driver.as_deref(), Some("tickets"));
    let worst = card()
        .with_rollup(Rollup::WorstOf)
        .score("b", &v, None)
        .unwrap();
    assert_eq!(
        (worst.score, worst.colour, worst.driver.as_deref()),
        (0.0, Colour::Red, Some("tickets"))
    );
}

#[test]
fn missing_metric_policies() {
    let v = values(&[("adoption", 0.6), ("tickets", 4.0)]);
    let exclude = card().score("a", &v, None).unwrap();
    assert_eq!(exclude.score, 62.5); // shares renormalise to 2/3 and 1/3
    assert!((exclude.metrics[0].share - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(exclude.metrics[2].score, None);
    let neutral = card()
        .with_missing(MissingPolicy::Neutral)
        .unwrap()
        .score("a", &v, None)
        .unwrap();
    assert_eq!(neutral.score, 31.25 + 15.625 + 12.5);
    let penalise = card()
        .with_missing(MissingPolicy::Penalise(0.0))
        .unwrap()
        .score("a", &v, None)
        .unwrap();
    assert_eq!(penalise.score, 31.25 + 15.625);
    assert_eq!(
        card().score("z", &BTreeMap::new(), None),
        Err(Error::NoMetricValues {
            account: "z".into()
        })
    );
    assert!(card().with_missing(MissingPolicy::Penalise(120.0)).is_err());
}

#[test]
fn trend_with_a_dead_band() {
    let v = values(&[("adoption", 0.6), ("tickets", 20.0), ("usage", 90.0)]); // 37.5
    assert_eq!(
        card().score("a", &v, Some(40.0)).unwrap().trend,
        Some(Trend::Down)
    );
    assert_eq!(
        card().score("a", &v, Some(39.0)).unwrap().trend,
        Some(Trend::Same)
    );
    assert_eq!(
        card().score("a", &v, Some(30.0)).unwrap().trend,
        Some(Trend::Up)
    );
    assert_eq!(card().score("a", &v, None).unwrap().trend, None);
    assert!(card().score("a", &v, Some(101.0)).is_err());
}

#[test]
fn limits_from_history() {
    let history: Vec<f64> = (1..=11).map(f64::from).collect();
    let pct = HistoryLimits::Percentiles {
        red: 0.1,
        green: 0.5,
    };
    assert_eq!(
        Direction::from_history(Orientation::HigherIsBetter, &history, pct).unwrap(),
        Direction::HigherIsBetter {
            red: 2.0,
            green: 6.0
        }
    );
    assert_eq!(
        Direction::from_history(Orientation::LowerIsBetter, &history, pct).unwrap(),
        Direction::LowerIsBetter {
            red: 10.0,
            green: 6.0
        }
    );
    assert_eq!(
        Direction::from_history(
            Orientation::TargetBand,
            &history,
            HistoryLimits::Percentiles {
                red: 0.0,
                green: 0.25
            }
        )
        .unwrap(),
        Direction::TargetBand {
            low: 3.5,
            high: 8.5,
            red_distance: 5.0
        }
    );
    // Sigma: mean 6, sample σ = √11 = 3.3166.
    let sigma = Direction::from_history(
        Orientation::LowerIsBetter,
        &history,
        HistoryLimits::Sigma {
            red_k: 2.0,
            green_k: 1.0,
        },
    )
    .unwrap();
    let sd = 11f64.sqrt();
    assert_eq!(
        sigma,
        Direction::LowerIsBetter {
            red: 6.0 + 2.0 * sd,
            green: 6.0 + sd
        }
    );

    let sigma2 = HistoryLimits::Sigma {
        red_k: 2.0,
        green_k: 0.0,
    };
    assert_eq!(
        Direction::from_history(Orientation::HigherIsBetter, &[], sigma2),
        Err(Error::Empty {
            what: "metric history"
        })
    );
    assert!(matches!(
        Direction::from_history(Orientation::HigherIsBetter, &[5.0, 5.0, 5.0], sigma2),
        Err(Error::InvalidLimits { .. })
    ));
    assert!(
        Direction::from_history(Orientation::HigherIsBetter, &[1.0, f64::NAN], sigma2).is_err()
    );
}

#[test]
fn scorecard_validation_errors() {
    let many: Vec<Metric> = (0..11)
        .map(|k| {
            metric(
                &format!("m{k}"),
                1.0,
                Direction::HigherIsBetter {
                    red: 0.0,
                    green: 1.0,
                },
            )
        })
        .collect();
    assert_eq!(
        Scorecard::new("x", many.clone()),
        Err(Error::TooManyMetrics { count: 11 })
    );
    assert!(Scorecard::new("x", many[..10].to_vec()).is_ok());
    assert_eq!(
        Scorecard::new("x", vec![]),
        Err(Error::Empty {
            what: "scorecard metrics"
        })
    );
    let dup = vec![many[0].clone(), many[0].clone()];
    assert!(matches!(
        Scorecard::new("x", dup),
        Err(Error::Duplicate { .. })
    ));
    let reversed = vec![metric(
        "a",
        1.0,
        Direction::HigherIsBetter {
            red: 1.0,
            green: 0.0,
        },
    )];
    assert!(matches!(
        Scorecard::new("x", reversed),
        Err(Error::InvalidLimits { .. })
    ));
    let zero = vec![metric(
        "a",
        0.0,
        Direction::HigherIsBetter {
            red: 0.0,
            green: 1.0,
        },
    )];
    assert!(matches!(Scorecard::new("x", zero), Err(Error::Core(_))));
}

#[test]
fn input_errors_name_account_and_metric() {
    let nan = values(&[("adoption", f64::NAN)]);
    let err = card().score("acme", &nan, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "account \"acme\": metric \"adoption\" is NaN, not a finite number"
    );
    let unknown = values(&[("mood", 1.0)]);
    assert_eq!(
        card().score("acme", &unknown, None),
        Err(Error::UnknownMetric {
            account: "acme".into(),
            metric: "mood".into()
        })
    );
    let mut out = [HealthScore::default(); 2];
    assert!(matches!(
        card().score_batch(&[Some(1.0); 5], &mut out),
        Err(Error::BatchShape { .. })
    ));
    let mut rows = vec![
        Some(0.5),
        Some(3.0),
        Some(50.0),
        Some(0.5),
        Some(f64::INFINITY),
        None,
    ];
    let err = card().score_batch(&rows, &mut out).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("account \"row 1\": metric \"tickets\""),
        "{err}"
    );
    rows[4] = Some(3.0);
    card().score_batch(&rows, &mut out).unwrap();
}

#[test]
fn scorecards_per_segment_and_stage() {
    let smb = card().with_rollup(Rollup::WorstOf);
    let onboarding = Scorecard::new(
        "onboarding",
        vec![metric(
            "adoption",
            1.0,
            Direction::HigherIsBetter {
                red: 0.1,
                green: 0.3,
            },
        )],
    )
    .unwrap();
    let set = ScorecardSet {
        default: card(),
        rules: vec![
            (None, Some(Phase::Onboarding), onboarding.clone()),
            (Some("smb".into()), None, smb.clone()),
        ],
    };
    assert_eq!(
        set.for_account(Some("smb"), Some(Phase::Onboarding)),
        &onboarding
    );
    assert_eq!(set.for_account(Some("smb"), Some(Phase::Renewal)), &smb);
    assert_eq!(set.for_account(Some("enterprise"), None), &card());
}

fn report(account: String, score: f64) -> HealthReport {
    HealthReport {
        account,
        score,
        colour: Colour::of(score),
        metrics: vec![],
        driver: Some("adoption".into()),
        previous: None,
        trend: None,
    }
}

proptest! {
    #[test]
    fn rollup_equals_the_hand_sum(members in proptest::collection::vec((0.0f64..=100.0, 0.01f64..1000.0), 1..30)) {
        let reports: Vec<HealthReport> = members.iter().enumerate().map(|(k, (s, _))| report(format!("a{k}"), *s)).collect();
        let pairs: Vec<(&HealthReport, f64)> = reports.iter().zip(&members).map(|(r, (_, w))| (r, *w)).collect();
        let g = rollup("g", &pairs, Rollup::WeightedAverage).unwrap();
        let hand = members.iter().map(|(s, w)| s * w).sum::<f64>() / members.iter().map(|(_, w)| w).sum::<f64>();
        prop_assert!((g.score - hand).abs() < 1e-9);
        prop_assert_eq!(g.colour, Colour::of(g.score));
        let reds = members.iter().filter(|(s, _)| *s < 25.0).count();
        prop_assert_eq!(g.red_members.len(), reds);
        prop_assert_eq!(g.red_drivers.get("adoption").copied().unwrap_or(0), reds);
        let worst = rollup("g", &pairs, Rollup::WorstOf).unwrap();
        let min = members.iter().map(|(s, _)| *s).fold(100.0, f64::min);
        prop_assert_eq!(worst.score, min);
        prop_assert_eq!(worst.colour == Colour::Red, reds > 0);
    }

    #[test]
    fn batch_equals_row_by_row_and_scores_stay_on_0_to_100(
        rows in proptest::collection::vec((proptest::option::of(-1.0f64..2.0), proptest::option::of(0.0f64..30.0), 0.0f64..120.0), 1..40),
        worst in any::<bool>(),
    ) {
        let c = if worst { card().with_rollup(Rollup::WorstOf) } else { card() };
        let flat: Vec<Option<f64>> = rows.iter().flat_map(|(a, t, u)| [*a, *t, Some(*u)]).collect();
        let mut out = vec![HealthScore::default(); rows.len()];
        c.score_batch(&flat, &mut out).unwrap();
        for (k, row) in flat.chunks(3).enumerate() {
            let r = c.score_row("x", row, None).unwrap();
            prop_assert!((0.0..=100.0).contains(&r.score));
            prop_assert_eq!(out[k].score, r.score);
            prop_assert_eq!(out[k].colour, r.colour as u8);
        }
    }

    #[test]
    fn columns_equal_rows_bit_for_bit_under_every_policy(
        rows in proptest::collection::vec((proptest::option::of(-1.0f64..2.0), proptest::option::of(0.0f64..30.0), proptest::option::of(0.0f64..120.0)), 1..60),
        worst in any::<bool>(),
        policy in 0u8..3,
    ) {
        let mut c = if worst { card().with_rollup(Rollup::WorstOf) } else { card() };
        c = match policy {
            0 => c,
            1 => c.with_missing(MissingPolicy::Neutral).unwrap(),
            _ => c.with_missing(MissingPolicy::Penalise(10.0)).unwrap(),
        };
        let flat: Vec<Option<f64>> = rows.iter().flat_map(|(a, t, u)| [*a, *t, *u]).collect();
        let column = |k: usize| -> Vec<f64> { flat.chunks(3).map(|r| r[k].unwrap_or(f64::NAN)).collect() };
        let (a, t, u) = (column(0), column(1), column(2));
        let mut out = vec![HealthScore::default(); rows.len()];
        let by_rows = c.score_batch(&flat, &mut out);
        let (mut scores, mut colours) = (vec![0.0; rows.len()], vec![0u8; rows.len()]);
        let by_columns = c.score_columns(&[&a, &t, &u], &mut scores, &mut colours);
        // A row with nothing to score is an error both ways, naming the same row.
        prop_assert_eq!(by_rows.is_err(), by_columns.is_err());
        if let (Err(x), Err(y)) = (&by_rows, &by_columns) {
            prop_assert_eq!(x.to_string(), y.to_string());
        } else {
            for k in 0..rows.len() {
                prop_assert_eq!(out[k].score.to_bits(), scores[k].to_bits());
                prop_assert_eq!(out[k].colour, colours[k]);
            }
        }
    }
}

#[test]
fn columns_refuse_infinities_and_bad_shapes() {
    let c = card();
    let (mut s, mut col) = (vec![0.0; 2], vec![0u8; 2]);
    let err = c
        .score_columns(
            &[&[0.5, 0.5], &[1.0, f64::INFINITY], &[50.0, 50.0]],
            &mut s,
            &mut col,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        Error::NonFiniteMetric {
            account: "row 1".into(),
            metric: c.metrics()[1].id.clone(),
            value: f64::INFINITY
        }
        .to_string()
    );
    assert!(matches!(
        c.score_columns(&[&[0.5, 0.5], &[1.0]], &mut s, &mut col),
        Err(Error::BatchShape { .. })
    ));
}

#[cfg(feature = "rayon")]
#[test]
fn columns_on_every_core_equal_one_thread() {
    let c = card();
    let n = 200_000;
    let a: Vec<f64> = (0..n)
        .map(|k| {
            if k % 17 == 0 {
                f64::NAN
            } else {
                (k % 100) as f64 / 100.0
            }
        })
        .collect();
    let t: Vec<f64> = (0..n).map(|k| (k % 13) as f64).collect();
    let u: Vec<f64> = (0..n).map(|k| (k % 120) as f64).collect();
    let (mut s1, mut c1) = (vec![0.0; n], vec![0u8; n]);
    let (mut s2, mut c2) = (vec![0.0; n], vec![0u8; n]);
    c.score_columns(&[&a, &t, &u], &mut s1, &mut c1).unwrap();
    c.score_columns_par(&[&a, &t, &u], &mut s2, &mut c2)
        .unwrap();
    assert!(s1.iter().zip(&s2).all(|(x, y)| x.to_bits() == y.to_bits()));
    assert_eq!(c1, c2);
}

#[test]
fn scorecard_invariants_hold_by_construction() {
    // Regression: limits further apart than f64::MAX scored NaN, and NaN was coloured green.
    let span = Metric {
        id: "m".into(),
        weight: 1.0,
        direction: Direction::HigherIsBetter {
            red: -1e308,
            green: 1e308,
        },
        indicator: Indicator::Leading,
    };
    assert!(Scorecard::new("c", vec![span]).is_err());
    assert_eq!(Colour::of(f64::NAN), Colour::Red);
    // Regression: `missing` and `dead_band` were public, so Penalise(500) and a NaN dead band could
    // be set without the checks; now only the validating builders set them.
    assert!(card().with_missing(MissingPolicy::Penalise(500.0)).is_err());
    assert!(card().with_dead_band(f64::NAN).is_err());
    let ok = card().with_dead_band(5.0).unwrap();
    assert_eq!(
        (ok.dead_band(), ok.rollup()),
        (5.0, Rollup::WeightedAverage)
    );
    let json = r#"{"name": "c", "metrics": [], "missing": {"penalise": 500.0}}"#;
    assert!(serde_json::from_str::<Scorecard>(json).is_err());
}

#[test]
fn an_exact_limit_gives_the_exact_colour() {
    // Regression (issue #16): weights normalised before summing made three metrics weighted 1, 1, 1
    // at scores 25, 25, 25 come out 24.999999999999996 — and red by rounding. Summing first and
    // dividing once gives exactly 25 (red because 25 is at the red limit, not by rounding) and an
    // exact 75 green.
    let band = |id: &str| {
        metric(
            id,
            1.0,
            Direction::HigherIsBetter {
                red: 0.0,
                green: 1.0,
            },
        )
    };
    let card = Scorecard::new("thirds", vec![band("a"), band("b"), band("c")]).unwrap();
    for (value, score) in [(0.0, 25.0), (1.0, 75.0), (0.5, 50.0)] {
        let v = values(&[("a", value), ("b", value), ("c", value)]);
        let r = card.score("x", &v, None).unwrap();
        assert_eq!(r.score, score, "{value}");
    }
    let v = values(&[("a", 1.0), ("b", 1.0), ("c", 1.0)]);
    assert_eq!(card.score("x", &v, None).unwrap().colour, Colour::Green);
}
