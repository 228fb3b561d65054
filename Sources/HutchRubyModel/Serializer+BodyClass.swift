import HutchConventions

extension Serializer {
    /// The Ruby class name of `message.body` this serializer produces.
    ///
    /// `Hutch::Serializers::JSON.decode` ends in `with_indifferent_access`, so its bodies
    /// are `ActiveSupport::HashWithIndifferentAccess` (nested hashes too) in every
    /// modelled Hutch version, with or without hutch-schedule. `Identity.decode` returns
    /// the payload String itself.
    package var bodyClassName: String {
        switch self {
        case .json: "ActiveSupport::HashWithIndifferentAccess"
        case .identity: "String"
        }
    }
}
