/// A place inside a JSON value, written as a reviewer reads it: `body.items[0].sku`,
/// or `body["odd key"]` for a key that is not a plain word.
package struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step into a value.
    package enum Component: Sendable, Hashable {
        /// An object key.
        case key(String)
        /// An array index.
        case index(Int)
    }

    /// What the path starts from (`body`, `input`).
    package var root: String
    /// The steps from the root.
    package var components: [Component]

    /// A path from `root` through `components`.
    package init(_ root: String, _ components: [Component] = []) {
        self.root = root
        self.components = components
    }

    /// The path one key further.
    package func appending(key: String) -> JSONPath { JSONPath(root, components + [.key(key)]) }

    /// The path one index further.
    package func appending(index: Int) -> JSONPath { JSONPath(root, components + [.index(index)]) }

    package var description: String {
        var text = root
        for component in components {
            switch component {
            case .index(let index): text += "[\(index)]"
            case .key(let key) where Self.isPlainWord(key): text += (text.isEmpty ? "" : ".") + key
            case .key(let key): text += "[\"\(key.unicodeScalars.map { $0 == "\"" || $0 == "\\" ? "\\\($0)" : String($0) }.joined())\"]"
            }
        }
        return text
    }

    private static func isPlainWord(_ key: String) -> Bool {
        !key.isEmpty
            && key.unicodeScalars.allSatisfy { scalar in
                switch scalar.value {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D: true
                default: false
                }
            }
    }
}
