extension MaxRetry {
    /// `MaxRetry#failure_count(headers, consumer)`: how often this consumer's message
    /// has failed before, read from the `x-death` header RabbitMQ maintains.
    ///
    /// Mirrors Ruby step by step, on the values bunny decodes:
    /// - no headers, or no (or `nil`) `x-death` → 0;
    /// - keep the `x-death` entries whose `routing-keys` (blank → none) share a key
    ///   with the consumer's routing keys;
    /// - if there is a kept entry and the first one has a truthy `count` (0 is truthy),
    ///   sum the kept entries' counts; otherwise count the kept entries (old RabbitMQ
    ///   wrote one entry per death).
    ///
    /// Ruby quirks kept: strings decoded from the wire are binary, so a routing key
    /// with non-ASCII characters never matches (its UTF-8 String is not `eql?` to the
    /// binary one) and such a consumer's count stays 0; a repeated header key means its
    /// last value; a Float count makes the sum a Float.
    ///
    /// - Throws: what Ruby raises for odd shapes: `NoMethodError` when `x-death` is not
    ///   an Array or Hash (`select` is private), when an entry is `nil`, `true`, a Float
    ///   or a Time, when `routing-keys` is a non-blank String or a number, or when a
    ///   Hash `x-death` has a key containing `routing-keys`; `TypeError` when an entry is
    ///   an Integer or an Array, or a summed `count` is not a number.
    public static func failureCount(headers: FieldTable?, routingKeys: [String]) throws(RubyException) -> RubyNumeric {
        guard let headers, let xDeath = headers.rubyLookup("x-death") else { return .int(0) }
        let keys = Set(routingKeys.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.map { Array($0.utf8) })
        let kept: [FieldTable]
        switch xDeath {
        case .void:
            return .int(0)
        case .array(let entries):
            var selected: [FieldTable] = []
            for entry in entries where try entryMatches(entry, keys: keys) {
                if case .table(let table) = entry { selected.append(table) }
            }
            kept = selected
        case .table(let table):
            // Hash#select yields each key to a one-parameter block.
            for entry in table.rubyHash.entries where entry.key.utf8.contains(subsequence: routingKeysName) {
                throw .noMethod("to_set", receiver: "\"routing-keys\":String")
            }
            kept = []
        default:
            throw .noMethod("select", receiver: "\(xDeath.rubyErrorName):\(xDeath.rubyClassName)", isPrivate: true)
        }
        guard let first = kept.first, first.rubyLookup("count")?.isRubyTruthy == true else {
            return .int(Int64(kept.count))
        }
        var sum = RubyNumeric.int(0)
        for entry in kept {
            sum = sum.adding(try countValue(entry.rubyLookup("count") ?? .void, sum: sum))
        }
        return sum
    }

    private static let routingKeysName = Array("routing-keys".utf8)

    /// One `count` as a number `sum + count` accepts.
    private static func countValue(_ value: FieldValue, sum: RubyNumeric) throws(RubyException) -> RubyNumeric {
        if let integer = value.integerValue, value.rubyClassName == "Integer" { return .int(integer) }
        switch value {
        case .uint64(let big): return .integer(JSONInteger(decimal: String(big)) ?? JSONInteger(0))
        case .float32(let number): return .float(Double(number))
        case .float64(let number): return .float(number)
        case .decimal: throw .notModelled("BigDecimal x-death count (Ruby would sum BigDecimals)")
        default:
            let target = if case .float = sum { "Float" } else { "Integer" }
            throw .typeError("\(value.rubyErrorName) can't be coerced into \(target)")
        }
    }

    /// Whether `select` keeps this `x-death` entry:
    /// `(x_death['routing-keys'].presence || []).to_set.intersect?(consumer.routing_keys)`.
    private static func entryMatches(_ entry: FieldValue, keys: Set<[UInt8]>) throws(RubyException) -> Bool {
        switch entry {
        case .table(let table):
            return try routingKeysMatch(table.rubyLookup("routing-keys") ?? .void, keys: keys)
        case .longString(let bytes), .byteArray(let bytes):
            // String#[](string) is a substring search.
            if bytes.contains(subsequence: routingKeysName) {
                throw .noMethod("to_set", receiver: "\"routing-keys\":String")
            }
            return false
        case .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64, .uint64, .array:
            throw .typeError("no implicit conversion of String into Integer")
        default:
            throw .noMethod("[]", receiver: "\(entry.rubyErrorName):\(entry.rubyClassName)")
        }
    }

    private static func routingKeysMatch(_ value: FieldValue, keys: Set<[UInt8]>) throws(RubyException) -> Bool {
        let rubyWhiteSpace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D]
        switch value {
        case .void, .boolean(false):
            return false
        case .longString(let bytes), .byteArray(let bytes):
            if bytes.allSatisfy({ rubyWhiteSpace.contains($0) }) { return false }
            throw .noMethod("to_set", receiver: "a String")
        case .array(let elements):
            return elements.contains { element in element.rubyStringBytes.map { keys.contains($0) } ?? false }
        case .table:
            // A Hash turns into a set of [key, value] pairs, which never equal a String.
            return false
        default:
            throw .noMethod("to_set", receiver: "\(value.rubyErrorName):\(value.rubyClassName)")
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Whether `needle` occurs as a contiguous run.
    fileprivate func contains(subsequence needle: [UInt8]) -> Bool {
        let haystack = Array(self)
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle {
            return true
        }
        return false
    }
}
