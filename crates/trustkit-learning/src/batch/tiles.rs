//! The Rescorla–Wagner / gain–loss update of sixteen subjects at once with AVX2, reading and
//! writing their subject-major rows in 4 × 4 tiles.
//!
//! Each learner's update is a chain of about ten cycles (`r − E`, `α·δ`, `E + α·δ`), so a core
//! only stays busy with many independent chains in flight: sixteen subjects are four vectors of
//! four. A tile is four steps of four subjects: four loads,
//! one 4 × 4 transpose to make each vector one step of four subjects, four updates, the transpose
//! back and four stores — no gather or scatter, and no row pointer per subject.
//!
//! The operations are those of `gain_loss_lanes_step` (hence of [`crate::learner::step`]) in the
//! same order, with no fused multiply–add and without the clamp, which provably changes nothing
//! here (see `update`), so the bits are the same as the scalar and baseline paths; the tests in
//! the parent module compare them, and with [`TrustLearner::observe`](crate::TrustLearner::observe).

use core::arch::x86_64::__m256d;

use pulp::x86::V3;

use super::GainLossLanes;

/// Subjects per block: four vectors of four lanes.
pub(super) const SUBJECTS: usize = 16;

/// Runs the whole blocks of [`SUBJECTS`] subjects at the front of `job` and returns whether all
/// their rewards were in `[0, 1]`, with the subjects left over as a job of their own.
pub(super) fn run(simd: V3, job: GainLossLanes<'_>) -> (bool, GainLossLanes<'_>) {
    let whole = job.anchors.len() / SUBJECTS * SUBJECTS;
    let (front, rest) = job.split_at(whole);
    (
        pulp::Simd::vectorize(simd, Blocks { simd, job: front }),
        rest,
    )
}

impl<'a> GainLossLanes<'a> {
    /// The first `subjects` subjects as one job and the others as a second, same rates.
    fn split_at(self, subjects: usize) -> (Self, Self) {
        let (anchors, rest_anchors) = self.anchors.split_at(subjects);
        let (rewards, rest_rewards) = self.rewards.split_at(subjects * self.steps);
        let (trust, rest_trust) = self.trust.split_at_mut(subjects * self.steps);
        let job = |anchors, rewards, trust| GainLossLanes {
            anchors,
            rewards,
            trust,
            ..self
        };
        (
            job(anchors, rewards, trust),
            job(rest_anchors, rest_rewards, rest_trust),
        )
    }
}

/// Whole blocks of a job, for `pulp` to compile with AVX2.
struct Blocks<'a> {
    simd: V3,
    job: GainLossLanes<'a>,
}

impl pulp::WithSimd for Blocks<'_> {
    type Output = bool;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) -> bool {
        let Self {
            simd,
            job:
                GainLossLanes {
                    gain,
                    loss,
                    anchors,
                    rewards,
                    steps,
                    trust,
                },
        } = self;
        let cells = SUBJECTS * steps;
        let mut ok = true;
        if cells == 0 {
            return ok;
        }
        for ((anchors, rewards), trust) in anchors
            .chunks_exact(SUBJECTS)
            .zip(rewards.chunks_exact(cells))
            .zip(trust.chunks_exact_mut(cells))
        {
            // Plain Rescorla–Wagner needs no choice of rate.
            ok &= if gain.to_bits() == loss.to_bits() {
                block::<true>(simd, gain, loss, anchors, rewards, steps, trust)
            } else {
                block::<false>(simd, gain, loss, anchors, rewards, steps, trust)
            };
        }
        ok
    }
}

/// Four-lane operations, named for what they do here.
#[derive(Clone, Copy)]
struct Ops(V3);

impl Ops {
    #[inline(always)]
    fn splat(self, x: f64) -> __m256d {
        self.0.avx._mm256_set1_pd(x)
    }

    #[inline(always)]
    fn load(self, four: &[f64]) -> __m256d {
        let mut a = [0.0; 4];
        a.copy_from_slice(four);
        pulp::cast(a)
    }

