import HutchConventions

/// Collects the differences between Ruby's and Swift's values, field by field.
struct ModelDiffer {
    private(set) var differences: [Difference] = []

    mutating func note(_ path: String, ruby: String, swift: String) {
        differences.append(Difference(path: path, ruby: ruby, swift: swift))
    }

    mutating func compare<T: Equatable>(_ path: String, ruby: T, swift: T) {
        if let rubyBytes = ruby as? [UInt8], let swiftBytes = swift as? [UInt8] {
            compareBytes(path, ruby: rubyBytes, swift: swiftBytes)
        } else if ruby != swift {
            note(path, ruby: Self.render(ruby), swift: Self.render(swift))
        }
    }

    /// Bodies: where they first differ, and for JSON bodies which values (``BodyDifference``).
    mutating func compareBytes(_ path: String, ruby: [UInt8], swift: [UInt8]) {
        differences += BodyDifference.differences(path, ruby: ruby, swift: swift)
    }

    static func render<T>(_ value: T) -> String {
        switch value {
        case let text as String: return "\"\(text)\""
        case let optional as String?: return optional.map { "\"\($0)\"" } ?? "absent"
        case let field as FieldValue: return render(field)
        case let bytes as [UInt8]: return "\(bytes.count) bytes \(hexString(Array(bytes.prefix(48))))\(bytes.count > 48 ? "…" : "")"
        default:
            let text = String(describing: value)
            return text.hasPrefix("Optional(") ? String(text.dropFirst(9).dropLast()) : (text == "nil" ? "absent" : text)
        }
    }

    static func render(_ value: FieldValue) -> String {
        switch value {
        case .longString(let bytes):
            let text = String(validating: bytes, as: UTF8.self).map { "\"\($0)\"" } ?? hexString(bytes)
            return "S \(text)"
        case .byteArray(let bytes): return "x \(hexString(bytes))"
        case .array(let items): return "A [" + items.map(render).joined(separator: ", ") + "]"
        case .table(let table): return "F {" + table.entries.map { "\($0.key): \(render($0.value))" }.joined(separator: ", ") + "}"
        case .boolean(let v): return "t \(v)"
        case .int8(let v): return "b \(v)"
        case .uint8(let v): return "B \(v)"
        case .int16(let v): return "s \(v)"
        case .uint16(let v): return "u \(v)"
        case .int32(let v): return "I \(v)"
        case .uint32(let v): return "i \(v)"
        case .int64(let v): return "l \(v)"
        case .uint64(let v): return "L \(v)"
        case .float32(let v): return "f \(v)"
        case .float64(let v): return "d \(v)"
        case .decimal(let scale, let v): return "D \(v)e-\(scale)"
        case .timestamp(let v): return "T \(v)"
        case .void: return "V"
        }
    }

    mutating func compare(_ path: String, ruby: FieldTable?, swift: FieldTable?) {
        switch (ruby, swift) {
        case (nil, nil): return
        case (let r?, nil): note(path, ruby: "\(r.entries.count) entries", swift: "absent")
        case (nil, let s?): note(path, ruby: "absent", swift: "\(s.entries.count) entries")
        case (let r?, let s?): compare(path, ruby: r, swift: s)
        }
    }

    mutating func compare(_ path: String, ruby: FieldTable, swift: FieldTable) {
        let count = max(ruby.entries.count, swift.entries.count)
        for index in 0..<count {
            let r = index < ruby.entries.count ? ruby.entries[index] : nil
            let s = index < swift.entries.count ? swift.entries[index] : nil
            switch (r, s) {
            case (let r?, let s?) where r.key != s.key:
                note("\(path)[\(index)]", ruby: "key \"\(r.key)\"", swift: "key \"\(s.key)\"")
            case (let r?, let s?):
                compare("\(path)[\(index)].\(r.key)", ruby: r.value, swift: s.value)
            case (let r?, nil): note("\(path)[\(index)]", ruby: "\(r.key): \(Self.render(r.value))", swift: "absent")
            case (nil, let s?): note("\(path)[\(index)]", ruby: "absent", swift: "\(s.key): \(Self.render(s.value))")
            case (nil, nil): break
            }
        }
    }

    mutating func compare(_ path: String, ruby: FieldValue, swift: FieldValue) {
        switch (ruby, swift) {
        case (.table(let r), .table(let s)): compare(path, ruby: r, swift: s)
        case (.array(let r), .array(let s)) where r.count == s.count:
            for (index, pair) in zip(r, s).enumerated() { compare("\(path)[\(index)]", ruby: pair.0, swift: pair.1) }
        default:
            if ruby != swift { note(path, ruby: Self.render(ruby), swift: Self.render(swift)) }
        }
    }

    mutating func compare(_ path: String, ruby: BasicProperties, swift: BasicProperties) {
        compare(path + ".content_type", ruby: ruby.contentType, swift: swift.contentType)
        compare(path + ".content_encoding", ruby: ruby.contentEncoding, swift: swift.contentEncoding)
        compare(path + ".headers", ruby: ruby.headers, swift: swift.headers)
        compare(path + ".delivery_mode", ruby: ruby.deliveryMode, swift: swift.deliveryMode)
        compare(path + ".priority", ruby: ruby.priority, swift: swift.priority)
        compare(path + ".correlation_id", ruby: ruby.correlationID, swift: swift.correlationID)
        compare(path + ".reply_to", ruby: ruby.replyTo, swift: swift.replyTo)
        compare(path + ".expiration", ruby: ruby.expiration, swift: swift.expiration)
        compare(path + ".message_id", ruby: ruby.messageID, swift: swift.messageID)
        compare(path + ".timestamp", ruby: ruby.timestamp, swift: swift.timestamp)
        compare(path + ".type", ruby: ruby.type, swift: swift.type)
        compare(path + ".user_id", ruby: ruby.userID, swift: swift.userID)
        compare(path + ".app_id", ruby: ruby.appID, swift: swift.appID)
        compare(path + ".cluster_id", ruby: ruby.clusterID, swift: swift.clusterID)
    }
}
