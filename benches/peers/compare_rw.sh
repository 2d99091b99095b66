#!/usr/bin/env bash
# The plain Rescorla-Wagner update loop, one thread each, same rewards and same answers: trustkit's
# learn_batch against a numba loop. Installs numba and numpy with pip when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c "import numba, numpy" 2>/dev/null || python3 -m pip install --quiet numba numpy
out=benches/peers/out/rw
cargo run --release -q -p trustkit-benches --example rw_peer -- "$out"
python3 benches/peers/rw_peer.py "$out"
