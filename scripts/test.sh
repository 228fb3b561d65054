#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, starts a private RabbitMQ on
# 127.0.0.1 (scripts/broker.sh) for the integration tests, runs `swift test`, and
# stops the broker again. Extra arguments go to `swift test`.
#
# The integration tests read HUTCH_TEST_BROKER_URL (and the live conformance tests
# HUTCH_TEST_MANAGEMENT_URL, the broker's management HTTP API; the TLS tests
# HUTCH_TEST_TLS_DIR and HUTCH_TEST_TLS_PORT, the broker's throwaway certificates and its
# TLS listener); when the broker cannot be started they say so and skip, visibly. Set
# HUTCH_TEST_NO_BROKER=1 to not start one.
#
# The broker-restart test gets a second, dedicated instance it may stop and start
# (HUTCH_TEST_RESTART_BROKER_DIR, _PORT, _NODE): its own directory, node name and free
# ports, started here in the background while the tests build, stopped at the end.
#
# The cluster tests get a private three-node cluster (scripts/cluster.sh), started when
# they are about to run (after the other tests) and stopped at the end: HUTCH_TEST_CLUSTER_URLS
# (the nodes' AMQP URLs, comma-separated) and HUTCH_TEST_CLUSTER_DIR, _PORT and _NAME
# (what `scripts/cluster.sh ctl|kill|revive N` needs as HUTCH_CLUSTER_DIR, _PORT, _NAME).
# Set HUTCH_TEST_NO_CLUSTER=1 to not start it (the cluster tests then say they are
# skipped), or HUTCH_TEST_CLUSTER_URLS and the three others to use a running one.
# Without arguments the tests run in three `swift test` runs, one after another (see the
# end of this script); with arguments, in one run that gets them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --broker

base_port="${HUTCH_BROKER_PORT:-5682}"
broker_dir="${HUTCH_BROKER_DIR:-/tmp/hutch-test-broker}"

# Whether anything listens on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

restart_pid=""
restart_env=()
if [[ -z "${HUTCH_TEST_NO_BROKER:-}" && -z "${HUTCH_TEST_RESTART_BROKER_PORT:-}" ]]; then
    for candidate in $(seq $((base_port + 200)) 10 $((base_port + 400))); do
        if ! port_in_use "$candidate" && ! port_in_use $((candidate + 1)) \
            && ! port_in_use $((candidate + 10000)) && ! port_in_use $((candidate + 20000)); then
            restart_env=(HUTCH_BROKER_DIR="/tmp/hutch-test-broker-restart-$$" HUTCH_BROKER_PORT="$candidate"
                HUTCH_BROKER_NODE="hutchrestart$$@localhost")
            break
        fi
    done
    if ((${#restart_env[@]})); then
        env "${restart_env[@]}" scripts/broker.sh start > "/tmp/hutch-test-broker-restart-$$.out" 2>&1 &
        restart_pid=$!
    fi
fi

cluster_env=()
if [[ -z "${HUTCH_TEST_NO_BROKER:-}${HUTCH_TEST_NO_CLUSTER:-}${HUTCH_TEST_CLUSTER_URLS:-}" ]]; then
    # Three nodes 10 ports apart; each uses its AMQP port and + 10000, + 20000, + 30000.
    cluster_free() { for p in $1 $(($1 + 10)) $(($1 + 20)); do
        for q in $p $((p + 10000)) $((p + 20000)) $((p + 30000)); do ! port_in_use "$q" || return 1; done
    done; }
    first="${HUTCH_CLUSTER_PORT:-$((base_port + 1000))}"
    for candidate in $(seq "$first" 30 $((first + 300))); do
        if cluster_free "$candidate"; then
            cluster_env=(HUTCH_CLUSTER_DIR="/tmp/hutch-test-cluster-$$" HUTCH_CLUSTER_PORT="$candidate"
                HUTCH_CLUSTER_NAME="hcl$$n")
            break
        fi
    done
fi
# Starts the cluster (when ports were found for it) and exports what its tests need. Not
# before it is needed: three idle Erlang VMs beside the other tests took enough of two
# cores that those tests' tasks missed their time limits.
cluster_started=0
start_cluster() {
    ((${#cluster_env[@]})) || return 0
    cluster_started=1
    if env "${cluster_env[@]}" scripts/cluster.sh start > "/tmp/hutch-test-cluster-$$.out" 2>&1; then
        for assignment in "${cluster_env[@]}"; do export "HUTCH_TEST_${assignment#HUTCH_}"; done
        HUTCH_TEST_CLUSTER_URLS="$(env "${cluster_env[@]}" scripts/cluster.sh urls)"
        export HUTCH_TEST_CLUSTER_URLS
        tail -n 1 "/tmp/hutch-test-cluster-$$.out"
    else
        echo "warning: could not start the three-node cluster; the cluster tests will report themselves skipped" >&2
        cat "/tmp/hutch-test-cluster-$$.out" >&2 || true
    fi
}

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
if [[ -n "${HUTCH_TEST_BROKER_URL:-}" && -z "${HUTCH_TEST_TLS_DIR:-}" && -f "$broker_dir/tls/ca.pem" ]]; then
    export HUTCH_TEST_TLS_DIR="$broker_dir/tls"
    export HUTCH_TEST_TLS_PORT=$((base_port + 1))
fi
cleanup() {
    if ((started_broker)); then scripts/broker.sh stop || true; fi
    if [[ -n "$restart_pid" ]]; then
        wait "$restart_pid" 2>/dev/null || true
        env "${restart_env[@]}" scripts/broker.sh stop || true
        rm -f "/tmp/hutch-test-broker-restart-$$.out"
    fi
    if ((cluster_started)); then
        env "${cluster_env[@]}" scripts/cluster.sh stop || true
        rm -f "/tmp/hutch-test-cluster-$$.out"
    fi
}
trap cleanup EXIT

swift build --build-tests
if [[ -n "$restart_pid" ]]; then
    if wait "$restart_pid"; then
        for assignment in "${restart_env[@]}"; do export "HUTCH_TEST_RESTART_${assignment#HUTCH_}"; done
        echo "restartable broker for the restart test: ${restart_env[*]}"
    else
        echo "warning: could not start the restartable broker; the restart test will report itself skipped" >&2
        cat "/tmp/hutch-test-broker-restart-$$.out" >&2 || true
    fi
fi
if [[ $# -eq 0 ]]; then
    # Three runs, one after another, so the timing-sensitive tests do not share two cores
    # with work that would make them miss their time limits:
    #  1. the modules that check thousands of recorded cases (Ruby's JSON, configuration,
    #     the corpus, contracts): seconds of CPU at a time on Swift's cooperative pool;
    #  2. the client's tests, in memory and against the broker, with their time limits;
    #  3. the cluster tests, which stop, kill and restart Erlang VMs (the cluster starts
    #     only then).
    recorded_cases="HutchConventionsTests|HutchRubyModelTests|HutchContractTests|ShopContractTests|HutchConformanceTests"
    status=0
    swift test --skip-build --filter "$recorded_cases" || status=$?
    swift test --skip-build --skip "$recorded_cases|ClusterLiveTests" || status=$?
    start_cluster
    swift test --skip-build --filter ClusterLiveTests || status=$?
    exit "$status"
fi
start_cluster
swift test --skip-build "$@"
