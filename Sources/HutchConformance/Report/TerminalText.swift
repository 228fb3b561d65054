/// Text made safe for a terminal: control characters (C0, DEL, C1), bidirectional
/// overrides and line separators are written as escapes, so a recorded value cannot move
/// the cursor, clear the screen or fake a report line, and values that differ only in
/// such characters look different.
///
/// `"a\u{1B}[2Jb\r\n"` prints as `a\e[2Jb\r\n`; other characters are kept.
package enum TerminalText {
    /// `text` with every control character escaped (`\n`, `\r`, `\t`, `\e`, else
    /// `\u{…}`).
    package static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{1B}": out += "\\e"
            default: out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL, C1 (CSI is 0x9B)
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional marks and overrides
        case 0x2028, 0x2029: true  // line and paragraph separators
        default: false
        }
    }
}
