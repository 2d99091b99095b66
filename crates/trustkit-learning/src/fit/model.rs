//! The free parameters of each preset and the objective a fit minimises.

use crate::experiments::trust_game::InvestmentPolicy;
use crate::fit::data::{Observation, Subject};
use crate::learner::{Rates, Switches, step, step_switched};
use crate::real::{MAX_FREE, Real};
use crate::{Anchor, Error, ModelPreset};

/// What a fit minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Objective {
    /// The negative log-likelihood: Gaussian for measurements and investments (its variance
    /// profiled out, `σ̂² = RSS/n`), Bernoulli for choices (*default*).
    #[default]
    Likelihood,
    /// The sum of squared residuals of measurements and investments, plus the squared error of choice
    /// probabilities (Brier).
    LeastSquares,
}

/// Which steps' observations count (odd/even cross-validation, as Chang et al. 2010 did).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Steps {
    All,
    Odd,
    Even,
}

impl Steps {
    pub(crate) const fn includes(self, k: usize) -> bool {
        match self {
            Self::All => true,
            Self::Odd => k % 2 == 1,
            Self::Even => k % 2 == 0,
        }
    }
}

/// Running sums over observations, in numbers of type `R` (`f64`, or dual numbers for the exact
/// gradient and Hessian of the objective).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tally<R = f64> {
    pub(crate) rss: R,
    pub(crate) continuous: usize,
    pub(crate) choice_ll: R,
    pub(crate) choice_sq: R,
    pub(crate) choices: usize,
}

impl<R: Real> Default for Tally<R> {
    fn default() -> Self {
        Self {
            rss: R::constant(0.0),
            continuous: 0,
            choice_ll: R::constant(0.0),
            choice_sq: R::constant(0.0),
            choices: 0,
        }
    }
}

impl<R: Real> Tally<R> {
    pub(crate) fn add(&mut self, other: &Self) {
        self.rss = self.rss + other.rss;
        self.continuous += other.continuous;
        self.choice_ll = self.choice_ll + other.choice_ll;
        self.choice_sq = self.choice_sq + other.choice_sq;
        self.choices += other.choices;
    }

    /// Number of observations.
    pub(crate) const fn observations(&self) -> usize {
        self.continuous + self.choices
    }

    /// Log-likelihood with the Gaussian variance profiled out: `−n/2·(ln(2π·σ̂²) + 1)` with
    /// `σ̂² = RSS/n` (floored at 1e-12 so a perfect fit stays finite), plus the choices'
    /// Bernoulli log-likelihood.
    pub(crate) fn log_likelihood(&self) -> R {
        let gaussian = if self.continuous > 0 {
            let n = self.continuous as f64;
            let var = self.rss / n;
            // `!(v >= floor)` also floors NaN, as `f64::max` did.
            let var = if var.value() >= 1e-12 {
                var
            } else {
                R::constant(1e-12)
            };
            ((var * (2.0 * std::f64::consts::PI)).ln() + 1.0) * (-0.5 * n)
        } else {
            R::constant(0.0)
        };
        gaussian + self.choice_ll
    }

    pub(crate) fn value(&self, objective: Objective) -> R {
        match objective {
            Objective::Likelihood => -self.log_likelihood(),
            Objective::LeastSquares => self.rss + self.choice_sq,
        }
    }
}

/// Checks values for a model's free parameters: one per parameter, each within its bounds.
///
/// # Errors
/// [`Error::Fit`] for the wrong number of values; [`Error::Core`] for a value outside its bounds.
pub(crate) fn check_values(preset: ModelPreset, values: &[f64]) -> Result<(), Error> {
    let free = preset.free_parameters();
    if values.len() != free.len() {
        return Err(Error::Fit(format!(
            "{preset} has {} parameters, {} values given",
            free.len(),
            values.len()
        )));
    }
    for (p, &v) in free.iter().zip(values) {
        trustkit_core::Bounds::closed(p.low, p.high).check(p.name, v)?;
    }
    Ok(())
}

use super::lanes::{LANES, LearnFour};

