//! Adding experiences and assessment answers from CSV exports to a portfolio, keeping every good row.

use std::collections::HashMap;

use trustkit_assessment::{Answer, Response, Role};
use trustkit_learning::Experience;

use crate::csvio::{CsvFile, Table, csv_error, time};
use crate::portfolio::account_error;
use crate::{Error, Portfolio};

/// What an import read: how many rows, which were rejected and why, and which columns it ignored.
/// A bad row does not stop the others; [`Import::strict`] turns the first rejection into an error.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Import {
    /// Data rows read.
    pub rows: usize,
    /// Rows (or, after the import, accounts) rejected, each with its line or account and cause.
    pub rejected: Vec<Error>,
    /// Columns the importer does not use, as written in the header.
    pub ignored_columns: Vec<String>,
}

impl Import {
    /// The import, or its first rejection as the error.
    ///
    /// # Errors
    /// The first entry of [`Import::rejected`].
    pub fn strict(self) -> Result<Self, Error> {
        match self.rejected.first() {
            Some(e) => Err(e.clone()),
            None => Ok(self),
        }
    }
}

const EXPERIENCE_REQUIRED: [&str; 3] = ["account", "time", "reward"];
const EXPERIENCE_COLUMNS: [&str; 6] = ["account", "time", "reward", "promised", "moment", "kind"];
const RESPONSE_COLUMNS: [&str; 6] = [
    "account",
    "respondent",
    "role",
    "answered_at",
    "item",
    "answer",
];

impl Portfolio {
    /// Position of each account by id, built once so imports look accounts up in constant time.
    fn positions(&self) -> HashMap<String, usize> {
        self.accounts
            .iter()
            .enumerate()
            .map(|(k, a)| (a.id.clone(), k))
            .collect()
    }

    /// Puts each touched account's experiences in time order (stably: rows of one time keep their
    /// file order) and validates it; an account that fails is reported in `import.rejected`.
    fn settle(&mut self, touched: &[bool], import: &mut Import) {
        let ctx = self.context();
        for (index, a) in self.accounts.iter_mut().enumerate() {
            if touched[index] {
                a.experiences.sort_by_key(Experience::at);
                if let Err(source) = a.validate(&ctx) {
                    import.rejected.push(account_error(index, a, source));
                }
            }
        }
    }

    /// Adds experiences from a CSV export: columns `account`, `time`, `reward` and optionally
    /// `promised`, `moment`, `kind`, in any case and order, delimited by `,` `;` or tab; other
    /// columns are ignored and listed in [`Import::ignored_columns`]. Times are RFC 3339,
    /// `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD` (UTC). Rows may come in any order (CRM activity exports
    /// are newest first): each account's experiences are sorted by time afterwards.
    ///
    /// ```
    /// use trustkit_portfolio::Portfolio;
    ///
    /// let mut p = Portfolio::sample()?;
    /// let csv = "Account;Time;Reward;Notes\n\
    ///            cobalt-retail;2026-11-20;0.9;QBR went well\n\
    ///            nobody;2026-11-21;0.5;\n";
    /// let import = p.import_experiences_csv(csv.as_bytes())?;
    /// assert_eq!((import.rows, import.rejected.len()), (2, 1)); // the unknown account
    /// assert_eq!(import.ignored_columns, ["Notes"]);
    /// # Ok::<(), trustkit_portfolio::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Csv`] for a file that cannot be read as a whole: empty, no header, a column twice, a
    /// required column missing. Row problems go to [`Import::rejected`].
    pub fn import_experiences_csv<R: std::io::Read>(&mut self, reader: R) -> Result<Import, Error> {
        self.import_experiences(CsvFile::open(reader, &EXPERIENCE_REQUIRED)?)
    }

    /// As [`Portfolio::import_experiences_csv`], from a Parquet file with the same columns (text,
    /// integer, floating-point, date or timestamp columns; uncompressed or Snappy). A row's "line" in
    /// an error is its row number plus one, as if the file had a header line.
    ///
    /// # Errors
    /// As [`Portfolio::import_experiences_csv`], and [`Error::Csv`] naming the column for a
    /// Parquet file that cannot be read or a column of a type with no text form.
    #[cfg(feature = "parquet")]
    #[cfg_attr(docsrs, doc(cfg(feature = "parquet")))]
    pub fn import_experiences_parquet(&mut self, file: std::fs::File) -> Result<Import, Error> {
        self.import_experiences(crate::parquet::ParquetFile::open(
            file,
            &EXPERIENCE_REQUIRED,
        )?)
    }

