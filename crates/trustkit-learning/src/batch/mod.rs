//! Many subjects learning at once from plain slices of rewards: the batch form of
//! [`TrustLearner`] for simulation, fitting and scoring a book of accounts, with no time stamps in
//! the inner loop.

use trustkit_core::Bounds;

use crate::learner::{Rates, step};
use crate::{Anchor, Error, LearnerParams};

#[cfg(target_arch = "x86_64")]
mod tiles;

/// How many subjects advance together. Each learner's update is a chain of dependent operations;
/// interleaving independent learners lets the processor overlap their chains.
const LANES: usize = 8;

/// Runs one learner per subject over its rewards, and writes trust after every step.
///
/// `rewards` is subject-major: subject `s`'s rewards are `rewards[s * steps .. (s + 1) * steps]`
/// (an Arrow `FixedSizeListArray` of `steps` values per subject, or a row-major matrix), each in
/// `[0, 1]`; `anchors` holds each subject's starting trust; `trust` receives the same layout as
/// `rewards`, trust after each step. The experiences are taken as consecutive with no time between
/// them and no promise (so a half-life of forgetting does not apply; a per-step decay does).
///
/// The numbers are those of [`TrustLearner::observe`](crate::TrustLearner::observe) on the same rewards one subject at a time,
/// bit for bit (a property test checks it); subjects are advanced several at a time so their
/// updates overlap.
///
/// ```
/// use trustkit_learning::{LearnerParams, learn_batch};
///
/// // Two accounts, three experiences each: kept, kept, broken; and broken, broken, kept.
/// let rewards = [1.0, 1.0, 0.0, 0.0, 0.0, 1.0];
/// let mut trust = [0.0; 6];
/// learn_batch(&LearnerParams::default(), &[0.5, 0.5], &rewards, 3, &mut trust)?;
/// assert!(trust[1] > 0.5 && trust[2] < trust[1]);
/// assert!(trust[4] < 0.5 && trust[5] > trust[4]);
/// # Ok::<(), trustkit_learning::Error>(())
/// ```
///
/// # Errors
/// [`Error::Core`] for invalid parameters, an anchor or reward outside `[0, 1]` (naming the
/// subject and step), or slices whose lengths do not fit `anchors.len() × steps`.
pub fn learn_batch(
    params: &LearnerParams,
    anchors: &[f64],
    rewards: &[f64],
    steps: usize,
    trust: &mut [f64],
) -> Result<(), Error> {
    params.validate()?;
    let subjects = anchors.len();
    let cells = subjects
        .checked_mul(steps)
        .ok_or_else(|| shape("subjects × steps", f64::INFINITY))?;
    if rewards.len() != cells {
        return Err(shape("rewards (subjects × steps)", rewards.len() as f64));
    }
    if trust.len() != cells {
        return Err(shape("trust output (subjects × steps)", trust.len() as f64));
    }
    let anchors = anchors
        .iter()
        .map(|&a| Anchor::new(a).map(|a| a.value()))
        .collect::<Result<Vec<_>, Error>>()?;
    // The learner's own update (`step`, what `TrustLearner::observe` runs) with the rates prepared
    // once; lanes of independent subjects interleave, so no subject's chain of dependent
    // operations stalls the loop.
    let rates = Rates::<f64>::of(params);
    if let Some((gain, loss)) = rates.gain_loss_only() {
        // The check of the rewards rides along the update (one read of the rewards fewer); what
        // was written to `trust` before a bad reward is found does not matter then. Sixteen
        // subjects at a time in 4 × 4 tiles where the CPU has AVX2; the rest (or all, elsewhere)
        // eight at a time.
        let job = GainLossLanes {
            gain,
            loss,
            anchors: &anchors,
            rewards,
            steps,
            trust,
        };
        #[cfg(target_arch = "x86_64")]
        let (tiles_ok, job) = match pulp::x86::V3::try_new() {
            Some(simd) => tiles::run(simd, job),
            None => (true, job),
        };
        #[cfg(not(target_arch = "x86_64"))]
        let tiles_ok = true;
        return match tiles_ok & pulp::Arch::new().dispatch(job) {
            true => Ok(()),
            false => Err(first_bad_reward(rewards, steps)),
        };
    }
    // Validate in one pass with no early exit; name the first bad value only when there is one.
    if !rewards
        .iter()
        .fold(true, |ok, &r| ok & (0.0..=1.0).contains(&r))
    {
        return Err(first_bad_reward(rewards, steps));
    }
    for (block, anchors) in anchors.chunks(LANES).enumerate() {
        let first = block * LANES;
        let (mut value, mut belief) = ([0.0; LANES], [0.0; LANES]);
        value[..anchors.len()].copy_from_slice(anchors);
        belief[..anchors.len()].copy_from_slice(anchors);
        for t in 0..steps {
            for (lane, &anchor) in anchors.iter().enumerate() {
                let k = (first + lane) * steps + t;
                step(
                    &mut value[lane],
                    &mut belief[lane],
                    anchor,
                    t as u64,
                    &rates,
                    rewards[k],
                    None,
                    0.0,
                );
                trust[k] = value[lane];
            }
        }
    }
    Ok(())
}

