//! [`AssessmentTrend`]: how an account's trust moved between two assessments (say, two quarters).

use trustkit_core::Trend;

use crate::{AssessmentScore, Dimension};

/// How one dimension moved.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DimensionTrend {
    /// The dimension.
    pub dimension: Dimension,
    /// Later score minus earlier score; `None` when either lacks a score.
    pub delta: Option<f64>,
    /// `√(SE₁² + SE₂²)`, the standard error of the difference of two independent means; `None` when
    /// either score has no standard error.
    pub combined_standard_error: Option<f64>,
    /// Whether `|delta|` exceeds the combined standard error — a change larger than the noise of the
    /// two measurements. `None` when it cannot be told.
    pub exceeds_noise: Option<bool>,
}

impl DimensionTrend {
    /// Up, down or the same (any non-zero change counts: the noise test is
    /// [`DimensionTrend::exceeds_noise`]), when there is a delta.
    #[must_use]
    pub fn direction(&self) -> Option<Trend> {
        self.delta.and_then(|d| Trend::of(d, 0.0))
    }
}

/// The change between two scored assessments of the same account.
///
/// ```
/// use trustkit_assessment::{AssessmentScore, AssessmentTrend};
/// # fn demo(q1: &AssessmentScore, q2: &AssessmentScore) {
/// let trend = AssessmentTrend::between(q1, q2);
/// for d in &trend.dimensions {
///     if d.exceeds_noise == Some(true) {
///         println!("{} moved by {:+.2}", d.dimension, d.delta.unwrap_or(0.0));
///     }
/// }
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AssessmentTrend {
    /// Per dimension, in [`Dimension::ALL`] order.
    pub dimensions: [DimensionTrend; 4],
    /// Change of the overall index, when both have one.
    pub overall_delta: Option<f64>,
}

impl AssessmentTrend {
    /// Compares an earlier and a later assessment.
    #[must_use]
    pub fn between(earlier: &AssessmentScore, later: &AssessmentScore) -> Self {
        let dimensions = Dimension::ALL.map(|dimension| {
            let (a, b) = (earlier.dimension(dimension), later.dimension(dimension));
            let delta = a.score().zip(b.score()).map(|(x, y)| y - x);
            let combined_standard_error = a
                .standard_error()
                .zip(b.standard_error())
                .map(|(s, t)| s.hypot(t));
            let exceeds_noise = delta
                .zip(combined_standard_error)
                .map(|(d, se)| d.abs() > se);
            DimensionTrend {
                dimension,
                delta,
                combined_standard_error,
                exceeds_noise,
            }
        });
        let overall_delta = earlier
            .overall
            .zip(later.overall)
            .map(|(a, b)| b.value.value() - a.value.value());
        Self {
            dimensions,
            overall_delta,
        }
    }
}
