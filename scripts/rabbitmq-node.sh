# Shared by scripts/broker.sh and scripts/cluster.sh (sourced, not run): how one private
# node of Debian's rabbitmq-server is run on 127.0.0.1 as the `rabbitmq` user (Debian's
# server refuses to run as root), with its own node name, ports and data directory.

rabbitmq_bin=/usr/lib/rabbitmq/bin

# Runs `env ARGS…` as the rabbitmq user.
as_rabbitmq() {
    if [[ "$(id -un)" == "rabbitmq" ]]; then
        env "$@"
    else
        runuser -u rabbitmq -- env "$@"
    fi
}

# node_environment DIR NODE PORT: sets the array `node_env` to the environment of the
# node NODE with its data in DIR, AMQP on 127.0.0.1:PORT and Erlang distribution on
# PORT + 20000 (its CLI tools then use PORT + 30000 and up). HOME is DIR, so the node
# and rabbitmqctl read the Erlang cookie from DIR/.erlang.cookie.
node_environment() {
    local dir="$1" node="$2" port="$3"
    node_env=(
        HOME="$dir"
        RABBITMQ_NODENAME="$node"
        RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
        RABBITMQ_NODE_PORT="$port"
        RABBITMQ_DIST_PORT=$((port + 20000))
        ERL_EPMD_ADDRESS=127.0.0.1
        RABBITMQ_MNESIA_BASE="$dir/mnesia"
        RABBITMQ_LOG_BASE="$dir/log"
        RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
        RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
        RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
        RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
    )
}

# The config lines every private node shares (AMQP and management on 127.0.0.1:PORT and
# PORT + 10000, quiet logs, small alarms); the caller appends its own.
node_base_config() {
    local port="$1"
    cat <<CONF
listeners.tcp.1 = 127.0.0.1:$port
loopback_users = none
log.console = false
log.file.level = warning
vm_memory_high_watermark.relative = 0.2
disk_free_limit.absolute = 50MB
management.tcp.ip = 127.0.0.1
management.tcp.port = $((port + 10000))
CONF
}

# A fresh random Erlang cookie on stdout.
new_erlang_cookie() { head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
