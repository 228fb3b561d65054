#!/usr/bin/env bash
# Where a confirmed publish's round trip goes, client by client: the broker's share and the
# client's, per message, from the kernel's scheduler trace — not a throughput figure, which
# mixes both and moves with whatever else the two cores run.
#
#   scripts/round-trip-split.sh
#
# For the plain C librabbitmq loop (Benchmarks/c-baseline) and the production client
# (HutchClientBenchmarks --profile confirm, from a task on Swift's pool, and
# confirm-executor, from a task on the connection's executor), each publishing
# HUTCH_SPLIT_MESSAGES (3000) confirmed messages one by one in each of HUTCH_SPLIT_ROUNDS
# (3) rounds, `perf sched record` traces every wake-up; per round and message:
#   client share  from the broker waking a client thread (the basic.ack arrived) to the
#                 client waking a broker thread (the next basic.publish arrived): reading the
#                 ack, resuming whoever waits for it, building and writing the next message
#   round trip    from one publish's arrival at the broker to the next's
# printed as median and quartiles (and the client share's 90th percentile) over the
# messages, the client's share also as a fraction of the round trip. The broker's share is
# the rest; it is the same broker for all three, so what separates the clients' rates is
# their share. (The C loop also runs its 100-in-flight shape on the same count: its few
# batch-sized gaps land in the tail, not in the median.)
#
# Needs Debian's linux-perf and the right to trace scheduler events (root, or
# kernel.perf_event_paranoid <= 1); says so and exits 1 otherwise. Uses the private broker
# of scripts/broker.sh on 127.0.0.1:${HUTCH_BROKER_PORT:-5682} as scripts/benchmark.sh does
# (started and stopped here when none runs). Tracing slows every thread a little, the
# broker's too: compare the clients with each other in one run, not with benchmark.sh's rates.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${HUTCH_BROKER_PORT:-5682}"
messages="${HUTCH_SPLIT_MESSAGES:-3000}"
rounds="${HUTCH_SPLIT_ROUNDS:-3}"
if ! [[ "$messages" =~ ^[0-9]+$ ]] || ((messages < 200)); then
    echo "round-trip-split: HUTCH_SPLIT_MESSAGES must be a whole number of at least 200, not '$messages'" >&2
    exit 2
fi
if ! [[ "$rounds" =~ ^[0-9]+$ ]] || ((rounds < 1)); then
    echo "round-trip-split: HUTCH_SPLIT_ROUNDS must be a whole number of at least 1, not '$rounds'" >&2
    exit 2
fi
export HUTCH_BENCH_BROKER_URL="amqp://guest:guest@127.0.0.1:$port/"
scratch=.bench/split
mkdir -p "$scratch"

if ! command -v perf >/dev/null; then
    echo "round-trip-split: perf is not installed (Debian: apt-get install linux-perf)" >&2
    exit 1
fi
if ! perf sched record -o "$scratch/probe.data" true >/dev/null 2>&1; then
    echo "round-trip-split: perf may not trace scheduler events here (run as root, or set kernel.perf_event_paranoid to 1 or less)" >&2
    exit 1
fi

source scripts/use-broker.sh
use_private_broker

swift build -c release --product HutchClientBenchmarks 2>&1 | tail -n 1
cc -O2 -Wall -pthread -o "$scratch/amqp_loop" Benchmarks/c-baseline/amqp_loop.c -lrabbitmq
bin=.build/release/HutchClientBenchmarks
"$bin" --write-sample "$scratch/sample.txt"
id="$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The broker's process: the one listening on the port.
broker_pid="$(broker_pid)" || exit 1

