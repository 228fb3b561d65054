#!/usr/bin/env bash
# The fresh-package proof of the README (issue 14): a new package that depends on this
# checkout by path, whose main.swift is the README's quick start (taken from README.md,
# not copied), is built and run against a private broker; the bytes a Ruby service
# published (the frames of ruby-fixtures/recorded/hutch-1.3.1/publish/basic-hash.json,
# recorded from Hutch.publish) are replayed to the exchange, and the check fails unless
# the quick start prints that message.
#
#   scripts/quickstart-check.sh [--examples-only]
#
# Also checked: the README's install lines (the `from:` version is the CHANGELOG's latest;
# the product line is used verbatim in the new package's manifest), and the public surface
# (issue 11): the same package compiles, as test targets that see only the products
# `Hutch`, `HutchTesting` and `HutchContract`, every file of this checkout that holds the
# README's and the DocC articles' examples verbatim (the files ReadmeExamplesTests and
# DocCExamplesTests check), the README's testing example, the example shop's service and
# contract test, and Conformance/CONTRACTS.md's contract test (its first Swift block, on the
# shop's types). Inside this package `package` declarations
# are visible; there they are not, so an example using a symbol that is not public fails
# the build. The examples are compiled, not run (the suite runs them).
# --examples-only builds the package and stops there (no broker).
#
# The one edit made to the quick start: its broker URL (amqp://guest:guest@127.0.0.1:5672/,
# RabbitMQ's default) becomes the private broker's, in a vhost of its own.
#
# The stand-in for the Ruby service (ReplayRubyPublish) is an executable target of this
# package, built with `swift build` here: it replays frames with the codec, which is not public.
#
# Broker: the one of scripts/broker.sh (HUTCH_BROKER_PORT, default 5682), started here and
# stopped again when none is running. Build: the new package's products go to
# .build/quickstart-check (HUTCH_QUICKSTART_SCRATCH), kept between runs; the dependencies
# come from SwiftPM's shared cache, as for this checkout. A first build compiles the
# dependencies and swift-hutch's modules again (as a dependency, not with this checkout's
# flags): 156 s measured on a shared 2-core machine for the quick start alone (before the
# examples were added); a second run builds in about 5 s (the whole check: 7 s).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
began=$SECONDS
examples_only=0
[[ "${1:-}" == "--examples-only" ]] && examples_only=1
((examples_only)) || scripts/install-deps.sh --broker
case_file="ruby-fixtures/recorded/hutch-1.3.1/publish/basic-hash.json"
port="${HUTCH_BROKER_PORT:-5682}"
scratch="${HUTCH_QUICKSTART_SCRATCH:-$root/.build/quickstart-check}"
# A new package each run, at the same path for a checkout, so that a second run builds
# incrementally (SwiftPM rebuilds everything when the package's path changes).
work="${TMPDIR:-/tmp}/hutch-quickstart-$(printf '%s' "$root" | cksum | cut -d ' ' -f 1)"
rm -rf "$work"
mkdir -p "$work"
vhost="quickstart-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
fail() { echo "quickstart-check: $*" >&2; exit 1; }

# --- The README's blocks ------------------------------------------------------------------
readme_block() {
    awk -v marker="<!-- checked by scripts/quickstart-check.sh: $1 -->" '
        $0 == marker { armed = 1; next }
        armed && $0 == "```swift" { inside = 1; next }
        inside && $0 == "```" { exit }
        inside { print }
    ' README.md
}
quick_start="$(readme_block "the quick start")"
package_line="$(readme_block "the package line")"
product_line="$(readme_block "the product line")"
[[ -n "$quick_start" && -n "$package_line" && -n "$product_line" ]] || fail "README.md lacks a marked quick start, package line or product line"

