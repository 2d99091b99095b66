//! `trustkit report`: one row per account, written as soon as the account is diagnosed.

use std::io::{BufReader, ErrorKind, Write};
use std::path::Path;

use trustkit::chrono::NaiveDate;
use trustkit::loyalty::Colour;
use trustkit::portfolio::{
    Calibration, DETAIL_ACCOUNTS, Diagnoses, Diagnosis, Error, Import, JsonLinesReader, Mapping,
    Portfolio, Rollups, Summary, short_money, short_probability,
};

use crate::CliResult;
use crate::table::{Layout, Tone};
use crate::{ReportFormat as Format, describe, fail, read_file};

/// Whether a path names a JSON Lines portfolio (`.jsonl` or `.ndjson`).
fn is_json_lines(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

fn open(path: &Path) -> CliResult<BufReader<std::fs::File>> {
    std::fs::File::open(path)
        .map(BufReader::new)
        .map_err(|e| fail(path, e))
}

/// Loads the whole portfolio at `path` (JSON, or JSON Lines by extension), or the bundled sample.
pub fn load(path: Option<&Path>) -> CliResult<Portfolio> {
    match path {
        Some(p) if is_json_lines(p) => Portfolio::from_json_lines(open(p)?).map_err(|e| fail(p, e)),
        Some(p) => Portfolio::from_json(&read_file(p)?).map_err(|e| fail(p, e)),
        None => Portfolio::sample().map_err(|e| anyhow::anyhow!("bundled sample: {e}")),
    }
}

fn is_parquet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

/// Opens a Parquet file, or says how to get a build that reads one.
#[cfg(feature = "parquet")]
fn parquet_file(path: &Path) -> CliResult<std::fs::File> {
    std::fs::File::open(path).map_err(|e| fail(path, e))
}

#[cfg(not(feature = "parquet"))]
fn parquet_file(path: &Path) -> CliResult<std::convert::Infallible> {
    Err(crate::fail_msg(
        path,
        "this trustkit was built without Parquet support: cargo install trustkit-cli --features parquet",
    ))
}

/// Reads a column mapping (TOML).
fn mapping(path: Option<&Path>) -> CliResult<Mapping> {
    match path {
        None => Ok(Mapping::default()),
        Some(p) => toml::from_str(&read_file(p)?).map_err(|e| fail(p, e)),
    }
}

/// The order of the table's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    /// Revenue at risk, largest first.
    AtRisk,
    /// Renewal probability, lowest first.
    Renewal,
    /// Blended trust, lowest first.
    Trust,
    /// Health score, lowest first.
    Health,
    /// Account name.
    Name,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Everything `trustkit report` was asked.
pub struct Options<'a> {
    pub sources: Sources<'a>,
    pub format: Format,
    pub colour: bool,
    pub strict: bool,
    pub wide: bool,
    pub sort: Option<SortKey>,
    pub as_of: NaiveDate,
    pub html: Option<&'a Path>,
    /// A calibrated renewal model (`trustkit calibrate`), used instead of the built-in prior.
    pub renewal_model: Option<Calibration>,
    /// Which renewal model the probabilities come from, for the table's footer.
    pub renewal_note: String,
    /// Fitted learner parameters to learn trust with (`trustkit fit --write-params`).
    pub learner: Option<trustkit::learning::LearnerParams>,
}

impl Options<'_> {
    /// What the command line changes in the context the portfolio's settings give: the date, the
    /// detail the dashboard draws, fitted learner parameters and a calibrated renewal model. One
    /// place for the three ways a book is read.
    fn configure(&self, ctx: &mut trustkit::portfolio::DiagnosisContext) {
        ctx.as_of = Some(self.as_of);
        ctx.detail = self.html.is_some();
        if let Some(params) = self.learner {
            ctx.learner = params;
        }
        if let Some(model) = &self.renewal_model {
            ctx.renewal_logit = model.fit.model;
        }
    }
}

/// How the run went: accounts read, reported and rejected.
#[derive(Debug, Default)]
pub struct Outcome {
    pub reported: usize,
    pub rejected: usize,
}

