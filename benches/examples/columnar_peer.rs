//! trustkit's side of the columnar peer comparisons (benches/peers/compare_columnar.sh). Writes the
//! workloads as raw little-endian arrays the peer reads with `numpy.fromfile`, times trustkit's
//! columnar kernels on one thread, and writes its results for the peer to compare:
//!
//! - health: 10 M accounts × 4 metrics (NaN = missing) with the portfolio's default scorecard;
//! - assessment: 1 M respondents × 20 items of the standard instrument in 100 000 accounts;
//! - equation: trust levels of 10 M equations on the 1–10 scale.
//!
//! `cargo run --release -p trustkit-benches --example columnar_peer -- OUT_DIR`
//!
//! With a second argument `assessment-memory` it only reads the answer matrix the first run wrote
//! and scores it, so `/usr/bin/time` measures the assessment's peak memory as the peer's does.

use std::io::Write;
use std::time::Instant;

use trustkit::assessment::{AnswerMatrix, Instrument, Role, ScoringPolicy};
use trustkit::equation::Scale;

fn write_f64(path: &std::path::Path, xs: &[f64]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for x in xs {
        out.write_all(&x.to_le_bytes())?;
    }
    out.flush()
}

fn read_f64(path: &std::path::Path) -> std::io::Result<Vec<f64>> {
    Ok(std::fs::read(path)?
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
        .collect())
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: columnar_peer OUT_DIR [assessment-memory]")?,
    );
    std::fs::create_dir_all(&dir)?;
    if std::env::args().nth(2).as_deref() == Some("assessment-memory") {
        return assessment_from_files(&dir);
    }
    health(&dir)?;
    assessment(&dir)?;
    equation(&dir)
}

fn health(dir: &std::path::Path) -> Result<()> {
    // Health.
    const ROWS: usize = 10_000_000;
    let card = trustkit_benches::health_scorecard();
    let rows = trustkit_benches::health_workload(ROWS, 2028);
    let m = card.metrics().len();
    let columns: Vec<Vec<f64>> = (0..m)
        .map(|k| {
            rows.chunks_exact(m)
                .map(|r| r[k].unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    drop(rows);
    for (k, c) in columns.iter().enumerate() {
        write_f64(&dir.join(format!("health_{k}.f64")), c)?;
    }
    let cols: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let (mut scores, mut colours) = (vec![0.0; ROWS], vec![0u8; ROWS]);
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let t = Instant::now();
        card.score_columns(&cols, &mut scores, &mut colours)?;
        best = best.min(t.elapsed().as_secs_f64());
    }
    write_f64(&dir.join("health_scores.f64"), &scores)?;
    println!("trustkit health 10M rows: {best:.4} s (best of 5, one thread)");
    Ok(())
}

fn assessment(dir: &std::path::Path) -> Result<()> {
    let instrument = Instrument::standard();
    let items = instrument.items();
    let accounts = trustkit_benches::assessment_workload(100_000, 10, 2026);
    let (answers, roles, offsets) = trustkit_benches::assessment_matrix(&accounts);
    drop(accounts);
    std::fs::write(dir.join("answers.u8"), &answers)?;
    let account_of: Vec<f64> = offsets
        .windows(2)
        .enumerate()
        .flat_map(|(a, w)| std::iter::repeat_n(a as f64, w[1] - w[0]))
        .collect();
    write_f64(&dir.join("account.f64"), &account_of)?;
    let role_code: Vec<f64> = roles
        .iter()
        .map(|r| Role::ALL.iter().position(|x| x == r).unwrap_or(0) as f64)
        .collect();
    write_f64(&dir.join("role.f64"), &role_code)?;
    // Item metadata: dimension index, reverse coding, scale.
    let meta: Vec<f64> = items
        .iter()
        .flat_map(|i| {
            [
                i.dimension.index() as f64,
                f64::from(u8::from(i.reverse_coded)),
                f64::from(i.scale.min),
                f64::from(i.scale.max),
                i.weight,
            ]
        })
        .collect();
    write_f64(&dir.join("items.f64"), &meta)?;
    score_assessment(dir, &instrument, &answers, &roles, &offsets)
}

/// Reads the matrix [`assessment`] wrote (answers, role codes, account of each respondent) and
/// scores it: what the peer does, so peak memory compares like with like.
fn assessment_from_files(dir: &std::path::Path) -> Result<()> {
    let instrument = Instrument::standard();
    let answers = std::fs::read(dir.join("answers.u8"))?;
    let roles: Vec<Role> = read_f64(&dir.join("role.f64"))?
        .into_iter()
        .map(|code| {
            Role::ALL
                .get(code as usize)
                .copied()
                .unwrap_or(Role::ALL[0])
        })
        .collect();
    let account = read_f64(&dir.join("account.f64"))?;
    let mut offsets = vec![0];
    for (k, pair) in account.windows(2).enumerate() {
        if pair[0] != pair[1] {
            offsets.push(k + 1);
        }
    }
    offsets.push(account.len());
    drop(account);
    score_assessment(dir, &instrument, &answers, &roles, &offsets)
}

fn score_assessment(
    dir: &std::path::Path,
    instrument: &Instrument,
    answers: &[u8],
    roles: &[Role],
    offsets: &[usize],
) -> Result<()> {
    let matrix = AnswerMatrix::new(instrument.items().len(), answers, roles, offsets)?;
    let policy = ScoringPolicy::default();
    let mut best = f64::INFINITY;
    let mut scored = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        scored = policy.score_matrix(instrument, &matrix)?;
        best = best.min(t.elapsed().as_secs_f64());
    }
    // Per account and dimension: score (NaN when not scored) and standard error.
    let results: Vec<f64> = scored
        .iter()
        .flat_map(|a| {
            a.dimensions
                .iter()
                .flat_map(|d| {
                    [
                        d.score().unwrap_or(f64::NAN),
                        d.standard_error().unwrap_or(f64::NAN),
                    ]
                })
                .collect::<Vec<_>>()
        })
        .collect();
    write_f64(&dir.join("assessment_scores.f64"), &results)?;
    println!("trustkit assessment 1M respondents: {best:.4} s (best of 5, one thread)");
    Ok(())
}

fn equation(dir: &std::path::Path) -> Result<()> {
    const ROWS: usize = 10_000_000;
    let workload = trustkit_benches::EquationWorkload::generate(ROWS, 2029);
    for (name, column) in [
        ("credibility", &workload.credibility),
        ("reliability", &workload.reliability),
        ("intimacy", &workload.intimacy),
        ("self_orientation", &workload.self_orientation),
    ] {
        write_f64(&dir.join(format!("equation_{name}.f64")), column)?;
    }
    let columns = workload.columns()?;
    let mut levels = vec![0.0; ROWS];
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let t = Instant::now();
        columns.levels_into(Scale::DEFAULT, &mut levels)?;
        best = best.min(t.elapsed().as_secs_f64());
    }
    write_f64(&dir.join("equation_levels.f64"), &levels)?;
    println!("trustkit equation levels 10M rows: {best:.4} s (best of 5, one thread)");
    Ok(())
}
