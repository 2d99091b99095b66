//! `trustkit`: reports on a portfolio of B2B accounts, simulations of the trust experiments with
//! charts, model fitting and assessment scoring. It parses, reads, prints and plots; the logic lives
//! in the trustkit library.
#![forbid(unsafe_code)]

mod assess;
mod calibrate;
mod churn;
mod fit;
mod plot;
mod report;
mod simulate;
#[cfg(feature = "datafusion")]
mod sql;
mod table;
mod trajectory;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns (coloured on a terminal).
    Table,
    /// JSON.
    Json,
    /// CSV with a header row.
    Csv,
}

/// Output format of `report`: the three of [`Format`] and JSON Lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns (coloured on a terminal); widths fit the first 1 000 rows.
    Table,
    /// One JSON array.
    Json,
    /// JSON Lines: one diagnosis per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

#[derive(Parser)]
#[command(
    name = "trustkit",
    version,
    about = "How much does each customer trust us, why, how is it moving, and what does it do to renewal?",
    after_help = "Examples:\n  trustkit report                      # the bundled sample portfolio\n  trustkit report accounts.json --format csv\n  trustkit simulate trust-game --svg trust-game.svg\n  trustkit fit histories.csv --model all\n  trustkit assess responses.json\n  trustkit plot trajectory acme-logistics --svg acme.svg\n\nExit codes: 0 ok, 1 bad input, 2 usage, 3 report written with some accounts rejected."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// One row per account: trust, commitment, health, renewal, switching threshold, next action.
    #[command(
        after_help = "Without PORTFOLIO or --accounts, reports on the bundled sample portfolio. A .jsonl or .ndjson\nportfolio (a header line, then one account per line) is read and reported account by account.\nRows are written as each account is diagnosed, in input order, on every core\n(RAYON_NUM_THREADS limits the threads). A rejected account or row is named on stderr and the\nothers are reported; the exit code is then 3 (--strict stops at the first, exit code 1).\n\nExamples:\n  trustkit report --format json > diagnoses.json\n  trustkit report book.jsonl --format jsonl > diagnoses.jsonl\n  trustkit report --accounts salesforce.csv --mapping mapping.toml --experiences touchpoints.csv --sort at-risk"
    )]
    Report {
        #[command(flatten)]
        book: Book,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Stop at the first rejected account or row (exit code 1) instead of reporting the rest.
        #[arg(long)]
        strict: bool,
        /// Order of the table's rows (the table then holds every row before printing).
        #[arg(long, value_enum)]
        sort: Option<report::SortKey>,
        /// Every finding in the table, and the whole action, however wide.
        #[arg(long)]
        wide: bool,
        /// Colour in the table: auto (a terminal without NO_COLOR), always or never.
        #[arg(long, value_enum, default_value_t = report::ColorChoice::Auto)]
        color: report::ColorChoice,
        /// The date the report is as of, for days to renewal (YYYY-MM-DD; default today, UTC).
        #[arg(long)]
        as_of: Option<trustkit::chrono::NaiveDate>,
        /// Also write the team dashboard: one self-contained HTML page (no network requests).
        #[arg(long)]
        html: Option<PathBuf>,
        /// A renewal model written by `trustkit calibrate` (default: ./renewal-model.json when it
        /// exists; otherwise the built-in, uncalibrated prior).
        #[arg(long)]
        renewal_model: Option<PathBuf>,
        /// Learner parameters (JSON, as `trustkit fit --write-params` writes them) to learn trust
        /// with instead of the defaults.
        #[arg(long)]
        learner: Option<PathBuf>,
    },
    /// Fit the renewal model to past renewal decisions and show how accurate it is on held-out
    /// decisions, next to the health score alone, NPS alone and the base rate.
    #[command(
        after_help = "Without PORTFOLIO or --accounts, calibrates on the bundled sample and its invented past outcomes.
