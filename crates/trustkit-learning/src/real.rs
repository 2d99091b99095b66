//! The numbers the learner computes with: plain `f64` when it learns, and forward-mode dual numbers
//! when a fit needs the exact gradient ([`Dual`]) or Hessian ([`Dual2`]) of its objective.
//!
//! One generic update ([`crate::learner::step`]) serves all three, so the derivatives are those of
//! the very function the learner computes — not of a second copy that could drift from it. With
//! `f64` the generic code performs the same IEEE operations in the same order as before, so learned
//! trust keeps its bits.
//!
//! Forward mode carries, next to each value, its derivatives with respect to the (at most
//! [`MAX_FREE`]) free parameters of a model: a sum's derivative is the sum of derivatives, a
//! product's follows the product rule, and a function `f(u)` has gradient `f′(u)·∇u` and Hessian
//! `f′(u)·∇²u + f″(u)·∇u∇uᵀ` (Griewank & Walther, *Evaluating Derivatives*, 2nd ed., SIAM 2008,
//! ch. 3). Comparisons (the gain/loss switch, the confirmation test, the `[0, 1]` clamp) look at
//! values only: where the learner switches branch the objective has a kink, and the derivative is
//! the branch's own.

// The dual numbers and the functions only a fit uses are compiled without the `fit` feature too
// (they are small), so the learner's generic update is the same code in every build.
#![cfg_attr(not(feature = "fit"), allow(dead_code))]

use core::ops::{Add, Div, Mul, Neg, Sub};

/// The most free parameters any model has (the dynamic-belief model's four).
pub(crate) const MAX_FREE: usize = 4;

/// What the learner and the fit's objective need of a number. Equality compares derivatives too,
/// so `x == R::constant(0.0)` holds only for a constant zero — never for a free parameter at 0.
pub(crate) trait Real:
    Copy
    + PartialEq
    + Send
    + Sync
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
{
    /// A constant: no derivative.
    fn constant(value: f64) -> Self;
    /// The value, without derivatives (for comparisons).
    fn value(self) -> f64;
    /// `tanh`, by trustkit's own (see the `tanh` module).
    fn tanh(self) -> Self;
    /// The logistic function `1 / (1 + e^(−x))`.
    fn logistic(self) -> Self;
    /// The natural logarithm.
    fn ln(self) -> Self;
    /// Clamped into `[lo, hi]`; a clamped value is a constant.
    #[must_use]
    fn clamp(self, lo: f64, hi: f64) -> Self {
        let v = self.value();
        if v < lo {
            Self::constant(lo)
        } else if v > hi {
            Self::constant(hi)
        } else {
            self
        }
    }
}

impl Real for f64 {
    #[inline(always)]
    fn constant(value: f64) -> Self {
        value
    }
    #[inline(always)]
    fn value(self) -> f64 {
        self
    }
    #[inline(always)]
    fn tanh(self) -> Self {
        crate::tanh::tanh(self)
    }
    #[inline(always)]
    fn logistic(self) -> Self {
        crate::experiments::logistic(self)
    }
    #[inline(always)]
    fn ln(self) -> Self {
        f64::ln(self)
    }
    #[inline(always)]
    fn clamp(self, lo: f64, hi: f64) -> Self {
        f64::clamp(self, lo, hi)
    }
}

/// A value with its gradient with respect to `N` parameters (a model's own count, so a
/// two-parameter model carries two derivatives, not [`MAX_FREE`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Dual<const N: usize> {
    pub(crate) value: f64,
    pub(crate) gradient: [f64; N],
}

impl<const N: usize> Dual<N> {
    /// Parameter `index` at `value`: its own derivative is 1 (an index past `N` is a constant).
    pub(crate) fn variable(value: f64, index: usize) -> Self {
        let mut gradient = [0.0; N];
        if let Some(g) = gradient.get_mut(index) {
            *g = 1.0;
        }
        Self { value, gradient }
    }

    /// `f(self)` given `f(v)` and `f′(v)`.
    #[inline(always)]
    fn chain(self, value: f64, slope: f64) -> Self {
        Self {
            value,
            gradient: self.gradient.map(|g| slope * g),
        }
    }
}

/// A value with its gradient and Hessian with respect to `N` parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Dual2<const N: usize> {
    pub(crate) value: f64,
    pub(crate) gradient: [f64; N],
    pub(crate) hessian: [[f64; N]; N],
}

impl<const N: usize> Dual2<N> {
    /// Parameter `index` at `value` (an index past `N` is a constant).
    pub(crate) fn variable(value: f64, index: usize) -> Self {
        let mut gradient = [0.0; N];
        if let Some(g) = gradient.get_mut(index) {
            *g = 1.0;
        }
        Self {
            value,
            gradient,
            hessian: [[0.0; N]; N],
        }
    }

