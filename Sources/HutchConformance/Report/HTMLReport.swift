/// The run as one self-contained HTML page: a matrix of cases (rows) × Hutch
/// versions (columns), each cell showing one badge per check, filterable by text,
/// kind and status, with every difference shown under its case.
package struct HTMLReport: Sendable {
    /// The page title.
    package var title: String

    /// Creates a report.
    package init(title: String = "hutch-conformance") { self.title = title }

    /// The HTML document.
    package func html(for report: RunReport) -> String {
        let corpora = Self.ordered(report.results.map(\.corpus))
        let ids = Self.ordered(report.results.map(\.id)).sorted()
        let kinds = Self.ordered(report.results.map(\.kind)).sorted()
        var byKey: [String: CaseResult] = [:]
        for result in report.results { byKey["\(result.corpus)\u{0}\(result.id)"] = result }

        var rows: [String] = []
        var details: [String] = []
        for id in ids {
            let cells = corpora.map { corpus -> String in
                guard let result = byKey["\(corpus)\u{0}\(id)"] else { return #"<td class="none">—</td>"# }
                return Self.cell(result)
            }
            let statuses = corpora.compactMap { byKey["\($0)\u{0}\(id)"]?.status.name }
            let failing = corpora.contains { byKey["\($0)\u{0}\(id)"]?.status.isFailure == true }
            let kind = id.split(separator: "/").first.map(String.init) ?? ""
            rows.append(
                ##"<tr data-id="\##(escape(id))" data-kind="\##(escape(kind))" data-status="\##(failing ? "failing" : "ok")" data-statuses="\##(statuses.joined(separator: " "))"><th scope="row"><a href="#\##(Self.anchor(id))">\##(escape(id))</a></th>\##(cells.joined())</tr>"##
            )
            let problems = corpora.compactMap { byKey["\($0)\u{0}\(id)"] }.filter { $0.status != .passed }
            if !problems.isEmpty { details.append(Self.details(id: id, results: problems)) }
        }
        let header = corpora.map { "<th scope=\"col\">\(escape($0))</th>" }.joined()
        let kindOptions = kinds.map { "<option value=\"\(escape($0))\">\(escape($0))</option>" }.joined()
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>\(Self.css)</style></head>
            <body>
            <h1>\(escape(title))</h1>
            <p class="summary" id="summary">\(escape(report.summaryLine))</p>
            <p class="counts">\(report.passed) passed · \(report.differed) differ from Ruby · \(report.unsupported) unsupported · \(report.unreadable) unreadable · \(report.skipped) skipped · \(report.expectedFailures) expected failures · \(report.unexpectedPasses) unexpected passes</p>
            <form class="filters" onsubmit="return false">
            <label>Case <input id="filter-text" type="search" placeholder="publish/floats"></label>
            <label>Kind <select id="filter-kind"><option value="">all</option>\(kindOptions)</select></label>
            <label>Status <select id="filter-status"><option value="">all</option><option value="failing">failing</option><option value="ok">passing or skipped</option></select></label>
            <span id="shown"></span>
            </form>
            <table id="matrix"><thead><tr><th scope="col">case</th>\(header)</tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            <h2>Differences and problems</h2>
            \(details.isEmpty ? "<p>None: every case agrees with Ruby.</p>" : details.joined(separator: "\n"))
            <script>\(Self.script)</script>
            </body></html>

            """
    }

    private static func ordered(_ names: [String]) -> [String] {
        var seen: [String] = []
        for name in names where !seen.contains(name) { seen.append(name) }
        return seen
    }

    private static func anchor(_ id: String) -> String {
        "case-" + id.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    private static func cell(_ result: CaseResult) -> String {
        let badges: String
        if result.checks.isEmpty {
            badges =
                "<span class=\"badge \(result.status.name)\" title=\"\(escape(result.status.reason ?? result.status.name))\">\(escape(result.status.name))</span>"
        } else {
            badges = result.checks.map { check in
                let state = check.passed ? "pass" : (result.status == .expectedFailure ? "xfail" : "fail")
                return
                    "<span class=\"badge \(state)\" title=\"\(escape(check.name)): \(check.passed ? "agrees with Ruby" : "\(check.differences.count) difference(s)")\">\(escape(check.name))</span>"
            }.joined()
        }
        return "<td class=\"\(result.status.name)\">\(badges)</td>"
    }

    private static func details(id: String, results: [CaseResult]) -> String {
        var parts = ["<section class=\"case\" id=\"\(anchor(id))\"><h3>\(escape(id))</h3>"]
        for result in results {
            parts.append(
                "<details open><summary>\(escape(result.corpus)): \(escape(result.status.name))\(result.status.reason.map { " — " + escape($0) } ?? "")</summary>"
            )
            if !result.file.isEmpty { parts.append("<p class=\"file\">\(escape(result.file))</p>") }
            for check in result.checks where !check.passed {
                parts.append(
                    "<table class=\"diff\"><caption>\(escape(check.name))</caption><tr><th>field</th><th>Ruby</th><th>Swift</th></tr>")
                for difference in check.differences {
                    parts.append(
                        "<tr><td>\(escape(difference.path))</td><td>\(escape(difference.ruby))</td><td>\(escape(difference.swift))</td></tr>"
                    )
                }
                parts.append("</table>")
            }
            parts.append("</details>")
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    private static let css = """
        body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1d1d1f}
        h1{font-size:1.4em;margin:0 0 .3em}.summary{font-size:1.2em;font-weight:600}
        .filters{margin:1em 0;display:flex;gap:1em;align-items:center}
        table{border-collapse:collapse}#matrix th,#matrix td{border:1px solid #ddd;padding:3px 6px;vertical-align:top}
        #matrix thead th{position:sticky;top:0;background:#f5f5f7}#matrix th[scope=row]{text-align:left;font-weight:500;white-space:nowrap}
        .badge{display:inline-block;margin:1px;padding:0 5px;border-radius:3px;font-size:11px;color:#fff}
        .badge.pass{background:#2e7d32}.badge.fail{background:#c62828}.badge.xfail{background:#ef6c00}
        .badge.skipped{background:#757575}.badge.unsupported,.badge.unreadable{background:#6a1b9a}.badge.unexpected_pass{background:#c62828}
        td.none{color:#aaa;text-align:center}.diff{margin:.5em 0;font-family:ui-monospace,monospace;font-size:12px}
        .diff td,.diff th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top;word-break:break-all}
        .diff caption{text-align:left;font-weight:600}.file{color:#666;font-size:12px}
        tr.hidden{display:none}
        """

    private static let script = """
        (function(){
          var text=document.getElementById('filter-text'),kind=document.getElementById('filter-kind'),
              status=document.getElementById('filter-status'),shown=document.getElementById('shown');
          function apply(){
            var rows=document.querySelectorAll('#matrix tbody tr'),n=0,q=text.value.toLowerCase();
            rows.forEach(function(r){
              var ok=(!q||r.dataset.id.toLowerCase().indexOf(q)>=0)&&(!kind.value||r.dataset.kind===kind.value)&&(!status.value||r.dataset.status===status.value);
              r.classList.toggle('hidden',!ok); if(ok) n++;
            });
            shown.textContent=n+' of '+rows.length+' cases shown';
          }
          [text,kind,status].forEach(function(e){e.addEventListener('input',apply);e.addEventListener('change',apply);});
          apply();
        })();
        """
}
