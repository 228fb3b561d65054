#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Fuzz/ and runs each one for a bounded time.
#
#   scripts/fuzz.sh [SECONDS] [HARNESS...]
#
# SECONDS is the time per harness (default 60); HARNESS is any of json, codec,
# casefile, message (default all four, one after the other — never in parallel).
#
# How it builds: SwiftPM compiles the library targets (HutchConventions, HutchAMQP,
# HutchConformance and Yams) with `-sanitize=fuzzer`, which for a compile-only step
# means coverage instrumentation only; then swiftc links each harness
# (`-sanitize=fuzzer -parse-as-library`, so libFuzzer's `main` is the entry point)
# against those object files and -lrabbitmq. An executable target cannot be used:
# its own entry point clashes with libFuzzer's `main`.
#
# Seeds: Fuzz/make_seeds.py turns ruby-fixtures/recorded into corpora (JSON bodies from
# body_base64, method and content-header payloads from payload_hex, the case files),
# beside the small committed sets in Fuzz/seeds/, and a dictionary of the case files'
# keys and short strings for the casefile and message harnesses. Everything generated lives under
# $HUTCH_FUZZ_DIR (default .build-fuzz, ignored by git): work/corpus/<harness> keeps what
# the fuzzer found between runs, work/crashes/<harness>/ the reproducers, work/logs/ the logs.
#
# Exit status: 0 when no harness crashed, 1 when one did (each reproducer's path is
# printed; re-run it with `.build-fuzz/bin/fuzz-<harness> <path>`), 2 on a build error.
#
# Environment: HUTCH_FUZZ_DIR (scratch directory), FUZZ_SANITIZERS (default `fuzzer`;
# `fuzzer,address` adds AddressSanitizer to the Swift code, several times slower),
# FUZZ_ARGS (extra libFuzzer flags for every harness, e.g. `-seed=1`).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [[ "$seconds" -eq 0 ]]; then
    echo "usage: scripts/fuzz.sh [SECONDS] [json|codec|casefile|message ...]" >&2
    exit 2
fi
shift || true
all=(json codec casefile message)
harnesses=("$@")
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=("${all[@]}")

scratch="${HUTCH_FUZZ_DIR:-$root/.build-fuzz}"
sanitizers="${FUZZ_SANITIZERS:-fuzzer}"
bin="$scratch/bin"
work="$scratch/work"
release="$scratch/release"

# Per harness: the Swift file, the modules it links, and libFuzzer's input size limit.
harness_file() {
    case "$1" in
        json) echo FuzzJSON.swift ;;
        codec) echo FuzzCodec.swift ;;
        casefile) echo FuzzCaseFile.swift ;;
        message) echo FuzzMessage.swift ;;
        *) return 1 ;;
    esac
}
harness_modules() {
    case "$1" in
        json) echo "HutchConventions" ;;
        codec) echo "HutchAMQP HutchConventions" ;;
        message) echo "HutchRubyModel HutchAMQP HutchConventions" ;;
        casefile) echo "HutchConformance HutchRubyModel HutchAMQP HutchConventions" ;;
    esac
}
harness_max_len() {
    case "$1" in
        casefile) echo 32768 ;;
        *) echo 8192 ;;
    esac
}
for h in "${harnesses[@]}"; do
    harness_file "$h" >/dev/null || { echo "unknown harness '$h' (known: ${all[*]})" >&2; exit 2; }
done

command -v swift >/dev/null || { echo "swift not found" >&2; exit 2; }
scripts/install-deps.sh

echo "== building the library targets with -sanitize=$sanitizers"
if ! swift build -c release --scratch-path "$scratch" -Xswiftc "-sanitize=$sanitizers" \
    --target HutchConformance; then
    echo "build failed" >&2
    exit 2
fi
# SwiftPM puts the objects of a release build in <Target>.build/ (C targets in src/).
mkdir -p "$bin"
objects() {
    local module
    for module in "$@" Yams; do
        ls "$release/$module.build/"*.o
    done
    ls "$release/CYaml.build/src/"*.o
}
# The harnesses call `package` declarations (HutchRubyModel's), so they are compiled as
# part of this package: with the package name SwiftPM gave the library modules.
package_name=$(grep -o '"-module-name","HutchConventions".*' "$scratch/release.yaml" |
    grep -o '"-package-name","[^"]*"' | head -n 1 | cut -d '"' -f 4)
[[ -n "$package_name" ]] || { echo "no -package-name for HutchConventions in $scratch/release.yaml" >&2; exit 2; }
for h in "${harnesses[@]}"; do
    echo "== linking fuzz-$h"
    # shellcheck disable=SC2046
    if ! swiftc -O "-sanitize=$sanitizers" -parse-as-library -module-name "Fuzz_$h" -package-name "$package_name" \
        Fuzz/FuzzSupport.swift "Fuzz/$(harness_file "$h")" \
        -I "$release/Modules" -I Sources/CRabbitMQ \
        $(objects $(harness_modules "$h")) -lrabbitmq -o "$bin/fuzz-$h"; then
        echo "linking fuzz-$h failed" >&2
        exit 2
    fi
done

echo "== seed corpora from ruby-fixtures/recorded"
rm -rf "$work/seeds"
mkdir -p "$work/seeds" "$work/logs"
if command -v python3 >/dev/null; then
    python3 Fuzz/make_seeds.py ruby-fixtures/recorded "$work/seeds"
else
    echo "python3 not found: only the committed seeds in Fuzz/seeds are used" >&2
fi

crashed=()
for h in "${harnesses[@]}"; do
    corpus="$work/corpus/$h"
    crashes="$work/crashes/$h"
    log="$work/logs/$h.log"
    mkdir -p "$corpus" "$crashes" "$work/seeds/$h"
    seed_dirs=("$work/seeds/$h")
    [[ -d "Fuzz/seeds/$h" ]] && seed_dirs+=("Fuzz/seeds/$h")
    dict=()
    if [[ "$h" == casefile || "$h" == message ]] && [[ -s "$work/seeds/words.dict" ]]; then
        dict=(-dict="$work/seeds/words.dict")
    fi
    echo "== fuzz-$h for ${seconds}s (log: $log)"
    status=0
    # The outer timeout only guards against a hung crash handler.
    # shellcheck disable=SC2086
    timeout --kill-after=10 $((seconds + 180)) "$bin/fuzz-$h" \
        -max_total_time="$seconds" -max_len="$(harness_max_len "$h")" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" \
        "${dict[@]}" ${FUZZ_ARGS:-} "$corpus" "${seed_dirs[@]}" >"$log" 2>&1 || status=$?
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
    echo "   executions: ${runs:-?}, per second: ${rate:-?}, exit status: $status"
    if [[ $status -ne 0 ]]; then
        crashed+=("$h")
        grep -E "ERROR|PROPERTY FAILURE|deadly signal|Fatal error" "$log" | head -5 | sed 's/^/   /' || true
        reproducer="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)"
        echo "   reproducer: ${reproducer:-none written (see the log)}"
        [[ -n "$reproducer" ]] && echo "   re-run: $bin/fuzz-$h $reproducer"
    fi
done

if [[ ${#crashed[@]} -gt 0 ]]; then
    echo "crashed: ${crashed[*]}"
    exit 1
fi
echo "no crashes in: ${harnesses[*]}"
