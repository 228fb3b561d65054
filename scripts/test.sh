#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, then `swift test`.
# Extra arguments go to `swift test` (e.g. --filter HutchConventionsTests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --broker
swift build --build-tests
swift test --skip-build "$@"
