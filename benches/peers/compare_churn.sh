#!/usr/bin/env bash
# Side-by-side: the logistic churn fit of 100 000 accounts x 8 features in trustkit (Rust) and in
# numpy (vectorised Newton-Raphson, as statsmodels does), on the same CSV. Needs python3 with numpy.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=benches/peers/out
mkdir -p "$out"
cargo run --release -q -p trustkit-benches --example churn_peer -- --write "$out/churn.csv"
rust=$(cargo run --release -q -p trustkit-benches --example churn_peer -- "$out/churn.csv")
python=$(python3 benches/peers/churn_peer.py "$out/churn.csv")
echo "$rust"
echo "$python"
r=$(echo "$rust" | awk '{print $6}')
p=$(echo "$python" | awk '{print $6}')
python3 -c "print(f'fit time ratio python/trustkit: {float($p)/float($r):.1f}x')"