/// The CSV's columns: one value per cell, empty when unknown, numbers as numbers. Documented in
/// docs/cli.md; new columns are only ever added at the end (before pass-through attributes).
const CSV_HEADER: [&str; 31] = [
    "account",
    "name",
    "segment",
    "owner",
    "arr",
    "currency",
    "renewal_date",
    "days_to_renewal",
    "renewal_probability",
    "revenue_at_risk",
    "trust",
    "trust_sources",
    "equation_quotient",
    "equation_level",
    "assessment_index",
    "weakest_belief",
    "learned_trust",
    "learned_trend",
    "betrayal",
    "commitment",
    "relationship",
    "health_score",
    "health_colour",
    "health_trend",
    "health_driver",
    "nps",
    "nps_margin",
    "switching_threshold",
    "moment",
    "action",
    "renewal_calibrated",
];

fn num(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(String::new, |v| format!("{v:.decimals$}"))
}

fn csv_cells(d: &Diagnosis, attributes: &[String]) -> Vec<String> {
    let f = &d.findings;
    let text = |s: Option<&str>| s.unwrap_or_default().to_owned();
    let mut cells = vec![
        d.account.clone(),
        d.name.clone(),
        text(d.segment.as_deref()),
        text(d.owner.as_deref()),
        num(d.arr, 2),
        text(d.currency.as_deref()),
        d.renewal_date.map_or_else(String::new, |t| t.to_string()),
        d.days_to_renewal
            .map_or_else(String::new, |n| n.to_string()),
        num(Some(f.renewal_probability), 4),
        num(d.revenue_at_risk, 2),
        num(Some(f.trust.value()), 4),
        f.trust_sources.to_string(),
        num(f.equation.as_ref().map(|e| e.quotient), 4),
        num(f.equation.as_ref().map(|e| e.level), 4),
        num(f.assessment.as_ref().and_then(|a| a.index), 4),
        text(
            f.assessment
                .as_ref()
                .and_then(|a| a.weakest)
                .map(|w| w.name()),
        ),
        num(f.learned.as_ref().map(|l| l.trust), 4),
        text(f.learned.as_ref().map(|l| l.trend.name())),
        num(f.learned.as_ref().map(|_| f.betrayal().value()), 4),
        f.commitment.name().to_owned(),
        f.relationship.name().to_owned(),
        num(f.health.as_ref().map(|h| h.score), 1),
        text(f.health.as_ref().map(|h| h.colour.name())),
        text(f.health.as_ref().and_then(|h| h.trend).map(|t| t.name())),
        text(f.health.as_ref().and_then(|h| h.driver.as_deref())),
        num(f.nps.as_ref().map(|n| n.score), 1),
        num(f.nps.as_ref().map(|n| n.margin), 1),
        num(f.switching_threshold, 4),
        d.action.moment.name().to_owned(),
        d.action.headline.clone(),
        f.renewal_calibrated.to_string(),
    ];
    cells.extend(
        attributes
            .iter()
            .map(|a| d.attributes.get(a).cloned().unwrap_or_default()),
    );
    cells
}

fn tone(c: Colour) -> Tone {
    match c {
        Colour::Red => Tone::Red,
        Colour::Yellow => Tone::Yellow,
        Colour::Green => Tone::Green,
    }
}

fn dash(x: Option<String>) -> String {
    x.unwrap_or_else(|| "-".to_owned())
}

/// Shortens to `width` characters with an ellipsis.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The compact table fits 120 columns; `--wide` shows every finding and the whole action.
const TABLE: [(&str, bool); 9] = [
    ("account", false),
    ("trust", true),
    ("nps", true),
    ("health", false),
    ("trend", false),
    ("renewal", true),
    ("at_risk", true),
    ("moment", false),
    ("action", false),
];
const WIDE: [(&str, bool); 14] = [
    ("account", false),
    ("quotient", true),
    ("assessment", true),
    ("weakest_belief", false),
    ("learned", true),
    ("trend", false),
    ("commitment", false),
    ("relationship", false),
    ("health", false),
    ("health_driver", false),
    ("renewal", true),
    ("switch_at", true),
    ("moment", false),
    ("action", false),
];
/// Name and action share what the other compact columns leave of 120.
const NAME_WIDTH: usize = 24;
const ACTION_WIDTH: usize = 120 - NAME_WIDTH - (5 + 4 + 9 + 5 + 7 + 7 + 10) - 2 * 8;

