extension VersionProfile {
    /// The `Hutch::Config` settings this profile has (see ``HutchSettings``).
    public var hutchSettings: HutchSettings { HutchSettings(profile: self) }
}