    #[inline(always)]
    fn store(self, four: &mut [f64], v: __m256d) {
        four.copy_from_slice(&pulp::cast::<__m256d, [f64; 4]>(v));
    }

    /// Rows of four become columns of four (`out[j][i] = rows[i][j]`).
    #[inline(always)]
    fn transpose(self, [a, b, c, d]: [__m256d; 4]) -> [__m256d; 4] {
        let avx = self.0.avx;
        let (ab_lo, ab_hi) = (avx._mm256_unpacklo_pd(a, b), avx._mm256_unpackhi_pd(a, b));
        let (cd_lo, cd_hi) = (avx._mm256_unpacklo_pd(c, d), avx._mm256_unpackhi_pd(c, d));
        [
            avx._mm256_permute2f128_pd::<0x20>(ab_lo, cd_lo),
            avx._mm256_permute2f128_pd::<0x20>(ab_hi, cd_hi),
            avx._mm256_permute2f128_pd::<0x31>(ab_lo, cd_lo),
            avx._mm256_permute2f128_pd::<0x31>(ab_hi, cd_hi),
        ]
    }

    /// The running least and greatest reward of each lane.
    #[inline(always)]
    fn track(self, seen: &mut [__m256d; 2], r: __m256d) {
        let avx = self.0.avx;
        seen[0] = avx._mm256_min_pd(seen[0], r);
        seen[1] = avx._mm256_max_pd(seen[1], r);
    }
}

/// One step of four lanes: `δ = r − E`, the gain rate where `δ > 0` and the loss rate elsewhere
/// (one rate when `ONE_RATE`), `E + α·δ`.
///
/// `step` clamps that to `[0, 1]`; here the clamp is left out because it never changes a value
/// when `E`, `r` and `α` are in `[0, 1]` (rounding to nearest is monotonic):
/// - `r ≥ E`: `δ ≥ 0` and `α·δ ≤ δ`, so `E + α·δ` rounds to at least `E ≥ 0` and at most
///   `fl(E + fl(1 − E))`. For `E ≥ ½`, `1 − E` is exact (Sterbenz) and the sum is 1; below, `fl(1 −
///   E)` is within 2⁻⁵⁴ of `1 − E`, and `1 + 2⁻⁵⁴` rounds to 1. So at most 1.
/// - `r < E`: `δ` is in `[fl(−E), 0)` = `[−E, 0)` and `α·δ ≥ δ`, so the sum rounds to at most
///   `E ≤ 1` and at least `fl(E − E) = 0`.
///
/// The sum is never −0 either (it would take both terms −0), so `f64::clamp` would return it
/// unchanged to the bit. A NaN reward makes the lane's trust NaN from then on, which the caller
/// looks for.
#[inline(always)]
fn update<const ONE_RATE: bool>(x: Ops, rates: [__m256d; 2], e: __m256d, r: __m256d) -> __m256d {
    use core::arch::x86_64::_CMP_GT_OQ;
    let avx = x.0.avx;
    let [gain, loss] = rates;
    let delta = avx._mm256_sub_pd(r, e);
    // `δ > 0` exactly when `r > E` (IEEE subtraction is zero only for equal numbers), so the
    // rate is picked beside the subtraction rather than after it.
    let rate = if ONE_RATE {
        gain
    } else {
        avx._mm256_blendv_pd(loss, gain, avx._mm256_cmp_pd::<_CMP_GT_OQ>(r, e))
    };
    avx._mm256_add_pd(e, avx._mm256_mul_pd(rate, delta))
}

