import HutchConventions
import Testing

@Suite struct TopicPatternTests {
    @Test(arguments: [
        ("a.b", "a.b", true), ("a.b", "a.c", false), ("a.*", "a.b", true), ("a.*", "a.b.c", false), ("a.*", "a", false),
        ("a.#", "a", true), ("a.#", "a.b.c", true), ("#", "", true), ("#", "x.y", true), ("#.c", "a.b.c", true),
        ("*.b.#", "a.b", true), ("*.b.#", "b", false), ("a.#.c", "a.c", true), ("a.#.c", "a.x.y.c", true), ("a.#.c", "a.x.y", false),
        ("a..b", "a..b", true), ("a.*.b", "a..b", true), ("shop.invoice.created", "shop.invoice.created.v2", false)
    ])
    func topicBindingsMatchAsRabbitMQRoutes(_ binding: String, _ key: String, _ expected: Bool) {
        #expect(TopicPattern.matches(binding, key) == expected)
    }
}
