#!/usr/bin/env bash
# Runs fuzz targets one after another, each for SECONDS (default 600), on stable Rust.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]      (default: every target)
#
# New inputs go to fuzz/work/<target>/ (not committed); the committed seeds in
# fuzz/corpus/<target>/ are read too. Crashes are kept in fuzz/artifacts/<target>/ and the
# fuzzer goes on (fork mode), so one run reports every crash it finds. The last status
# line of each log (fuzz/work/<target>.log) gives the executions and the time.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(record unit_toml settings_toml markdown personal dates)
fi
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none >/dev/null 2>&1
for target in "${targets[@]}"; do
  mkdir -p "work/$target" "artifacts/$target"
  echo "== $target: ${seconds}s" >&2
  cargo fuzz run -s none "$target" "work/$target" "corpus/$target" -- \
    -max_total_time="$seconds" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="artifacts/$target/" >"work/$target.log" 2>&1 || true
  grep -E "^#[0-9]+" "work/$target.log" | tail -1 >&2 || true
done
