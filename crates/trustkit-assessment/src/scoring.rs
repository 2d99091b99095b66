//! Scoring: from many respondents' answers to per-dimension scores, standard errors, an overall index,
//! bands and the weakest items.

use std::collections::HashSet;

use trustkit_core::{TrustLevel, UnitInterval};

use crate::{Dimension, Error, Instrument, Response, Role};

/// How much each role's answers count (*default*: all 1, no role counts more unless you say so).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct RoleWeights {
    /// Weight of [`Role::Sponsor`].
    pub sponsor: f64,
    /// Weight of [`Role::EconomicBuyer`].
    pub economic_buyer: f64,
    /// Weight of [`Role::Champion`].
    pub champion: f64,
    /// Weight of [`Role::User`].
    pub user: f64,
    /// Weight of [`Role::Procurement`].
    pub procurement: f64,
    /// Weight of [`Role::Other`].
    pub other: f64,
}

impl RoleWeights {
    /// Every role weighs 1.
    pub const EQUAL: Self = Self {
        sponsor: 1.0,
        economic_buyer: 1.0,
        champion: 1.0,
        user: 1.0,
        procurement: 1.0,
        other: 1.0,
    };

    /// The weight of one role.
    #[must_use]
    pub const fn weight(&self, role: Role) -> f64 {
        match role {
            Role::Sponsor => self.sponsor,
            Role::EconomicBuyer => self.economic_buyer,
            Role::Champion => self.champion,
            Role::User => self.user,
            Role::Procurement => self.procurement,
            Role::Other => self.other,
        }
    }
}

impl Default for RoleWeights {
    fn default() -> Self {
        Self::EQUAL
    }
}

/// How the four dimension scores combine into the overall index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Aggregation {
    /// The plain mean: strengths compensate for weaknesses (*default*).
    #[default]
    ArithmeticMean,
    /// The geometric mean `(d₁·d₂·d₃·d₄)^¼`: a weak dimension pulls the index down more than in the
    /// mean, and a zero makes it zero.
    GeometricMean,
    /// The lowest dimension: trust is only as strong as its weakest belief.
    WeakestLink,
}

/// The minimum evidence for a dimension to get a number rather than "insufficient evidence".
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Coverage {
    /// A respondent counts towards a dimension only if they answered at least this share of its
    /// applicable items (not-applicable items are left out of the share; missing ones are not)
    /// (*default* 0.5).
    pub min_item_share: f64,
    /// A dimension is scored only when at least this many respondents count towards it (*default* 2:
    /// one voice is an anecdote, and a standard error needs two).
    pub min_respondents: usize,
}

impl Default for Coverage {
    fn default() -> Self {
        Self {
            min_item_share: 0.5,
            min_respondents: 2,
        }
    }
}

/// Low / medium / high bands for scores in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Band {
    /// Below [`Banding::medium_from`].
    Low,
    /// From [`Banding::medium_from`] up to [`Banding::high_from`].
    Medium,
    /// At or above [`Banding::high_from`].
    High,
}

impl Band {
    /// The three bands, lowest first.
    pub const ALL: [Self; 3] = [Self::Low, Self::Medium, Self::High];

