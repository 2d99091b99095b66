//! Evidence from several raters: many stakeholders' scores combined into one equation, with how much
//! they disagree.

use crate::{Component, Error, Scale, TrustEquation};

/// One rater's scores for the four components — for example one stakeholder at the customer (the
/// sponsor, a champion, a user) rating the supplier.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ratings {
    /// Credibility score.
    pub credibility: f64,
    /// Reliability score.
    pub reliability: f64,
    /// Intimacy score.
    pub intimacy: f64,
    /// Self-orientation score.
    pub self_orientation: f64,
}

impl Ratings {
    /// Collects four scores, in the equation's order C, R, I, S (unvalidated until aggregated).
    #[must_use]
    pub const fn new(
        credibility: f64,
        reliability: f64,
        intimacy: f64,
        self_orientation: f64,
    ) -> Self {
        Self {
            credibility,
            reliability,
            intimacy,
            self_orientation,
        }
    }

    const fn get(&self, component: Component) -> f64 {
        match component {
            Component::Credibility => self.credibility,
            Component::Reliability => self.reliability,
            Component::Intimacy => self.intimacy,
            Component::SelfOrientation => self.self_orientation,
        }
    }
}

/// One piece of qualitative evidence coded to a component with a rating — e.g. an interview remark
/// ("they always ship when they say") coded as reliability 9.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Statement {
    /// The component the statement speaks to.
    pub component: Component,
    /// Its rating on the scale.
    pub rating: f64,
}

/// What the raters said about one component: the mean that enters the equation and the spread around
/// it.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ComponentSummary {
    /// Number of scores.
    pub count: usize,
    /// Arithmetic mean: the component's estimate.
    pub mean: f64,
    /// Sample standard deviation (`n − 1` in the denominator; 0 for a single score): how much the raters
    /// disagree.
    pub std_dev: f64,
    /// Lowest score given.
    pub min: f64,
    /// Highest score given.
    pub max: f64,
}

impl ComponentSummary {
    /// Standard error of the mean, `std_dev / √count`: how sure the estimate is.
    #[must_use]
    pub fn standard_error(&self) -> f64 {
        // `count` is at least 1 for every summary this crate builds.
        self.std_dev / (self.count.max(1) as f64).sqrt()
    }
}

/// Running mean and variance by Welford's method (numerically stable in one pass).
#[derive(Debug, Clone, Copy)]
struct Accumulator {
    count: usize,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
}

impl Accumulator {
    const EMPTY: Self = Self {
        count: 0,
        mean: 0.0,
        m2: 0.0,
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
    };

    fn push(&mut self, x: f64) {
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }

    fn summary(&self) -> ComponentSummary {
        let variance = if self.count > 1 {
            self.m2 / (self.count - 1) as f64
        } else {
            0.0
        };
        ComponentSummary {
            count: self.count,
            // Rounding can put a mean of identical scores a hair outside them; keep it inside.
            mean: self.mean.clamp(self.min, self.max),
            std_dev: variance.max(0.0).sqrt(),
            min: self.min,
            max: self.max,
        }
    }
}

/// Several raters' component scores aggregated into one [`TrustEquation`] of the means, with each
/// component's spread and the number of raters.
///
/// ```
/// use trustkit_equation::{Evidence, Ratings, Scale};
///
/// let evidence = Evidence::from_raters(Scale::DEFAULT, &[
///     Ratings::new(8.0, 6.0, 7.0, 3.0), // sponsor
///     Ratings::new(6.0, 8.0, 5.0, 5.0), // procurement
/// ])?;
/// assert_eq!(evidence.rater_count(), 2);
/// assert_eq!(evidence.equation().quotient(), 20.0 / 4.0); // means 7, 7, 6, 4
/// assert!((evidence.summary(trustkit_equation::Component::Credibility).std_dev - 2f64.sqrt()).abs() < 1e-12);
/// # Ok::<(), trustkit_equation::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawEvidence"))]
pub struct Evidence {
    equation: TrustEquation,
    summaries: [ComponentSummary; 4],
    rater_count: usize,
}

/// Evidence as a file holds it, before [`Evidence::check`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    equation: TrustEquation,
    summaries: [ComponentSummary; 4],
    rater_count: usize,
}

#[cfg(feature = "serde")]
impl TryFrom<RawEvidence> for Evidence {
    type Error = Error;

    fn try_from(raw: RawEvidence) -> Result<Self, Error> {
        let evidence = Self {
            equation: raw.equation,
            summaries: raw.summaries,
            rater_count: raw.rater_count,
        };
        evidence.check()?;
        Ok(evidence)
    }
}

