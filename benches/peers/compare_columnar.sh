#!/usr/bin/env bash
# Side-by-side, one thread each, same data and same answers: trustkit's columnar kernels against
# polars and numpy for health scores (10 M accounts), the four-question assessment (1 M
# respondents) and trust-equation levels (10 M rows, numpy). Installs the Python peers with pip
# when missing. Peak memory is measured for the assessment alone, both sides reading the same files.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c "import polars, numpy" 2>/dev/null || python3 -m pip install --quiet polars numpy
out=benches/peers/out/columnar
cargo build --release -q -p trustkit-benches --example columnar_peer
target/release/examples/columnar_peer "$out"
python3 benches/peers/columnar_peer.py "$out"
/usr/bin/time -f "trustkit assessment peak RSS %M kB" target/release/examples/columnar_peer "$out" assessment-memory >/dev/null
/usr/bin/time -f "polars assessment peak RSS %M kB" python3 benches/peers/columnar_peer.py "$out" assessment-memory >/dev/null