    /// A short name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

impl core::fmt::Display for Band {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

trustkit_core::impl_from_str!(Band, "band");

/// Thresholds of the bands (*default* medium from 0.4, high from 0.7; on a five-point scale roughly
/// "mostly neutral" and "mostly agree").
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Banding {
    /// Lowest score of the medium band.
    pub medium_from: f64,
    /// Lowest score of the high band.
    pub high_from: f64,
}

impl Default for Banding {
    fn default() -> Self {
        Self {
            medium_from: 0.4,
            high_from: 0.7,
        }
    }
}

impl Banding {
    /// The band of a score.
    #[must_use]
    pub fn band(&self, score: f64) -> Band {
        if score >= self.high_from {
            Band::High
        } else if score >= self.medium_from {
            Band::Medium
        } else {
            Band::Low
        }
    }
}

/// Everything that decides how answers become scores. `ScoringPolicy::default()` gives trustkit's
/// documented defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self", default))]
pub struct ScoringPolicy {
    /// Weight of each role's answers.
    pub role_weights: RoleWeights,
    /// How dimensions combine into the overall index.
    pub aggregation: Aggregation,
    /// The minimum evidence per dimension.
    pub coverage: Coverage,
    /// Band thresholds.
    pub banding: Banding,
    /// How many of the lowest-scoring items to report (*default* 3).
    pub weakest_items: usize,
}

impl Default for ScoringPolicy {
    fn default() -> Self {
        Self {
            role_weights: RoleWeights::EQUAL,
            aggregation: Aggregation::ArithmeticMean,
            coverage: Coverage::default(),
            banding: Banding::default(),
            weakest_items: 3,
        }
    }
}

impl ScoringPolicy {
    /// Checks every setting.
    ///
    /// # Errors
    /// [`Error::InvalidPolicy`] naming the setting: role weights must be finite and ≥ 0 with at least
    /// one positive; `min_item_share` in `[0, 1]`; `min_respondents` ≥ 1; band thresholds in `[0, 1]`
    /// with `medium_from ≤ high_from`.
    pub fn validate(&self) -> Result<(), Error> {
        for role in Role::ALL {
            let w = self.role_weights.weight(role);
            if !(w.is_finite() && (0.0..=crate::MAX_WEIGHT).contains(&w)) {
                return Err(Error::InvalidPolicy {
                    field: "role_weights",
                    value: w,
                    expected: "every role weight must be a number from 0 to 1e6",
                });
            }
        }
        if Role::ALL
            .iter()
            .all(|&r| self.role_weights.weight(r) == 0.0)
        {
            return Err(Error::InvalidPolicy {
                field: "role_weights",
                value: 0.0,
                expected: "at least one role must have a positive weight",
            });
        }
        let share = self.coverage.min_item_share;
        if !(0.0..=1.0).contains(&share) {
            return Err(Error::InvalidPolicy {
                field: "coverage.min_item_share",
                value: share,
                expected: "a share in [0, 1]",
            });
        }
        if self.coverage.min_respondents == 0 {
            return Err(Error::InvalidPolicy {
                field: "coverage.min_respondents",
                value: 0.0,
                expected: "at least 1",
            });
        }
        let Banding {
            medium_from,
            high_from,
        } = self.banding;
        if !((0.0..=1.0).contains(&medium_from)
            && (0.0..=1.0).contains(&high_from)
            && medium_from <= high_from)
        {
            return Err(Error::InvalidPolicy {
                field: "banding",
                value: medium_from,
                expected: "thresholds in [0, 1] with medium_from <= high_from",
            });
        }
        Ok(())
    }
}

/// The outcome for one dimension.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "outcome", rename_all = "snake_case"))]
pub enum DimensionOutcome {
    /// Enough evidence: a score.
    Scored {
        /// The role-weighted mean of the respondents' dimension scores, in `[0, 1]`.
        score: f64,
        /// Its standard error (see [`DimensionScore`]); `None` with a single respondent.
        standard_error: Option<f64>,
        /// The score's band.
        band: Band,
    },
    /// Too few respondents covered the dimension to give a number.
    InsufficientEvidence {
        /// The number the policy requires.
        required: usize,
    },
}

/// One dimension's result.
///
/// Each counted respondent's dimension score is the item-weighted mean of their item scores. The
/// dimension score is the role-weighted mean of those, `m = Σwᵢxᵢ / Σwᵢ`. Its standard error uses the
/// effective sample size `n_eff = (Σwᵢ)² / Σwᵢ²` (Kish 1965): `s² = n_eff/(n_eff − 1) · Σwᵢ(xᵢ − m)²/Σwᵢ`
/// and `SE = s / √n_eff`, which is the usual `sd/√n` when all weights are equal.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DimensionScore {
    /// The dimension.
    pub dimension: Dimension,
    /// How many respondents met the coverage rule for it.
    pub respondents: usize,
    /// The score, or why there is none.
    pub outcome: DimensionOutcome,
}

impl DimensionScore {
    /// The score, if there was enough evidence.
    #[must_use]
    pub const fn score(&self) -> Option<f64> {
        match self.outcome {
            DimensionOutcome::Scored { score, .. } => Some(score),
            DimensionOutcome::InsufficientEvidence { .. } => None,
        }
    }

