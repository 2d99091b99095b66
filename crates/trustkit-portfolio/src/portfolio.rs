//! [`Portfolio`]: the file format, CSV imports, and the bundled sample.

use std::collections::HashMap;

use trustkit_assessment::{Answer, Response, Role};
use trustkit_learning::{Experience, ExperienceKind};
use trustkit_loyalty::Scorecard;

use crate::{Account, Diagnosis, DiagnosisContext, Error};

/// The schema version this library reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Accounts and the settings to diagnose them, as stored in a portfolio JSON file.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portfolio {
    /// Must be [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// A name for reports.
    #[serde(default)]
    pub name: String,
    /// The health scorecard; [`crate::default_scorecard`] when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scorecard: Option<Scorecard>,
    /// The accounts.
    pub accounts: Vec<Account>,
}

/// The bundled sample portfolio (JSON), compiled in.
pub const SAMPLE_JSON: &str = include_str!("../data/sample.json");

impl Portfolio {
    /// Reads and validates a portfolio: the schema version, unique account ids, and every account's
    /// evidence (each account is diagnosed once, so a portfolio that loads can always be reported).
    ///
    /// ```
    /// use trustkit_portfolio::Portfolio;
    ///
    /// let err = Portfolio::from_json(r#"{"schema_version": 1, "accounts": [
    ///     {"id": "a", "name": "A", "experiences": [{"reward": 1.5, "at": "2026-01-01T00:00:00Z"}]}
    /// ]}"#).unwrap_err();
    /// assert!(err.to_string().starts_with("accounts[0].experiences[0].reward: "), "{err}");
    /// ```
    ///
    /// # Errors
    /// [`Error::Json`] with the JSON path, line and column; [`Error::SchemaVersion`];
    /// [`Error::DuplicateAccount`]; [`Error::Account`] naming the account.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        let portfolio: Self = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            Error::Json {
                path,
                line: inner.line(),
                column: inner.column(),
                message: strip_position(&inner.to_string()),
            }
        })?;
        portfolio.validate()?;
        Ok(portfolio)
    }

    /// Writes the portfolio as pretty JSON.
    ///
    /// # Errors
    /// [`Error::Json`] if serialisation fails (it does not for these types).
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| Error::Json {
            path: String::new(),
            line: 0,
            column: 0,
            message: e.to_string(),
        })
    }

    /// The bundled sample: a dozen accounts with different stories (see `data/sample.json`).
    ///
    /// ```
    /// let sample = trustkit_portfolio::Portfolio::sample()?;
    /// assert_eq!(sample.accounts.len(), 12);
    /// # Ok::<(), trustkit_portfolio::Error>(())
    /// ```
    ///
    /// # Errors
    /// Never in a released build; a test checks the bundled file.
    pub fn sample() -> Result<Self, Error> {
        Self::from_json(SAMPLE_JSON)
    }

    /// Checks the schema version, unique ids, and every account's evidence.
    ///
    /// # Errors
    /// As [`Portfolio::from_json`].
    pub fn validate(&self) -> Result<(), Error> {
        if self.schema_version != SCHEMA_VERSION {
            return Err(Error::SchemaVersion {
                found: self.schema_version,
                supported: SCHEMA_VERSION,
            });
        }
        for (k, a) in self.accounts.iter().enumerate() {
            if self.accounts[..k].iter().any(|o| o.id == a.id) {
                return Err(Error::DuplicateAccount(a.id.clone()));
            }
        }
        self.diagnose_all().map(|_| ())
    }

    /// The context accounts are diagnosed in: defaults, with the portfolio's scorecard if it has one.
    #[must_use]
    pub fn context(&self) -> DiagnosisContext {
        let mut ctx = DiagnosisContext::default();
        if let Some(card) = &self.scorecard {
            ctx.scorecard = card.clone();
        }
        ctx
    }

    /// Diagnoses every account, in order.
    ///
    /// # Errors
    /// [`Error::Account`] for the first account whose evidence is invalid.
    pub fn diagnose_all(&self) -> Result<Vec<Diagnosis>, Error> {
        let ctx = self.context();
        self.accounts
            .iter()
            .enumerate()
            .map(|(index, a)| {
                a.diagnose_with(&ctx).map_err(|e| match e {
                    Error::Account {
                        account, message, ..
                    } => Error::Account {
                        index,
                        account,
                        message,
                    },
                    other => other,
                })
            })
            .collect()
    }

    /// The account with this id.
    ///
    /// # Errors
    /// [`Error::UnknownAccount`].
    pub fn account(&self, id: &str) -> Result<&Account, Error> {
        self.accounts
            .iter()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::UnknownAccount(id.to_owned()))
    }

    /// Appends experiences from CSV with columns `account,time,reward` and optional
    /// `promised,moment,kind` (`time` in RFC 3339). Rows are added to each account in file order; the
    /// portfolio is validated afterwards.
    ///
    /// # Errors
    /// [`Error::Csv`] naming the line and field; [`Error::UnknownAccount`] with the line; then as
    /// [`Portfolio::validate`].
    pub fn import_experiences_csv<R: std::io::Read>(&mut self, reader: R) -> Result<(), Error> {
        let (columns, records) = read_csv(
            reader,
            &["account", "time", "reward"],
            &["promised", "moment", "kind"],
        )?;
        for (line, record) in records {
            let get = |name: &str| {
                columns
                    .get(name)
                    .and_then(|&k| record.get(k))
                    .filter(|v| !v.is_empty())
            };
            let account = get("account").unwrap_or_default();
            let index = self.index_of(account, line)?;
            let time = parse_time(get("time").unwrap_or_default(), line)?;
            let reward = parse_f64(get("reward").unwrap_or_default(), line, "reward")?;
            let mut e = Experience::new(reward, time)
                .map_err(|err| csv_error(line, "reward", err.to_string()))?;
            if let Some(p) = get("promised") {
                let p = parse_f64(p, line, "promised")?;
                e = e
                    .with_promise(p)
                    .map_err(|err| csv_error(line, "promised", err.to_string()))?;
            }
            if let Some(m) = get("moment") {
                e = e.with_moment(m.parse().map_err(|err: trustkit_core::UnknownMoment| {
                    csv_error(line, "moment", err.to_string())
                })?);
            }
            if let Some(k) = get("kind") {
                e = e.with_kind(parse_kind(k).ok_or_else(|| csv_error(line, "kind", format!("{k:?} is not one of routine, promise_kept, promise_broken, service_recovery, surprise")))?);
            }
            self.accounts[index].experiences.push(e);
        }
        self.validate()
    }

    /// Adds assessment answers from long-format CSV: `account,respondent,role,answered_at,item,answer`
    /// (`answer` a number or `n/a`); rows of one respondent in one account form one response.
    ///
    /// # Errors
    /// As [`Portfolio::import_experiences_csv`].
    pub fn import_responses_csv<R: std::io::Read>(&mut self, reader: R) -> Result<(), Error> {
        let (columns, records) = read_csv(
            reader,
            &[
                "account",
                "respondent",
                "role",
                "answered_at",
                "item",
                "answer",
            ],
            &[],
        )?;
        let mut built: HashMap<(usize, String), Response> = HashMap::new();
        let mut order = Vec::new();
        for (line, record) in records {
            let get = |name: &str| {
                columns
                    .get(name)
                    .and_then(|&k| record.get(k))
                    .unwrap_or_default()
            };
            let index = self.index_of(get("account"), line)?;
            let respondent = get("respondent").to_owned();
            let role = parse_role(get("role")).ok_or_else(|| csv_error(line, "role", format!("{:?} is not a role (sponsor, economic_buyer, champion, user, procurement, other)", get("role"))))?;
            let at = parse_time(get("answered_at"), line)?;
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
            let key = (index, respondent.clone());
            if !built.contains_key(&key) {
                let r = Response::new(respondent, role, at)
                    .map_err(|e| csv_error(line, "respondent", e.to_string()))?;
                order.push(key.clone());
                built.insert(key.clone(), r);
            }
            if let Some(r) = built.get_mut(&key) {
                r.answers.insert(get("item").to_owned(), answer);
            }
        }
        for key in order {
            if let Some(r) = built.remove(&key) {
                self.accounts[key.0].responses.push(r);
            }
        }
        self.validate()
    }

    fn index_of(&self, account: &str, line: usize) -> Result<usize, Error> {
        self.accounts
            .iter()
            .position(|a| a.id == account)
            .ok_or_else(|| csv_error(line, "account", format!("no account has id {account:?}")))
    }
}

