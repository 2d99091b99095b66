//! Four subjects of a fit learning side by side in one set of vector registers.
//!
//! A fit's gradient evaluations spend their time in [`Dual`] numbers: each carries a value and
//! its derivatives, so four subjects learning "side by side" still ran four copies of scalar
//! code — the values one at a time, the derivatives two or four wide. Here the four subjects'
//! values sit in one vector and each derivative's four lanes in another (structure of arrays),
//! so every operation of the update is one four-wide AVX2 operation (through `pulp`; left to
//! the compiler, arrays of four were not turned into vectors).
//!
//! Only the update of the gain–loss and dynamic-belief presets on measurement data is written
//! out this way — the loops fits spend their time in. Each operation below is the dual-number
//! operation of [`crate::real`] applied lane by lane, in the same order, so the result is
//! bit for bit what [`crate::learner::step`] computes on [`Dual`] numbers (a property test in
//! `fit::model` checks it). Any other model or number type, or a processor without AVX2, runs
//! the scalar loop.

use super::model::{Lane, Steps};
use crate::learner::{Rates, Switches};
use crate::real::{Dual, Dual2, Real};
#[cfg(target_arch = "x86_64")]
use {
    super::model::Tally,
    crate::learner::PUSH_WIDTH,
    pulp::x86::V3,
    pulp::{Simd, f64x4, m64x4},
};

/// Subjects learned side by side, in a group: their updates are independent, so the processor
/// overlaps them (the scalar loop) or one vector instruction does all four (this module's).
pub(crate) const LANES: usize = 4;

/// A number type whose fit can run four subjects as one vector loop.
pub(crate) trait LearnFour: Real {
    /// Runs the steps `0..rewards.len()` the four `lanes` have in common — row `k` of `rewards`
    /// and `measured` holding the four lanes' step `k` — when this type and the switches `on`
    /// have a four-lane loop, leaving each lane as its own steps would; returns `false`, having
    /// done nothing, otherwise.
    #[inline(always)]
    fn learn_four(
        _on: Switches,
        _rates: &Rates<Self>,
        _lanes: &mut [Lane<'_, Self>; LANES],
        _rewards: &[[f64; LANES]],
        _measured: &[[f64; LANES]],
        _steps: Steps,
    ) -> bool {
        false
    }
}

impl LearnFour for f64 {}

impl<const N: usize> LearnFour for Dual2<N> {}

impl<const N: usize> LearnFour for Dual<N> {
    #[inline(always)]
    fn learn_four(
        on: Switches,
        rates: &Rates<Self>,
        lanes: &mut [Lane<'_, Self>; LANES],
        rewards: &[[f64; LANES]],
        measured: &[[f64; LANES]],
        steps: Steps,
    ) -> bool {
        // The belief and its push are on together (dynamic belief) or both off (gain–loss).
        let dynamic_belief = match on {
            Switches::GAIN_LOSS => false,
            Switches::DYNAMIC_BELIEF => true,
            _ => return false,
        };
        #[cfg(target_arch = "x86_64")]
        if let Some(simd) = pulp::x86::V3::try_new() {
            return pulp::Simd::vectorize(
                simd,
                Four {
                    simd,
                    dynamic_belief,
                    rates,
                    lanes,
                    rewards,
                    measured,
                    steps,
                },
            );
        }
        let _ = (dynamic_belief, rates, lanes, rewards, measured, steps);
        false
    }
}

/// The four-lane loop, for `pulp` to compile with AVX2.
#[cfg(target_arch = "x86_64")]
struct Four<'r, 'l, 'a, const N: usize> {
    simd: V3,
    dynamic_belief: bool,
    rates: &'r Rates<Dual<N>>,
    lanes: &'l mut [Lane<'a, Dual<N>>; LANES],
    rewards: &'r [[f64; LANES]],
    measured: &'r [[f64; LANES]],
    steps: Steps,
}

