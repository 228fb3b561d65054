/// Hutch's consumer groups (`group` and `consumer_groups`), as `Hutch::Worker#setup_queues`
/// applies them.
public enum ConsumerGroups {
    /// The class names of the consumers that run: all of them without a group; with a
    /// group, those listed under it in `groups` — none when the group is not listed
    /// (Hutch's `group_restricted?` is then true for every consumer).
    public static func selected(_ classNames: [String], group: String?, groups: [String: [String]]) -> [String] {
        guard let group, !group.allSatisfy(\.isWhitespace) else { return classNames }
        guard let members = groups[group] else { return [] }
        return classNames.filter(members.contains)
    }
}
