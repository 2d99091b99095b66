#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 20) from its committed seeds, and prints how many
# inputs each executed. Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# A crash stops the script with libFuzzer's report; the input lands in artifacts/TARGET/ — make it a
# regression test before fixing it.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-20}"
cargo +nightly fuzz build -O
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  cp -n seeds/"$target"/* "corpus/$target/" 2>/dev/null || true
  log="$(mktemp)"
  if ! cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
      -max_total_time="$secs" -max_len=8192 -print_final_stats=1 -close_fd_mask=3 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz target $target FAILED"
    exit 1
  fi
  runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
  echo "fuzz $target: $runs executions in ${secs} s, no crash, no broken property"
  rm -f "$log"
done