/// The subjects' histories one after another in flat columns, packed once per fit: an evaluation
/// then streams through memory, where each subject's own vectors sat apart on the heap and every
/// step waited on a load from a new place (perf put a third of an evaluation there).
pub(crate) struct Packed {
    /// Subject `s`'s steps are `starts[s] .. starts[s + 1]`.
    starts: Vec<usize>,
    priors: Vec<Option<f64>>,
    rewards: Vec<f64>,
    elapsed_days: Vec<f64>,
    observed: Observed,
}

/// What the packed subjects hold besides rewards and elapsed time.
enum Observed {
    /// Each step's measurement, NaN where there is none: the data hold nothing but rewards and
    /// measurements (no promise, no investment, no choice), the common shape of a survey panel.
    /// An evaluation then streams 16 bytes per step instead of 48 and skips the per-step match
    /// on an observation's kind.
    Measurements { measured: Vec<f64>, rows: Rows },
    /// Each step's promise and observation, for anything else.
    Any {
        promised: Vec<Option<f64>>,
        observations: Vec<Option<Observation>>,
    },
}

/// The subjects in groups of [`LANES`] (`0..4`, `4..8`, …; a last short group left out) with the
/// steps all four have side by side: row `k` of a group holds its four subjects' step `k`, so
/// the vector loop ([`LearnFour`]) reads a step with one load instead of gathering four.
struct Rows {
    /// Group `g`'s rows are `starts[g] .. starts[g + 1]`.
    starts: Vec<usize>,
    rewards: Vec<Row>,
    measured: Vec<Row>,
}

/// One step of a group's four subjects.
type Row = [f64; LANES];

impl Rows {
    fn new(starts: &[usize], rewards: &[f64], measured: &[f64]) -> Self {
        let groups = starts.len().saturating_sub(1) / LANES;
        let mut rows = Self {
            starts: Vec::with_capacity(groups + 1),
            rewards: Vec::with_capacity(rewards.len() / LANES),
            measured: Vec::with_capacity(rewards.len() / LANES),
        };
        rows.starts.push(0);
        for g in 0..groups {
            let s = g * LANES;
            let [a, b, c, d] = [starts[s], starts[s + 1], starts[s + 2], starts[s + 3]];
            let e = starts[s + 4];
            let common = (b - a).min(c - b).min(d - c).min(e - d);
            let row = |x: &[f64], k: usize| [x[a + k], x[b + k], x[c + k], x[d + k]];
            rows.rewards.extend((0..common).map(|k| row(rewards, k)));
            rows.measured.extend((0..common).map(|k| row(measured, k)));
            rows.starts.push(rows.rewards.len());
        }
        rows
    }

    /// The rows of the group whose first subject is `first`, if it has them.
    fn of_group(&self, first: usize) -> Option<(&[Row], &[Row])> {
        if first % LANES != 0 {
            return None;
        }
        let g = first / LANES;
        let range = *self.starts.get(g)?..*self.starts.get(g + 1)?;
        Some((&self.rewards[range.clone()], &self.measured[range]))
    }
}

impl Packed {
    pub(crate) fn new(subjects: &[Subject]) -> Self {
        let steps: usize = subjects.iter().map(Subject::len).sum();
        let measurements_only = subjects.iter().all(|s| {
            s.promised.iter().all(Option::is_none)
                && s.observations
                    .iter()
                    .all(|o| matches!(o, None | Some(Observation::Measurement(_))))
        });
        let mut starts = Vec::with_capacity(subjects.len() + 1);
        let mut rewards = Vec::with_capacity(steps);
        let mut elapsed_days = Vec::with_capacity(steps);
        starts.push(0);
        for s in subjects {
            rewards.extend_from_slice(&s.rewards);
            elapsed_days.extend_from_slice(&s.elapsed_days);
            starts.push(rewards.len());
        }
        let observed = if measurements_only {
            let mut measured = Vec::with_capacity(steps);
            for s in subjects {
                measured.extend(s.observations.iter().map(|o| match o {
                    Some(Observation::Measurement(y)) => *y,
                    _ => f64::NAN,
                }));
            }
            let rows = Rows::new(&starts, &rewards, &measured);
            Observed::Measurements { measured, rows }
        } else {
            Observed::Any {
                promised: subjects
                    .iter()
                    .flat_map(|s| s.promised.iter().copied())
                    .collect(),
                observations: subjects
                    .iter()
                    .flat_map(|s| s.observations.iter().copied())
                    .collect(),
            }
        };
        Self {
            starts,
            priors: subjects.iter().map(Subject::prior).collect(),
            rewards,
            elapsed_days,
            observed,
        }
    }

