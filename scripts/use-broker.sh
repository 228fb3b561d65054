# Sourced by the benchmark scripts (scripts/benchmark.sh, scripts/round-trip-split.sh):
# `use_private_broker` uses the private broker of scripts/broker.sh on
# 127.0.0.1:${HUTCH_BROKER_PORT:-5682} when one runs (HUTCH_BROKER_DIR says which), and
# otherwise starts it and stops it again when the sourcing script exits (an EXIT trap);
# `broker_pid` prints the process ID of the broker listening on that port.
use_private_broker() {
    local scripts
    scripts="$(dirname "${BASH_SOURCE[0]}")"
    if "$scripts/broker.sh" status; then
        echo "using the broker already running on 127.0.0.1:${HUTCH_BROKER_PORT:-5682}"
        return 0
    fi
    "$scripts/broker.sh" start
    # shellcheck disable=SC2064 # the path is fixed now, on purpose
    trap "\"$scripts/broker.sh\" stop || true" EXIT
}

broker_pid() {
    local port="${HUTCH_BROKER_PORT:-5682}" pid
    pid="$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)"
    if [[ -z "$pid" ]]; then
        echo "$(basename "$0"): no process found listening on 127.0.0.1:$port" >&2
        return 1
    fi
    echo "$pid"
}