fn table_cells(d: &Diagnosis, wide: bool) -> Vec<(String, Tone)> {
    let f = &d.findings;
    let f2 = |x: Option<f64>| x.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
    let health_tone = f.health.as_ref().map_or(Tone::Plain, |h| tone(h.colour));
    let health = dash(
        f.health
            .as_ref()
            .map(|h| format!("{} {:.0}", h.colour.name(), h.score)),
    );
    let plain = |s: String| (s, Tone::Plain);
    if wide {
        return vec![
            plain(d.account.clone()),
            plain(f2(f.equation.as_ref().map(|e| e.quotient))),
            plain(f2(f.assessment.as_ref().and_then(|a| a.index))),
            plain(dash(
                f.assessment
                    .as_ref()
                    .and_then(|a| a.weakest)
                    .map(|w| w.name().to_owned()),
            )),
            plain(f2(f.learned.as_ref().map(|l| l.trust))),
            plain(dash(f.learned.as_ref().map(|l| l.trend.name().to_owned()))),
            plain(f.commitment.name().to_owned()),
            plain(f.relationship.name().to_owned()),
            (health, health_tone),
            plain(dash(f.health.as_ref().and_then(|h| h.driver.clone()))),
            plain(short_probability(f.renewal_probability)),
            plain(
                f.switching_threshold
                    .map_or_else(|| "never".to_owned(), |t| format!("{t:.2}")),
            ),
            plain(d.action.moment.name().to_owned()),
            plain(d.action.headline.clone()),
        ];
    }
    vec![
        plain(fit(&d.name, NAME_WIDTH)),
        plain(format!("{:.2}", f.trust.value())),
        plain(dash(f.nps.as_ref().map(|n| format!("{:+.0}", n.score)))),
        (health, health_tone),
        plain(dash(
            f.health
                .as_ref()
                .and_then(|h| h.trend)
                .map(|t| t.name().to_owned()),
        )),
        plain(short_probability(f.renewal_probability)),
        plain(dash(d.revenue_at_risk.map(short_money))),
        plain(d.action.moment.name().to_owned()),
        plain(fit(&d.action.headline, ACTION_WIDTH)),
    ]
}

/// The sort key of a row (smaller first).
fn order(d: &Diagnosis, key: SortKey) -> f64 {
    let f = &d.findings;
    match key {
        SortKey::AtRisk => -d.revenue_at_risk.unwrap_or(0.0),
        SortKey::Renewal => f.renewal_probability,
        SortKey::Trust => f.trust.value(),
        SortKey::Health => f.health.as_ref().map_or(f64::INFINITY, |h| h.score),
        SortKey::Name => 0.0,
    }
}

/// How many rows the table holds back to size its columns before it starts writing; rows after them
/// are written at once in those widths.
const TABLE_SIZING_ROWS: usize = 1000;

/// Writes diagnoses one at a time in one of the report formats.
struct Writer<'w> {
    out: &'w mut dyn Write,
    format: Format,
    colour: bool,
    wide: bool,
    sort: Option<SortKey>,
    title: String,
    rows: usize,
    held: Vec<Vec<(String, Tone)>>,
    sorted: Vec<Diagnosis>,
    layout: Option<Layout>,
    line: Vec<u8>,
    attributes: Vec<String>,
    rollups: Rollups,
    renewal_note: String,
}

impl<'w> Writer<'w> {
    fn columns(&self) -> Vec<(&'static str, bool)> {
        if self.wide {
            WIDE.to_vec()
        } else {
            TABLE.to_vec()
        }
    }