readme_version="$(sed -n 's/.*from: "\([^"]*\)".*/\1/p' <<<"$package_line")"
changelog_version="$(grep -m1 -oE '^## \[[0-9]+\.[0-9]+\.[0-9]+\]' CHANGELOG.md | tr -d '#[] ')"
[[ "$readme_version" == "$changelog_version" ]] ||
    fail "the README installs from: \"$readme_version\", the CHANGELOG's latest version is $changelog_version"
[[ "$package_line" == *'/swift-hutch"'* ]] || fail "the README's package line does not name a swift-hutch repository: $package_line"
echo "README install: from: \"$readme_version\" (the CHANGELOG's $changelog_version); $product_line"

default_url="amqp://guest:guest@127.0.0.1:5672/"
broker_url="amqp://guest:guest@127.0.0.1:$port/$vhost"
[[ "$quick_start" == *"\"$default_url\""* ]] || fail "the quick start does not connect to $default_url, the URL this script replaces"

# --- The new package ------------------------------------------------------------------------
# A symbolic link named swift-hutch, so the path dependency's identity is the one the
# README's product line names, whatever this checkout's folder is called.
ln -s "$root" "$work/swift-hutch"
mkdir -p "$work/QuickStart/Sources/QuickStart" "$work/QuickStart/Sources/ShopService"
tracing_line="$(grep -m1 'swift-distributed-tracing"' Package.swift | sed 's/^ *//; s/,$//')"
[[ -n "$tracing_line" ]] || fail "Package.swift does not depend on swift-distributed-tracing"
cat > "$work/QuickStart/Package.swift" <<MANIFEST
// swift-tools-version:6.0
import PackageDescription

let hutch: Target.Dependency = .product(name: "Hutch", package: "swift-hutch")

let package = Package(
    name: "QuickStart",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "$work/swift-hutch"),
        // The README's and the tracing article's examples import Tracing, as they say.
        $tracing_line,
    ],
    targets: [
        .executableTarget(
            name: "QuickStart",
            dependencies: [
                $product_line
            ]
        ),
        // The documented examples, compiled against the products alone.
        .testTarget(name: "ReadmeExamples", dependencies: [hutch, .product(name: "Tracing", package: "swift-distributed-tracing")]),
        .testTarget(name: "DocCExamples", dependencies: [hutch, .product(name: "Tracing", package: "swift-distributed-tracing")]),
        .testTarget(name: "TestingExample", dependencies: [hutch, .product(name: "HutchTesting", package: "swift-hutch")]),
        .target(name: "ShopService", dependencies: [hutch]),
        .testTarget(name: "ContractExample", dependencies: ["ShopService", .product(name: "HutchContract", package: "swift-hutch")]),
    ]
)
MANIFEST
printf '%s\n' "${quick_start//"$default_url"/"$broker_url"}" > "$work/QuickStart/Sources/QuickStart/main.swift"
# Each example file as it stands in this checkout (the same files the suite compiles).
examples() {
    local target="$1"
    shift
    mkdir -p "$work/QuickStart/Tests/$target"
    cp "$@" "$work/QuickStart/Tests/$target/"
}
# With the suite's test-broker helpers they call replaced by stand-ins (connecting to nothing).
examples ReadmeExamples Tests/HutchTests/Readme/{ReadmeExamplesTests,ReadmeClientExampleTests,DocumentedBlocks}.swift \
    scripts/quickstart/ExampleSupport/LiveBrokerStandIn.swift
