import HutchTestSupport
import Testing

/// `checkEveryCase`, which the recorded-case tests rely on to report each failing case.
@Suite struct EveryCaseTests {
    struct Refused: Error {}

    @Test func anErrorIsRecordedNamingItsCaseAndTheOtherCasesStillRun() async {
        var seen: [Int] = []
        await withKnownIssue {
            await checkEveryCase(1...40, named: { "number \($0)" }) { number in
                seen.append(number)
                if number == 17 { throw Refused() }
            }
        } matching: { issue in
            issue.comments.map(\.rawValue) == ["case number 17"]
        }
        #expect(seen == Array(1...40))
    }

    /// A failed `#require` is its own issue; recording it again as a thrown error would be
    /// a second issue the matcher does not match, which fails this test.
    @Test func aFailedRequirementIsRecordedOnceNotAgainAsAnError() async {
        await withKnownIssue {
            await checkEveryCase(["a", "b"]) { letter in
                try #require(letter == "a", "only a passes")
            }
        } matching: { issue in
            issue.comments.map(\.rawValue) == ["only a passes"]
        }
    }
}
