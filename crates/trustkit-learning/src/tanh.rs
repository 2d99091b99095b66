//! `tanh` written out, so the learner's numbers do not depend on the platform's C library and
//! the call is inlined into the update (the C library's `tanh` was 70 % of an update's time).
//!
//! `tanh a = (1 − e^{−2a}) / (1 + e^{−2a})` for `a ≥ 0`, odd for `a < 0`, and exactly ±1 beyond
//! `|a| = 22` (as the C library returns). `e^{x}` for `x ∈ [−44, 0]`: `x = k·ln 2 + r` with
//! `|r| ≤ ½ ln 2` (`ln 2` split so `k·ln 2` is exact), `e^r` by its Taylor series to `r¹³/13!`
//! (the first term left out, `0.347¹⁴/14! < 5·10⁻¹⁸`) evaluated by Estrin's scheme, then scaled
//! by `2^k` through the exponent bits. A fit's four-lane loop has the same function for four
//! numbers at once (`tanh_v3`, AVX2), bit for bit. Measured against `f64::tanh` (tests below): within 4·10⁻¹⁶ absolutely everywhere — a
//! relative error can be larger near 0, where both are tiny, which the learner cannot see (the push
//! is `h·T·tanh`, with `h ≤ 0.5`).

/// `ln 2` rounded to 32 significant bits, and the rest (fdlibm's split).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);

/// The Taylor coefficients `1/j!` of `e^r`, `j = 0..=13`.
const C: [f64; 14] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5_040.0,
    1.0 / 40_320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
    1.0 / 6_227_020_800.0,
];

/// `1 + r + r²/2! + … + r¹³/13!` by Estrin's scheme: pairs `c + c′·r`, joined by r², r⁴, r⁸.
/// Horner's rule is a chain of 13 dependent multiply-adds; this is a tree four deep, so a step
/// of the learner waits a quarter as long on the push's `tanh`. Generic so that one number and
/// four lanes of numbers ([`tanh_v3`]) run the very same operations, in the same order.
#[inline(always)]
fn exp_polynomial<T>(r: T, constant: impl Fn(f64) -> T) -> T
where
    T: Copy + core::ops::Add<Output = T> + core::ops::Mul<Output = T>,
{
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let pair = |i: usize| constant(C[i]) + constant(C[i + 1]) * r;
    let q0 = pair(0) + pair(2) * r2;
    let q1 = pair(4) + pair(6) * r2;
    let q2 = pair(8) + pair(10) * r2;
    let q3 = pair(12);
    (q0 + q1 * r4) + (q2 + q3 * r4) * r8
}

/// `e^x` for `x ∈ [−44, 0]`.
#[inline(always)]
fn exp_non_positive(x: f64) -> f64 {
    // `round` (half away from zero) of `y = x·log₂e ≤ 0`, without the C library's `round` (a call
    // on baseline x86-64): `y − ½` is exact for |y| < 64, and truncating a negative number towards
    // zero is its ceiling, so this is `⌈y − ½⌉ = round(y)` on every input here.
    let k = ((x * std::f64::consts::LOG2_E) - 0.5) as i64 as f64;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let p = exp_polynomial(r, |c| c);
    // 2^k for k in [−64, 0]: a normal double built from its exponent.
    let scale = f64::from_bits(((1023 + k as i64) as u64) << 52);
    p * scale
}

/// `tanh(u)`, in `[−1, 1]`.
#[inline(always)]
pub(crate) fn tanh(u: f64) -> f64 {
    let a = u.abs();
    if a > 22.0 || a.is_nan() {
        // Beyond 22 (and for NaN, which the learner never produces) the sign.
        return u.signum();
    }
    let e = exp_non_positive(-2.0 * a);
    ((1.0 - e) / (1.0 + e)).copysign(u)
}

/// Four lanes of numbers with `+` and `×`, for [`exp_polynomial`].
#[cfg(all(feature = "fit", target_arch = "x86_64"))]
#[derive(Clone, Copy)]
struct Four(pulp::x86::V3, pulp::f64x4);

#[cfg(all(feature = "fit", target_arch = "x86_64"))]
impl core::ops::Add for Four {
    type Output = Self;
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        use pulp::Simd;
        Self(self.0, self.0.add_f64s(self.1, o.1))
    }
}

#[cfg(all(feature = "fit", target_arch = "x86_64"))]
impl core::ops::Mul for Four {
    type Output = Self;
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        use pulp::Simd;
        Self(self.0, self.0.mul_f64s(self.1, o.1))
    }
}

