// `import Hutch` is the one import a service needs (ARCHITECTURE.md, "One import").
//
// The conventions are the vocabulary of the client's own API (`VersionProfile`,
// `GemVersion`, `JSONValue`, `FieldTable`, `BasicProperties`, `OutgoingMessage`, …), so
// the whole module is re-exported; what of it a service never names is `package`, so the
// re-export shows only the vocabulary. From the other dependencies only the names a service
// writes are: the logger it passes in, the service group that runs the connection and
// the worker, and the error it matches (`catch AMQPError.Code.notFound`).
// `@_documentation(visibility: internal)` keeps them out of the Hutch catalog: each
// module documents its own symbols.
@_documentation(visibility: internal) @_exported import HutchConventions
@_documentation(visibility: internal) @_exported import ServiceLifecycle

@_documentation(visibility: internal) @_exported import struct HutchAMQP.AMQPError
@_documentation(visibility: internal) @_exported import struct HutchAMQP.BasicReturn
@_documentation(visibility: internal) @_exported import struct HutchAMQP.ReturnedMessage
@_documentation(visibility: internal) @_exported import struct Logging.Logger