# Each client's trace, as `perf sched timehist -w` lines.
trace() {
    local name=$1
    shift
    if ! perf sched record -o "$scratch/$name.data" "$@" > "$scratch/$name.out" 2>&1; then
        echo "round-trip-split: the $name run failed; the end of its output:" >&2
        tail -n 20 "$scratch/$name.out" >&2
        exit 1
    fi
    perf sched timehist -w -i "$scratch/$name.data" > "$scratch/$name.txt" 2>/dev/null
}
# Each round traces the three back to back: the same client's share moves between rounds
# by more than the clients differ within one (where the kernel wakes the thread that
# resumes the publisher). The C loop runs its other shapes at one message each.
export HUTCH_BENCH_RUN_ID="split-$id"
for round in $(seq 1 "$rounds"); do
    echo "round $round/$rounds"
    trace "c-$round" "$scratch/amqp_loop" -f "$scratch/sample.txt" -H 127.0.0.1 -p "$port" -x "hutch-split-$id-c" \
        -q "hutch-split-$id-c" -n 1 -c "$messages" -m 1 -l 1 -r 1000 -i 1
    trace "pool-$round" "$bin" --profile confirm "$messages"
    trace "executor-$round" "$bin" --profile confirm-executor "$messages"
    "$bin" --profile purge 0 > /dev/null
done
"$bin" --profile delete 0 > /dev/null

/usr/bin/python3 - "$scratch" "$broker_pid" "$rounds" <<'PY'
import collections, re, sys

scratch, broker, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
# "  560.429207 [0000]  1_scheduler[4443/4426]   awakened: oot.default-qos[5967/5961]"
line_re = re.compile(r"\s*([\d.]+)\s+\[\d+\]\s+(.+?)\[(\d+)(?:/(\d+))?\]\s+awakened: (.+?)\[(\d+)(?:/(\d+))?\]")

def client_pid(name):
    """The traced client's process id: the one whose threads the broker wakes most."""
    woken = collections.Counter()
    for line in open(f"{scratch}/{name}.txt"):
        m = line_re.match(line)
        if m and (m.group(4) or m.group(3)) == broker:
            woken[m.group(7) or m.group(6)] += 1
    woken.pop(broker, None)
    return woken.most_common(1)[0][0] if woken else None

def split(name):
    client = client_pid(name)
    shares, trips = [], []
    ack_at = last_publish = None
    for line in open(f"{scratch}/{name}.txt"):
        m = line_re.match(line)
        if not m:
            continue
        t = float(m.group(1)) * 1e6
        waker_pid = m.group(4) or m.group(3)
        wakee_pid = m.group(7) or m.group(6)
        if waker_pid == broker and wakee_pid == client:
            if ack_at is None:
                ack_at = t
        elif waker_pid == client and wakee_pid == broker:
            if ack_at is not None:
                shares.append(t - ack_at)
                if last_publish is not None:
                    trips.append(t - last_publish)
                last_publish = t
            ack_at = None
    return shares, trips

def percentiles(values, *fractions):
    values = sorted(values)
    return [values[min(len(values) - 1, int(len(values) * f))] for f in fractions]

print()
incomplete = 0
print("| round | client | messages | client share µs: median (quartiles), p90 | round trip µs: median | client ÷ round trip (medians) |")
print("| --- | --- | --- | --- | --- | --- |")
for round in range(1, rounds + 1):
    for name, label in [("c", "C librabbitmq loop"), ("pool", "Swift, from the pool"),
                        ("executor", "Swift, on the connection's executor")]:
        shares, trips = split(f"{name}-{round}")
        if len(shares) < 100 or len(trips) < 100:
            print(f"| {round} | {label} | {len(shares)} | too few messages found in the trace | | |")
            incomplete += 1
            continue
        s50, s25, s75, s90 = percentiles(shares, 0.5, 0.25, 0.75, 0.9)
        (t50,) = percentiles(trips, 0.5)
        print(f"| {round} | {label} | {len(shares)} | {s50:.0f} ({s25:.0f}–{s75:.0f}), {s90:.0f} | {t50:.0f} | {s50 / t50:.2f} |")
if incomplete:
    print(f"round-trip-split: {incomplete} trace(s) held too few messages to split (see {scratch}/*.out)", file=sys.stderr)
    sys.exit(1)
PY
