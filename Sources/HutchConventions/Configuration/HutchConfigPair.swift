/// One key/value pair of a Ruby Hash held in the configuration.
public struct HutchConfigPair: Sendable, Equatable {
    /// The key (YAML keys can be Integers, booleans, `nil`…).
    public var key: HutchConfigValue
    /// The value.
    public var value: HutchConfigValue

    /// Creates a pair.
    public init(key: HutchConfigValue, value: HutchConfigValue) {
        self.key = key
        self.value = value
    }
}
