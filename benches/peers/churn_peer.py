"""The churn fit an analyst would write in Python: numpy Newton-Raphson / IRLS (the algorithm
statsmodels' Logit uses), vectorised, on the CSV written by
`cargo run --release -p trustkit-benches --example churn_peer -- --write DATA.csv`.

Run: python3 churn_peer.py DATA.csv
"""
import sys
import time

import numpy as np


def main():
    started = time.perf_counter()
    data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
    loaded = time.perf_counter() - started
    X = np.column_stack([np.ones(len(data)), data[:, :-1]])
    y = data[:, -1]
    fit_started = time.perf_counter()
    b = np.zeros(X.shape[1])
    for it in range(1, 51):
        eta = X @ b
        p = 1 / (1 + np.exp(-eta))
        w = p * (1 - p)
        H = X.T @ (X * w[:, None])
        step = np.linalg.solve(H, X.T @ (y - p))
        b += step
        if np.max(np.abs(step) / (1 + np.abs(b))) < 1e-10:
            break
    eta = X @ b
    ll = float(np.sum(y * eta - np.logaddexp(0, eta)))
    fitted = time.perf_counter() - fit_started
    print(f"python    load {loaded:.3f} s  fit {fitted:.4f} s  iterations {it}  logL {ll:.4f}  b "
          + " ".join(f"{v:.5f}" for v in b))


if __name__ == "__main__":
    main()
