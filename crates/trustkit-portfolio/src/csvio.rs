//! Reading CSV files the way exports come: any of `,` `;` or tab, headers in any case, extra
//! columns, a byte order mark, CRLF, quoted fields over several lines, and dates in the forms CRMs
//! write. Every error names the line where its record starts and the column.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use crate::Error;

/// A table read row by row — a CSV file, or a Parquet file with the `parquet` feature — that the
/// importers read the same way.
pub(crate) trait Table {
    /// The header as written, in order.
    fn headers(&self) -> &[String];

    /// Calls `row(line, record)` for each record and returns the number of records and the errors:
    /// those `row` returned and records that could not be read, each with its line; reading goes on
    /// after a bad record where the format allows.
    fn for_each(self, row: impl FnMut(u64, &Row<'_>) -> Result<(), Error>) -> (usize, Vec<Error>);

    /// The position of a column, compared without case.
    fn column(&self, name: &str) -> Option<usize> {
        self.headers()
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// The header names not in `known` (compared without case), for a warning.
    fn unknown(&self, known: &[&str]) -> Vec<String> {
        self.headers()
            .iter()
            .filter(|h| !known.iter().any(|k| k.eq_ignore_ascii_case(h)))
            .cloned()
            .collect()
    }
}

/// Column positions by lower-case name, checking no name appears twice and every `required` one is
/// there.
pub(crate) fn index_columns(
    headers: &[String],
    required: &[&str],
) -> Result<HashMap<String, usize>, Error> {
    let mut columns = HashMap::new();
    for (k, name) in headers.iter().enumerate() {
        if name.is_empty() {
            return Err(csv_error(
                1,
                "header",
                format!("column {} has no name", k + 1),
            ));
        }
        if columns.insert(name.to_lowercase(), k).is_some() {
            return Err(csv_error(1, name, "column appears twice".into()));
        }
    }
    for r in required {
        if !columns.contains_key(*r) {
            return Err(csv_error(
                1,
                r,
                format!(
                    "missing required column (the file has {})",
                    headers.join(", ")
                ),
            ));
        }
    }
    Ok(columns)
}

/// Reads through `R` turning CRLF line ends into LF. The csv crate reads CRLF files correctly but
/// dates each record from the `\n` left over from the previous line's `\r\n`, one line too early.
pub(crate) struct Lf<R> {
    inner: R,
    /// A `\r` that ended the previous read, not yet known to precede a `\n`.
    pending_cr: bool,
}

impl<R: Read> Read for Lf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let start = usize::from(self.pending_cr);
            if start == 1 {
                buf[0] = b'\r';
            }
            let n = self.inner.read(&mut buf[start..])?;
            let end = start + n;
            if n == 0 {
                // End of input: a lone trailing `\r` is kept.
                self.pending_cr = false;
                return Ok(start);
            }
            // Drop every `\r` that a `\n` follows; hold back a final `\r` until the next read.
            let mut w = 0;
            let mut i = 0;
            while i < end {
                let b = buf[i];
                if b == b'\r' && i + 1 < end && buf[i + 1] == b'\n' {
                    i += 1;
                    continue;
                }
                buf[w] = b;
                w += 1;
                i += 1;
            }
            self.pending_cr = w > 0 && buf[w - 1] == b'\r';
            if self.pending_cr {
                w -= 1;
            }
            if w > 0 {
                return Ok(w);
            }
        }
    }
}

/// A CSV file opened for reading, with its columns by lower-case name.
pub(crate) struct CsvFile<R> {
    reader: csv::Reader<BufReader<Lf<R>>>,
    columns: HashMap<String, usize>,
    /// The header as written, in order.
    pub(crate) headers: Vec<String>,
}

/// The delimiter the header line uses: whichever of `,` `;` and tab occurs most outside quotes
/// (a comma when none does).
fn sniff(line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&k| (counts[k], usize::from(k == 0)))
        .unwrap_or(0);
    [b',', b';', b'\t'][best]
}

pub(crate) fn csv_error(line: u64, field: &str, message: String) -> Error {
    Error::Csv {
        at: trustkit_core::Location::line(line).with_field(field),
        message,
    }
}

