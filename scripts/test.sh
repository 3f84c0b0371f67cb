#!/usr/bin/env bash
# The test command: everything CI runs, from a fresh clone on a fresh machine.
#
#   bash scripts/test.sh
#
# It installs what the tests need (Debian packages, the site judges), runs the Rust test
# suite, then builds the bundled example and runs the independent judges on it.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*" >&2; }

log "test dependencies"
bash scripts/setup-test-deps.sh

log "cargo test (release)"
cargo test --release --locked

log "clippy"
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --release --locked --all-targets -- -D warnings
else
  echo "clippy is not installed; skipped" >&2
fi