#[cfg(target_arch = "x86_64")]
impl<const N: usize> pulp::WithSimd for Four<'_, '_, '_, N> {
    type Output = bool;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) -> bool {
        let Self {
            simd,
            dynamic_belief,
            rates,
            lanes,
            rewards,
            measured,
            steps,
        } = self;
        let x = Ops(simd);
        let [a, b, c, d] = &*lanes;
        let mut trust = x.gather([a.trust, b.trust, c.trust, d.trust]);
        let mut belief = x.gather([a.belief, b.belief, c.belief, d.belief]);
        let mut rss = x.gather([a.tally.rss, b.tally.rss, c.tally.rss, d.tally.rss]);
        let mut counts = [0usize; LANES];
        let gain = x.gather([rates.alpha_gain; LANES]);
        let loss = x.gather([rates.alpha_loss; LANES]);
        let weight = x.gather([rates.belief_weight; LANES]);
        let belief_rate = x.gather([rates.belief_rate; LANES]);
        let zero = simd.splat_f64s(0.0);
        for (k, (r, y)) in rewards.iter().zip(measured).enumerate() {
            let (r, y) = (x.load(*r), x.load(*y));
            // `step` with no promise, forgetting, latency or confirmation.
            let delta = x.constant_minus(r, trust);
            let rate = x.select(simd.greater_than_f64s(delta.v, zero), gain, loss);
            let mut moved = x.add(trust, x.mul(rate, delta));
            if dynamic_belief {
                let push = x.mul(x.mul(weight, belief), x.tanh(x.div(delta, PUSH_WIDTH)));
                moved = x.add(moved, push);
            }
            trust = x.clamp_unit(moved);
            if dynamic_belief {
                belief = x.add(belief, x.mul(belief_rate, x.constant_minus(r, belief)));
            }
            // The measurement after the step.
            if steps.includes(k) {
                let e = x.constant_minus(y, trust);
                let seen = simd.equal_f64s(y, y); // false for NaN: no measurement
                rss = x.select(seen, x.add(rss, x.mul(e, e)), rss);
                for (count, y) in counts.iter_mut().zip(x.store(y)) {
                    *count += usize::from(!y.is_nan());
                }
            }
        }
        for (l, lane) in lanes.iter_mut().enumerate() {
            lane.trust = x.lane(trust, l);
            lane.belief = x.lane(belief, l);
            lane.tally = Tally {
                rss: x.lane(rss, l),
                continuous: lane.tally.continuous + counts[l],
                ..lane.tally
            };
        }
        true
    }
}

/// Four [`Dual`] numbers, lane `l` of every part holding subject `l`'s.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
struct Duals<const N: usize> {
    v: f64x4,
    g: [f64x4; N],
}

/// The dual-number operations on [`Duals`], each `Dual`'s own lane by lane.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
struct Ops(V3);

/// `f` of every part. (A loop: `array::map` went through an iterator adapter that was not
/// inlined, and the vectors round-tripped through memory.)
#[cfg(target_arch = "x86_64")]
#[allow(clippy::needless_range_loop)]
#[inline(always)]
fn each<const N: usize>(mut parts: [f64x4; N], f: impl Fn(f64x4) -> f64x4) -> [f64x4; N] {
    for k in 0..N {
        parts[k] = f(parts[k]);
    }
    parts
}

// Index loops, not iterators over arrays by value: zipping with an array's `IntoIter` kept the
// vectors in memory (perf put a tenth of a gain–loss fit on that one line).
#[cfg(target_arch = "x86_64")]
#[allow(clippy::needless_range_loop)]
impl Ops {
    #[inline(always)]
    fn load(self, x: [f64; LANES]) -> f64x4 {
        pulp::cast(x)
    }

    #[inline(always)]
    fn store(self, x: f64x4) -> [f64; LANES] {
        pulp::cast(x)
    }

    #[inline(always)]
    fn gather<const N: usize>(self, d: [Dual<N>; LANES]) -> Duals<N> {
        let mut g = [self.0.splat_f64s(0.0); N];
        for (k, g) in g.iter_mut().enumerate() {
            *g = self.load([
                d[0].gradient[k],
                d[1].gradient[k],
                d[2].gradient[k],
                d[3].gradient[k],
            ]);
        }
        Duals {
            v: self.load([d[0].value, d[1].value, d[2].value, d[3].value]),
            g,
        }
    }

