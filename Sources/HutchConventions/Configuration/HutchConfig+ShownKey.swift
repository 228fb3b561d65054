extension HutchConfig {
    /// A YAML key as an error shows it: a name (letters, digits, `_`, `-`, `.`; at most 64
    /// characters) as it is, anything else by its length only. A key that is no name is
    /// text a setting's value was meant to be part of — an item of a list of mappings
    /// (`- mq_password: secret`, whose key Ruby prints as the whole Hash) or a `.env` line
    /// (`- HUTCH_MQ_PASSWORD=secret`) — and may hold a password.
    static func shownKey(_ key: String) -> String {
        let isName =
            !key.isEmpty && key.utf8.count <= 64
            && key.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0))
            }
        return isName ? key : "a key of \(key.count) characters that is not a name (not shown: it may hold a password)"
    }
}