    /// The standard error, if scored by two or more respondents.
    #[must_use]
    pub const fn standard_error(&self) -> Option<f64> {
        match self.outcome {
            DimensionOutcome::Scored { standard_error, .. } => standard_error,
            DimensionOutcome::InsufficientEvidence { .. } => None,
        }
    }
}

/// The overall trust index: the four dimension scores combined by the policy's [`Aggregation`].
/// Present only when all four dimensions are scored, since leaving a belief out would overstate trust
/// whenever the missing one is the weak one.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OverallIndex {
    /// The index in `[0, 1]`.
    pub value: UnitInterval,
    /// Its band.
    pub band: Band,
}

impl From<OverallIndex> for TrustLevel {
    fn from(index: OverallIndex) -> Self {
        TrustLevel::from(index.value)
    }
}

/// One item's average score across respondents, for finding the weakest items.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ItemScore {
    /// The item's id.
    pub item: String,
    /// Its dimension.
    pub dimension: Dimension,
    /// Role-weighted mean of its scores (after reverse-coding), in `[0, 1]`.
    pub mean: f64,
    /// How many respondents answered it with a value.
    pub answered: usize,
}

/// A scored assessment of one account.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AssessmentScore {
    /// The four dimensions, in [`Dimension::ALL`] order.
    pub dimensions: [DimensionScore; 4],
    /// The overall index, when every dimension is scored.
    pub overall: Option<OverallIndex>,
    /// Number of responses scored.
    pub respondents: usize,
    /// The lowest-scoring items, lowest first (ties in instrument order).
    pub weakest_items: Vec<ItemScore>,
}

impl AssessmentScore {
    /// The result of one dimension.
    #[must_use]
    pub const fn dimension(&self, dimension: Dimension) -> &DimensionScore {
        &self.dimensions[dimension.index()]
    }

    /// The scored dimension with the lowest score (the belief to work on), if any is scored.
    #[must_use]
    pub fn weakest_dimension(&self) -> Option<Dimension> {
        self.dimensions
            .iter()
            .filter_map(|d| d.score().map(|s| (d.dimension, s)))
            .fold(None, |best: Option<(Dimension, f64)>, (d, s)| match best {
                Some((_, b)) if b <= s => best,
                _ => Some((d, s)),
            })
            .map(|(d, _)| d)
    }

    /// The overall index as a [`TrustLevel`], when there is one.
    #[must_use]
    pub fn trust_level(&self) -> Option<TrustLevel> {
        self.overall.map(TrustLevel::from)
    }
}

/// An item's answer for the respondent being scored.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Missing,
    NotApplicable,
    Value(u8),
}

/// Running role-weighted mean and spread for one dimension across respondents, updated one
/// respondent at a time (West 1979's weighted form of Welford's algorithm): no sum of squares whose
/// cancellation gave a standard error of 1e-8 where the answer is exactly 0.
#[derive(Debug, Clone, Copy, Default)]
struct WeightedSums {
    count: usize,
    w: f64,
    w2: f64,
    mean: f64,
    /// Σ wᵢ (xᵢ − mean)², accumulated stably.
    s: f64,
}

impl WeightedSums {
    fn push(&mut self, x: f64, w: f64) {
        self.count += 1;
        self.w2 += w * w;
        let total = self.w + w;
        if total > 0.0 {
            let delta = x - self.mean;
            self.mean += delta * (w / total);
            self.s += w * delta * (x - self.mean);
        }
        self.w = total;
    }

    fn mean(&self) -> f64 {
        self.mean.clamp(0.0, 1.0)
    }

    /// Kish-effective-sample-size standard error; `None` below two respondents or with all weight on
    /// one.
    fn standard_error(&self) -> Option<f64> {
        if self.count < 2 {
            return None;
        }
        let biased = (self.s / self.w).max(0.0);
        let n_eff = self.w * self.w / self.w2;
        if n_eff <= 1.0 {
            return None;
        }
        Some((biased * n_eff / (n_eff - 1.0) / n_eff).sqrt())
    }
}