    /// Number of subjects.
    pub(crate) fn len(&self) -> usize {
        self.priors.len()
    }

    /// Observations at the steps `steps` includes.
    pub(crate) fn observations(&self, steps: Steps) -> usize {
        self.starts
            .windows(2)
            .map(|w| {
                let counted = |k: usize, observed: bool| observed && steps.includes(k);
                match &self.observed {
                    Observed::Measurements { measured: y, .. } => y[w[0]..w[1]]
                        .iter()
                        .enumerate()
                        .filter(|(k, y)| counted(*k, !y.is_nan()))
                        .count(),
                    Observed::Any { observations, .. } => observations[w[0]..w[1]]
                        .iter()
                        .enumerate()
                        .filter(|(k, o)| counted(*k, o.is_some()))
                        .count(),
                }
            })
            .sum()
    }
}

/// One subject of [`Evaluation::tally_measured`]: its learner's state, its steps' data, and its
/// sums so far.
pub(crate) struct Lane<'a, R> {
    pub(crate) trust: R,
    pub(crate) belief: R,
    anchor: f64,
    rewards: &'a [f64],
    elapsed_days: &'a [f64],
    measured: &'a [f64],
    pub(crate) tally: Tally<R>,
}

impl<R: Real> Lane<'_, R> {
    fn len(&self) -> usize {
        self.rewards.len()
    }

    /// Step `k` (`< len`): the learner's update, then the measurement after it if there is one
    /// and it is `counted`.
    #[inline(always)]
    fn advance(&mut self, on: Switches, rates: &Rates<R>, k: usize, counted: bool) {
        step_switched(
            on,
            &mut self.trust,
            &mut self.belief,
            self.anchor,
            k as u64,
            rates,
            self.rewards[k],
            None,
            // Read only by a model that forgets (`on` says so before the load).
            if on.forgets() {
                self.elapsed_days[k]
            } else {
                0.0
            },
        );
        let y = self.measured[k];
        if counted && !y.is_nan() {
            let e = R::constant(y) - self.trust;
            self.tally.rss = self.tally.rss + e * e;
            self.tally.continuous += 1;
        }
    }
}

/// Which loop [`Evaluation::tally_measured`] runs: switches known at compile time, or read at
/// run time.
const GAIN_LOSS: u8 = 0;
const DYNAMIC_BELIEF: u8 = 1;
const ANY_SWITCHES: u8 = 2;

/// One evaluation of the objective: the model with its free parameters at `values` (as `R`),
/// prepared once for every subject.
pub(crate) struct Evaluation<'a, R> {
    preset: ModelPreset,
    values: &'a [R],
    plain: [f64; MAX_FREE],
    /// `None` when the values are outside their bounds.
    rates: Option<Rates<R>>,
    policy: &'a InvestmentPolicy,
    steps: Steps,
}

impl<'a, R: LearnFour> Evaluation<'a, R> {
    pub(crate) fn new(
        preset: ModelPreset,
        values: &'a [R],
        policy: &'a InvestmentPolicy,
        steps: Steps,
    ) -> Self {
        let mut plain = [0.0; MAX_FREE];
        for (p, v) in plain.iter_mut().zip(values) {
            *p = v.value();
        }
        let params = preset.with_values(&plain[..values.len().min(MAX_FREE)]);
        let rates = params
            .validate()
            .is_ok()
            .then(|| preset.rates_for(&params, values));
        Self {
            preset,
            values,
            plain,
            rates,
            policy,
            steps,
        }
    }

