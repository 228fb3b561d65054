import HutchConventions

/// Reads typed fields out of a JSON object, turning every mismatch into a
/// ``CaseFileError`` that names the file and the field path.
struct FieldReader: Sendable {
    let object: JSONObject
    let file: String
    let path: String

    init(_ object: JSONObject, file: String, path: String) {
        self.object = object
        self.file = file
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, expected: String) -> CaseFileError {
        CaseFileError(file: file, field: fieldPath(key), expected: expected, found: summary(of: object[key]))
    }

    func has(_ key: String) -> Bool { object[key] != nil }

    func value(_ key: String) throws(CaseFileError) -> JSONValue {
        guard let value = object[key] else { throw error(key, expected: "a value") }
        return value
    }

    /// The field when present and not null.
    func optionalValue(_ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(CaseFileError) -> String {
        guard let text = object[key]?.stringValue else { throw error(key, expected: "a string") }
        return text
    }

    func optionalString(_ key: String) throws(CaseFileError) -> String? {
        guard let value = optionalValue(key) else { return nil }
        guard let text = value.stringValue else { throw error(key, expected: "a string or null") }
        return text
    }

    func int(_ key: String) throws(CaseFileError) -> Int64 {
        guard let number = object[key]?.int64Value else { throw error(key, expected: "an integer") }
        return number
    }

    func optionalInt(_ key: String) throws(CaseFileError) -> Int64? {
        guard let value = optionalValue(key) else { return nil }
        guard let number = value.int64Value else { throw error(key, expected: "an integer or null") }
        return number
    }

    func bool(_ key: String) throws(CaseFileError) -> Bool {
        guard let flag = object[key]?.boolValue else { throw error(key, expected: "true or false") }
        return flag
    }

    func bool(_ key: String, default fallback: Bool) throws(CaseFileError) -> Bool {
        guard let value = optionalValue(key) else { return fallback }
        guard let flag = value.boolValue else { throw error(key, expected: "true, false or null") }
        return flag
    }

    func number(_ key: String) throws(CaseFileError) -> Double {
        switch object[key] {
        case .integer(let integer)?:
            guard let exact = Double(integer.description) else { throw error(key, expected: "a number") }
            return exact
        case .float(let number)?: return number
        default: throw error(key, expected: "a number")
        }
    }

    func object(_ key: String) throws(CaseFileError) -> FieldReader {
        guard let nested = object[key]?.objectValue else { throw error(key, expected: "an object") }
        return FieldReader(nested, file: file, path: fieldPath(key))
    }

    func optionalObject(_ key: String) throws(CaseFileError) -> FieldReader? {
        guard let value = optionalValue(key) else { return nil }
        guard let nested = value.objectValue else { throw error(key, expected: "an object or null") }
        return FieldReader(nested, file: file, path: fieldPath(key))
    }

    func array(_ key: String) throws(CaseFileError) -> [JSONValue] {
        guard let items = object[key]?.arrayValue else { throw error(key, expected: "an array") }
        return items
    }

    func objects(_ key: String) throws(CaseFileError) -> [FieldReader] {
        let items = try array(key)
        var readers: [FieldReader] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(fieldPath(key))[\(index)]"
            guard let nested = item.objectValue else {
                throw CaseFileError(file: file, field: itemPath, expected: "an object", found: summary(of: item))
            }
            readers.append(FieldReader(nested, file: file, path: itemPath))
        }
        return readers
    }

    func strings(_ key: String) throws(CaseFileError) -> [String] {
        let items = try array(key)
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = item.stringValue else {
                throw CaseFileError(file: file, field: "\(fieldPath(key))[\(index)]", expected: "a string", found: summary(of: item))
            }
            texts.append(text)
        }
        return texts
    }
}
