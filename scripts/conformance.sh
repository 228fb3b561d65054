#!/usr/bin/env bash
# Builds hutch-conformance and checks the bundled corpus (ruby-fixtures/recorded),
# or the paths given, offline. Extra arguments go to `hutch-conformance check`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product hutch-conformance
exec .build/release/hutch-conformance check "$@"