/// One block of [`SUBJECTS`] subjects, `steps` rewards each, subject-major. Returns whether every
/// reward was in `[0, 1]`.
#[inline(always)]
fn block<const ONE_RATE: bool>(
    simd: V3,
    gain: f64,
    loss: f64,
    anchors: &[f64],
    rewards: &[f64],
    steps: usize,
    trust: &mut [f64],
) -> bool {
    let x = Ops(simd);
    let avx = simd.avx;
    let rates = [x.splat(gain), x.splat(loss)];
    let (zero, one) = (x.splat(0.0), x.splat(1.0));
    // The least and greatest reward so far, lane by lane across the groups.
    let mut seen = [x.splat(0.5); 2];
    // Plain loops, not `array::from_fn`: a closure there is not always inlined, and out of line
    // it loses the AVX2 context (every intrinsic became a call).
    let mut e = [zero; 4];
    for (g, e) in e.iter_mut().enumerate() {
        *e = x.load(&anchors[4 * g..4 * g + 4]);
    }
    let tiles = steps / 4;
    // Every row cut to the same whole number of tiles, so indexing a tile needs no check in the
    // loop.
    let tiled = 4 * tiles;
    let mut ins: [&[f64]; SUBJECTS] = [&[]; SUBJECTS];
    let mut rest = rewards;
    for row in &mut ins {
        let (whole, tail) = rest.split_at(steps);
        *row = &whole[..tiled];
        rest = tail;
    }
    let mut outs: [&mut [f64]; SUBJECTS] = Default::default();
    let mut rest = &mut *trust;
    for row in &mut outs {
        let (whole, tail) = std::mem::take(&mut rest).split_at_mut(steps);
        *row = &mut whole[..tiled];
        rest = tail;
    }
    for k in 0..tiles {
        let at = 4 * k;
        // Subject `4g + i`'s steps `4k .. 4k + 4` are row `i` of group `g`'s tile.
        let mut columns = [[zero; 4]; 4];
        for (g, columns) in columns.iter_mut().enumerate() {
            let mut rows = [zero; 4];
            for (i, row) in rows.iter_mut().enumerate() {
                *row = x.load(&ins[4 * g + i][at..at + 4]);
            }
            *columns = x.transpose(rows);
        }
        let mut after = [[zero; 4]; 4];
        // Step by step, the four groups side by side: four independent chains.
        for j in 0..4 {
            for g in 0..4 {
                x.track(&mut seen, columns[g][j]);
                e[g] = update::<ONE_RATE>(x, rates, e[g], columns[g][j]);
                after[g][j] = e[g];
            }
        }
        for (g, after) in after.into_iter().enumerate() {
            for (i, row) in x.transpose(after).into_iter().enumerate() {
                x.store(&mut outs[4 * g + i][at..at + 4], row);
            }
        }
    }
    // The last `steps % 4` steps, one at a time: a vector of one step of four subjects each.
    for t in 4 * tiles..steps {
        for g in 0..4 {
            let mut r = [0.0; 4];
            for (i, r) in r.iter_mut().enumerate() {
                *r = rewards[(4 * g + i) * steps + t];
            }
            let r = pulp::cast(r);
            x.track(&mut seen, r);
            e[g] = update::<ONE_RATE>(x, rates, e[g], r);
            let v: [f64; 4] = pulp::cast(e[g]);
            for (i, v) in v.into_iter().enumerate() {
                trust[(4 * g + i) * steps + t] = v;
            }
        }
    }
    // In range: no reward below 0 or above 1 (min and max keep a NaN reward only sometimes, but
    // it has made that lane's trust NaN, and `E == E` fails).
    use core::arch::x86_64::{_CMP_EQ_OQ, _CMP_GE_OQ, _CMP_LE_OQ};
    let mut all = avx._mm256_cmp_pd::<_CMP_EQ_OQ>(zero, zero);
    let [least, greatest] = seen;
    all = avx._mm256_and_pd(all, avx._mm256_cmp_pd::<_CMP_GE_OQ>(least, zero));
    all = avx._mm256_and_pd(all, avx._mm256_cmp_pd::<_CMP_LE_OQ>(greatest, one));
    for e in e {
        all = avx._mm256_and_pd(all, avx._mm256_cmp_pd::<_CMP_EQ_OQ>(e, e));
    }
    avx._mm256_movemask_pd(all) == 0b1111
}
