"""The analyst's side of the columnar comparisons: the same health scores and assessment dimension
scores in polars (one thread, POLARS_MAX_THREADS=1) and pandas/numpy, and the same trust-equation
levels in numpy, on the arrays examples/columnar_peer.rs wrote, checked against trustkit's results.

python3 benches/peers/columnar_peer.py OUT_DIR [assessment-memory]

With `assessment-memory` only the assessment runs, once, so /usr/bin/time measures its peak memory.
"""
import os
import sys
import time

os.environ.setdefault("POLARS_MAX_THREADS", "1")
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

d = sys.argv[1]
memory_only = sys.argv[2:] == ["assessment-memory"]


def best(f, n=3):
    times, out = [], None
    for _ in range(n):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def health_section():
    # Health: the portfolio's default scorecard. Linear metrics map red -> 25, green -> 75; the band
    # scores 100 inside and falls to 25 at the red distance; missing metrics are left out and the
    # weights renormalised; the score is the weighted mean.
    cols = [np.fromfile(f"{d}/health_{k}.f64") for k in range(4)]
    df = pl.DataFrame({"adoption": cols[0], "tickets": cols[1], "exec": cols[2], "seats": cols[3]})
    df = df.with_columns(pl.all().fill_nan(None))


    def linear(c, red, green):
        return (25.0 + 50.0 * (pl.col(c) - red) / (green - red)).clip(0.0, 100.0)


    def band(c, low, high, red_distance):
        # max_horizontal skips nulls, so a missing value must stay missing explicitly.
        dist = pl.max_horizontal(low - pl.col(c), pl.col(c) - high, pl.lit(0.0))
        score = (100.0 - 75.0 * dist / red_distance).clip(0.0, 100.0)
        return pl.when(pl.col(c).is_not_null()).then(score)


    parts = [(linear("adoption", 0.3, 0.7), 3.0, "adoption"), (linear("tickets", 10.0, 2.0), 1.0, "tickets"),
             (linear("exec", 120.0, 45.0), 1.0, "exec"), (band("seats", 0.8, 1.1, 0.4), 1.0, "seats")]


    def polars_health():
        num = pl.sum_horizontal([(e * w).fill_null(0.0) for e, w, _ in parts])
        den = pl.sum_horizontal([pl.when(pl.col(c).is_not_null()).then(w).otherwise(0.0) for _, w, c in parts])
        return df.select((num / den).clip(0.0, 100.0).alias("score"))["score"].to_numpy()


    def numpy_health():
        x = cols
        s = [np.clip(25 + 50 * (x[0] - 0.3) / 0.4, 0, 100), np.clip(25 + 50 * (x[1] - 10) / -8, 0, 100),
             np.clip(25 + 50 * (x[2] - 120) / -75, 0, 100),
             np.clip(100 - 75 * np.maximum(np.maximum(0.8 - x[3], x[3] - 1.1), 0) / 0.4, 0, 100)]
        w = [3.0, 1.0, 1.0, 1.0]
        num = sum(np.where(np.isnan(v), 0.0, wi * v) for v, wi in zip(s, w))
        den = sum(np.where(np.isnan(c), 0.0, wi) for c, wi in zip(x, w))
        return np.clip(num / den, 0, 100)


    trust = np.fromfile(f"{d}/health_scores.f64")
    t_pl, s_pl = best(polars_health)
    t_np, s_np = best(numpy_health)
    print(f"polars health 10M rows: {t_pl:.4f} s, max |diff| {np.nanmax(np.abs(s_pl - trust)):.2e}")
    print(f"numpy health 10M rows: {t_np:.4f} s, max |diff| {np.nanmax(np.abs(s_np - trust)):.2e}")


# Assessment: per respondent and dimension, the weighted mean item score when they answered at
# least half of the dimension's applicable items; per account and dimension, the mean over such
# respondents (equal role weights) with its standard error sd/sqrt(n), scored from 2 respondents.
meta = np.fromfile(f"{d}/items.f64").reshape(-1, 5)
n_items = meta.shape[0]
answers = np.fromfile(f"{d}/answers.u8", dtype=np.uint8).reshape(-1, n_items)
account = np.fromfile(f"{d}/account.f64").astype(np.int64)
wide = pl.DataFrame({f"i{k}": answers[:, k] for k in range(n_items)}).with_columns(
    pl.Series("account", account), pl.Series("respondent", np.arange(len(account))))
