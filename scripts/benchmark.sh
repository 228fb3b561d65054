#!/usr/bin/env bash
# The performance record: in one run, on one broker, the production client
# (HutchClientBenchmarks) beside a plain C librabbitmq loop (Benchmarks/c-baseline)
# and Python's pika (Benchmarks/pika-baseline, when Debian's python3-pika is
# installable) sending the same bytes: publish with and without confirms,
# consume-with-ack (prefetch as Hutch's, and prefetch 100 at 1, 20 and 100 handlers at
# once), confirms 100 in flight (task groups, and Publisher.sendAll; both confirm shapes also from tasks on the connection's
# executor, the I/O thread), end-to-end latency percentiles and memory per idle consumer;
# then the offline figures (HutchBenchmarks: `check` cases per second, …).
# Prints one table with ratios (Swift ÷ C, pika ÷ C). Benchmarks, not tests: nothing
# is asserted about speed.
#
#   scripts/benchmark.sh
#
# Installs what is missing (librabbitmq-dev, rabbitmq-server, python3-pika), uses the
# private broker of scripts/broker.sh on 127.0.0.1:${HUTCH_BROKER_PORT:-5682} — starting
# it only when none is running, and then stopping it afterwards — builds release, and
# runs the three clients HUTCH_BENCH_ROUNDS times (3), in a rotating order; each cell is
# the median of the rounds with the range beside it. "Swift ÷ C" divides the medians;
# "Swift ÷ C by round" divides within each round (the clients of a round run back to back)
# and gives the median and range of those ratios: how much the machine drifted.
#
# Then the throughput rows once more, shape by shape: HUTCH_BENCH_PAIRS times (7), the C
# loop alone on one shape (amqp_loop -s: publish, confirms one by one and 100 in flight,
# consume at prefetch 100) and the Swift client on it (HutchClientBenchmarks --profile: the
# confirms from the pool and on the connection's executor, the consume at 1, 20 and 100
# handlers), each on a fresh queue, within seconds of each other and in alternating order; a
# second table gives the medians, the Swift ÷ C ratio of each pair, median (min–max), and
# the CPU time per message of each client and of the broker in the same seconds. A full
# round takes minutes, and the rate of the same build moves by a tenth or more between
# minutes on a shared machine.
#
# Last, the confirm shapes in turns, HUTCH_BENCH_TURN_RUNS times (3): in one process
# (HutchClientBenchmarks --profile confirm-turns, confirm-inflight-turns) the C loop's, the
# Swift client's from the pool and on the connection's executor (and, one by one, the C
# loop's with a reader thread: the Swift client's design from the pool, in C), in turns
# that follow one another — HUTCH_BENCH_TURN (250) confirms one by one,
# HUTCH_BENCH_CONFIRM_MESSAGES each; four times as many in flight — so the machine's speed
# drifts for all of them alike: a pair's
# two runs, seconds apart, differ by up to a third on a shared machine, which the
# latency-bound confirms one by one show most.
#
# Loads (environment): HUTCH_BENCH_MESSAGES (20000 per throughput figure),
# HUTCH_BENCH_CONFIRM_MESSAGES (5000), HUTCH_BENCH_CONSUME_MESSAGES (= MESSAGES),
# HUTCH_BENCH_LATENCY_MESSAGES (2000) at HUTCH_BENCH_LATENCY_RATE (1000/s),
# HUTCH_BENCH_IDLE_CONSUMERS (200), HUTCH_BENCH_BACKLOG_MESSAGES (20000 of about 1 kB: the
# Swift worker's memory with a backlog at prefetch 0). Scratch files go to .bench/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${HUTCH_BENCH_ROUNDS:-3}"
pairs="${HUTCH_BENCH_PAIRS:-7}"
turn_runs="${HUTCH_BENCH_TURN_RUNS:-3}"
for count in "HUTCH_BENCH_ROUNDS=$rounds" "HUTCH_BENCH_PAIRS=$pairs" "HUTCH_BENCH_TURN_RUNS=$turn_runs"; do
    if ! [[ "${count#*=}" =~ ^[0-9]+$ ]]; then
        echo "benchmark: ${count%%=*} must be a whole number, not '${count#*=}'" >&2
        exit 2
    fi
