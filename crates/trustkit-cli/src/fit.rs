//! `trustkit fit`: fit and compare the learning models on a CSV of histories.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use trustkit::learning::ModelPreset;
use trustkit::learning::fit::{
    Comparison, Dataset, FitOptions, FitResult, compare_models, fit_group_with_progress,
};

use crate::CliResult;
use crate::table::{Table, csv, json};
use crate::{Format, fail};

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
    starts: usize,
    seed: u64,
    write_params: Option<&std::path::Path>,
    format: Format,
    progress: bool,
) -> CliResult {
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let data = Dataset::from_csv(std::io::BufReader::new(file)).map_err(|e| fail(path, e))?;
    let options = FitOptions {
        starts,
        seed,
        ..FitOptions::default()
    };
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
                .map(|e| match e.standard_error {
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
                f.converged.to_string(),
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
            Ok(summary + &t.render(false))
        }
    }
}
