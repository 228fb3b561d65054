import HutchConformance

/// What a corpus says about the Ruby app: the messages it sent (with their case) and
/// its consumers.
struct RecordedContract {
    struct Message {
        var recordedCase: RecordedCase
        var message: RecordedRubyMessage
    }

    var messages: [Message] = []
    var consumers: [RecordedRubyConsumer] = []

    mutating func add(_ recordedCase: RecordedCase) throws(CaseFileError) {
        let sent = try recordedCase.rubyMessages().filter { $0.sentByHutch && !$0.refusedByBroker }
        let named = try recordedCase.rubyConsumers()
        messages += sent.map { Message(recordedCase: recordedCase, message: $0) }
        consumers += named
    }
}

extension RecordedCase {
    /// `hutch-1.3.1/publish/invoice-created`.
    var versionedName: String { "\(hutchVersion.map { "hutch-\($0)" } ?? "unversioned")/\(id)" }
}
