//! `trustkit report`: one row per account, written as soon as the account is diagnosed.

use std::io::{BufReader, ErrorKind, Write};
use std::path::Path;

use trustkit::loyalty::Colour;
use trustkit::portfolio::{Diagnoses, Diagnosis, Error, JsonLinesReader, Portfolio};

use crate::table::{Layout, Tone};
use crate::{ReportFormat as Format, fail, read_file};

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

/// Whether a path names a JSON Lines portfolio (`.jsonl` or `.ndjson`).
fn is_json_lines(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

fn open(path: &Path) -> Result<BufReader<std::fs::File>, String> {
    std::fs::File::open(path)
        .map(BufReader::new)
        .map_err(|e| fail(path, e))
}

/// Loads the whole portfolio at `path` (JSON, or JSON Lines by extension), or the bundled sample.
pub fn load(path: Option<&Path>) -> Result<Portfolio, String> {
    match path {
        Some(p) if is_json_lines(p) => Portfolio::from_json_lines(open(p)?).map_err(|e| fail(p, e)),
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

const RIGHT: [bool; 14] = [
    false, true, true, false, true, false, false, false, false, false, true, true, false, false,
];

fn cells(d: &Diagnosis) -> Vec<String> {
    let f = &d.findings;
    vec![
        d.account.clone(),
        f2(f.equation.as_ref().map(|e| e.quotient)),
        f2(f.assessment.as_ref().and_then(|a| a.index)),
        f.assessment
            .as_ref()
            .and_then(|a| a.weakest)
            .map_or("-".into(), |w| w.name().to_owned()),
        f2(f.learned.as_ref().map(|l| l.trust)),
        f.learned
            .as_ref()
            .map_or("-".into(), |l| l.trend.name().to_owned()),
        f.commitment.name().to_owned(),
        f.relationship.name().to_owned(),
        f.health.as_ref().map_or("-".into(), |h| {
            format!("{} {:.0}", h.colour.name(), h.score)
        }),
        f.health
            .as_ref()
            .and_then(|h| h.driver.clone())
            .unwrap_or_else(|| "-".into()),
        format!("{:.2}", f.renewal_probability),
        f.switching_threshold
            .map_or_else(|| "never".to_owned(), |t| format!("{t:.2}")),
        d.action.moment.name().to_owned(),
        d.action.headline.clone(),
    ]
}

/// CSV files whose rows are added to the portfolio before the report.
pub struct Imports<'a> {
    pub experiences: Option<&'a Path>,
    pub responses: Option<&'a Path>,
}

/// How many rows the table holds back to size its columns before it starts writing; rows after them
/// are written at once in those widths.
const TABLE_SIZING_ROWS: usize = 1000;

/// Writes diagnoses one at a time in one of the report formats.
struct Writer<'w> {
    out: &'w mut dyn Write,
    format: Format,
    colour: bool,
    title: String,
    rows: usize,
    held: Vec<Vec<(String, Tone)>>,
    layout: Option<Layout>,
    line: Vec<u8>,
}

impl<'w> Writer<'w> {
    fn new(out: &'w mut dyn Write, format: Format, colour: bool) -> Self {
        Self {
            out,
            format,
            colour,
            title: String::new(),
            rows: 0,
            held: Vec::new(),
            layout: None,
            line: Vec::new(),
        }
    }

    fn header_titles() -> Vec<String> {
        HEADER.iter().map(|h| (*h).to_owned()).collect()
    }

    /// Starts the output; `name` titles the table.
    fn start(&mut self, name: &str) -> std::io::Result<()> {
        if !name.is_empty() {
            self.title = format!("{name}\n\n");
        }
        match self.format {
            Format::Json => self.out.write_all(b"["),
            Format::Csv => self.csv_line(&HEADER.map(str::to_owned)),
            Format::Jsonl | Format::Table => Ok(()),
        }
    }

    fn csv_line(&mut self, record: &[String]) -> std::io::Result<()> {
        self.line.clear();
        {
            let mut w = csv::WriterBuilder::new()
                .buffer_capacity(1024)
                .from_writer(&mut self.line);
            w.write_record(record)?;
            w.flush()?;
        }
        self.out.write_all(&self.line)
    }

    fn write(&mut self, d: &Diagnosis) -> std::io::Result<()> {
        let first = self.rows == 0;
        self.rows += 1;
        match self.format {
            Format::Csv => self.csv_line(&cells(d)),
            Format::Jsonl => {
                serde_json::to_writer(&mut *self.out, d)?;
                self.out.write_all(b"\n")
            }
            Format::Json => {
                // The same bytes as pretty-printing the whole array, one element at a time.
                let pretty = serde_json::to_string_pretty(d)?;
                self.out.write_all(if first { b"\n" } else { b",\n" })?;
                for (k, line) in pretty.lines().enumerate() {
                    if k > 0 {
                        self.out.write_all(b"\n")?;
                    }
                    write!(self.out, "  {line}")?;
                }
                Ok(())
            }
            Format::Table => {
                let health = d
                    .findings
                    .health
                    .as_ref()
                    .map_or(Tone::Plain, |h| tone(h.colour));
                let row: Vec<(String, Tone)> = cells(d)
                    .into_iter()
                    .enumerate()
                    .map(|(k, c)| (c, if k == 8 { health } else { Tone::Plain }))
                    .collect();
                match &self.layout {
                    Some(layout) => {
                        let line = layout.row(&row, self.colour);
                        self.out.write_all(line.as_bytes())
                    }
                    None => {
                        self.held.push(row);
                        if self.held.len() >= TABLE_SIZING_ROWS {
                            self.release()?;
                        }
                        Ok(())
                    }
                }
            }
        }
    }

    /// Fixes the table's widths from the rows held so far and writes them.
    fn release(&mut self) -> std::io::Result<()> {
        let titles = Self::header_titles();
        let layout = Layout::fit(&titles, &RIGHT, &self.held);
        let mut text = std::mem::take(&mut self.title);
        text.push_str(&layout.header(&titles, self.colour));
        for row in self.held.drain(..) {
            text.push_str(&layout.row(&row, self.colour));
        }
        self.layout = Some(layout);
        self.out.write_all(text.as_bytes())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        match self.format {
            Format::Json if self.rows == 0 => self.out.write_all(b"]\n")?,
            Format::Json => self.out.write_all(b"\n]\n")?,
            Format::Table if self.layout.is_none() => self.release()?,
            _ => {}
        }
        self.out.flush()
    }
}

/// Diagnoses every account of the portfolio at `path` (or the bundled sample) once and writes each
/// row to `out` as soon as it is ready, in input order. A JSON Lines portfolio without imports is
/// streamed account by account; memory then holds one chunk of accounts, not the portfolio.
pub fn run(
    path: Option<&Path>,
    imports: &Imports<'_>,
    format: Format,
    colour: bool,
    out: &mut dyn Write,
) -> Result<(), String> {
    let at = |e: Error| match path {
        Some(p) => fail(p, e),
        None => e.to_string(),
    };
    let mut report = Report {
        w: Writer::new(out, format, colour),
        started: false,
        outcome: Ok(true),
    };
    let no_imports = imports.experiences.is_none() && imports.responses.is_none();
    match path {
        Some(p) if no_imports && is_json_lines(p) => {
            let reader = JsonLinesReader::new(open(p)?).map_err(|e| fail(p, e))?;
            let name = reader.header().name.clone();
            for d in reader.diagnoses() {
                if !report.accept(&name, d.map_err(at)) {
                    break;
                }
            }
            report.close(&name)
        }
        Some(p) if no_imports => {
            // One document, diagnosed while it is parsed (see Portfolio::diagnose_json).
            let text = read_file(p)?;
            let header =
                Portfolio::diagnose_json(&text, &mut |h, d| report.accept(&h.name, d.map_err(at)))
                    .map_err(|e| fail(p, e))?;
            report.close(&header.name)
        }
        _ => {
            let mut portfolio = load(path)?;
            if let Some(csv_path) = imports.experiences {
                portfolio
                    .import_experiences_csv(open(csv_path)?)
                    .and_then(trustkit::portfolio::Import::strict)
                    .map_err(|e| fail(csv_path, e))?;
            }
            if let Some(csv_path) = imports.responses {
                portfolio
                    .import_responses_csv(open(csv_path)?)
                    .and_then(trustkit::portfolio::Import::strict)
                    .map_err(|e| fail(csv_path, e))?;
            }
            let ctx = portfolio.context();
            let name = std::mem::take(&mut portfolio.name);
            let accounts = std::mem::take(&mut portfolio.accounts);
            for d in Diagnoses::new(ctx, accounts.into_iter().map(Ok)) {
                if !report.accept(&name, d.map_err(at)) {
                    break;
                }
            }
            report.close(&name)
        }
    }
}

/// The report being written: the first bad account or failed write ends it.
struct Report<'w> {
    w: Writer<'w>,
    started: bool,
    /// `Ok(true)` while writing, `Ok(false)` after the reader closed the pipe, `Err` after a failure.
    outcome: Result<bool, String>,
}

