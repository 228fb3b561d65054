#!/usr/bin/env bash
# Builds the DocC catalog of a target (default: Hutch) with swift-docc-plugin and fails
# when DocC warns about anything: a broken symbol link, an unresolved article, a
# documentation comment that names a parameter the function does not have.
#
#   scripts/docs.sh [TARGET]       the archive goes to .build/docs/TARGET.doccarchive
#
# The articles' Swift code is compiled and run by the test suite (DocCExamplesTests),
# not here.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-Hutch}"
out=".build/docs"
mkdir -p "$out"
log="$out/$target.log"

status=0
swift package --disable-sandbox --allow-writing-to-directory "$out" generate-documentation \
    --target "$target" --output-path "$out/$target.doccarchive" --warnings-as-errors > "$log" 2>&1 || status=$?
# SwiftPM's own notes about a dependency's checkout (its CMakeLists.txt "unhandled") are not
# the catalog's: left out of the count.
dependency_note="^warning: '[^']+': found [0-9]+ file\\(s\\) which are unhandled"
diagnostics() { grep -E -A3 '(warning|error): ' "$log" | grep -v -E "$dependency_note" | grep -v -E '^ +/.*/\.build/checkouts/'; }
warnings=$(grep -E '(warning|error): ' "$log" | grep -c -v -E "$dependency_note" || true)
if ((status != 0 || warnings != 0)); then
    diagnostics >&2 || tail -n 40 "$log" >&2
    echo "docs: the $target catalog has $warnings warnings or errors (exit $status); the whole log is $log" >&2
    exit 1
fi
echo "docs: the $target catalog builds with 0 warnings ($out/$target.doccarchive)"
