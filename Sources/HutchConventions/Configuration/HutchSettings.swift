/// The settings `Hutch::Config` has for one version profile, in the order of Ruby's
/// configuration hash.
///
/// Hutch builds that hash from its declared settings (in declaration order) merged
/// with its other defaults; the recorder's `config` object follows the same order.
/// `mq_auth_mechanism` exists from Hutch 1.2.0, `connection_name` and
/// `mq_client_properties` from 1.3.0. Requiring hutch-schedule 0.7.3 declares seven
/// more number/string settings (appended at the end, not read from the environment)
/// and sets `channel_prefetch` to 20.
package struct HutchSettings: Sendable, Equatable {
    /// The settings in Ruby's hash order.
    package let all: [HutchSetting]

    /// The settings of `profile`.
    package init(profile: VersionProfile) {
        var list: [HutchSetting] = []
        func add(_ name: String, _ kind: HutchSettingKind, _ value: HutchConfigValue, env: Bool = true) {
            list.append(HutchSetting(name: name, kind: kind, defaultValue: value, readFromEnvironment: env && kind != .other))
        }
        add("mq_host", .string, .string("127.0.0.1"))
        add("mq_exchange", .string, .string("hutch"))
        add("mq_exchange_type", .string, .string("topic"))
        add("mq_vhost", .string, .string("/"))
        add("mq_username", .string, .string("guest"))
        add("mq_password", .string, .string("guest"))
        if profile.hasAuthMechanismSetting { add("mq_auth_mechanism", .string, .string("PLAIN")) }
        add("uri", .string, .nil)
        add("mq_api_host", .string, .string("127.0.0.1"))
        add("mq_port", .number, .int(5672))
        add("mq_api_port", .number, .int(15672))
        add("heartbeat", .number, .int(30))
        // hutch-schedule merges `channel_prefetch: 20` after Hutch has read the
        // environment, so HUTCH_CHANNEL_PREFETCH has no effect when it is loaded.
        add("channel_prefetch", .number, .int(profile.hutchScheduleLoaded ? 20 : 0), env: !profile.hutchScheduleLoaded)
        if profile.hasConnectionNameSetting { add("connection_name", .string, .nil) }
        add("connection_timeout", .number, .int(11))
        add("read_timeout", .number, .int(11))
        add("write_timeout", .number, .int(11))
        add("automatically_recover", .boolean, .bool(true))
        add("network_recovery_interval", .number, .int(1))
        add("graceful_exit_timeout", .number, .int(11))
        add("consumer_pool_size", .number, .int(1))
        add("mq_tls", .boolean, .bool(false))
        add("mq_verify_peer", .boolean, .bool(true))
        add("mq_api_ssl", .boolean, .bool(false))
        add("autoload_rails", .boolean, .bool(true))
        add("daemonise", .boolean, .bool(false))
        add("publisher_confirms", .boolean, .bool(false))
        add("force_publisher_confirms", .boolean, .bool(false))
        add("enable_http_api_use", .boolean, .bool(true))
        add("consumer_pool_abort_on_exception", .boolean, .bool(false))
        add("consumer_tag_prefix", .string, .string("hutch"))
        add("namespace", .string, .nil)
        add("group", .string, .string(""))
        if profile.hasConnectionNameSetting { add("mq_client_properties", .other, .hash([])) }
        add("mq_exchange_options", .other, .hash([]))
        add("mq_tls_cert", .other, .nil)
        add("mq_tls_key", .other, .nil)
        add("mq_tls_ca_certificates", .other, .nil)
        add("log_level", .other, .int(1))
        add("client_logger", .other, .nil)
        add("require_paths", .other, .array([]))
        add("error_handlers", .other, .array([.object("#<Hutch::ErrorHandlers::Logger>")]))
        add("error_acknowledgements", .other, .array([]))
        add("setup_procs", .other, .array([]))
        add("consumer_groups", .other, .hash([]))
        add("tracer", .other, .object("Hutch::Tracers::NullTracer"))
        add("pidfile", .other, .nil)
        add("serializer", .other, .object("Hutch::Serializers::JSON"))
        if profile.hutchScheduleLoaded {
            add("worker_pool_size", .number, .int(20), env: false)
            add("poller_interval", .number, .int(1), env: false)
            add("poller_batch_size", .number, .int(100), env: false)
            add("redis_url", .string, .string("redis://127.0.0.1:6379/0"), env: false)
            add("ratelimit_bucket_interval", .number, .int(1), env: false)
            add("ratelimit_redis_reconnect_attempts", .number, .int(10), env: false)
            add("worker_buffer_flush_interval", .number, .int(6), env: false)
        }
        self.all = list
    }

    /// The setting named `name`, if this version has it.
    package subscript(name: String) -> HutchSetting? {
        all.first { $0.name == name }
    }

    /// The scalar settings (declared String, Number or Boolean), in order.
    package var scalar: [HutchSetting] { all.filter { $0.kind != .other } }
}
