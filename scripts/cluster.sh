#!/usr/bin/env bash
# Starts and stops a private three-node RabbitMQ cluster for the cluster tests: three
# nodes of Debian's rabbitmq-server on 127.0.0.1 only, each with its own node name,
# ports and data directory, one shared Erlang cookie, joined with
# `rabbitmqctl stop_app; join_cluster; start_app` (see scripts/rabbitmq-node.sh, which
# scripts/broker.sh shares).
#
#   scripts/cluster.sh start        start the three nodes and join them (waits until
#                                   cluster_status shows three running nodes)
#   scripts/cluster.sh stop         stop every node and remove the data directories
#   scripts/cluster.sh status       exit 0 when three nodes run as one cluster
#   scripts/cluster.sh ctl N ARGS   run rabbitmqctl against node N (1, 2 or 3)
#   scripts/cluster.sh kill N       kill -9 node N's Erlang VM (its data stays)
#   scripts/cluster.sh revive N     start node N again after `kill` (it rejoins the
#                                   cluster from its data) and wait until it runs
#   scripts/cluster.sh urls         the nodes' AMQP URLs, comma-separated
#
# Environment: HUTCH_CLUSTER_DIR (default /tmp/hutch-cluster; node N lives in DIR/nodeN),
# HUTCH_CLUSTER_PORT (node 1's AMQP port, default 9001; node N's is that + 10 × (N − 1);
# each node's management API is its AMQP port + 10000, Erlang distribution + 20000),
# HUTCH_CLUSTER_NAME (default hcl: the nodes are hcl1@localhost, hcl2@localhost, hcl3@localhost).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/rabbitmq-node.sh"

base_dir="${HUTCH_CLUSTER_DIR:-/tmp/hutch-cluster}"
base_port="${HUTCH_CLUSTER_PORT:-9001}"
name="${HUTCH_CLUSTER_NAME:-hcl}"
nodes=(1 2 3)

node_dir() { echo "$base_dir/node$1"; }
node_port() { echo $((base_port + 10 * ($1 - 1))); }
node_name() { echo "$name$1@localhost"; }

# Sets node_env for node N.
use_node() {
    [[ " ${nodes[*]} " == *" $1 "* ]] || { echo "no node $1: the cluster has nodes ${nodes[*]}" >&2; exit 2; }
    node_environment "$(node_dir "$1")" "$(node_name "$1")" "$(node_port "$1")"
    # Three idle VMs on a small machine: no busy-waiting schedulers.
    node_env+=(RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+sbwt none +sbwtdcpu none +sbwtdio none")
}

ctl() {
    local n="$1"
    shift
    use_node "$n"
    as_rabbitmq "${node_env[@]}" "$rabbitmq_bin/rabbitmqctl" -n "$(node_name "$n")" "$@"
}

launch() {
    use_node "$1"
    as_rabbitmq "${node_env[@]}" nohup "$rabbitmq_bin/rabbitmq-server" >> "$(node_dir "$1")/server.out" 2>&1 &
}

# Waits until node N has booted (90 s at most).
await_node() {
    for _ in $(seq 1 90); do
        if ctl "$1" await_startup >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    echo "node $(node_name "$1") did not start; last lines of its output:" >&2
    tail -n 30 "$(node_dir "$1")/server.out" >&2 || true
    return 1
}

running_nodes() {
    ctl 1 cluster_status --formatter json 2>/dev/null \
        | grep -o '"running_nodes":\[[^]]*\]' | grep -o '@localhost' | wc -l
}

running() { [[ -d "$base_dir" && "$(running_nodes)" == "${#nodes[@]}" ]]; }

urls() {
    local list=()
    for n in "${nodes[@]}"; do list+=("amqp://guest:guest@127.0.0.1:$(node_port "$n")/"); done
    (IFS=,; echo "${list[*]}")
}

start() {
    if running; then
        echo "cluster already running: $(urls)"
        return 0
    fi
    id rabbitmq >/dev/null 2>&1 || { echo "no rabbitmq user: install rabbitmq-server first" >&2; exit 1; }
    local started=$SECONDS cookie
    cookie="$(new_erlang_cookie)"
    for n in "${nodes[@]}"; do
        local dir
        dir="$(node_dir "$n")"
        mkdir -p "$dir/mnesia" "$dir/log"
        node_base_config "$(node_port "$n")" > "$dir/rabbitmq.conf"
        echo "[rabbitmq_management]." > "$dir/enabled_plugins"
        echo "[]." > "$dir/advanced.config"
        printf '%s' "$cookie" > "$dir/.erlang.cookie"
        chmod 400 "$dir/.erlang.cookie"
    done
    chown -R rabbitmq:rabbitmq "$base_dir"
    for n in "${nodes[@]}"; do launch "$n"; done
    for n in "${nodes[@]}"; do await_node "$n" || exit 1; done
    for n in "${nodes[@]:1}"; do
        ctl "$n" stop_app >/dev/null
        ctl "$n" join_cluster "$(node_name 1)" >/dev/null
        ctl "$n" start_app >/dev/null
    done
    for _ in $(seq 1 60); do
        if running; then
            echo "cluster of ${#nodes[@]} nodes running in $((SECONDS - started)) s: $(urls) (management API on each AMQP port + 10000, data $base_dir)"
            return 0
        fi
        sleep 1
    done
    echo "the nodes did not form a cluster of ${#nodes[@]}; cluster_status of node 1:" >&2
    ctl 1 cluster_status >&2 || true
    exit 1
}

stop() {
    for n in "${nodes[@]}"; do
        ctl "$n" stop >/dev/null 2>&1 || true
        local pid_file
        pid_file="$(node_dir "$n")/rabbitmq.pid"
        if [[ -f "$pid_file" ]]; then kill "$(cat "$pid_file")" 2>/dev/null || true; fi
    done
    rm -rf "$base_dir"
}

# kill -9 of node N's Erlang VM: no clean shutdown, its connections just die.
kill_node() {
    use_node "$1"
    local pid_file
    pid_file="$(node_dir "$1")/rabbitmq.pid"
    [[ -s "$pid_file" ]] || { echo "node $(node_name "$1") has no pid file" >&2; exit 1; }
    kill -9 "$(cat "$pid_file")"
    for _ in $(seq 1 50); do
        if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "node $(node_name "$1") is still alive after kill -9" >&2
    exit 1
}

revive() {
    if ctl "$1" await_startup --timeout 1 >/dev/null 2>&1; then return 0; fi
    launch "$1"
    await_node "$1"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) running ;;
    ctl) shift; n="${1:?node number}"; shift; ctl "$n" "$@" ;;
    kill) kill_node "${2:?node number}" ;;
    revive) revive "${2:?node number}" ;;
    urls) urls ;;
    *) echo "usage: $0 start|stop|status|ctl N ARGS|kill N|revive N|urls" >&2; exit 2 ;;
esac