done
turn="${HUTCH_BENCH_TURN:-250}"
if ! [[ "$turn" =~ ^[0-9]+$ ]] || ((turn < 1)); then
    echo "benchmark: HUTCH_BENCH_TURN must be a whole number of at least 1, not '$turn'" >&2
    exit 2
fi
export HUTCH_BENCH_TURN="$turn"
if ((rounds < 1)); then
    echo "benchmark: HUTCH_BENCH_ROUNDS must be at least 1 (HUTCH_BENCH_PAIRS and HUTCH_BENCH_TURN_RUNS may be 0)" >&2
    exit 2
fi
port="${HUTCH_BROKER_PORT:-5682}"
export HUTCH_BENCH_BROKER_URL="amqp://guest:guest@127.0.0.1:$port/"
export HUTCH_BENCH_MESSAGES="${HUTCH_BENCH_MESSAGES:-20000}"
export HUTCH_BENCH_CONFIRM_MESSAGES="${HUTCH_BENCH_CONFIRM_MESSAGES:-5000}"
export HUTCH_BENCH_CONSUME_MESSAGES="${HUTCH_BENCH_CONSUME_MESSAGES:-$HUTCH_BENCH_MESSAGES}"
export HUTCH_BENCH_LATENCY_MESSAGES="${HUTCH_BENCH_LATENCY_MESSAGES:-2000}"
export HUTCH_BENCH_LATENCY_RATE="${HUTCH_BENCH_LATENCY_RATE:-1000}"
export HUTCH_BENCH_IDLE_CONSUMERS="${HUTCH_BENCH_IDLE_CONSUMERS:-200}"
export HUTCH_BENCH_BACKLOG_MESSAGES="${HUTCH_BENCH_BACKLOG_MESSAGES:-20000}"
scratch=.bench
mkdir -p "$scratch"
rm -f "$scratch"/*.txt

# --- What is missing -------------------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for package in librabbitmq-dev pkg-config rabbitmq-server; do installed "$package" || missing+=("$package"); done
if ! installed python3-pika; then
    # Only when Debian has it: the pika column is left out otherwise.
    if apt-cache policy python3-pika 2>/dev/null | grep -q "Candidate: [0-9]"; then missing+=(python3-pika); fi
fi
if ((${#missing[@]})); then
    sudo=""
    [[ "$(id -u)" == "0" ]] || sudo="sudo"
    echo "installing: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
have_pika=0
if installed python3-pika && /usr/bin/python3 -c "import pika" 2>/dev/null; then have_pika=1; fi

# --- The broker --------------------------------------------------------------------------
source scripts/use-broker.sh
use_private_broker

# --- Build ---------------------------------------------------------------------------------
swift build -c release --product HutchClientBenchmarks 2>&1 | tail -n 1
swift build -c release --product HutchBenchmarks 2>&1 | tail -n 1
cc -O2 -Wall -pthread -o "$scratch/amqp_loop" Benchmarks/c-baseline/amqp_loop.c -lrabbitmq
bin=.build/release

# The typical message as the Swift Publisher sends it; C and pika check they send the same bytes.
"$bin/HutchClientBenchmarks" --write-sample "$scratch/sample.txt"

# --- The rounds ------------------------------------------------------------------------------
run_c() {
    local id; id="$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    timeout 300 "$scratch/amqp_loop" -f "$scratch/sample.txt" -H 127.0.0.1 -p "$port" \
        -x "hutch-bench-$id-c" -q "hutch-bench-$id-c" -n "$HUTCH_BENCH_MESSAGES" -c "$HUTCH_BENCH_CONFIRM_MESSAGES" \
        -m "$HUTCH_BENCH_CONSUME_MESSAGES" -l "$HUTCH_BENCH_LATENCY_MESSAGES" -r "$HUTCH_BENCH_LATENCY_RATE" \
        -i "$HUTCH_BENCH_IDLE_CONSUMERS" > "$scratch/c-$1.txt"
}
run_pika() {
    ((have_pika)) || return 0
    local id; id="$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    timeout 300 /usr/bin/python3 Benchmarks/pika-baseline/pika_loop.py -f "$scratch/sample.txt" --host 127.0.0.1 \
        --port "$port" --exchange "hutch-bench-$id-p" --queue "hutch-bench-$id-p" -n "$HUTCH_BENCH_MESSAGES" \
        -c "$HUTCH_BENCH_CONFIRM_MESSAGES" -m "$HUTCH_BENCH_CONSUME_MESSAGES" -l "$HUTCH_BENCH_LATENCY_MESSAGES" \
        -r "$HUTCH_BENCH_LATENCY_RATE" -i "$HUTCH_BENCH_IDLE_CONSUMERS" > "$scratch/pika-$1.txt"
}
run_swift() {
    timeout 300 "$bin/HutchClientBenchmarks" --baseline "C=$scratch/c-$1.txt" > "$scratch/swift-$1.txt"
}

start=$SECONDS
for round in $(seq 1 "$rounds"); do
    case $((round % 3)) in
        1) order=(c swift pika) ;;
        2) order=(swift pika c) ;;
        0) order=(pika c swift) ;;
    esac
    echo "round $round/$rounds: ${order[*]}"
    for client in "${order[@]}"; do "run_$client" "$round"; done
done
echo "client rounds took $((SECONDS - start)) s"

# --- Shape by shape, pair by pair ---------------------------------------------------------
: > "$scratch/pairs.txt"
# The broker's process, for its CPU time per message (ss shows it to root only).
pid="$(broker_pid 2> /dev/null || true)"
[[ -n "$pid" ]] || echo "the broker's process is not visible (run as root to see it): its CPU time is left out"
# pair_c PAIR KEY: the C loop on one shape; pair_swift PAIR KEY:PROFILE:COUNT: the Swift
# client (a consume shape on a queue filled first, untimed). Each appends
# "PAIR CLIENT KEY RATE CLIENT-CPU BROKER-CPU" (µs per message; "-" unknown).
pair_c() {
    local id out rate
    id="$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    out="$(timeout 300 "$scratch/amqp_loop" -f "$scratch/sample.txt" -H 127.0.0.1 -p "$port" -x "hutch-bench-$id-s" \
        -q "hutch-bench-$id-s" -n "$HUTCH_BENCH_MESSAGES" -c "$HUTCH_BENCH_CONFIRM_MESSAGES" -m "$HUTCH_BENCH_CONSUME_MESSAGES" \
        -s "$2" ${pid:+-b "$pid"})"
    rate="$(awk -v key="$2" '$1 == "RESULT" && $2 == key { print $3 }' <<< "$out")"
    [[ -n "$rate" ]] || { echo "benchmark: the C loop printed no $2 rate" >&2; exit 1; }
    echo "$1 c $2 $rate $(awk -v key="$2" '$1 == "RESULT" && $2 == key "_client_cpu_us" { c = $3 }
        $1 == "RESULT" && $2 == key "_broker_cpu_us" { b = $3 } END { print (c == "" ? "-" : c), (b == "" ? "-" : b) }' <<< "$out")" \
        >> "$scratch/pairs.txt"
}
pair_swift() {
    local id out rate key profile count
    IFS=: read -r key profile count <<< "$2"
    id="pair-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    if [[ "$profile" == consume-* ]]; then
        HUTCH_BENCH_RUN_ID="$id" timeout 300 "$bin/HutchClientBenchmarks" --profile fill "$count" > /dev/null
    fi
    out="$(HUTCH_BENCH_RUN_ID="$id" HUTCH_BENCH_BROKER_PID="$pid" timeout 300 "$bin/HutchClientBenchmarks" --profile "$profile" \
        "$count")"
    HUTCH_BENCH_RUN_ID="$id" timeout 60 "$bin/HutchClientBenchmarks" --profile delete 0 > /dev/null
    rate="$(awk '$1 == "rate" { print $3 }' <<< "$out")"
    [[ -n "$rate" ]] || { echo "benchmark: HutchClientBenchmarks --profile $profile printed no rate" >&2; exit 1; }
    echo "$1 swift $key $rate $(awk '$1 == "cpu" { c = $4; b = $6 } END { print (c == "" ? "-" : c), (b == "" ? "-" : b) }' <<< "$out")" \
        >> "$scratch/pairs.txt"
}
# Each shape: the C loop's key, then the Swift runs beside it (key:profile:count).
shapes=(
    "publish publish:publish:$HUTCH_BENCH_MESSAGES"
    "publish_confirm publish_confirm:confirm:$HUTCH_BENCH_CONFIRM_MESSAGES
        publish_confirm_executor:confirm-executor:$HUTCH_BENCH_CONFIRM_MESSAGES"
    "publish_confirm_inflight publish_confirm_inflight:confirm-inflight:$HUTCH_BENCH_CONFIRM_MESSAGES
        publish_confirm_inflight_executor:confirm-inflight-executor:$HUTCH_BENCH_CONFIRM_MESSAGES"
    "consume_prefetch100 consume_p100_c1:consume-1-p100:$HUTCH_BENCH_CONSUME_MESSAGES
        consume_p100_c20:consume-20-p100:$HUTCH_BENCH_CONSUME_MESSAGES consume_p100_c100:consume-100-p100:$HUTCH_BENCH_CONSUME_MESSAGES"
)
start=$SECONDS
for pair in $(seq 1 "$pairs"); do
    for shape in "${shapes[@]}"; do
        # shellcheck disable=SC2206 # split on purpose: keys, profiles and counts hold no spaces
        parts=($shape)
        runs=("pair_c $pair ${parts[0]}")
        for swift_run in "${parts[@]:1}"; do runs+=("pair_swift $pair $swift_run"); done
        # Alternating order: C first in odd pairs, last in even ones.
        if ((pair % 2 == 0)); then
            reversed=()
            for ((index = ${#runs[@]} - 1; index >= 0; index--)); do reversed+=("${runs[index]}"); done
            runs=("${reversed[@]}")
        fi
        for run in "${runs[@]}"; do $run; done
    done
done
echo "shape pairs took $((SECONDS - start)) s"

# --- Confirms in turns ------------------------------------------------------------------------
start=$SECONDS
for run in $(seq 1 "$turn_runs"); do
    # One by one, HUTCH_BENCH_CONFIRM_MESSAGES each; 100 in flight, four times as many
    # (its turns are four times as long).
    for shape in "confirm-turns:$HUTCH_BENCH_CONFIRM_MESSAGES" "confirm-inflight-turns:$((4 * HUTCH_BENCH_CONFIRM_MESSAGES))"; do
        id="turns-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
        HUTCH_BENCH_RUN_ID="$id" HUTCH_BENCH_C_LOOP="$scratch/amqp_loop" HUTCH_BENCH_SAMPLE="$scratch/sample.txt" timeout 300 \
            "$bin/HutchClientBenchmarks" --profile "${shape%%:*}" "${shape#*:}" > "$scratch/${shape%%:*}-$run.txt"
        HUTCH_BENCH_RUN_ID="$id" timeout 60 "$bin/HutchClientBenchmarks" --profile delete 0 > /dev/null
    done
done
echo "confirm turns took $((SECONDS - start)) s"
"$bin/HutchBenchmarks" > "$scratch/offline.txt"

# --- The table --------------------------------------------------------------------------------
rabbitmq="$(scripts/broker.sh ctl version 2>/dev/null | tail -n 1 || echo '?')"
/usr/bin/python3 - "$scratch" "$rounds" "$have_pika" "$rabbitmq" "$turn_runs" <<'PY'
import os, re, statistics, subprocess, sys

scratch, rounds, have_pika, rabbitmq = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4]
turn_runs = int(sys.argv[5])

def results(path):
    values = {}
    if os.path.exists(path):
        for line in open(path):
            fields = line.split()
            if len(fields) == 3 and fields[0] == "RESULT":
                values[fields[1]] = float(fields[2])
    return values

clients = ["swift", "c"] + (["pika"] if have_pika else [])
runs = {client: [results(f"{scratch}/{client}-{r}.txt") for r in range(1, rounds + 1)] for client in clients}
# (key, row name, whether a ratio to C means anything: not for memory, where librabbitmq
# keeps nothing per consumer and its figure is 0 or one page).
rows = [
    ("publish", "publish, no confirms (msg/s)", True),
    ("publish_confirm", "publish, confirms one by one (msg/s)", True),
    ("publish_confirm_executor", "publish, confirms one by one, on the connection's executor (msg/s)", True),
    ("consume", "consume with ack (msg/s)", True),
    ("consume_p100_c1", "consume with ack, prefetch 100, 1 handler at a time (msg/s)", True),
    ("consume_p100_c20", "consume with ack, prefetch 100, 20 handlers at once (msg/s)", True),
    ("consume_p100_c100", "consume with ack, prefetch 100, 100 handlers at once (msg/s)", True),
    ("publish_confirm_inflight", "publish, confirms, 100 in flight (msg/s)", True),
    ("publish_confirm_inflight_executor", "publish, confirms, 100 in flight, on the connection's executor (msg/s)", True),
    ("publish_confirm_batch", "publish, confirms, 100 in flight with sendAll (msg/s)", True),
    ("latency_p50_us", "latency p50 (µs)", True),
    ("latency_p90_us", "latency p90 (µs)", True),
    ("latency_p99_us", "latency p99 (µs)", True),
    ("latency_max_us", "latency max (µs)", True),
    ("latency_executor_p50_us", "latency p50, handlers on the connection's executor (µs)", True),
    ("latency_executor_p90_us", "latency p90, handlers on the connection's executor (µs)", True),
    ("idle_consumer_bytes", "memory per idle consumer, private (bytes)", False),
    ("idle_consumer_rss_bytes", "RSS per idle consumer, with the code pages first used (bytes)", False),
    ("backlog_bounded_bytes", "RSS growth, backlog at prefetch 0, bounded (bytes)", False),
    ("backlog_unbounded_bytes", "RSS growth, backlog at prefetch 0, unlimited as Ruby (bytes)", False),
]

# The C and pika loops handle one message at a time: their prefetch-100 consume is the
# baseline of each of the Swift worker's concurrency rows.
baseline_keys = {f"consume_p100_c{n}": "consume_prefetch100" for n in (1, 20, 100)}
# The C and pika loops have one confirm loop: the baseline of both Swift rows.
baseline_keys["publish_confirm_executor"] = "publish_confirm"
baseline_keys["publish_confirm_inflight_executor"] = "publish_confirm_inflight"
baseline_keys["publish_confirm_batch"] = "publish_confirm_inflight"
# The C and pika loops handle each delivery on their one thread: the baseline of both latency shapes.
baseline_keys["latency_executor_p50_us"] = "latency_p50_us"
baseline_keys["latency_executor_p90_us"] = "latency_p90_us"

def values(client, key):
    if client != "swift":
        key = baseline_keys.get(key, key)
    return [run[key] for run in runs[client] if key in run]

def spread(found, digits=0):
    # median (min–max) of a list of figures
    if not found:
        return "—"
    median = statistics.median(found)
    if len(found) == 1:
        return f"{median:,.{digits}f}"
    return f"{median:,.{digits}f} ({min(found):,.{digits}f}–{max(found):,.{digits}f})"

def cell(client, key):
    return spread(values(client, key))

def ratio(client, key):
    mine, base = values(client, key), values("c", key)
    if not mine or not base or statistics.median(base) <= 0:
        return "n/a"
    return f"{statistics.median(mine) / statistics.median(base):.2f}"

def paired(client, key):
    # Each round runs the clients back to back, so the broker and the machine are in the
    # same state for a round's pair: the ratio within each round, median (min–max), shows
    # how much of a row's ratio is the machine drifting between rounds.
    base_key = baseline_keys.get(key, key)
    pairs = [mine[key] / base[base_key] for mine, base in zip(runs[client], runs["c"])
             if key in mine and base.get(base_key, 0) > 0]
    if len(pairs) < 2:
        return "n/a"
    return f"{statistics.median(pairs):.2f} ({min(pairs):.2f}–{max(pairs):.2f})"

cpu = "?"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
memory = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
swift = next((l for l in swift if "version" in l), "?")
librabbitmq = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "librabbitmq-dev"], capture_output=True, text=True).stdout
pika = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-pika"], capture_output=True, text=True).stdout or "—"
env = os.environ
print()
print(f"Machine: {os.cpu_count()} cores ({cpu}), {int(memory) / 1048576:.1f} GiB RAM; RabbitMQ {rabbitmq} on 127.0.0.1; "
      f"{swift}; librabbitmq {librabbitmq}; pika {pika}")
print(f"Loads: {env['HUTCH_BENCH_MESSAGES']} publishes, {env['HUTCH_BENCH_CONFIRM_MESSAGES']} confirmed publishes, "
      f"{env['HUTCH_BENCH_CONSUME_MESSAGES']} consumed, {env['HUTCH_BENCH_LATENCY_MESSAGES']} latency messages at "
      f"{env['HUTCH_BENCH_LATENCY_RATE']}/s, {env['HUTCH_BENCH_IDLE_CONSUMERS']} idle consumers, "
      f"{env['HUTCH_BENCH_BACKLOG_MESSAGES']} backlog messages; "
      f"median of {rounds} rounds (min–max)")
print()
header = ["", "Swift (Hutch)", "C librabbitmq", "Swift ÷ C", "Swift ÷ C by round"] + (["pika", "pika ÷ C"] if have_pika else [])
lines = [header, ["---"] * len(header)]
for key, name, has_ratio in rows:
    line = [name, cell("swift", key), cell("c", key), ratio("swift", key) if has_ratio else "n/a",
            paired("swift", key) if has_ratio else "n/a"]
    if have_pika:
        line += [cell("pika", key), ratio("pika", key) if has_ratio else "n/a"]
    lines.append(line)
for line in lines:
    print("| " + " | ".join(line) + " |")

# The confirm shapes pair by pair: "PAIR CLIENT KEY RATE" lines.
pairs = {}
if os.path.exists(f"{scratch}/pairs.txt"):
    for line in open(f"{scratch}/pairs.txt"):
        fields = line.split()
        if len(fields) == 6:
            # rate, then the client's and the broker's CPU time per message ("-" unknown)
            figures = [None if field == "-" else float(field) for field in fields[3:]]
            pairs.setdefault(fields[0], {}).setdefault(fields[1], {})[fields[2]] = figures

if pairs:
    print()
    print(f"Shape by shape: {len(pairs)} pairs, each the C loop and the Swift client on one shape, on a fresh queue, "
          "within seconds; median (min–max). CPU: user + system time per message of the client (every thread) and of "
          "the broker during the same run")
    print()
    print("| | Swift (Hutch) | C librabbitmq | Swift ÷ C, pair by pair | client CPU µs/msg, Swift | C | "
          "broker CPU µs/msg, Swift's run | C's run |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for key in ["publish", "publish_confirm", "publish_confirm_executor", "publish_confirm_inflight",
                "publish_confirm_inflight_executor", "consume_p100_c1", "consume_p100_c20", "consume_p100_c100"]:
        base = baseline_keys.get(key, key)
        both = [(pair["swift"][key], pair["c"][base]) for pair in pairs.values()
                if key in pair.get("swift", {}) and base in pair.get("c", {}) and pair["c"][base][0] > 0]
        def column(side, index):
            return spread([figures[side][index] for figures in both if figures[side][index] is not None], 1)
        name = next(row_name for row_key, row_name, _ in rows if row_key == key)
        print(f"| {name} | {spread([s[0] for s, _ in both])} | {spread([c[0] for _, c in both])} | "
              f"{spread([s[0] / c[0] for s, c in both], 2)} | {column(0, 1)} | {column(1, 1)} | {column(0, 2)} | {column(1, 2)} |")

# The confirms in turns: "turn CLIENT NS CPU-µS" per turn, "turns CLIENT RATE CPU-µS/MSG"
# per run.
def turns_table(prefix, title):
    files = [f"{scratch}/{prefix}-{run}.txt" for run in range(1, turn_runs + 1) if os.path.exists(f"{scratch}/{prefix}-{run}.txt")]
    if not files:
        return
    totals, rounds_of = {}, {}
    for path in files:
        turns = {}
        for line in open(path):
            fields = line.split()
            if len(fields) == 4 and fields[0] == "turn":
                turns.setdefault(fields[1], []).append(int(fields[2]))
            elif len(fields) == 4 and fields[0] == "turns":
                totals.setdefault(fields[1], []).append((float(fields[2]), float(fields[3])))
        for client, times in turns.items():
            for base in ["c", "c_reader"]:
                if client != base and base in turns:
                    # Each round's turns follow one another: the base's time over this client's.
                    rounds_of.setdefault((client, base), []).extend(
                        c / mine for c, mine in zip(turns[base], times) if mine > 0)
    names = {"c": "C librabbitmq", "c_reader": "C librabbitmq with a reader thread", "swift": "Swift, from the pool",
             "swift_executor": "Swift, on the connection's executor"}
    clients = [client for client in names if client in totals]
    bases = [base for base in ["c", "c_reader"] if base in totals]
    def ratios(client, base):
        if client == base:
            return "—"
        return spread([mine / c for (mine, _), (c, _) in zip(totals[client], totals[base]) if c > 0], 2)
    print()
    short = {"c": "C", "c_reader": "C with a reader thread", "swift": "pool", "swift_executor": "executor"}
    print(f"{title}, in turns: {len(files)} runs, in each the clients' turns interleaved "
          f"({', '.join(short[client] for client in clients)}, the "
          "order rotating each round; the queues emptied after each round). Rate of a client's turns together, median of "
          "the runs (min–max); ÷ C run by run, and round by round (every round of every run)")
    print()
    header = " | ".join(f"÷ {names[base]}, run by run | ÷ {names[base]}, round by round" for base in bases)
    print(f"| | msg/s | {header} | client CPU µs/msg |")
    print("| --- | --- | " + " | ".join("--- | ---" for _ in bases) + " | --- |")
    for client in clients:
        rates = [rate for rate, _ in totals[client]]
        cpus = [cpu for _, cpu in totals[client]]
        columns = " | ".join(
            f"{ratios(client, base)} | {'—' if client == base else spread(rounds_of.get((client, base), []), 2)}"
            for base in bases)
        print(f"| {names[client]} | {spread(rates)} | {columns} | {spread(cpus, 1)} |")

turn = int(os.environ.get("HUTCH_BENCH_TURN", "250"))
confirms = int(os.environ["HUTCH_BENCH_CONFIRM_MESSAGES"])
turns_table("confirm-turns", f"Confirms awaited one by one ({confirms} per client, turns of {turn})")
turns_table("confirm-inflight-turns", f"Confirms 100 in flight ({4 * confirms} per client, turns of {4 * turn})")

print()
print("Offline (HutchBenchmarks):")
print()
print("| figure | Swift | baseline (same run) |")
print("| --- | --- | --- |")
for line in open(f"{scratch}/offline.txt"):
    m = re.match(r"(.+?)\s{2,}\s*([\d.]+) (\S+)\s+baseline (.+): ([\d.]+) \S+\s+\(([\d.]+x)\)", line.rstrip())
    if m:
        name, value, unit, base_name, base, factor = m.groups()
        print(f"| {name.strip()} | {float(value):,.0f} {unit} | {base_name}: {float(base):,.0f} {unit} ({factor}) |")
PY
