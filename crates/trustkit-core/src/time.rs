//! Reading timestamps: RFC 3339 with a fast path for the form machines write.
//!
//! Every experience and every assessment response carries a timestamp, so a portfolio of a million
//! accounts holds tens of millions of them; chrono's general RFC 3339 parser was about a tenth of
//! the time of loading one. [`parse_rfc3339`] reads `YYYY-MM-DDTHH:MM:SSZ` directly and hands any
//! other form to chrono, so it accepts exactly what chrono accepts.

use chrono::{DateTime, NaiveDate, Utc};

/// Parses an RFC 3339 timestamp (`2026-03-01T09:00:00Z`, `2026-03-01T10:00:00.5+01:00`, …) to UTC.
/// `None` when the text is not one.
///
/// ```
/// use trustkit_core::time::parse_rfc3339;
///
/// let t = parse_rfc3339("2026-03-01T09:00:00Z").unwrap();
/// assert_eq!(t, parse_rfc3339("2026-03-01T10:00:00+01:00").unwrap());
/// assert_eq!(t.to_rfc3339(), "2026-03-01T09:00:00+00:00");
/// assert!(parse_rfc3339("2026-02-30T09:00:00Z").is_none()); // no 30 February
/// assert!(parse_rfc3339("yesterday").is_none());
/// ```
#[must_use]
pub fn parse_rfc3339(text: &str) -> Option<DateTime<Utc>> {
    fast(text).or_else(|| {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, or `None` to let chrono decide.
fn fast(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0, 4)?).ok()?;
    // Seconds of 60 (a leap second) are left to chrono, which represents them.
    NaiveDate::from_ymd_opt(year, num(5, 7)?, num(8, 10)?)?
        .and_hms_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?)
        .map(|t| t.and_utc())
}

/// Deserializes an RFC 3339 timestamp with [`parse_rfc3339`], for
/// `#[serde(deserialize_with = "trustkit_core::time::deserialize")]`. Serialize with chrono as
/// usual; the two agree.
///
/// # Errors
/// The deserializer's error, quoting the text, when it is not an RFC 3339 timestamp.
#[cfg(feature = "serde")]
pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = DateTime<Utc>;
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("an RFC 3339 timestamp such as 2026-03-01T09:00:00Z")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            parse_rfc3339(v).ok_or_else(|| {
                E::custom(format_args!(
                    "{v:?} is not an RFC 3339 timestamp such as 2026-03-01T09:00:00Z"
                ))
            })
        }
    }
    d.deserialize_str(Visitor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fast_path_agrees_with_chrono_on_edges() {
        for text in [
            "2026-03-01T09:00:00Z",
            "2024-02-29T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            let chrono = DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(fast(text), Some(chrono), "{text}");
        }
        // Not the fast form: chrono decides.
        for text in [
            "2026-03-01t09:00:00z",
            "2026-03-01T09:00:00.250Z",
            "2026-03-01 09:00:00Z",
            "2016-12-31T23:59:60Z",
        ] {
            assert_eq!(fast(text), None, "{text}");
            assert_eq!(
                parse_rfc3339(text),
                DateTime::parse_from_rfc3339(text)
                    .ok()
                    .map(|t| t.with_timezone(&Utc)),
                "{text}"
            );
        }
        for bad in [
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00+",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn same_answer_as_chrono(secs in -62_135_596_800i64..253_402_300_799, text in "[0-9T:Z-]{20}") {
            let t = DateTime::from_timestamp(secs, 0).unwrap();
            let written = t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            prop_assert_eq!(parse_rfc3339(&written), Some(t));
            let chrono = DateTime::parse_from_rfc3339(&text).ok().map(|t| t.with_timezone(&Utc));
            prop_assert_eq!(parse_rfc3339(&text), chrono);
        }
    }
}
