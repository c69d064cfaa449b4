import Foundation
import SinmunCode
import SinmunCollect
import SinmunShow
import SinmunStore
import Testing

@Suite struct ReportTests {
    static let hostile = """
        {"title": "<script>alert('t')</script> Leader & Drones", \
        "body": ["Officials said \\"><img src=x onerror=alert(1)> that artificial intelligence & drones matter.", \
        "A second sentence about the U.S. and AI."], "date": "2024-08-26", "outlet": "kcna", \
        "url": "javascript:alert(1)"}
        {"title": "Plain news", "body": "Nothing about the subject.", "date": "2024-09-02", "outlet": "kcna", \
        "url": "http://example.org/2"}
        {"title": "Farm news", "body": "Farmers harvested rice.", "date": "2024-11-02", "outlet": "kcna", \
        "url": "http://example.org/3"}
        """

    func report(_ feed: String, generatedAt: String = "fixed") throws -> (StudyReport, String, Data, String) {
        let store = try Scratch.store()
        if !feed.isEmpty { _ = try store.importArchive(try Scratch.file("feed.jsonl", feed)) }
        let book = try BuiltInCodebooks.load("ai-discourse")
        _ = try store.code(with: book)
        let report = try store.studyReport(codebook: book, options: ReportOptions(generatedAt: generatedAt))
        return (
            report, try ReportRenderer.html(report), try ReportRenderer.json(report),
            try ReportRenderer.markdown(report)
        )
    }

    @Test func stateMediaTextIsEscaped() throws {
        let (_, html, _, _) = try report(Self.hostile)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("Leader &amp; Drones"))
        #expect(html.contains("<mark>artificial intelligence</mark> &amp; drones"))
        #expect(!html.contains("<script"))  // no script of any kind: the page needs none
    }

    @Test func everyNumberInTheHTMLIsInTheJSON() throws {
        let (_, html, json, _) = try report(Self.hostile)
        let root = try JSONSerialization.jsonObject(with: json)
        let pattern = try NSRegularExpression(pattern: #"<data value="([^"]*)" data-key="([^"]*)">"#)
        let matches = pattern.matches(in: html, range: NSRange(html.startIndex..., in: html))
        #expect(matches.count > 20)
        for match in matches {
            let value = String(html[Range(match.range(at: 1), in: html)!])
            let key = String(html[Range(match.range(at: 2), in: html)!])
            let resolved = Self.resolve(key, in: root)
            let number = try #require(resolved as? NSNumber, "no number at \(key)")
            #expect(Double(value) == number.doubleValue, "\(key): html \(value), json \(number)")
        }
    }

    /// `a.b[2].c` in parsed JSON.
    static func resolve(_ path: String, in root: Any) -> Any? {
        var current: Any? = root
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.last == "]" {
                indices.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)])!, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { current = (current as? [String: Any])?[String(name)] }
            for index in indices { current = (current as? [Any]).flatMap { index < $0.count ? $0[index] : nil } }
        }
        return current
    }

    @Test func sameInputsSameBytes() throws {
        let first = try report(Self.hostile)
        let second = try report(Self.hostile)
        #expect(first.1 == second.1)
        #expect(first.2 == second.2)
        #expect(first.3 == second.3)
        let other = try report(Self.hostile, generatedAt: "2026-01-01T00:00:00Z")
        #expect(other.1.replacingOccurrences(of: "2026-01-01T00:00:00Z", with: "fixed") == first.1)
    }

    @Test func emptyCorpusAndNoAIAreSaidInWords() throws {
        let (empty, html, _, markdown) = try report("")
        #expect(empty.notes.contains { $0.contains("no dated article") })
        #expect(html.contains("no dated article"))
        #expect(markdown.contains("no dated article"))
        #expect(!html.contains("<svg"))
        let (none, noneHTML, _, _) = try report(
            "{\"title\": \"Farm\", \"body\": \"Rice.\", \"date\": \"2024-01-02\"}\n")
        #expect(none.notes.contains { $0.contains("No article in this scope carries `ai`") })
        #expect(none.frames == nil)
        #expect(!noneHTML.contains("id=\"volume-count\""))
    }

    @Test func codebookWithoutFrames() throws {
        let store = try Scratch.store()
        _ = try store.importArchive(
            try Scratch.file(
                "f.jsonl", "{\"title\": \"AI news\", \"body\": \"AI is here.\", \"date\": \"2024-01-02\"}\n"))
        let book = try CodebookParser.parse("codebook: bare\ncodes:\n  ai: {terms: [AI]}\n", file: "bare.yaml")
        _ = try store.code(with: book)
        let report = try store.studyReport(codebook: book, options: ReportOptions(generatedAt: "fixed"))
        #expect(report.notes.contains { $0.contains("no frames") })
        #expect(report.volume?.total == 1)
    }

    @Test func outFolderNeedsForce() throws {
        let (report, _, _, _) = try report(Self.hostile)
        let folder = Scratch.directory.appendingPathComponent("out-\(UUID().uuidString)")
        try ReportRenderer.write(report, to: folder, force: false)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
        #expect(throws: ReportError.self) { try ReportRenderer.write(report, to: folder, force: false) }
        try ReportRenderer.write(report, to: folder, force: true)
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func kcnaReport() throws {
        let store = try AIDiscourseOnRealDataTests.coded.get()
        let book = try BuiltInCodebooks.load("ai-discourse")
        let report = try store.studyReport(
            codebook: book, options: ReportOptions(compareAt: "2024-07-01", generatedAt: "fixed"))
        #expect(report.coverage.articles == 1275)
        #expect(report.volume?.total == 7)
        #expect(report.frames?.comparison?.after.count == 6)
        #expect(report.evidence.count == 7)
        #expect(report.leaderGuidance.first?.date == "2024-08-26")
        let html = try ReportRenderer.html(report)
        #expect(html.contains("<svg"))
        #expect(html.contains("role=\"img\""))
        #expect(html.contains("<mark>artificial intelligence</mark>"))
    }
}
