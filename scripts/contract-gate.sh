#!/usr/bin/env bash
# The Ruby/Swift message-contract gate a shop's CI calls (Conformance/CONTRACTS.md).
#
# Steps, in order; every one ends PASS, FAIL or SKIP (with the reason), and the gate
# fails closed: any FAIL, a missing or empty corpus, or contract tests that did not
# run fail it.
#   capture   re-capture the case inputs from the Ruby app's own tests (--capture CMD; needs the gems)
#   record    record them against a broker into --corpus (--record CMD; needs the gems and a broker),
#             then `hutch-conformance diff` of the committed recording against the new one
#   check     `hutch-conformance check` of the corpus: the Swift library against the recording
#   contract  the Swift app's contract tests (HutchContract) against the corpus
#   ruby-consumers  the Swift app's publishing fixtures, published for real, consumed by the Ruby
#             app's own consumer classes under the real Hutch worker (--peer CMD with --app; the
#             Swift tests --peer-tests call MessageContract.verifyWithRubyPeer; needs the gems and a
#             broker): any consumer error, nack/reject/requeue or missing outcome fails it
#   peer      the Ruby peer: Ruby consumers on what Swift publishes (--peer CMD; needs the gems and a broker)
# capture, record, ruby-consumers and peer are the Ruby side's tools; without their command or
# without the gems (probed with --ruby CMD) they are reported skipped, never passed.
#
# Options:
#   --corpus DIR         the recorded contract (default Examples/shop/contract/recorded)
#   --package DIR        the Swift package holding the contract tests (default .)
#   --tests FILTER       `swift test --filter` selecting them (default ShopContractTests.ShopContractTests)
#   --peer-tests FILTER  `swift test --filter` selecting the test that runs the Ruby consumers
#                        (default RubyConsumerContractTests/theRubyAppsConsumersAccept); it gets the
#                        --peer command, the broker and a JUnit path in HUTCH_CONTRACT_PEER,
#                        HUTCH_CONTRACT_URL, HUTCH_CONTRACT_MANAGEMENT_URL and HUTCH_CONTRACT_JUNIT
#   --reports DIR        where reports and logs go (default reports/contract)
#   --conformance PATH   a built hutch-conformance (default: built in --package, release)
#   --ruby CMD           Ruby with the app's gems ("bundle exec ruby", "ruby -I…"), probed before the Ruby steps
#   --capture CMD, --record CMD, --peer CMD   the Ruby side's commands (run with bash; --peer with `live --ruby-peer`)
#   --url URL, --management-url URL          the broker for --peer
#   --fail-on-change     a new recording that changed Ruby's behaviour fails the gate
#
# Reports (JUnit) in --reports: gate.xml (one test case per step), check.xml,
# contract.xml (the contract tests' own report), ruby-consumers.xml (the Ruby consumers' verdict
# per publishing fixture), swift-test*.xml, peer.xml, and a log per step.
#
# The defaults check the example shop of this repository; with the gems (-I paths as in
# ruby-fixtures/README.md, or bundler) and the test broker, every step runs:
#   scripts/contract-gate.sh
#   scripts/contract-gate.sh --ruby "ruby -I…" --url amqp://guest:guest@127.0.0.1:5682/ \
#       --management-url http://127.0.0.1:15682 \
#       --capture "ruby -I… Examples/shop/contract.rb capture" \
#       --record "ruby -I… Examples/shop/contract.rb record --url amqp://guest:guest@127.0.0.1:5682/ --ctl 'scripts/broker.sh ctl'" \
#       --peer "ruby -I… ruby-fixtures/peer.rb --app Examples/shop/ruby/lib/shop.rb"
# A shop's Swift repository:
#   scripts/contract-gate.sh --corpus contract/recorded --package . --tests MyServiceContractTests
set -uo pipefail

corpus="Examples/shop/contract/recorded"
package="."
tests="ShopContractTests.ShopContractTests"
peer_tests="RubyConsumerContractTests/theRubyAppsConsumersAccept"
reports="reports/contract"
conformance=""
ruby_cmd=""
capture_cmd=""
record_cmd=""
peer_cmd=""
url=""
management_url=""
fail_on_change=0

usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
while (($#)); do
    case "$1" in
        --corpus) corpus="$2"; shift 2 ;;
        --package) package="$2"; shift 2 ;;
        --tests) tests="$2"; shift 2 ;;
        --peer-tests) peer_tests="$2"; shift 2 ;;
        --reports) reports="$2"; shift 2 ;;
        --conformance) conformance="$2"; shift 2 ;;
        --ruby) ruby_cmd="$2"; shift 2 ;;
        --capture) capture_cmd="$2"; shift 2 ;;
        --record) record_cmd="$2"; shift 2 ;;
        --peer) peer_cmd="$2"; shift 2 ;;
        --url) url="$2"; shift 2 ;;
        --management-url) management_url="$2"; shift 2 ;;
        --fail-on-change) fail_on_change=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "contract-gate: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

mkdir -p "$reports"
reports="$(cd "$reports" && pwd)"
steps=()
outcomes=()
details=()

# Records a step's outcome (PASS, FAIL, SKIP) and prints it.
note() {
    steps+=("$1"); outcomes+=("$2"); details+=("$3")
    echo "== $2 $1${3:+: $3}"
}

# Runs a step's command, its output to the terminal and to <reports>/<step>.log.
run_step() {
    local name="$1"; shift
    echo "== $name: $*"
    if "$@" 2>&1 | tee "$reports/$name.log"; then
        note "$name" PASS ""
    else
        note "$name" FAIL "exited with status ${PIPESTATUS[0]} (log: $reports/$name.log)"
    fi
}

corpus_cases() { find "$1" -name '*.json' ! -name corpus.json 2>/dev/null | wc -l; }

# The corpus must be there: a gate with nothing to check fails.
if [[ ! -d "$corpus" ]] || (( $(corpus_cases "$corpus") == 0 )); then
    note corpus FAIL "no recorded cases under $corpus"
else
    corpus="$(cd "$corpus" && pwd)"
    note corpus PASS "$(corpus_cases "$corpus") recorded cases under $corpus"
fi

if [[ -z "$conformance" ]]; then
    echo "== building hutch-conformance in $package"
    if (cd "$package" && swift build -c release --product hutch-conformance) > "$reports/build.log" 2>&1; then
        conformance="$(cd "$package" && swift build -c release --show-bin-path)/hutch-conformance"
    else
        note build FAIL "swift build --product hutch-conformance failed (log: $reports/build.log)"
    fi
fi

# Whether the Ruby gems are there, and why not.
gems=""
if [[ -z "$ruby_cmd" ]]; then
    gems="no --ruby command to run the app's Ruby with its gems"
elif ! $ruby_cmd -e 'require "hutch"; require "hutch-schedule"' > "$reports/gems.log" 2>&1; then
    gems="the hutch and hutch-schedule gems do not load with '$ruby_cmd': $(head -n 1 "$reports/gems.log")"
fi

if [[ -z "$capture_cmd" ]]; then
    note capture SKIP "no --capture command"
elif [[ -n "$gems" ]]; then
    note capture SKIP "$gems"
else
    run_step capture bash -c "$capture_cmd"
fi

if [[ -z "$record_cmd" ]]; then
    note record SKIP "no --record command"
elif [[ -n "$gems" ]]; then
    note record SKIP "$gems"
elif [[ -z "$conformance" ]]; then
    note record FAIL "hutch-conformance is not built"
else
    rm -rf "$reports/committed"
    cp -R "$corpus" "$reports/committed"
    run_step record bash -c "$record_cmd"
    echo "== diff: what Ruby's behaviour changed against the committed recording"
    "$conformance" diff "$reports/committed" "$corpus" | tee "$reports/diff.log"
    case "${PIPESTATUS[0]}" in
        0) note diff PASS "the recording shows no change in Ruby's behaviour" ;;
        1) if ((fail_on_change)); then
               note diff FAIL "Ruby's behaviour changed (above); review it and commit the new recording"
           else
               note diff PASS "Ruby's behaviour changed (above, and $reports/diff.log); the contract is checked against the new recording"
           fi ;;
        *) note diff FAIL "a recording could not be read (above)" ;;
    esac
fi

if [[ -n "$conformance" && -d "$corpus" ]]; then
    run_step check "$conformance" check "$corpus" --junit "$reports/check.xml"
else
    note check FAIL "needs hutch-conformance and the corpus"
fi

rm -f "$reports/contract.xml"
run_step contract env HUTCH_CONTRACT_CORPUS="$corpus" HUTCH_CONTRACT_JUNIT="$reports/contract.xml" \
    bash -c 'cd "$1" && swift test --filter "$2" --xunit-output "$3"' _ "$package" "$tests" "$reports/swift-test.xml"
