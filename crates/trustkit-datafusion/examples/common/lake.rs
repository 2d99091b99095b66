//! The seeded lake behind `examples/lake.rs` and the Ballista test: four tables of a book of
//! business — accounts with health metrics, experiences, assessment responses, NPS answers — and
//! the one statement that diagnoses it. Shared by `#[path]` so the example and the test run the
//! same data and the same SQL.

use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray, TimestampMicrosecondArray,
};
use datafusion::common::Result;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use trustkit_assessment::Instrument;

const SEGMENTS: [&str; 3] = ["enterprise", "mid-market", "smb"];
const ROLES: [&str; 4] = ["sponsor", "economic_buyer", "champion", "user"];

fn batch(columns: Vec<(&str, ArrayRef)>) -> Result<RecordBatch> {
    Ok(RecordBatch::try_from_iter(columns)?)
}

/// The four tables for `accounts` accounts, seeded.
pub fn generate(accounts: usize, per_account: usize) -> Result<[(&'static str, RecordBatch); 4]> {
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let id = |a: usize| format!("acct-{a:07}");
    let start = 1_735_689_600_000_000i64; // 2025-01-01T00:00:00Z in µs
    let day = 86_400_000_000i64;

    // Accounts: segment, commitment, ARR and the health metrics (some missing).
    let missing = |rng: &mut ChaCha8Rng, v: f64| (rng.random::<f64>() >= 0.05).then_some(v);
    let (mut ids, mut segments, mut commitments, mut arr) = (vec![], vec![], vec![], vec![]);
    let (mut adoption, mut tickets, mut exec, mut seats) = (vec![], vec![], vec![], vec![]);
    // Each account's underlying quality drives its experiences, answers and health alike.
    let quality: Vec<f64> = (0..accounts).map(|_| rng.random::<f64>()).collect();
    for (a, &q) in quality.iter().enumerate() {
        ids.push(id(a));
        segments.push(SEGMENTS[a % SEGMENTS.len()]);
        commitments.push(if q > 0.6 { "affective" } else { "calculative" });
        arr.push((20_000.0 + 480_000.0 * rng.random::<f64>()).round());
        adoption.push(Some(0.1 + 0.8 * q));
        tickets.push(missing(&mut rng, (12.0 * (1.0 - q)).round()));
        exec.push(missing(&mut rng, (20.0 + 140.0 * (1.0 - q)).round()));
        seats.push(missing(&mut rng, 0.6 + 0.6 * q));
    }
    let accounts_table = batch(vec![
        (
            "account",
            Arc::new(StringArray::from(ids.clone())) as ArrayRef,
        ),
        ("segment", Arc::new(StringArray::from(segments))),
        ("commitment", Arc::new(StringArray::from(commitments))),
        ("arr", Arc::new(Float64Array::from(arr))),
        ("adoption", Arc::new(Float64Array::from(adoption))),
        ("open_tickets", Arc::new(Float64Array::from(tickets))),
        (
            "days_since_exec_meeting",
            Arc::new(Float64Array::from(exec)),
        ),
        ("seat_utilisation", Arc::new(Float64Array::from(seats))),
    ])?;

    // Experiences: graded rewards around the account's quality, newest first as exports often are.
    let (mut e_account, mut e_at, mut e_reward) = (vec![], vec![], vec![]);
    for (a, &q) in quality.iter().enumerate() {
        for k in (0..per_account).rev() {
            e_account.push(id(a));
            e_at.push(start + (k as i64) * 7 * day + (rng.random::<f64>() * day as f64) as i64);
            e_reward.push((q + 0.3 * (rng.random::<f64>() - 0.5)).clamp(0.0, 1.0));
        }
    }
    let experiences = batch(vec![
        (
            "account",
            Arc::new(StringArray::from(e_account)) as ArrayRef,
        ),
        (
            "at",
            Arc::new(TimestampMicrosecondArray::from(e_at).with_timezone("UTC")),
        ),
        ("reward", Arc::new(Float64Array::from(e_reward))),
    ])?;

    // Responses: two to four respondents per account answering the standard instrument.
    let instrument = Instrument::standard();
    let items = instrument.items();
    let (mut r_account, mut r_role) = (vec![], vec![]);
    let mut answers: Vec<Vec<Option<i64>>> = vec![Vec::new(); items.len()];
    for (a, &q) in quality.iter().enumerate() {
        for r in 0..2 + a % 3 {
            r_account.push(id(a));
            r_role.push(ROLES[r % ROLES.len()]);
            for (column, item) in answers.iter_mut().zip(items) {
                let (lo, hi) = (f64::from(item.scale.min), f64::from(item.scale.max));
                let agree =
                    lo + (hi - lo) * (q + 0.4 * (rng.random::<f64>() - 0.5)).clamp(0.0, 1.0);
                let value = if item.reverse_coded {
                    lo + hi - agree
                } else {
                    agree
                };
                column.push((rng.random::<f64>() >= 0.05).then_some(value.round() as i64));
            }
        }
    }
    let mut columns: Vec<(&str, ArrayRef)> = vec![
        ("account", Arc::new(StringArray::from(r_account))),
        ("role", Arc::new(StringArray::from(r_role))),
    ];
    // Item ids are dotted ("needs.problem"); SQL column names read better with underscores.
    let names: Vec<String> = items.iter().map(|i| i.id.replace('.', "_")).collect();
    for (name, column) in names.iter().zip(answers) {
        columns.push((name.as_str(), Arc::new(Int64Array::from(column))));
    }
    let responses = batch(columns)?;

    // NPS: zero to five answers per account.
    let (mut n_account, mut n_answer) = (vec![], vec![]);
    for (a, &q) in quality.iter().enumerate() {
        for _ in 0..a % 6 {
            n_account.push(id(a));
            n_answer.push(
                (10.0 * (q + 0.5 * (rng.random::<f64>() - 0.5)))
                    .clamp(0.0, 10.0)
                    .round() as i64,
            );
        }
    }
    let nps = batch(vec![
        (
            "account",
            Arc::new(StringArray::from(n_account)) as ArrayRef,
        ),
        ("answer", Arc::new(Int64Array::from(n_answer))),
    ])?;
    Ok([
        ("accounts", accounts_table),
        ("experiences", experiences),
        ("responses", responses),
        ("nps", nps),
    ])
}

/// The diagnosis, one statement: trust learned from experiences, the assessment, NPS with its
/// margin, health and its colour, and renewal from all of them.
pub fn diagnosis_sql() -> String {
    let items: Vec<String> = Instrument::standard()
        .items()
        .iter()
        .map(|i| i.id.replace('.', "_"))
        .collect();
    format!(
        "WITH learned AS (
            SELECT account, learned_trust(reward, at) AS trust, count(*) AS experiences
            FROM experiences GROUP BY account),
        assessed AS (
            SELECT account, assessment(role, {items}) AS assessment
            FROM responses GROUP BY account),
        promoters AS (
            SELECT account, nps(answer) AS nps, nps_margin(answer) AS nps_margin
            FROM nps GROUP BY account),
        health AS (
            SELECT *, health_score('default', adoption, open_tickets, days_since_exec_meeting, seat_utilisation) AS health,
                      health_colour('default', adoption, open_tickets, days_since_exec_meeting, seat_utilisation) AS colour
            FROM accounts)
        SELECT h.account, h.segment, h.arr, l.trust, l.experiences,
               get_field(a.assessment, 'overall') AS assessed_trust,
               h.health, h.colour, p.nps, p.nps_margin,
               renewal_probability(l.trust, h.commitment, h.health, NULL, p.nps) AS renewal,
               h.arr * (1 - renewal_probability(l.trust, h.commitment, h.health, NULL, p.nps)) AS revenue_at_risk
        FROM health h
        LEFT JOIN learned l ON l.account = h.account
        LEFT JOIN assessed a ON a.account = h.account
        LEFT JOIN promoters p ON p.account = h.account",
        items = items.join(", ")
    )
}
