#!/usr/bin/env bash
# Runs the accessibility judge (axe-core in headless Chromium) on the bundled example.
#
#   bash scripts/a11y.sh [SITE_DIR]
#
# The judge injects axe-core as an inline script, which the site's Content-Security-Policy
# (script-src 'self') rightly refuses. So the example is built a second time with a
# repository theme override of `head.html` that leaves the CSP out and changes nothing
# else; the pages axe sees are otherwise the pages gongkai publishes.
set -euo pipefail
cd "$(dirname "$0")/.."

judge=""
for d in "${JUDGE_DIR:-}" ../shared/tools/judge ../../shared/tools/judge /work/shared/tools/judge; do
  if [ -n "$d" ] && [ -f "$d/a11y.sh" ]; then judge="$(cd "$d" && pwd)"; break; fi
done
if [ -z "$judge" ]; then echo "site judges not found (set JUDGE_DIR)" >&2; exit 2; fi

work="$(mktemp -d "${TMPDIR:-/tmp}/gongkai-a11y.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -R examples/yangzhou "$work/repo"
mkdir -p "$work/repo/themes"
grep -v 'http-equiv="Content-Security-Policy"' themes/default/head.html >"$work/repo/themes/head.html"
if cmp -s themes/default/head.html "$work/repo/themes/head.html"; then
  echo "head.html has no CSP line to drop: update scripts/a11y.sh" >&2
  exit 2
fi
out="${1:-$work/public}"
cargo run --release --locked --quiet -- build "$work/repo" --as-of 2026-11-26 --out "$out" \
  --color never -q
bash "$judge/a11y.sh" "$out" -k "${A11Y_PAGES:-0}"
