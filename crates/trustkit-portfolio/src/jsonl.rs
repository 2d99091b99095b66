//! The JSON Lines portfolio: a header line with the settings, then one account per line, read
//! account by account so a portfolio of any size is processed in bounded memory.

use std::collections::{HashSet, VecDeque};
use std::io::{BufRead, Write};

use trustkit_loyalty::Scorecard;

use crate::batch::{DEFAULT_CHUNK, map_in_order};
use crate::portfolio::{
    account_error, bare_json_error, check_object, check_schema, context_for, declared_version,
    json_error,
};
use crate::{Account, Diagnosis, DiagnosisContext, Error, Portfolio};

/// The first line of a JSON Lines portfolio: everything in a portfolio but its accounts.
///
/// ```text
/// {"schema_version": 1, "name": "EMEA book", "scorecard": {…}}
/// {"id": "acme", "name": "Acme Logistics", "nps": [9, 7, 10]}
/// {"id": "borealis", "name": "Borealis Health", "prior": 0.6}
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortfolioHeader {
    /// Must be [`SCHEMA_VERSION`](crate::SCHEMA_VERSION).
    pub schema_version: u32,
    /// A name for reports.
    #[serde(default)]
    pub name: String,
    /// The health scorecard; [`crate::default_scorecard`] when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scorecard: Option<Scorecard>,
    /// The unit of each health metric's values (as [`Portfolio::units`]).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub units: std::collections::BTreeMap<String, crate::Unit>,
}

/// Reads a JSON Lines portfolio account by account, validating each ([`Account::validate`]) and
/// checking ids are unique across the file. Blank lines are skipped. A bad line is an error in its
/// place and reading goes on with the next line; an I/O error ends the stream.
///
/// ```
/// use trustkit_portfolio::JsonLinesReader;
///
/// let file = "{\"schema_version\": 1, \"name\": \"demo\"}\n\
///             {\"id\": \"a\", \"name\": \"A\", \"nps\": [9, 10]}\n\
///             {\"id\": \"b\", \"name\": \"B\", \"nps\": [11]}\n";
/// let reader = JsonLinesReader::new(file.as_bytes())?;
/// assert_eq!(reader.header().name, "demo");
/// let accounts: Vec<_> = reader.collect();
/// assert!(accounts[0].is_ok());
/// let err = accounts[1].as_ref().unwrap_err().to_string();
/// assert!(err.starts_with("accounts[1] (b): nps:"), "{err}");
/// # Ok::<(), trustkit_portfolio::Error>(())
/// ```
pub struct JsonLinesReader<R> {
    reader: R,
    header: PortfolioHeader,
    ctx: DiagnosisContext,
    line: usize,
    index: usize,
    seen: HashSet<String>,
    done: bool,
}

impl<R: BufRead> JsonLinesReader<R> {
    /// Reads the header line.
    ///
    /// # Errors
    /// [`Error::Json`] for a missing or malformed header, [`Error::SchemaVersion`], [`Error::Io`].
    pub fn new(mut reader: R) -> Result<Self, Error> {
        let mut buf = String::new();
        let mut line = 0;
        loop {
            buf.clear();
            let n = reader
                .read_line(&mut buf)
                .map_err(|e| Error::Io(e.to_string()))?;
            line += 1;
            if n == 0 {
                return Err(Error::Json {
                    at: crate::portfolio::json_at(String::new(), line, 0),
                    message: "empty file: a JSON Lines portfolio starts with a header line such as {\"schema_version\": 1}".into(),
                });
            }
            let text = if line == 1 {
                buf.trim_start_matches('\u{feff}')
            } else {
                &buf
            };
            if !text.trim().is_empty() {
                check_object(text)?;
                let mut de = serde_json::Deserializer::from_str(text);
                let header: PortfolioHeader = match serde_path_to_error::deserialize(&mut de) {
                    Ok(h) => h,
                    Err(e) => {
                        declared_version(text)?;
                        return Err(json_error(e, "header", line - 1));
                    }
                };
                de.end().map_err(|e| bare_json_error(&e, line - 1))?;
                check_schema(header.schema_version)?;
                crate::portfolio::check_units(header.scorecard.as_ref(), &header.units)?;
                let ctx = context_for(header.scorecard.as_ref(), &header.units);
                return Ok(Self {
                    reader,
                    header,
                    ctx,
                    line,
                    index: 0,
                    seen: HashSet::new(),
                    done: false,
                });
            }
        }
    }