/// The error naming the first reward outside `[0, 1]` by subject and step.
fn first_bad_reward(rewards: &[f64], steps: usize) -> Error {
    let k = rewards
        .iter()
        .position(|r| !(0.0..=1.0).contains(r))
        .unwrap_or_default();
    let what = format!(
        "reward of subject {}, step {}",
        k / steps.max(1),
        k % steps.max(1)
    );
    match Bounds::UNIT.check(&what, rewards.get(k).copied().unwrap_or(f64::NAN)) {
        Err(e) => Error::Core(e),
        Ok(_) => shape(&what, f64::NAN),
    }
}

/// [`step`] for the models with nothing but a gain and a loss rate (Rescorla–Wagner, gain–loss):
/// the same operations in the same order — `δ = r − E`, `E + α·δ`, clamped — without the checks
/// for mechanisms that are off, and with the rate picked without a branch. Bit for bit `step` (the
/// property test below covers both paths). `pulp` compiles it once per instruction set (AVX2, and
/// the baseline SSE2, whose 16 registers cannot hold eight lanes' state) and runs the widest the
/// CPU has; plain IEEE operations with no fused multiply-add give the same bits on each.
struct GainLossLanes<'a> {
    gain: f64,
    loss: f64,
    anchors: &'a [f64],
    rewards: &'a [f64],
    steps: usize,
    trust: &'a mut [f64],
}

impl pulp::WithSimd for GainLossLanes<'_> {
    /// Whether every reward was in `[0, 1]`.
    type Output = bool;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> bool {
        let Self {
            gain,
            loss,
            anchors,
            rewards,
            steps,
            trust,
        } = self;
        gain_loss_lanes(gain, loss, anchors, rewards, steps, trust)
    }
}

#[inline(always)]
fn gain_loss_lanes(
    gain: f64,
    loss: f64,
    anchors: &[f64],
    rewards: &[f64],
    steps: usize,
    trust: &mut [f64],
) -> bool {
    let mut ok = true;
    let whole = anchors.len() / LANES * LANES;
    for (block, anchors) in anchors[..whole].chunks_exact(LANES).enumerate() {
        let cells = block * LANES * steps..(block + 1) * LANES * steps;
        let mut value = [0.0; LANES];
        value.copy_from_slice(anchors);
        ok &= gain_loss_block(
            gain,
            loss,
            &mut value,
            &rewards[cells.clone()],
            &mut trust[cells],
        );
    }
    // The last, partial block runs as a whole one padded with subjects that see no rewards.
    let rest = anchors.len() - whole;
    if rest > 0 {
        let cells = whole * steps..;
        let mut value = [0.0; LANES];
        value[..rest].copy_from_slice(&anchors[whole..]);
        let mut padded_rewards = vec![0.0; LANES * steps];
        padded_rewards[..rest * steps].copy_from_slice(&rewards[cells.clone()]);
        let mut padded_trust = vec![0.0; LANES * steps];
        ok &= gain_loss_block(gain, loss, &mut value, &padded_rewards, &mut padded_trust);
        trust[cells].copy_from_slice(&padded_trust[..rest * steps]);
    }
    ok
}

