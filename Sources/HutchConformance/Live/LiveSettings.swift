import HutchConventions

/// Where and how `hutch-conformance live` runs.
///
/// Its ``description`` and mirror never show the password.
package struct LiveSettings: Sendable {
    /// The broker (`amqp://user:password@host:port/`); its credentials also log in to
    /// the management API. Its vhost is not used: the run creates its own.
    package var url: String
    /// The management HTTP API (`http://127.0.0.1:15672`); `nil` for none: then the run
    /// makes no HTTP call at all and needs ``virtualHost``.
    package var managementURL: String?
    /// Run in this existing vhost instead of creating one (needed without a management API).
    package var virtualHost: String?
    /// Run even when the existing vhost already holds queues Hutch would use.
    package var allowExisting: Bool
    /// Swift's clock and id source.
    package var environment: CheckEnvironment
    /// The Ruby peer for the cross-language checks (`--ruby-peer CMD`), `nil` for none.
    package var rubyPeer: PeerSettings?
    /// The start of the name of every vhost the run creates (`<runName>-<corpus>-<lane>`,
    /// `<runName>-peer`); `nil` for `hutch-conformance-<uuid>`, a new uuid each run.
    /// Known before the run, it lets an interrupted run's vhosts be found and deleted
    /// (``LiveRunner/deleteVirtualHosts(named:)``).
    package var runName: String?
    /// The hard deadline of each management API request, in seconds.
    package var httpTimeout: Double = 15
    /// The hard deadline of the run's set-up: creating and granting the vhosts, the
    /// first connection, the check for existing queues.
    package var setupTimeout: Duration = .seconds(120)

    /// Creates settings.
    package init(
        url: String, managementURL: String? = nil, virtualHost: String? = nil, allowExisting: Bool = false, environment: CheckEnvironment,
        rubyPeer: PeerSettings? = nil
    ) {
        self.url = url
        self.managementURL = managementURL
        self.virtualHost = virtualHost
        self.allowExisting = allowExisting
        self.environment = environment
        self.rubyPeer = rubyPeer
    }
}

extension LiveSettings: CustomStringConvertible, CustomReflectable {
    /// The broker and where the run goes; never the password.
    package var description: String {
        "LiveSettings(\(URLRedaction.redacting(url)), management: \(managementURL.map(URLRedaction.redacting) ?? "none"), vhost: \(virtualHost ?? "created per lane"))"
    }

    /// What `dump` and the debugger show: the URLs with their passwords hidden.
    package var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": URLRedaction.redacting(url), "managementURL": managementURL.map(URLRedaction.redacting) as Any,
                "virtualHost": virtualHost as Any, "allowExisting": allowExisting, "rubyPeer": rubyPeer as Any,
                "httpTimeout": httpTimeout, "setupTimeout": setupTimeout
            ])
    }
}
