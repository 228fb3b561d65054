import Foundation

/// The run as JUnit XML (the Jenkins / Ant form CI systems read): one `<testsuite>`
/// per corpus, one `<testcase>` per case and check (`classname` is the case,
/// `name` the check). A difference is a `<failure>` listing every field path with
/// Ruby's and Swift's values; an unsupported kind or unreadable file is an
/// `<error>`; a skipped case, or a listed expected failure, is `<skipped>`.
package struct JUnitReport: Sendable {
    /// The run's start, written as each suite's `timestamp`.
    package var timestamp: Date

    /// Creates a report.
    package init(timestamp: Date = Date()) { self.timestamp = timestamp }

    private struct TestCase {
        var classname: String
        var name: String
        var outcome: Outcome
        enum Outcome {
            case passed
            case failure(message: String, detail: String)
            case error(message: String, detail: String)
            case skipped(String)

            var isFailure: Bool { if case .failure = self { true } else { false } }
            var isError: Bool { if case .error = self { true } else { false } }
            var isSkipped: Bool { if case .skipped = self { true } else { false } }
        }
    }

    /// The XML document.
    package func xml(for report: RunReport) -> String {
        var suites: [(name: String, cases: [TestCase])] = []
        for result in report.results {
            let cases = Self.testCases(for: result)
            if let index = suites.firstIndex(where: { $0.name == result.corpus }) {
                suites[index].cases += cases
            } else {
                suites.append((result.corpus, cases))
            }
        }
        let stamp = ISO8601DateFormatter().string(from: timestamp).replacingOccurrences(of: "Z", with: "")
        var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        let all = suites.flatMap(\.cases)
        lines.append(
            #"<testsuites name="hutch-conformance" tests="\#(all.count)" failures="\#(Self.count(all, \.isFailure))" errors="\#(Self.count(all, \.isError))" time="0">"#
        )
        for (index, suite) in suites.enumerated() {
            lines.append(
                #"  <testsuite name="\#(escape(suite.name))" id="\#(index)" tests="\#(suite.cases.count)" failures="\#(Self.count(suite.cases, \.isFailure))" errors="\#(Self.count(suite.cases, \.isError))" skipped="\#(Self.count(suite.cases, \.isSkipped))" time="0" timestamp="\#(stamp)">"#
            )
            for testCase in suite.cases {
                let opening = #"    <testcase classname="\#(escape(testCase.classname))" name="\#(escape(testCase.name))" time="0""#
                switch testCase.outcome {
                case .passed:
                    lines.append(opening + "/>")
                case .failure(let message, let detail):
                    lines.append(opening + ">")
                    lines.append(#"      <failure message="\#(escape(message))" type="difference">\#(escape(detail))</failure>"#)
                    lines.append("    </testcase>")
                case .error(let message, let detail):
                    lines.append(opening + ">")
                    lines.append(#"      <error message="\#(escape(message))" type="error">\#(escape(detail))</error>"#)
                    lines.append("    </testcase>")
                case .skipped(let reason):
                    lines.append(opening + ">")
                    lines.append(#"      <skipped message="\#(escape(reason))"/>"#)
                    lines.append("    </testcase>")
                }
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func testCases(for result: CaseResult) -> [TestCase] {
        let classname = "\(result.corpus).\(result.id)".replacingOccurrences(of: "/", with: ".")
        switch result.status {
        case .passed, .failed:
            return result.checks.map { check in
                TestCase(
                    classname: classname, name: check.name,
                    outcome: check.passed
                        ? .passed
                        : .failure(message: "\(check.differences.count) difference(s) from Ruby", detail: detail(check.differences)))
            }
        case .expectedFailure:
            return result.checks.map { check in
                TestCase(classname: classname, name: check.name, outcome: check.passed ? .passed : .skipped("expected failure (listed)"))
            }
        case .unexpectedPass:
            return [
                TestCase(
                    classname: classname, name: "expected-failures",
                    outcome: .failure(
                        message: "listed as expected to fail, but passes",
                        detail: "Remove \(result.fullName) from the expected-failures list."))
            ]
        case .unsupported(let reason):
            return [TestCase(classname: classname, name: "case", outcome: .error(message: "unsupported", detail: reason))]
        case .unreadable(let error):
            return [
                TestCase(classname: classname, name: "case", outcome: .error(message: "unreadable case file", detail: error.description))
            ]
        case .skipped(let reason):
            return [TestCase(classname: classname, name: "case", outcome: .skipped(reason))]
        }
    }

    private static func detail(_ differences: [Difference]) -> String {
        differences.map { "\($0.path)\n  Ruby:  \($0.ruby)\n  Swift: \($0.swift)" }.joined(separator: "\n")
    }

    private static func count(_ cases: [TestCase], _ predicate: (TestCase.Outcome) -> Bool) -> Int {
        cases.count { predicate($0.outcome) }
    }
}

/// XML text and attribute escaping; characters XML 1.0 cannot hold become U+FFFD.
func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        default:
            let value = scalar.value
            let allowed = value >= 0x20 && !(0xD800...0xDFFF).contains(value) && value != 0xFFFE && value != 0xFFFF
            out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
        }
    }
    return out
}
