import Foundation
import SinmunShow
import SinmunStore

/// An article's title and paragraphs with every code's evidence in `<mark>`, escaped piece by
/// piece (the `marked-text` template writes them as they are).
struct MarkedText {
    var titleHTML: String
    var paragraphs: [String]

    init(_ article: ArticleDetail, codebook: String) {
        var marks: [Range<Int>] = []
        var titleMarks: [Range<Int>] = []
        for code in article.codes[codebook] ?? [] {
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
        titleHTML = HTML.marked(article.title, byteRanges: Highlighter.merged(titleMarks))
        // Paragraphs keep their byte offsets so the marks land where they were found.
        var paragraphs: [String] = []
        var offset = 0
        for paragraph in article.body.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = paragraph.utf8.count
            let local = marks.filter { $0.lowerBound >= offset && $0.upperBound <= offset + length }.map {
                ($0.lowerBound - offset)..<($0.upperBound - offset)
            }
            if length > 0 { paragraphs.append(HTML.marked(String(paragraph), byteRanges: Highlighter.merged(local))) }
            offset += length + 1
        }
        self.paragraphs = paragraphs
    }

    /// Text with character-offset ranges marked (search snippets count characters, not bytes).
    static func html(_ snippet: Snippet) -> String {
        let characters = Array(snippet.text)
        var out = ""
        var cursor = 0
        for range in snippet.highlights where range.lowerBound >= cursor && range.upperBound <= characters.count {
            out += HTML.escape(String(characters[cursor..<range.lowerBound]))
            out += "<mark>" + HTML.escape(String(characters[range])) + "</mark>"
            cursor = range.upperBound
        }
        return out + HTML.escape(String(characters[cursor...]))
    }
}
