//! `trustkit calibrate`: fits the renewal model to past decisions, shows its held-out accuracy
//! against simpler baselines, and writes the model `report` then uses.

use std::path::{Path, PathBuf};

use trustkit::chrono::NaiveDate;
use trustkit::loyalty::COEFFICIENT_NAMES;
use trustkit::loyalty::calibration::Metrics;
use trustkit::portfolio::{
    CalibrateOptions, Calibration, RenewalHistory, SAMPLE_OUTCOMES_CSV, short_money,
};

use crate::CliResult;
use crate::plot::{Frame, PALETTE, Series};
use crate::report::{Sources, assemble};
use crate::table::{Table, Tone};
use crate::{Format, fail, fail_msg, read_file};

/// Where `report` looks for a model when `--renewal-model` is not given.
pub const DEFAULT_MODEL: &str = "renewal-model.json";

/// A calibrated model read from a file, with where it came from.
pub struct ModelFile {
    pub path: PathBuf,
    pub calibration: Calibration,
}

impl ModelFile {
    /// Reads `path`, or `./renewal-model.json` when it exists, or nothing.
    pub fn find(path: Option<&Path>) -> CliResult<Option<Self>> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None if Path::new(DEFAULT_MODEL).is_file() => PathBuf::from(DEFAULT_MODEL),
            None => return Ok(None),
        };
        let calibration = Calibration::from_json(&read_file(&path)?).map_err(|e| {
            fail_msg(
                &path,
                format!("{e} (a renewal model written by `trustkit calibrate`)"),
            )
        })?;
        Ok(Some(Self { path, calibration }))
    }

    /// One line saying which model the renewal probabilities come from.
    pub fn describe(model: Option<&Self>) -> String {
        match model {
            Some(m) => {
                let c = &m.calibration;
                format!(
                    "renewal: calibrated model {} (fitted{} on {} decisions; held-out AUC {:.2}, Brier {:.3})",
                    m.path.display(),
                    c.fitted_on.map(|d| format!(" {d}")).unwrap_or_default(),
                    c.decisions,
                    c.validation.model.auc,
                    c.validation.model.brier,
                )
            }
            None => "renewal: trustkit's built-in prior, not fitted to your outcomes (run `trustkit calibrate`)".to_owned(),
        }
    }
}

/// Everything `trustkit calibrate` was asked.
pub struct Options<'a> {
    pub sources: Sources<'a>,
    pub folds: usize,
    pub seed: u64,
    pub l2: f64,
    pub out: &'a Path,
    pub svg: Option<&'a Path>,
    pub format: Format,
    pub as_of: NaiveDate,
}

pub fn run(o: &Options<'_>) -> CliResult {
    let mut warnings = Vec::new();
    let mut p = assemble(&o.sources, &mut |path, import, _| {
        let import = import.map_err(|e| fail(path, e))?;
        for e in import.rejected {
            warnings.push(fail(path, e));
        }
        Ok(())
    })?;
    let bundled = o.sources.portfolio.is_none() && o.sources.accounts.is_none();
    if bundled && o.sources.outcomes.is_none() {
        // The sample ships with invented past decisions so the command runs out of the box.
        let import = p
            .import_outcomes_csv(SAMPLE_OUTCOMES_CSV.as_bytes())
            .map_err(|e| anyhow::anyhow!("bundled sample outcomes: {e}"))?;
        warnings.extend(import.rejected.into_iter().map(anyhow::Error::new));
    }
    for w in &warnings {
        eprintln!("warning: {} (row left out)", crate::describe(w));
    }
    let history = RenewalHistory::collect(&p.accounts, &p.context()).map_err(anyhow::Error::new)?;
    let options = CalibrateOptions {
        folds: o.folds,
        seed: o.seed,
        l2: o.l2,
    };
    let c = Calibration::fit(&history, options, Some(o.as_of)).map_err(|e| {
        let hint = if e.to_string().contains("separable") {
            " — try a ridge penalty, e.g. --l2 1"
        } else {
            ""
        };
        anyhow::anyhow!("{e}{hint}")
    })?;
    std::fs::write(o.out, c.to_json().map_err(anyhow::Error::new)? + "\n")
        .map_err(|e| fail(o.out, e))?;
    if let Some(svg) = o.svg {
        reliability_diagram(svg, &c)?;
    }
    let arr_lost: f64 = p
        .accounts
        .iter()
        .flat_map(|a| &a.renewals)
        .filter_map(|d| Some(d.arr_before? - d.arr_after?))
        .sum();
    match o.format {
        Format::Json => crate::table::json(&c),
        Format::Csv => decile_csv(&c),
        Format::Table => Ok(table(&c, arr_lost, o.out)),
    }
}

