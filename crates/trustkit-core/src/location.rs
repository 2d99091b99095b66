//! [`Location`]: where in an input file a problem is, as every trustkit file error states it.

/// Where in an input a problem is: the path of the value (a JSON path such as
/// `accounts[2].experiences[0]`, or a record such as `subject "acme", trial 5`), the line and
/// column, and the field. Each part is optional; the message names what is known.
///
/// ```
/// use trustkit_core::Location;
///
/// let json = Location { path: "accounts[2].prior".into(), line: 14, column: 20, field: None };
/// assert_eq!(json.to_string(), "accounts[2].prior, line 14, column 20");
/// let csv = Location::line(7).with_field("reward");
/// assert_eq!(csv.to_string(), "line 7, field \"reward\"");
/// assert_eq!(Location::default().to_string(), "document");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// Path of the value or record; empty for the document as a whole.
    pub path: String,
    /// Line, counting from 1 (a CSV's header is line 1); 0 when unknown.
    pub line: u64,
    /// Column, counting from 1; 0 when unknown.
    pub column: u64,
    /// The field (JSON key or CSV column) involved, if one.
    pub field: Option<String>,
}

impl Location {
    /// A line of a file.
    #[must_use]
    pub fn line(line: u64) -> Self {
        Self {
            line,
            ..Self::default()
        }
    }

    /// A path in a document or a record, without a line.
    #[must_use]
    pub fn path(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            ..Self::default()
        }
    }

    /// The place a serde_json error points at, and its message without the position serde_json
    /// appends (` at line 3 column 7`), which the location now carries.
    ///
    /// ```
    /// let (at, message) = trustkit_core::Location::json(3, 7, "expected value at line 3 column 7");
    /// assert_eq!(format!("{at}: {message}"), "line 3, column 7: expected value");
    /// ```
    #[must_use]
    pub fn json(line: usize, column: usize, message: &str) -> (Self, String) {
        let message = match message.rfind(" at line ") {
            Some(k) => &message[..k],
            None => message,
        };
        (
            Self {
                line: line as u64,
                column: column as u64,
                ..Self::default()
            },
            message.to_owned(),
        )
    }

    /// The same place, naming the field.
    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl core::fmt::Display for Location {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if !self.path.is_empty() {
            parts.push(self.path.clone());
        }
        match (self.line, self.column) {
            (0, _) => {}
            (line, 0) => parts.push(format!("line {line}")),
            (line, column) => parts.push(format!("line {line}, column {column}")),
        }
        if let Some(field) = &self.field {
            parts.push(format!("field {field:?}"));
        }
        if parts.is_empty() {
            f.write_str("document")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}
