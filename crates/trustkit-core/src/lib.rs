//! Shared validated scalars and vocabulary for [trustkit](https://docs.rs/trustkit).
//!
//! ```
//! use trustkit_core::{Level, Moment, TrustLevel, UnitInterval};
//!
//! // A trust level is a validated number in [0, 1]: bad input is an error, never a panic.
//! let trust = TrustLevel::new(0.8)?;
//! assert!(TrustLevel::new(f64::NAN).is_err());
//!
//! // Split it into low / high against a threshold, as relationship models do.
//! assert_eq!(trust.classify(UnitInterval::new(0.6)?), Level::High);
//!
//! // The five critical moments tag experiences and journey phases.
//! assert_eq!(Moment::ALL[4], Moment::Truth);
//! # Ok::<(), trustkit_core::Error>(())
//! ```
//!
//! This crate has no domain logic. It holds the types that the domain crates (trustkit-equation,
//! -assessment, -learning, -loyalty) share, so they can meet without depending on each other:
//!
//! - [`UnitInterval`]: a finite number in `[0, 1]`;
//! - [`TrustLevel`]: how much a customer trusts the supplier, 0 none to 1 complete — each domain crate
//!   converts its own result into one;
//! - [`Level`]: low or high against a threshold;
//! - [`Moment`]: the five critical moments of the customer experience (Powers);
//! - [`Trend`]: up, down or the same outside a dead band — the one direction type of every history;
//! - [`TrustAttribute`]: ability, benevolence, integrity (Mayer, Davis & Schoorman 1995);
//! - [`prospect`]: the prospect-theory value and weighting functions and the switching threshold
//!   (Tversky & Kahneman 1992), written once for the learning and loyalty crates;
//! - [`time`]: RFC 3339 timestamps, read fast;
//! - [`linalg`]: the small symmetric solves their statistical fits share.
//!
//! # Features
//! - `serde`: `Serialize`/`Deserialize` for every public type. Validated types deserialize through
//!   their constructors, so a file cannot smuggle in a trust level of 1.3.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod attribute;
mod bounds;
mod error;
mod level;
pub mod linalg;
mod location;
mod moment;
mod names;
pub mod prospect;
pub mod time;
mod trend;
mod trust_level;
mod unit_interval;

pub use attribute::TrustAttribute;
pub use bounds::{Bound, Bounds};
pub use error::{Error, Shown};
pub use level::Level;
pub use location::Location;
pub use moment::{Moment, UnknownMoment};
pub use names::UnknownName;
pub use trend::{Trend, UnknownTrend};
pub use trust_level::TrustLevel;
pub use unit_interval::UnitInterval;

/// Makes a config type's `Deserialize` go through its `validate()` method, so a file cannot load a
/// value its constructor or builders would refuse ("construction is validation").
///
/// The type derives serde with `#[serde(remote = "Self")]`, which turns the derived code into inherent
/// functions; this macro then implements the traits with them, validating after deserializing. Its
/// `validate` returns a `Result` whose error is `Display`. For the trustkit crates' own use.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! serde_validated {
    ($t:ty) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <$t>::deserialize(deserializer)?;
                value.validate().map_err(serde::de::Error::custom)?;
                Ok(value)
            }
        }
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                <$t>::serialize(self, serializer)
            }
        }
    };
}
