"""The plain Rescorla-Wagner loop an analyst writes in numba: for each subject, E starts at 0.5 and
E = clip(E + alpha * (r - E), 0, 1) for each reward, every E kept. Same rewards as trustkit's
learn_batch (written by examples/rw_peer.rs), checked against its answers; best of 10.

Run: python3 rw_peer.py DIR
"""
import sys
import time

import numpy as np
from numba import njit


@njit(cache=True)
def rescorla_wagner(rewards, alpha, out):
    for i in range(rewards.shape[0]):
        e = 0.5
        for t in range(rewards.shape[1]):
            e = e + alpha * (rewards[i, t] - e)
            e = min(max(e, 0.0), 1.0)
            out[i, t] = e


def main():
    d = sys.argv[1]
    rewards = np.fromfile(f"{d}/rw_rewards.f64").reshape(10_000, 100)
    expected = np.fromfile(f"{d}/rw_trust.f64").reshape(10_000, 100)
    out = np.empty_like(rewards)
    rescorla_wagner(rewards, 0.2, out)  # compile outside the timing
    best = min(timed(rewards, out) for _ in range(10))
    print(f"numba loop: {best * 1e3:.2f} ms for {rewards.size} updates ({best * 1e9 / rewards.size:.2f} ns per "
          f"update), max |difference| from trustkit {np.max(np.abs(out - expected)):.1e}")


def timed(rewards, out):
    t = time.perf_counter()
    rescorla_wagner(rewards, 0.2, out)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
