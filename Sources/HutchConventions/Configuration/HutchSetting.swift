/// One `Hutch::Config` setting: its name, kind and default value.
package struct HutchSetting: Sendable, Equatable {
    /// The setting's name (`mq_host`), which is also its YAML key; the environment
    /// variable is `HUTCH_` + the upper-cased name.
    package var name: String
    /// How values for it are converted.
    package var kind: HutchSettingKind
    /// The value before anything is loaded.
    package var defaultValue: HutchConfigValue
    /// Whether `HUTCH_<NAME>` has an effect. Hutch reads the environment only for the
    /// settings declared before it froze its key list (`ALL_KEYS`), so the settings
    /// hutch-schedule declares later are never read from the environment; and
    /// hutch-schedule overwrites `channel_prefetch` after the environment was read.
    package var readFromEnvironment: Bool

    /// Creates a setting.
    package init(name: String, kind: HutchSettingKind, defaultValue: HutchConfigValue, readFromEnvironment: Bool) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.readFromEnvironment = readFromEnvironment
    }

    /// The environment variable Hutch reads for this setting (`HUTCH_MQ_HOST`):
    /// the name upper-cased, a `.` written `__`.
    package var environmentKey: String {
        "HUTCH_" + name.map { $0 == "." ? "__" : String($0) }.joined().uppercased()
    }
}
