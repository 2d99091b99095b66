//! Scoring many equations at once from columns of scores (structure of arrays), with no allocation
//! per row.

use crate::scale::Normaliser;
use crate::{Component, Error, Scale};

/// Four equal-length columns of component scores: row `k` is one equation
/// `(credibility[k], reliability[k], intimacy[k], self_orientation[k])`.
///
/// Columns are how scores arrive from a data frame, a CSV reader or a database query; scoring them in
/// place avoids building a [`crate::TrustEquation`] per row.
///
/// ```
/// use trustkit_equation::{Columns, Scale};
///
/// let columns = Columns::new(&[8.0, 5.0], &[7.0, 5.0], &[6.0, 5.0], &[2.0, 5.0])?;
/// let mut quotients = [0.0; 2];
/// columns.quotients_into(Scale::DEFAULT, &mut quotients)?;
/// assert_eq!(quotients, [10.5, 3.0]);
/// # Ok::<(), trustkit_equation::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Columns<'a> {
    credibility: &'a [f64],
    reliability: &'a [f64],
    intimacy: &'a [f64],
    self_orientation: &'a [f64],
}

impl<'a> Columns<'a> {
    /// Bundles four columns.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] unless all four have the same length.
    pub fn new(
        credibility: &'a [f64],
        reliability: &'a [f64],
        intimacy: &'a [f64],
        self_orientation: &'a [f64],
    ) -> Result<Self, Error> {
        let n = credibility.len();
        if reliability.len() != n || intimacy.len() != n || self_orientation.len() != n {
            return Err(Error::LengthMismatch {
                credibility: n,
                reliability: reliability.len(),
                intimacy: intimacy.len(),
                self_orientation: self_orientation.len(),
            });
        }
        Ok(Self {
            credibility,
            reliability,
            intimacy,
            self_orientation,
        })
    }

    /// Number of rows.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.credibility.len()
    }

    /// True when there are no rows.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.credibility.is_empty()
    }

    /// Writes each row's quotient `(C + R + I) / S` into `out`.
    ///
    /// Every row is validated exactly as [`crate::TrustEquation::on_scale`] would; the first invalid
    /// row stops the batch. On error the contents of `out` are unspecified (rows before the bad one are
    /// scored).
    ///
    /// # Errors
    /// [`Error::OutputLength`] when `out.len() != self.len()`; [`Error::Row`] with the zero-based index
    /// of the first invalid row and its validation error.
    pub fn quotients_into(&self, scale: Scale, out: &mut [f64]) -> Result<(), Error> {
        self.check_output(out)?;
        self.score_rows(scale, 0, out, Quotient, pulp::Arch::new())
    }

    /// Writes each row's trust level (the quotient normalised by [`Scale::normalise`], bit for bit)
    /// into `out`.
    ///
    /// # Errors
    /// As [`Columns::quotients_into`].
    pub fn levels_into(&self, scale: Scale, out: &mut [f64]) -> Result<(), Error> {
        self.check_output(out)?;
        self.score_rows(scale, 0, out, Normaliser::new(&scale), pulp::Arch::new())
    }

    /// [`Columns::quotients_into`] on every core: blocks of rows scored in parallel with rayon.
    /// Same numbers as one thread, bit for bit; an error is the first bad row's.
    ///
    /// # Errors
    /// As [`Columns::quotients_into`].
    #[cfg(feature = "rayon")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rayon")))]
    pub fn quotients_into_par(&self, scale: Scale, out: &mut [f64]) -> Result<(), Error> {
        self.check_output(out)?;
        self.score_par(scale, out, Quotient)
    }

    /// [`Columns::levels_into`] on every core. Same numbers as one thread, bit for bit; an error is
    /// the first bad row's.
    ///
    /// # Errors
    /// As [`Columns::quotients_into`].
    #[cfg(feature = "rayon")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rayon")))]
    pub fn levels_into_par(&self, scale: Scale, out: &mut [f64]) -> Result<(), Error> {
        self.check_output(out)?;
        self.score_par(scale, out, Normaliser::new(&scale))
    }

    fn check_output(&self, out: &[f64]) -> Result<(), Error> {
        if out.len() == self.len() {
            Ok(())
        } else {
            Err(Error::OutputLength {
                output: out.len(),
                rows: self.len(),
            })
        }
    }

    /// Parallel blocks of [`Columns::score_rows`]; every block runs, so the error reported is the
    /// first bad row of the whole batch whatever the scheduling.
    #[cfg(feature = "rayon")]
    fn score_par(&self, scale: Scale, out: &mut [f64], map: impl RowMap) -> Result<(), Error> {
        use rayon::prelude::*;
        // Large enough that scheduling is noise, small enough to balance two to dozens of cores.
        const PAR_BLOCK: usize = 1 << 16;
        let arch = pulp::Arch::new();
        let results: Vec<Result<(), Error>> = out
            .par_chunks_mut(PAR_BLOCK)
            .enumerate()
            .map(|(b, out)| self.score_rows(scale, b * PAR_BLOCK, out, map, arch))
            .collect();
        results.into_iter().collect()
    }

    /// The shared loop over rows `start .. start + out.len()`, a block at a time: each block is
    /// scored and validated in one pass by [`Block`] (on the widest vector instructions the CPU
    /// has), and only a block that fails scans again for its first bad row to name it.
    fn score_rows(
        &self,
        scale: Scale,
        start: usize,
        out: &mut [f64],
        map: impl RowMap,
        arch: pulp::Arch,
    ) -> Result<(), Error> {
        // Small enough that a failing block is cheap to rescan, large enough that the dispatch per
        // block is noise.
        const BLOCK: usize = 4096;
        for (b, out) in out.chunks_mut(BLOCK).enumerate() {
            let first = start + b * BLOCK;
            let range = first..first + out.len();
            let block = Block {
                credibility: &self.credibility[range.clone()],
                reliability: &self.reliability[range.clone()],
                intimacy: &self.intimacy[range.clone()],
                self_orientation: &self.self_orientation[range],
                out,
                min: scale.min(),
                max: scale.max(),
                map,
            };
            if !arch.dispatch(block) {
                return Err(self.first_bad_row(scale, first));
            }
        }
        Ok(())
    }

    /// The error of the first row at or after `start` outside the scale (there is known to be one).
    #[cold]
    fn first_bad_row(&self, scale: Scale, start: usize) -> Error {
        let (lo, hi) = (scale.min(), scale.max());
        let rows = self
            .credibility
            .iter()
            .zip(self.reliability)
            .zip(self.intimacy)
            .zip(self.self_orientation)
            .map(|(((&c, &r), &i), &s)| [c, r, i, s]);
        for (index, row) in rows.enumerate().skip(start) {
            if !row.iter().all(|&v| on_scale(v, lo, hi)) {
                return row_error(scale, row).at_row(index);
            }
        }
        // Unreachable when called as documented; an error still beats a panic.
        Error::InvalidScale { min: lo, max: hi }
    }
}

