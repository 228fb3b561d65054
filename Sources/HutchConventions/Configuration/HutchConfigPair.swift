/// One key/value pair of a Ruby Hash held in the configuration.
public struct HutchConfigPair: Sendable, Equatable {
    /// The key (YAML keys can be Integers, booleans, `nil`…).
    package var key: HutchConfigValue
    /// The value.
    package var value: HutchConfigValue

    /// Creates a pair.
    package init(key: HutchConfigValue, value: HutchConfigValue) {
        self.key = key
        self.value = value
    }
}
