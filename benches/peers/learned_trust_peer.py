"""The analyst's side of learned trust per account: polars sorts the experiences by account and
time, a numba loop runs plain Rescorla-Wagner (E starts at 0.5, E = clip(E + 0.2 (r - E), 0, 1))
through each account's rewards and keeps the last E. Same rows as trustkit's DataFusion query
(written by the overhead example with OVERHEAD_PEER_DIR), checked against its answers; best of 3.

POLARS_MAX_THREADS=1 python3 learned_trust_peer.py DIR   (one thread; 2 for two cores)
"""
import sys
import time

import numpy as np
import polars as pl
from numba import njit


@njit(cache=True)
def last_trust(account, reward, alpha, out):
    # Rows sorted by account, then time: one pass, a fresh learner at each new account.
    e = 0.5
    current = account[0]
    for i in range(account.shape[0]):
        if account[i] != current:
            out[current] = e
            current = account[i]
            e = 0.5
        e = e + alpha * (reward[i] - e)
        e = min(max(e, 0.0), 1.0)
    out[current] = e


def main():
    d = sys.argv[1]
    df = pl.DataFrame({
        "account": np.fromfile(f"{d}/account.bin", dtype="<i8"),
        "at": np.fromfile(f"{d}/at.bin", dtype="<i8"),
        "reward": np.fromfile(f"{d}/reward.bin", dtype="<f8"),
    })
    expected = np.fromfile(f"{d}/rw_trust.f64", dtype="<f8")
    out = np.empty(expected.shape[0])
    last_trust(np.array([0], dtype=np.int64), np.array([0.5]), 0.2, np.empty(1))  # compile first

    def run():
        s = df.sort(["account", "at"])
        last_trust(s["account"].to_numpy(), s["reward"].to_numpy(), 0.2, out)

    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
    print(f"polars sort + numba loop: {best:.2f} s for {df.height} experiences of {out.shape[0]} accounts, "
          f"max |difference| from trustkit {np.max(np.abs(out - expected)):.1e}")


if __name__ == "__main__":
    main()
