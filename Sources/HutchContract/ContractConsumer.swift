import Hutch
import HutchConventions

/// One of the Swift app's consumers, as the contract checks it: its Hutch settings
/// and its body decoding — the worker's own (``HutchConsumer/decodeBody(_:defaultSerializer:)``).
public struct ContractConsumer: Sendable {
    /// The consumer's settings (class name, routing keys, attempts, …).
    public let definition: ConsumerDefinition
    /// The Swift type that ``HutchConsumer/Body`` is, for messages.
    public let bodyType: String
    /// The consumer type's full name (`ShopService.InvoiceConsumer`), for reports.
    public let swiftType: String
    let decode: @Sendable (_ body: [UInt8], _ defaultSerializer: Serializer) -> UndecodableBody?

    /// The consumer type `Consumer`; nothing is instantiated, only its static settings
    /// and its `Body` are used.
    public init<Consumer: HutchConsumer>(_ consumer: Consumer.Type) {
        definition = Consumer.definition
        bodyType = String(describing: Consumer.Body.self)
        swiftType = String(reflecting: Consumer.self)
        decode = { bytes, serializer in
            do throws(UndecodableBody) {
                _ = try Consumer.decodeBody(bytes, defaultSerializer: serializer)
                return nil
            } catch {
                return error
            }
        }
    }
}
