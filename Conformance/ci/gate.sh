#!/usr/bin/env bash
# The release gate: builds hutch-conformance, checks the recorded Ruby cases offline,
# then live against a RabbitMQ, and writes the JUnit, HTML and JSON reports. The CI
# workflow (github-actions.yml beside this file) only calls this script, and the
# project's own CI (.ci/run) runs it too, so the recipe cannot rot.
#
#   HUTCH_CONFORMANCE_URL=amqp://guest:guest@rabbitmq:5672/ \
#   HUTCH_CONFORMANCE_MANAGEMENT_URL=http://rabbitmq:15672 \
#   Conformance/ci/gate.sh [PATH...]
#
# Environment:
#   HUTCH_CONFORMANCE_URL             the broker (read by `hutch-conformance live` itself:
#                                     the password stays off every command line)
#   HUTCH_CONFORMANCE_MANAGEMENT_URL  its management API, which creates the run's vhosts
#   HUTCH_CONFORMANCE_REPORTS         where the reports go (default: reports)
#   HUTCH_CONFORMANCE_CONFIGURATION   the build configuration (default: release)
#   HUTCH_CONFORMANCE_START_BROKER=1  start a private broker with scripts/broker.sh for
#                                     the run and stop it after (this project's CI)
#   HUTCH_CONFORMANCE_RUBY_PEER       a command line that starts ruby-fixtures/peer.rb with the
#                                     hutch gems (`ruby -I… ruby-fixtures/peer.rb`): the live step
#                                     then runs the cross-language checks (`live --ruby-peer`);
#                                     unset, they are reported SKIPPED (CI has no gems)
# PATHs are corpora (default: the bundled ruby-fixtures/recorded).
#
# Exits with hutch-conformance's status (0 passed, 1 Ruby and Swift differ, 2 nothing
# checked, 3 the tool could not do its job): the higher of the two steps; both run.
set -euo pipefail
cd "$(dirname "$0")/../.."

reports="${HUTCH_CONFORMANCE_REPORTS:-reports}"
configuration="${HUTCH_CONFORMANCE_CONFIGURATION:-release}"
corpora=("$@")
if ((${#corpora[@]} == 0)); then corpora=(ruby-fixtures/recorded); fi

if [[ -n "${HUTCH_CONFORMANCE_START_BROKER:-}" ]]; then
    port="${HUTCH_BROKER_PORT:-5682}"
    scripts/install-deps.sh --broker
    scripts/broker.sh start
    trap 'scripts/broker.sh stop || true' EXIT
    export HUTCH_CONFORMANCE_URL="amqp://guest:guest@127.0.0.1:${port}/"
    export HUTCH_CONFORMANCE_MANAGEMENT_URL="http://127.0.0.1:$((port + 10000))"
fi
: "${HUTCH_CONFORMANCE_URL:?set HUTCH_CONFORMANCE_URL to the broker, amqp://user:password@host:port/}"
: "${HUTCH_CONFORMANCE_MANAGEMENT_URL:?set HUTCH_CONFORMANCE_MANAGEMENT_URL to its management API, http://host:15672}"
export HUTCH_CONFORMANCE_URL

scripts/install-deps.sh
swift build -c "$configuration" --product hutch-conformance
bin="$(swift build -c "$configuration" --show-bin-path)/hutch-conformance"

status=0
echo "== offline check (byte for byte against the recordings)"
"$bin" check "${corpora[@]}" \
    --expected-failures Conformance/expected-failures.txt \
    --junit "$reports/check.xml" --html "$reports/check.html" --json "$reports/check.json" || status=$?

echo "== live check against RabbitMQ"
peer=()
if [[ -n "${HUTCH_CONFORMANCE_RUBY_PEER:-}" ]]; then
    echo "== with the Ruby peer: $HUTCH_CONFORMANCE_RUBY_PEER"
    peer=(--ruby-peer "$HUTCH_CONFORMANCE_RUBY_PEER")
else
    echo "== SKIPPED, not passed: the Ruby peer's cross-language checks (HUTCH_CONFORMANCE_RUBY_PEER is not set: no Ruby with the hutch gems)"
fi
live=0
"$bin" live "${corpora[@]}" "${peer[@]}" \
    --management-url "$HUTCH_CONFORMANCE_MANAGEMENT_URL" \
    --junit "$reports/live.xml" --html "$reports/live.html" --json "$reports/live.json" || live=$?

# The worse of the two: a tool error (3) over a difference (1) over nothing checked (2).
rank() { case "$1" in 0) echo 0 ;; 2) echo 1 ;; 1) echo 2 ;; *) echo 3 ;; esac; }
if (($(rank "$live") > $(rank "$status"))); then status=$live; fi
echo "== hutch-conformance gate: exit $status (reports in $reports/)"
exit "$status"
