#!/usr/bin/env bash
# Side-by-side: the gain-loss group fit of 1 000 accounts x 50 experiences in trustkit (Rust) and in
# Python (numpy + scipy Nelder-Mead), on the same generated CSV. Prints both and the time ratio.
# Needs python3 with numpy and scipy (pip install numpy scipy).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=benches/peers/out
mkdir -p "$out"
cargo run --release -q -p trustkit-benches --example fit_data -- "$out/fit.csv"
rust=$(cargo run --release -q -p trustkit-benches --example fit_peer -- "$out/fit.csv")
python=$(python3 benches/peers/fit_peer.py "$out/fit.csv")
echo "$rust"
echo "$python"
r=$(echo "$rust" | awk '{print $6}')
p=$(echo "$python" | awk '{print $6}')
python3 -c "print(f'fit time ratio python/trustkit: {float($p)/float($r):.1f}x')"
