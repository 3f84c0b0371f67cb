#!/usr/bin/env bash
# Instruction counts of one gongkai command on a generated repository, with callgrind:
# repeatable whatever else runs on the machine (wall times on a shared 2-core box are not).
#
#   bash benches/profile.sh [N] [command]      # default: 10000 check
#
# Prints the total instructions and the 25 most expensive functions (inclusive), and
# leaves the full profile in target/bench/callgrind.<command>.<N>.out for
# `callgrind_annotate` or kcachegrind. Generates the repository first if needed
# (same cache as benches/run.py).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
command="${2:-check}"
python3 benches/run.py --sizes "$n" --commands check --repeat 1 >/dev/null
repo="$(ls -d target/bench/repo-n"$n"-s1-* | head -n 1)"
out="target/bench/callgrind.$command.$n.out"
args=("$command" "$repo" --as-of 2026-11-26 -q -j 1)
[[ "$command" == check ]] || args+=(--out "target/bench/out-profile")
valgrind --tool=callgrind --callgrind-out-file="$out" target/release/gongkai "${args[@]}" \
  2>&1 | grep -E 'Collected|refs' || true
callgrind_annotate --inclusive=yes "$out" 2>/dev/null | grep -E 'gongkai::|regex|pulldown|toml::|malloc|free|from_utf8' \
  | grep -v 'rayon\|call_mut\|call_once' | head -n 25 | cut -c1-180