/// What a row's quotient becomes in the output: itself, or its level.
trait RowMap: Copy + Send + Sync {
    fn map(self, quotient: f64) -> f64;
}

/// The quotient itself.
#[derive(Clone, Copy)]
struct Quotient;

impl RowMap for Quotient {
    #[inline(always)]
    fn map(self, quotient: f64) -> f64 {
        quotient
    }
}

impl RowMap for Normaliser {
    #[inline(always)]
    fn map(self, quotient: f64) -> f64 {
        self.level(quotient)
    }
}

/// One block of rows, scored and validated in a single pass with no early exit, so the loop
/// vectorises. `pulp` compiles it once per instruction set (AVX2 + FMA, and the baseline) and picks
/// the widest the CPU has at run time, with no `unsafe` here. The arithmetic is plain IEEE
/// operations — Rust never fuses a multiply and an add on its own — so every instruction set gives
/// the same bits.
struct Block<'a, M> {
    credibility: &'a [f64],
    reliability: &'a [f64],
    intimacy: &'a [f64],
    self_orientation: &'a [f64],
    out: &'a mut [f64],
    min: f64,
    max: f64,
    map: M,
}

impl<M: RowMap> pulp::WithSimd for Block<'_, M> {
    /// Whether every value in the block was on the scale.
    type Output = bool;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> bool {
        let (lo, hi, map) = (self.min, self.max, self.map);
        let on = |v: f64| on_scale(v, lo, hi);
        let mut ok = true;
        let rows = self
            .credibility
            .iter()
            .zip(self.reliability)
            .zip(self.intimacy)
            .zip(self.self_orientation)
            .zip(self.out.iter_mut());
        for ((((&c, &r), &i), &s), slot) in rows {
            ok &= on(c) & on(r) & on(i) & on(s);
            *slot = map.map((c + r + i) / s);
        }
        ok
    }
}

