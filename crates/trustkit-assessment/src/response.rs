//! [`Response`]: one respondent's answers.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::{Error, Instrument, Role};

/// One answer to one item. "Not applicable" is an answer — the respondent says the item does not
/// concern them — and is excluded from coverage; an item with no entry at all is *missing* and counts
/// against coverage.
///
/// In JSON a value is a bare number and not-applicable is the string `"n/a"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// A point on the item's Likert scale.
    Value(u8),
    /// The item does not apply to this respondent.
    NotApplicable,
}

#[cfg(feature = "serde")]
impl serde::Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(v) => serializer.serialize_u8(*v),
            Self::NotApplicable => serializer.serialize_str("n/a"),
        }
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Answer;

            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("an answer: an integer 0–255 on the item's scale, or \"n/a\"")
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Answer, E> {
                u8::try_from(v)
                    .map(Answer::Value)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Answer, E> {
                u8::try_from(v)
                    .map(Answer::Value)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Answer, E> {
                if v.eq_ignore_ascii_case("n/a") {
                    Ok(Answer::NotApplicable)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// One respondent's answers to an instrument, keyed by item id.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use trustkit_assessment::{Answer, Response, Role};
///
/// let when = Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap();
/// let r = Response::new("ana@customer.example", Role::Champion, when)?
///     .answer("needs.problem", 4)
///     .not_applicable("fair.pricing");
/// assert_eq!(r.get("needs.problem"), Some(Answer::Value(4)));
/// assert_eq!(r.get("fair.pricing"), Some(Answer::NotApplicable));
/// assert_eq!(r.get("needs.urgency"), None); // missing
/// # Ok::<(), trustkit_assessment::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Response {
    /// Who answered (an id stable across assessments, such as an email or CRM contact id).
    pub respondent: String,
    /// Their role at the customer.
    pub role: Role,
    /// When they answered.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "trustkit_core::time::deserialize")
    )]
    pub answered_at: DateTime<Utc>,
    /// Answers by item id; an item not present is missing.
    #[cfg_attr(feature = "serde", serde(default))]
    pub answers: BTreeMap<String, Answer>,
}

impl Response {
    /// A response with no answers yet.
    ///
    /// # Errors
    /// [`Error::EmptyRespondentId`] when `respondent` is empty or only whitespace.
    pub fn new(
        respondent: impl Into<String>,
        role: Role,
        answered_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let respondent = respondent.into();
        if respondent.trim().is_empty() {
            return Err(Error::EmptyRespondentId);
        }
        Ok(Self {
            respondent,
            role,
            answered_at,
            answers: BTreeMap::new(),
        })
    }

    /// Adds (or replaces) an answer on the scale; checked against the instrument when scored.
    #[must_use]
    pub fn answer(mut self, item: impl Into<String>, value: u8) -> Self {
        self.answers.insert(item.into(), Answer::Value(value));
        self
    }

    /// Marks an item as not applicable to this respondent.
    #[must_use]
    pub fn not_applicable(mut self, item: impl Into<String>) -> Self {
        self.answers.insert(item.into(), Answer::NotApplicable);
        self
    }

    /// The answer to an item: `None` when missing.
    #[must_use]
    pub fn get(&self, item: &str) -> Option<Answer> {
        self.answers.get(item).copied()
    }
}

impl Instrument {
    /// Checks a response against this instrument: a non-empty respondent id, every answered item
    /// known, every value on its item's scale.
    ///
    /// # Errors
    /// [`Error::EmptyRespondentId`], [`Error::UnknownItem`] or [`Error::OffScale`], naming the
    /// respondent and the item.
    pub fn check_response(&self, response: &Response) -> Result<(), Error> {
        self.resolve(response, |_, _| {})
    }

    /// Validates a response and calls `visit(item position, value)` for each on-scale value (not for
    /// not-applicable answers).
    pub(crate) fn resolve(
        &self,
        response: &Response,
        mut visit: impl FnMut(usize, Option<u8>),
    ) -> Result<(), Error> {
        if response.respondent.trim().is_empty() {
            return Err(Error::EmptyRespondentId);
        }
        // Both the answers (a BTreeMap) and `by_id` are in ascending id order: merge them.
        let (items, by_id) = (self.items(), self.by_id());
        let mut cursor = 0;
        for (id, answer) in &response.answers {
            while cursor < by_id.len() && items[by_id[cursor]].id < *id {
                cursor += 1;
            }
            let position = match by_id.get(cursor) {
                Some(&k) if items[k].id == *id => k,
                _ => {
                    return Err(Error::UnknownItem {
                        respondent: response.respondent.clone(),
                        item: id.clone(),
                    });
                }
            };
            match *answer {
                Answer::Value(value) => {
                    let scale = items[position].scale;
                    if !scale.contains(value) {
                        return Err(Error::OffScale {
                            respondent: response.respondent.clone(),
                            item: id.clone(),
                            value,
                            min: scale.min,
                            max: scale.max,
                        });
                    }
                    visit(position, Some(value));
                }
                Answer::NotApplicable => visit(position, None),
            }
        }
        Ok(())
    }
}

/// Reads a JSON array of responses.
///
/// # Errors
/// [`Error::Json`] with line and column for malformed JSON, a missing or unknown field, a bad role,
/// timestamp or answer. Checking the answers against an instrument happens when scoring, or with
/// [`Instrument::check_response`].
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub fn responses_from_json(json: &str) -> Result<Vec<Response>, Error> {
    crate::error::from_json("responses", json)
}

/// Writes responses as a pretty-printed JSON array.
///
/// # Errors
/// [`Error::Json`] if serialisation fails (it does not for these types).
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub fn responses_to_json(responses: &[Response]) -> Result<String, Error> {
    serde_json::to_string_pretty(responses).map_err(|e| crate::error::json_error("responses", &e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 30, 9, 0, 0).unwrap()
    }

    #[test]
    fn empty_respondent_is_rejected() {
        assert_eq!(
            Response::new("  ", Role::User, at()),
            Err(Error::EmptyRespondentId)
        );
    }

    #[test]
    fn check_names_respondent_and_item() {
        let instrument = Instrument::standard();
        let ok = Response::new("bo", Role::User, at())
            .unwrap()
            .answer("needs.problem", 5);
        assert_eq!(instrument.check_response(&ok), Ok(()));
        let unknown = ok.clone().answer("needs.telepathy", 3);
        assert_eq!(
            instrument.check_response(&unknown),
            Err(Error::UnknownItem {
                respondent: "bo".into(),
                item: "needs.telepathy".into()
            })
        );
        let off = ok.answer("needs.urgency", 6);
        let err = instrument.check_response(&off).unwrap_err();
        assert_eq!(
            err.to_string(),
            "respondent \"bo\" answered 6 to item \"needs.urgency\", whose scale is 1–5"
        );
    }
}
