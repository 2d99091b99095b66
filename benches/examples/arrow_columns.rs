//! How Arrow arrays map onto trustkit's columnar kernels, as code that runs (docs/columnar.md
//! quotes it): a `Float64Array` per metric into the health scorecard (null → NaN, no copy when
//! there are no nulls), four `Float64Array`s into the trust equation, a `UInt8Array` per item plus a
//! role and an account column into the assessment's answer matrix, and feature columns into the
//! churn model's row-major data.
//!
//! `cargo run -p trustkit-benches --features parquet --example arrow_columns`

use std::borrow::Cow;
use std::str::FromStr;

use arrow_array::{Array, BooleanArray, Float64Array, Int64Array, StringArray, UInt8Array};
use trustkit::assessment::{AnswerMatrix, Instrument, MISSING, Role, ScoringPolicy};
use trustkit::equation::{Columns, Scale};
use trustkit::loyalty::{ChurnData, Direction, Indicator, Metric, Scorecard};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// A metric column as the slice `Scorecard::score_columns` reads: Arrow's value buffer itself when
/// nothing is null, otherwise a copy with NaN where Arrow has null (the value buffer under a null
/// is unspecified, so it must not be read as data).
fn metric_column(array: &Float64Array) -> Cow<'_, [f64]> {
    if array.null_count() == 0 {
        Cow::Borrowed(array.values())
    } else {
        Cow::Owned(array.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
    }
}

/// The account offsets of rows sorted by account: where each run of equal ids starts, then the
/// row count (what an Arrow `ListArray` of respondents per account stores as its offsets).
fn offsets_of_sorted(accounts: &Int64Array) -> Vec<usize> {
    let ids = accounts.values();
    let mut offsets = vec![0];
    offsets.extend((1..ids.len()).filter(|&k| ids[k] != ids[k - 1]));
    offsets.push(ids.len());
    offsets
}

fn main() -> Result<()> {
    // Health: one Float64Array per metric, in scorecard order; a null is a missing value.
    let metric = |id: &str, direction| Metric {
        id: id.into(),
        weight: 1.0,
        direction,
        indicator: Indicator::Leading,
    };
    let card = Scorecard::new(
        "usage",
        vec![
            metric(
                "adoption",
                Direction::HigherIsBetter {
                    red: 0.3,
                    green: 0.7,
                },
            ),
            metric(
                "tickets",
                Direction::LowerIsBetter {
                    red: 10.0,
                    green: 2.0,
                },
            ),
        ],
    )?;
    let adoption = Float64Array::from(vec![Some(0.7), Some(0.3), None]);
    let tickets = Float64Array::from(vec![2.0, 10.0, 2.0]);
    let (adoption, tickets) = (metric_column(&adoption), metric_column(&tickets));
    let (mut scores, mut colours) = (vec![0.0; 3], vec![0u8; 3]);
    card.score_columns(&[&adoption, &tickets], &mut scores, &mut colours)?;
    assert_eq!(scores, [75.0, 25.0, 75.0]);
    assert_eq!(colours, [2, 0, 2]);
    println!("health scores {scores:?}, colours {colours:?}");

    // Trust equation: four Float64Arrays with no nulls, read in place (a null would be an
    // unrated component: filter those rows out first, the equation has no missing value).
    let c = Float64Array::from(vec![8.0, 5.0]);
    let r = Float64Array::from(vec![7.0, 5.0]);
    let i = Float64Array::from(vec![6.0, 5.0]);
    let s = Float64Array::from(vec![2.0, 5.0]);
    let columns = Columns::new(c.values(), r.values(), i.values(), s.values())?;
    let mut levels = vec![0.0; columns.len()];
    columns.levels_into(Scale::DEFAULT, &mut levels)?;
    assert_eq!(levels[1], Scale::DEFAULT.normalise(3.0));
    println!("trust levels {levels:?}");

    // Assessment: one UInt8Array per item (null = skipped), a role column and an account column,
    // rows sorted by account. The matrix is row-major: respondent by respondent, item by item.
    let instrument = Instrument::standard();
    let n_items = instrument.items().len();
    let item_columns: Vec<UInt8Array> = instrument
        .items()
        .iter()
        .map(|item| {
            let agree = if item.reverse_coded { 2 } else { 4 };
            UInt8Array::from(vec![Some(agree), Some(agree), None])
        })
        .collect();
    let roles = StringArray::from(vec!["sponsor", "user", "user"]);
    let accounts = Int64Array::from(vec![17, 17, 42]);
    let respondents = accounts.len();
    let mut answers = vec![MISSING; respondents * n_items];
    for (k, column) in item_columns.iter().enumerate() {
        for (row, value) in column.iter().enumerate() {
            answers[row * n_items + k] = value.unwrap_or(MISSING);
        }
    }
    let roles: Vec<Role> = roles
        .iter()
        .map(|r| Role::from_str(r.unwrap_or_default()))
        .collect::<std::result::Result<_, _>>()?;
    let offsets = offsets_of_sorted(&accounts);
    let matrix = AnswerMatrix::new(n_items, &answers, &roles, &offsets)?;
    let assessed = ScoringPolicy::default().score_matrix(&instrument, &matrix)?;
    assert_eq!(assessed[0].overall.map(|o| o.value.value()), Some(0.75));
    assert_eq!(assessed[1].overall, None); // account 42's only respondent skipped everything
    println!("assessment: account 17 overall 0.75, account 42 not scored");

    // Churn: feature columns interleaved into row-major data, the outcome from a BooleanArray.
    let adoption = Float64Array::from(vec![0.2, 0.8, 0.5]);
    let tickets = Float64Array::from(vec![3.0, 1.0, 7.0]);
    let churned = BooleanArray::from(vec![true, false, true]);
    let features = [&adoption, &tickets];
    let x: Vec<f64> = (0..churned.len())
        .flat_map(|row| features.iter().map(move |f| f.value(row)))
        .collect();
    let y: Vec<bool> = churned.iter().map(|v| v.unwrap_or(false)).collect();
    let data = ChurnData::from_row_major(vec!["adoption".into(), "tickets".into()], x, y)?;
    assert_eq!(data.rows().nth(1), Some(&[0.8, 1.0][..]));
    println!("churn data: {} rows", data.rows().count());
    Ok(())
}