    /// Starts the output; `name` titles the table.
    fn start(&mut self, name: &str) -> std::io::Result<()> {
        if !name.is_empty() {
            self.title = format!("{name}\n\n");
        }
        match self.format {
            Format::Json => self.out.write_all(b"["),
            Format::Csv => {
                let mut header: Vec<String> = CSV_HEADER.map(str::to_owned).to_vec();
                header.extend(self.attributes.iter().cloned());
                self.csv_line(&header)
            }
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

    fn write(&mut self, d: Diagnosis) -> std::io::Result<()> {
        let first = self.rows == 0;
        self.rows += 1;
        match self.format {
            Format::Csv => {
                let cells = csv_cells(&d, &self.attributes);
                self.csv_line(&cells)
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut *self.out, &d)?;
                self.out.write_all(b"\n")
            }
            Format::Json => {
                // The same bytes as pretty-printing the whole array, one element at a time.
                let pretty = serde_json::to_string_pretty(&d)?;
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
                self.rollups.add(&d);
                if self.sort.is_some() {
                    // Sorting needs every row: hold the diagnoses (a table is for people; past a
                    // few thousand rows use --format csv).
                    self.sorted.push(d);
                    return Ok(());
                }
                let row = table_cells(&d, self.wide);
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
        let titles: Vec<String> = self
            .columns()
            .iter()
            .map(|(t, _)| (*t).to_owned())
            .collect();
        let right: Vec<bool> = self.columns().iter().map(|(_, r)| *r).collect();
        let layout = Layout::fit(&titles, &right, &self.held);
        let mut text = std::mem::take(&mut self.title);
        text.push_str(&layout.header(&titles, self.colour));
        for row in self.held.drain(..) {
            text.push_str(&layout.row(&row, self.colour));
        }
        self.layout = Some(layout);
        self.out.write_all(text.as_bytes())
    }

    /// The roll-ups under the table: one line per segment and per owner.
    fn summary(&mut self) -> std::io::Result<()> {
        let line = |group: &str, s: &Summary| {
            format!(
                "  {:<24} {:>6} {:>10} {:>10}  red {:<4} yellow {:<4} green {:<4} trust {}\n",
                fit(group, 24),
                s.accounts,
                short_money(s.arr),
                short_money(s.revenue_at_risk),
                s.health[0],
                s.health[1],
                s.health[2],
                s.mean_trust().map_or("-".to_owned(), |t| format!("{t:.2}"))
            )
        };
        let r = &self.rollups;
        let mut text = format!(
            "\n{} accounts, ARR {}, revenue at risk {}; {} without trust evidence\n{}\n",
            r.total.accounts,
            short_money(r.total.arr),
            short_money(r.total.revenue_at_risk),
            r.total.without_trust_evidence,
            self.renewal_note
        );
        for (title, groups) in [("segment", &r.by_segment), ("owner", &r.by_owner)] {
            text.push_str(&format!(
                "\n  {:<24} {:>6} {:>10} {:>10}  health\n",
                format!("by {title}"),
                "accts",
                "arr",
                "at_risk"
            ));
            for (group, s) in groups {
                text.push_str(&line(group, s));
            }
        }
        self.out.write_all(text.as_bytes())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        match self.format {
            Format::Json if self.rows == 0 => self.out.write_all(b"]\n")?,
            Format::Json => self.out.write_all(b"\n]\n")?,
            Format::Table => {
                if let Some(key) = self.sort {
                    let mut sorted = std::mem::take(&mut self.sorted);
                    sorted.sort_by(|a, b| {
                        order(a, key)
                            .total_cmp(&order(b, key))
                            .then_with(|| a.name.cmp(&b.name))
                    });
                    self.held = sorted.iter().map(|d| table_cells(d, self.wide)).collect();
                }
                if self.layout.is_none() {
                    self.release()?;
                }
                self.summary()?;
            }
            _ => {}
        }
        self.out.flush()
    }
}

/// The report being written: rejected accounts go to stderr and the others on; in strict mode the
/// first rejection ends it.
struct Report<'w> {
    w: Writer<'w>,
    started: bool,
    strict: bool,
    outcome: Outcome,
    /// `Ok(true)` while writing, `Ok(false)` after the reader closed the pipe, `Err` after a failure.
    state: Result<bool, String>,
    /// Every diagnosis, kept for the HTML dashboard when one is asked for.
    html: Option<Vec<Diagnosis>>,
    /// How many of those still carry their detail.
    details: usize,
}

/// Drops the detail of every diagnosis but the [`DETAIL_ACCOUNTS`] the dashboard will open (the
/// most revenue at risk), so a large book's details never pile up; returns how many are left.
fn keep_top_details(all: &mut [Diagnosis]) -> usize {
    let mut with: Vec<usize> = (0..all.len())
        .filter(|&i| all[i].detail.is_some())
        .collect();
    with.sort_by(|&a, &b| Diagnosis::riskiest_first(&all[a], &all[b]));
    for &i in with.iter().skip(DETAIL_ACCOUNTS) {
        all[i].detail = None;
    }
    with.len().min(DETAIL_ACCOUNTS)
}

impl Report<'_> {
    /// One rejected account or row, on stderr as it happens.
    fn reject(&mut self, message: String) -> bool {
        self.outcome.rejected += 1;
        if self.strict {
            self.state = Err(message);
            return false;
        }
        eprintln!("rejected: {message}");
        true
    }

    /// Writes one diagnosis; false when the report must stop.
    fn accept(&mut self, name: &str, d: Result<Diagnosis, String>) -> bool {
        if !matches!(self.state, Ok(true)) {
            return false;
        }
        let mut d = match d {
            Ok(d) => d,
            Err(e) => return self.reject(e),
        };
        // The detail is for the dashboard only; the report's rows never carry it.
        let detail = d.detail.take();
        if !self.started {
            self.started = true;
            let r = self.w.start(name);
            if !self.io(r) {
                return false;
            }
        }
        self.outcome.reported += 1;
        if let Some(all) = &mut self.html {
            let mut kept = d.clone();
            kept.detail = detail;
            all.push(kept);
            self.details += 1;
            if self.details > 2 * DETAIL_ACCOUNTS {
                self.details = keep_top_details(all);
            }
        }
        let r = self.w.write(d);
        self.io(r)
    }

    /// A closed pipe (trustkit report | head) ends the report quietly; other write errors are
    /// errors.
    fn io(&mut self, r: std::io::Result<()>) -> bool {
        match r {
            Ok(()) => true,
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.state = Ok(false);
                false
            }
            Err(e) => {
                self.state = Err(format!("writing the report: {e}"));
                false
            }
        }
    }