impl<R: Read> CsvFile<R> {
    /// Opens a file: sniffs the delimiter, reads the header, checks no column appears twice (in any
    /// case) and every `required` column is there.
    pub(crate) fn open(reader: R, required: &[&str]) -> Result<Self, Error> {
        let lf = Lf {
            inner: reader,
            pending_cr: false,
        };
        let mut buffered = BufReader::with_capacity(1 << 16, lf);
        let head = buffered.fill_buf().map_err(|e| Error::Io(e.to_string()))?;
        if head.is_empty() {
            return Err(csv_error(1, "header", "the file is empty".into()));
        }
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or(head);
        let delimiter = sniff(first_line);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(buffered);
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(1, "header", e.to_string()))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
            .collect();
        let columns = index_columns(&headers, required)?;
        Ok(Self {
            reader,
            columns,
            headers,
        })
    }
}

impl<R: Read> Table for CsvFile<R> {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn for_each(
        mut self,
        mut row: impl FnMut(u64, &Row<'_>) -> Result<(), Error>,
    ) -> (usize, Vec<Error>) {
        let mut record = csv::StringRecord::new();
        let (mut rows, mut errors) = (0, Vec::new());
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => return (rows, errors),
                Ok(true) => {
                    // The csv crate dates a record from where its parse began, which is before any
                    // blank lines it skipped. Where the record ended, less the newlines inside its
                    // quoted fields, is where it began; the larger of the two also holds for a last
                    // record with no line break after it.
                    let started = record.position().map_or(0, csv::Position::line);
                    let inner: u64 = record
                        .iter()
                        .map(|f| f.bytes().filter(|&b| b == b'\n').count() as u64)
                        .sum();
                    let ended = self.reader.position().line();
                    let line = started.max(ended.saturating_sub(1 + inner));
                    rows += 1;
                    let cells = Row {
                        columns: &self.columns,
                        headers: &self.headers,
                        record: &record,
                        typed: &[],
                    };
                    if let Err(e) = row(line, &cells) {
                        errors.push(e);
                    }
                }
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    let stop = !matches!(e.kind(), csv::ErrorKind::Utf8 { .. });
                    rows += 1;
                    errors.push(csv_error(line, "row", e.to_string()));
                    if stop {
                        return (rows, errors);
                    }
                }
            }
        }
    }
}

/// A cell whose value came typed (from a Parquet column) rather than as text.
#[derive(Debug, Clone, Copy, PartialEq)]
// Only Parquet files give typed cells.
#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
pub(crate) enum Typed {
    /// The text field holds the value.
    Text,
    /// A number column's value.
    Number(f64),
    /// A date or timestamp column's value.
    Time(chrono::DateTime<chrono::Utc>),
}

/// One record with its header's column positions.
pub(crate) struct Row<'a> {
    pub(crate) columns: &'a HashMap<String, usize>,
    pub(crate) headers: &'a [String],
    pub(crate) record: &'a csv::StringRecord,
    /// Typed values by column (empty for a CSV file, whose cells are all text).
    pub(crate) typed: &'a [Typed],
}

impl<'a> Row<'a> {
    /// The position of `column` (any case).
    pub(crate) fn position(&self, column: &str) -> Option<usize> {
        self.columns.get(&column.to_lowercase()).copied()
    }

