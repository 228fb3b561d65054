/// A gem version, `major.minor.patch`, ordered numerically.
public struct GemVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The numeric components (missing ones are 0).
    package let major: Int, minor: Int, patch: Int

    /// Creates a version from its components.
    public init(_ major: Int, _ minor: Int, _ patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `"1.3.1"` (a pre-release tail such as `"2.0.0.rc1"` is ignored); `nil`
    /// when the text does not start with a number.
    package init?(_ text: String) {
        let numbers = text.split(separator: ".").prefix(3).map { Int($0) }
        guard let major = numbers.first ?? nil else { return nil }
        self.init(major, numbers.count > 1 ? numbers[1] ?? 0 : 0, numbers.count > 2 ? numbers[2] ?? 0 : 0)
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (lhs: GemVersion, rhs: GemVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}

/// Which Ruby side a behaviour is modelled for: the Hutch version, and whether
/// hutch-schedule was required (it patches Hutch's worker and configuration).
///
/// Behaviours that differ between versions are properties here, each naming the
/// release where it changed, so a rule reads `if profile.delayQueuesDeclaredWithArguments`.
public struct VersionProfile: Sendable, Hashable {
    /// The Hutch gem version.
    package var hutch: GemVersion
    /// `require 'hutch-schedule'` happened (hutch-schedule 0.7.3 is the modelled version).
    package var hutchScheduleLoaded: Bool
    /// The bunny version loaded with Hutch, when known (a recording's `recorded_with.bunny`);
    /// `nil` means the one Hutch's gemspec asks for (see ``bunnyMajorVersion``).
    package var bunny: GemVersion?

    /// Creates a profile.
    public init(hutch: GemVersion, hutchScheduleLoaded: Bool, bunny: GemVersion? = nil) {
        self.hutch = hutch
        self.hutchScheduleLoaded = hutchScheduleLoaded
        self.bunny = bunny
    }

    /// Hutch 1.3.1 with hutch-schedule loaded: the pairing most shops run.
    public static let `default` = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true)

    /// `Broker#queue` takes an arguments hash (Hutch < 1.1.1). From 1.1.1 it takes
    /// options, so hutch-schedule 0.7.3's delay queues lose their TTL and dead-letter
    /// exchange and become non-durable, and its worker's consumer queues lose their
    /// arguments and durability.
    package var brokerQueueTakesArguments: Bool { hutch < GemVersion(1, 1, 1) }

    /// `Hutch::Consumer.queue_options` exists (Hutch ≥ 1.1.1).
    package var supportsQueueOptions: Bool { hutch >= GemVersion(1, 1, 1) }

    /// `Hutch::Consumer.without_namespace` exists (Hutch ≥ 1.4.0).
    package var supportsWithoutNamespace: Bool { hutch >= GemVersion(1, 4, 0) }

    /// Plain Hutch's worker acks after a handler called `requeue!` / `reject!`
    /// (Hutch < 1.2.0; the broker then closes the channel with 406).
    package var plainWorkerAcksAfterReject: Bool { hutch < GemVersion(1, 2, 0) }

    /// `mq_auth_mechanism` is a setting (Hutch ≥ 1.2.0).
    package var hasAuthMechanismSetting: Bool { hutch >= GemVersion(1, 2, 0) }

    /// `connection_name` and `mq_client_properties` are settings (Hutch ≥ 1.3.0).
    package var hasConnectionNameSetting: Bool { hutch >= GemVersion(1, 3, 0) }
}