    /// Where a subject with `prior` starts, as `R`; a start outside `[0, 1]` falls back to neutral.
    fn anchor(&self, prior: Option<f64>) -> R {
        let plain = &self.plain[..self.values.len().min(MAX_FREE)];
        if Anchor::new(self.preset.anchor_for(prior, plain)).is_ok() {
            self.preset.anchor_of(prior, self.values)
        } else {
            R::constant(Anchor::NEUTRAL.value())
        }
    }

    /// The observations of the packed subjects in `subjects` tallied in order — each subject's
    /// sums exactly as if it ran alone, added in subject order — with [`LANES`] subjects learning
    /// side by side.
    #[inline(always)] // into `fit::optimise`'s build per instruction set
    pub(crate) fn tally(&self, data: &Packed, subjects: std::ops::Range<usize>) -> Tally<R> {
        let Some(rates) = &self.rates else {
            // Out-of-bounds values cannot come from the optimiser's transform; score them as
            // impossible.
            return Tally {
                rss: R::constant(f64::INFINITY),
                continuous: subjects.len().max(1),
                ..Tally::default()
            };
        };
        let (promised, observations) = match &data.observed {
            Observed::Measurements { measured, rows } => {
                return self.tally_measured(data, measured, rows, rates, subjects);
            }
            Observed::Any {
                promised,
                observations,
            } => (promised, observations),
        };
        let mut total = Tally::default();
        for first in subjects.clone().step_by(LANES) {
            let group = first..(first + LANES).min(subjects.end);
            let mut lanes = [Tally::default(); LANES];
            let mut trust = [R::constant(0.0); LANES];
            let mut belief = trust;
            let mut anchors = [0.0; LANES];
            // Where each lane's steps start, and how many it has.
            let (mut offsets, mut lengths) = ([0usize; LANES], [0usize; LANES]);
            for (l, s) in group.clone().enumerate() {
                trust[l] = self.anchor(data.priors[s]);
                belief[l] = trust[l];
                anchors[l] = trust[l].value();
                offsets[l] = data.starts[s];
                lengths[l] = data.starts[s + 1] - data.starts[s];
            }
            let lanes_used = group.len();
            let longest = lengths[..lanes_used].iter().copied().max().unwrap_or(0);
            for k in 0..longest {
                for l in 0..lanes_used {
                    if k >= lengths[l] {
                        continue;
                    }
                    let at = offsets[l] + k;
                    let before = trust[l];
                    step(
                        &mut trust[l],
                        &mut belief[l],
                        anchors[l],
                        k as u64,
                        rates,
                        data.rewards[at],
                        promised[at],
                        data.elapsed_days[at],
                    );
                    if let Some(observation) = observations[at]
                        && self.steps.includes(k)
                    {
                        self.observe(&mut lanes[l], observation, before, trust[l]);
                    }
                }
            }
            for lane in &lanes[..lanes_used] {
                total.add(lane);
            }
        }
        total
    }

    /// [`Self::tally`] for data of rewards and measurements only: the same steps and the same
    /// sums in the same order, so the same bits. The [`LANES`] subjects of a group run their
    /// common length in lock step with their state and sums in registers; the rest of each is
    /// run alone.
    #[inline(always)]
    fn tally_measured(
        &self,
        data: &Packed,
        measured: &[f64],
        rows: &Rows,
        rates: &Rates<R>,
        subjects: std::ops::Range<usize>,
    ) -> Tally<R> {
        // The presets fits spend their time in get a loop of their own, their switches constants.
        // (A const parameter, not an argument: LLVM merges three calls that differ in one
        // argument into one call before it inlines, and the constants were lost.)
        match rates.switches {
            Switches::GAIN_LOSS => {
                self.tally_switched::<GAIN_LOSS>(data, measured, rows, rates, subjects)
            }
            Switches::DYNAMIC_BELIEF => {
                self.tally_switched::<DYNAMIC_BELIEF>(data, measured, rows, rates, subjects)
            }
            _ => self.tally_switched::<ANY_SWITCHES>(data, measured, rows, rates, subjects),
        }
    }

