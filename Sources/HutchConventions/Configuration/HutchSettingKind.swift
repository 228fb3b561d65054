/// How `Hutch::Config` declares a setting, which decides how a value given for it
/// is converted (Hutch's `type_cast`).
package enum HutchSettingKind: Sendable, Hashable {
    /// Declared with `string_setting`: values are kept as given (except the exact
    /// String `"false"`, which every setting turns into `false`).
    case string
    /// Declared with `number_setting`: values go through Ruby's `to_i`.
    case number
    /// Declared with `boolean_setting`: values go through Hutch's `to_bool`.
    case boolean
    /// Only present in Hutch's default hash (`mq_exchange_options`, `log_level`,
    /// `tracer`…): no environment variable, values kept as given.
    case other
}