    /// `f(self)` given `f(v)`, `f′(v)` and `f″(v)`.
    #[inline(always)]
    fn chain(self, value: f64, slope: f64, curvature: f64) -> Self {
        let g = self.gradient;
        let mut hessian = self.hessian;
        for (i, row) in hessian.iter_mut().enumerate() {
            for (j, h) in row.iter_mut().enumerate() {
                *h = slope * *h + curvature * g[i] * g[j];
            }
        }
        Self {
            value,
            gradient: g.map(|x| slope * x),
            hessian,
        }
    }
}

/// The three smooth functions the learner needs, each as `(f, f′, f″)` at `v`.
#[inline(always)]
fn tanh_jet(v: f64) -> (f64, f64, f64) {
    let t = crate::tanh::tanh(v);
    let slope = 1.0 - t * t;
    (t, slope, -2.0 * t * slope)
}

#[inline(always)]
fn logistic_jet(v: f64) -> (f64, f64, f64) {
    let s = crate::experiments::logistic(v);
    let slope = s * (1.0 - s);
    (s, slope, slope * (1.0 - 2.0 * s))
}

#[inline(always)]
fn ln_jet(v: f64) -> (f64, f64, f64) {
    (v.ln(), 1.0 / v, -1.0 / (v * v))
}

/// The arithmetic both dual types share, written once.
macro_rules! dual_arithmetic {
    ($t:ident) => {
        impl<const N: usize> Add for $t<N> {
            type Output = Self;
            #[inline(always)]
            fn add(self, o: Self) -> Self {
                self.zip(o, |a, b| a + b)
            }
        }
        impl<const N: usize> Sub for $t<N> {
            type Output = Self;
            #[inline(always)]
            fn sub(self, o: Self) -> Self {
                self.zip(o, |a, b| a - b)
            }
        }
        impl<const N: usize> Neg for $t<N> {
            type Output = Self;
            #[inline(always)]
            fn neg(self) -> Self {
                self.scale(-1.0, -self.value)
            }
        }
        impl<const N: usize> Add<f64> for $t<N> {
            type Output = Self;
            #[inline(always)]
            fn add(mut self, c: f64) -> Self {
                self.value += c;
                self
            }
        }
        impl<const N: usize> Sub<f64> for $t<N> {
            type Output = Self;
            #[inline(always)]
            fn sub(mut self, c: f64) -> Self {
                self.value -= c;
                self
            }
        }
        impl<const N: usize> Mul<f64> for $t<N> {
            type Output = Self;
            #[inline(always)]
            fn mul(self, c: f64) -> Self {
                self.scale(c, self.value * c)
            }
        }
        impl<const N: usize> Div<f64> for $t<N> {
            type Output = Self;
            #[inline(always)]
            fn div(self, c: f64) -> Self {
                self.scale(1.0 / c, self.value / c)
            }
        }
        impl<const N: usize> Div for $t<N> {
            type Output = Self;
            #[inline(always)]
            fn div(self, o: Self) -> Self {
                let v = o.value;
                // u / v = u · (1/v), with 1/v carried as a function of v.
                self * o.chain_recip(1.0 / v, -1.0 / (v * v), 2.0 / (v * v * v))
            }
        }
        impl<const N: usize> Real for $t<N> {
            #[inline(always)]
            fn constant(value: f64) -> Self {
                Self {
                    value,
                    ..Self::ZERO
                }
            }
            #[inline(always)]
            fn value(self) -> f64 {
                self.value
            }
            // Inlined so the update is compiled for the caller's instruction set (`pulp`) with
            // it; out of line it ran as baseline SSE2 behind a call, and a dynamic-belief fit
            // took 16 % longer.
            #[inline(always)]
            fn tanh(self) -> Self {
                let (f, d1, d2) = tanh_jet(self.value);
                self.apply(f, d1, d2)
            }
            #[inline(always)]
            fn logistic(self) -> Self {
                let (f, d1, d2) = logistic_jet(self.value);
                self.apply(f, d1, d2)
            }
            #[inline(always)]
            fn ln(self) -> Self {
                let (f, d1, d2) = ln_jet(self.value);
                self.apply(f, d1, d2)
            }
        }
    };
}

impl<const N: usize> Dual<N> {
    const ZERO: Self = Self {
        value: 0.0,
        gradient: [0.0; N],
    };

    #[inline(always)]
    fn zip(self, o: Self, f: impl Fn(f64, f64) -> f64) -> Self {
        let mut gradient = self.gradient;
        for (g, h) in gradient.iter_mut().zip(o.gradient) {
            *g = f(*g, h);
        }
        Self {
            value: f(self.value, o.value),
            gradient,
        }
    }

    #[inline(always)]
    fn scale(self, factor: f64, value: f64) -> Self {
        self.chain(value, factor)
    }

    #[inline(always)]
    fn apply(self, value: f64, slope: f64, _curvature: f64) -> Self {
        self.chain(value, slope)
    }

