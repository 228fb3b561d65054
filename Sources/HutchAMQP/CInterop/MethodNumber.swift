internal import CRabbitMQ

/// librabbitmq method numbers (class id << 16 | method id); the header's macros are casts
/// Swift does not import.
enum MethodNumber {
    static let connectionClose = LibRabbitMQCodec.methodNumber(classID: 10, methodID: 50)
    static let connectionCloseOK = LibRabbitMQCodec.methodNumber(classID: 10, methodID: 51)
    static let connectionBlocked = LibRabbitMQCodec.methodNumber(classID: 10, methodID: 60)
    static let connectionUnblocked = LibRabbitMQCodec.methodNumber(classID: 10, methodID: 61)
    static let channelClose = LibRabbitMQCodec.methodNumber(classID: 20, methodID: 40)
    static let channelCloseOK = LibRabbitMQCodec.methodNumber(classID: 20, methodID: 41)
    static let exchangeDeclare = LibRabbitMQCodec.methodNumber(classID: 40, methodID: 10)
    static let exchangeDeclareOK = LibRabbitMQCodec.methodNumber(classID: 40, methodID: 11)
    static let queueDeclare = LibRabbitMQCodec.methodNumber(classID: 50, methodID: 10)
    static let queueDeclareOK = LibRabbitMQCodec.methodNumber(classID: 50, methodID: 11)
    static let queueBind = LibRabbitMQCodec.methodNumber(classID: 50, methodID: 20)
    static let queueBindOK = LibRabbitMQCodec.methodNumber(classID: 50, methodID: 21)
    static let basicQos = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 10)
    static let basicQosOK = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 11)
    static let basicConsume = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 20)
    static let basicConsumeOK = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 21)
    static let basicCancel = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 30)
    static let basicGet = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 70)
    static let basicGetOK = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 71)
    static let basicGetEmpty = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 72)
    static let basicReturn = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 50)
    static let basicDeliver = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 60)
    static let basicAck = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 80)
    static let basicNack = LibRabbitMQCodec.methodNumber(classID: 60, methodID: 120)
}
