#!/usr/bin/env bash
# Side-by-side, one thread each, same data and same answers: trustkit's columnar kernels against
# polars and numpy for health scores (10 M accounts) and the four-question assessment (1 M
# respondents). Installs the Python peers with pip when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c "import polars, numpy" 2>/dev/null || python3 -m pip install --quiet polars numpy
out=benches/peers/out/columnar
cargo run --release -q -p trustkit-benches --example columnar_peer -- "$out"
/usr/bin/time -f "trustkit peak RSS %M kB" cargo run --release -q -p trustkit-benches --example columnar_peer -- "$out" >/dev/null
/usr/bin/time -f "python peak RSS %M kB" python3 benches/peers/columnar_peer.py "$out"
