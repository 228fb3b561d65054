import Foundation
import HutchConformance
import Testing

@Suite struct HTMLReportTests {
    @Test func holdsTheMatrixAndTheDifferences() throws {
        let html = HTMLReport().html(for: try SampleReport.make())
        #expect(html.contains(#"<th scope="col">hutch-1.3.1</th>"#))
        #expect(html.contains(#"<th scope="col">hutch-1.4.0</th>"#))
        #expect(html.contains(#"data-id="publish/floats""#))
        #expect(html.contains(#"<span class="badge fail" title="fields: 2 difference(s)">fields</span>"#))
        #expect(html.contains("<td>expected.body</td>"))
        #expect(html.contains("needs Hutch 1.1.1 &lt;&amp; &quot;quotes&quot;&gt;"))
        #expect(!html.contains("<link ") && !html.contains("src=\"http"), "the page must be self-contained")
    }

    /// Opens the report in headless Chromium: the script runs (the filter line is
    /// filled in), the matrix is in the rendered DOM, and a screenshot is taken.
    @Test(.enabled(if: ExternalTool.chromium != nil, "Chromium is not installed (Debian chromium); the browser check cannot run"))
    func rendersInAHeadlessBrowser() async throws {
        let browser = try #require(ExternalTool.chromium)
        let page = ExternalTool.temporaryFile("report.html")
        let shot = ExternalTool.temporaryFile("report.png")
        try HTMLReport().html(for: try SampleReport.make()).write(to: page, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(at: page)
            try? FileManager.default.removeItem(at: shot)
        }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,800"]
        let dom = try await ExternalTool.run(browser, common + ["--dump-dom", page.absoluteString])
        #expect(dom.status == 0)
        #expect(dom.output.contains("3 of 3 cases shown"))
        #expect(dom.output.contains("publish/floats"))
        let screenshot = try await ExternalTool.run(browser, common + ["--screenshot=\(shot.path)", page.absoluteString])
        #expect(screenshot.status == 0)
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // The IHDR chunk holds the width and height, big-endian, at bytes 16-23.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1200 && height == 800)
        #expect(png.count > 10_000, "a blank page would compress to almost nothing")
    }
}