/// One respondent's tally for one dimension.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    applicable: usize,
    answered: usize,
    weight: f64,
    weighted: f64,
}

impl ScoringPolicy {
    /// Scores one account's responses to `instrument`.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use trustkit_assessment::{Dimension, Instrument, Response, Role, ScoringPolicy};
    ///
    /// let at = Utc.with_ymd_and_hms(2026, 9, 30, 0, 0, 0).unwrap();
    /// let instrument = Instrument::standard();
    /// let answer_all = |who: &str, role, value| {
    ///     instrument.items().iter().fold(Response::new(who, role, at).unwrap(), |r, item| {
    ///         // Reverse-coded items are worded negatively: answer them the other way round.
    ///         r.answer(item.id.clone(), if item.reverse_coded { 6 - value } else { value })
    ///     })
    /// };
    /// let responses = [answer_all("sponsor", Role::Sponsor, 5), answer_all("user", Role::User, 4)];
    /// let score = ScoringPolicy::default().score(&instrument, &responses)?;
    /// // Sponsor scores 1.0 everywhere, the user 0.75: each dimension is their mean.
    /// assert_eq!(score.dimension(Dimension::KeepsCommitments).score(), Some(0.875));
    /// assert_eq!(score.overall.map(|o| o.value.value()), Some(0.875));
    /// # Ok::<(), trustkit_assessment::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidPolicy`], [`Error::NoResponses`], [`Error::DuplicateRespondent`], and the
    /// response errors of [`Instrument::check_response`].
    pub fn score(
        &self,
        instrument: &Instrument,
        responses: &[Response],
    ) -> Result<AssessmentScore, Error> {
        self.validate()?;
        self.score_validated(instrument, responses)
    }

    fn score_validated(
        &self,
        instrument: &Instrument,
        responses: &[Response],
    ) -> Result<AssessmentScore, Error> {
        if responses.is_empty() {
            return Err(Error::NoResponses);
        }
        let items = instrument.items();
        let mut slots = vec![Slot::Missing; items.len()];
        // Per item: Σw, Σw·score, answered count.
        let mut item_sums = vec![(0.0f64, 0.0f64, 0usize); items.len()];
        let mut dims = [WeightedSums::default(); 4];
        let mut seen = HashSet::with_capacity(responses.len());
        for response in responses {
            if !seen.insert(response.respondent.as_str()) {
                return Err(Error::DuplicateRespondent {
                    respondent: response.respondent.clone(),
                });
            }
            slots.fill(Slot::Missing);
            instrument.resolve(response, |k, value| {
                slots[k] = value.map_or(Slot::NotApplicable, Slot::Value);
            })?;
            let role_weight = self.role_weights.weight(response.role);
            self.tally_respondent(
                items,
                &slots,
                |k, v| items[k].score(v),
                role_weight,
                Some(&mut item_sums),
                &mut dims,
            );
        }
        let dimensions = self.dimensions(&dims);
        Ok(AssessmentScore {
            overall: self.overall(&dimensions),
            dimensions,
            respondents: responses.len(),
            weakest_items: self.weakest(instrument, &item_sums),
        })
    }

    /// One respondent's answers (in instrument order) into the dimensions' running sums and, for
    /// the object path, the items' sums: the one scoring rule both [`ScoringPolicy::score`] and
    /// [`ScoringPolicy::score_matrix`] run, so they agree bit for bit.
    #[inline]
    fn tally_respondent(
        &self,
        items: &[crate::Item],
        slots: &[Slot],
        score_of: impl Fn(usize, u8) -> f64,
        role_weight: f64,
        mut item_sums: Option<&mut [(f64, f64, usize)]>,
        dims: &mut [WeightedSums; 4],
    ) {
        let mut tallies = [Tally::default(); 4];
        for (k, (item, slot)) in items.iter().zip(slots).enumerate() {
            let tally = &mut tallies[item.dimension.index()];
            match *slot {
                Slot::Missing => tally.applicable += 1,
                Slot::NotApplicable => {}
                Slot::Value(value) => {
                    let score = score_of(k, value);
                    tally.applicable += 1;
                    tally.answered += 1;
                    tally.weight += item.weight;
                    tally.weighted += item.weight * score;
                    if let Some(sums) = item_sums.as_deref_mut() {
                        let sums = &mut sums[k];
                        sums.0 += role_weight;
                        sums.1 += role_weight * score;
                        sums.2 += 1;
                    }
                }
            }
        }
        if role_weight == 0.0 {
            return;
        }
        for (tally, sums) in tallies.iter().zip(dims.iter_mut()) {
            let covered = tally.answered > 0
                && tally.answered as f64 >= self.coverage.min_item_share * tally.applicable as f64;
            if covered {
                sums.push(tally.weighted / tally.weight, role_weight);
            }
        }
    }

