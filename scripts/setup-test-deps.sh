#!/usr/bin/env bash
# Installs what the test suite needs and a fresh machine lacks. Idempotent and quiet when
# everything is present.
set -euo pipefail

need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# tests/site_search.rs runs the theme's search.js under node (skipped where node is missing).
command -v node >/dev/null 2>&1 || need+=(nodejs)
# The benchmark runner's tests (benches/test_run.py; standard library only).
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=300 update -qq
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${need[@]}"
fi

# cargo-deny, for the dependency audit in scripts/test.sh (licences, bans, sources; see
# deny.toml). Built from crates.io when missing: a few minutes once per machine, well
# inside CI's budget. GONGKAI_SKIP_DENY=1 skips it (test.sh then says so).
if [ "${GONGKAI_SKIP_DENY:-}" != 1 ] && ! cargo deny --version >/dev/null 2>&1; then
  echo "installing: cargo-deny (cargo install, a few minutes)" >&2
  cargo install --locked --quiet cargo-deny@0.20.2 ||
    echo "cargo-deny could not be installed; the dependency audit will be skipped" >&2
fi

# The independent site judges (vnu, axe-core, link, feed and leak checkers) that
# scripts/test.sh runs on the example site. They live beside the repository, in the
# project's shared tools (JUDGE_DIR overrides); setup.sh is idempotent and quick.
judge_dir() {
  local d
  for d in "${JUDGE_DIR:-}" ../shared/tools/judge ../../shared/tools/judge /work/shared/tools/judge; do
    if [ -n "$d" ] && [ -f "$d/setup.sh" ]; then (cd "$d" && pwd); return 0; fi
  done
  return 1
}
cd "$(dirname "$0")/.."
if dir="$(judge_dir)"; then
  bash "$dir/setup.sh"
else
  echo "site judges not found (set JUDGE_DIR to the judge folder)" >&2
  exit 2
fi
