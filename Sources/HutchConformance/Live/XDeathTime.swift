import HutchConventions

/// The `x-death` `time` fields: the broker's clock when it dead-lettered, which no
/// recording can fix. Checked by shape (a timestamp near the live clock), then the
/// recorded value is put in so that everything else compares exactly.
enum XDeathTime {
    /// `live` with each `x-death[i].time` replaced by the recorded one at the same place.
    /// A live time that is not a timestamp within `tolerance` seconds of `clock` is a
    /// difference at `path` — unless it is the recorded time itself: an entry the broker
    /// updated (count 2) keeps the time of the copy MaxRetry republished, which carried
    /// the recorded value.
    static func adopt(
        _ live: FieldTable?, recorded: FieldTable?, clock: Double, tolerance: Double, path: String, differ: inout ModelDiffer
    ) -> FieldTable? {
        guard var table = live else { return nil }
        for index in table.entries.indices where table.entries[index].key == "x-death" {
            guard case .array(var deaths) = table.entries[index].value else { continue }
            let recordedDeaths: [FieldValue]
            if case .array(let items)? = recorded?["x-death"] { recordedDeaths = items } else { recordedDeaths = [] }
            for (position, death) in deaths.enumerated() {
                guard case .table(var entry) = death else { continue }
                for field in entry.entries.indices where entry.entries[field].key == "time" {
                    let place = "\(path)[\(index)].x-death[\(position)].time"
                    guard case .timestamp(let seconds) = entry.entries[field].value else {
                        differ.note(place, ruby: "a timestamp (T)", swift: ModelDiffer.render(entry.entries[field].value))
                        continue
                    }
                    var recordedTime: FieldValue?
                    if position < recordedDeaths.count, case .table(let recordedEntry) = recordedDeaths[position] {
                        recordedTime = recordedEntry["time"]
                    }
                    if !NondeterministicShape.isNear(seconds, clock, tolerance: tolerance) && recordedTime != .timestamp(seconds) {
                        differ.note(place, ruby: "near the broker's clock \(Int64(clock))", swift: "T \(seconds)")
                    }
                    if let recordedTime { entry.entries[field].value = recordedTime }
                }
                deaths[position] = .table(entry)
            }
            table.entries[index].value = .array(deaths)
        }
        return table
    }
}
