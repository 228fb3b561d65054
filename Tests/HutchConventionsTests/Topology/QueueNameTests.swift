import Testing

@testable import HutchConventions

@Suite struct QueueNameTests {
    static let plain131 = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)
    static let plain140 = VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false)
    static let schedule131 = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true)
    static let schedule140 = VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: true)

    // Expected values checked with Ruby 3.1 running Hutch's get_queue_name rule.
    @Test(arguments: [
        ("ÉcoleConsumer", "école_consumer"),
        ("CaféConsumer", "café_consumer"),
        ("ΣΑΣConsumer", "σασ_consumer"),
        ("İstanbul", "i\u{307}stanbul"),
        ("straßeConsumer", "straße_consumer"),
        ("A::::B", "a::b"),
        ("aB:Cd", "a_b:cd"),
        ("x1Y", "x1_y"),
        ("HTTPClientConsumer", "httpclient_consumer"),
        ("Foo_Bar", "foo__bar"),
        ("e\u{301}B", "e\u{301}_b")
    ])
    func derivedNames(_ className: String, _ expected: String) {
        #expect(QueueName.derived(fromClassName: className).unicodeScalars.elementsEqual(expected.unicodeScalars))
    }

    @Test(arguments: [
        (String?.none, String?.none),
        ("", nil),
        ("   ", nil),
        ("é!?", nil),
        ("ǅ", nil),
        ("café", "caf"),
        ("CAFÉ", "caf"),
        ("\u{212A}elvin", "kelvin"),  // KELVIN SIGN downcases to ASCII k
        ("İX", "ix"),
        ("a:b.c-d_e", "a:b.c-d_e"),
        ("x/y z", "xyz")
    ])
    func namespacePrefix(_ namespace: String?, _ expected: String?) {
        #expect(QueueName.namespacePrefix(namespace) == expected)
    }

    @Test func explicitNamesKeepTheirCaseAndAreNamespaced() {
        let consumer = ConsumerDefinition(className: "X", routingKeys: [], queueName: "Mixed.Case")
        #expect(QueueName.for(consumer, namespace: "NS", profile: Self.plain131) == "ns:Mixed.Case")
        #expect(QueueName.for(consumer, namespace: "!!!", profile: Self.plain131) == "Mixed.Case")
    }

    @Test func withoutNamespaceOnlyFrom140() {
        let consumer = ConsumerDefinition(className: "PlanConsumer", routingKeys: [], withoutNamespace: true)
        #expect(QueueName.for(consumer, namespace: "shop", profile: Self.plain140) == "plan_consumer")
        // Hutch 1.3.1 has no without_namespace; the flag cannot apply there.
        #expect(QueueName.for(consumer, namespace: "shop", profile: Self.plain131) == "shop:plan_consumer")
    }

    @Test func hutchScheduleWorkerOn140NeverNamespaces() {
        let consumer = ConsumerDefinition(className: "PlanConsumer", routingKeys: [])
        #expect(QueueName.for(consumer, namespace: "shop", profile: Self.schedule131) == "shop:plan_consumer")
        #expect(QueueName.for(consumer, namespace: "shop", profile: Self.schedule140) == "plan_consumer")
    }

    @Test func wireNameDropsLineBreaks() {
        #expect(QueueName.wireName("a\r\nb\nc\r") == "abc")
        #expect(QueueName.wireName("plain") == "plain")
    }
}
