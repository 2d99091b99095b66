//! Names of unit enums: one `FromStr` for every enum that has `ALL` and `name()`, and one error.

/// The text given to a trustkit enum's `FromStr` was none of its names. Names are matched without
/// regard to case or surrounding spaces.
///
/// ```
/// use trustkit_core::TrustAttribute;
///
/// assert_eq!("Integrity".parse::<TrustAttribute>(), Ok(TrustAttribute::Integrity));
/// let err = "honesty".parse::<TrustAttribute>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown trust attribute \"honesty\": expected one of ability, benevolence, integrity");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {given:?}: expected one of {}", choices.join(", "))]
pub struct UnknownName {
    /// What was being named, e.g. "role".
    pub kind: &'static str,
    /// The text given.
    pub given: String,
    /// Every accepted name.
    pub choices: Vec<&'static str>,
}

/// Implements `FromStr` (error [`UnknownName`]) for an enum with `const ALL: [Self; N]` and
/// `const fn name(self) -> &'static str`, so files, the command line and `Display` share one
/// spelling. For the trustkit crates' own use.
#[doc(hidden)]
#[macro_export]
macro_rules! impl_from_str {
    ($t:ty, $kind:literal) => {
        impl ::core::str::FromStr for $t {
            type Err = $crate::UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim();
                <$t>::ALL
                    .into_iter()
                    .find(|v| v.name().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| $crate::UnknownName {
                        kind: $kind,
                        given: s.to_owned(),
                        choices: <$t>::ALL.iter().map(|v| v.name()).collect(),
                    })
            }
        }
    };
}

crate::impl_from_str!(crate::TrustAttribute, "trust attribute");
