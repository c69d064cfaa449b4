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
        // Reported speech: the words quoted and who says them (a pronoun's antecedent is marked
        // where it is named).
        let quotes = (article.quotes[codebook] ?? []).filter { $0.field == "body" }
        let quoted = quotes.compactMap { quote in quote.quoteStart.flatMap { s in quote.quoteEnd.map { s..<$0 } } }
        let speakers = quotes.compactMap { quote in
            quote.speakerStart.flatMap { s in quote.speakerEnd.map { s..<$0 } }
        }
        // Paragraphs keep their byte offsets so the marks land where they were found.
        var paragraphs: [String] = []
        var offset = 0
        for paragraph in article.body.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = paragraph.utf8.count
            func local(_ ranges: [Range<Int>]) -> [Range<Int>] {
                ranges.filter { $0.lowerBound >= offset && $0.upperBound <= offset + length }.map {
                    ($0.lowerBound - offset)..<($0.upperBound - offset)
                }
            }
            if length > 0 {
                paragraphs.append(
                    HTML.layered(
                        String(paragraph),
                        layers: [
                            .init(open: "<q class=\"quote\">", close: "</q>", ranges: local(quoted)),
                            .init(open: "<span class=\"speaker\">", close: "</span>", ranges: local(speakers)),
                            .init(open: "<mark>", close: "</mark>", ranges: Highlighter.merged(local(marks))),
                        ]))
            }
            offset += length + 1
        }
        self.paragraphs = paragraphs
        hasQuotes = !quotes.isEmpty
    }

    /// Whether the article has reported speech marked (the page then explains the marks).
    var hasQuotes = false

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
