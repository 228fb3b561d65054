import Foundation
import HutchConventions
import HutchTestSupport
import Testing

/// The `hutch` command's contract: usage errors exit 64, a broker it cannot reach exits 3
/// without printing the password, untrusted text is escaped, and each exit status means one thing.
@Suite(HutchBinary.built, .timeLimit(.minutes(2)))
struct HutchCommandTests {
    @Test("Usage errors exit 64: redeliver without --retries or a selection, purge without --yes, show without --id/--position")
    func usageErrors() async throws {
        for arguments in [
            ["dead", "redeliver", "--all"], ["dead", "redeliver", "--retries", "reset"],
            ["dead", "redeliver", "--all", "--id", "x", "--retries", "keep"],
            ["dead", "purge"], ["dead", "show"], ["pairing", "--hutch", "x.y"]
        ] {
            let result = try await HutchBinary.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.error)")
        }
        #expect(try await HutchBinary.run(["dead", "purge"]).error.contains("add --yes"))
    }

    @Test("An unreachable broker exits 3 and never prints the password, from --url or HUTCH_URI")
    func unreachableBrokerHidesThePassword() async throws {
        let url = "amqp://guest:s3cret-pw@127.0.0.1:1/"
        for (arguments, environment) in [
            (["dead", "list", "--url", url], [:]), (["delays"], ["HUTCH_URI": url]), (["pairing"], ["HUTCH_URI": url])
        ] {
            let result = try await HutchBinary.run(arguments, environment: environment)
            #expect(result.status == 3, "\(arguments): \(result.output) \(result.error)")
            #expect(result.error.hasPrefix("hutch: "))
            #expect(!(result.output + result.error).contains("s3cret-pw"))
        }
    }

    @Test("dead list and show escape control characters from the message; redeliver of nothing selected exits 2", OperatorBroker.reachable)
    func deadQueueOutput() async throws {
        let broker = try await OperatorBroker.make()
        defer { Task { await broker.cleanUp() } }
        try await broker.putDead(
            id: "evil\u{1B}[2J", headers: FieldTable(pairs: [("note", .string("line\u{1B}]0;title\u{07}"))]),
            body: "{\"x\":\"\u{1B}[31mred\"}")
        let environment = ["HUTCH_URI": try #require(TestBroker.url)]
        let list = try await HutchBinary.run(["dead", "list", "--exchange", broker.exchange], environment: environment)
        print(list.output, terminator: "")
        #expect(list.status == 0)
        #expect(!list.output.contains("\u{1B}"))
        #expect(list.output.contains("#1 evil\\e[2J consumer \(broker.routingKey) failures 0"))
        #expect(list.output.hasPrefix("\(broker.deadQueue.queueName): 1 message(s)\n"))
        let listJSON = try await HutchBinary.run(["dead", "list", "--json", "--exchange", broker.exchange], environment: environment)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(listJSON.output.utf8)) as? [String: Any])
        #expect(listed["ready"] as? Int == 1)
        #expect((listed["messages"] as? [[String: Any]])?.first?["consumerRoutingKey"] as? String == broker.routingKey)
        let show = try await HutchBinary.run(["dead", "show", "--position", "1", "--exchange", broker.exchange], environment: environment)
        #expect(show.status == 0)
        #expect(!show.output.contains("\u{1B}") && !show.output.contains("\u{07}"))
        #expect(show.output.contains("  note: \"line\\e]0;title\\u{7}\""))
        let json = try await HutchBinary.run(
            ["dead", "show", "--id", "evil\u{1B}[2J", "--json", "--exchange", broker.exchange], environment: environment)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["messageID"] as? String == "evil\u{1B}[2J")
        #expect(object["body"] as? String == "{\"x\":\"\u{1B}[31mred\"}")
        let missing = try await HutchBinary.run(["dead", "show", "--id", "nope", "--exchange", broker.exchange], environment: environment)
        #expect(missing.status == 2)
        let none = try await HutchBinary.run(
            ["dead", "redeliver", "--id", "nope", "--retries", "keep", "--exchange", broker.exchange], environment: environment)
        #expect(none.status == 2)
        #expect(none.output.hasSuffix("re-delivered 0, kept 0 unroutable, examined 1\n"))
        let purge = try await HutchBinary.run(["dead", "purge", "--yes", "--exchange", broker.exchange], environment: environment)
        #expect(purge.status == 0)
        #expect(purge.output == "purged 1 message(s) from \(broker.deadQueue.queueName)\n")
        let noQueue = try await HutchBinary.run(["dead", "list", "--exchange", broker.exchange + "-none"], environment: environment)
        #expect(noQueue.status == 3)
        #expect(noQueue.error.contains("no such queue"))
    }
}
