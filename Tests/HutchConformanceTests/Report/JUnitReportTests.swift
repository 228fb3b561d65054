import Foundation
import HutchConformance
import Testing

@Suite struct JUnitReportTests {
    @Test func countsFailuresErrorsAndSkips() throws {
        let xml = JUnitReport(timestamp: Date(timeIntervalSince1970: 0)).xml(for: try SampleReport.make())
        #expect(xml.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#))
        #expect(xml.contains(#"<failure message="2 difference(s) from Ruby" type="difference">expected.body"#))
        #expect(xml.contains(#"<error message="unreadable case file" type="error">"#))
        #expect(xml.contains(#"<skipped message="needs Hutch 1.1.1 &lt;&amp; &quot;quotes&quot;&gt;"/>"#))
        #expect(xml.contains(#"classname="hutch-1.3.1.publish.floats" name="fields""#))
        #expect(xml.contains(#"timestamp="1970-01-01T00:00:00""#))
    }

    @Test(.enabled(if: ExternalTool.xmllint != nil, "xmllint is not installed (Debian libxml2-utils); the schema check cannot run"))
    func validatesAgainstTheJUnitSchema() async throws {
        let xml = JUnitReport().xml(for: try SampleReport.make())
        let file = ExternalTool.temporaryFile("junit.xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let schema = URL(fileURLWithPath: TestCorpus.root).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance/schemas/junit.xsd").path
        let result = try await ExternalTool.run(try #require(ExternalTool.xmllint), ["-noout", "-schema", schema, file.path])
        #expect(result.status == 0)
    }

    @Test(.enabled(if: ExternalTool.xmllint != nil, "xmllint is not installed (Debian libxml2-utils); the schema check cannot run"))
    func aBrokenDocumentDoesNotValidate() async throws {
        // The schema check is a real check: a testcase without a name is refused.
        let file = ExternalTool.temporaryFile("broken.xml")
        try #"<testsuites><testsuite name="x" tests="1"><testcase classname="y"/></testsuite></testsuites>"#
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let schema = URL(fileURLWithPath: TestCorpus.root).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance/schemas/junit.xsd").path
        #expect(try await ExternalTool.run(try #require(ExternalTool.xmllint), ["-noout", "-schema", schema, file.path]).status != 0)
    }
}
