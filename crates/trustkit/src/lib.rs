//! **trustkit** turns the science of customer trust in B2B into code: how much a customer trusts a
//! supplier, why, how that trust moves after each experience, and what it does to renewal and churn.
//!
//! ```
//! use trustkit::prelude::*;
//!
//! // Credibility 8, reliability 7, intimacy 6, self-orientation 2, each on the default 1–10 scale.
//! let eq = TrustEquation::new(8.0, 7.0, 6.0, 2.0)?;
//! assert_eq!(eq.quotient(), 10.5);
//!
//! // Every measurement of trust converts into one `TrustLevel` in [0, 1].
//! let level: TrustLevel = eq.into();
//! assert!(level.value() > 0.7);
//! # Ok::<(), trustkit::equation::Error>(())
//! ```
//!
//! This crate is a facade: it holds no logic of its own and re-exports the trustkit crates, one Cargo
//! feature each.
//!
//! | module | crate | feature |
//! |---|---|---|
//! | [`core`] | `trustkit-core`: validated scalars, trust levels, the five critical moments | always |
//! | `equation` | `trustkit-equation`: Trust = (C + R + I) / S | `equation` (default) |
//! | `assessment` | `trustkit-assessment`: the four-question B2B trust assessment | `assessment` (default) |
//! | `learning` | `trustkit-learning`: how customers learn to trust; the trust game | `learning` (default) |
//! | `loyalty` | `trustkit-loyalty`: commitment, renewal, switching, health, NPS, churn | `loyalty` (default) |
//! | `portfolio` | `trustkit-portfolio`: one diagnosis per account; the portfolio format | `portfolio` (default) |
//!
//! The features `serde` and `rayon` forward to every enabled crate that has them. `use trustkit::prelude::*;` brings the types
//! most programs need; [`chrono`] is re-exported for the timestamps experiences and responses carry.
//!
//! Add it with `cargo add trustkit` (MSRV 1.86). Without default features, pick what you need:
//! `cargo add trustkit --no-default-features --features equation,loyalty`.
//!
//! # Features
#![doc = document_features::document_features!()]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// Dates and times ([`chrono`]), as experiences and assessment responses use them.
pub use chrono;

/// Shared validated scalars and vocabulary: [`trustkit_core`].
pub mod core {
    pub use trustkit_core::*;
}

/// The trust equation: [`trustkit_equation`].
#[cfg(feature = "equation")]
#[cfg_attr(docsrs, doc(cfg(feature = "equation")))]
pub mod equation {
    pub use trustkit_equation::*;
}

/// The four-question B2B trust assessment: [`trustkit_assessment`].
#[cfg(feature = "assessment")]
#[cfg_attr(docsrs, doc(cfg(feature = "assessment")))]
pub mod assessment {
    pub use trustkit_assessment::*;
}

/// How customers learn to trust: [`trustkit_learning`].
#[cfg(feature = "learning")]
#[cfg_attr(docsrs, doc(cfg(feature = "learning")))]
pub mod learning {
    pub use trustkit_learning::*;
}

/// Loyalty, renewal, switching, health scorecards, NPS and churn: [`trustkit_loyalty`].
#[cfg(feature = "loyalty")]
#[cfg_attr(docsrs, doc(cfg(feature = "loyalty")))]
pub mod loyalty {
    pub use trustkit_loyalty::*;
}

/// One diagnosis per account, the playbook and the portfolio format: [`trustkit_portfolio`].
#[cfg(feature = "portfolio")]
#[cfg_attr(docsrs, doc(cfg(feature = "portfolio")))]
pub mod portfolio {
    pub use trustkit_portfolio::*;
}

/// trustkit's functions for Apache DataFusion SQL: [`trustkit_datafusion`].
#[cfg(feature = "datafusion")]
#[cfg_attr(docsrs, doc(cfg(feature = "datafusion")))]
pub mod datafusion {
    pub use trustkit_datafusion::*;
}

/// The types most programs need, for `use trustkit::prelude::*;`.
pub mod prelude {
    pub use trustkit_core::{Level, Moment, Trend, TrustAttribute, TrustLevel, UnitInterval};

    #[cfg(feature = "equation")]
    pub use trustkit_equation::{Component, Scale, TrustEquation};

    #[cfg(feature = "assessment")]
    pub use trustkit_assessment::{
        AssessmentScore, Dimension, Instrument, Response, Role, ScoringPolicy,
    };

    #[cfg(feature = "learning")]
    pub use trustkit_learning::{Anchor, Experience, LearnerParams, ModelPreset, TrustLearner};

    #[cfg(feature = "loyalty")]
    pub use trustkit_loyalty::{
        ChurnModel, Colour, Commitment, LoyaltyFactors, Nps, RelationshipState, RenewalModel,
        Scorecard,
    };

    #[cfg(feature = "portfolio")]
    pub use trustkit_portfolio::{Account, Diagnosis, Portfolio};
}

/// The workspace README's Rust examples, compiled and run as doctests so the tour cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
