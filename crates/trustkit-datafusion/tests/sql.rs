//! Every function against the library on the same data: random batches with NULLs, empty groups,
//! and rows dealt round-robin over several partitions so every group is split and its partial
//! states merged.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Float64Array, Int64Array, RecordBatch, StringArray, StructArray,
    TimestampMicrosecondArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Schema, TimeUnit};
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use proptest::prelude::*;
use trustkit_assessment::{AnswerMatrix, Instrument, MISSING, NOT_APPLICABLE, Role, ScoringPolicy};
use trustkit_datafusion::TrustkitFunctions;
use trustkit_equation::{Columns, Scale};
use trustkit_learning::{Anchor, Experience, LearnerParams, ModelPreset, TrustLearner};
use trustkit_loyalty::Nps;

const PARTITIONS: usize = 4;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

/// A session with the trustkit functions and `table` made of `columns`, its rows dealt
/// round-robin into [`PARTITIONS`] partitions.
fn session(columns: Vec<(&str, ArrayRef)>) -> SessionContext {
    session_with(columns, false)
}

/// [`session`], optionally with the partial phase of aggregates skipped after the first batch
/// (every later row goes through `convert_to_state`, as docs/sql.md suggests for learned trust at
/// scale); each partition's rows come in batches of 16 so there is a later batch.
fn session_with(columns: Vec<(&str, ArrayRef)>, skip_partial: bool) -> SessionContext {
    let mut config = SessionConfig::new().with_target_partitions(PARTITIONS);
    if skip_partial {
        let execution = &mut config.options_mut().execution;
        execution.skip_partial_aggregation_probe_ratio_threshold = 0.0;
        execution.skip_partial_aggregation_probe_rows_threshold = 0;
    }
    let ctx = SessionContext::new_with_config(config);
    TrustkitFunctions::new().register(&ctx);
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    ));
    let rows = columns.first().map_or(0, |(_, a)| a.len());
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
    .unwrap();
    let partitions: Vec<Vec<RecordBatch>> = (0..PARTITIONS)
        .map(|p| {
            let take: Vec<u32> = (p..rows).step_by(PARTITIONS).map(|k| k as u32).collect();
            let indices = datafusion::arrow::array::UInt32Array::from(take);
            let columns = batch
                .columns()
                .iter()
                .map(|c| datafusion::arrow::compute::take(c, &indices, None).unwrap())
                .collect();
            let part = RecordBatch::try_new(Arc::clone(&schema), columns).unwrap();
            (0..part.num_rows().max(1))
                .step_by(16)
                .map(|s| part.slice(s, (part.num_rows() - s).min(16)))
                .collect()
        })
        .collect();
    let table = MemTable::try_new(schema, partitions).unwrap();
    ctx.register_table("t", Arc::new(table)).unwrap();
    ctx
}

fn query(ctx: &SessionContext, sql: &str) -> datafusion::common::Result<RecordBatch> {
    runtime().block_on(async {
        let batches = ctx.sql(sql).await?.collect().await?;
        let schema = batches
            .first()
            .map(RecordBatch::schema)
            .unwrap_or_else(|| Arc::new(Schema::empty()));
        Ok(datafusion::arrow::compute::concat_batches(
            &schema, &batches,
        )?)
    })
}

fn f64s(batch: &RecordBatch, column: usize) -> Vec<Option<f64>> {
    batch
        .column(column)
        .as_primitive::<Float64Type>()
        .iter()
        .collect()
}

// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn nps_equals_the_library_per_group(
        answers in proptest::collection::vec((0i64..6, proptest::option::weighted(0.9, 0i64..=10)), 0..200)
    ) {
        let ctx = session(vec![
            ("account", Arc::new(Int64Array::from(answers.iter().map(|a| a.0).collect::<Vec<_>>())) as ArrayRef),
            ("answer", Arc::new(Int64Array::from(answers.iter().map(|a| a.1).collect::<Vec<_>>()))),
        ]);
        let batch = query(&ctx, "SELECT account, nps(answer), nps_margin(answer) FROM t GROUP BY account ORDER BY account").unwrap();
        let accounts = batch.column(0).as_primitive::<datafusion::arrow::datatypes::Int64Type>();
        let (score, margin) = (f64s(&batch, 1), f64s(&batch, 2));
        for (k, account) in accounts.iter().enumerate() {
            let theirs: Vec<u8> = answers
                .iter()
                .filter(|a| Some(a.0) == account)
                .filter_map(|a| a.1.map(|v| v as u8))
                .collect();
            match Nps::from_answers(&theirs) {
                Ok(nps) => {
                    prop_assert_eq!(score[k], Some(nps.score()));
                    prop_assert_eq!(margin[k], Some(nps.margin_of_error(1.96)));
                }
                // Only NULL answers in the group: no score.
                Err(_) => prop_assert_eq!((score[k], margin[k]), (None, None)),
            }
        }
    }

    #[test]
    fn learned_trust_equals_the_learner_fed_in_time_order(
        rows in proptest::collection::vec((0i64..5, 0i64..400, proptest::option::weighted(0.95, 0.0f64..=1.0)), 0..150),
        preset in 0usize..5,
        anchor in 0.0f64..=1.0,
    ) {
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let at = |day: i64| start + Duration::days(day);
        let preset = ModelPreset::ALL[preset];
        let columns = vec![
            ("account", Arc::new(Int64Array::from(rows.iter().map(|r| r.0).collect::<Vec<_>>())) as ArrayRef),
            ("at", Arc::new(TimestampMicrosecondArray::from(rows.iter().map(|r| at(r.1).timestamp_micros()).collect::<Vec<_>>()))),
            ("reward", Arc::new(Float64Array::from(rows.iter().map(|r| r.2).collect::<Vec<_>>()))),
        ];
        let sql = format!(
            "SELECT account, learned_trust(reward, at, {anchor:?}, '{}') FROM t GROUP BY account ORDER BY account",
            preset.name()
        );
        let batch = query(&session(columns.clone()), &sql).unwrap();
        // Rows handed to the final phase one by one give the same numbers.
        let skipped = query(&session_with(columns, true), &sql).unwrap();
        prop_assert_eq!(&skipped, &batch);
        let accounts = batch.column(0).as_primitive::<datafusion::arrow::datatypes::Int64Type>();
        let trust = f64s(&batch, 1);
        for (k, account) in accounts.iter().enumerate() {
            let mut theirs: Vec<(DateTime<Utc>, f64)> = rows
                .iter()
                .filter(|r| Some(r.0) == account)
                .filter_map(|r| r.2.map(|reward| (at(r.1), reward)))
                .collect();
            if theirs.is_empty() {
                prop_assert_eq!(trust[k], None);
                continue;
            }
            theirs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let mut learner = TrustLearner::new(preset.params(), Anchor::new(anchor).unwrap()).unwrap();
            for (when, reward) in theirs {
                learner.observe(&Experience::new(reward, when).unwrap()).unwrap();
            }
            prop_assert_eq!(trust[k], Some(learner.trust().value()));
        }
    }

    #[test]
    fn trust_level_equals_the_batch_kernel_and_null_rows_are_null(
        rows in proptest::collection::vec(
            [proptest::option::weighted(0.95, 1.0f64..=10.0), proptest::option::weighted(0.95, 1.0f64..=10.0),
             proptest::option::weighted(0.95, 1.0f64..=10.0), proptest::option::weighted(0.95, 1.0f64..=10.0)],
            1..100)
    ) {
        let col = |k: usize| -> ArrayRef { Arc::new(Float64Array::from(rows.iter().map(|r| r[k]).collect::<Vec<_>>())) };
        let ctx = session(vec![("id", Arc::new(Int64Array::from_iter_values(0..rows.len() as i64)) as ArrayRef),
            ("c", col(0)), ("r", col(1)), ("i", col(2)), ("s", col(3))]);
        let batch = query(&ctx, "SELECT id, trust_level(c, r, i, s), trust_quotient(c, r, i, s, 1, 10) FROM t ORDER BY id").unwrap();
        let (level, quotient) = (f64s(&batch, 1), f64s(&batch, 2));
        for (k, row) in rows.iter().enumerate() {
            match row {
                [Some(c), Some(r), Some(i), Some(s)] => {
                    let (c, r, i, s) = ([*c], [*r], [*i], [*s]);
                    let columns = Columns::new(&c, &r, &i, &s).unwrap();
                    let (mut l, mut q) = ([0.0], [0.0]);
                    columns.levels_into(Scale::DEFAULT, &mut l).unwrap();
                    columns.quotients_into(Scale::DEFAULT, &mut q).unwrap();
                    prop_assert_eq!(level[k], Some(l[0]));
                    prop_assert_eq!(quotient[k], Some(q[0]));
                }
                _ => prop_assert_eq!((level[k], quotient[k]), (None, None)),
            }
        }
    }

    #[test]
    fn health_equals_score_columns_with_null_as_missing(
        rows in proptest::collection::vec(
            [proptest::option::weighted(0.8, 0.0f64..=1.0), proptest::option::weighted(0.8, 0.0f64..=20.0),
             proptest::option::weighted(0.8, 0.0f64..=200.0), proptest::option::weighted(0.8, 0.0f64..=1.5)],
            1..100)
    ) {
        let card = trustkit_portfolio::default_scorecard();
        let col = |k: usize| -> ArrayRef { Arc::new(Float64Array::from(rows.iter().map(|r| r[k]).collect::<Vec<_>>())) };
        let ctx = session(vec![("id", Arc::new(Int64Array::from_iter_values(0..rows.len() as i64)) as ArrayRef),
            ("a", col(0)), ("b", col(1)), ("c", col(2)), ("d", col(3))]);
        let batch = query(&ctx, "SELECT id, health_score('default', a, b, c, d), health_colour('default', a, b, c, d) FROM t ORDER BY id").unwrap();
        let score = f64s(&batch, 1);
        let colour = batch.column(2).as_string::<i32>();
        for (k, row) in rows.iter().enumerate() {
            let columns: Vec<[f64; 1]> = row.iter().map(|v| [v.unwrap_or(f64::NAN)]).collect();
            let refs: Vec<&[f64]> = columns.iter().map(|c| &c[..]).collect();
            let (mut s, mut c) = ([0.0], [0u8]);
            match card.score_columns(&refs, &mut s, &mut c) {
                Ok(()) => {
                    prop_assert_eq!(score[k], Some(s[0]));
                    prop_assert_eq!(colour.value(k), ["red", "yellow", "green"][usize::from(c[0])]);
                }
                Err(_) => {
                    prop_assert!(row.iter().all(Option::is_none));
                    prop_assert_eq!(score[k], None);
                    prop_assert!(colour.is_null(k));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

#[test]
fn assessment_equals_score_matrix_on_the_group() {
    let instrument = Instrument::standard();
    let items = instrument.items().len();
    // Three accounts; account 2 has one respondent (no standard errors), account 1 a respondent
    // who skipped everything and one for whom some items do not apply.
    let mut rows: Vec<(i64, Role, Vec<u8>)> = Vec::new();
    for r in 0..9u8 {
        let answers = (0..items)
            .map(|k| match (r as usize + k) % 7 {
                0 => MISSING,
                1 if r == 4 => NOT_APPLICABLE,
                v => 1 + (v as u8 % 5),
            })
            .collect();
        rows.push((
            i64::from(r % 2),
            Role::ALL[usize::from(r) % Role::ALL.len()],
            answers,
        ));
    }
    rows.push((1, Role::User, vec![MISSING; items]));
    rows.push((2, Role::Sponsor, vec![4; items]));

    let mut columns: Vec<(String, ArrayRef)> = vec![
        (
            "account".into(),
            Arc::new(Int64Array::from(
                rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            )),
        ),
        (
            "role".into(),
            Arc::new(StringArray::from(
                rows.iter().map(|r| r.1.name()).collect::<Vec<_>>(),
            )),
        ),
    ];
    for k in 0..items {
        let values: Vec<Option<i64>> = rows
            .iter()
            .map(|r| (r.2[k] != MISSING).then_some(i64::from(r.2[k])))
            .collect();
        columns.push((format!("q{k}"), Arc::new(Int64Array::from(values))));
    }
    let ctx = session(
        columns
            .iter()
            .map(|(n, a)| (n.as_str(), Arc::clone(a)))
            .collect(),
    );
    let item_list: Vec<String> = (0..items).map(|k| format!("q{k}")).collect();
    let sql = format!(
        "SELECT account, assessment(role, {}) AS a FROM t GROUP BY account ORDER BY account",
        item_list.join(", ")
    );
    let batch = query(&ctx, &sql).unwrap();
    let results = batch
        .column(1)
        .as_any()
        .downcast_ref::<StructArray>()
        .unwrap();
    let policy = ScoringPolicy::default();
    for account in 0..3i64 {
        // The library on the group's respondents in the function's canonical order.
        let mut group: Vec<&(i64, Role, Vec<u8>)> =
            rows.iter().filter(|r| r.0 == account).collect();
        group.sort_by(|a, b| (a.1.index(), &a.2).cmp(&(b.1.index(), &b.2)));
        let answers: Vec<u8> = group.iter().flat_map(|r| r.2.iter().copied()).collect();
        let roles: Vec<Role> = group.iter().map(|r| r.1).collect();
        let offsets = [0, roles.len()];
        let matrix = AnswerMatrix::new(items, &answers, &roles, &offsets).unwrap();
        let expected = &policy.score_matrix(&instrument, &matrix).unwrap()[0];
        let k = account as usize;
        for (d, dimension) in expected.dimensions.iter().enumerate() {
            let score = results.column(2 * d).as_primitive::<Float64Type>();
            let se = results.column(2 * d + 1).as_primitive::<Float64Type>();
            assert_eq!(score.is_valid(k).then(|| score.value(k)), dimension.score());
            assert_eq!(
                se.is_valid(k).then(|| se.value(k)),
                dimension.standard_error()
            );
        }
        let overall = results
            .column_by_name("overall")
            .unwrap()
            .as_primitive::<Float64Type>();
        assert_eq!(
            overall.is_valid(k).then(|| overall.value(k)),
            expected.overall.map(|o| o.value.value())
        );
    }
}

#[test]
fn renewal_and_churn_equal_the_library() {
    use std::str::FromStr;
    use trustkit_core::{Trend, TrustLevel, UnitInterval};
    use trustkit_loyalty::{
        ChurnData, ChurnModel, Commitment, FitOptions, RenewalInputs, RenewalLogit,
    };

    let ctx = session(vec![
        (
            "trust",
            Arc::new(Float64Array::from(vec![
                Some(0.8),
                Some(0.2),
                None,
                Some(0.5),
            ])) as ArrayRef,
        ),
        (
            "commitment",
            Arc::new(StringArray::from(vec![
                "affective",
                "calculative",
                "affective",
                "calculative",
            ])),
        ),
        (
            "health",
            Arc::new(Float64Array::from(vec![
                Some(80.0),
                Some(20.0),
                Some(50.0),
                None,
            ])),
        ),
        (
            "trend",
            Arc::new(StringArray::from(vec![
                Some("up"),
                Some("down"),
                None,
                None,
            ])),
        ),
        (
            "nps",
            Arc::new(Float64Array::from(vec![
                Some(50.0),
                Some(-60.0),
                None,
                None,
            ])),
        ),
    ]);
    let batch = query(
        &ctx,
        "SELECT trust, renewal_probability(trust, commitment, health, trend, nps) FROM t ORDER BY trust NULLS LAST",
    )
    .unwrap();
    let got = f64s(&batch, 1);
    let expected = |t: f64, c: &str, h: Option<f64>, tr: Option<&str>, n: Option<f64>| {
        let inputs = RenewalInputs {
            trust: TrustLevel::new(t).unwrap(),
            commitment: Commitment::from_str(c).unwrap(),
            health: h,
            health_trend: tr.map(|t| Trend::from_str(t).unwrap()),
            nps: n,
            betrayal: None::<UnitInterval>,
            product_value: None,
            alternatives: None,
            switching_cost: None,
            respect: None,
            tenure_years: None,
        };
        RenewalLogit::PRIOR
            .estimate(&inputs)
            .unwrap()
            .probability
            .value()
    };
    assert_eq!(
        got[0],
        Some(expected(
            0.2,
            "calculative",
            Some(20.0),
            Some("down"),
            Some(-60.0)
        ))
    );
    assert_eq!(got[1], Some(expected(0.5, "calculative", None, None, None)));
    assert_eq!(
        got[2],
        Some(expected(
            0.8,
            "affective",
            Some(80.0),
            Some("up"),
            Some(50.0)
        ))
    );
    assert_eq!(got[3], None, "NULL trust gives NULL");
    // The red, falling, calculative account renews less than the green, rising, affective one.
    assert!(got[0] < got[2]);

    let data = ChurnData::from_row_major(
        vec!["adoption".into()],
        vec![0.2, 0.2, 0.8, 0.8, 0.8, 0.8, 0.2, 0.8],
        vec![true, false, false, false, true, false, true, false],
    )
    .unwrap();
    let model = ChurnModel::fit(&data, FitOptions::default()).unwrap();
    let ctx = SessionContext::new();
    TrustkitFunctions::new()
        .with_churn_model("usage", model.clone())
        .register(&ctx);
    let batch = runtime()
        .block_on(async {
            ctx.sql(
                "SELECT churn_probability('usage', a) FROM (VALUES (0.2), (0.8), (NULL)) AS v(a)",
            )
            .await?
            .collect()
            .await
        })
        .unwrap();
    let got = f64s(&batch[0], 0);
    assert_eq!(got[0], Some(model.predict(&[0.2]).unwrap().value()));
    assert_eq!(got[1], Some(model.predict(&[0.8]).unwrap().value()));
    assert_eq!(got[2], None);
}

#[test]
fn bad_values_fail_the_query_with_the_library_message() {
    let ctx = session(vec![
        (
            "account",
            Arc::new(Int64Array::from(vec![1, 1])) as ArrayRef,
        ),
        ("answer", Arc::new(Int64Array::from(vec![10, 11]))),
        ("c", Arc::new(Float64Array::from(vec![5.0, 11.0]))),
    ]);
    let err = query(&ctx, "SELECT nps(answer) FROM t GROUP BY account").unwrap_err();
    assert!(
        err.to_string()
            .contains("nps: an NPS answer must be a whole number from 0 to 10, got 11"),
        "{err}"
    );
    let err = query(&ctx, "SELECT trust_level(c, c, c, c) FROM t").unwrap_err();
    assert!(err.to_string().contains("trust_level:"), "{err}");
    assert!(err.to_string().contains("11"), "{err}");
    let err = query(&ctx, "SELECT health_score('nope', c) FROM t").unwrap_err();
    assert!(
        err.to_string().contains("no scorecard named \"nope\""),
        "{err}"
    );
    let err = query(&ctx, "SELECT health_score('default', c) FROM t").unwrap_err();
    assert!(err.to_string().contains("takes 4 metric columns"), "{err}");
    let err = query(
        &ctx,
        "SELECT learned_trust(c / 10, TIMESTAMP '2026-03-01 09:30:00') FROM t",
    )
    .unwrap_err();
    assert!(
        err.to_string().contains(
            "learned_trust: the experience at 2026-03-01T09:30:00Z: reward must be a finite \
             number in [0, 1], got 1.1; rescale the rewards"
        ),
        "{err}"
    );
    let err = query(&ctx, "SELECT learned_trust(c, now(), 0.5, 'nope') FROM t").unwrap_err();
    assert!(
        err.to_string().contains("parameters must be a preset"),
        "{err}"
    );
}

#[test]
fn learned_trust_takes_fitted_parameters_as_json() {
    let params = LearnerParams::default();
    let json = serde_json::to_string(&params).unwrap();
    let ctx = session(vec![
        (
            "account",
            Arc::new(Int64Array::from(vec![1, 1, 1])) as ArrayRef,
        ),
        (
            "at",
            Arc::new(
                TimestampMicrosecondArray::from(vec![3_000_000, 1_000_000, 2_000_000])
                    .with_data_type(DataType::Timestamp(TimeUnit::Microsecond, None)),
            ),
        ),
        ("reward", Arc::new(Float64Array::from(vec![0.0, 1.0, 1.0]))),
    ]);
    let batch = query(
        &ctx,
        &format!("SELECT learned_trust(reward, at, 0.5, '{json}'), learned_trust(reward, at) FROM t GROUP BY account"),
    )
    .unwrap();
    let mut learner = TrustLearner::new(params, Anchor::new(0.5).unwrap()).unwrap();
    for (s, r) in [(1, 1.0), (2, 1.0), (3, 0.0)] {
        let at = DateTime::from_timestamp(s, 0).unwrap();
        learner.observe(&Experience::new(r, at).unwrap()).unwrap();
    }
    assert_eq!(f64s(&batch, 0), vec![Some(learner.trust().value())]);
    assert_eq!(f64s(&batch, 1), vec![Some(learner.trust().value())]);
}

#[test]
fn groups_are_aggregated_in_parts_and_merged() {
    // The premise of the tests above: DataFusion computes partial states per partition and merges
    // them, so `merge_batch` and `state` are exercised, not only `update_batch`.
    let ctx = session(vec![
        (
            "account",
            Arc::new(Int64Array::from(vec![1, 1, 2, 2, 1, 2, 1, 2])) as ArrayRef,
        ),
        (
            "answer",
            Arc::new(Int64Array::from(vec![10, 9, 3, 8, 0, 10, 7, 5])),
        ),
    ]);
    let plan = query(
        &ctx,
        "EXPLAIN SELECT account, nps(answer) FROM t GROUP BY account",
    )
    .unwrap();
    let text = format!("{:?}", plan.column(1).as_string::<i32>());
    assert!(text.contains("mode=Partial"), "{text}");
    assert!(text.contains("mode=FinalPartitioned"), "{text}");
}

#[test]
fn the_partial_phase_can_be_skipped() {
    // The premise of the second query in the learned-trust test above: with the threshold at 0,
    // DataFusion stops aggregating in the partial phase and converts rows to states.
    let n = 200;
    let columns = vec![
        (
            "account",
            Arc::new(Int64Array::from((0..n).map(|k| k % 7).collect::<Vec<_>>())) as ArrayRef,
        ),
        (
            "at",
            Arc::new(TimestampMicrosecondArray::from(
                (0..n).map(|k| k * 1_000_000).collect::<Vec<_>>(),
            )),
        ),
        (
            "reward",
            Arc::new(Float64Array::from(
                (0..n).map(|k| (k % 3) as f64 / 2.0).collect::<Vec<_>>(),
            )),
        ),
    ];
    let sql = "SELECT account, learned_trust(reward, at) FROM t GROUP BY account ORDER BY account";
    let plan = query(
        &session_with(columns.clone(), true),
        &format!("EXPLAIN ANALYZE {sql}"),
    )
    .unwrap();
    let text = format!("{:?}", plan.column(1).as_string::<i32>());
    let skipped = text
        .split("skipped_aggregation_rows=")
        .skip(1)
        .filter_map(|s| {
            s.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse::<u64>()
                .ok()
        })
        .sum::<u64>();
    assert!(skipped > 0, "{text}");
    assert_eq!(
        query(&session_with(columns.clone(), true), sql).unwrap(),
        query(&session(columns), sql).unwrap()
    );
}

#[test]
fn without_group_by_the_whole_table_is_one_group() {
    // No GROUP BY: DataFusion uses the per-group `Accumulator`, not the groups accumulator.
    let ctx = session(vec![
        (
            "at",
            Arc::new(TimestampMicrosecondArray::from(vec![
                3_000_000, 1_000_000, 2_000_000,
            ])) as ArrayRef,
        ),
        (
            "reward",
            Arc::new(Float64Array::from(vec![Some(0.0), Some(1.0), None])),
        ),
        (
            "answer",
            Arc::new(Int64Array::from(vec![Some(10), None, Some(2)])),
        ),
    ]);
    let batch = query(&ctx, "SELECT learned_trust(reward, at), nps(answer) FROM t").unwrap();
    let mut learner =
        TrustLearner::new(LearnerParams::default(), Anchor::new(0.5).unwrap()).unwrap();
    for (s, r) in [(1, 1.0), (3, 0.0)] {
        let at = DateTime::from_timestamp(s, 0).unwrap();
        learner.observe(&Experience::new(r, at).unwrap()).unwrap();
    }
    assert_eq!(f64s(&batch, 0), vec![Some(learner.trust().value())]);
    assert_eq!(f64s(&batch, 1), vec![Some(0.0)]);
    let empty = query(
        &ctx,
        "SELECT learned_trust(reward, at), nps(answer) FROM t WHERE reward > 5",
    )
    .unwrap();
    assert_eq!((f64s(&empty, 0), f64s(&empty, 1)), (vec![None], vec![None]));
}