/// Whether `v` lies on the scale `[lo, hi]` (NaN never does) — the one test both the scoring
/// pass and the search for the first bad row use. `&`, not `&&`: no branch, so a loop over it
/// vectorises.
#[inline(always)]
fn on_scale(v: f64, lo: f64, hi: f64) -> bool {
    (v >= lo) & (v <= hi)
}

/// The validation error of a row known to be invalid.
#[cold]
fn row_error(scale: Scale, row: [f64; 4]) -> Error {
    Component::ALL
        .into_iter()
        .zip(row)
        .find_map(|(component, value)| scale.check(component, value).err())
        // The fast check and `Scale::check` agree, so a row failing one fails the other; this arm is
        // never reached, but an error is still the honest answer if it were.
        .unwrap_or(Error::InvalidScale {
            min: scale.min(),
            max: scale.max(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TrustEquation;
    use proptest::prelude::*;

    #[test]
    fn levels_worked_example() {
        let cols = Columns::new(&[8.0, 1.0], &[7.0, 1.0], &[6.0, 1.0], &[2.0, 10.0]).unwrap();
        let mut out = [f64::NAN; 2];
        cols.levels_into(Scale::DEFAULT, &mut out).unwrap();
        assert!((out[0] - 0.772_034).abs() < 1e-6);
        assert_eq!(out[1], 0.0);
    }

    #[test]
    fn empty_batch_is_fine() {
        let cols = Columns::new(&[], &[], &[], &[]).unwrap();
        assert!(cols.is_empty());
        cols.quotients_into(Scale::DEFAULT, &mut []).unwrap();
    }

    #[test]
    fn mismatched_lengths_are_rejected() {
        assert_eq!(
            Columns::new(&[1.0, 2.0], &[1.0], &[1.0, 2.0], &[1.0, 2.0]).unwrap_err(),
            Error::LengthMismatch {
                credibility: 2,
                reliability: 1,
                intimacy: 2,
                self_orientation: 2
            }
        );
        let cols = Columns::new(&[5.0], &[5.0], &[5.0], &[5.0]).unwrap();
        assert_eq!(
            cols.quotients_into(Scale::DEFAULT, &mut [0.0; 3]),
            Err(Error::OutputLength { output: 3, rows: 1 })
        );
    }

    #[test]
    fn first_bad_row_is_reported() {
        let cols = Columns::new(
            &[5.0, 5.0, 5.0, 5.0],
            &[5.0, 5.0, f64::NAN, 5.0],
            &[5.0, 5.0, 5.0, 5.0],
            &[5.0, 0.0, 5.0, 5.0],
        )
        .unwrap();
        let err = cols
            .quotients_into(Scale::DEFAULT, &mut [0.0; 4])
            .unwrap_err();
        assert_eq!(
            err,
            Error::NonPositiveSelfOrientation { value: 0.0 }.at_row(1)
        );
        assert_eq!(
            err.to_string(),
            "row 1: self-orientation must be greater than zero (it is the divisor of the trust equation), got 0"
        );
    }

    /// Rows spread over the scale with a cheap deterministic sequence.
    #[cfg(feature = "rayon")]
    fn long_columns(n: usize) -> [Vec<f64>; 4] {
        let v = |k: usize, salt: usize| 1.0 + ((k * 7919 + salt * 104_729) % 9001) as f64 / 1000.0;
        [0, 1, 2, 3].map(|salt| (0..n).map(|k| v(k, salt)).collect())
    }

    #[cfg(feature = "rayon")]
    #[test]
    fn parallel_batch_gives_the_same_bits_as_one_thread() {
        let n = 300_001; // several parallel blocks and a ragged last one
        let cols = long_columns(n);
        let batch = Columns::new(&cols[0], &cols[1], &cols[2], &cols[3]).unwrap();
        let (mut one, mut all) = (vec![0.0; n], vec![0.0; n]);
        batch.levels_into(Scale::DEFAULT, &mut one).unwrap();
        batch.levels_into_par(Scale::DEFAULT, &mut all).unwrap();
        assert!(
            one.iter()
                .zip(&all)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
        batch.quotients_into(Scale::DEFAULT, &mut one).unwrap();
        batch.quotients_into_par(Scale::DEFAULT, &mut all).unwrap();
        assert!(
            one.iter()
                .zip(&all)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
    }

    #[cfg(feature = "rayon")]
    #[test]
    fn parallel_batch_reports_the_first_bad_row_of_the_whole_batch() {
        let n = 300_001;
        let mut cols = long_columns(n);
        // A later block's bad row may finish first; the earlier one must still be reported.
        cols[1][250_000] = 0.5;
        cols[3][70_000] = 11.0;
        let batch = Columns::new(&cols[0], &cols[1], &cols[2], &cols[3]).unwrap();
        let mut out = vec![0.0; n];
        let serial = batch.levels_into(Scale::DEFAULT, &mut out).unwrap_err();
        let parallel = batch.levels_into_par(Scale::DEFAULT, &mut out).unwrap_err();
        assert_eq!(serial, parallel);
        assert!(serial.to_string().starts_with("row 70000:"), "{serial}");
    }

    #[test]
    fn every_instruction_set_gives_the_same_bits() {
        // The baseline (what a CPU without AVX2 runs) against whatever this CPU dispatches to, over
        // values drawn across the scale's whole range of quotients.
        let n = 4096;
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut draw = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            1.0 + 9.0 * (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let cols: [Vec<f64>; 4] = std::array::from_fn(|_| (0..n).map(|_| draw()).collect());
        fn block<'a>(cols: &'a [Vec<f64>; 4], out: &'a mut [f64]) -> Block<'a, Normaliser> {
            Block {
                credibility: &cols[0],
                reliability: &cols[1],
                intimacy: &cols[2],
                self_orientation: &cols[3],
                out,
                min: 1.0,
                max: 10.0,
                map: Normaliser::new(&Scale::DEFAULT),
            }
        }
        let (mut baseline, mut dispatched) = (vec![0.0; n], vec![0.0; n]);
        assert!(pulp::Simd::vectorize(
            pulp::Scalar,
            block(&cols, &mut baseline)
        ));
        assert!(pulp::Arch::new().dispatch(block(&cols, &mut dispatched)));
        assert!(
            baseline
                .iter()
                .zip(&dispatched)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
    }

    fn rows() -> impl Strategy<Value = Vec<(f64, f64, f64, f64)>> {
        proptest::collection::vec(
            (1.0f64..=10.0, 1.0f64..=10.0, 1.0f64..=10.0, 1.0f64..=10.0),
            0..50,
        )
    }

    proptest! {
        #[test]
        fn batch_equals_row_by_row(rows in rows()) {
            let c: Vec<f64> = rows.iter().map(|r| r.0).collect();
            let r: Vec<f64> = rows.iter().map(|r| r.1).collect();
            let i: Vec<f64> = rows.iter().map(|r| r.2).collect();
            let s: Vec<f64> = rows.iter().map(|r| r.3).collect();
            let cols = Columns::new(&c, &r, &i, &s).unwrap();
            let mut q = vec![0.0; rows.len()];
            let mut l = vec![0.0; rows.len()];
            cols.quotients_into(Scale::DEFAULT, &mut q).unwrap();
            cols.levels_into(Scale::DEFAULT, &mut l).unwrap();
            for (k, row) in rows.iter().enumerate() {
                let eq = TrustEquation::new(row.0, row.1, row.2, row.3).unwrap();
                prop_assert_eq!(q[k], eq.quotient());
                prop_assert_eq!(l[k], eq.level().value());
            }
        }

        #[test]
        fn batch_error_matches_row_by_row(rows in rows(), bad_at in 0usize..50, bad in prop_oneof![
            Just(f64::NAN), Just(0.0), Just(-1.0), Just(11.0), Just(f64::INFINITY)
        ], column in 0usize..4) {
            prop_assume!(bad_at < rows.len());
            let mut cols: [Vec<f64>; 4] = [
                rows.iter().map(|r| r.0).collect(),
                rows.iter().map(|r| r.1).collect(),
                rows.iter().map(|r| r.2).collect(),
                rows.iter().map(|r| r.3).collect(),
            ];
            cols[column][bad_at] = bad;
            let batch = Columns::new(&cols[0], &cols[1], &cols[2], &cols[3]).unwrap();
            let err = batch.quotients_into(Scale::DEFAULT, &mut vec![0.0; rows.len()]).unwrap_err();
            let single = TrustEquation::new(cols[0][bad_at], cols[1][bad_at], cols[2][bad_at], cols[3][bad_at]).unwrap_err();
            // Compared as messages: NaN payloads are never equal to themselves.
            prop_assert_eq!(err.to_string(), single.at_row(bad_at).to_string());
        }
    }
}
