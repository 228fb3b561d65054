/// How bunny (through amq-protocol 2.x) turns Ruby values into AMQP field values:
/// the types every header and queue argument a Ruby service sends really has.
///
/// A Ruby String becomes `S` (its bytes as they are), an Integer `l` (int64), a
/// Float `d`, `true`/`false` `t`, `nil` `V`, an Array `A` and a Hash a nested table
/// `F` with its keys in insertion order. A Hash with Symbol keys encodes them as
/// their names, so it is modelled with String keys. An Integer outside int64 makes
/// Ruby raise `RangeError` (`pack('q>')`), and so does this encoding.
public enum BunnyTableEncoding {
    /// The error Ruby raises for a value bunny cannot encode.
    public struct RangeError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The key path of the value, e.g. `headers.big`.
        public var path: String
        /// The integer that does not fit, as decimal text.
        public var value: String

        public var description: String {
            "RangeError at \(path): integer \(value) does not fit the int64 ('l') field type bunny writes"
        }
    }

    /// The table bunny writes for a Ruby Hash.
    ///
    /// - Parameter path: where the hash sits, for error messages.
    public static func table(_ hash: JSONObject, path: String = "table") throws(RangeError) -> FieldTable {
        var table = FieldTable()
        for (key, value) in hash.pairs {
            table.append(key, try fieldValue(value, path: path + "." + key))
        }
        return table
    }

    /// The field value bunny writes for one Ruby value.
    public static func fieldValue(_ value: JSONValue, path: String = "value") throws(RangeError) -> FieldValue {
        switch value {
        case .null: return .void
        case .bool(let flag): return .boolean(flag)
        case .integer(let integer):
            guard let int64 = integer.int64 else { throw RangeError(path: path, value: integer.description) }
            return .int64(int64)
        case .float(let number): return .float64(number)
        case .string(let text): return .string(text)
        case .binaryString(let bytes): return .longString(bytes)
        case .array(let elements):
            var values: [FieldValue] = []
            for (index, element) in elements.enumerated() {
                values.append(try fieldValue(element, path: "\(path)[\(index)]"))
            }
            return .array(values)
        case .object(let object): return .table(try table(object, path: path))
        }
    }
}
