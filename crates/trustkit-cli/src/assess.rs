//! `trustkit assess`: score a JSON file of assessment responses.

use trustkit::assessment::{
    Dimension, DimensionOutcome, Instrument, ScoringPolicy, responses_from_json,
};
use trustkit::portfolio::read_responses_csv;

use crate::CliResult;
use crate::table::{Table, csv, json};
use crate::{Format, fail, fail_msg, read_file};

/// One row per account of a long-format responses CSV: each belief's score and the overall index.
fn run_csv(
    path: &std::path::Path,
    instrument: &Instrument,
    policy: &ScoringPolicy,
    format: Format,
) -> CliResult {
    let file = std::fs::File::open(path).map_err(|e| fail(path, e))?;
    let (groups, import) =
        read_responses_csv(std::io::BufReader::new(file)).map_err(|e| fail(path, e))?;
    if let Some(e) = import.rejected.into_iter().next() {
        return Err(fail(path, e));
    }
    if !import.ignored_columns.is_empty() {
        eprintln!(
            "warning: {}: ignored columns {}",
            path.display(),
            import.ignored_columns.join(", ")
        );
    }
    let mut header = vec!["account"];
    header.extend(Dimension::ALL.iter().map(|d| d.name()));
    header.extend(["overall", "respondents"]);
    let mut rows = Vec::new();
    let mut scores = Vec::new();
    for g in &groups {
        let score = policy
            .score(instrument, &g.responses)
            .map_err(|e| fail_msg(path, format!("account {:?}: {e}", g.account)))?;
        let mut row = vec![g.account.clone()];
        row.extend(Dimension::ALL.iter().map(|&d| {
            score
                .dimension(d)
                .score()
                .map_or_else(String::new, |s| format!("{s:.3}"))
        }));
        row.push(
            score
                .overall
                .map_or_else(String::new, |o| format!("{:.3}", o.value.value())),
        );
        row.push(score.respondents.to_string());
        rows.push(row);
        scores.push(serde_json::json!({"account": g.account, "score": score}));
    }
    match format {
        Format::Json => json(&scores),
        Format::Csv => csv(&header, &rows),
        Format::Table => {
            let shown: Vec<Vec<String>> = rows
                .into_iter()
                .map(|r| {
                    r.into_iter()
                        .map(|c| if c.is_empty() { "-".into() } else { c })
                        .collect()
                })
                .collect();
            Ok(Table::plain(&header, |h| h != "account", shown).render(false))
        }
    }
}

pub fn run(
    path: &std::path::Path,
    instrument: Option<&std::path::Path>,
    min_respondents: usize,
    format: Format,
) -> CliResult {
    let instrument: Instrument = match instrument {
        Some(p) => Instrument::from_json(&read_file(p)?).map_err(|e| fail(p, e))?,
        None => Instrument::standard(),
    };
    let mut policy = ScoringPolicy::default();
    policy.coverage.min_respondents = min_respondents;
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        return run_csv(path, &instrument, &policy, format);
    }
    let responses = responses_from_json(&read_file(path)?).map_err(|e| fail(path, e))?;
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

/// `trustkit instrument`: the standard instrument's items.
pub fn instrument(format: Format) -> CliResult {
    let instrument = Instrument::standard();
    let header = ["item", "belief", "reverse_coded", "scale", "prompt"];
    let rows: Vec<Vec<String>> = instrument
        .items()
        .iter()
        .map(|i| {
            vec![
                i.id.clone(),
                i.dimension.name().to_owned(),
                i.reverse_coded.to_string(),
                format!("{}–{}", i.scale.min, i.scale.max),
                i.prompt.clone(),
            ]
        })
        .collect();
    match format {
        Format::Json => json(&instrument),
        Format::Csv => csv(&header, &rows),
        Format::Table => Ok(format!(
            "{:?}: {} items, answers 1 (disagree) to 5 (agree), n/a allowed\n\n{}",
            instrument.name(),
            instrument.items().len(),
            Table::plain(&header, |_| false, rows).render(false)
        )),
    }
}
