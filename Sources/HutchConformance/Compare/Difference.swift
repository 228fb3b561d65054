/// One place where Swift's result differs from Ruby's recording.
public struct Difference: Sendable, Equatable, CustomStringConvertible {
    /// The field path (`properties.headers[1].CC`, `frames[1]`, `declarations[3].durable`).
    public var path: String
    /// What Ruby did there.
    public var ruby: String
    /// What Swift did there.
    public var swift: String

    /// Creates a difference.
    public init(path: String, ruby: String, swift: String) {
        self.path = path
        self.ruby = ruby
        self.swift = swift
    }

    public var description: String { "\(path): Ruby \(ruby), Swift \(swift)" }
}