type Records = Vec<(usize, csv::StringRecord)>;

fn read_csv<R: std::io::Read>(
    reader: R,
    required: &[&str],
    optional: &[&str],
) -> Result<(HashMap<String, usize>, Records), Error> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let header = rdr
        .headers()
        .map_err(|e| csv_error(1, "header", e.to_string()))?
        .clone();
    let mut columns = HashMap::new();
    for (k, name) in header.iter().enumerate() {
        if !required.contains(&name) && !optional.contains(&name) {
            return Err(csv_error(
                1,
                name,
                format!(
                    "unknown column; expected {}",
                    [required, optional].concat().join(", ")
                ),
            ));
        }
        columns.insert(name.to_owned(), k);
    }
    for r in required {
        if !columns.contains_key(*r) {
            return Err(csv_error(1, r, "missing required column".into()));
        }
    }
    let records = rdr
        .records()
        .enumerate()
        .map(|(n, r)| {
            r.map(|r| (n + 2, r))
                .map_err(|e| csv_error(n + 2, "row", e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((columns, records))
}

fn csv_error(line: usize, field: &str, message: String) -> Error {
    Error::Csv {
        line,
        field: field.to_owned(),
        message,
    }
}

fn parse_f64(raw: &str, line: usize, field: &str) -> Result<f64, Error> {
    raw.parse()
        .map_err(|_| csv_error(line, field, format!("{raw:?} is not a number")))
}

fn parse_time(raw: &str, line: usize) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| {
            csv_error(
                line,
                "time",
                format!("{raw:?} is not an RFC 3339 time such as 2026-03-01T09:00:00Z"),
            )
        })
}

fn parse_kind(raw: &str) -> Option<ExperienceKind> {
    Some(match raw {
        "routine" => ExperienceKind::Routine,
        "promise_kept" => ExperienceKind::PromiseKept,
        "promise_broken" => ExperienceKind::PromiseBroken,
        "service_recovery" => ExperienceKind::ServiceRecovery,
        "surprise" => ExperienceKind::Surprise,
        _ => return None,
    })
}

fn parse_role(raw: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| r.name() == raw)
}

/// serde_json appends " at line L column C"; the error already carries them as fields.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(k) => message[..k].to_owned(),
        None => message.to_owned(),
    }
}
