import Hutch
import Testing

@Suite struct ConsumerGroupsTests {
    let names = ["InvoiceConsumer", "RefundConsumer", "MailConsumer"]

    @Test func noGroupRunsEveryConsumer() {
        #expect(ConsumerGroups.selected(names, group: nil, groups: [:]) == names)
        #expect(ConsumerGroups.selected(names, group: "  ", groups: ["x": []]) == names)
    }

    @Test func aGroupRunsOnlyItsConsumers() {
        let groups = ["billing": ["InvoiceConsumer", "RefundConsumer"], "mail": ["MailConsumer"]]
        #expect(ConsumerGroups.selected(names, group: "billing", groups: groups) == ["InvoiceConsumer", "RefundConsumer"])
        #expect(ConsumerGroups.selected(names, group: "mail", groups: groups) == ["MailConsumer"])
    }

    @Test func anUnknownGroupRunsNothingAsInHutch() {
        #expect(ConsumerGroups.selected(names, group: "other", groups: ["billing": ["InvoiceConsumer"]]).isEmpty)
    }
}