Outcomes CSV columns: account,decided_at,outcome (renewed/churned/downgraded) and optionally
arr_before,arr_after,previous_health,nps (answers, e.g. \"9 10 6\"), market facts, health.<metric>.
A decision sees only evidence dated before it (see docs/model.md). Writes the model to --out,
where `trustkit report` finds it.

Examples:
  trustkit calibrate --svg reliability.svg
  trustkit calibrate book.json --outcomes renewals.csv --l2 1 --folds 10"
    )]
    Calibrate {
        #[command(flatten)]
        book: Book,
        /// Past renewal decisions (CSV, one row per decision).
        #[arg(long)]
        outcomes: Option<PathBuf>,
        /// Cross-validation folds (2–20).
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(2..=20))]
        folds: u64,
        /// Seed of the fold assignment.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Ridge penalty on the coefficients (0 = none; 0.1–1 for a few hundred decisions or fewer).
        #[arg(long, default_value_t = 0.0)]
        l2: f64,
        /// Where to write the fitted model.
        #[arg(long, default_value = calibrate::DEFAULT_MODEL)]
        out: PathBuf,
        /// Also draw the reliability diagram (predicted against observed renewal) to this SVG.
        #[arg(long)]
        svg: Option<PathBuf>,
        /// Output format (csv: the calibration table by tenth).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// The date to record as the fit's (YYYY-MM-DD; default today, UTC).
        #[arg(long)]
        as_of: Option<trustkit::chrono::NaiveDate>,
    },
    /// Simulate an experiment of trustkit-learning.
    #[command(
        after_help = "Example:\n  trustkit simulate trust-game --subjects 2000 --seed 2010 --svg trust-game.svg"
    )]
    Simulate {
        /// Which experiment.
        #[arg(value_enum)]
        experiment: Experiment,
        /// Simulated subjects (trust game and partner choice).
        #[arg(long)]
        subjects: Option<usize>,
        /// Random seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Also write a chart to this SVG file.
        #[arg(long)]
        svg: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Fit learning models to histories in a CSV file and compare them.
    #[command(
        after_help = "CSV columns: subject,time,reward and optionally promised,prior,measurement,investment,choice.\n\nExample:\n  trustkit fit histories.csv --model all"
    )]
    Fit {
        /// The data file.
        data: PathBuf,
        /// A model (gain_loss, gain_loss_init, confirmation_bias, trust_decay, dynamic_belief) or all.
        #[arg(long, default_value = "all")]
        model: String,
        /// Starting points per model, spread by a Latin hypercube (1–10 000). A fit is reported
        /// converged only when two starts reach the same optimum.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=10_000))]
        starts: u64,
        /// Seed of the starting points.
        #[arg(long, default_value_t = 2010)]
        seed: u64,
        /// The optimiser: L-BFGS on the exact gradient, or Nelder–Mead (no gradient, slower).
        #[arg(long, value_enum, default_value_t = fit::Method::Lbfgs)]
        method: fit::Method,
        /// Write the learner parameters of the model best by AIC to this JSON file, for
        /// `trustkit report --learner`.
        #[arg(long)]
        write_params: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Score the four-question trust assessment: a JSON array of responses, or a long-format CSV
    /// (account,respondent,role,answered_at,item,answer) scored per account.
    #[command(
        after_help = "Example:\n  trustkit assess responses.json --instrument my-instrument.json"
    )]
    Assess {
        /// Responses: a JSON array, or a .csv in the format of `report --responses`.
        responses: PathBuf,
        /// A custom instrument (JSON); the standard instrument otherwise.
        #[arg(long)]
        instrument: Option<PathBuf>,
        /// Respondents a dimension needs before it gets a score (at least 1).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
        min_respondents: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Churn models from your own data.
    Churn {
        #[command(subcommand)]
        command: ChurnCommand,
    },
    /// Print the standard four-question instrument (item ids, belief, prompt, reverse coding), to
    /// build a survey whose answers `assess` and `report --responses` read.
    #[command(after_help = "Example:\n  trustkit instrument --format csv > survey-items.csv")]
    Instrument {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Draw charts.
    Plot {
        #[command(subcommand)]
        chart: Chart,
    },
    /// Run SQL with trustkit's functions over Parquet and CSV files (Apache DataFusion).
    #[cfg(feature = "datafusion")]
    #[command(
        after_help = "Functions: trust_quotient, trust_level, health_score, health_colour, churn_probability,\nrenewal_probability (scalars); nps, nps_margin, assessment, learned_trust (aggregates).\nNULL is a missing value. See docs/sql.md.\n\nExamples:\n  trustkit sql \"SELECT account, nps(answer) AS nps, nps_margin(answer) AS margin FROM answers GROUP BY account\" --table answers=nps.csv\n  trustkit sql \"SELECT account, learned_trust(reward, at) AS trust FROM experiences GROUP BY account\" --table experiences=lake/experiences/ --output trust.parquet"
    )]
    Sql {
        /// The query.
        query: String,
        /// A table for the query: NAME=PATH, a .parquet or .csv file or a directory of .parquet
        /// files. Repeat for more tables.
        #[arg(long = "table", value_name = "NAME=PATH")]
        tables: Vec<sql::Table>,
        /// Write the result to this file (.parquet, .csv or .json) instead of printing it.
        #[arg(long)]
        output: Option<PathBuf>,
        /// A renewal model written by `trustkit calibrate`, for renewal_probability (default:
        /// the built-in, uncalibrated prior).
        #[arg(long)]
        renewal_model: Option<PathBuf>,
    },
}

