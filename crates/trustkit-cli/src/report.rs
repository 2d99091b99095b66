//! `trustkit report`: one row per account.

use trustkit::loyalty::Colour;
use trustkit::portfolio::{Diagnosis, Portfolio};

use crate::table::{Table, Tone, csv, json};
use crate::{Format, fail, read_file};

fn f2(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}

fn tone(c: Colour) -> Tone {
    match c {
        Colour::Red => Tone::Red,
        Colour::Yellow => Tone::Yellow,
        Colour::Green => Tone::Green,
    }
}

/// Loads the portfolio at `path`, or the bundled sample.
pub fn load(path: Option<&std::path::Path>) -> Result<Portfolio, String> {
    match path {
        Some(p) => Portfolio::from_json(&read_file(p)?).map_err(|e| fail(p, e)),
        None => Portfolio::sample().map_err(|e| format!("bundled sample: {e}")),
    }
}

const HEADER: [&str; 14] = [
    "account",
    "quotient",
    "assessment",
    "weakest_belief",
    "learned",
    "trend",
    "commitment",
    "relationship",
    "health",
    "health_driver",
    "renewal",
    "switch_at",
    "moment",
    "action",
];

fn cells(d: &Diagnosis) -> Vec<String> {
    vec![
        d.account.clone(),
        f2(d.equation.as_ref().map(|e| e.quotient)),
        f2(d.assessment.as_ref().and_then(|a| a.index)),
        d.assessment
            .as_ref()
            .and_then(|a| a.weakest)
            .map_or("-".into(), |w| w.name().to_owned()),
        f2(d.learned.as_ref().map(|l| l.trust)),
        d.learned
            .as_ref()
            .map_or("-".into(), |l| format!("{:?}", l.trend).to_lowercase()),
        d.commitment.name().to_owned(),
        d.relationship.name().to_owned(),
        d.health.as_ref().map_or("-".into(), |h| {
            format!("{} {:.0}", h.colour.name(), h.score)
        }),
        d.health
            .as_ref()
            .and_then(|h| h.driver.clone())
            .unwrap_or_else(|| "-".into()),
        format!("{:.2}", d.renewal_probability),
        format!("{:.2}", d.switching_threshold),
        d.action.moment.name().to_owned(),
        d.action.headline.clone(),
    ]
}

/// CSV files whose rows are added to the portfolio before the report.
pub struct Imports<'a> {
    pub experiences: Option<&'a std::path::Path>,
    pub responses: Option<&'a std::path::Path>,
}

pub fn run(
    path: Option<&std::path::Path>,
    imports: &Imports<'_>,
    format: Format,
    colour: bool,
) -> Result<String, String> {
    let mut portfolio = load(path)?;
    if let Some(csv_path) = imports.experiences {
        let file = std::fs::File::open(csv_path).map_err(|e| fail(csv_path, e))?;
        portfolio
            .import_experiences_csv(std::io::BufReader::new(file))
            .map_err(|e| fail(csv_path, e))?;
    }
    if let Some(csv_path) = imports.responses {
        let file = std::fs::File::open(csv_path).map_err(|e| fail(csv_path, e))?;
        portfolio
            .import_responses_csv(std::io::BufReader::new(file))
            .map_err(|e| fail(csv_path, e))?;
    }
    let diagnoses = portfolio.diagnose_all().map_err(|e| match path {
        Some(p) => fail(p, e),
        None => e.to_string(),
    })?;
    match format {
        Format::Json => json(&diagnoses),
        Format::Csv => csv(&HEADER, &diagnoses.iter().map(cells).collect::<Vec<_>>()),
        Format::Table => {
            let right = [
                false, true, true, false, true, false, false, false, false, false, true, true,
                false, false,
            ];
            let cols: Vec<(&str, bool)> = HEADER.iter().copied().zip(right).collect();
            let mut t = Table::new(&cols);
            for d in &diagnoses {
                let health_tone = d.health.as_ref().map_or(Tone::Plain, |h| tone(h.colour));
                t.row(
                    cells(d)
                        .into_iter()
                        .enumerate()
                        .map(|(k, c)| (c, if k == 8 { health_tone } else { Tone::Plain }))
                        .collect(),
                );
            }
            let title = if portfolio.name.is_empty() {
                String::new()
            } else {
                format!("{}\n\n", portfolio.name)
            };
            Ok(format!("{title}{}", t.render(colour)))
        }
    }
}