    /// The trimmed text cell of `column` (any case), if it is there and not empty.
    pub(crate) fn get(&self, column: &str) -> Option<&'a str> {
        self.at(self.position(column)?)
    }

    /// The text cell at position `k`, if not empty.
    pub(crate) fn at(&self, k: usize) -> Option<&'a str> {
        self.record.get(k).filter(|v| !v.is_empty())
    }

    fn typed(&self, k: usize) -> Typed {
        self.typed.get(k).copied().unwrap_or(Typed::Text)
    }

    /// The number at position `k` (typed, or parsed from text); `None` when the cell is empty.
    pub(crate) fn number_at(
        &self,
        k: Option<usize>,
        line: u64,
        field: &str,
        decimal_comma: bool,
    ) -> Result<Option<f64>, Error> {
        let Some(k) = k else { return Ok(None) };
        match self.typed(k) {
            Typed::Number(x) if x.is_finite() => Ok(Some(x)),
            Typed::Number(x) => Err(csv_error(
                line,
                field,
                format!("{} is not a finite number", trustkit_core::Shown(x)),
            )),
            Typed::Time(_) => Err(csv_error(
                line,
                field,
                "a time column where a number belongs".into(),
            )),
            Typed::Text => self
                .at(k)
                .map(|raw| number(raw, line, field, decimal_comma))
                .transpose(),
        }
    }

    /// The number in `column` (any case); `None` when absent or empty.
    pub(crate) fn number(
        &self,
        column: &str,
        line: u64,
        decimal_comma: bool,
    ) -> Result<Option<f64>, Error> {
        self.number_at(self.position(column), line, column, decimal_comma)
    }

    /// The time at position `k` (typed, or parsed from text); `None` when the cell is empty.
    pub(crate) fn time_at(
        &self,
        k: Option<usize>,
        line: u64,
        field: &str,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, Error> {
        let Some(k) = k else { return Ok(None) };
        match self.typed(k) {
            Typed::Time(t) => Ok(Some(t)),
            Typed::Number(_) => Err(csv_error(
                line,
                field,
                "a number column where a time belongs".into(),
            )),
            Typed::Text => self.at(k).map(|raw| time(raw, line, field)).transpose(),
        }
    }

    /// The cell, or "" when missing.
    pub(crate) fn text(&self, column: &str) -> &'a str {
        self.get(column).unwrap_or_default()
    }

    /// Every (header, non-empty cell) pair as text, in column order.
    pub(crate) fn cells(&self) -> Vec<(&'a str, String)> {
        self.headers
            .iter()
            .zip(self.record.iter())
            .enumerate()
            .filter_map(|(k, (h, v))| {
                let text = match self.typed(k) {
                    Typed::Text => v.to_owned(),
                    Typed::Number(x) => x.to_string(),
                    Typed::Time(t) => t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                };
                (!text.is_empty()).then_some((h.as_str(), text))
            })
            .collect()
    }
}

/// A number; with `decimal_comma`, `1.234,5` reads as 1234.5.
pub(crate) fn parse_number(raw: &str, decimal_comma: bool) -> Option<f64> {
    let x = if decimal_comma {
        raw.replace('.', "").replace(',', ".").parse::<f64>().ok()?
    } else {
        raw.parse::<f64>().ok()?
    };
    x.is_finite().then_some(x)
}

pub(crate) fn number(raw: &str, line: u64, field: &str, decimal_comma: bool) -> Result<f64, Error> {
    parse_number(raw, decimal_comma).ok_or_else(|| {
        let hint = if !decimal_comma && raw.contains(',') && parse_number(raw, true).is_some() {
            "; if the file writes decimal commas, set decimal_comma = true in the mapping"
        } else {
            ""
        };
        csv_error(line, field, format!("{raw:?} is not a finite number{hint}"))
    })
}

/// A time as RFC 3339 (`2026-03-14T10:00:00Z`, any offset), `YYYY-MM-DD HH:MM:SS` or
/// `YYYY-MM-DD` (both UTC).
pub(crate) fn parse_time(raw: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    trustkit_core::time::parse_rfc3339(raw)
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S")
                .ok()
                .map(|t| t.and_utc())
        })
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        })
}

pub(crate) fn time(
    raw: &str,
    line: u64,
    field: &str,
) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    parse_time(raw).ok_or_else(|| {
        csv_error(
            line,
            field,
            format!(
                "{raw:?} is not a time: write 2026-03-14T10:00:00Z (RFC 3339), 2026-03-14 10:00:00 or 2026-03-14 (UTC)"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(input: &[u8], chunk: usize) -> Vec<u8> {
        /// A reader that hands out at most `chunk` bytes a call, to cross buffer edges.
        struct Drip<'a>(&'a [u8], usize);
        impl Read for Drip<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        let mut lf = Lf {
            inner: Drip(input, chunk),
            pending_cr: false,
        };
        lf.read_to_end(&mut out).unwrap_or_default();
        out
    }

    #[test]
    fn crlf_becomes_lf_across_any_buffer_edge() {
        let input = b"a,b\r\n1,\"x\r\ny\"\r\n\r\n2,z\r";
        for chunk in 1..=input.len() {
            assert_eq!(
                through(input, chunk),
                b"a,b\n1,\"x\ny\"\n\n2,z\r",
                "chunk {chunk}"
            );
        }
    }
}
