import HutchConventions
import HutchManagement

extension BrokerPolicy {
    /// The policies listed under `key` of `reader` (`broker_policies`).
    static func read(_ reader: FieldReader, key: String = "broker_policies") throws(CaseFileError) -> [BrokerPolicy] {
        guard reader.optionalValue(key) != nil else { return [] }
        var policies: [BrokerPolicy] = []
        for policy in try reader.objects(key) {
            policies.append(
                BrokerPolicy(
                    name: try policy.string("name"), pattern: try policy.string("pattern"),
                    definition: try policy.object("definition").object,
                    applyTo: try policy.optionalString("apply_to") ?? "queues"))
        }
        return policies
    }
}
