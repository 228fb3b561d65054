#!/usr/bin/env bash
# Checks that every Swift file is formatted as .swift-format says (swift-format,
# shipped with the Swift toolchain). Fails listing each finding; `--fix` rewrites the
# files in place instead.
#
#   scripts/format-check.sh          # CI: fails on any finding
#   scripts/format-check.sh --fix    # format in place
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests Benchmarks Examples Fuzz)
if [[ "${1:-}" == "--fix" ]]; then
    swift format format --in-place --recursive --parallel "${paths[@]}"
    exit 0
fi
findings="$(swift format lint --recursive --parallel "${paths[@]}" 2>&1 || true)"
if [[ -n "$findings" ]]; then
    printf '%s\n' "$findings"
    echo "format-check: $(printf '%s\n' "$findings" | grep -c 'warning:\|error:') finding(s); run scripts/format-check.sh --fix" >&2
    exit 1
fi
echo "format-check: every Swift file is formatted as .swift-format says"
