//! [`Portfolio`]: the file format, CSV imports, and the bundled sample.

use std::collections::{BTreeMap, HashSet};

use trustkit_loyalty::Scorecard;

use crate::{Account, AccountError, Diagnosis, DiagnosisContext, Error};

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
    /// The health scorecard; [`crate::default_scorecard`] when absent or `null`. Written (as `null`
    /// when absent) before the accounts, so a reader knows the settings before the first account.
    #[serde(default)]
    pub scorecard: Option<Scorecard>,
    /// The unit of each health metric's values (*default*, with the default scorecard,
    /// [`crate::default_units`]; with a custom scorecard, none declared). Written (empty when none)
    /// before the accounts, as the scorecard is.
    #[serde(default)]
    pub units: BTreeMap<String, crate::Unit>,
    /// The accounts.
    pub accounts: Vec<Account>,
}

/// The bundled sample portfolio (JSON), compiled in.
pub const SAMPLE_JSON: &str = include_str!("../data/sample.json");

/// Past renewal decisions of the bundled sample's accounts (an outcomes CSV, see
/// [`Portfolio::import_outcomes_csv`]), invented by `data/make_outcomes.py` from a documented
/// model so `trustkit calibrate` runs out of the box.
pub const SAMPLE_OUTCOMES_CSV: &str = include_str!("../data/sample-outcomes.csv");

/// Turns a serde_path_to_error failure into [`Error::Json`], with `prefix` before the path (the
/// account's position when reading JSON Lines) and `line_offset` added to serde's line.
pub(crate) fn json_error(
    e: serde_path_to_error::Error<serde_json::Error>,
    prefix: &str,
    line_offset: usize,
) -> Error {
    let path = e.path().to_string();
    // serde_path_to_error writes the root as "." or, when it failed before any key, "?".
    let path = match (prefix.is_empty(), path.as_str()) {
        (_, "." | "?") => prefix.to_owned(),
        (true, _) => path,
        (false, _) => format!("{prefix}.{path}"),
    };
    let inner = e.into_inner();
    Error::Json {
        at: json_at(path, inner.line() + line_offset, inner.column()),
        message: strip_position(&inner.to_string()),
    }
}

/// A JSON error without a path (trailing text, serialisation).
pub(crate) fn bare_json_error(e: &serde_json::Error, line_offset: usize) -> Error {
    Error::Json {
        at: json_at(String::new(), e.line() + line_offset, e.column()),
        message: strip_position(&e.to_string()),
    }
}

/// A place in a JSON document.
pub(crate) fn json_at(path: String, line: usize, column: usize) -> trustkit_core::Location {
    trustkit_core::Location {
        path,
        line: line as u64,
        column: column as u64,
        field: None,
    }
}

impl Portfolio {
    /// Reads and validates a portfolio: the schema version, unique account ids, and every account's
    /// evidence ([`Account::validate`]: one cheap pass per account, no diagnosis). A leading byte
    /// order mark is skipped; text after the document is an error.
    ///
    /// ```
    /// use trustkit_portfolio::Portfolio;
    ///
    /// let err = Portfolio::from_json(r#"{"schema_version": 1, "accounts": [
    ///     {"id": "a", "name": "A", "experiences": [{"reward": 1.5, "at": "2026-01-01T00:00:00Z"}]}
    /// ]}"#).unwrap_err();
    /// assert!(err.to_string().starts_with("accounts[0].experiences[0], line 2, column 91: reward must be"), "{err}");
    /// ```
    ///
    /// # Errors
    /// [`Error::Json`] with the JSON path, line and column; [`Error::SchemaVersion`];
    /// [`Error::DuplicateAccount`]; [`Error::Account`] naming the account and the cause.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        check_object(json)?;
        // The plain parser first; only a document that fails is parsed again with path tracking,
        // which costs about as much as the parse itself.
        let portfolio: Self = match serde_json::from_str(json) {
            Ok(p) => p,
            Err(plain) => {
                // A newer file fails on its new fields; say which version it is instead.
                declared_version(json)?;
                let mut de = serde_json::Deserializer::from_str(json);
                serde_path_to_error::deserialize::<_, Self>(&mut de)
                    .map_err(|e| json_error(e, "", 0))?;
                de.end().map_err(|e| bare_json_error(&e, 0))?;
                return Err(bare_json_error(&plain, 0));
            }
        };
        portfolio.validate()?;
        Ok(portfolio)
    }

    /// Writes the portfolio as pretty JSON.
    ///
    /// # Errors
    /// [`Error::Json`] if serialisation fails (it does not for these types).
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| bare_json_error(&e, 0))
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

    /// Checks the schema version, unique ids (a hash set: linear in accounts), and every account's
    /// evidence without diagnosing it.
    ///
    /// # Errors
    /// As [`Portfolio::from_json`].
    pub fn validate(&self) -> Result<(), Error> {
        check_schema(self.schema_version)?;
        check_units(self.scorecard.as_ref(), &self.units)?;
        let ctx = self.context();
        let mut seen = HashSet::with_capacity(self.accounts.len());
        for (index, a) in self.accounts.iter().enumerate() {
            if !seen.insert(a.id.as_str()) {
                return Err(Error::DuplicateAccount(a.id.clone()));
            }
            a.validate(&ctx)
                .map_err(|source| account_error(index, a, source))?;
        }
        Ok(())
    }

    /// The context accounts are diagnosed in: defaults, with the portfolio's scorecard if it has one.
    #[must_use]
    pub fn context(&self) -> DiagnosisContext {
        context_for(self.scorecard.as_ref(), &self.units)
    }

    /// Diagnoses every account once, in order (in parallel with the `rayon` feature; the result is
    /// the same).
    ///
    /// # Errors
    /// [`Error::Account`] for the first account whose evidence is invalid.
    pub fn diagnose_all(&self) -> Result<Vec<Diagnosis>, Error> {
        let ctx = self.context();
        crate::batch::diagnose_slice(&ctx, &self.accounts)
            .into_iter()
            .zip(&self.accounts)
            .enumerate()
            .map(|(index, (d, a))| d.map_err(|source| account_error(index, a, source)))
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
}