items = pl.DataFrame({"item": [f"i{k}" for k in range(n_items)], "dim": meta[:, 0].astype(np.int64),
                      "rev": meta[:, 1] == 1, "lo": meta[:, 2], "hi": meta[:, 3], "w": meta[:, 4]})


def polars_assessment():
    # Wide, as an expert would keep it: per dimension, horizontal sums over its item columns, then
    # one group-by over accounts.
    exprs = []
    for dim in range(4):
        cols = [r for r in items.iter_rows(named=True) if r["dim"] == dim]
        answered = [pl.col(r["item"]) < 254 for r in cols]
        score = []
        for r in cols:
            pos = (pl.col(r["item"]).cast(pl.Float64) - r["lo"]) / (r["hi"] - r["lo"])
            score.append(pl.when(pl.col(r["item"]) < 254).then(r["w"] * ((1.0 - pos) if r["rev"] else pos)).otherwise(0.0))
        n_ans = pl.sum_horizontal(answered)
        n_app = pl.sum_horizontal([pl.col(r["item"]) != 254 for r in cols])
        den = pl.sum_horizontal([pl.when(a).then(r["w"]).otherwise(0.0) for a, r in zip(answered, cols)])
        covered = (n_ans > 0) & (n_ans >= 0.5 * n_app)
        exprs.append(pl.when(covered).then(pl.sum_horizontal(score) / den).alias(f"d{dim}"))
    per = wide.select(pl.col("account"), *exprs)
    aggs = []
    for dim in range(4):
        c = pl.col(f"d{dim}")
        aggs += [c.count().alias(f"n{dim}"), c.mean().alias(f"m{dim}"), c.std().alias(f"s{dim}")]
    acc = per.group_by("account").agg(aggs).sort("account")
    frames = []
    for dim in range(4):
        frames.append(acc.select(pl.col("account"), pl.lit(dim).alias("dim"), pl.col(f"n{dim}").alias("n"),
                                 pl.col(f"m{dim}").alias("mean"), pl.col(f"s{dim}").alias("sd")))
    out = pl.concat(frames).filter(pl.col("n") >= 2)
    return out.with_columns(se=pl.col("sd") / pl.col("n").sqrt()).sort(["account", "dim"])


if not memory_only:
    health_section()
t_as, res = best(polars_assessment, 1 if memory_only else 3)
trust_as = np.fromfile(f"{d}/assessment_scores.f64").reshape(-1, 4, 2)
got = trust_as[res["account"].to_numpy(), res["dim"].to_numpy()]
scored = int(np.sum(~np.isnan(trust_as[:, :, 0])))
diff_mean = np.max(np.abs(got[:, 0] - res["mean"].to_numpy()))
se = res["se"].to_numpy()
mask = ~np.isnan(se)
diff_se = np.max(np.abs(got[mask, 1] - se[mask]))
print(f"polars assessment 1M respondents: {t_as:.4f} s, {len(res)} of {scored} dimension scores, "
      f"max |diff| score {diff_mean:.2e}, SE {diff_se:.2e}")

if memory_only:
    sys.exit(0)

# Trust equation levels: validate every score against the 1-10 scale, then
# level = clip((ln((c + r + i) / s) - ln q_min) / ln(q_max / q_min), 0, 1) with q_min = 0.3,
# q_max = 30, written as an expert would: reductions for the check, ufuncs into one reused buffer.
eq = [np.fromfile(f"{d}/equation_{n}.f64") for n in ("credibility", "reliability", "intimacy", "self_orientation")]
buf = np.empty_like(eq[0])
ln_min, inv_width = np.log(0.3), 1.0 / np.log(100.0)


def numpy_levels():
    for c in eq:
        if not (c.min() >= 1.0 and c.max() <= 10.0):
            raise ValueError("off scale")
    np.add(eq[0], eq[1], out=buf)
    np.add(buf, eq[2], out=buf)
    np.divide(buf, eq[3], out=buf)
    np.log(buf, out=buf)
    np.subtract(buf, ln_min, out=buf)
    np.multiply(buf, inv_width, out=buf)
    np.clip(buf, 0.0, 1.0, out=buf)
    return buf


t_eq, lv = best(numpy_levels, 5)
trust_lv = np.fromfile(f"{d}/equation_levels.f64")
print(f"numpy equation levels 10M rows: {t_eq:.4f} s, max |diff| {np.max(np.abs(lv - trust_lv)):.2e}")
