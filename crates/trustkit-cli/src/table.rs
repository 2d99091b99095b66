//! Aligned text tables, coloured when writing to a terminal.

use crate::CliResult;

/// A cell's colour hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Red,
    Yellow,
    Green,
}

/// A table of strings with a header.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<(String, Tone)>>,
    right: Vec<bool>,
}

impl Table {
    /// `columns`: (title, right-aligned).
    pub fn new(columns: &[(&str, bool)]) -> Self {
        Self {
            header: columns.iter().map(|(t, _)| (*t).to_owned()).collect(),
            rows: Vec::new(),
            right: columns.iter().map(|(_, r)| *r).collect(),
        }
    }

    /// A table of plain cells; `right(title)` says which columns align right.
    pub fn plain(header: &[&str], right: impl Fn(&str) -> bool, rows: Vec<Vec<String>>) -> Self {
        let columns: Vec<(&str, bool)> = header.iter().map(|&h| (h, right(h))).collect();
        let mut t = Self::new(&columns);
        for r in rows {
            t.row(r.into_iter().map(|c| (c, Tone::Plain)).collect());
        }
        t
    }

    pub fn row(&mut self, cells: Vec<(String, Tone)>) {
        self.rows.push(cells);
    }

    /// Renders with two spaces between columns; ANSI colours and a bold header when `colour`.
    pub fn render(&self, colour: bool) -> String {
        let layout = Layout::fit(&self.header, &self.right, &self.rows);
        let mut out = layout.header(&self.header, colour);
        for row in &self.rows {
            out.push_str(&layout.row(row, colour));
        }
        out
    }
}

/// Column widths and alignment, fixed once so rows can be written one at a time.
pub struct Layout {
    width: Vec<usize>,
    right: Vec<bool>,
}

impl Layout {
    /// Widths that fit the header and `rows`.
    pub fn fit(header: &[String], right: &[bool], rows: &[Vec<(String, Tone)>]) -> Self {
        let n = header.len();
        let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (k, (cell, _)) in row.iter().enumerate().take(n) {
                width[k] = width[k].max(cell.chars().count());
            }
        }
        Self {
            width,
            right: right.to_vec(),
        }
    }

    fn pad(&self, text: &str, k: usize) -> String {
        let fill = " ".repeat(self.width[k].saturating_sub(text.chars().count()));
        if self.right[k] {
            format!("{fill}{text}")
        } else {
            format!("{text}{fill}")
        }
    }

    /// The header line (bold when `colour`).
    pub fn header(&self, header: &[String], colour: bool) -> String {
        let cells: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(k, h)| self.pad(h, k))
            .collect();
        let line = cells.join("  ");
        if colour {
            format!("\x1b[1m{}\x1b[0m\n", line.trim_end())
        } else {
            format!("{}\n", line.trim_end())
        }
    }

    /// One row; a cell wider than its column pushes the rest of the row right.
    pub fn row(&self, row: &[(String, Tone)], colour: bool) -> String {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .take(self.width.len())
            .map(|(k, (cell, tone))| {
                let text = self.pad(cell, k);
                match (colour, tone) {
                    (true, Tone::Red) => format!("\x1b[31m{text}\x1b[0m"),
                    (true, Tone::Yellow) => format!("\x1b[33m{text}\x1b[0m"),
                    (true, Tone::Green) => format!("\x1b[32m{text}\x1b[0m"),
                    _ => text,
                }
            })
            .collect();
        format!("{}\n", cells.join("  ").trim_end())
    }
}

/// Writes rows as CSV.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> CliResult {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(anyhow::Error::new)?;
    for r in rows {
        w.write_record(r).map_err(anyhow::Error::new)?;
    }
    let bytes = w.into_inner().map_err(anyhow::Error::new)?;
    String::from_utf8(bytes).map_err(anyhow::Error::new)
}

/// Pretty JSON with a final newline.
pub fn json<T: serde::Serialize>(value: &T) -> CliResult {
    serde_json::to_string_pretty(value)
        .map_err(anyhow::Error::new)
        .map(|s| s + "\n")
}