impl Report<'_> {
    /// Writes one diagnosis; false when the report must stop.
    fn accept(&mut self, name: &str, d: Result<Diagnosis, String>) -> bool {
        if !matches!(self.outcome, Ok(true)) {
            return false;
        }
        let d = match d {
            Ok(d) => d,
            Err(e) => {
                self.outcome = Err(e);
                return false;
            }
        };
        if !self.started {
            self.started = true;
            let r = self.w.start(name);
            if !self.io(r) {
                return false;
            }
        }
        let r = self.w.write(&d);
        self.io(r)
    }

    /// A closed pipe (trustkit report | head) ends the report quietly; other write errors are
    /// errors.
    fn io(&mut self, r: std::io::Result<()>) -> bool {
        match r {
            Ok(()) => true,
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.outcome = Ok(false);
                false
            }
            Err(e) => {
                self.outcome = Err(format!("writing the report: {e}"));
                false
            }
        }
    }

    fn close(mut self, name: &str) -> Result<(), String> {
        if matches!(self.outcome, Ok(true)) {
            if !self.started {
                let r = self.w.start(name);
                self.io(r);
            }
            if matches!(self.outcome, Ok(true)) {
                let r = self.w.finish();
                self.io(r);
            }
        }
        self.outcome.map(|_| ())
    }
}
