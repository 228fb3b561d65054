/// Hutch's queue naming: `Hutch::Consumer.get_queue_name` plus the configured
/// namespace prefix, per Hutch version.
///
/// These functions return the name Hutch computes in Ruby. Bunny then removes every
/// carriage return and line feed before sending `queue.declare` (see ``wireName(_:)``);
/// ``TopologyPlan`` applies that last step.
public enum QueueName {
    /// The queue name Hutch derives from a consumer's class name.
    ///
    /// Mirrors `get_queue_name` (identical in Hutch 1.1.0 to 1.4.0): every `::` becomes
    /// `:`; an underscore is inserted between any character that is neither `A`–`Z` nor
    /// `:` and a following `A`–`Z`; then the whole name is downcased with Ruby's full
    /// Unicode `String#downcase`. Consequences: acronyms stay together
    /// (`HTTPClientConsumer` → `httpclient_consumer`), an existing underscore still
    /// gets one more (`Foo_Bar` → `foo__bar`), digits count as lower case
    /// (`V2Consumer` → `v2_consumer`), and non-ASCII capitals never start a word
    /// (`ÉcoleConsumer` → `école_consumer`). Characters are Unicode scalars, as Ruby's
    /// regexps see them.
    public static func derived(fromClassName className: String) -> String {
        var colonsJoined = String.UnicodeScalarView()
        var scalars = className.unicodeScalars[...]
        while let first = scalars.first {
            if first == ":", scalars.dropFirst().first == ":" {
                colonsJoined.append(":")
                scalars = scalars.dropFirst(2)
            } else {
                colonsJoined.append(first)
                scalars = scalars.dropFirst()
            }
        }
        // Ruby's gsub does not let matches overlap, but the upper-case half of one match
        // (`A`-`Z`) can never be the leading half of the next, so a pairwise scan is exact.
        var separated = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in colonsJoined {
            if let before = previous, isASCIIUppercase(scalar), !isASCIIUppercase(before), before != ":" {
                separated.append("_")
            }
            separated.append(scalar)
            previous = scalar
        }
        return String(separated).lowercased()
    }

    /// The namespace as Hutch prefixes it, or `nil` when there is no prefix.
    ///
    /// Mirrors `namespace.to_s.downcase.gsub(/[^-_:\.\w]/, "")` followed by
    /// `present?`: the namespace is downcased with Ruby's full Unicode case mapping,
    /// then every Unicode scalar other than ASCII letters, digits, `_`, `-`, `:` and
    /// `.` is removed (Ruby's `\w` is ASCII-only), so `"My App"` → `"myapp"`,
    /// `"café"` → `"caf"`, `"Web!"` → `"web"`. A namespace left empty (`nil`, `""`,
    /// `"   "`, `"é"`) means no prefix.
    public static func namespacePrefix(_ namespace: String?) -> String? {
        guard let namespace else { return nil }
        var kept = String.UnicodeScalarView()
        for scalar in namespace.lowercased().unicodeScalars where isNamespaceScalar(scalar) {
            kept.append(scalar)
        }
        return kept.isEmpty ? nil : String(kept)
    }

    /// `name` with the namespace prefix, `"<namespace>:<name>"`, or `name` unchanged
    /// when the namespace gives no prefix (see ``namespacePrefix(_:)``).
    ///
    /// Mirrors `Broker#queue` before Hutch 1.4.0 and `Broker#namespaced_queue_name`
    /// from 1.4.0. Explicit queue names are prefixed too, and are not downcased.
    public static func namespaced(_ name: String, namespace: String?) -> String {
        guard let prefix = namespacePrefix(namespace) else { return name }
        return "\(prefix):\(name)"
    }

    /// The name Hutch gives a consumer's queue, before bunny's line-break stripping.
    ///
    /// The base name is the consumer's explicit `queue_name` when set (kept as
    /// written), else ``derived(fromClassName:)``. The namespace applies unless:
    /// - the consumer called `without_namespace` and the profile's Hutch has it
    ///   (≥ 1.4.0, plain Hutch worker), or
    /// - hutch-schedule is loaded on Hutch ≥ 1.4.0: its patched worker calls
    ///   `Broker#queue`, which no longer namespaces, and never asks for the
    ///   namespaced name (see `VersionProfile.consumerQueuesNamespaced`).
    public static func `for`(_ consumer: ConsumerDefinition, namespace: String?, profile: VersionProfile)
        -> String
    {
        let base = consumer.queueName ?? derived(fromClassName: consumer.className)
        guard profile.consumerQueuesNamespaced else { return base }
        if consumer.withoutNamespace && profile.supportsWithoutNamespace && !profile.hutchScheduleLoaded {
            return base
        }
        return namespaced(base, namespace: namespace)
    }

    /// The queue name bunny puts in `queue.declare`: `name` without any carriage return
    /// or line feed (bunny's `name.gsub(/[\r\n]/, "")`, "as RabbitMQ does"). Bindings
    /// and `basic.consume` then use the name the broker confirmed, which is this one.
    public static func wireName(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }))
    }

    private static func isASCIIUppercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x41 && scalar.value <= 0x5A
    }

    private static func isNamespaceScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x5F, 0x2D, 0x3A, 0x2E: true
        default: false
        }
    }
}
