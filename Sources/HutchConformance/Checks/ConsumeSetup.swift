import HutchConventions
import HutchRubyModel

/// The Ruby side of a `consume` case, built from its input: the consumer class, what
/// its handler does, and the worker (Hutch version, hutch-schedule, error handlers)
/// that runs it. Shared by the offline and the live consume checks.
struct ConsumeSetup {
    var definition: ConsumerDefinition
    var consumerClass: RubyConsumerClass
    var handler: RubyHandlerBehaviour
    var worker: RubyWorkerModel
    var configuration: PublisherConfiguration
    var enqueue: HutchEnqueue

    init(_ recorded: RecordedCase) throws(CaseFileError) {
        let input = recorded.inputReader
        let profile = recorded.profile
        let consumerReader = try input.object("consumer")
        definition = try RecordedInputs.consumer(consumerReader)
        configuration = try PublisherSetup.configuration(input)
        enqueue = HutchEnqueue(consumer: definition, configuration: configuration)
        consumerClass = RubyConsumerClass(
            definition: definition,
            includesEnqueue: try consumerReader.bool("includes_enqueue", default: profile.hutchScheduleLoaded))
        handler = RubyHandlerBehaviour(raises: try consumerReader.optionalString("raises"))
        if let call = try consumerReader.optionalString("calls") {
            guard let parsed = RubyHandlerBehaviour.Call(rawValue: call) else {
                throw consumerReader.error("calls", expected: "\"requeue!\" or \"reject!\"")
            }
            handler.calls = [parsed]
        }
        let handlers = try input.optionalObject("config").flatMap { config throws(CaseFileError) in
            config.has("error_handlers") ? try config.strings("error_handlers").map(RubyErrorHandler.init(rubyClassName:)) : nil
        }
        worker = RubyWorkerModel(
            profile: profile, errorHandlers: handlers ?? RubyErrorHandler.defaults, defaultSerializer: configuration.serializer,
            scheduleConnected: try input.bool("schedule", default: false))
    }
}
