import Foundation
import SinmunCode
import SinmunCollect
import SinmunShow
import SinmunStore

/// Server-rendered HTML for the dashboard: plain forms and links, no script, every piece of
/// article text escaped.
enum DashboardPages {
    static let style = """
        body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans CJK KR','Nanum Gothic',sans-serif;max-width:64rem;margin:0 auto;padding:0 1rem 2rem;color:#222;line-height:1.45}
        nav{display:flex;gap:1rem;padding:.7rem 0;border-bottom:1px solid #ddd;margin-bottom:1rem}nav a{text-decoration:none;color:#1b6ca8}
        form.search{display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0}input,select,button{font:inherit;padding:.25rem .4rem}
        .hit{margin:1rem 0}.meta{color:#666;font-size:.85rem}mark{background:#ffe08a}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.25rem .4rem;text-align:left;vertical-align:top}
        .body p{margin:.5rem 0}.error{background:#fde8e8;padding:.5rem}.ok{background:#e8f5e8;padding:.5rem}
        """

    static func page(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title)) · Sinmun</title><style>\(style)</style></head>
        <body><nav><strong>Sinmun</strong><a href="/search">Search</a><a href="/timeline/ai">Timeline</a><a href="/code">Coding</a><a href="/report">Report</a></nav>
        <h1>\(HTML.escape(title))</h1>
        \(body)
        </body></html>
        """
    }

    static func e(_ text: String) -> String { HTML.escape(text) }

    /// Text with character-offset ranges marked.
    static func marked(_ snippet: Snippet) -> String {
        let characters = Array(snippet.text)
        var out = ""
        var cursor = 0
        for range in snippet.highlights where range.lowerBound >= cursor && range.upperBound <= characters.count {
            out +=
                e(String(characters[cursor..<range.lowerBound])) + "<mark>" + e(String(characters[range])) + "</mark>"
            cursor = range.upperBound
        }
        return out + e(String(characters[cursor...]))
    }

    /// Text with UTF-8 byte ranges marked.
    static func markedBytes(_ text: String, _ ranges: [Range<Int>]) -> String {
        HTML.marked(text, byteRanges: Highlighter.merged(ranges))
    }

    static func query(_ items: [(String, String?)]) -> String {
        var components = URLComponents()
        components.queryItems = items.compactMap { name, value in
            value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) }
        }
        return components.percentEncodedQuery.map { "?" + $0 } ?? ""
    }

    static func searchForm(_ p: SearchParameters, codes: [String]) -> String {
        let outlets = ["", "kcna", "rodong"]
        let langs = ["", "ko", "en", "zh"]
        func options(_ values: [String], _ selected: String?) -> String {
            values.map {
                "<option value=\"\(e($0))\"\($0 == (selected ?? "") ? " selected" : "")>\(e($0.isEmpty ? "any" : $0))</option>"
            }.joined()
        }
        return """
            <form class="search" method="get" action="/search">
            <input type="search" name="q" value="\(e(p.text))" placeholder="인공지능, drone, 노동 …" size="30" maxlength="1000" aria-label="Search">
            <label>from <input type="date" name="from" value="\(e(p.fromText ?? ""))"></label>
            <label>to <input type="date" name="to" value="\(e(p.toText ?? ""))"></label>
            <label>outlet <select name="outlet">\(options(outlets, p.outlet))</select></label>
            <label>lang <select name="lang">\(options(langs, p.lang))</select></label>
            <label>code <select name="code">\(options([""] + codes, p.code))</select></label>
            <button type="submit">Search</button></form>
            """
    }

    static func results(_ result: SearchResult, _ p: SearchParameters) -> String {
        var h =
            "<p class=\"meta\">\(result.total) article(s)\(result.hits.isEmpty ? "" : ", showing \(p.offset + 1)–\(p.offset + result.hits.count)")"
            + (result.rankedAmong.map {
                "; a broad query, ranked by relevance among the \($0) most recently added matches (narrow it by date, outlet or edition)"
            } ?? "") + "</p>"
        for hit in result.hits {
            let title = marked(Snippet(text: hit.title, highlights: hit.titleHighlights))
            h +=
                "<div class=\"hit\"><a href=\"/article/\(e(hit.id))\">\(title)</a><div class=\"meta\">\(e(hit.date ?? "undated")) · \(e(hit.outlet))/\(e(hit.lang))</div><div>\(marked(hit.snippet))</div></div>"
        }
        if p.offset + result.hits.count < result.total {
            h += "<p><a href=\"/search\(query(p.linkItems(offset: p.offset + p.limit)))\">Next page →</a></p>"
        }
        return h
    }

    /// The title and body with every code's evidence marked, paragraphs kept.
    static func markedText(_ a: ArticleDetail, codebook: String) -> String {
        var marks: [Range<Int>] = []
        var titleMarks: [Range<Int>] = []
        for code in a.codes[codebook] ?? [] {
            for evidence in code.evidence {
                for match in evidence.matches {
                    if evidence.field == "title" {
                        titleMarks.append(match.start..<match.end)
                    } else {
                        marks.append(match.start..<match.end)
                    }
                }
            }
        }
        var h = "<h2>\(markedBytes(a.title, titleMarks))</h2><div class=\"body\">"
        // Paragraphs keep their byte offsets so the marks land where they were found.
        var offset = 0
        for paragraph in a.body.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = paragraph.utf8.count
            let local = marks.filter { $0.lowerBound >= offset && $0.upperBound <= offset + length }.map {
                ($0.lowerBound - offset)..<($0.upperBound - offset)
            }
            if length > 0 { h += "<p>\(markedBytes(String(paragraph), local))</p>" }
            offset += length + 1
        }
        return h + "</div>"
    }

    static func article(_ a: ArticleDetail, codebook: String) -> String {
        let codes = a.codes[codebook] ?? []
        var h =
            "<p class=\"meta\">\(e(a.date ?? "undated")) · \(e(a.outlet))/\(e(a.lang))\(a.page.map { " · page \($0)" } ?? "")\(a.sections.isEmpty ? "" : " · " + e(a.sections.joined(separator: ", ")))</p>"
        h += markedText(a, codebook: codebook)
        h += "<h3>Codes (\(e(codebook)))</h3>"
        if codes.isEmpty {
            h += "<p>No code.</p>"
        } else {
            h += "<table><tr><th>Code</th><th>Level</th><th>Sentences</th><th>Evidence</th></tr>"
            for code in codes {
                h +=
                    "<tr><td><a href=\"/timeline/\(e(code.code))\">\(e(code.code))</a></td><td>\(e(code.level))</td><td>\(code.hits)</td><td>\(e(code.evidence.first?.sentence ?? ""))</td></tr>"
            }
            h += "</table>"
        }
        h +=
            "<h3>Sources</h3><ul>"
            + a.urls.map { url in
                HTML.safeURL(url).map { "<li><a href=\"\(e($0))\" rel=\"noreferrer\">\(e($0))</a></li>" }
                    ?? "<li>\(e(url))</li>"
            }.joined() + "</ul>"
        if !a.nearDuplicates.isEmpty {
            h +=
                "<h3>Near-duplicates</h3><ul>"
                + a.nearDuplicates.map {
                    "<li><a href=\"/article/\(e($0.id))\">\(e($0.title))</a> <span class=\"meta\">\(e($0.date ?? "")) · \($0.outlet) · similarity \(String(format: "%.2f", $0.similarity))</span></li>"
                }.joined() + "</ul>"
        }
        if a.revisions > 0 {
            h += "<p class=\"meta\">\(a.revisions) revised text(s) of this article were found at its address.</p>"
        }
        h += "<p><a href=\"/code/\(e(a.id))\">Code this article</a></p>"
        return h
    }

    static func codingForm(
        _ a: ArticleDetail, codebook: Codebook, coder: String, labels: [String: Bool], csrf: String, saved: Bool
    ) -> String {
        var h = saved ? "<p class=\"ok\">Saved for \(e(coder)).</p>" : ""
        h +=
            "<p><a href=\"/article/\(e(a.id))\">\(e(a.title))</a> <span class=\"meta\">\(e(a.date ?? "")) · \(e(a.outlet))</span></p>"
        h += "<p class=\"meta\">Marked: what the automatic coding matched.</p>" + markedText(a, codebook: codebook.name)
        h +=
            "<form method=\"post\" action=\"/code/\(e(a.id))\"><input type=\"hidden\" name=\"csrf\" value=\"\(e(csrf))\">"
        h +=
            "<p><label>Coder <input name=\"coder\" value=\"\(e(coder))\" required maxlength=\"64\" pattern=\"[A-Za-z0-9 _.-]+\"></label></p><table>"
        for code in codebook.codes {
            let checked = labels[code.name] == true ? " checked" : ""
            h +=
                "<tr><td><label><input type=\"checkbox\" name=\"code\" value=\"\(e(code.name))\"\(checked)> \(e(code.name))</label></td><td>\(e(code.label))</td></tr>"
        }
        h += "</table><p><button type=\"submit\">Save labels</button></p></form>"
        h +=
            "<p class=\"meta\">Unchecked codes are saved as 0. Export: <a href=\"/labels.csv\(query([("coder", coder)]))\">labels.csv for \(e(coder))</a> (the file `sinmun validate --labels` reads).</p>"
        return h
    }
}
