#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, starts a private RabbitMQ on
# 127.0.0.1 (scripts/broker.sh) for the integration tests, runs `swift test`, and
# stops the broker again. Extra arguments go to `swift test`.
#
# The integration tests read HUTCH_TEST_BROKER_URL (and the live conformance tests
# HUTCH_TEST_MANAGEMENT_URL, the broker's management HTTP API); when the broker cannot be
# started they say so and skip, visibly. Set HUTCH_TEST_NO_BROKER=1 to not start one.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --broker

started_broker=0
if [[ -z "${HUTCH_TEST_BROKER_URL:-}" && -z "${HUTCH_TEST_NO_BROKER:-}" ]]; then
    if scripts/broker.sh status; then
        echo "using the broker already running on 127.0.0.1:${HUTCH_BROKER_PORT:-5682}"
        export HUTCH_TEST_BROKER_URL="amqp://guest:guest@127.0.0.1:${HUTCH_BROKER_PORT:-5682}/"
    elif scripts/broker.sh start; then
        started_broker=1
        export HUTCH_TEST_BROKER_URL="amqp://guest:guest@127.0.0.1:${HUTCH_BROKER_PORT:-5682}/"
    else
        echo "warning: could not start a RabbitMQ broker; integration tests will report themselves skipped" >&2
    fi
fi
if [[ -n "${HUTCH_TEST_BROKER_URL:-}" && -z "${HUTCH_TEST_MANAGEMENT_URL:-}" ]]; then
    export HUTCH_TEST_MANAGEMENT_URL="http://127.0.0.1:$(( ${HUTCH_BROKER_PORT:-5682} + 10000 ))"
fi
cleanup() { if ((started_broker)); then scripts/broker.sh stop || true; fi; }
trap cleanup EXIT

swift build --build-tests
swift test --skip-build "$@"