    fn close(mut self, name: &str, html: Option<(&Path, NaiveDate)>) -> CliResult<Outcome> {
        if let (Some(all), Some((path, as_of)), Ok(_)) = (&self.html, html, &self.state) {
            let page = trustkit::portfolio::dashboard(
                if name.is_empty() {
                    "trustkit report"
                } else {
                    name
                },
                all,
                &as_of.to_string(),
            );
            std::fs::write(path, page).map_err(|e| fail(path, e))?;
        }
        if matches!(self.state, Ok(true)) {
            if !self.started {
                let r = self.w.start(name);
                self.io(r);
            }
            if matches!(self.state, Ok(true)) {
                let r = self.w.finish();
                self.io(r);
            }
        }
        self.state.map(|_| self.outcome).map_err(anyhow::Error::msg)
    }
}

/// Applies an import: its ignored columns as one warning, its rejected rows to the report.
fn imported(report: &mut Report<'_>, path: &Path, import: Result<Import, Error>) -> CliResult<()> {
    let import = import.map_err(|e| fail(path, e))?;
    if !import.ignored_columns.is_empty() {
        eprintln!(
            "warning: {}: ignored columns {}",
            path.display(),
            import.ignored_columns.join(", ")
        );
    }
    for e in import.rejected {
        if !report.reject(describe(&fail(path, e))) {
            return Err(anyhow::Error::msg(
                report.state.clone().err().unwrap_or_default(),
            ));
        }
    }
    Ok(())
}

/// Where a book of accounts comes from: a portfolio file (or the sample) or a CRM export, and the
/// CSV files added to it.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    pub portfolio: Option<&'a Path>,
    pub accounts: Option<&'a Path>,
    pub mapping: Option<&'a Path>,
    pub experiences: Option<&'a Path>,
    pub responses: Option<&'a Path>,
    pub outcomes: Option<&'a Path>,
}

/// What to do with each import: its file, its result, and (for a CRM export) the pass-through
/// columns.
pub type OnImport<'f> =
    dyn FnMut(&Path, Result<Import, Error>, Option<Vec<String>>) -> CliResult<()> + 'f;