impl Evidence {
    /// Checks that the parts fit together, as the constructors guarantee: at least one rater, each
    /// summary with `1 ≤ count ≤ rater_count`, finite numbers with `min ≤ mean ≤ max` on the scale
    /// and a standard deviation ≥ 0, and the equation made of the summaries' means. A deserialized
    /// evidence is checked on the way in.
    ///
    /// # Errors
    /// [`Error::Core`] naming the first part that does not fit.
    pub fn check(&self) -> Result<(), Error> {
        let bad = |what: String, value: f64, bounds| -> Error {
            trustkit_core::Error::OutOfRange {
                what,
                value,
                bounds,
            }
            .into()
        };
        if self.rater_count == 0 {
            return Err(bad(
                "evidence rater_count".into(),
                0.0,
                trustkit_core::Bounds::at_least(1.0),
            ));
        }
        let scale = self.equation.scale();
        for (s, component) in self.summaries.iter().zip(Component::ALL) {
            let name = component.name();
            let count = s.count as f64;
            if s.count == 0 || s.count > self.rater_count {
                return Err(bad(
                    format!("{name} count"),
                    count,
                    trustkit_core::Bounds::closed(1.0, self.rater_count as f64),
                ));
            }
            let on_scale = trustkit_core::Bounds::closed(scale.min(), scale.max());
            on_scale.check(&format!("{name} min"), s.min)?;
            on_scale.check(&format!("{name} max"), s.max)?;
            trustkit_core::Bounds::closed(s.min, s.max).check(&format!("{name} mean"), s.mean)?;
            trustkit_core::Bounds::NON_NEGATIVE.check(&format!("{name} std_dev"), s.std_dev)?;
            if s.mean != self.equation.component(component) {
                return Err(bad(
                    format!("{name} of the equation (it must be the summary's mean)"),
                    self.equation.component(component),
                    trustkit_core::Bounds::closed(s.mean, s.mean),
                ));
            }
        }
        Ok(())
    }
}

impl Evidence {
    /// Aggregates full sets of ratings, one per rater; each component's estimate is its mean.
    ///
    /// # Errors
    /// [`Error::NoRaters`] for an empty slice; [`Error::Row`] wrapping the validation error of the
    /// first invalid rater (its zero-based index).
    pub fn from_raters(scale: Scale, raters: &[Ratings]) -> Result<Self, Error> {
        if raters.is_empty() {
            return Err(Error::NoRaters);
        }
        let mut acc = [Accumulator::EMPTY; 4];
        for (index, rating) in raters.iter().enumerate() {
            for (slot, component) in acc.iter_mut().zip(Component::ALL) {
                let value = scale
                    .check(component, rating.get(component))
                    .map_err(|e| e.at_row(index))?;
                slot.push(value);
            }
        }
        Self::from_accumulators(scale, &acc, raters.len())
    }

    /// Aggregates statements each coded to one component; each component needs at least one.
    /// [`Evidence::rater_count`] is then the number of statements.
    ///
    /// # Errors
    /// [`Error::NoRaters`] for an empty slice, [`Error::Row`] for the first invalid rating,
    /// [`Error::MissingComponent`] when a component has no statement.
    pub fn from_statements(scale: Scale, statements: &[Statement]) -> Result<Self, Error> {
        if statements.is_empty() {
            return Err(Error::NoRaters);
        }
        let mut acc = [Accumulator::EMPTY; 4];
        for (index, statement) in statements.iter().enumerate() {
            let value = scale
                .check(statement.component, statement.rating)
                .map_err(|e| e.at_row(index))?;
            acc[statement.component as usize].push(value);
        }
        if let Some(component) = Component::ALL
            .into_iter()
            .find(|&component| acc[component as usize].count == 0)
        {
            return Err(Error::MissingComponent { component });
        }
        Self::from_accumulators(scale, &acc, statements.len())
    }

    fn from_accumulators(
        scale: Scale,
        acc: &[Accumulator; 4],
        rater_count: usize,
    ) -> Result<Self, Error> {
        let summaries = acc.map(|a| a.summary());
        let equation = TrustEquation::on_scale(
            scale,
            summaries[0].mean,
            summaries[1].mean,
            summaries[2].mean,
            summaries[3].mean,
        )?;
        Ok(Self {
            equation,
            summaries,
            rater_count,
        })
    }

    /// The equation of the mean scores.
    #[must_use]
    pub const fn equation(&self) -> TrustEquation {
        self.equation
    }

    /// How many raters (or statements) the evidence rests on.
    #[must_use]
    pub const fn rater_count(&self) -> usize {
        self.rater_count
    }

    /// Mean, spread and range of one component's scores.
    #[must_use]
    pub const fn summary(&self, component: Component) -> ComponentSummary {
        self.summaries[component as usize]
    }

