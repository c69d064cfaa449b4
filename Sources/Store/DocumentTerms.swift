import Foundation
import GRDB

/// One analysed article as a row of a document × term matrix: its identity, its date and the
/// counts of its terms from the term index (the raw material of topic models).
public struct DocumentTerms: Sendable, Equatable {
    /// The article's row in the database.
    public var rowID: Int64
    /// The article's stable id (`article.uid`), the same in every copy of the corpus.
    public var uid: String
    /// `YYYY-MM-DD`, or nil when undated.
    public var date: String?
    /// How much of the date the source gave: `day`, `month` or `year`.
    public var precision: String?
    /// Term ids (the index's `term.id`), ascending.
    public var termIDs: [Int64]
    /// The count of each term of `termIDs` in the article, title and body.
    public var counts: [Int]

    /// Makes one from its parts.
    public init(rowID: Int64, uid: String, date: String?, precision: String?, termIDs: [Int64], counts: [Int]) {
        self.rowID = rowID
        self.uid = uid
        self.date = date
        self.precision = precision
        self.termIDs = termIDs
        self.counts = counts
    }
}

extension CorpusStore {
    /// The term counts of the analysed articles among `articleIDs`, in row order; articles not
    /// in the term index are left out.
    public func documentTerms(of articleIDs: Set<Int64>) throws -> [DocumentTerms] {
        try read { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT a.uid, a.date, a.date_precision, t.terms
                    FROM article a JOIN article_terms t ON t.article_id = a.id WHERE a.id = ?
                    """)
            return try articleIDs.sorted().compactMap { id -> DocumentTerms? in
                guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
                let pairs = TermIndex.decode(row["terms"])
                return DocumentTerms(
                    rowID: id, uid: row["uid"], date: row["date"], precision: row["date_precision"],
                    termIDs: pairs.map(\.0), counts: pairs.map(\.1))
            }
        }
    }
}