    fn import_experiences(&mut self, file: impl Table) -> Result<Import, Error> {
        let mut import = Import {
            ignored_columns: file.unknown(&EXPERIENCE_COLUMNS),
            ..Import::default()
        };
        let positions = self.positions();
        let mut touched = vec![false; self.accounts.len()];
        let accounts = &mut self.accounts;
        // Columns are found once, not per row.
        let [account, when, reward, promised, moment, kind] =
            EXPERIENCE_COLUMNS.map(|c| file.column(c));
        let (rows, rejected) = file.for_each(|line, row| {
            let index = lookup(
                &positions,
                account.and_then(|k| row.at(k)).unwrap_or_default(),
                line,
            )?;
            let at = row
                .time_at(when, line, "time")?
                .ok_or_else(|| csv_error(line, "time", "the time is empty".into()))?;
            let reward = row
                .number_at(reward, line, "reward", false)?
                .ok_or_else(|| csv_error(line, "reward", "the reward is empty".into()))?;
            let mut e = Experience::new(reward, at)
                .map_err(|err| csv_error(line, "reward", err.to_string()))?;
            if let Some(p) = row.number_at(promised, line, "promised", false)? {
                e = e
                    .with_promise(p)
                    .map_err(|err| csv_error(line, "promised", err.to_string()))?;
            }
            if let Some(m) = moment.and_then(|k| row.at(k)) {
                e = e.with_moment(m.parse().map_err(|err: trustkit_core::UnknownMoment| {
                    csv_error(line, "moment", err.to_string())
                })?);
            }
            if let Some(k) = kind.and_then(|k| row.at(k)) {
                e = e.with_kind(k.parse().map_err(|err: trustkit_core::UnknownName| {
                    csv_error(line, "kind", err.to_string())
                })?);
            }
            accounts[index].experiences.push(e);
            touched[index] = true;
            Ok(())
        });
        import.rows = rows;
        import.rejected = rejected;
        self.settle(&touched, &mut import);
        Ok(import)
    }

    /// Adds assessment answers from a long-format CSV export ([`read_responses_csv`]) to the
    /// accounts they name; answers for an account the portfolio lacks are rejected rows.
    ///
    /// # Errors
    /// As [`Portfolio::import_experiences_csv`].
    pub fn import_responses_csv<R: std::io::Read>(&mut self, reader: R) -> Result<Import, Error> {
        let (groups, mut import) = read_responses_csv(reader)?;
        let positions = self.positions();
        let instrument = self.context().instrument;
        let mut touched = vec![false; self.accounts.len()];
        for group in groups {
            match lookup(&positions, &group.account, group.line) {
                Ok(index) => {
                    // A response the instrument refuses (an unknown item, an answer off its scale)
                    // stays out, so the account keeps diagnosing (found by the csv_imports fuzz
                    // target).
                    for r in group.responses {
                        match instrument.check_response(&r) {
                            Ok(()) => {
                                self.accounts[index].responses.push(r);
                                touched[index] = true;
                            }
                            Err(e) => import.rejected.push(csv_error(
                                group.line,
                                "item",
                                format!("account {:?}: {e}", group.account),
                            )),
                        }
                    }
                }
                Err(e) => import.rejected.push(e),
            }
        }
        self.settle(&touched, &mut import);
        Ok(import)
    }
}

const OUTCOME_REQUIRED: [&str; 3] = ["account", "decided_at", "outcome"];
const OUTCOME_COLUMNS: [&str; 12] = [
    "account",
    "decided_at",
    "outcome",
    "arr_before",
    "arr_after",
    "previous_health",
    "nps",
    "product_value",
    "switching_cost",
    "alternatives",
    "respect",
    "newcomer_trust",
];