examples DocCExamples Tests/HutchTests/Readme/{DocCExamplesTests,DocumentedBlocks}.swift scripts/quickstart/ExampleSupport/LiveBrokerStandIn.swift
examples TestingExample Tests/HutchTestingTests/ReadmeExample.swift
examples ContractExample Examples/shop/swift/Tests/ShopContractTests/{ShopContract,ShopContractTests,ContractPaths}.swift
cp Examples/shop/swift/Sources/ShopService/*.swift "$work/QuickStart/Sources/ShopService/"
# Conformance/CONTRACTS.md's contract test, as written there, on the example shop's types.
contracts_test="$(awk '$0 == "```swift" { n++; if (n == 1) { inside = 1; next } } inside && $0 == "```" { exit } inside { print }' Conformance/CONTRACTS.md)"
[[ "$contracts_test" == *"contract.verify(corpusAt:"* ]] || fail "Conformance/CONTRACTS.md's first Swift block is not the contract test"
printf 'import Foundation\nimport ShopService\n%s\n' "$contracts_test" > "$work/QuickStart/Tests/ContractExample/ContractsDocument.swift"

build_began=$SECONDS
swift build --build-tests --package-path "$work/QuickStart" --scratch-path "$scratch" > "$work/build.log" 2>&1 || {
    grep -E 'error:' "$work/build.log" | sort -u | head -n 40 >&2 || true
    tail -n 20 "$work/build.log" >&2
    fail "the quick start package (the quick start and the documented examples, against the products) does not build (log: $work/build.log)"
}
echo "built the quick start package and the documented examples against the products Hutch, HutchTesting and HutchContract in $((SECONDS - build_began)) s"
if ((examples_only)); then
    rm -rf "$work"
    echo "quickstart-check --examples-only: 1 passed, 0 failed"
    exit 0
fi
bin="$(swift build --package-path "$work/QuickStart" --scratch-path "$scratch" --show-bin-path)"
swift build --product ReplayRubyPublish > "$work/replay-build.log" 2>&1 || {
    tail -n 40 "$work/replay-build.log" >&2
    fail "ReplayRubyPublish does not build (log: $work/replay-build.log)"
}
replay="$(swift build --show-bin-path)/ReplayRubyPublish"

# --- The broker -----------------------------------------------------------------------------
started_broker=0
quick_start_pid=""
cleanup() {
    if [[ -n "$quick_start_pid" ]]; then kill "$quick_start_pid" 2>/dev/null || true; fi
    scripts/broker.sh ctl delete_vhost "$vhost" >/dev/null 2>&1 || true
    if ((started_broker)); then scripts/broker.sh stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
if scripts/broker.sh status; then
    echo "using the broker already running on 127.0.0.1:$port"
else
    scripts/broker.sh start
    started_broker=1
fi
scripts/broker.sh ctl add_vhost "$vhost" >/dev/null
scripts/broker.sh ctl set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null

# --- Run: the quick start consumes (stdout line-buffered, so its lines arrive as printed);
# Ruby's bytes are replayed once its queue is bound ---------------------------------------
stdbuf -oL "$bin/QuickStart" > "$work/quickstart.out" 2> "$work/quickstart.err" &
quick_start_pid=$!
ruby_message_id="$(sed -n 's/.*"message_id": "\([^"]*\)".*/\1/p' "$case_file" | head -n 1)"
[[ -n "$ruby_message_id" ]] || fail "$case_file has no message_id"

# The quick start publishes its own order after waitForSubscription(): once it printed it,
# its queue is bound. Bounded waits: 60 s each.
wait_for() {
    local pattern="$1" deadline=$((SECONDS + 60))
    until grep -q -- "$pattern" "$work/quickstart.out"; do
        if ! kill -0 "$quick_start_pid" 2>/dev/null; then
            cat "$work/quickstart.out" "$work/quickstart.err" >&2
            fail "the quick start exited before printing \"$pattern\""
        fi
        if ((SECONDS > deadline)); then
            cat "$work/quickstart.out" "$work/quickstart.err" >&2
            fail "the quick start did not print \"$pattern\" within 60 s"
        fi
        sleep 0.2
    done
}
wait_for "order 2, total 5.0"
"$replay" "$case_file" "$broker_url"
wait_for "message $ruby_message_id"

kill -TERM "$quick_start_pid"
status=0
wait "$quick_start_pid" || status=$?
quick_start_pid=""
((status == 0)) || { cat "$work/quickstart.err" >&2; fail "the quick start exited with status $status on SIGTERM, expected 0"; }
grep "message $ruby_message_id" "$work/quickstart.out"
echo "the README quick start, built in a new package with one import, received the message Ruby published ($case_file) and stopped on SIGTERM"
echo "quickstart-check took $((SECONDS - began)) s"
rm -rf "$work"
echo "quickstart-check: 1 passed, 0 failed"