    #[inline(always)]
    fn chain_recip(self, value: f64, slope: f64, _curvature: f64) -> Self {
        self.chain(value, slope)
    }
}

impl<const N: usize> Mul for Dual<N> {
    type Output = Self;
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        let mut gradient = [0.0; N];
        for (k, g) in gradient.iter_mut().enumerate() {
            *g = self.gradient[k] * o.value + self.value * o.gradient[k];
        }
        Self {
            value: self.value * o.value,
            gradient,
        }
    }
}

dual_arithmetic!(Dual);

impl<const N: usize> Dual2<N> {
    const ZERO: Self = Self {
        value: 0.0,
        gradient: [0.0; N],
        hessian: [[0.0; N]; N],
    };

    /// Sums and differences act on every part alike.
    #[inline(always)]
    fn zip(self, o: Self, f: impl Fn(f64, f64) -> f64) -> Self {
        let mut out = self;
        out.value = f(self.value, o.value);
        for k in 0..N {
            out.gradient[k] = f(self.gradient[k], o.gradient[k]);
            for l in 0..N {
                out.hessian[k][l] = f(self.hessian[k][l], o.hessian[k][l]);
            }
        }
        out
    }

    /// A constant factor scales the derivatives.
    #[inline(always)]
    fn scale(self, factor: f64, value: f64) -> Self {
        self.chain(value, factor, 0.0)
    }

    #[inline(always)]
    fn apply(self, value: f64, slope: f64, curvature: f64) -> Self {
        self.chain(value, slope, curvature)
    }

    #[inline(always)]
    fn chain_recip(self, value: f64, slope: f64, curvature: f64) -> Self {
        self.chain(value, slope, curvature)
    }
}

impl<const N: usize> Mul for Dual2<N> {
    type Output = Self;
    /// `∇²(uv) = v∇²u + u∇²v + ∇u∇vᵀ + ∇v∇uᵀ`.
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        let (u, v) = (self, o);
        let mut out = Self::ZERO;
        out.value = u.value * v.value;
        for k in 0..N {
            out.gradient[k] = u.gradient[k] * v.value + u.value * v.gradient[k];
            for l in 0..N {
                out.hessian[k][l] = v.value * u.hessian[k][l]
                    + u.value * v.hessian[k][l]
                    + u.gradient[k] * v.gradient[l]
                    + v.gradient[k] * u.gradient[l];
            }
        }
        out
    }
}

dual_arithmetic!(Dual2);

#[cfg(test)]
mod tests {
    use super::*;

    /// `f(x, y) = ln(x·y) + tanh(x/y) − logistic(x − 2y)` and its exact partial derivatives.
    fn f<R: Real>(x: R, y: R) -> R {
        (x * y).ln() + (x / y).tanh() - (x - y * 2.0).logistic()
    }

    #[test]
    fn gradients_and_hessians_match_hand_derivatives() {
        let (x, y) = (0.7, 0.3);
        let d = f(Dual::<2>::variable(x, 0), Dual::variable(y, 1));
        let h = f(Dual2::<2>::variable(x, 0), Dual2::variable(y, 1));
        let sech2 = |z: f64| 1.0 - z.tanh().powi(2);
        let s = 1.0 / (1.0 + (-(x - 2.0 * y)).exp());
        let ds = s * (1.0 - s);
        let dx = 1.0 / x + sech2(x / y) / y - ds;
        let dy = 1.0 / y - sech2(x / y) * x / (y * y) + 2.0 * ds;
        for (got, want) in [(d.gradient[0], dx), (d.gradient[1], dy)] {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        assert_eq!(d.value, h.value);
        assert_eq!(d.gradient, h.gradient);
        // The Hessian against central differences of the exact gradient.
        let grad = |x: f64, y: f64| f(Dual::<2>::variable(x, 0), Dual::variable(y, 1)).gradient;
        let e = 1e-6;
        for (k, (gp, gm)) in [
            (grad(x + e, y), grad(x - e, y)),
            (grad(x, y + e), grad(x, y - e)),
        ]
        .into_iter()
        .enumerate()
        {
            for l in 0..2 {
                let fd = (gp[l] - gm[l]) / (2.0 * e);
                assert!((h.hessian[k][l] - fd).abs() < 1e-6, "H[{k}][{l}]");
            }
        }
        assert_eq!(h.hessian[0][1], h.hessian[1][0]);
    }

    #[test]
    fn f64_is_plain_arithmetic() {
        let (x, y) = (0.7f64, 0.3f64);
        let by_hand =
            (x * y).ln() + crate::tanh::tanh(x / y) - crate::experiments::logistic(x - y * 2.0);
        assert_eq!(f(x, y), by_hand);
        assert_eq!(Real::clamp(1.5, 0.0, 1.0), 1.0);
        let c = Dual::<3>::variable(1.5, 0).clamp(0.0, 1.0);
        assert_eq!((c.value, c.gradient), (1.0, [0.0; 3]));
    }
}
