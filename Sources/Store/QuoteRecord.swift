import Foundation
import GRDB

/// One quote as `sinmun quotes --json` lists it: who said what, in which article.
public struct QuoteRecord: Codable, Sendable, Equatable {
    /// The article's stable id.
    public var article: String
    /// `YYYY-MM-DD`; nil when undated.
    public var date: String?
    /// The article's headline.
    public var title: String
    /// The speaker as printed, or as resolved for a pronoun or a title alone.
    public var speaker: String
    /// The actor code the speaker belongs to, if any.
    public var actor: String?
    /// The sentence that carries the quote.
    public var sentence: String
    /// The reported words; nil for a speech act that quotes nothing.
    public var quote: String?
    /// The speech verb or noun as printed.
    public var verb: String
    /// Whether the concept (`ai`) is among the reported words.
    public var conceptInQuote: Bool
    /// UTF-8 byte offset in the body where the reported words begin (the sentence's, when
    /// nothing is quoted).
    public var start: Int
    /// UTF-8 byte offset just past them.
    public var end: Int
}

extension CorpusStore {
    /// Every quote the codebook's coding found, in date order, optionally of one actor and
    /// only those with the concept in the reported words.
    public func quoteRecords(
        codebook: String, actor: String? = nil, conceptOnly: Bool = false, filter: ArticleFilter = ArticleFilter()
    ) throws -> [QuoteRecord] {
        let (conditions, arguments) = filter.sql()
        let decoder = JSONDecoder()
        return try read { db in
            var records: [QuoteRecord] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.uid, a.date, a.title, q.quotes FROM article_quote q JOIN article a ON a.id = q.article_id
                    WHERE q.codebook = ?\(conditions) ORDER BY a.date, a.id
                    """, arguments: StatementArguments([codebook]) + arguments)
            while let row = try rows.next() {
                let json: String = row["quotes"]
                for quote in try decoder.decode([StoredQuote].self, from: Data(json.utf8)) {
                    if let actor, quote.actor != actor { continue }
                    if conceptOnly && !quote.conceptInQuote { continue }
                    records.append(
                        QuoteRecord(
                            article: row["uid"], date: row["date"], title: row["title"], speaker: quote.speaker,
                            actor: quote.actor, sentence: quote.sentence, quote: quote.quote, verb: quote.verb,
                            conceptInQuote: quote.conceptInQuote, start: quote.quoteStart ?? quote.sentenceStart,
                            end: quote.quoteEnd ?? quote.sentenceEnd))
                }
            }
            return records
        }
    }
}
