/// The three ways a Hutch-side Hash ends up as bunny's `Channel#queue` options.
///
/// See ``VersionProfile/consumerQueueDeclarationStyle`` and
/// ``VersionProfile/delayQueueDeclarationStyle`` for which Ruby code uses which.
package enum QueueDeclarationStyle: Sendable, Hashable {
    /// `channel.queue(name, durable: true, arguments: hash)`: Hutch < 1.1.1's
    /// `Broker#queue(name, arguments)`.
    case durableWithArguments
    /// `channel.queue(name, **consumer.get_options)`: plain Hutch ≥ 1.1.1.
    case options
    /// `channel.queue(name, **hash)` where the hash was meant as arguments: bunny reads
    /// only Symbol keys such as `:durable` and ignores the rest, so the queue is
    /// non-durable with no arguments (hutch-schedule 0.7.3 on Hutch ≥ 1.1.1).
    case argumentsAsOptions
}