fn metric_row(label: &str, m: Option<&Metrics>) -> Vec<String> {
    let Some(m) = m else {
        return vec![
            label.to_owned(),
            "no data".into(),
            "-".into(),
            "-".into(),
            "-".into(),
            "-".into(),
        ];
    };
    vec![
        label.to_owned(),
        format!("{:.3}", m.auc),
        format!("{:.3}", m.brier),
        format!("{:.3}", m.log_loss),
        m.calibration
            .map_or("-".to_owned(), |(slope, _)| format!("{slope:.2}")),
        format!("{:.1}×", m.riskiest_decile_lift),
    ]
}

fn table(c: &Calibration, arr_lost: f64, out: &Path) -> String {
    let fit = &c.fit;
    let churned = fit.observations - fit.renewed;
    let mut text = format!(
        "Renewal model fitted to {} past decisions: {} stayed ({} of them downgraded), {} churned{}.\n",
        c.decisions,
        fit.renewed,
        c.downgraded,
        churned,
        if c.skipped > 0 {
            format!(
                "; {} left out with no evidence dated before them",
                c.skipped
            )
        } else {
            String::new()
        }
    );
    if arr_lost > 0.0 {
        text.push_str(&format!(
            "ARR lost in those decisions: {}.\n",
            short_money(arr_lost)
        ));
    }
    if fit.l2 > 0.0 {
        text.push_str(&format!("Ridge penalty λ = {}.\n", fit.l2));
    }
    text.push('\n');
    let mut coefficients = Table::new(&[
        ("input", false),
        ("estimate", true),
        ("se", true),
        ("odds of renewal ×", true),
        ("per", false),
    ]);
    for (k, name) in COEFFICIENT_NAMES.iter().enumerate() {
        if let Some(se) = fit.standard_errors[k] {
            let b = fit.model.coefficients()[k];
            let (step, per) = step(name);
            coefficients.row(
                [
                    (*name).to_owned(),
                    format!("{b:.3}"),
                    format!("{se:.3}"),
                    if k == 0 {
                        "-".to_owned()
                    } else {
                        format!("{:.2}", (b * step).exp())
                    },
                    per.to_owned(),
                ]
                .map(|s| (s, Tone::Plain))
                .to_vec(),
            );
        }
    }
    text.push_str(&coefficients.render(false));
    for e in &fit.excluded {
        text.push_str(&format!("  left out: {e}\n"));
    }
    let v = &c.validation;
    text.push_str(&format!(
        "\nHeld-out accuracy ({}-fold cross-validation, seed {}): each decision predicted by a model fitted without it.\n",
        v.folds, v.seed
    ));
    let mut rows = vec![metric_row("renewal model", Some(&v.model))];
    for b in &v.baselines {
        rows.push(metric_row(b.baseline.label(), b.metrics.as_ref()));
    }
    let metrics = Table::plain(
        &["predictor", "AUC", "Brier", "log loss", "slope", "lift"],
        |h| h != "predictor",
        rows,
    );
    text.push_str(&metrics.render(false));
    text.push_str(
        "  AUC: chance a renewing account ranks above a churning one (0.5 = coin). Brier, log loss: lower is better.\n  slope: calibration slope (1 = calibrated). lift: churn rate in the riskiest tenth ÷ overall churn rate.\n",
    );
    text.push_str("\nPredicted against observed renewal, by tenth of the held-out predictions (riskiest first):\n");
    let deciles = Table::plain(
        &["tenth", "decisions", "predicted", "observed"],
        |_| true,
        v.model
            .deciles
            .iter()
            .enumerate()
            .map(|(k, b)| {
                vec![
                    (k + 1).to_string(),
                    b.count.to_string(),
                    format!("{:.2}", b.predicted),
                    format!("{:.2}", b.observed),
                ]
            })
            .collect(),
    );
    text.push_str(&deciles.render(false));
    text.push_str(&if out == Path::new(DEFAULT_MODEL) {
        format!("\nWrote {DEFAULT_MODEL}: `trustkit report` run in this directory uses it.\n")
    } else {
        format!(
            "\nWrote {}: pass `--renewal-model {}` to `trustkit report` to use it.\n",
            out.display(),
            out.display()
        )
    });
    text
}

