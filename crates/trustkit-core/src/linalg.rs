//! Small dense symmetric positive-definite solves, shared by the churn fit (trustkit-loyalty) and the
//! learning-model fit (trustkit-learning) so neither carries its own copy.
//!
//! Matrices are row-major `n × n` slices. These are for the few-parameter systems of statistical fits
//! (Hessians of a handful of coefficients), not for large linear algebra.

/// The lower Cholesky factor `L` (row-major) of a symmetric matrix `a = L·Lᵀ`, or `None` when `a` is
/// not positive definite: a pivot that is not finite or collapses below `1e-12` of its diagonal entry
/// signals a singular (rank-deficient) matrix.
///
/// ```
/// use trustkit_core::linalg::{cholesky, cholesky_solve};
///
/// let a = [4.0, 2.0, 2.0, 3.0];
/// let l = cholesky(&a, 2).unwrap();
/// assert_eq!(l, vec![2.0, 0.0, 1.0, 2f64.sqrt()]);
/// let x = cholesky_solve(&l, 2, &[6.0, 5.0]); // 4x + 2y = 6, 2x + 3y = 5
/// let x = x.unwrap();
/// assert!((x[0] - 1.0).abs() < 1e-12 && (x[1] - 1.0).abs() < 1e-12);
/// assert!(cholesky(&[1.0, 1.0, 1.0, 1.0], 2).is_none()); // singular
/// assert!(cholesky(&[1.0], usize::MAX).is_none()); // a size whose square overflows
/// ```
#[must_use]
pub fn cholesky(a: &[f64], n: usize) -> Option<Vec<f64>> {
    if n.checked_mul(n) != Some(a.len()) {
        return None;
    }
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut sum = a[i * n + j];
            for k in 0..j {
                sum -= l[i * n + k] * l[j * n + k];
            }
            if i == j {
                // NaN fails this test too, so a poisoned matrix is reported as singular.
                let pivot_ok = sum.is_finite() && sum > 1e-12 * a[i * n + i].abs();
                if !pivot_ok {
                    return None;
                }
                l[i * n + i] = sum.sqrt();
            } else {
                l[i * n + j] = sum / l[j * n + j];
            }
        }
    }
    Some(l)
}

/// Solves `L·Lᵀ·x = b` given the factor from [`cholesky`]; `None` when `l` is not `n × n` or `b`
/// not of length `n`.
#[must_use]
pub fn cholesky_solve(l: &[f64], n: usize, b: &[f64]) -> Option<Vec<f64>> {
    if n.checked_mul(n) != Some(l.len()) || b.len() != n {
        return None;
    }
    let mut y = vec![0.0; n];
    for i in 0..n {
        let s: f64 = (0..i).map(|k| l[i * n + k] * y[k]).sum();
        y[i] = (b[i] - s) / l[i * n + i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|k| l[k * n + i] * x[k]).sum();
        x[i] = (y[i] - s) / l[i * n + i];
    }
    Some(x)
}

/// The diagonal of `a⁻¹` for a symmetric positive-definite `a` — the variances of estimates when `a`
/// is an information matrix — or `None` when `a` is not positive definite.
///
/// ```
/// use trustkit_core::linalg::inverse_diagonal;
///
/// // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8
/// let d = inverse_diagonal(&[4.0, 2.0, 2.0, 3.0], 2).unwrap();
/// assert!((d[0] - 0.375).abs() < 1e-12 && (d[1] - 0.5).abs() < 1e-12);
/// ```
#[must_use]
pub fn inverse_diagonal(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let l = cholesky(a, n)?;
    (0..n)
        .map(|j| {
            let mut e = vec![0.0; n];
            e[j] = 1.0;
            cholesky_solve(&l, n, &e).map(|x| x[j])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn solves_random_spd_systems(m in proptest::collection::vec(-3.0f64..3.0, 9), b in proptest::collection::vec(-5.0f64..5.0, 3)) {
            // a = MᵀM + I is symmetric positive definite.
            let n = 3;
            let mut a = vec![0.0; 9];
            for i in 0..n {
                for j in 0..n {
                    a[i * n + j] = (0..n).map(|k| m[k * n + i] * m[k * n + j]).sum::<f64>() + if i == j { 1.0 } else { 0.0 };
                }
            }
            let l = cholesky(&a, n).unwrap();
            let x = cholesky_solve(&l, n, &b).unwrap();
            for i in 0..n {
                let ax: f64 = (0..n).map(|j| a[i * n + j] * x[j]).sum();
                prop_assert!((ax - b[i]).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn wrong_size_is_none() {
        // Regression: short slices used to panic with an index out of bounds.
        assert!(cholesky(&[1.0, 0.0, 0.0], 2).is_none());
        assert!(cholesky_solve(&[1.0], 2, &[1.0, 1.0]).is_none());
        assert!(cholesky_solve(&[1.0, 0.0, 0.0, 1.0], 2, &[1.0]).is_none());
        assert!(cholesky_solve(&[], usize::MAX, &[]).is_none());
        assert!(inverse_diagonal(&[1.0, 0.0], 2).is_none());
    }
}
