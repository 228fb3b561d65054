import Foundation

extension Duration {
    /// The duration in seconds, as Foundation's networking types take it.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration as errors show it: `15 s`, `2.5 s`.
    var secondsText: String {
        let seconds = timeInterval
        return seconds == seconds.rounded() ? "\(Int64(seconds)) s" : "\(seconds) s"
    }
}
