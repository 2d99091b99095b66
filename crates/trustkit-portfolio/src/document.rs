//! Diagnosing a one-document JSON portfolio while it is parsed, so the accounts are never all in
//! memory at once.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::batch::map_in_order;
use crate::portfolio::{check_schema, context_for};
use crate::{Account, Diagnosis, Error, Portfolio, PortfolioHeader};

/// What [`Portfolio::diagnose_json`] hands its sink for each account, in document order.
pub type Outcome = Result<Diagnosis, Error>;

/// The settings seen so far and where the accounts went.
struct State<'s> {
    schema_version: Option<u32>,
    name: Option<String>,
    scorecard: Option<Option<trustkit_loyalty::Scorecard>>,
    units: Option<std::collections::BTreeMap<String, crate::Unit>>,
    /// Accounts held back (as JSON text) because they came before the settings they are
    /// diagnosed in.
    held: Vec<String>,
    streamed: bool,
    sink: &'s mut dyn FnMut(&PortfolioHeader, Outcome) -> bool,
    chunk: usize,
    stopped: bool,
    fault: Option<Error>,
    adjust: &'s dyn Fn(&mut crate::DiagnosisContext),
}

impl State<'_> {
    fn header(&self) -> PortfolioHeader {
        PortfolioHeader {
            schema_version: self.schema_version.unwrap_or(0),
            name: self.name.clone().unwrap_or_default(),
            scorecard: self.scorecard.clone().flatten(),
            units: self.units.clone().unwrap_or_default(),
        }
    }

    /// Parses and diagnoses the accounts `texts` (positions from `start`) and hands the results to
    /// the sink. An account that does not parse is a fault of the document: it stops here, and the
    /// caller parses the document again for an error with the JSON path.
    fn emit<T: AsRef<str> + Sync>(
        &mut self,
        start: usize,
        texts: &[T],
        seen: &mut HashSet<String>,
    ) {
        let header = self.header();
        let ctx = self.context(&header);
        let results = map_in_order(texts, |text| {
            let account: Account = serde_json::from_str(text.as_ref())?;
            let d = account.diagnose_with(&ctx);
            Ok::<_, serde_json::Error>((account.id, d))
        });
        for (k, result) in results.into_iter().enumerate() {
            if self.stopped {
                return;
            }
            match result {
                Ok((id, d)) => self.deliver(&header, start + k, id, d, seen),
                Err(e) => {
                    self.fault = Some(crate::portfolio::bare_json_error(&e, 0));
                    return;
                }
            }
        }
    }

    /// The context the settings read so far give.
    fn context(&self, header: &PortfolioHeader) -> crate::DiagnosisContext {
        let mut ctx = context_for(header.scorecard.as_ref(), &header.units);
        (self.adjust)(&mut ctx);
        ctx
    }

    /// Hands one account's diagnosis to the sink — or its error with its position and id, or that
    /// its id came before — and records whether the sink wants more.
    fn deliver(
        &mut self,
        header: &PortfolioHeader,
        index: usize,
        id: String,
        d: Result<Diagnosis, crate::AccountError>,
        seen: &mut HashSet<String>,
    ) {
        let outcome = if seen.insert(id.clone()) {
            d.map_err(|source| Error::Account { index, id, source })
        } else {
            Err(Error::DuplicateAccount(id))
        };
        if !(self.sink)(header, outcome) {
            self.stopped = true;
        }
    }
}

const FIELDS: &[&str] = &["schema_version", "name", "scorecard", "units", "accounts"];

struct Document<'a, 's>(&'a mut State<'s>);

