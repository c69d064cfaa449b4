import Foundation
import SinmunCollect
import SinmunRead
import SinmunStore

/// One keyword-in-context line, as quanteda's `kwic` shows it.
public struct KeywordInContext: Codable, Sendable {
    /// The article's stable id.
    public var id: String
    /// `YYYY-MM-DD`; nil when undated.
    public var date: String?
    /// The outlet identifier.
    public var outlet: String
    /// The article's headline.
    public var title: String
    /// The article's first address, to cite it.
    public var url: String?
    /// The words before the keyword, up to the window, within its line.
    public var pre: String
    /// The keyword as printed (`로동` for a search of `노동`).
    public var keyword: String
    /// The words after the keyword, up to the window, within its line.
    public var post: String
    /// UTF-8 byte offsets of the keyword in the article's body (or title, when `field` says so).
    public var field: String
    /// Where the keyword begins in that field.
    public var start: Int
    /// Just past the keyword's end in that field.
    public var end: Int
}

extension CorpusStore {
    /// Every occurrence of a term in its North/South spellings (Korean, spacing ignored) or as
    /// a whole word (English, case-insensitive), with `window` words either side.
    public func keywordsInContext(
        _ term: String, window: Int = 8, filter: ArticleFilter = ArticleFilter(), limit: Int = 100
    ) throws -> [KeywordInContext] {
        let query = SearchQuery(term, expand: SearchSpelling.variants)
        guard !query.isEmpty else { return [] }
        let isKorean = term.unicodeScalars.contains(where: Hangul.isHangul)
        let matcher: MultiPatternMatcher
        if isKorean {
            let variants = Set(query.clauses.flatMap(\.alternatives).map { $0.replacingOccurrences(of: " ", with: "") })
            matcher = MultiPatternMatcher(
                patterns: variants.sorted(), wordBoundaries: variants.map { _ in false }, options: .ignoreSpaces)
        } else {
            matcher = MultiPatternMatcher(patterns: [term], wordBoundaries: [true], options: .caseInsensitive)
        }
        var lines: [KeywordInContext] = []
        var offset = 0
        while lines.count < limit {
            let page = try search(query, filter: filter, limit: 200, offset: offset)
            guard !page.hits.isEmpty else { break }
            offset += page.hits.count
            let texts = try read { db in
                try page.hits.map { hit in
                    try String.fetchOne(db, sql: "SELECT body FROM article WHERE uid = ?", arguments: [hit.id]) ?? ""
                }
            }
            for (hit, body) in zip(page.hits, texts) {
                for (field, text) in [("title", hit.title), ("body", body)] {
                    for match in matcher.matches(in: text) where lines.count < limit {
                        let range = match.stringRange(in: text)
                        lines.append(
                            KeywordInContext(
                                id: hit.id, date: hit.date, outlet: hit.outlet, title: hit.title, url: hit.urls.first,
                                pre: Self.words(before: range.lowerBound, in: text, count: window),
                                keyword: String(text[range]),
                                post: Self.words(after: range.upperBound, in: text, count: window),
                                field: field, start: match.range.lowerBound, end: match.range.upperBound))
                    }
                }
            }
        }
        return lines
    }

    static func words(before index: String.Index, in text: String, count: Int) -> String {
        let head = text[..<index]
        let lineStart = head.lastIndex(of: "\n").map { head.index(after: $0) } ?? head.startIndex
        let words = head[lineStart...].split(separator: " ", omittingEmptySubsequences: false)
        return words.suffix(count + 1).joined(separator: " ")
    }

    static func words(after index: String.Index, in text: String, count: Int) -> String {
        let tail = text[index...]
        let lineEnd = tail.firstIndex(of: "\n") ?? tail.endIndex
        let words = tail[..<lineEnd].split(separator: " ", omittingEmptySubsequences: false)
        return words.prefix(count + 1).joined(separator: " ")
    }
}
