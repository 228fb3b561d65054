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
# HUTCH_BROKER_PORT (AMQP port, default 5682; the TLS listener is that port + 1, the
# management HTTP API that port + 10000, Erlang distribution that port + 20000),
# HUTCH_BROKER_NODE (default hutchtest@localhost). A second instance next to the
# first needs all three: its own directory, port and node name.
#
# TLS: at start the script makes a throwaway CA, a server certificate for the DNS
# name `localhost` (deliberately not for the address 127.0.0.1, so that connecting to
# 127.0.0.1 with host-name verification shows a mismatch), a client certificate
# (CN guest) and, as a wrong trust anchor, a second CA with its own client
# certificate, all in $HUTCH_BROKER_DIR/tls (see make_certificates). The TLS listener
# verifies a client certificate when one is presented and accepts clients without one.
#
# The tests read HUTCH_TEST_BROKER_URL=amqp://guest:guest@127.0.0.1:$HUTCH_BROKER_PORT/,
# HUTCH_TEST_MANAGEMENT_URL=http://127.0.0.1:$((HUTCH_BROKER_PORT + 10000)),
# HUTCH_TEST_TLS_DIR=$HUTCH_BROKER_DIR/tls and HUTCH_TEST_TLS_PORT=$((HUTCH_BROKER_PORT + 1))
# (scripts/test.sh exports them).
set -euo pipefail

dir="${HUTCH_BROKER_DIR:-/tmp/hutch-test-broker}"
port="${HUTCH_BROKER_PORT:-5682}"
tls_port=$((port + 1))
management_port=$((port + 10000))
node="${HUTCH_BROKER_NODE:-hutchtest@localhost}"
source "$(dirname "${BASH_SOURCE[0]}")/rabbitmq-node.sh"
node_environment "$dir" "$node" "$port"
broker_env=("${node_env[@]}")

ctl() { as_rabbitmq "${broker_env[@]}" "$rabbitmq_bin/rabbitmqctl" -n "$node" "$@"; }

running() { ctl status >/dev/null 2>&1; }

# Writes the throwaway certificates into $dir/tls (EC P-256 keys: made in milliseconds):
#   ca.pem                    the CA the broker trusts and clients verify it with
#   server.pem, server.key    the broker's certificate: DNS:localhost only
#   client.pem, client.key    a client certificate from that CA (CN guest)
#   other-ca.pem              a CA nobody uses: the wrong trust anchor
#   other-client.pem, .key    a client certificate from other-ca (the broker rejects it)
# The keys are throwaway test keys; the client ones are left world-readable so a test
# running as another user can use them.
make_certificates() {
    command -v openssl >/dev/null || { echo "openssl is missing: scripts/install-deps.sh --broker installs it" >&2; return 1; }
    local tls="$dir/tls"
    mkdir -p "$tls"
    (
        cd "$tls"
        local days=30 key=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
        for ca in ca other-ca; do
            openssl req -x509 "${key[@]}" -keyout "$ca.key" -out "$ca.pem" -days "$days" \
                -subj "/CN=hutch test $ca $(date +%s)" \
                -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
        done
        leaf() { # name ca subject extensions...
            local name="$1" ca="$2" subject="$3"
            shift 3
            openssl req "${key[@]}" -keyout "$name.key" -out "$name.csr" -subj "$subject" 2>/dev/null
            printf '%s\n' "$@" > "$name.ext"
            openssl x509 -req -in "$name.csr" -CA "$ca.pem" -CAkey "$ca.key" -CAcreateserial -days "$days" \
                -extfile "$name.ext" -out "$name.pem" 2>/dev/null
            rm -f "$name.csr" "$name.ext"
        }
        leaf server ca "/CN=localhost" "subjectAltName=DNS:localhost" "extendedKeyUsage=serverAuth" \
            "basicConstraints=CA:FALSE"
        leaf client ca "/CN=guest" "extendedKeyUsage=clientAuth" "basicConstraints=CA:FALSE"
        leaf other-client other-ca "/CN=guest" "extendedKeyUsage=clientAuth" "basicConstraints=CA:FALSE"
        rm -f ./*.srl ca.key other-ca.key
        chmod 644 ./*.pem client.key other-client.key
        chmod 600 server.key
    )
}

start() {
    if running; then
        echo "broker already running on 127.0.0.1:$port"
        return 0
    fi
    id rabbitmq >/dev/null 2>&1 || { echo "no rabbitmq user: install rabbitmq-server first" >&2; exit 1; }
    mkdir -p "$dir/mnesia" "$dir/log"
    make_certificates
    {
        node_base_config "$port"
        cat <<CONF
listeners.ssl.1 = 127.0.0.1:$tls_port
ssl_options.cacertfile = $dir/tls/ca.pem
ssl_options.certfile = $dir/tls/server.pem
ssl_options.keyfile = $dir/tls/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false
CONF
    } > "$dir/rabbitmq.conf"
    echo "[rabbitmq_management]." > "$dir/enabled_plugins"
    echo "[]." > "$dir/advanced.config"
    new_erlang_cookie > "$dir/.erlang.cookie"
    chmod 400 "$dir/.erlang.cookie"
    chown -R rabbitmq:rabbitmq "$dir"
    as_rabbitmq "${broker_env[@]}" nohup "$rabbitmq_bin/rabbitmq-server" > "$dir/server.out" 2>&1 &
    for _ in $(seq 1 90); do
        if ctl await_startup >/dev/null 2>&1; then
            echo "broker running on 127.0.0.1:$port, TLS on 127.0.0.1:$tls_port (certificates in $dir/tls), management API on 127.0.0.1:$management_port (node $node, data $dir)"
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