    /// The component the raters disagree on most (largest standard deviation; ties in C, R, I, S order).
    #[must_use]
    pub fn most_disputed(&self) -> Component {
        let mut best = Component::Credibility;
        for component in Component::ALL {
            if self.summary(component).std_dev > self.summary(best).std_dev {
                best = component;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn three_raters_worked_example() {
        let raters = [
            Ratings::new(8.0, 7.0, 6.0, 2.0),
            Ratings::new(6.0, 7.0, 3.0, 4.0),
            Ratings::new(7.0, 7.0, 9.0, 3.0),
        ];
        let ev = Evidence::from_raters(Scale::DEFAULT, &raters).unwrap();
        assert_eq!(ev.rater_count(), 3);
        // Means 7, 7, 6, 3 → quotient 20 / 3.
        assert!((ev.equation().quotient() - 20.0 / 3.0).abs() < 1e-12);
        let c = ev.summary(Component::Credibility);
        assert_eq!(
            (c.count, c.mean, c.std_dev, c.min, c.max),
            (3, 7.0, 1.0, 6.0, 8.0)
        );
        assert!((c.standard_error() - 1.0 / 3f64.sqrt()).abs() < 1e-12);
        assert_eq!(ev.summary(Component::Reliability).std_dev, 0.0);
        // Intimacy: deviations −0, −3, +3 → variance 18 / 2 = 9 → sd 3.
        assert!((ev.summary(Component::Intimacy).std_dev - 3.0).abs() < 1e-12);
        assert_eq!(ev.most_disputed(), Component::Intimacy);
    }

    #[test]
    fn empty_and_invalid_input() {
        assert_eq!(
            Evidence::from_raters(Scale::DEFAULT, &[]),
            Err(Error::NoRaters)
        );
        let err = Evidence::from_raters(
            Scale::DEFAULT,
            &[
                Ratings::new(5.0, 5.0, 5.0, 5.0),
                Ratings::new(5.0, 5.0, 5.0, 0.0),
            ],
        )
        .unwrap_err();
        assert_eq!(
            err,
            Error::NonPositiveSelfOrientation { value: 0.0 }.at_row(1)
        );
        assert!(err.to_string().starts_with("row 1: self-orientation"));
    }

    #[test]
    fn statements_need_every_component() {
        let statements = [
            Statement {
                component: Component::Credibility,
                rating: 8.0,
            },
            Statement {
                component: Component::Credibility,
                rating: 6.0,
            },
            Statement {
                component: Component::Reliability,
                rating: 9.0,
            },
            Statement {
                component: Component::Intimacy,
                rating: 4.0,
            },
        ];
        assert_eq!(
            Evidence::from_statements(Scale::DEFAULT, &statements),
            Err(Error::MissingComponent {
                component: Component::SelfOrientation
            })
        );
        let mut all = statements.to_vec();
        all.push(Statement {
            component: Component::SelfOrientation,
            rating: 3.0,
        });
        let ev = Evidence::from_statements(Scale::DEFAULT, &all).unwrap();
        assert_eq!(ev.rater_count(), 5);
        assert_eq!(ev.equation().quotient(), (7.0 + 9.0 + 4.0) / 3.0);
        assert_eq!(
            Evidence::from_statements(Scale::DEFAULT, &[]),
            Err(Error::NoRaters)
        );
    }

    fn ratings() -> impl Strategy<Value = Ratings> {
        (1.0f64..=10.0, 1.0f64..=10.0, 1.0f64..=10.0, 1.0f64..=10.0)
            .prop_map(|(c, r, i, s)| Ratings::new(c, r, i, s))
    }

    proptest! {
        #[test]
        fn means_lie_within_the_raters_and_order_does_not_matter(
            mut raters in proptest::collection::vec(ratings(), 1..20),
        ) {
            let ev = Evidence::from_raters(Scale::DEFAULT, &raters).unwrap();
            for k in Component::ALL {
                let s = ev.summary(k);
                prop_assert!(s.min <= s.mean && s.mean <= s.max);
                prop_assert!(s.std_dev >= 0.0);
            }
            raters.reverse();
            let reversed = Evidence::from_raters(Scale::DEFAULT, &raters).unwrap();
            prop_assert!((reversed.equation().quotient() - ev.equation().quotient()).abs() < 1e-9);
        }

        #[test]
        fn one_rater_is_that_raters_equation(r in ratings()) {
            let ev = Evidence::from_raters(Scale::DEFAULT, &[r]).unwrap();
            let eq = TrustEquation::new(r.credibility, r.reliability, r.intimacy, r.self_orientation).unwrap();
            prop_assert_eq!(ev.equation(), eq);
            prop_assert_eq!(ev.summary(Component::Intimacy).std_dev, 0.0);
        }
    }
}
