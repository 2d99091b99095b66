//! `trustkit churn fit`: the logistic regression of churn on whatever factors a CSV holds.

use std::path::Path;

use trustkit::loyalty::{ChurnData, ChurnModel, FitOptions};

use crate::CliResult;
use crate::table::{Table, csv, json};
use crate::{Format, fail, fail_msg};

/// An outcome cell: 1/0, true/false, yes/no (any case).
fn outcome(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

pub fn fit(
    path: &Path,
    outcome_column: &str,
    features: Option<&[String]>,
    format: Format,
) -> CliResult {
    let file = std::fs::File::open(path).map_err(|e| fail(path, e))?;
    let mut reader = ::csv::ReaderBuilder::new()
        .trim(::csv::Trim::All)
        .from_reader(std::io::BufReader::new(file));
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| fail(path, e))?
        .iter()
        .map(str::to_owned)
        .collect();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                fail_msg(
                    path,
                    format!("no column {name:?} (the file has {})", header.join(", ")),
                )
            })
    };
    let y_col = find(outcome_column)?;
    let x_cols: Vec<usize> = match features {
        Some(names) => names.iter().map(|n| find(n)).collect::<Result<_, _>>()?,
        None => (0..header.len()).filter(|&k| k != y_col).collect(),
    };
    let names: Vec<String> = x_cols.iter().map(|&k| header[k].clone()).collect();
    let (mut x, mut churned) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record.map_err(|e| fail(path, e))?;
        let line = record.position().map_or(0, ::csv::Position::line);
        let cell = |k: usize| record.get(k).unwrap_or_default();
        churned.push(outcome(cell(y_col)).ok_or_else(|| {
            fail_msg(
                path,
                format!(
                    "line {line}, field {:?}: {:?} is not an outcome (1/0, true/false, yes/no)",
                    header[y_col],
                    cell(y_col)
                ),
            )
        })?);
        for &k in &x_cols {
            x.push(cell(k).parse::<f64>().map_err(|_| {
                fail_msg(
                    path,
                    format!(
                        "line {line}, field {:?}: {:?} is not a number",
                        header[k],
                        cell(k)
                    ),
                )
            })?);
        }
    }
    let data = ChurnData::from_row_major(names, x, churned).map_err(|e| fail(path, e))?;
    let model = ChurnModel::fit(&data, FitOptions::default()).map_err(|e| fail(path, e))?;
    let summary = model.summary().map_err(|e| fail(path, e))?;
    match format {
        Format::Json => json(&serde_json::json!({
            "observations": model.observations,
            "log_likelihood": model.log_likelihood,
            "aic": model.aic(),
            "iterations": model.iterations,
            "coefficients": summary,
        })),
        Format::Csv | Format::Table => {
            let header = [
                "coefficient",
                "estimate",
                "std_error",
                "z",
                "p_value",
                "odds_ratio",
                "or_95_low",
                "or_95_high",
            ];
            let rows: Vec<Vec<String>> = summary
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        format!("{:.6}", c.estimate),
                        format!("{:.6}", c.standard_error),
                        format!("{:.3}", c.z),
                        format!("{:.4}", c.p_value),
                        format!("{:.4}", c.odds_ratio),
                        format!("{:.4}", c.odds_ratio_interval.0),
                        format!("{:.4}", c.odds_ratio_interval.1),
                    ]
                })
                .collect();
            if format == Format::Csv {
                return csv(&header, &rows);
            }
            let t = Table::plain(&header, |h| h != "coefficient", rows);
            Ok(format!(
                "logistic regression of {outcome_column:?} on {} accounts ({} Newton steps)\nlog-likelihood {:.4}, AIC {:.4}\n\n{}",
                model.observations,
                model.iterations,
                model.log_likelihood,
                model.aic(),
                t.render(false)
            ))
        }
    }
}
