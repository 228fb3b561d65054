import HutchConventions

extension CaseResult.Check {
    /// A live check could not start: the case's topology plan gave no consumer queue to
    /// read from (the plan's failure says why).
    static func noConsumerQueue(_ plan: TopologyPlan) -> CaseResult.Check {
        CaseResult.Check(
            name: "live setup",
            differences: [
                Difference(path: "topology", ruby: "a consumer queue", swift: "the plan failed: \(String(describing: plan.failure))")
            ])
    }
}
