/// One place where Swift's result differs from Ruby's recording.
package struct Difference: Sendable, Equatable, CustomStringConvertible {
    /// The field path (`properties.headers[1].CC`, `frames[1]`, `declarations[3].durable`).
    package var path: String
    /// What Ruby did there.
    package var ruby: String
    /// What Swift did there.
    package var swift: String

    /// Creates a difference.
    package init(path: String, ruby: String, swift: String) {
        self.path = path
        self.ruby = ruby
        self.swift = swift
    }

    package var description: String { "\(path): Ruby \(ruby), Swift \(swift)" }
}
