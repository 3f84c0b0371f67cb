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

log "cargo test (profile testing: release optimisation, no LTO)"
cargo test --profile testing --locked

log "benchmark runner: its ratios and the setting it changes (Python, standard library)"
python3 -m unittest discover -s benches -p 'test_*.py'

log "clippy"
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --profile testing --locked --all-targets -- -D warnings
else
  echo "clippy is not installed; skipped" >&2
fi

log "dependency audit (cargo deny: licenses, bans, sources)"
# Offline: the crates are already fetched. `advisories` needs the RustSec database from
# GitHub, which CI cannot reach (deny.toml).
# cargo-deny reads the metadata of every platform's dependencies: fetch them first, since
# a Linux build leaves the Windows-only crates (winapi-util, anstyle-wincon) undownloaded
# on a fresh machine. crates.io is reachable.
if cargo deny --version >/dev/null 2>&1; then
  cargo fetch --locked
  cargo deny --offline --locked check licenses bans sources
else
  echo "cargo-deny is not installed; skipped (scripts/setup-test-deps.sh installs it)" >&2
fi

log "site judges on the example"
judge=""
for d in "${JUDGE_DIR:-}" ../shared/tools/judge ../../shared/tools/judge /work/shared/tools/judge; do
  if [ -n "$d" ] && [ -f "$d/all.sh" ]; then judge="$(cd "$d" && pwd)"; break; fi
done
if [ -z "$judge" ]; then echo "site judges not found (set JUDGE_DIR)" >&2; exit 2; fi
site_dir="$(mktemp -d "${TMPDIR:-/tmp}/gongkai-site.XXXXXX")"
trap 'rm -rf "$site_dir"' EXIT
# A fixed day, so the site (and what the judges see) is the same on every run. The judges
# look at what the README's command builds: the release binary, with LTO.
cargo run --release --locked --quiet -- build examples/yangzhou --as-of 2026-11-26 \
  --out "$site_dir/public" --color never
bash "$judge/html.sh" "$site_dir/public"
bash "$judge/links.sh" "$site_dir/public"
bash "$judge/feeds.sh" "$site_dir/public"
# The example's internal records say 内部资料; the public site must not.
bash "$judge/leak.sh" "$site_dir/public" --allow-script '/static/search\.js$' -- 内部资料

log "accessibility judge on the example (axe-core, WCAG 2.1 AA)"
bash scripts/a11y.sh

log "PDF judge on the example's noticeboard sheets"
sheets_dir="$site_dir/sheets"
cargo run --release --locked --quiet -- sheets examples/yangzhou --as-of 2026-11-26 \
  --out "$sheets_dir" --no-system-fonts --color never
xiannv="$sheets_dir/yangzhou/jiangdu/xiannv/2027-01"
bash "$judge/pdf.sh" "$xiannv/external.pdf" --size A3 --expect 仙女镇 --expect 政务公开栏 \
  --expect 监督电话
bash "$judge/pdf.sh" "$xiannv/internal.pdf" --size A3 --expect 对内公开
bash "$judge/pdf.sh" "$sheets_dir/yangzhou/jiangdu/xiannv/longtang/2027-01/external.pdf" \
  --size A3 --expect 村务公开栏
