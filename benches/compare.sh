#!/usr/bin/env bash
# Differential check for optimisations: runs two gongkai binaries on a repository with
# every `check` format in both languages and reports whether exit code, stdout and stderr
# are byte-identical.
#
#   bash benches/compare.sh BEFORE_BIN AFTER_BIN REPO [--as-of DATE]
#
# Build BEFORE_BIN from the commit before the change (e.g. `git archive <rev> | tar -x -C
# /tmp/before && cargo build --release` there); use a clean generated repository, a
# faulty one (benches/dirty.py) and examples/yangzhou as REPO.
set -uo pipefail
before="$1" after="$2" repo="$3" as_of="${5:-2026-11-26}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0
for format in json short github junit human; do
  for lang in en zh; do
    args=(check "$repo" --as-of "$as_of" --format "$format" --lang "$lang" --color never)
    "$before" "${args[@]}" >"$tmp/b.out" 2>"$tmp/b.err"; b=$?
    "$after" "${args[@]}" >"$tmp/a.out" 2>"$tmp/a.err"; a=$?
    if [[ $a == "$b" ]] && cmp -s "$tmp/b.out" "$tmp/a.out" && cmp -s "$tmp/b.err" "$tmp/a.err"; then
      echo "same      $format/$lang (exit $a)"
    else
      echo "DIFFERENT $format/$lang (exit $b -> $a)"
      diff <(cat "$tmp/b.out" "$tmp/b.err") <(cat "$tmp/a.out" "$tmp/a.err") | head -n 20
      status=1
    fi
  done
done
exit "$status"
