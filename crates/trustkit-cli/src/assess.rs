//! `trustkit assess`: score a JSON file of assessment responses.

use trustkit::assessment::{Dimension, DimensionOutcome, Instrument, Response, ScoringPolicy};

use crate::table::{Table, csv, json};
use crate::{Format, fail, read_file};

/// Reads JSON, naming the file and the JSON path of a bad value.
fn parse_json<T: serde::de::DeserializeOwned>(path: &std::path::Path) -> Result<T, String> {
    let text = read_file(path)?;
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let at = e.path().to_string();
        let inner = e.into_inner();
        // serde_path_to_error names the document root ".": say nothing rather than that.
        if at == "." {
            fail(path, inner)
        } else {
            fail(path, format!("{at}: {inner}"))
        }
    })
}

pub fn run(
    path: &std::path::Path,
    instrument: Option<&std::path::Path>,
    min_respondents: usize,
    format: Format,
) -> Result<String, String> {
    let responses: Vec<Response> = parse_json(path)?;
    let instrument: Instrument = match instrument {
        Some(p) => parse_json(p)?,
        None => Instrument::standard(),
    };
    let mut policy = ScoringPolicy::default();
    policy.coverage.min_respondents = min_respondents;
    let score = policy
        .score(&instrument, &responses)
        .map_err(|e| fail(path, e))?;
    let header = [
        "dimension",
        "score",
        "standard_error",
        "band",
        "respondents",
    ];
    let rows: Vec<Vec<String>> = score
        .dimensions
        .iter()
        .map(|d| match d.outcome {
            DimensionOutcome::Scored {
                score,
                standard_error,
                band,
            } => vec![
                d.dimension.name().into(),
                format!("{score:.3}"),
                standard_error.map_or("-".into(), |s| format!("{s:.3}")),
                band.to_string(),
                d.respondents.to_string(),
            ],
            _ => vec![
                d.dimension.name().into(),
                "insufficient evidence".into(),
                "-".into(),
                "-".into(),
                d.respondents.to_string(),
            ],
        })
        .collect();
    match format {
        Format::Json => json(&score),
        Format::Csv => csv(&header, &rows),
        Format::Table => {
            let t = Table::plain(&header, |h| !matches!(h, "dimension" | "band"), rows);
            let overall = score.overall.map_or("insufficient evidence".into(), |o| {
                format!("{:.3} ({})", o.value.value(), o.band)
            });
            let weakest = score
                .weakest_dimension()
                .map_or("-".to_owned(), |d: Dimension| d.belief().to_owned());
            let items: Vec<String> = score
                .weakest_items
                .iter()
                .map(|i| format!("{} ({:.2})", i.item, i.mean))
                .collect();
            Ok(format!(
                "{} responses to {:?}\n\n{}\noverall index: {overall}\nweakest belief: {weakest}\nweakest items: {}\n",
                score.respondents,
                instrument.name(),
                t.render(false),
                items.join(", ")
            ))
        }
    }
}