/// One block of [`LANES`] subjects (`rewards` and `trust` hold `LANES × steps` cells, subject
/// by subject), two steps at a time: every lane's rewards for the two steps are gathered into two
/// lane-arrays, the lanes update as vectors (one step, then the next), and both steps' trust goes
/// back to each lane's row. Rows cut to one even length let the loop index them with no bounds
/// check; a step-major copy of the block instead was no faster (three stores per update).
#[inline(always)]
fn gain_loss_block(
    gain: f64,
    loss: f64,
    value: &mut [f64; LANES],
    rewards: &[f64],
    trust: &mut [f64],
) -> bool {
    let steps = rewards.len() / LANES;
    // Each lane's rewards and trust cut to the same even length, so indexing a pair of steps
    // needs no check inside the loop.
    let pairs = steps / 2;
    let mut rest = rewards;
    let ins: [&[f64]; LANES] = std::array::from_fn(|_| {
        let (row, tail) = rest.split_at(steps);
        rest = tail;
        &row[..2 * pairs]
    });
    let mut rest = &mut *trust;
    let outs: [&mut [f64]; LANES] = std::array::from_fn(|_| {
        let (row, tail) = std::mem::take(&mut rest).split_at_mut(steps);
        rest = tail;
        &mut row[..2 * pairs]
    });
    let mut ok = [true; LANES];
    let mut v = *value;
    for k in 0..pairs {
        let first: [f64; LANES] = std::array::from_fn(|l| ins[l][2 * k]);
        let second: [f64; LANES] = std::array::from_fn(|l| ins[l][2 * k + 1]);
        for l in 0..LANES {
            ok[l] &= (0.0..=1.0).contains(&first[l]) & (0.0..=1.0).contains(&second[l]);
        }
        gain_loss_lanes_step(gain, loss, &first, &mut v);
        let after_first = v;
        gain_loss_lanes_step(gain, loss, &second, &mut v);
        for l in 0..LANES {
            outs[l][2 * k] = after_first[l];
            outs[l][2 * k + 1] = v[l];
        }
    }
    if steps % 2 == 1 {
        let r = std::array::from_fn(|l| rewards[l * steps + steps - 1]);
        for l in 0..LANES {
            ok[l] &= (0.0..=1.0).contains(&r[l]);
        }
        gain_loss_lanes_step(gain, loss, &r, &mut v);
        for (l, &value) in v.iter().enumerate() {
            trust[l * steps + steps - 1] = value;
        }
    }
    *value = v;
    ok.iter().all(|&o| o)
}

/// One step of every lane: `δ = r − E`, the gain or loss rate by the sign of `δ`, `E + α·δ`
/// clamped to `[0, 1]`.
#[inline(always)]
fn gain_loss_lanes_step(gain: f64, loss: f64, r: &[f64; LANES], v: &mut [f64; LANES]) {
    for l in 0..LANES {
        let delta = r[l] - v[l];
        let rate = if delta > 0.0 { gain } else { loss };
        v[l] = (v[l] + rate * delta).clamp(0.0, 1.0);
    }
}

