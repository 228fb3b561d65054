/// The AMQP methods this codec models, by class and method id.
enum MethodCatalog {
    /// The specification name of a supported method (`"basic.publish"`), else `nil`.
    static func name(classID: UInt16, methodID: UInt16) -> String? {
        switch (classID, methodID) {
        case (10, 50): "connection.close"
        case (20, 40): "channel.close"
        case (40, 10): "exchange.declare"
        case (50, 10): "queue.declare"
        case (50, 20): "queue.bind"
        case (60, 10): "basic.qos"
        case (60, 20): "basic.consume"
        case (60, 40): "basic.publish"
        case (60, 60): "basic.deliver"
        case (60, 80): "basic.ack"
        case (60, 90): "basic.reject"
        case (60, 120): "basic.nack"
        default: nil
        }
    }

    /// Every supported method as `name (class.method)`, for error messages.
    static var supportedList: String {
        "connection.close (10.50), channel.close (20.40), exchange.declare (40.10), "
            + "queue.declare (50.10), queue.bind (50.20), basic.qos (60.10), basic.consume (60.20), "
            + "basic.publish (60.40), basic.deliver (60.60), basic.ack (60.80), basic.reject (60.90), "
            + "basic.nack (60.120)"
    }
}
