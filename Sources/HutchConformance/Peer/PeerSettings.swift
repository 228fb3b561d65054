/// How `hutch-conformance live --ruby-peer CMD` starts and waits for the Ruby peer.
package struct PeerSettings: Sendable {
    /// The command line that starts the peer, e.g.
    /// `ruby -I/path/hutch/lib -I/path/hutch-schedule/lib ruby-fixtures/peer.rb`;
    /// the runner appends `--spec FILE --vhost V --timeout S` and gives the broker URL
    /// in the environment variable `HUTCH_PEER_URL`.
    package var command: String
    /// Where the command runs (default: the current directory).
    package var workingDirectory: String?
    /// How long the peer may take to load the gems and report `ready`.
    package var readyTimeout: Duration
    /// How long to wait for any other event or delivery.
    package var eventTimeout: Duration

    /// Creates settings.
    package init(
        command: String, workingDirectory: String? = nil, readyTimeout: Duration = .seconds(60), eventTimeout: Duration = .seconds(10)
    ) {
        self.command = command
        self.workingDirectory = workingDirectory
        self.readyTimeout = readyTimeout
        self.eventTimeout = eventTimeout
    }
}
