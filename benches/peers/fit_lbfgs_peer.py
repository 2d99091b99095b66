"""The group fit an expert analyst writes in Python: the model's negative log-likelihood and its
analytic gradient in one numba-compiled loop, minimised by scipy's L-BFGS-B within the parameters'
bounds.

Models (trustkit's presets, docs/model.md), trust E and belief T starting at the subject's prior
(gain-loss: at 0.5), for each experience with reward r:
  delta = r - E;  a = alpha_gain if delta > 0 else alpha_loss
  push  = h * T * tanh(delta / 0.02)            (dynamic belief only)
  E     = clip(E + a * delta + push, 0, 1)
  T     = T + phi * (r - T)                     (dynamic belief only)
and the trust measurement after the step is compared with E. Objective: the Gaussian negative
log-likelihood with the variance profiled out, n/2 * (log(2*pi*RSS/n) + 1). The gradient is carried
forward through the recursion by hand (dE/dp and dT/dp per subject).

Run: python3 fit_lbfgs_peer.py DATA.csv gain_loss|dynamic_belief
Prints: model, load and fit seconds, estimates, nll, function evaluations.
"""
import math
import sys
import time

import numpy as np
from numba import njit
from scipy.optimize import minimize

from fit_peer import load  # the same CSV reader as the Nelder-Mead peer

WIDTH = 0.02


@njit(cache=True, fastmath=False)
def gain_loss(x, rewards, measured):
    a_gain, a_loss = x[0], x[1]
    rss = 0.0
    drss = np.zeros(2)
    n = 0
    for i in range(rewards.shape[0]):
        e = 0.5
        de0 = 0.0
        de1 = 0.0
        for t in range(rewards.shape[1]):
            r = rewards[i, t]
            if np.isnan(r):
                break
            delta = r - e
            if delta > 0:
                a = a_gain
                nxt = e + a * delta
                d0 = de0 * (1 - a) + delta
                d1 = de1 * (1 - a)
            else:
                a = a_loss
                nxt = e + a * delta
                d0 = de0 * (1 - a)
                d1 = de1 * (1 - a) + delta
            if nxt < 0.0 or nxt > 1.0:
                e, de0, de1 = min(max(nxt, 0.0), 1.0), 0.0, 0.0
            else:
                e, de0, de1 = nxt, d0, d1
            m = measured[i, t]
            if not np.isnan(m):
                res = m - e
                rss += res * res
                drss[0] -= 2 * res * de0
                drss[1] -= 2 * res * de1
                n += 1
    var = max(rss / n, 1e-12)
    nll = 0.5 * n * (math.log(2 * math.pi * var) + 1)
    return nll, 0.5 * n * drss / rss


@njit(cache=True, fastmath=False)
def dynamic_belief(x, rewards, measured, prior):
    a_gain, a_loss, phi, h = x[0], x[1], x[2], x[3]
    rss = 0.0
    drss = np.zeros(4)
    de = np.zeros(4)
    dtb = np.zeros(4)
    d = np.zeros(4)
    n = 0
    for i in range(rewards.shape[0]):
        e = prior[i]
        tb = prior[i]
        de[:] = 0.0
        dtb[:] = 0.0
        for t in range(rewards.shape[1]):
            r = rewards[i, t]
            if np.isnan(r):
                break
            delta = r - e
            gain = delta > 0
            a = a_gain if gain else a_loss
            th = math.tanh(delta / WIDTH)
            dth = (1 - th * th) / WIDTH
            nxt = e + a * delta + h * tb * th
            for k in range(4):
                # d(a*delta) + d(h*T*tanh): delta moves by -dE.
                d[k] = de[k] - a * de[k] + h * th * dtb[k] - h * tb * dth * de[k]
            if gain:
                d[0] += delta
            else:
                d[1] += delta
            d[3] += tb * th
            if nxt < 0.0 or nxt > 1.0:
                e = min(max(nxt, 0.0), 1.0)
                de[:] = 0.0
            else:
                e = nxt
                de[:] = d
            for k in range(4):
                dtb[k] = dtb[k] * (1 - phi)
            dtb[2] += r - tb
            tb = tb + phi * (r - tb)
            m = measured[i, t]
            if not np.isnan(m):
                res = m - e
                rss += res * res
                for k in range(4):
                    drss[k] -= 2 * res * de[k]
                n += 1
    var = max(rss / n, 1e-12)
    nll = 0.5 * n * (math.log(2 * math.pi * var) + 1)
    return nll, 0.5 * n * drss / rss


def main():
    path, model = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    rewards, measured, prior = load(path)
    loaded = time.perf_counter() - started
    if model == "gain_loss":
        x0, bounds = np.array([0.5, 0.5]), [(0, 1), (0, 1)]
        f = lambda x: gain_loss(x, rewards, measured)  # noqa: E731
    else:
        x0, bounds = np.array([0.5, 0.5, 0.5, 0.25]), [(0, 1), (0, 1), (0, 1), (0, 0.5)]
        f = lambda x: dynamic_belief(x, rewards, measured, prior)  # noqa: E731
    f(x0)  # compile (cached on disk after the first run) outside the timing
    fit_started = time.perf_counter()
    res = minimize(f, x0, jac=True, method="L-BFGS-B", bounds=bounds,
                   options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 2000})
    fitted = time.perf_counter() - fit_started
    est = " ".join(f"{v:.6f}" for v in res.x)
    print(f"numba+scipy {model} load {loaded:.3f} s fit {fitted:.4f} s estimates {est} "
          f"nll {res.fun:.4f} evaluations {res.nfev}")


if __name__ == "__main__":
    main()