    /// The four dimensions' outcomes from their running sums.
    fn dimensions(&self, dims: &[WeightedSums; 4]) -> [DimensionScore; 4] {
        Dimension::ALL.map(|dimension| {
            let sums = dims[dimension.index()];
            let outcome = if sums.count >= self.coverage.min_respondents {
                let score = sums.mean();
                DimensionOutcome::Scored {
                    score,
                    standard_error: sums.standard_error(),
                    band: self.banding.band(score),
                }
            } else {
                DimensionOutcome::InsufficientEvidence {
                    required: self.coverage.min_respondents,
                }
            };
            DimensionScore {
                dimension,
                respondents: sums.count,
                outcome,
            }
        })
    }

    fn overall(&self, dimensions: &[DimensionScore; 4]) -> Option<OverallIndex> {
        let mut scores = [0.0; 4];
        for (slot, d) in scores.iter_mut().zip(dimensions) {
            *slot = d.score()?;
        }
        let value = match self.aggregation {
            Aggregation::ArithmeticMean => scores.iter().sum::<f64>() / 4.0,
            Aggregation::GeometricMean => scores.iter().product::<f64>().powf(0.25),
            Aggregation::WeakestLink => scores.iter().copied().fold(1.0, f64::min),
        };
        let value = UnitInterval::clamped(value).ok()?;
        Some(OverallIndex {
            value,
            band: self.banding.band(value.value()),
        })
    }

    fn weakest(&self, instrument: &Instrument, item_sums: &[(f64, f64, usize)]) -> Vec<ItemScore> {
        let mut scored: Vec<(usize, f64, usize)> = item_sums
            .iter()
            .enumerate()
            .filter(|(_, s)| s.0 > 0.0)
            .map(|(k, s)| (k, (s.1 / s.0).clamp(0.0, 1.0), s.2))
            .collect();
        // Stable sort keeps instrument order among equal means.
        scored.sort_by(|a, b| a.1.total_cmp(&b.1));
        scored
            .into_iter()
            .take(self.weakest_items)
            .map(|(k, mean, answered)| {
                let item = &instrument.items()[k];
                ItemScore {
                    item: item.id.clone(),
                    dimension: item.dimension,
                    mean,
                    answered,
                }
            })
            .collect()
    }

    /// Scores many accounts at once, one result per account in input order. With the `rayon` feature
    /// accounts are scored in parallel; results are identical either way.
    ///
    /// # Errors
    /// [`Error::InvalidPolicy`] for the policy (checked once); per-account errors are returned in
    /// that account's slot.
    pub fn score_accounts<R>(
        &self,
        instrument: &Instrument,
        accounts: &[R],
    ) -> Result<Vec<Result<AssessmentScore, Error>>, Error>
    where
        R: AsRef<[Response]> + Sync,
    {
        self.validate()?;
        #[cfg(feature = "rayon")]
        {
            use rayon::prelude::*;
            Ok(accounts
                .par_iter()
                .map(|responses| self.score_validated(instrument, responses.as_ref()))
                .collect())
        }
        #[cfg(not(feature = "rayon"))]
        {
            Ok(accounts
                .iter()
                .map(|responses| self.score_validated(instrument, responses.as_ref()))
                .collect())
        }
    }
}

/// The code of a missing answer in an [`AnswerMatrix`] (the respondent skipped the item).
pub const MISSING: u8 = u8::MAX;

/// The code of a not-applicable answer in an [`AnswerMatrix`] (the item does not apply to them).
pub const NOT_APPLICABLE: u8 = u8::MAX - 1;