    /// The header line.
    #[must_use]
    pub fn header(&self) -> &PortfolioHeader {
        &self.header
    }

    /// The context the header's settings give (as [`Portfolio::context`]).
    #[must_use]
    pub fn context(&self) -> &DiagnosisContext {
        &self.ctx
    }

    /// The context to change before reading, e.g. its `as_of` date.
    pub fn context_mut(&mut self) -> &mut DiagnosisContext {
        &mut self.ctx
    }

    /// The next non-blank line, with the account's position and the file's line number.
    fn next_raw(&mut self) -> Option<Result<RawLine, Error>> {
        while !self.done {
            let mut text = String::new();
            match self.reader.read_line(&mut text) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    if !text.trim().is_empty() {
                        let index = self.index;
                        self.index += 1;
                        return Some(Ok(RawLine {
                            index,
                            line: self.line,
                            text,
                        }));
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(Error::Io(e.to_string())));
                }
            }
        }
        None
    }

    /// Diagnoses the accounts as they are read, in file order: each chunk of lines is parsed and
    /// diagnosed on every core with the `rayon` feature (the output is the same on one thread), and
    /// ids are checked for uniqueness in file order. Memory holds one chunk of lines.
    ///
    /// ```
    /// use trustkit_portfolio::JsonLinesReader;
    ///
    /// let file = "{\"schema_version\": 1}\n{\"id\": \"a\", \"name\": \"A\"}\n{\"id\": \"a\", \"name\": \"B\"}\n";
    /// let results: Vec<_> = JsonLinesReader::new(file.as_bytes())?.diagnoses().collect();
    /// assert_eq!(results[0].as_ref().unwrap().findings.trust_sources, 0);
    /// assert!(results[1].as_ref().unwrap_err().to_string().contains("more than once"));
    /// # Ok::<(), trustkit_portfolio::Error>(())
    /// ```
    #[must_use]
    pub fn diagnoses(self) -> JsonLinesDiagnoses<R> {
        JsonLinesDiagnoses {
            lines: self,
            chunk: DEFAULT_CHUNK,
            ready: VecDeque::new(),
        }
    }
}

/// One line of a JSON Lines portfolio, not yet parsed.
struct RawLine {
    index: usize,
    line: usize,
    text: String,
}

impl RawLine {
    /// Parses the account. The plain parser runs first; only a line that fails is parsed again with
    /// path tracking, so the error names the field without slowing down every good line.
    fn parse(&self) -> Result<Account, Error> {
        serde_json::from_str(&self.text).map_err(|_| {
            let prefix = format!("accounts[{}]", self.index);
            let mut de = serde_json::Deserializer::from_str(&self.text);
            match serde_path_to_error::deserialize::<_, Account>(&mut de) {
                Err(e) => json_error(e, &prefix, self.line - 1),
                Ok(_) => match de.end() {
                    Err(e) => bare_json_error(&e, self.line - 1),
                    Ok(()) => Error::Json {
                        at: crate::portfolio::json_at(prefix, self.line, 0),
                        message: "not a valid account".into(),
                    },
                },
            }
        })
    }
}

impl<R: BufRead> Iterator for JsonLinesReader<R> {
    type Item = Result<Account, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let raw = match self.next_raw()? {
            Ok(raw) => raw,
            Err(e) => return Some(Err(e)),
        };
        Some(raw.parse().and_then(|account| {
            if !self.seen.insert(account.id.clone()) {
                return Err(Error::DuplicateAccount(account.id));
            }
            account
                .validate(&self.ctx)
                .map_err(|source| account_error(raw.index, &account, source))?;
            Ok(account)
        }))
    }
}