/// [`tanh`] of four numbers at once with AVX2: the same operations lane by lane, so the same
/// bits (a test sweeps them), without a branch or a trip through the integer registers.
#[cfg(all(feature = "fit", target_arch = "x86_64"))]
#[inline(always)]
pub(crate) fn tanh_v3(s: pulp::x86::V3, u: pulp::f64x4) -> pulp::f64x4 {
    use pulp::Simd;
    let splat = |c: f64| s.splat_f64s(c);
    let a = s.abs_f64s(u);
    // Lanes past 22 (or NaN) take their sign below; the exponential runs on 22 there, so its
    // exponent arithmetic stays in range.
    let x = s.mul_f64s(splat(-2.0), s.min_f64s(a, splat(22.0)));
    // `exp_non_positive`, lane by lane. Truncation as `as i64 as f64` does (`+ 0` turns the −0
    // of a truncated small negative number into the +0 the conversion gives).
    let y = s.sub_f64s(s.mul_f64s(x, splat(std::f64::consts::LOG2_E)), splat(0.5));
    let k = s.add_f64s(s.truncate_f64x4(y), splat(0.0));
    let r = s.sub_f64s(
        s.sub_f64s(x, s.mul_f64s(k, splat(LN2_HI))),
        s.mul_f64s(k, splat(LN2_LO)),
    );
    let p = exp_polynomial(Four(s, r), |c| Four(s, splat(c))).1;
    // 2^k from its exponent bits: adding 1.5·2⁵² puts the integer k in the low bits.
    const SHIFTER: f64 = 6_755_399_441_055_744.0;
    let k_bits = s.transmute_u64s_f64s(s.add_f64s(k, splat(SHIFTER)));
    let biased = s.add_u64s(
        k_bits,
        s.splat_u64s(1023u64.wrapping_sub(SHIFTER.to_bits())),
    );
    let scale = s.transmute_f64s_u64s(s.shl_const_u64x4::<52>(biased));
    let e = s.mul_f64s(p, scale);
    let one = splat(1.0);
    let t = s.div_f64s(s.sub_f64s(one, e), s.add_f64s(one, e));
    // `copysign(t, u)`, and `u.signum()` past 22 or for NaN.
    let sign = splat(-0.0);
    let with_sign =
        |m: pulp::f64x4| s.or_f64s(s.and_f64s(s.not_f64s(sign), m), s.and_f64s(sign, u));
    let t = with_sign(t);
    let beyond = s.greater_than_f64s(a, splat(22.0));
    let nan = s.not_m64s(s.equal_f64s(u, u));
    s.select_f64s(
        nan,
        splat(f64::NAN),
        s.select_f64s(beyond, with_sign(one), t),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(u: f64) {
        let (ours, libm) = (tanh(u), u.tanh());
        assert!(
            (ours - libm).abs() <= 4e-16,
            "tanh({u:e}): {ours:e} vs {libm:e}"
        );
    }

    #[test]
    fn the_reduction_rounds_as_round_does() {
        for k in 0..=4_400_000 {
            let x = -f64::from(k) * 1e-5;
            let y = x * std::f64::consts::LOG2_E;
            assert_eq!((y - 0.5) as i64 as f64, y.round() + 0.0, "{x}");
        }
        // Exact halves round away from zero, as `round` does.
        for k in 0..64 {
            let y = -(f64::from(k) + 0.5);
            assert_eq!((y - 0.5) as i64 as f64, y.round(), "{y}");
        }
    }

    #[test]
    fn exact_points_and_symmetry() {
        assert_eq!(tanh(0.0), 0.0);
        assert_eq!(tanh(22.5), 1.0);
        assert_eq!(tanh(-1e300), -1.0);
        for k in 0..=100_000 {
            let u = f64::from(k) * 2.2e-4;
            assert_eq!(tanh(-u), -tanh(u));
        }
    }

    #[test]
    fn a_dense_sweep_agrees_with_libm() {
        for k in -440_000..=440_000 {
            check(f64::from(k) * 5e-5);
        }
        for u in [
            1e-300, 1e-20, 1e-8, 0.5, 0.549, 0.55, 1.0, 19.06, 21.999, 22.0,
        ] {
            check(u);
            check(-u);
        }
    }

    #[test]
    fn exp_agrees_with_libm() {
        for k in 0..=440_000 {
            let x = -f64::from(k) * 1e-4;
            let (ours, libm) = (exp_non_positive(x), x.exp());
            assert!(
                (ours - libm).abs() <= 2.0 * f64::EPSILON * libm,
                "exp({x}): {ours} vs {libm}"
            );
        }
    }

    proptest! {
        #[test]
        fn agrees_with_libm(u in -30.0f64..30.0) {
            check(u);
        }
    }

    #[cfg(all(feature = "fit", target_arch = "x86_64"))]
    #[test]
    fn four_lanes_give_the_same_bits_as_one() {
        let Some(simd) = pulp::x86::V3::try_new() else {
            return; // no AVX2 here: the four-lane path is never taken
        };
        let mut inputs: Vec<f64> = (-260_000..=260_000).map(|k| f64::from(k) * 1e-4).collect();
        inputs.extend([
            0.0,
            -0.0,
            1e-300,
            -1e-300,
            21.999_999_999,
            22.0,
            22.000_000_001,
            -22.000_000_001,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
        ]);
        for four in inputs.chunks(4) {
            let mut u = [0.25; 4];
            u[..four.len()].copy_from_slice(four);
            let got: [f64; 4] = pulp::cast(simd.vectorize(|| tanh_v3(simd, pulp::cast(u))));
            for (g, u) in got.iter().zip(u) {
                assert_eq!(g.to_bits(), tanh(u).to_bits(), "tanh({u:e})");
            }
        }
    }
}