/// Many accounts' assessment answers as plain columns, the layout of a data frame or an Arrow
/// record batch: one row per respondent and one `u8` column per instrument item (in instrument
/// order, row-major), a role per respondent, and the respondents grouped by account as offsets
/// (`offsets[a]..offsets[a + 1]` are account `a`'s rows — an Arrow `ListArray`'s offsets, or the
/// cumulative counts of a group-by). Answers are the Likert values; [`MISSING`] and
/// [`NOT_APPLICABLE`] code the rest (an Arrow null maps to [`MISSING`]). Rows are distinct
/// respondents: a matrix has no ids to check for repeats.
///
/// ```
/// use trustkit_assessment::{AnswerMatrix, Instrument, Role, ScoringPolicy, MISSING};
///
/// let instrument = Instrument::standard();
/// let items = instrument.items().len();
/// // Two accounts: the first with two respondents answering 4 everywhere (reverse-coded items 2),
/// // the second with one respondent who skipped everything.
/// let row = |v: u8| -> Vec<u8> {
///     instrument.items().iter().map(|i| if i.reverse_coded { 6 - v } else { v }).collect()
/// };
/// let mut answers = row(4);
/// answers.extend(row(4));
/// answers.extend(vec![MISSING; items]);
/// let matrix = AnswerMatrix::new(items, &answers, &[Role::Sponsor, Role::User, Role::User], &[0, 2, 3])?;
/// let scores = ScoringPolicy::default().score_matrix(&instrument, &matrix)?;
/// assert_eq!(scores[0].overall.map(|o| o.value.value()), Some(0.75));
/// assert_eq!(scores[1].overall, None); // nothing answered
/// # Ok::<(), trustkit_assessment::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AnswerMatrix<'a> {
    items: usize,
    answers: &'a [u8],
    roles: &'a [Role],
    offsets: &'a [usize],
}

impl<'a> AnswerMatrix<'a> {
    /// Checks that the parts fit: `answers` is `roles.len() × items` long, and `offsets` starts at
    /// 0, never decreases and ends at the number of respondents.
    ///
    /// # Errors
    /// [`Error::MatrixShape`] naming the part that does not fit.
    pub fn new(
        items: usize,
        answers: &'a [u8],
        roles: &'a [Role],
        offsets: &'a [usize],
    ) -> Result<Self, Error> {
        let shape = |what, found, expected| {
            Err(Error::MatrixShape {
                what,
                found,
                expected,
            })
        };
        if answers.len() != roles.len() * items {
            return shape("the answer count", answers.len(), roles.len() * items);
        }
        match (offsets.first(), offsets.last()) {
            (Some(&0), Some(&last)) if last == roles.len() => {}
            (Some(&first), _) if first != 0 => return shape("the first offset", first, 0),
            (_, last) => {
                return shape(
                    "the last offset",
                    last.copied().unwrap_or(usize::MAX),
                    roles.len(),
                );
            }
        }
        if let Some(k) = offsets.windows(2).position(|w| w[1] < w[0]) {
            return shape("an offset", offsets[k + 1], offsets[k]);
        }
        Ok(Self {
            items,
            answers,
            roles,
            offsets,
        })
    }

