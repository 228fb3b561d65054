extension VersionProfile {
    /// The `Hutch::Config` settings this profile has (see ``HutchSettings``).
    package var hutchSettings: HutchSettings { HutchSettings(profile: self) }
}
