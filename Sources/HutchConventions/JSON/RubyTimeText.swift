#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The text forms Ruby gives a `Time` in JSON, written and read without Foundation's
/// formatters (proleptic Gregorian calendar, whole seconds or milliseconds).
enum RubyTimeText {
    struct Civil {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    /// Civil time for seconds since 1970 (days-from-civil, Howard Hinnant's algorithm).
    static func civil(fromUnixSeconds seconds: Int) -> Civil {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return Civil(
            year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
            second: secondOfDay % 60)
    }

    /// Seconds since 1970 for a civil time in UTC.
    static func unixSeconds(_ c: Civil) -> Int {
        let y = c.month <= 2 ? c.year - 1 : c.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (c.month > 2 ? c.month - 3 : c.month + 9) + 2) / 5 + c.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + c.hour * 3600 + c.minute * 60 + c.second
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value.magnitude)
        let padded = text.count < width ? String(repeating: "0", count: width - text.count) + text : text
        return value < 0 ? "-" + padded : padded
    }

    /// Whole seconds and milliseconds, both rounded down as Ruby truncates sub-seconds.
    private static func split(_ date: Date) -> (seconds: Int, milliseconds: Int) {
        let millis = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let total = Int(millis)
        let seconds = total >= 0 ? total / 1000 : (total - 999) / 1000
        return (seconds, total - seconds * 1000)
    }

    /// `Time#to_s`: `2026-11-27 03:43:53 UTC` for a UTC time, `… +0100` with an offset.
    static func timeToS(_ date: Date, utcOffsetSeconds: Int?) -> String {
        let c = civil(fromUnixSeconds: split(date).seconds + (utcOffsetSeconds ?? 0))
        let zone: String
        if let offset = utcOffsetSeconds {
            let minutes = offset.magnitude / 60
            zone = (offset < 0 ? "-" : "+") + pad(Int(minutes / 60), 2) + pad(Int(minutes % 60), 2)
        } else {
            zone = "UTC"
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)) \(zone)"
    }

    /// ActiveSupport's `Time#as_json` for a UTC time: `xmlschema(3)`, `2026-11-27T03:43:53.000Z`.
    static func activeSupport(_ date: Date) -> String {
        let (seconds, millis) = split(date)
        let c = civil(fromUnixSeconds: seconds)
        return
            "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(millis, 3))Z"
    }

    /// Reads either form: `YYYY-MM-DD HH:MM:SS (UTC|±HHMM)` or
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= b.count else { return nil }
            var value = 0
            for i in range {
                guard b[i] &- UInt8(ascii: "0") < 10 else { return nil }
                value = value * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return value
        }
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"),
            b[16] == UInt8(ascii: ":"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < b.count, b[index] &- UInt8(ascii: "0") < 10 {
                fraction += Double(b[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
        }
        if index < b.count, b[index] == UInt8(ascii: " ") { index += 1 }
        let rest = String(decoding: b[index...], as: UTF8.self)
        var offset = 0
        switch rest {
        case "UTC", "Z", "":
            offset = 0
        default:
            let r = Array(rest.utf8)
            let digits = r.dropFirst().filter { $0 != UInt8(ascii: ":") }
            guard r.count >= 5, r[0] == UInt8(ascii: "+") || r[0] == UInt8(ascii: "-"), digits.count == 4,
                digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 })
            else { return nil }
            let d = digits.map { Int($0 - UInt8(ascii: "0")) }
            offset = ((d[0] * 10 + d[1]) * 60 + d[2] * 10 + d[3]) * 60 * (r[0] == UInt8(ascii: "-") ? -1 : 1)
        }
        let civil = Civil(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return Date(timeIntervalSince1970: Double(unixSeconds(civil) - offset) + fraction)
    }
}