/// Reads the accounts and adds the experiences, responses and outcomes to them.
pub fn assemble(s: &Sources<'_>, on_import: &mut OnImport<'_>) -> CliResult<Portfolio> {
    let mut p = match s.accounts {
        Some(path) => {
            let mapping = mapping(s.mapping)?;
            let read = if is_parquet(path) {
                #[cfg(feature = "parquet")]
                {
                    Portfolio::from_accounts_parquet(parquet_file(path)?, &mapping)
                }
                #[cfg(not(feature = "parquet"))]
                match parquet_file(path)? {}
            } else {
                Portfolio::from_accounts_csv(open(path)?, &mapping)
            };
            let (p, import) = read.map_err(|e| fail(path, e))?;
            let columns = attribute_columns(&p);
            on_import(path, Ok(import), Some(columns))?;
            p
        }
        None => load(s.portfolio)?,
    };
    if let Some(path) = s.experiences {
        let import = if is_parquet(path) {
            #[cfg(feature = "parquet")]
            {
                p.import_experiences_parquet(parquet_file(path)?)
            }
            #[cfg(not(feature = "parquet"))]
            match parquet_file(path)? {}
        } else {
            p.import_experiences_csv(open(path)?)
        };
        on_import(path, import, None)?;
    }
    if let Some(path) = s.responses {
        let import = p.import_responses_csv(open(path)?);
        on_import(path, import, None)?;
    }
    if let Some(path) = s.outcomes {
        let import = p.import_outcomes_csv(open(path)?);
        on_import(path, import, None)?;
    }
    Ok(p)
}

/// Diagnoses every account once and writes each row to `out` as soon as it is ready, in input
/// order. A JSON Lines portfolio without imports is streamed account by account; memory then holds
/// one chunk of accounts, not the portfolio.
pub fn run(o: &Options<'_>, out: &mut dyn Write) -> CliResult<Outcome> {
    let source = o.sources.accounts.or(o.sources.portfolio);
    let at = |e: Error| match source {
        Some(p) => describe(&fail(p, e)),
        None => e.to_string(),
    };
    let mut report = Report {
        w: Writer {
            out,
            format: o.format,
            colour: o.colour,
            wide: o.wide,
            sort: o.sort,
            title: String::new(),
            rows: 0,
            held: Vec::new(),
            sorted: Vec::new(),
            layout: None,
            line: Vec::new(),
            attributes: Vec::new(),
            rollups: Rollups::default(),
            renewal_note: o.renewal_note.clone(),
        },
        started: false,
        strict: o.strict,
        outcome: Outcome::default(),
        state: Ok(true),
        html: o.html.map(|_| Vec::new()),
        details: 0,
    };
    let html = o.html.map(|p| (p, o.as_of));
    let no_imports = o.sources.experiences.is_none() && o.sources.responses.is_none();
    match (o.sources.accounts, o.sources.portfolio) {
        (None, Some(p)) if no_imports && is_json_lines(p) => {
            let mut reader = JsonLinesReader::new(open(p)?).map_err(|e| fail(p, e))?;
            o.configure(reader.context_mut());
            let name = reader.header().name.clone();
            for d in reader.diagnoses() {
                if !report.accept(&name, d.map_err(at)) {
                    break;
                }
            }
            report.close(&name, html)
        }
        (None, Some(p)) if no_imports => {
            // One document, diagnosed while it is parsed (see Portfolio::diagnose_json).
            let text = read_file(p)?;
            let header =
                Portfolio::diagnose_json_with(&text, &|ctx| o.configure(ctx), &mut |h, d| {
                    report.accept(&h.name, d.map_err(at))
                })
                .map_err(|e| fail(p, e))?;
            report.close(&header.name, html)
        }
        _ => {
            let mut p = assemble(&o.sources, &mut |path, import, columns| {
                if let Some(columns) = columns {
                    report.w.attributes = columns;
                }
                imported(&mut report, path, import)
            })?;
            let mut ctx = p.context();
            o.configure(&mut ctx);
            let name = std::mem::take(&mut p.name);
            let accounts = std::mem::take(&mut p.accounts);
            for d in Diagnoses::new(ctx, accounts.into_iter().map(Ok)) {
                if !report.accept(&name, d.map_err(at)) {
                    break;
                }
            }
            report.close(&name, html)
        }
    }
}

/// The pass-through columns of an accounts CSV, in their first-seen order, for the CSV report.
fn attribute_columns(p: &Portfolio) -> Vec<String> {
    let mut seen = Vec::new();
    for a in &p.accounts {
        for k in a.attributes.keys() {
            if !seen.contains(k) {
                seen.push(k.clone());
            }
        }
    }
    seen
}