/// The context for a portfolio's settings.
pub(crate) fn context_for(
    scorecard: Option<&Scorecard>,
    units: &BTreeMap<String, crate::Unit>,
) -> DiagnosisContext {
    let mut ctx = DiagnosisContext::default();
    if let Some(card) = scorecard {
        ctx.scorecard = card.clone();
        ctx.units.clear();
    }
    // Declared units add to (or override) the defaults.
    ctx.units.extend(units.iter().map(|(m, u)| (m.clone(), *u)));
    ctx
}

/// A portfolio (or its header line) is a JSON object; serde would also take a positional array.
pub(crate) fn check_object(json: &str) -> Result<(), Error> {
    match json.trim_start().chars().next() {
        Some('{') | None => Ok(()),
        Some(_) => Err(Error::Json {
            at: json_at(String::new(), 1, 1 + json.len() - json.trim_start().len()),
            message:
                "a portfolio is a JSON object such as {\"schema_version\": 1, \"accounts\": []}"
                    .into(),
        }),
    }
}

/// When a document does not parse, the schema version it declares, if any, is checked first: a file
/// from a newer trustkit fails on its new fields, and the useful message is the version.
pub(crate) fn declared_version(json: &str) -> Result<(), Error> {
    #[derive(serde::Deserialize)]
    struct Declared {
        schema_version: Option<u32>,
    }
    match serde_json::from_str::<Declared>(json) {
        Ok(Declared {
            schema_version: Some(v),
        }) => check_schema(v),
        _ => Ok(()),
    }
}

/// Declared units describe a custom scorecard's metrics; with the default scorecard, whose limits
/// are in [`crate::default_units`], a different unit would score values against the wrong limits.
pub(crate) fn check_units(
    scorecard: Option<&Scorecard>,
    units: &BTreeMap<String, crate::Unit>,
) -> Result<(), Error> {
    if scorecard.is_some() {
        return Ok(());
    }
    let defaults = crate::default_units();
    for (metric, &declared) in units {
        if let Some(&expected) = defaults.get(metric) {
            if declared != expected {
                return Err(Error::Units {
                    metric: metric.clone(),
                    declared,
                    expected,
                });
            }
        }
    }
    Ok(())
}

pub(crate) fn check_schema(found: u32) -> Result<(), Error> {
    if found == SCHEMA_VERSION {
        Ok(())
    } else {
        Err(Error::SchemaVersion {
            found,
            supported: SCHEMA_VERSION,
        })
    }
}

pub(crate) fn account_error(index: usize, account: &Account, source: AccountError) -> Error {
    Error::Account {
        index,
        id: account.id.clone(),
        source,
    }
}

/// serde_json appends " at line L column C"; the error already carries them as fields.
fn strip_position(message: &str) -> String {
    trustkit_core::Location::json(0, 0, message).1
}
