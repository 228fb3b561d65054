import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

@testable import HutchConformance

/// Ruby's recorded declarations and Swift's, on one broker, in both orders: neither side
/// may make the broker refuse the other's (406 PRECONDITION_FAILED).
@Suite struct TopologyInteropLiveTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("ruby-fixtures/recorded")

    static func cases(_ version: String) throws -> [RecordedCase] {
        let directory = root.appendingPathComponent("hutch-\(version)/topology")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().filter { $0.hasSuffix(".json") }.map {
            try CaseFileReader.read(path: directory.appendingPathComponent($0).path)
        }
    }

    @Test(LiveBroker.reachable, arguments: ["1.1.0", "1.3.1", "1.4.0"])
    func recordedRubyDeclarationsAndSwiftsAcceptEachOther(_ version: String) async throws {
        let vhost = LiveBroker.uniqueName("topology-\(version)")
        try await TestBroker.makeVirtualHost(vhost)
        defer { Task { try? await TestBroker.deleteVirtualHost(vhost) } }
        var checked = 0
        for recorded in try Self.cases(version) {
            let input = recorded.inputReader
            let profile = recorded.profile
            var settings = try LiveBroker.settings(profile: profile, virtualHost: vhost)
            settings.topology = try RecordedInputs.topologyConfig(try input.optionalObject("config"), profile: profile)
            settings.declareSchedule = try input.bool("schedule", default: false)
            let consumers = try input.objects("consumers").map { try RecordedInputs.consumer($0) }
            let methods = RecordedMethodReader(file: recorded.file)
            let ruby = try recorded.expectedReader.objects("declarations").map { try methods.method($0) }.filter(Self.isDeclaration)
            if try recorded.expectedReader.optionalString("error_class") != nil { continue }
            let swift = try TopologyDeclarer(settings: settings).plan(consumers: consumers).declarations.filter(Self.isDeclaration)

            for (first, second, order) in [(ruby, swift, "Ruby then Swift"), (swift, ruby, "Swift then Ruby")] {
                let connection = try await AMQPConnection.connect(settings.connection)
                let channel = try await connection.openChannel()
                do {
                    for method in first + second { try await connection.declare(method, on: channel) }
                } catch {
                    Issue.record("\(recorded.id) (Hutch \(version)), \(order): \(error)")
                }
                await Self.delete(first + second, settings: settings)
                await connection.close()
            }
            checked += 1
        }
        print("topology interop Hutch \(version): \(checked) recorded cases accepted in both orders")
        #expect(checked >= 13)
    }

    static func isDeclaration(_ method: AMQPMethod) -> Bool {
        switch method {
        case .exchangeDeclare, .queueDeclare, .queueBind: true
        default: false
        }
    }

    static func delete(_ methods: [AMQPMethod], settings: HutchClientSettings) async {
        guard let connection = try? await AMQPConnection.connect(settings.connection),
            let channel = try? await connection.openChannel()
        else { return }
        for method in methods {
            switch method {
            case .queueDeclare(let queue): _ = try? await connection.deleteQueue(queue.queue, on: channel)
            case .exchangeDeclare(let exchange): try? await connection.deleteExchange(exchange.exchange, on: channel)
            default: break
            }
        }
        await connection.close()
    }
}
