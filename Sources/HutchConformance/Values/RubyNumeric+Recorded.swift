import HutchConventions

extension RubyNumeric {
    /// A recorded number (Integer or Float); `nil` for `null` or anything else.
    init?(recorded value: JSONValue?) {
        switch value {
        case .integer(let integer)?: self = .integer(integer)
        case .float(let number)?: self = .float(number)
        default: return nil
        }
    }
}