/// Where a book of accounts comes from, for `report` and `calibrate`.
#[derive(clap::Args)]
struct Book {
    /// A portfolio: JSON (schema_version 1), or JSON Lines by extension (see docs/cli.md); past
    /// renewal decisions may sit in each account's `renewals`.
    #[arg(conflicts_with = "accounts")]
    portfolio: Option<PathBuf>,
    /// Accounts from a CRM export (CSV or Parquet, one row per account) instead of a portfolio file.
    #[arg(long)]
    accounts: Option<PathBuf>,
    /// Which columns of --accounts hold what (TOML; see docs/cli.md).
    #[arg(long, requires = "accounts")]
    mapping: Option<PathBuf>,
    /// Add experiences from CSV first (account,time,reward[,promised,moment,kind]).
    #[arg(long)]
    experiences: Option<PathBuf>,
    /// Add assessment answers from CSV first (account,respondent,role,answered_at,item,answer).
    #[arg(long)]
    responses: Option<PathBuf>,
}

impl Book {
    /// The files, with the outcomes CSV when there is one.
    fn sources<'a>(&'a self, outcomes: Option<&'a Path>) -> report::Sources<'a> {
        report::Sources {
            portfolio: self.portfolio.as_deref(),
            accounts: self.accounts.as_deref(),
            mapping: self.mapping.as_deref(),
            experiences: self.experiences.as_deref(),
            responses: self.responses.as_deref(),
            outcomes,
        }
    }
}

#[derive(Subcommand)]
enum ChurnCommand {
    /// Logistic regression of an outcome column on the factors that drive churn (adoption,
    /// unresolved tickets, contact frequency, …): coefficients, standard errors, odds ratios with
    /// 95 % intervals, p-values, log-likelihood and AIC.
    #[command(
        after_help = "Every column but the outcome is a factor unless --features names them. Outcomes: 1/0,\ntrue/false or yes/no. Perfect separation and collinear factors are errors that say which.\n\nExample:\n  trustkit churn fit accounts.csv --outcome churned --features adoption,tickets"
    )]
    Fit {
        /// A CSV with a header row.
        data: PathBuf,
        /// The outcome column (1 = churned).
        #[arg(long)]
        outcome: String,
        /// The factor columns, comma-separated (default: every other column).
        #[arg(long, value_delimiter = ',')]
        features: Option<Vec<String>>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Experiment {
    /// The trust game of Chang et al. (2010).
    TrustGame,
    /// Partner choice after Buntain & Golbeck (2015).
    PartnerChoice,
    /// Switching under a better offer (prospect theory).
    Switching,
}

#[derive(Subcommand)]
enum Chart {
    /// An account's learned trust over time, experiences labelled by moment.
    #[command(after_help = "Example:\n  trustkit plot trajectory acme-logistics --svg acme.svg")]
    Trajectory {
        /// The account id.
        account: String,
        /// A portfolio JSON file; the bundled sample otherwise.
        portfolio: Option<PathBuf>,
        /// The SVG file to write.
        #[arg(long)]
        svg: PathBuf,
    },
}

/// A command's result: its output, or an error with its cause chain (anyhow), printed once by
/// `main` as `error: …`.
pub type CliResult<T = String> = anyhow::Result<T>;

/// An error from reading `path`, keeping the library's error (and its source chain) as the cause.
pub fn fail<E>(path: &Path, e: E) -> anyhow::Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    anyhow::Error::new(e).context(path.display().to_string())
}

/// A problem with `path` the CLI itself found, in words.
pub fn fail_msg(path: &Path, message: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("{message}").context(path.display().to_string())
}

/// Reads a whole file, naming it in the error.
pub fn read_file(path: &Path) -> CliResult {
    std::fs::read_to_string(path).map_err(|e| fail(path, e))
}

