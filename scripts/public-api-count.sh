#!/usr/bin/env bash
# Counts the public declarations of each library module of this package: every symbol
# (type, case, property, method, initialiser, subscript, typealias, operator) that
# `swift package dump-symbol-graph` emits at access level public (open included).
# Members a type only inherits — protocol default implementations, synthesized
# conformances — are not counted (--skip-synthesized-members); `package` declarations
# are not public and are not counted. Extensions a module declares on another module's
# types count for the module that declares them.
#
# Usage: scripts/public-api-count.sh [--no-build]
#   --no-build  count the symbol graphs of the last run instead of dumping them again.
# Prints "module count" lines, then "total count". Needs jq.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "jq not found" >&2; exit 2; }

if [[ "${1:-}" != "--no-build" ]]; then
    log=$(mktemp)
    if ! swift package dump-symbol-graph --skip-synthesized-members >"$log" 2>&1; then
        cat "$log" >&2
        echo "swift package dump-symbol-graph failed" >&2
        exit 2
    fi
    rm -f "$log"
fi

graphs=$(find .build -mindepth 2 -maxdepth 2 -type d -name symbolgraph | head -n 1)
[[ -n "$graphs" ]] || { echo "no symbol graphs under .build (run without --no-build)" >&2; exit 2; }

# The package's own library modules under Sources/ (not executables, tests, test
# support, examples or dependencies).
modules=$(swift package dump-package |
    jq -r '.targets[] | select(.type == "regular" and (.path == null or (.path | startswith("Sources/")))) | .name' | sort)

total=0
for module in $modules; do
    files=("$graphs/$module.symbols.json")
    [[ -f "${files[0]}" ]] || { echo "no symbol graph for $module in $graphs" >&2; exit 2; }
    for extension in "$graphs/$module"@*.symbols.json; do
        [[ -f "$extension" ]] && files+=("$extension")
    done
    count=$(jq -s '[.[].symbols[] | select(.accessLevel == "public" or .accessLevel == "open")] | length' "${files[@]}")
    echo "$module $count"
    total=$((total + count))
done
echo "total $total"
