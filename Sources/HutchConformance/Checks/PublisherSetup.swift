import HutchConventions

/// The publishing settings a case's `input.config` gives.
enum PublisherSetup {
    static func configuration(_ input: FieldReader) throws(CaseFileError) -> PublisherConfiguration {
        let config = try input.optionalObject("config")
        var configuration = PublisherConfiguration(exchange: try config?.optionalString("mq_exchange") ?? "hutch")
        if let name = try config?.optionalString("serializer") {
            guard let serializer = Serializer(rawValue: name) else {
                throw CaseFileError(file: input.file, field: "input.config.serializer", expected: "\"json\" or \"identity\"", found: name)
            }
            configuration.serializer = serializer
        }
        return configuration
    }
}
