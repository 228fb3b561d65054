import Foundation
import HutchTestSupport
import Testing

/// The simulation of Ruby's worker must never reach the production client: a fix to the
/// model cannot then make the client look right. Reads the manifest as SwiftPM resolves it
/// (`swift package dump-package`) and follows each target's dependencies inside the package.
@Suite struct ModuleGraphTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func productionModulesDoNotDependOnTheRubyModel() async throws {
        let graph = try await PackageTargetGraph.load(packageRoot: Self.packageRoot)
        for production in ["HutchConventions", "HutchAMQP", "Hutch"] {
            let reached = try graph.dependencies(of: production)
            #expect(!reached.contains("HutchRubyModel"), "\(production) depends on HutchRubyModel through \(reached.sorted())")
            // Nor on the conformance runner, which carries the model (and the management
            // API lives in HutchManagement, which both use).
            #expect(!reached.contains("HutchConformance"), "\(production) depends on HutchConformance through \(reached.sorted())")
        }
        // The walk itself finds the model where it is used.
        #expect(try graph.dependencies(of: "HutchConformance").contains("HutchRubyModel"))
        #expect(try graph.dependencies(of: "Hutch").contains("HutchConventions"))
    }
}

/// The package's targets and the targets each depends on by name, from `swift package dump-package`.
struct PackageTargetGraph {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Target name → names of the package's targets it depends on directly.
    var edges: [String: [String]]

    static func load(packageRoot: URL) async throws -> PackageTargetGraph {
        // A scratch directory of its own: the test run holds the package's .build lock.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hutch-dump-package-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (status, output) = try await Command.run(
            "/usr/bin/env", ["swift", "package", "--package-path", packageRoot.path, "--scratch-path", scratch.path, "dump-package"])
        guard status == 0 else {
            throw Failure(description: "swift package dump-package in \(packageRoot.path) exited with status \(status), expected 0")
        }
        return try PackageTargetGraph(manifestJSON: Data(output.utf8))
    }

    init(manifestJSON: Data) throws {
        guard let manifest = try JSONSerialization.jsonObject(with: manifestJSON) as? [String: Any],
            let targets = manifest["targets"] as? [[String: Any]]
        else { throw Failure(description: "dump-package output has no \"targets\" array") }
        var edges: [String: [String]] = [:]
        for target in targets {
            guard let name = target["name"] as? String else { throw Failure(description: "a target without a \"name\"") }
            let dependencies = target["dependencies"] as? [[String: Any]] ?? []
            // `"HutchAMQP"` is `{"byName": ["HutchAMQP", null]}`, `.target(name:)` is `{"target": [...]}`;
            // products of other packages (`{"product": [...]}`) are outside the package.
            edges[name] = dependencies.compactMap { (($0["byName"] ?? $0["target"]) as? [Any])?.first as? String }
        }
        self.edges = edges
    }

    /// Every target `target` depends on, directly or through others.
    func dependencies(of target: String) throws -> Set<String> {
        guard edges[target] != nil else {
            throw Failure(description: "no target \(target) in the manifest (targets: \(edges.keys.sorted()))")
        }
        var reached: Set<String> = []
        var pending = edges[target] ?? []
        while let next = pending.popLast() {
            guard reached.insert(next).inserted else { continue }
            pending += edges[next] ?? []
        }
        return reached
    }
}
