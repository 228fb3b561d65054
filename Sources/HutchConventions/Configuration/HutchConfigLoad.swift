/// A loaded configuration together with the connection parameters derived from it.
public struct HutchConfigLoad: Sendable, Equatable {
    /// The settings after the connection parameters were derived (a `uri` has been
    /// written back into `mq_tls`, `mq_host`, `mq_port`, `mq_vhost`, `mq_username`
    /// and `mq_password`).
    package var config: HutchConfig
    /// The parameters.
    package var connection: HutchConnectionParameters

    /// Creates a load result.
    package init(config: HutchConfig, connection: HutchConnectionParameters) {
        self.config = config
        self.connection = connection
    }

    /// The result object as a `config` case records it: `host`, `port`, `vhost`,
    /// `username`, `password`, `tls`, `sanitized_uri`, `config`.
    package var recordedResult: JSONObject {
        JSONObject([
            ("host", connection.host.jsonValue),
            ("port", connection.port.jsonValue),
            ("vhost", connection.vhost.jsonValue),
            ("username", connection.username.jsonValue),
            ("password", connection.password.jsonValue),
            ("tls", connection.tls.jsonValue),
            ("sanitized_uri", .string(connection.sanitizedURI)),
            ("config", .object(config.recordedConfigObject))
        ])
    }
}
