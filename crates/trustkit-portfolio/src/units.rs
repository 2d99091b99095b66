//! [`Unit`]: what a health metric's numbers are measured in, so 23 meaning 23 % is never read as a
//! fraction of 23 and clamped into a green score.

use std::collections::BTreeMap;

/// The unit of a metric's values. Each unit has a range; a value outside it is an error at the input,
/// with a hint when another unit would fit (`23` is not a fraction; is it a percent?).
///
/// ```
/// use trustkit_portfolio::Unit;
///
/// assert_eq!(Unit::Percent.to(Unit::Fraction, 23.0), Some(0.23));
/// assert!(Unit::Fraction.check(0.23).is_ok());
/// let err = Unit::Fraction.check(23.0).unwrap_err();
/// assert_eq!(err, "23 is not a fraction (0–1); is it in percent?");
/// assert_eq!("percent".parse::<Unit>(), Ok(Unit::Percent));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unit {
    /// A share from 0 to 1 (adoption 0.55).
    Fraction,
    /// A share from 0 to 100 (adoption 55).
    Percent,
    /// A ratio of at least 0 that may exceed 1 (seats used per seat licensed, 1.2).
    Ratio,
    /// A whole number of things, at least 0 (open tickets).
    Count,
    /// A number of days, at least 0 (days since the last executive meeting).
    Days,
    /// An amount of money, at least 0.
    Currency,
    /// Any finite number (a score on the metric's own scale).
    Number,
}

impl Unit {
    /// Every unit.
    pub const ALL: [Self; 7] = [
        Self::Fraction,
        Self::Percent,
        Self::Ratio,
        Self::Count,
        Self::Days,
        Self::Currency,
        Self::Number,
    ];

    /// The snake_case name, as in files.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Fraction => "fraction",
            Self::Percent => "percent",
            Self::Ratio => "ratio",
            Self::Count => "count",
            Self::Days => "days",
            Self::Currency => "currency",
            Self::Number => "number",
        }
    }

    fn range_text(self) -> &'static str {
        match self {
            Self::Fraction => " (0–1)",
            Self::Percent => " (0–100)",
            Self::Count => " (a whole number of at least 0)",
            Self::Ratio | Self::Days | Self::Currency => " (at least 0)",
            Self::Number => " (a finite number)",
        }
    }

    /// Whether `value` is a value of this unit.
    #[must_use]
    pub fn contains(self, value: f64) -> bool {
        value.is_finite()
            && match self {
                Self::Fraction => (0.0..=1.0).contains(&value),
                Self::Percent => (0.0..=100.0).contains(&value),
                Self::Count => value >= 0.0 && value.fract() == 0.0,
                Self::Ratio | Self::Days | Self::Currency => value >= 0.0,
                Self::Number => true,
            }
    }

    /// Checks `value` against the unit.
    ///
    /// # Errors
    /// What is wrong in words, with the likely unit when the value is a percent given as a fraction
    /// or the other way round.
    pub fn check(self, value: f64) -> Result<(), String> {
        if self.contains(value) {
            return Ok(());
        }
        let shown = trustkit_core::Shown(value);
        let hint = match self {
            Self::Fraction if Self::Percent.contains(value) => "; is it in percent?",
            Self::Percent if value > 100.0 && value.is_finite() => {
                "; a share cannot pass 100 percent"
            }
            _ => "",
        };
        Err(format!(
            "{shown} is not a {}{}{hint}",
            match self {
                Self::Days => "number of days",
                Self::Count => "count",
                Self::Currency => "currency amount",
                other => other.name(),
            },
            self.range_text()
        ))
    }

    /// `value` in this unit converted to `target`: percent and fraction convert into each other; any
    /// unit converts to itself and to [`Unit::Number`]; other pairs are `None` (no silent guess).
    #[must_use]
    pub fn to(self, target: Self, value: f64) -> Option<f64> {
        match (self, target) {
            (a, b) if a == b => Some(value),
            (Self::Percent, Self::Fraction) => Some(value / 100.0),
            (Self::Fraction, Self::Percent) => Some(value * 100.0),
            (_, Self::Number) => Some(value),
            _ => None,
        }
    }
}

impl core::fmt::Display for Unit {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

trustkit_core::impl_from_str!(Unit, "unit");

/// The units of the default scorecard's metrics ([`crate::default_scorecard`]): adoption and seat
/// usage as fractions (seat usage a ratio, since it may pass 1), open tickets a count, days since the
/// executive meeting in days.
#[must_use]
pub fn default_units() -> BTreeMap<String, Unit> {
    [
        ("adoption", Unit::Fraction),
        ("open_tickets", Unit::Count),
        ("days_since_exec_meeting", Unit::Days),
        ("seat_usage", Unit::Ratio),
    ]
    .into_iter()
    .map(|(m, u)| (m.to_owned(), u))
    .collect()
}
