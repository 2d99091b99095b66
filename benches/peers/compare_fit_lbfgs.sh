#!/usr/bin/env bash
# Side by side, one thread each, the same CSV and the same estimates: trustkit's group fit (L-BFGS on
# the exact gradient) against scipy's L-BFGS-B on a numba-compiled objective with an analytic
# gradient — gain-loss and dynamic belief, 1 000 and 10 000 histories x 50 experiences with a
# survey measurement after each. Installs numba and scipy with pip when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c "import numba, scipy, numpy" 2>/dev/null || python3 -m pip install --quiet numba scipy numpy
out=benches/peers/out
mkdir -p "$out"
cargo build --release -q -p trustkit-benches --example fit_data --example fit_peer
for model in gain_loss dynamic_belief; do
  for n in 1000 10000; do
    csv="$out/fit_${model}_${n}.csv"
    [ -f "$csv" ] || target/release/examples/fit_data "$csv" "$model" "$n"
    rust=$(target/release/examples/fit_peer "$csv" "$model")
    python3 benches/peers/fit_lbfgs_peer.py "$csv" "$model" >/dev/null  # compile and cache numba
    peer=$(python3 benches/peers/fit_lbfgs_peer.py "$csv" "$model")
    echo "$rust"
    echo "$peer"
    python3 - "$rust" "$peer" "$n" <<'PY'
import sys
rust, peer, n = sys.argv[1].split(), sys.argv[2].split(), sys.argv[3]
def field(words, name, count=1):
    i = words.index(name)
    return [float(w) for w in words[i + 1:i + 1 + count]]
k = len(peer) - peer.index("estimates") - 5
r_est, p_est = field(rust, "estimates", k), field(peer, "estimates", k)
r_t, p_t = field(rust, "fit")[0], field(peer, "fit")[0]
diff = max(abs(a - b) for a, b in zip(r_est, p_est))
print(f"  {n} histories: peer/trustkit time {p_t / r_t:.2f}x, max |estimate difference| {diff:.1e}, "
      f"nll {field(rust, 'nll')[0]:.4f} vs {field(peer, 'nll')[0]:.4f}")
PY
  done
done
