"""The same group fit an analyst would write in Python: numpy, vectorised over subjects, and
scipy.optimize.minimize with Nelder-Mead.

Model (trustkit's gain-loss preset): E starts at 0.5; for each experience with reward r,
delta = r - E, E <- clip(E + a*delta, 0, 1) with a = alpha_gain if delta > 0 else alpha_loss; the
trust measurement after the step is compared with E. Objective: Gaussian negative log-likelihood with
the variance profiled out, n/2 * (log(2*pi*RSS/n) + 1), over parameters mapped into (0, 1) by a
logistic, as trustkit does.

Run: python3 fit_peer.py DATA.csv
"""
import csv
import math
import sys
import time

import numpy as np
from scipy.optimize import minimize


def load(path):
    """Rewards and measurements (subjects x steps, NaN-padded) and each subject's prior (0.5 when
    the column is empty); fit_lbfgs_peer.py reads its CSV with this too."""
    subjects, order, priors = {}, [], {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            s = row["subject"]
            if s not in subjects:
                subjects[s] = ([], [])
                order.append(s)
                p = row.get("prior", "")
                priors[s] = float(p) if p else 0.5
            subjects[s][0].append(float(row["reward"]))
            m = row.get("measurement", "")
            subjects[s][1].append(float(m) if m else np.nan)
    steps = max(len(subjects[s][0]) for s in order)
    rewards = np.full((len(order), steps), np.nan)
    measured = np.full((len(order), steps), np.nan)
    prior = np.array([priors[s] for s in order])
    for i, s in enumerate(order):
        r, m = subjects[s]
        rewards[i, : len(r)] = r
        measured[i, : len(m)] = m
    return rewards, measured, prior


def nll(theta, rewards, measured):
    a_gain, a_loss = 1 / (1 + np.exp(-theta))
    e = np.full(rewards.shape[0], 0.5)
    rss = 0.0
    n = 0
    for t in range(rewards.shape[1]):
        r = rewards[:, t]
        live = ~np.isnan(r)
        delta = np.where(live, r - e, 0.0)
        e = np.clip(e + np.where(delta > 0, a_gain, a_loss) * delta, 0.0, 1.0)
        m = measured[:, t]
        seen = ~np.isnan(m)
        rss += float(np.sum((m[seen] - e[seen]) ** 2))
        n += int(seen.sum())
    return 0.5 * n * (math.log(2 * math.pi * max(rss / n, 1e-12)) + 1)


def main():
    path = sys.argv[1]
    started = time.perf_counter()
    rewards, measured, _ = load(path)
    loaded = time.perf_counter() - started
    fit_started = time.perf_counter()
    res = minimize(nll, np.zeros(2), args=(rewards, measured), method="Nelder-Mead",
                   options={"xatol": 1e-8, "fatol": 1e-9, "maxiter": 2000})
    fitted = time.perf_counter() - fit_started
    a_gain, a_loss = 1 / (1 + np.exp(-res.x))
    print(f"python    load {loaded:.3f} s  fit {fitted:.3f} s  alpha_gain {a_gain:.5f}  "
          f"alpha_loss {a_loss:.5f}  nll {res.fun:.4f}  iterations {res.nit}")


if __name__ == "__main__":
    main()