impl Portfolio {
    /// Adds past renewal decisions from an outcomes CSV: columns `account`, `decided_at` (a date;
    /// a time of day is dropped), `outcome` (`renewed`, `churned` or `downgraded`, any case) and
    /// optionally `arr_before`, `arr_after`, `previous_health`, `nps` (the answers collected before
    /// the decision, separated by spaces or `|`, e.g. `9 10 6`), the market facts
    /// `product_value`, `switching_cost`, `alternatives`, `respect`, `newcomer_trust`, and one
    /// `health.<metric>` column per health metric recorded before the decision. Each row is one
    /// decision; see [`RenewalDecision`](crate::RenewalDecision) for what a decision may see.
    ///
    /// ```
    /// use trustkit_portfolio::Portfolio;
    ///
    /// let mut p = Portfolio::sample()?;
    /// let csv = "Account,Decided_At,Outcome,ARR_Before,ARR_After,Health.Adoption,NPS\n\
    ///            delta-foods,2026-06-30,downgraded,150000,120000,0.55,7 6\n\
    ///            nobody,2026-06-30,churned,,,,\n";
    /// let import = p.import_outcomes_csv(csv.as_bytes())?;
    /// assert_eq!((import.rows, import.rejected.len()), (2, 1)); // the unknown account
    /// let d = &p.accounts[3].renewals[0];
    /// assert_eq!((d.health["adoption"], d.nps.as_slice()), (0.55, &[7, 6][..]));
    /// # Ok::<(), trustkit_portfolio::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Portfolio::import_experiences_csv`].
    pub fn import_outcomes_csv<R: std::io::Read>(&mut self, reader: R) -> Result<Import, Error> {
        let file = CsvFile::open(reader, &OUTCOME_REQUIRED)?;
        let ctx = self.context();
        // `health.Adoption` names the scorecard's `adoption`: headers are matched in any case.
        let metric_id = |name: &str| {
            ctx.scorecard
                .metrics()
                .iter()
                .find(|m| m.id.eq_ignore_ascii_case(name))
                .map_or_else(|| name.to_owned(), |m| m.id.clone())
        };
        let health_columns: Vec<(usize, String)> = file
            .headers()
            .iter()
            .enumerate()
            .filter_map(|(k, h)| {
                let (prefix, metric) = h.split_at_checked(7)?;
                prefix
                    .eq_ignore_ascii_case("health.")
                    .then(|| (k, metric_id(metric)))
            })
            .collect();
        let mut import = Import {
            ignored_columns: file
                .unknown(&OUTCOME_COLUMNS)
                .into_iter()
                .filter(|h| !h.to_ascii_lowercase().starts_with("health."))
                .collect(),
            ..Import::default()
        };
        let positions = self.positions();
        let mut touched = vec![false; self.accounts.len()];
        let accounts = &mut self.accounts;
        let (rows, rejected) = file.for_each(|line, row| {
            let index = lookup(&positions, row.text("account"), line)?;
            let decided_at = row
                .time_at(row.position("decided_at"), line, "decided_at")?
                .ok_or_else(|| csv_error(line, "decided_at", "the date is empty".into()))?
                .date_naive();
            let result =
                row.text("outcome")
                    .parse()
                    .map_err(|err: trustkit_core::UnknownName| {
                        csv_error(line, "outcome", err.to_string())
                    })?;
            let mut d = crate::RenewalDecision::new(decided_at, result);
            d.arr_before = row.number("arr_before", line, false)?;
            d.arr_after = row.number("arr_after", line, false)?;
            d.previous_health = row.number("previous_health", line, false)?;
            d.nps = row
                .text("nps")
                .split(|c: char| c == '|' || c.is_whitespace())
                .filter(|a| !a.is_empty())
                .map(|a| {
                    a.parse::<u8>().ok().filter(|&a| a <= 10).ok_or_else(|| {
                        csv_error(line, "nps", format!("{a:?} is not an NPS answer 0–10"))
                    })
                })
                .collect::<Result<_, _>>()?;
            let market = |name| row.number(name, line, false);
            d.market = crate::MarketFacts {
                product_value: market("product_value")?,
                switching_cost: market("switching_cost")?,
                alternatives: market("alternatives")?,
                respect: market("respect")?,
                newcomer_trust: market("newcomer_trust")?,
            };
            for (k, metric) in &health_columns {
                let field = format!("health.{metric}");
                if let Some(x) = row.number_at(Some(*k), line, &field, false)? {
                    d.health.insert(metric.clone(), x);
                }
            }
            // A decision whose evidence the account's diagnosis would refuse (an unknown metric, a
            // health score off 0–100) is a rejected row, not a poisoned account.
            accounts[index]
                .as_of_decision(&d)
                .renewal_inputs(&ctx)
                .map_err(|e| {
                    csv_error(
                        line,
                        "outcome",
                        format!("account {:?}: {e}", accounts[index].id),
                    )
                })?;
            accounts[index].renewals.push(d);
            touched[index] = true;
            Ok(())
        });
        import.rows = rows;
        import.rejected = rejected;
        self.settle(&touched, &mut import);
        Ok(import)
    }
}

