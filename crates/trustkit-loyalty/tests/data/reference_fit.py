"""Independent reference fit for tests/churn.rs.

Generates churn_reference.csv (seeded) and fits the same logistic regression by minimising the
negative log-likelihood with scipy's BFGS (no Newton step, no shared code with trustkit). Standard
errors come from the inverse of the analytic Hessian at scipy's optimum.

Run: python3 reference_fit.py   (needs numpy and scipy)
"""
import numpy as np
from scipy.optimize import minimize

rng = np.random.default_rng(20261124)
n = 400
adoption = rng.uniform(0, 1, n)
tickets = rng.poisson(3, n).astype(float)
trust = rng.uniform(0, 1, n)
eta = 0.5 - 2.0 * adoption + 0.25 * tickets - 1.5 * trust
churned = rng.uniform(0, 1, n) < 1 / (1 + np.exp(-eta))

with open("churn_reference.csv", "w") as f:
    f.write("adoption,tickets,trust,churned\n")
    for a, t, tr, c in zip(adoption, tickets, trust, churned):
        f.write(f"{float(a)!r},{float(t)!r},{float(tr)!r},{int(c)}\n")

X = np.column_stack([np.ones(n), adoption, tickets, trust])
y = churned.astype(float)

def nll(b):
    e = X @ b
    return np.sum(np.logaddexp(0, e) - y * e)

def grad(b):
    p = 1 / (1 + np.exp(-(X @ b)))
    return X.T @ (p - y)

res = minimize(nll, np.zeros(4), jac=grad, method="BFGS", options={"gtol": 1e-10, "maxiter": 10000})
p = 1 / (1 + np.exp(-(X @ res.x)))
H = X.T @ (X * (p * (1 - p))[:, None])
se = np.sqrt(np.diag(np.linalg.inv(H)))
print("coefficients", [f"{v:.6f}" for v in res.x])
print("standard errors", [f"{v:.6f}" for v in se])
print("log-likelihood", f"{-res.fun:.6f}")
