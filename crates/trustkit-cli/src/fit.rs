//! `trustkit fit`: fit and compare the learning models on a CSV of histories.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use trustkit::learning::ModelPreset;
use trustkit::learning::fit::{
    Comparison, Convergence, Dataset, FitMethod, FitOptions, FitResult, compare_models,
    fit_group_with_progress,
};

use crate::CliResult;
use crate::table::{Table, csv, json};
use crate::{Format, fail};

/// `--method`: the library's optimisers by their command-line names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    /// L-BFGS on the exact gradient.
    Lbfgs,
    /// Nelder–Mead's simplex.
    NelderMead,
}

impl From<Method> for FitMethod {
    fn from(m: Method) -> Self {
        match m {
            Method::Lbfgs => Self::Lbfgs,
            Method::NelderMead => Self::NelderMead,
        }
    }
}

/// The `converged` column: yes, or why not.
fn verdict(f: &FitResult) -> String {
    match f.convergence {
        Convergence::Converged => "yes".into(),
        Convergence::NotConverged { gradient_norm } => format!("no (gradient {gradient_norm:.1e})"),
        Convergence::MultipleOptima => format!(
            "no: {} of {} starts at the best",
            f.agreeing_starts,
            f.starts.len()
        ),
    }
}

/// `all`, or one model by the name the library parses.
pub fn parse_model(raw: &str) -> CliResult<Vec<ModelPreset>> {
    if raw.trim().eq_ignore_ascii_case("all") {
        return Ok(ModelPreset::ALL.to_vec());
    }
    raw.parse::<ModelPreset>()
        .map(|p| vec![p])
        .map_err(|e| anyhow::anyhow!("{e} (or all)"))
}

pub fn run(
    path: &std::path::Path,
    models: &[ModelPreset],
    options: FitOptions,
    write_params: Option<&std::path::Path>,
    format: Format,
    progress: bool,
) -> CliResult {
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let data = Dataset::from_csv(std::io::BufReader::new(file)).map_err(|e| fail(path, e))?;
    let starts = options.starts;
    let bar = ProgressBar::with_draw_target(
        Some(models.len().saturating_mul(starts) as u64),
        if progress {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        ProgressStyle::with_template("{msg:>18} [{bar:30}] {pos}/{len} starts  {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let fits: Vec<FitResult> = if models.len() == 1 {
        bar.set_message(models[0].name());
        vec![
            fit_group_with_progress(&data, models[0], options, &|_| bar.inc(1))
                .map_err(|e| fail(path, e))?,
        ]
    } else {
        // One model at a time so the bar can name it.
        let mut out = Vec::new();
        for &m in models {
            bar.set_message(m.name());
            out.extend(
                compare_models(&data, &[m], options, &|_| {})
                    .map_err(|e| fail(path, e))?
                    .fits,
            );
            bar.inc(starts as u64);
        }
        out
    };
    bar.finish_and_clear();
    let comparison = Comparison { fits };
    let best = comparison.best_by_aic();
    let fits = comparison.fits;
    if let Some(out) = write_params {
        let best_fit = fits
            .iter()
            .find(|f| Some(f.preset) == best)
            .ok_or_else(|| anyhow::anyhow!("no model was fitted"))?;
        if !best_fit.converged {
            eprintln!(
                "warning: {} did not converge (its starts disagree or ran out of iterations); the parameters written may not be the optimum — try more --starts",
                best_fit.preset.name()
            );
        }
        let text = serde_json::to_string_pretty(&best_fit.params())?;
        std::fs::write(out, text + "\n").map_err(|e| fail(out, e))?;
    }
    let header = [
        "model",
        "k",
        "observations",
        "log_likelihood",
        "aic",
        "bic",
        "converged",
        "estimates",
    ];
    let rows: Vec<Vec<String>> = fits
        .iter()
        .map(|f| {
            let est: Vec<String> = f
                .estimates
                .iter()
                .zip(f.preset.free_parameters())
                .map(|(e, p)| match e.standard_error {
                    // An interval wider than the parameter's whole range: the data do not
                    // determine it (a flat direction of the likelihood).
                    Some(se) if 2.0 * se > p.high - p.low => {
                        format!("{}={:.4} (not identified)", e.name, e.value)
                    }
                    Some(se) => format!("{}={:.4}±{:.4}", e.name, e.value, se),
                    None => format!("{}={:.4}", e.name, e.value),
                })
                .collect();
            vec![
                f.preset.name().into(),
                f.parameter_count.to_string(),
                f.observations.to_string(),
                format!("{:.2}", f.log_likelihood),
                format!("{:.2}", f.aic),
                format!("{:.2}", f.bic),
                verdict(f),
                est.join(" "),
            ]
        })
        .collect();
    match format {
        Format::Json => json(&fits),
        Format::Csv => csv(&header, &rows),
        Format::Table => {
            let t = Table::plain(
                &header,
                |h| !matches!(h, "model" | "estimates" | "converged"),
                rows,
            );
            let summary = format!(
                "{} subjects, {} observations; best by AIC: {}\n\n",
                data.subjects().len(),
                data.observation_count(),
                best.map_or("-", |p| p.name())
            );
            let mut notes = String::new();
            for f in &fits {
                if !f.converged {
                    notes += &format!(
                        "\n{}: not shown to be the optimum ({}); try more --starts.",
                        f.preset.name(),
                        verdict(f)
                    );
                }
                if !f.hessian_positive_definite {
                    notes += &format!(
                        "\n{}: the likelihood is flat or a saddle in some direction at the estimates; no standard errors.",
                        f.preset.name()
                    );
                }
            }
            Ok(summary + &t.render(false) + &notes)
        }
    }
}
