#!/usr/bin/env bash
# Starts and stops a private RabbitMQ for the tests: Debian's rabbitmq-server on
# 127.0.0.1 only, with its own node name, ports and data directory, run as the
# `rabbitmq` user (Debian's server refuses to run as root).
#
#   scripts/broker.sh start    start it (waits until it accepts connections)
#   scripts/broker.sh stop     stop it and remove its data directory
#   scripts/broker.sh status   exit 0 when it is running
#   scripts/broker.sh ctl ARGS run rabbitmqctl against it
#
# Environment: HUTCH_BROKER_DIR (default /tmp/hutch-test-broker),
# HUTCH_BROKER_PORT (AMQP port, default 5682; the management HTTP API listens on
# that port + 10000, 15682 by default). The tests read
# HUTCH_TEST_BROKER_URL=amqp://guest:guest@127.0.0.1:$HUTCH_BROKER_PORT/ and
# HUTCH_TEST_MANAGEMENT_URL=http://127.0.0.1:$((HUTCH_BROKER_PORT + 10000)).
set -euo pipefail

dir="${HUTCH_BROKER_DIR:-/tmp/hutch-test-broker}"
port="${HUTCH_BROKER_PORT:-5682}"
dist_port=$((port + 20000))
management_port=$((port + 10000))
node="hutchtest@localhost"
bin=/usr/lib/rabbitmq/bin

as_rabbitmq() {
    if [[ "$(id -un)" == "rabbitmq" ]]; then
        env "$@"
    else
        runuser -u rabbitmq -- env "$@"
    fi
}

broker_env=(
    HOME="$dir"
    RABBITMQ_NODENAME="$node"
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    RABBITMQ_NODE_PORT="$port"
    RABBITMQ_DIST_PORT="$dist_port"
    ERL_EPMD_ADDRESS=127.0.0.1
    RABBITMQ_MNESIA_BASE="$dir/mnesia"
    RABBITMQ_LOG_BASE="$dir/log"
    RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
)

ctl() { as_rabbitmq "${broker_env[@]}" "$bin/rabbitmqctl" -n "$node" "$@"; }

running() { ctl status >/dev/null 2>&1; }

start() {
    if running; then
        echo "broker already running on 127.0.0.1:$port"
        return 0
    fi
    id rabbitmq >/dev/null 2>&1 || { echo "no rabbitmq user: install rabbitmq-server first" >&2; exit 1; }
    mkdir -p "$dir/mnesia" "$dir/log"
    cat > "$dir/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$port
loopback_users = none
log.console = false
log.file.level = warning
vm_memory_high_watermark.relative = 0.2
disk_free_limit.absolute = 50MB
management.tcp.ip = 127.0.0.1
management.tcp.port = $management_port
CONF
    echo "[rabbitmq_management]." > "$dir/enabled_plugins"
    echo "[]." > "$dir/advanced.config"
    head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/.erlang.cookie"
    chmod 400 "$dir/.erlang.cookie"
    chown -R rabbitmq:rabbitmq "$dir"
    as_rabbitmq "${broker_env[@]}" nohup "$bin/rabbitmq-server" > "$dir/server.out" 2>&1 &
    for _ in $(seq 1 90); do
        if ctl await_startup >/dev/null 2>&1; then
            echo "broker running on 127.0.0.1:$port, management API on 127.0.0.1:$management_port (node $node, data $dir)"
            return 0
        fi
        sleep 1
    done
    echo "broker did not start; last lines of its output:" >&2
    tail -n 30 "$dir/server.out" >&2 || true
    exit 1
}

stop() {
    if running; then
        ctl stop >/dev/null 2>&1 || true
    fi
    if [[ -f "$dir/rabbitmq.pid" ]]; then
        kill "$(cat "$dir/rabbitmq.pid")" 2>/dev/null || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) running ;;
    ctl) shift; ctl "$@" ;;
    *) echo "usage: $0 start|stop|status|ctl ARGS" >&2; exit 2 ;;
esac