    /// Number of accounts.
    #[must_use]
    pub fn accounts(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// One account's scores from an [`AnswerMatrix`]: the dimensions and the overall index, without
/// the per-item detail of an [`AssessmentScore`] (no allocation per account).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AccountAssessment {
    /// The four dimensions, in [`Dimension::ALL`] order.
    pub dimensions: [DimensionScore; 4],
    /// The overall index, when every dimension is scored.
    pub overall: Option<OverallIndex>,
    /// Respondents in the account.
    pub respondents: usize,
}

impl ScoringPolicy {
    /// Scores every account of an [`AnswerMatrix`]: the same rules and the same numbers, bit for
    /// bit, as [`ScoringPolicy::score`] on the equivalent [`Response`]s (a property test checks
    /// it), without strings, maps or a heap allocation per respondent. An account with no
    /// respondents has every dimension at insufficient evidence. With the `rayon` feature the
    /// accounts are scored on every core; the numbers do not change.
    ///
    /// # Errors
    /// [`Error::InvalidPolicy`]; [`Error::MatrixShape`] when the matrix has a different number of
    /// items from the instrument; [`Error::OffScale`] for an answer off its item's scale, naming the
    /// respondent as `row <index>`.
    pub fn score_matrix(
        &self,
        instrument: &Instrument,
        matrix: &AnswerMatrix<'_>,
    ) -> Result<Vec<AccountAssessment>, Error> {
        self.validate()?;
        let items = instrument.items();
        if matrix.items != items.len() {
            return Err(Error::MatrixShape {
                what: "the number of items",
                found: matrix.items,
                expected: items.len(),
            });
        }
        // The two highest codes mean missing and not applicable, so no scale may reach them.
        if let Some(item) = items.iter().find(|i| i.scale.max >= NOT_APPLICABLE) {
            return Err(Error::OffScale {
                respondent: "(the matrix format)".into(),
                item: item.id.clone(),
                value: NOT_APPLICABLE,
                min: item.scale.min,
                max: item.scale.max,
            });
        }
        // Each item's score for every code, computed once by the item itself (so the numbers are
        // the object path's): a lookup per answer instead of a division, and NaN off the scale.
        let table: Vec<[f64; 256]> = items
            .iter()
            .map(|item| {
                let mut row = [f64::NAN; 256];
                for v in item.scale.min..=item.scale.max {
                    row[usize::from(v)] = item.score(v);
                }
                row
            })
            .collect();
        let account = |a: usize| self.score_matrix_account(instrument, matrix, &table, a);
        #[cfg(feature = "rayon")]
        {
            use rayon::prelude::*;
            // Collected as a plain indexed vector (each thread writes its own slots), then
            // checked for the first error in order: rayon's `Result<Vec>` collection goes through
            // linked lists of partial vectors, which cost a fifth of the parallel time.
            let scored: Vec<Result<AccountAssessment, Error>> = (0..matrix.accounts())
                .into_par_iter()
                .map(account)
                .collect();
            scored.into_iter().collect()
        }
        #[cfg(not(feature = "rayon"))]
        {
            (0..matrix.accounts()).map(account).collect()
        }
    }

    fn score_matrix_account(
        &self,
        instrument: &Instrument,
        matrix: &AnswerMatrix<'_>,
        table: &[[f64; 256]],
        a: usize,
    ) -> Result<AccountAssessment, Error> {
        let items = instrument.items();
        let rows = matrix.offsets[a]..matrix.offsets[a + 1];
        let mut slots = [Slot::Missing; 64];
        let mut heap;
        // Instruments are short; a longer one falls back to one buffer per account.
        let slots: &mut [Slot] = if items.len() <= slots.len() {
            &mut slots[..items.len()]
        } else {
            heap = vec![Slot::Missing; items.len()];
            &mut heap
        };
        let mut dims = [WeightedSums::default(); 4];
        for r in rows.clone() {
            let row = &matrix.answers[r * items.len()..(r + 1) * items.len()];
            for (((slot, &code), item), scores) in slots.iter_mut().zip(row).zip(items).zip(table) {
                *slot = match code {
                    MISSING => Slot::Missing,
                    NOT_APPLICABLE => Slot::NotApplicable,
                    value if !scores[usize::from(value)].is_nan() => Slot::Value(value),
                    value => {
                        return Err(Error::OffScale {
                            respondent: format!("row {r}"),
                            item: item.id.clone(),
                            value,
                            min: item.scale.min,
                            max: item.scale.max,
                        });
                    }
                };
            }
            let role_weight = self.role_weights.weight(matrix.roles[r]);
            self.tally_respondent(
                items,
                slots,
                |k, v| table[k][usize::from(v)],
                role_weight,
                None,
                &mut dims,
            );
        }
        let dimensions = self.dimensions(&dims);
        Ok(AccountAssessment {
            overall: self.overall(&dimensions),
            dimensions,
            respondents: rows.len(),
        })
    }
}

// A file cannot load a policy that `validate` refuses.
#[cfg(feature = "serde")]
trustkit_core::serde_validated!(ScoringPolicy);