/// The message of an error and its causes, each cause added only when the message does not already
/// say it (library errors often print their cause themselves): `file: accounts[0]…: reward must be…`.
pub fn describe(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if text.is_empty() {
            text = part;
        } else if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
    }
    text
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let terminal = std::io::stdout().is_terminal();
    let result = match cli.command {
        Command::Report {
            book,
            format,
            strict,
            sort,
            wide,
            color,
            as_of,
            html,
            renewal_model,
            learner,
        } => {
            let learner = match learner
                .as_deref()
                .map(|p| {
                    read_file(p).and_then(|text| {
                        serde_json::from_str::<trustkit::learning::LearnerParams>(&text)
                            .map_err(|e| fail(p, e))
                    })
                })
                .transpose()
            {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("error: {}", describe(&e));
                    return ExitCode::from(1);
                }
            };
            let model = match calibrate::ModelFile::find(renewal_model.as_deref()) {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            };
            let renewal_note = calibrate::ModelFile::describe(model.as_ref());
            if format != ReportFormat::Table && model.is_some() {
                eprintln!("{renewal_note}");
            }
            let colour = match color {
                report::ColorChoice::Always => true,
                report::ColorChoice::Never => false,
                report::ColorChoice::Auto => {
                    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let options = report::Options {
                sources: book.sources(None),
                format,
                colour,
                strict,
                wide,
                sort,
                as_of: as_of.unwrap_or_else(|| trustkit::chrono::Utc::now().date_naive()),
                html: html.as_deref(),
                renewal_model: model.map(|m| m.calibration),
                learner,
                renewal_note,
            };
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            match report::run(&options, &mut out) {
                Ok(outcome) if outcome.rejected > 0 => {
                    drop(out);
                    eprintln!(
                        "read {} accounts: {} reported, {} rejected",
                        outcome.reported + outcome.rejected,
                        outcome.reported,
                        outcome.rejected
                    );
                    return ExitCode::from(3);
                }
                other => other.map(|_| String::new()),
            }
        }
        Command::Calibrate {
            book,
            outcomes,
            folds,
            seed,
            l2,
            out,
            svg,
            format,
            as_of,
        } => calibrate::run(&calibrate::Options {
            sources: book.sources(outcomes.as_deref()),
            // clap bounds it to 2..=20.
            folds: usize::try_from(folds).unwrap_or(5),
            seed,
            l2,
            out: &out,
            svg: svg.as_deref(),
            format,
            as_of: as_of.unwrap_or_else(|| trustkit::chrono::Utc::now().date_naive()),
        }),
        Command::Simulate {
            experiment,
            subjects,
            seed,
            svg,
            format,
        } => match experiment {
            Experiment::TrustGame => simulate::trust_game(subjects, seed, svg.as_deref(), format),
            Experiment::PartnerChoice => {
                simulate::partner_choice(subjects, seed, svg.as_deref(), format)
            }
            Experiment::Switching => simulate::switching(svg.as_deref(), format),
        },
        Command::Fit {
            data,
            model,
            starts,
            seed,
            method,
            write_params,
            format,
        } => fit::parse_model(&model).and_then(|models| {
            fit::run(
                &data,
                &models,
                trustkit::learning::fit::FitOptions {
                    // clap bounds it to 1..=10 000.
                    starts: usize::try_from(starts).unwrap_or(usize::MAX),
                    seed,
                    method: method.into(),
                    ..trustkit::learning::fit::FitOptions::default()
                },
                write_params.as_deref(),
                format,
                std::io::stderr().is_terminal(),
            )
        }),
        Command::Assess {
            responses,
            instrument,
            min_respondents,
            format,
        } => assess::run(
            &responses,
            instrument.as_deref(),
            usize::try_from(min_respondents).unwrap_or(usize::MAX),
            format,
        ),
        Command::Instrument { format } => assess::instrument(format),
        Command::Churn {
            command:
                ChurnCommand::Fit {
                    data,
                    outcome,
                    features,
                    format,
                },
        } => churn::fit(&data, &outcome, features.as_deref(), format),
        #[cfg(feature = "datafusion")]
        Command::Sql {
            query,
            tables,
            output,
            renewal_model,
        } => sql::run(&query, &tables, output.as_deref(), renewal_model.as_deref()),
        Command::Plot {
            chart:
                Chart::Trajectory {
                    account,
                    portfolio,
                    svg,
                },
        } => trajectory::run(&account, portfolio.as_deref(), &svg),
    };
    match result {
        Ok(out) => {
            // A closed pipe (trustkit report | head) is not an error worth reporting.
            let _ = std::io::stdout().write_all(out.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", describe(&e));
            ExitCode::from(1)
        }
    }
}