/// A step of each input a reader can picture, in the feature's units (health and NPS are scaled
/// by 1/100, so 0.1 is 10 points), and its label.
fn step(name: &str) -> (f64, &'static str) {
    match name {
        "intercept" => (0.0, "(neutral account)"),
        "affective" | "health_up" | "health_down" => (1.0, "if so"),
        "health" | "nps" => (0.1, "+10 points"),
        // The feature is ln(1 + years): ln 2 is twice the (1 + years).
        "tenure" => (std::f64::consts::LN_2, "×2 (1 + years)"),
        _ => (0.1, "+0.1"),
    }
}

fn decile_csv(c: &Calibration) -> CliResult {
    let rows: Vec<Vec<String>> = c
        .validation
        .model
        .deciles
        .iter()
        .enumerate()
        .map(|(k, b)| {
            vec![
                (k + 1).to_string(),
                b.count.to_string(),
                b.range.0.to_string(),
                b.range.1.to_string(),
                b.predicted.to_string(),
                b.observed.to_string(),
            ]
        })
        .collect();
    crate::table::csv(
        &[
            "tenth",
            "decisions",
            "lowest",
            "highest",
            "predicted",
            "observed",
        ],
        &rows,
    )
}

/// Predicted against observed renewal by tenth, with the diagonal a calibrated model lies on.
fn reliability_diagram(path: &Path, c: &Calibration) -> CliResult<()> {
    let v = &c.validation;
    let bins = |m: &Metrics| -> Vec<(f64, f64)> {
        m.deciles
            .iter()
            .map(|b| (b.predicted, b.observed))
            .collect()
    };
    let mut series = vec![
        Series {
            label: "perfectly calibrated".into(),
            points: vec![(0.0, 0.0), (1.0, 1.0)],
            colour: PALETTE[5],
            dashed: true,
        },
        Series {
            label: format!("renewal model (AUC {:.2})", v.model.auc),
            points: bins(&v.model),
            colour: PALETTE[0],
            dashed: false,
        },
    ];
    if let Some(m) = v
        .baselines
        .iter()
        .find(|b| b.baseline == trustkit::loyalty::calibration::Baseline::HealthAlone)
        .and_then(|b| b.metrics.as_ref())
    {
        series.push(Series {
            label: format!("health score alone (AUC {:.2})", m.auc),
            points: bins(m),
            colour: PALETTE[1],
            dashed: false,
        });
    }
    let title = format!(
        "Held-out renewal predictions by tenth ({} decisions, {}-fold)",
        c.decisions, v.folds
    );
    crate::plot::lines(
        path,
        &Frame {
            title: &title,
            x_label: "predicted renewal probability (mean of the tenth)",
            y_label: "share that renewed",
            x: (0.0, 1.0),
            y: (0.0, 1.0),
            legend: plotters::prelude::SeriesLabelPosition::UpperLeft,
        },
        &series,
        &[],
    )
}
