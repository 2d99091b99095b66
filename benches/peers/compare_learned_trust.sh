#!/usr/bin/env bash
# Learned trust per account, the same rows and the same answers: trustkit's `learned_trust` in
# DataFusion (plain Rescorla-Wagner, alpha 0.2) against polars sorting by account and time and a
# numba loop learning, with one thread and with two. Installs polars and numba when missing.
# Usage: compare_learned_trust.sh [ACCOUNTS] [PER_ACCOUNT]   (default 1 000 000 x 50)
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c "import polars, numba, numpy" 2>/dev/null || python3 -m pip install --quiet polars numba numpy
out=benches/peers/out/learned_trust
OVERHEAD_PEER_DIR="$out" cargo run --release -q -p trustkit-datafusion --example overhead -- \
  "${1:-1000000}" "${2:-50}" 1000 | grep -E "learned trust|Rescorla"
for threads in 1 2; do
  echo "polars with $threads thread(s):"
  POLARS_MAX_THREADS=$threads python3 benches/peers/learned_trust_peer.py "$out"
done
rm -f "$out"/*.bin