if [[ "${outcomes[-1]}" == PASS && ! -s "$reports/contract.xml" ]]; then
    # The filter matched no contract test (or one that never verified): nothing was checked.
    outcomes[-1]=FAIL
    details[-1]="no contract test wrote $reports/contract.xml: '--tests $tests' ran no MessageContract.verify with writeJUnitIfRequested()"
    echo "== FAIL contract: ${details[-1]}"
fi

# The secrets go to the test through its environment, never a printed command line.
rm -f "$reports/ruby-consumers.xml"
if [[ -z "$peer_cmd" ]]; then
    note ruby-consumers SKIP "no --peer command: the Ruby app's consumers did not run on the Swift publishing fixtures"
elif [[ -n "$gems" ]]; then
    note ruby-consumers SKIP "$gems"
elif [[ -z "$url" ]]; then
    note ruby-consumers FAIL "--peer needs --url (the broker)"
else
    HUTCH_CONTRACT_PEER="$peer_cmd" HUTCH_CONTRACT_URL="$url" HUTCH_CONTRACT_MANAGEMENT_URL="$management_url" \
        HUTCH_CONTRACT_JUNIT="$reports/ruby-consumers.xml" \
        run_step ruby-consumers bash -c 'cd "$1" && swift test --filter "$2" --xunit-output "$3"' _ "$package" "$peer_tests" "$reports/swift-test-peer.xml"
    if [[ "${outcomes[-1]}" == PASS && ! -s "$reports/ruby-consumers.xml" ]]; then
        outcomes[-1]=FAIL
        details[-1]="no test wrote $reports/ruby-consumers.xml: '--peer-tests $peer_tests' ran no MessageContract.verifyWithRubyPeer with writeJUnitIfRequested()"
        echo "== FAIL ruby-consumers: ${details[-1]}"
    fi
fi

if [[ -z "$peer_cmd" ]]; then
    note peer SKIP "no --peer command"
elif [[ -n "$gems" ]]; then
    note peer SKIP "$gems"
elif [[ -z "$url" ]]; then
    note peer FAIL "--peer needs --url (the broker)"
else
    HUTCH_CONFORMANCE_URL="$url" run_step peer "$conformance" live "$corpus" ${management_url:+--management-url "$management_url"} \
        --ruby-peer "$peer_cmd" --junit "$reports/peer.xml"
fi

# One JUnit test case per step.
# XML text: the five markup characters escaped, characters XML cannot hold removed.
xml_escape() {
    printf '%s' "$1" | tr -d '\000-\010\013\014\016-\037' \
        | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'
}
failures=0; skipped=0
for outcome in "${outcomes[@]}"; do
    [[ "$outcome" == FAIL ]] && failures=$((failures + 1))
    [[ "$outcome" == SKIP ]] && skipped=$((skipped + 1))
done
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<testsuites name=\"contract-gate\" tests=\"${#steps[@]}\" failures=\"$failures\" errors=\"0\" time=\"0\">"
    echo "  <testsuite name=\"contract-gate\" id=\"0\" tests=\"${#steps[@]}\" failures=\"$failures\" errors=\"0\" skipped=\"$skipped\" time=\"0\" timestamp=\"$(date -u +%Y-%m-%dT%H:%M:%S)\">"
    for i in "${!steps[@]}"; do
        detail="$(xml_escape "${details[$i]}")"
        case "${outcomes[$i]}" in
            PASS) echo "    <testcase classname=\"contract-gate\" name=\"${steps[$i]}\" time=\"0\"/>" ;;
            SKIP) echo "    <testcase classname=\"contract-gate\" name=\"${steps[$i]}\" time=\"0\">"
                  echo "      <skipped message=\"$detail\"/>"
                  echo "    </testcase>" ;;
            FAIL) log=""
                  [[ -f "$reports/${steps[$i]}.log" ]] && log="$(xml_escape "$(tail -n 80 "$reports/${steps[$i]}.log")")"
                  echo "    <testcase classname=\"contract-gate\" name=\"${steps[$i]}\" time=\"0\">"
                  echo "      <failure message=\"$detail\" type=\"gate\">$detail${log:+
$log}</failure>"
                  echo "    </testcase>" ;;
        esac
    done
    echo "  </testsuite>"
    echo "</testsuites>"
} > "$reports/gate.xml"

echo
echo "contract gate:"
for i in "${!steps[@]}"; do echo "  ${outcomes[$i]} ${steps[$i]}${details[$i]:+ — ${details[$i]}}"; done
echo "reports: $reports"
if ((failures > 0)); then
    echo "contract gate FAILED ($failures of ${#steps[@]} steps)"
    exit 1
fi
echo "contract gate passed ($skipped steps skipped)"
