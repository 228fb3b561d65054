import Foundation
import HutchConformance

/// Where the peer tests find the repository and the Ruby peer.
enum PeerTestSupport {
    /// The package root (the peer command runs there).
    static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// `HUTCH_TEST_RUBY_PEER`: a command line that starts peer.rb with the hutch and
    /// hutch-schedule gems loadable, e.g.
    /// `ruby -I/tmp/gems/hutch-1.3.1/lib -I/tmp/gems/hutch-schedule-0.7.3/lib -I/tmp/gems/stubs ruby-fixtures/peer.rb`.
    static let rubyPeer = ProcessInfo.processInfo.environment["HUTCH_TEST_RUBY_PEER"].flatMap { $0.isEmpty ? nil : $0 }

    /// The path of an executable named `name` on PATH, if any.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let environment = CheckEnvironment.system

    /// The bundled publish cases of one corpus.
    static func publishCases(_ corpus: String = "hutch-1.3.1") -> [RecordedCase] {
        Corpus.load(paths: [TestCorpus.root + "/" + corpus + "/publish"]).cases
    }
}
