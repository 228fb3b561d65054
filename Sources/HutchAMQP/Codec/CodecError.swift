/// A payload that could not be encoded or decoded, with where and why.
///
/// Every failure of ``MethodCodec``, ``ContentHeaderCodec`` and ``FieldTableCodec`` is a
/// `CodecError`. It names the ``operation``, the AMQP method (name and ids) when one is
/// known, the field that failed, what was expected and what was found, and — when
/// librabbitmq itself refused the data — librabbitmq's status code and its text
/// (`amqp_error_string2`).
///
/// ```swift
/// do {
///     _ = try MethodCodec.decode(payload)
/// } catch {
///     print(error)   // decode method 60.40 basic.publish: malformed payload …
/// }
/// ```
package struct CodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    package var code: Code
    /// The codec operation that failed.
    package var operation: Operation
    /// The AMQP method's name (`"basic.publish"`) when known.
    package var methodName: String?
    /// The AMQP class id of the method or content header, when known.
    package var classID: UInt16?
    /// The AMQP method id, when known.
    package var methodID: UInt16?
    /// The field that failed, as a path (`"arguments[\"x-dead-letter-exchange\"]"`), when known.
    package var field: String?
    /// What the codec expected.
    package var expected: String
    /// What it found instead.
    package var found: String
    /// librabbitmq's status code (`amqp_status_enum`, negative) when librabbitmq refused the data.
    package var libraryStatus: Int32?
    /// librabbitmq's text for ``libraryStatus`` (`amqp_error_string2`).
    package var libraryStatusText: String?

    /// Creates an error; the codec fills in the method and field context it knows.
    package init(
        code: Code, operation: Operation, methodName: String? = nil, classID: UInt16? = nil,
        methodID: UInt16? = nil, field: String? = nil, expected: String, found: String,
        libraryStatus: Int32? = nil, libraryStatusText: String? = nil
    ) {
        self.code = code
        self.operation = operation
        self.methodName = methodName
        self.classID = classID
        self.methodID = methodID
        self.field = field
        self.expected = expected
        self.found = found
        self.libraryStatus = libraryStatus
        self.libraryStatusText = libraryStatusText
    }

    /// One line for people: operation, method, field, code, expected, found and
    /// librabbitmq's status.
    package var description: String {
        var text = operation.description
        if let classID, let methodID {
            text += " \(classID).\(methodID)"
        } else if let classID {
            text += " class \(classID)"
        }
        if let methodName { text += " \(methodName)" }
        if let field { text += " field \(field)" }
        text += ": \(code): expected \(expected), found \(found)"
        if let libraryStatus {
            text += " (librabbitmq status \(libraryStatus)"
            if let libraryStatusText { text += ": \(libraryStatusText)" }
            text += ")"
        }
        return text
    }
}

extension CodecError {
    /// The error with a field path component put in front of ``field``
    /// (`"arguments"` + `["x-queue-type"]`).
    func inField(_ component: String) -> CodecError {
        var copy = self
        if let field {
            copy.field = field.hasPrefix("[") ? component + field : component + "." + field
        } else {
            copy.field = component
        }
        return copy
    }

    /// The error with the method context filled in where it is still missing.
    func inMethod(name: String?, classID: UInt16, methodID: UInt16) -> CodecError {
        var copy = self
        if copy.methodName == nil { copy.methodName = name }
        if copy.classID == nil { copy.classID = classID }
        if copy.methodID == nil { copy.methodID = methodID }
        return copy
    }

    /// The error reported as part of `operation`.
    func during(_ operation: Operation) -> CodecError {
        var copy = self
        copy.operation = operation
        return copy
    }
}