fn shape(what: &str, found: f64) -> Error {
    Error::Core(trustkit_core::Error::OutOfRange {
        what: format!("{what}: length does not fit"),
        value: found,
        bounds: Bounds::closed(0.0, 0.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    use crate::{Experience, ModelPreset, TrustLearner};

    proptest! {
        #[test]
        fn equals_the_learner_one_subject_at_a_time(
            subjects in proptest::collection::vec(
                (0.0f64..=1.0, proptest::collection::vec(0.0f64..=1.0, 16)), 0..40),
            preset in 0usize..6,
            alpha in 0.01f64..=1.0,
            steps in 12usize..=16,
        ) {
            // Up to 40 subjects: whole blocks of sixteen (AVX2 tiles), of eight and a padded
            // one. Steps of every remainder by 4 and by 2 leave the tiles and the pairs last
            // steps on their own.
            // The five presets, and plain Rescorla–Wagner (one rate: the tiles' other loop).
            let params = match ModelPreset::ALL.get(preset) {
                Some(p) => p.params(),
                None => LearnerParams::rescorla_wagner(alpha).unwrap(),
            };
            let anchors: Vec<f64> = subjects.iter().map(|s| s.0).collect();
            let rewards: Vec<f64> =
                subjects.iter().flat_map(|s| s.1[..steps].iter().copied()).collect();
            let mut trust = vec![0.0; rewards.len()];
            learn_batch(&params, &anchors, &rewards, steps, &mut trust).unwrap();
            let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
            for (s, (anchor, rs)) in subjects.iter().enumerate() {
                let mut learner = TrustLearner::new(params, Anchor::new(*anchor).unwrap()).unwrap();
                for (t, &r) in rs[..steps].iter().enumerate() {
                    // Same instant: no time passes between consecutive experiences.
                    learner.observe(&Experience::new(r, start).unwrap()).unwrap();
                    prop_assert_eq!(trust[s * steps + t], learner.trust().value());
                }
            }
        }
    }

    #[test]
    fn bad_input_names_the_subject_and_step() {
        let p = LearnerParams::default();
        let err =
            learn_batch(&p, &[0.5, 0.5], &[1.0, 0.0, 0.3, 1.5], 2, &mut [0.0; 4]).unwrap_err();
        assert!(
            err.to_string().contains("reward of subject 1, step 1"),
            "{err}"
        );
        assert!(learn_batch(&p, &[0.5], &[1.0, 0.0, 0.3], 2, &mut [0.0; 3]).is_err());
        assert!(learn_batch(&p, &[0.5], &[1.0, 0.0], 2, &mut [0.0; 1]).is_err());
        assert!(learn_batch(&p, &[1.5], &[1.0, 0.0], 2, &mut [0.0; 2]).is_err());
        learn_batch(&p, &[], &[], 5, &mut []).unwrap();
    }

    /// `n` numbers in `[0, 1)` from a xorshift generator started at `seed`.
    fn uniform(n: usize, mut seed: u64) -> Vec<f64> {
        (0..n)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 11) as f64 / (1u64 << 53) as f64
            })
            .collect()
    }

    #[test]
    fn every_instruction_set_gives_the_same_bits() {
        // The baseline build and the widest one this CPU has, side by side on ragged blocks
        // (an odd number of steps, a padded last block).
        let (subjects, steps) = (21, 37);
        let rewards = uniform(subjects * steps, 0x9e37_79b9_7f4a_7c15);
        let anchors: Vec<f64> = (0..subjects).map(|s| s as f64 / 20.0).collect();
        let run = |dispatch: bool| {
            let mut trust = vec![0.0; rewards.len()];
            let lanes = GainLossLanes {
                gain: 0.2,
                loss: 0.45,
                anchors: &anchors,
                rewards: &rewards,
                steps,
                trust: &mut trust,
            };
            let ok = if dispatch {
                pulp::Arch::new().dispatch(lanes)
            } else {
                pulp::Simd::vectorize(pulp::Scalar, lanes)
            };
            assert!(ok);
            trust
        };
        let (baseline, widest) = (run(false), run(true));
        assert!(
            baseline
                .iter()
                .zip(&widest)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_avx2_tiles_give_the_baseline_bits() {
        let Some(simd) = pulp::x86::V3::try_new() else {
            return;
        };
        // Two blocks of sixteen and five subjects over, 4 × 9 steps and one more; and blocks
        // too short for a tile or with no step. A −0 anchor and −0 and 0 rewards go through the
        // clamp as `f64::clamp` takes them.
        for (subjects, steps) in [(37, 37), (16, 3), (17, 1), (32, 0)] {
            let mut rewards = uniform(subjects * steps, 0x2545_f491_4f6c_dd1d);
            let edge = [-0.0, 0.0, 1.0];
            let n = edge.len().min(rewards.len());
            rewards[..n].copy_from_slice(&edge[..n]);
            let mut anchors: Vec<f64> = (0..subjects).map(|s| s as f64 / 36.0).collect();
            anchors[0] = -0.0;
            for (gain, loss) in [(0.2, 0.45), (0.3, 0.3), (1.0, 1.0)] {
                // The same job, writing into `trust`, for each of the two paths.
                let job = |trust| GainLossLanes {
                    gain,
                    loss,
                    anchors: &anchors,
                    rewards: &rewards,
                    steps,
                    trust,
                };
                let mut baseline = vec![0.0; rewards.len()];
                assert!(pulp::Simd::vectorize(pulp::Scalar, job(&mut baseline)));
                let mut tiled = vec![0.0; rewards.len()];
                let (ok, rest) = tiles::run(simd, job(&mut tiled));
                assert!(ok);
                let done = subjects - rest.anchors.len();
                assert_eq!(done, subjects / 16 * 16);
                let n = done * steps;
                assert!(
                    baseline[..n]
                        .iter()
                        .zip(&tiled[..n])
                        .all(|(a, b)| a.to_bits() == b.to_bits()),
                    "{subjects} × {steps}, gain {gain}, loss {loss}"
                );
            }
        }
    }

    #[test]
    fn the_gain_loss_path_checks_rewards_as_it_learns() {
        // Rescorla–Wagner and gain–loss take the fused paths; 25 subjects of five steps make a
        // block of sixteen (one tile and a step over), a block of eight and a padded one.
        for p in [
            LearnerParams::rescorla_wagner(0.2).unwrap(),
            ModelPreset::GainLoss.params(),
        ] {
            for (bad, k) in [
                (1.5, 3),
                (f64::NAN, 17),
                (-0.1, 0),
                (f64::NAN, 4),
                (f64::INFINITY, 79),
                (1.0 + f64::EPSILON, 81),
                (f64::NAN, 124),
                (-f64::MIN_POSITIVE, 62),
            ] {
                let mut rewards = vec![0.5; 25 * 5];
                rewards[k] = bad;
                let err = learn_batch(&p, &[0.5; 25], &rewards, 5, &mut [0.0; 125]).unwrap_err();
                let expected = format!("reward of subject {}, step {}", k / 5, k % 5);
                assert!(err.to_string().contains(&expected), "{err}");
            }
        }
    }
}