/// One account's responses from a responses CSV, with the line of its first row.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AccountResponses {
    /// The account id.
    pub account: String,
    /// Line of the account's first row.
    pub line: u64,
    /// One response per respondent, in first-seen order.
    pub responses: Vec<Response>,
}

/// Reads a long-format responses CSV — `account`, `respondent`, `role`, `answered_at`, `item`,
/// `answer` (a number or `n/a`), as tolerantly as the other imports — into responses grouped by
/// account, in first-seen order. Rows of one respondent in one account form one response; an item
/// answered twice by one respondent is a rejected row. This is also what `trustkit assess` reads.
///
/// ```
/// let csv = "Account,Respondent,Role,Answered_At,Item,Answer\n\
///            acme,ana,champion,2026-03-31,needs.problem,4\n\
///            acme,ana,champion,2026-03-31,fair.pricing,n/a\n\
///            beta,bo,user,2026-03-31,needs.problem,9\n";
/// let (groups, import) = trustkit_portfolio::read_responses_csv(csv.as_bytes())?;
/// assert_eq!(groups.len(), 2);
/// assert_eq!(groups[0].responses[0].answers.len(), 2);
/// assert!(import.rejected.is_empty()); // 9 is off the 1–5 scale, but that is the instrument's call
/// # Ok::<(), trustkit_portfolio::Error>(())
/// ```
///
/// # Errors
/// As [`Portfolio::import_experiences_csv`].
pub fn read_responses_csv<R: std::io::Read>(
    reader: R,
) -> Result<(Vec<AccountResponses>, Import), Error> {
    read_responses(CsvFile::open(reader, &RESPONSE_COLUMNS)?)
}

fn read_responses(file: impl Table) -> Result<(Vec<AccountResponses>, Import), Error> {
    let ignored_columns = file.unknown(&RESPONSE_COLUMNS);
    let mut groups: Vec<AccountResponses> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    let mut response_of: HashMap<(usize, String), usize> = HashMap::new();
    let (rows, rejected) = file.for_each(|line, row| {
        let get = |name: &str| row.text(name);
        let account = get("account");
        if account.is_empty() {
            return Err(csv_error(line, "account", "the account id is empty".into()));
        }
        let role: Role = get("role")
            .parse()
            .map_err(|err: trustkit_core::UnknownName| csv_error(line, "role", err.to_string()))?;
        let at = time(get("answered_at"), line, "answered_at")?;
        let answer = match get("answer") {
            a if a.eq_ignore_ascii_case("n/a") => Answer::NotApplicable,
            a => Answer::Value(a.parse().map_err(|_| {
                csv_error(
                    line,
                    "answer",
                    format!("{a:?} is neither an answer 0–255 nor n/a"),
                )
            })?),
        };
        let g = *group_of.entry(account.to_owned()).or_insert_with(|| {
            groups.push(AccountResponses {
                account: account.to_owned(),
                line,
                responses: Vec::new(),
            });
            groups.len() - 1
        });
        let key = (g, get("respondent").to_owned());
        let r = match response_of.get(&key) {
            Some(&r) => r,
            None => {
                let response = Response::new(key.1.clone(), role, at)
                    .map_err(|e| csv_error(line, "respondent", e.to_string()))?;
                groups[g].responses.push(response);
                let r = groups[g].responses.len() - 1;
                response_of.insert(key.clone(), r);
                r
            }
        };
        let response = &mut groups[g].responses[r];
        if response.answers.contains_key(get("item")) {
            return Err(csv_error(
                line,
                "item",
                format!(
                    "{:?} answers {:?} twice in account {account:?}; keep one row per answer",
                    key.1,
                    get("item"),
                ),
            ));
        }
        response.answers.insert(get("item").to_owned(), answer);
        Ok(())
    });
    Ok((
        groups,
        Import {
            rows,
            rejected,
            ignored_columns,
        },
    ))
}

fn lookup(positions: &HashMap<String, usize>, account: &str, line: u64) -> Result<usize, Error> {
    positions
        .get(account)
        .copied()
        .ok_or_else(|| csv_error(line, "account", format!("no account has id {account:?}")))
}
