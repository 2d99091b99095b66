//! The error type of trustkit-assessment.

use crate::Dimension;

/// Why an instrument, response, policy or input file was rejected. Every variant names the item,
/// respondent or field involved, so the message says what to fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The instrument has no items.
    #[error("an instrument needs at least one item per dimension; this one has no items")]
    EmptyInstrument,
    /// An item's id is empty or only whitespace.
    #[error("item #{index} has an empty id")]
    EmptyItemId {
        /// Zero-based position of the item.
        index: usize,
    },
    /// Two items share an id.
    #[error("item id {id:?} is used by more than one item")]
    DuplicateItemId {
        /// The repeated id.
        id: String,
    },
    /// An item's prompt is empty or only whitespace.
    #[error("item {item:?} has an empty prompt")]
    EmptyPrompt {
        /// The item's id.
        item: String,
    },
    /// An item's weight is zero, negative, not finite, or above [`MAX_WEIGHT`](crate::MAX_WEIGHT).
    #[error("item {item:?} has weight {weight:e}; weights must be positive and at most 1e6")]
    NonPositiveWeight {
        /// The item's id.
        item: String,
        /// The rejected weight.
        weight: f64,
    },
    /// An item's Likert scale does not have `min < max`.
    #[error("item {item:?} has scale {min}–{max}; a scale needs min < max")]
    InvalidScale {
        /// The item's id.
        item: String,
        /// Declared lowest answer.
        min: u8,
        /// Declared highest answer.
        max: u8,
    },
    /// No item measures a dimension, so it could never be scored.
    #[error("no item measures the dimension \"{dimension}\"; every dimension needs at least one")]
    UncoveredDimension {
        /// The dimension without items.
        dimension: Dimension,
    },
    /// A response's respondent id is empty.
    #[error("a response has an empty respondent id")]
    EmptyRespondentId,
    /// Two responses in one assessment come from the same respondent.
    #[error("respondent {respondent:?} answered more than once in the same assessment")]
    DuplicateRespondent {
        /// The repeated respondent id.
        respondent: String,
    },
    /// A response answers an item the instrument does not have.
    #[error("respondent {respondent:?} answered item {item:?}, which the instrument does not have")]
    UnknownItem {
        /// The respondent.
        respondent: String,
        /// The unknown item id.
        item: String,
    },
    /// An answer lies outside its item's Likert scale.
    #[error(
        "respondent {respondent:?} answered {value} to item {item:?}, whose scale is {min}–{max}"
    )]
    OffScale {
        /// The respondent.
        respondent: String,
        /// The item.
        item: String,
        /// The answer given.
        value: u8,
        /// The item's lowest answer.
        min: u8,
        /// The item's highest answer.
        max: u8,
    },
    /// An assessment was scored from no responses.
    #[error("cannot score an assessment with no responses")]
    NoResponses,
    /// A scoring or signal policy setting is out of range.
    #[error("policy setting {field} = {value} is invalid: {expected}")]
    InvalidPolicy {
        /// The setting.
        field: &'static str,
        /// The rejected value.
        value: f64,
        /// What it must be.
        expected: &'static str,
    },
    /// A JSON document could not be read (syntax, a missing or unknown field, a wrong type, or a
    /// validation error).
    #[error("invalid {what} JSON at {at}: {message}")]
    Json {
        /// What was being read: "instrument" or "responses".
        what: &'static str,
        /// Where: the JSON path of the offending value (e.g. `[2].answers`), line and column.
        at: trustkit_core::Location,
        /// What is wrong.
        message: String,
    },
    /// The parts of an [`AnswerMatrix`](crate::AnswerMatrix) do not fit together.
    #[error("answer matrix: {what} is {found}, expected {expected}")]
    MatrixShape {
        /// Which part.
        what: &'static str,
        /// Its size.
        found: usize,
        /// The size it must have.
        expected: usize,
    },
    /// A shared value type of trustkit-core refused a number.
    #[error(transparent)]
    Core(#[from] trustkit_core::Error),
}

/// Reads `what` from JSON, with the JSON path of a bad value in the error; a leading byte order
/// mark is skipped and text after the document is an error.
#[cfg(feature = "serde")]
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    what: &'static str,
    json: &str,
) -> Result<T, Error> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        // serde_path_to_error names the document root "." (or "?" before any key).
        let path = match e.path().to_string() {
            p if p == "." || p == "?" => String::new(),
            p => p,
        };
        let mut err = json_error(what, e.inner());
        if let Error::Json { at, .. } = &mut err {
            at.path = path;
        }
        err
    })?;
    de.end().map_err(|e| json_error(what, &e))?;
    Ok(value)
}

/// A serde_json error as [`Error::Json`], its position moved into the location.
#[cfg(feature = "serde")]
pub(crate) fn json_error(what: &'static str, e: &serde_json::Error) -> Error {
    let (at, message) = trustkit_core::Location::json(e.line(), e.column(), &e.to_string());
    Error::Json { what, at, message }
}