    #[inline(always)]
    fn lane<const N: usize>(self, x: Duals<N>, l: usize) -> Dual<N> {
        let mut gradient = [0.0; N];
        for (k, g) in gradient.iter_mut().enumerate() {
            *g = self.store(x.g[k])[l];
        }
        Dual {
            value: self.store(x.v)[l],
            gradient,
        }
    }

    /// `Dual::constant(c) − x`: the constant's derivatives are zeros.
    #[inline(always)]
    fn constant_minus<const N: usize>(self, c: f64x4, x: Duals<N>) -> Duals<N> {
        let s = self.0;
        let zero = s.splat_f64s(0.0);
        Duals {
            v: s.sub_f64s(c, x.v),
            g: each(x.g, |g| s.sub_f64s(zero, g)),
        }
    }

    #[inline(always)]
    fn add<const N: usize>(self, a: Duals<N>, b: Duals<N>) -> Duals<N> {
        let s = self.0;
        let mut g = a.g;
        for k in 0..N {
            g[k] = s.add_f64s(a.g[k], b.g[k]);
        }
        Duals {
            v: s.add_f64s(a.v, b.v),
            g,
        }
    }

    /// The product rule, as `Dual`'s `Mul`: `∂(ab) = ∂a·b + a·∂b`.
    #[inline(always)]
    fn mul<const N: usize>(self, a: Duals<N>, b: Duals<N>) -> Duals<N> {
        let s = self.0;
        let mut g = a.g;
        for k in 0..N {
            g[k] = s.add_f64s(s.mul_f64s(a.g[k], b.v), s.mul_f64s(a.v, b.g[k]));
        }
        Duals {
            v: s.mul_f64s(a.v, b.v),
            g,
        }
    }

    /// Division by a constant, as `Dual`'s `Div<f64>`: the value divided, the derivatives scaled
    /// by `1/c`.
    #[inline(always)]
    fn div<const N: usize>(self, a: Duals<N>, c: f64) -> Duals<N> {
        let s = self.0;
        let factor = s.splat_f64s(1.0 / c);
        Duals {
            v: s.div_f64s(a.v, s.splat_f64s(c)),
            g: each(a.g, |g| s.mul_f64s(factor, g)),
        }
    }

    /// `tanh` (trustkit's own, four lanes at once) with slope `1 − tanh²`.
    #[inline(always)]
    fn tanh<const N: usize>(self, a: Duals<N>) -> Duals<N> {
        let s = self.0;
        let t = crate::tanh::tanh_v3(s, a.v);
        let slope = s.sub_f64s(s.splat_f64s(1.0), s.mul_f64s(t, t));
        Duals {
            v: t,
            g: each(a.g, |g| s.mul_f64s(slope, g)),
        }
    }

    /// `Real::clamp(0, 1)`: a lane outside becomes the bound, a constant.
    #[inline(always)]
    fn clamp_unit<const N: usize>(self, a: Duals<N>) -> Duals<N> {
        let s = self.0;
        let (zero, one) = (s.splat_f64s(0.0), s.splat_f64s(1.0));
        let low = s.less_than_f64s(a.v, zero);
        let high = s.greater_than_f64s(a.v, one);
        let out = s.or_m64s(low, high);
        Duals {
            v: s.select_f64s(low, zero, s.select_f64s(high, one, a.v)),
            g: each(a.g, |g| s.select_f64s(out, zero, g)),
        }
    }

    /// Lane `l` from `a` where `pick` is set, else from `b`.
    #[inline(always)]
    fn select<const N: usize>(self, pick: m64x4, a: Duals<N>, b: Duals<N>) -> Duals<N> {
        let s = self.0;
        let mut g = a.g;
        for k in 0..N {
            g[k] = s.select_f64s(pick, a.g[k], b.g[k]);
        }
        Duals {
            v: s.select_f64s(pick, a.v, b.v),
            g,
        }
    }
}
