//! The free parameters of each preset and the objective a fit minimises.

use crate::experiments::trust_game::InvestmentPolicy;
use crate::fit::data::{Observation, Subject};
use crate::learner::{Rates, step};
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

/// Subjects learned side by side in one loop: their updates are independent, so the processor
/// overlaps them instead of waiting on one subject's chain of dependent operations at a time.
const LANES: usize = 4;

/// The subjects' histories one after another in flat columns, packed once per fit: an evaluation
/// then streams through memory, where each subject's own vectors sat apart on the heap and every
/// step waited on a load from a new place (perf put a third of an evaluation there).
pub(crate) struct Packed {
    /// Subject `s`'s steps are `starts[s] .. starts[s + 1]`.
    starts: Vec<usize>,
    priors: Vec<Option<f64>>,
    rewards: Vec<f64>,
    promised: Vec<Option<f64>>,
    elapsed_days: Vec<f64>,
    observations: Vec<Option<Observation>>,
}

impl Packed {
    pub(crate) fn new(subjects: &[Subject]) -> Self {
        let steps: usize = subjects.iter().map(Subject::len).sum();
        let mut packed = Self {
            starts: Vec::with_capacity(subjects.len() + 1),
            priors: subjects.iter().map(Subject::prior).collect(),
            rewards: Vec::with_capacity(steps),
            promised: Vec::with_capacity(steps),
            elapsed_days: Vec::with_capacity(steps),
            observations: Vec::with_capacity(steps),
        };
        packed.starts.push(0);
        for s in subjects {
            packed.rewards.extend_from_slice(&s.rewards);
            packed.promised.extend_from_slice(&s.promised);
            packed.elapsed_days.extend_from_slice(&s.elapsed_days);
            packed.observations.extend_from_slice(&s.observations);
            packed.starts.push(packed.rewards.len());
        }
        packed
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
                self.observations[w[0]..w[1]]
                    .iter()
                    .enumerate()
                    .filter(|(k, o)| o.is_some() && steps.includes(*k))
                    .count()
            })
            .sum()
    }
}

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

impl<'a, R: Real> Evaluation<'a, R> {
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
                        data.promised[at],
                        data.elapsed_days[at],
                    );
                    if let Some(observation) = data.observations[at]
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