/// The diagnoses of a JSON Lines portfolio, in file order ([`JsonLinesReader::diagnoses`]).
pub struct JsonLinesDiagnoses<R> {
    lines: JsonLinesReader<R>,
    chunk: usize,
    ready: VecDeque<Result<Diagnosis, Error>>,
}

impl<R: BufRead> JsonLinesDiagnoses<R> {
    /// Holds at most `chunk` lines at once (at least 1; *default* [`DEFAULT_CHUNK`]).
    #[must_use]
    pub fn with_chunk(mut self, chunk: usize) -> Self {
        self.chunk = chunk.max(1);
        self
    }

    fn refill(&mut self) {
        let mut raws = Vec::with_capacity(self.chunk);
        while raws.len() < self.chunk {
            match self.lines.next_raw() {
                Some(raw) => raws.push(raw),
                None => break,
            }
        }
        let ctx = &self.lines.ctx;
        // Each line's id (when it parses) with its diagnosis: an id counts as seen even when its
        // account is rejected, as the reader and a one-document portfolio count it, so a second
        // line with that id is a duplicate on every path (found by the portfolio_json_lines
        // fuzz target: the paths disagreed).
        let results = map_in_order(&raws, |raw| -> (Option<String>, Result<Diagnosis, Error>) {
            let raw = match raw {
                Ok(raw) => raw,
                Err(e) => return (None, Err(e.clone())),
            };
            match raw.parse() {
                Err(e) => (None, Err(e)),
                Ok(account) => (
                    Some(account.id.clone()),
                    account
                        .diagnose_with(ctx)
                        .map_err(|source| account_error(raw.index, &account, source)),
                ),
            }
        });
        for (id, result) in results {
            let checked = match id {
                Some(id) if !self.lines.seen.insert(id.clone()) => Err(Error::DuplicateAccount(id)),
                _ => result,
            };
            self.ready.push_back(checked);
        }
    }
}

impl<R: BufRead> Iterator for JsonLinesDiagnoses<R> {
    type Item = Result<Diagnosis, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ready.is_empty() {
            self.refill();
        }
        self.ready.pop_front()
    }
}

impl Portfolio {
    /// Everything but the accounts: the first line of the JSON Lines form.
    #[must_use]
    pub fn header(&self) -> PortfolioHeader {
        PortfolioHeader {
            schema_version: self.schema_version,
            name: self.name.clone(),
            scorecard: self.scorecard.clone(),
            units: self.units.clone(),
        }
    }

    /// Reads a whole JSON Lines portfolio into memory (for imports or edits; to report on a large
    /// file, iterate a [`JsonLinesReader`] instead).
    ///
    /// # Errors
    /// The first error of [`JsonLinesReader`].
    pub fn from_json_lines<R: BufRead>(reader: R) -> Result<Self, Error> {
        let lines = JsonLinesReader::new(reader)?;
        let header = lines.header().clone();
        let accounts = lines.collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            schema_version: header.schema_version,
            name: header.name,
            scorecard: header.scorecard,
            units: header.units,
            accounts,
        })
    }

    /// Writes the portfolio as JSON Lines: the header, then one account per line.
    ///
    /// # Errors
    /// [`Error::Io`] when writing fails.
    pub fn write_json_lines<W: Write>(&self, mut out: W) -> Result<(), Error> {
        let io = |e: std::io::Error| Error::Io(e.to_string());
        serde_json::to_writer(&mut out, &self.header()).map_err(|e| bare_json_error(&e, 0))?;
        out.write_all(b"\n").map_err(io)?;
        for a in &self.accounts {
            serde_json::to_writer(&mut out, a).map_err(|e| bare_json_error(&e, 0))?;
            out.write_all(b"\n").map_err(io)?;
        }
        out.flush().map_err(io)
    }
}
