import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// A publish returns within the publish timeout even when the broker never becomes
/// reachable and the client keeps reconnecting (no broker needed: a closed loopback port).
@Suite(.timeLimit(.minutes(2)))
struct PublishTimeoutTests {
    /// Settings for a port nothing listens on, reconnecting without limit.
    static func unreachable(publishTimeout: Duration) -> HutchClientSettings {
        var settings = HutchClientSettings(connection: ConnectionOptions(host: "127.0.0.1", port: 1, connectTimeout: .seconds(1)))
        settings.reconnect = ReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(200), maxAttempts: nil)
        settings.publishTimeout = publishTimeout
        return settings
    }

    /// Runs `body` and returns what it threw, or `nil` when it did not finish within `bound`.
    static func outcome(within bound: Duration, _ body: @escaping @Sendable () async throws -> Void) async -> Result<Void, any Error>? {
        let finished = Locked<Result<Void, any Error>?>(nil)
        let task = Task {
            do {
                try await body()
                finished.withLock { $0 = .success(()) }
            } catch { finished.withLock { $0 = .failure(error) } }
        }
        let deadline = ContinuousClock.now + bound
        while finished.value == nil, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if finished.value == nil { task.cancel() }
        return finished.value
    }

    @Test func aPublishWhileTheBrokerIsUnreachableThrowsThePublishTimeout() async throws {
        let hutch = HutchConnection(settings: Self.unreachable(publishTimeout: .seconds(1)), logger: LiveBroker.logger("publish-timeout"))
        let publisher = Publisher(connection: hutch)
        let started = ContinuousClock.now
        let outcome = await Self.outcome(within: .seconds(30)) {
            try await publisher.publish("orders.created", ["id": 1], confirm: true)
        }
        let took = ContinuousClock.now - started
        let error = try #require(
            outcome.map { result -> (any Error)? in
                if case .failure(let error) = result { return error }
                return nil
            } ?? nil, "the publish did not return within 30 s (\(String(describing: outcome)))")
        let timeout = try #require(error as? PublishTimeout, "\(error)")
        #expect(timeout.waitingFor == .connection)
        #expect(timeout.timeout == .seconds(1))
        #expect(timeout.routingKey == "orders.created")
        #expect(timeout.description.contains("waited for a connection to the broker"))
        print("publish with the broker unreachable: \(timeout) (returned after \(took))")
        await hutch.close()
    }

    @Test func aBatchWhileTheBrokerIsUnreachableFailsEachMessageWithItsOwnTimeout() async throws {
        let hutch = HutchConnection(settings: Self.unreachable(publishTimeout: .seconds(1)), logger: LiveBroker.logger("publish-timeout"))
        let publisher = Publisher(connection: hutch)
        let keys = ["orders.created", "orders.paid", "orders.shipped"]
        let messages = try keys.map { try Publisher.message($0, json: ["id": 1], configuration: hutch.settings.publisherConfiguration) }
        let results = Locked<[Result<Void, any Error>]>([])
        let started = ContinuousClock.now
        let outcome = await Self.outcome(within: .seconds(30)) {
            let answers = await publisher.sendAll(messages, confirm: true)
            results.withLock { $0 = answers }
        }
        let took = ContinuousClock.now - started
        #expect(outcome != nil, "sendAll did not return within 30 s")
        let timeouts = results.value.map { result -> PublishTimeout? in
            if case .failure(let error) = result { return error as? PublishTimeout }
            return nil
        }
        #expect(timeouts.map { $0?.routingKey } == keys, "\(results.value)")
        #expect(timeouts.allSatisfy { $0?.waitingFor == .connection })
        print("sendAll of 3 with the broker unreachable returned after \(took) (publish timeout 1 s)")
        await hutch.close()
    }

    @Test func publishesSharingTheConnectAttemptEachReturnAtTheirOwnDeadline() async throws {
        let hutch = HutchConnection(
            settings: Self.unreachable(publishTimeout: .milliseconds(500)), logger: LiveBroker.logger("publish-timeout"))
        let publisher = Publisher(connection: hutch)
        let failures = Locked<[String]>([])
        let outcome = await Self.outcome(within: .seconds(30)) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<5 {
                    group.addTask {
                        do { try await publisher.publish("orders.created", ["id": n]) } catch {
                            failures.withLock { $0.append("\(type(of: error))") }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(outcome != nil, "the publishes did not return within 30 s")
        #expect(failures.value == Array(repeating: "PublishTimeout", count: 5))
        // A later publish gets its own full wait, not the first one's expired deadline.
        let later = await Self.outcome(within: .seconds(30)) { try await publisher.publish("orders.created", ["id": 9]) }
        guard case .failure(let error)? = later else {
            Issue.record("the later publish did not fail: \(String(describing: later))")
            return
        }
        #expect((error as? PublishTimeout)?.waitingFor == .connection)
        await hutch.close()
    }

    @Test func aCancelledPublishStopsWaitingForTheConnection() async throws {
        let hutch = HutchConnection(settings: Self.unreachable(publishTimeout: .seconds(120)), logger: LiveBroker.logger("publish-timeout"))
        let publisher = Publisher(connection: hutch)
        let publishing = Task { try await publisher.publish("orders.created", ["id": 1]) }
        try await Task.sleep(for: .milliseconds(200))
        publishing.cancel()
        let outcome = await Self.outcome(within: .seconds(30)) { try await publishing.value }
        guard case .failure(let error)? = outcome else {
            Issue.record("the cancelled publish did not throw within 30 s: \(String(describing: outcome))")
            return
        }
        #expect(error is CancellationError, "\(error)")
        await hutch.close()
    }
}