impl<'de> Visitor<'de> for Document<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a portfolio object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        let mut accounts_seen = false;
        while let Some(key) = map.next_key::<String>()? {
            let repeated = match key.as_str() {
                "schema_version" => state.schema_version.replace(map.next_value()?).is_some(),
                "name" => state.name.replace(map.next_value()?).is_some(),
                "scorecard" => state.scorecard.replace(map.next_value()?).is_some(),
                "units" => {
                    if state.streamed {
                        // The accounts were already checked without them.
                        state.fault = Some(Error::Json {
                            at: trustkit_core::Location::path("units"),
                            message: "units must come before accounts when the scorecard does; move the key up".into(),
                        });
                        return Err(de::Error::custom("units after accounts"));
                    }
                    state.units.replace(map.next_value()?).is_some()
                }
                "accounts" => {
                    map.next_value_seed(Accounts(&mut *state))?;
                    std::mem::replace(&mut accounts_seen, true)
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            };
            if repeated {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            if state.stopped {
                // The sink wants no more: skip the rest quickly.
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                return Ok(());
            }
        }
        if state.schema_version.is_none() {
            return Err(de::Error::missing_field("schema_version"));
        }
        if !accounts_seen {
            return Err(de::Error::missing_field("accounts"));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Document<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

struct Accounts<'a, 's>(&'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for Accounts<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Accounts<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of accounts")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        // Settings complete: every key that shapes the diagnosis came first. Otherwise hold the
        // accounts (as unparsed text, a slice of the document) until the document ends.
        // (Units only add checks; a `units` key after streamed accounts is refused at the end.)
        let stream = state.schema_version.is_some() && state.scorecard.is_some();
        if let (true, Some(v)) = (stream, state.schema_version) {
            let header = state.header();
            if let Err(e) = check_schema(v).and_then(|()| {
                crate::portfolio::check_units(header.scorecard.as_ref(), &header.units)
            }) {
                state.fault = Some(e);
                return Err(de::Error::custom("invalid settings"));
            }
        }
        state.streamed = stream;
        let mut seen = HashSet::new();
        let mut chunk: Vec<&'de RawValue> = Vec::with_capacity(state.chunk);
        let mut start = 0;
        if stream && crate::batch::threads() == 1 {
            // One thread: parse each account straight from the document, without first finding its
            // end (the scan that lets several threads share a chunk).
            let header = state.header();
            let ctx = state.context(&header);
            while let Some(account) = seq.next_element::<Account>()? {
                let d = account.diagnose_with(&ctx);
                state.deliver(&header, start, account.id, d, &mut seen);
                start += 1;
                if state.stopped {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    return Ok(());
                }
            }
            return Ok(());
        }
        // Finding where each account ends is a fast scan; parsing the accounts of a chunk, the slow
        // part, runs on every core.
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            if !stream {
                state.held.push(raw.get().to_owned());
                continue;
            }
            chunk.push(raw);
            if chunk.len() == state.chunk {
                let texts: Vec<&str> = chunk.iter().map(|r| r.get()).collect();
                state.emit(start, &texts, &mut seen);
                start += chunk.len();
                chunk.clear();
                if state.fault.is_some() {
                    return Err(de::Error::custom("invalid account"));
                }
                if state.stopped {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    return Ok(());
                }
            }
        }
        if stream {
            let texts: Vec<&str> = chunk.iter().map(|r| r.get()).collect();
            state.emit(start, &texts, &mut seen);
            if state.fault.is_some() {
                return Err(de::Error::custom("invalid account"));
            }
        }
        Ok(())
    }
}

impl Portfolio {
    /// Diagnoses every account of a portfolio JSON document while parsing it, handing each result
    /// to `sink` in document order with the settings read so far; `sink` returns `false` to stop.
    ///
    /// When the settings that shape a diagnosis — `schema_version` and `scorecard` (`null` for the
    /// default), and `units` if declared — come before `accounts`, as [`Portfolio::to_json`] writes
    /// them, the accounts are
    /// diagnosed a chunk at a time and never all held in memory (in parallel with the `rayon`
    /// feature; the output is the same). Otherwise they are held until the document ends. Each
    /// account is diagnosed once; its diagnosis is its validation.
    ///
    /// ```
    /// use trustkit_portfolio::Portfolio;
    ///
    /// let json = Portfolio::sample()?.to_json()?;
    /// let mut ids = Vec::new();
    /// let header = Portfolio::diagnose_json(&json, &mut |_, d| {
    ///     ids.push(d.map(|d| d.account));
    ///     true
    /// })?;
    /// assert_eq!((header.name.as_str(), ids.len()), ("trustkit sample portfolio", 12));
    /// # Ok::<(), trustkit_portfolio::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Portfolio::from_json`] for the document's shape (with the JSON path); an account's own
    /// error goes to the sink in its place and the document goes on.
    pub fn diagnose_json(
        json: &str,
        sink: &mut dyn FnMut(&PortfolioHeader, Outcome) -> bool,
    ) -> Result<PortfolioHeader, Error> {
        Self::diagnose_json_as_of(json, None, sink)
    }

    /// As [`Portfolio::diagnose_json`], with the context's `as_of` date set (for days to renewal).
    ///
    /// # Errors
    /// As [`Portfolio::diagnose_json`].
    pub fn diagnose_json_as_of(
        json: &str,
        as_of: Option<chrono::NaiveDate>,
        sink: &mut dyn FnMut(&PortfolioHeader, Outcome) -> bool,
    ) -> Result<PortfolioHeader, Error> {
        Self::diagnose_json_with(json, &|ctx| ctx.as_of = as_of, sink)
    }

    /// As [`Portfolio::diagnose_json`], with `adjust` applied to the context the document's
    /// settings give — to set its `as_of` date or a calibrated renewal model, say — before any
    /// account is diagnosed.
    ///
    /// # Errors
    /// As [`Portfolio::diagnose_json`].
    pub fn diagnose_json_with(
        json: &str,
        adjust: &dyn Fn(&mut crate::DiagnosisContext),
        sink: &mut dyn FnMut(&PortfolioHeader, Outcome) -> bool,
    ) -> Result<PortfolioHeader, Error> {
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        let mut state = State {
            schema_version: None,
            name: None,
            scorecard: None,
            units: None,
            held: Vec::new(),
            streamed: false,
            sink,
            chunk: crate::DEFAULT_CHUNK,
            stopped: false,
            fault: None,
            adjust,
        };
        let mut de = serde_json::Deserializer::from_str(json);
        let parsed = Document(&mut state)
            .deserialize(&mut de)
            .and_then(|()| if state.stopped { Ok(()) } else { de.end() });
        let mut fault = state.fault.take();
        if let Some(
            fault @ (Error::SchemaVersion { .. }
            | Error::Units { .. }
            | Error::Json {
                at: trustkit_core::Location { line: 0, .. },
                ..
            }),
        ) = fault
        {
            return Err(fault);
        }
        if parsed.is_ok() && fault.is_none() && !state.streamed && !state.stopped {
            check_schema(state.schema_version.unwrap_or(0))?;
            let header = state.header();
            crate::portfolio::check_units(header.scorecard.as_ref(), &header.units)?;
            let held = std::mem::take(&mut state.held);
            state.emit(0, &held, &mut HashSet::new());
            fault = state.fault.take();
        }
        if let Err(e) = parsed {
            fault = Some(crate::portfolio::bare_json_error(&e, 0));
        }
        match fault {
            // Parse again with path tracking, only now, for an error that names the field.
            Some(plain) => Err(Self::from_json(json).err().unwrap_or(plain)),
            None => Ok(state.header()),
        }
    }
}
