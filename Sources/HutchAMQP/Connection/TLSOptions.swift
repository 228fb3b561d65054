/// TLS settings for an `amqps` connection, applied with librabbitmq's
/// `amqp_ssl_socket_set_*` functions.
public struct TLSOptions: Sendable, Equatable {
    /// A PEM file of CA certificates to verify the broker with; `nil` uses none (then
    /// verification fails unless ``verifyPeer`` is off).
    package var caCertificateFile: String?
    /// A PEM client certificate for mutual TLS; needs ``clientKeyFile``.
    package var clientCertificateFile: String?
    /// The PEM private key of ``clientCertificateFile``.
    package var clientKeyFile: String?
    /// Whether the broker's certificate chain must verify (`amqp_ssl_socket_set_verify_peer`).
    package var verifyPeer: Bool
    /// Whether the broker's certificate must name the host connected to
    /// (`amqp_ssl_socket_set_verify_hostname`).
    package var verifyHostname: Bool

    /// Creates settings; by default both the peer and its host name are verified.
    package init(
        caCertificateFile: String? = nil, clientCertificateFile: String? = nil, clientKeyFile: String? = nil,
        verifyPeer: Bool = true, verifyHostname: Bool = true
    ) {
        self.caCertificateFile = caCertificateFile
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.verifyPeer = verifyPeer
        self.verifyHostname = verifyHostname
    }
}