    /// [`Self::tally_measured`] with the switches of `KIND`.
    #[inline(always)]
    fn tally_switched<const KIND: u8>(
        &self,
        data: &Packed,
        measured: &[f64],
        rows: &Rows,
        rates: &Rates<R>,
        subjects: std::ops::Range<usize>,
    ) -> Tally<R> {
        let on = match KIND {
            GAIN_LOSS => Switches::GAIN_LOSS,
            DYNAMIC_BELIEF => Switches::DYNAMIC_BELIEF,
            _ => rates.switches,
        };
        let steps = self.steps;
        let lane = |s: usize| {
            let trust = self.anchor(data.priors[s]);
            let (start, end) = (data.starts[s], data.starts[s + 1]);
            Lane {
                trust,
                belief: trust,
                anchor: trust.value(),
                rewards: &data.rewards[start..end],
                elapsed_days: &data.elapsed_days[start..end],
                measured: &measured[start..end],
                tally: Tally::default(),
            }
        };
        let mut total = Tally::default();
        let mut first = subjects.start;
        while first + LANES <= subjects.end {
            let mut four: [Lane<'_, R>; LANES] = std::array::from_fn(|l| lane(first + l));
            let common = four.iter().map(Lane::len).min().unwrap_or(0);
            // Dual numbers of the two commonest models run as one vector loop; the rest here.
            let vector = rows.of_group(first).is_some_and(|(rewards, measured)| {
                R::learn_four(on, rates, &mut four, rewards, measured, steps)
            });
            if !vector {
                // Four lanes as four variables, not an array indexed in a loop, so their state
                // stays in registers (indexed, it went through memory at every step).
                let [mut a, mut b, mut c, mut d] = four;
                for k in 0..common {
                    let counted = steps.includes(k);
                    a.advance(on, rates, k, counted);
                    b.advance(on, rates, k, counted);
                    c.advance(on, rates, k, counted);
                    d.advance(on, rates, k, counted);
                }
                four = [a, b, c, d];
            }
            for mut l in four {
                for k in common..l.len() {
                    l.advance(on, rates, k, steps.includes(k));
                }
                total.add(&l.tally);
            }
            first += LANES;
        }
        for s in first..subjects.end {
            let mut l = lane(s);
            for k in 0..l.len() {
                l.advance(on, rates, k, steps.includes(k));
            }
            total.add(&l.tally);
        }
        total
    }

    /// Adds one observation, made with trust `before` the step (investments, choices) or `after`
    /// it (measurements).
    #[inline(always)]
    fn observe(&self, t: &mut Tally<R>, observation: Observation, before: R, after: R) {
        let policy = self.policy;
        // The trust game's investment rule as `R`: `logistic(steepness·(2T − 1) + bias)` of one dollar.
        let invest = |t: R| ((t * 2.0 - 1.0) * policy.steepness + policy.bias).logistic();
        match observation {
            Observation::Measurement(y) => {
                let e = R::constant(y) - after;
                t.rss = t.rss + e * e;
                t.continuous += 1;
            }
            Observation::Investment(y) => {
                let e = R::constant(y) - invest(before);
                t.rss = t.rss + e * e;
                t.continuous += 1;
            }
            Observation::Choice(c) => {
                let p = invest(before).clamp(1e-12, 1.0 - 1e-12);
                t.choice_ll = t.choice_ll
                    + if c {
                        p.ln()
                    } else {
                        (R::constant(1.0) - p).ln()
                    };
                let e = R::constant(f64::from(u8::from(c))) - p;
                t.choice_sq = t.choice_sq + e * e;
                t.choices += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Experience;
    use crate::real::{Dual, Dual2};
    use chrono::{Duration, TimeZone, Utc};
    use proptest::prelude::*;

    impl Packed {
        /// The same subjects packed the general way, whatever they hold.
        fn general(subjects: &[Subject]) -> Self {
            let mut packed = Self::new(subjects);
            packed.observed = Observed::Any {
                promised: subjects.iter().flat_map(|s| s.promised.clone()).collect(),
                observations: subjects
                    .iter()
                    .flat_map(|s| s.observations.clone())
                    .collect(),
            };
            packed
        }
    }

    /// A subject from `(reward, days since the last step, measurement)` triples.
    fn subject(k: usize, prior: Option<f64>, steps: &[(f64, u8, Option<f64>)]) -> Subject {
        let mut at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let trials = steps
            .iter()
            .map(|&(reward, gap, y)| {
                at += Duration::hours(i64::from(gap) * 7);
                (
                    Experience::new(reward, at).unwrap(),
                    y.map(Observation::Measurement),
                )
            })
            .collect();
        Subject::new(format!("s{k}"), prior, trials).unwrap()
    }

    fn tallies<R: LearnFour + std::fmt::Debug>(
        preset: ModelPreset,
        values: &[R],
        subjects: &[Subject],
        steps: Steps,
    ) -> (String, String) {
        let policy = InvestmentPolicy::default();
        let evaluation = Evaluation::new(preset, values, &policy, steps);
        let n = subjects.len();
        let lean = evaluation.tally(&Packed::new(subjects), 0..n);
        let general = evaluation.tally(&Packed::general(subjects), 0..n);
        (format!("{lean:?}"), format!("{general:?}"))
    }

    proptest! {
        /// The measurements-only loop is the general loop, bit for bit: every preset, value,
        /// ragged history, missing measurement and odd/even selection, in plain numbers and in
        /// the dual numbers of the gradient and the Hessian.
        #[test]
        fn measurements_only_data_tally_as_the_general_loop_does(
            histories in prop::collection::vec(
                (
                    prop::option::of(0.0..=1.0f64),
                    prop::collection::vec(
                        (0.0..=1.0f64, 0u8..30, prop::option::weighted(0.8, 0.0..=1.0f64)),
                        1..14,
                    ),
                ),
                1..11,
            ),
            fractions in prop::collection::vec(0.0..=1.0f64, MAX_FREE),
            preset in prop::sample::select(ModelPreset::ALL.to_vec()),
            steps in prop::sample::select(vec![Steps::All, Steps::Odd, Steps::Even]),
        ) {
            let subjects: Vec<Subject> = histories
                .iter()
                .enumerate()
                .map(|(k, (prior, steps))| subject(k, *prior, steps))
                .collect();
            let free = preset.free_parameters();
            let values: Vec<f64> = free
                .iter()
                .zip(&fractions)
                .map(|(p, f)| p.low + f * (p.high - p.low))
                .collect();
            let (lean, general) = tallies(preset, &values, &subjects, steps);
            prop_assert_eq!(lean, general);
            // Dual numbers sized to the model, as a fit sizes them.
            match values.len() {
                2 => same_with_duals::<2>(preset, &values, &subjects, steps)?,
                3 => same_with_duals::<3>(preset, &values, &subjects, steps)?,
                _ => same_with_duals::<MAX_FREE>(preset, &values, &subjects, steps)?,
            }
        }
    }

    /// The two packings' tallies in `Dual<N>` and `Dual2<N>` numbers at `values`.
    fn same_with_duals<const N: usize>(
        preset: ModelPreset,
        values: &[f64],
        subjects: &[Subject],
        steps: Steps,
    ) -> Result<(), TestCaseError> {
        let variables = |i: usize, v: f64| (Dual::<N>::variable(v, i), Dual2::<N>::variable(v, i));
        let (duals, duals2): (Vec<_>, Vec<_>) = values
            .iter()
            .enumerate()
            .map(|(i, &v)| variables(i, v))
            .unzip();
        let (lean, general) = tallies(preset, &duals, subjects, steps);
        prop_assert_eq!(lean, general);
        let (lean, general) = tallies(preset, &duals2, subjects, steps);
        prop_assert_eq!(lean, general);
        Ok(())
    }
}
