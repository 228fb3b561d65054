import HutchConventions
import Testing

@Suite struct JSONObjectTests {
    @Test func hashAssignmentSemantics() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = 3
        object["c"] = 4
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["a"] == 3)
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object.removeValue(forKey: "zz") == nil)
    }

    @Test(arguments: [5, 16, 17, 40, 1000])
    func bigObjectsKeepOrderAndIndex(_ count: Int) {
        var object = JSONObject()
        for i in 0..<count { object["k\(i)"] = .int(Int64(i)) }
        for i in stride(from: 0, to: count, by: 3) { object["k\(i)"] = .int(-1) }
        for i in stride(from: 1, to: count, by: 5) { object["k\(i)"] = nil }
        var expected: [String] = []
        for i in 0..<count where i % 5 != 1 { expected.append("k\(i)") }
        #expect(object.keys == expected)
        for i in 0..<count {
            let value = object["k\(i)"]
            if i % 5 == 1 {
                #expect(value == nil)
            } else {
                #expect(value == .int(i % 3 == 0 ? -1 : Int64(i)))
            }
        }
        object["new"] = true
        #expect(object.keys.last == "new")
        #expect(object.position(ofKey: "new") == object.count - 1)
    }

    @Test func parsingManyKeysIsLinear() throws {
        var text = "{"
        for i in 0..<50_000 { text += (i == 0 ? "" : ",") + "\"key\(i)\":\(i)" }
        text += "}"
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let value = try RubyJSON.parse(text)
            #expect(value.objectValue?.count == 50_000)
        }
        #expect(elapsed < .seconds(5))
    }
}
