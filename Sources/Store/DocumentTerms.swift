import Foundation
import GRDB

/// One analysed article as a row of a document × term matrix: its identity, its date and the
/// counts of its terms from the term index (the raw material of topic models). The counts are
/// kept as the index stores them (varints, two or three bytes a term) and decoded when read, so
/// that a corpus's rows fit in memory many times over.
public struct DocumentTerms: Sendable, Equatable {
    /// The article's row in the database.
    public var rowID: Int64
    /// The article's stable id (`article.uid`), the same in every copy of the corpus.
    public var uid: String
    /// `YYYY-MM-DD`, or nil when undated.
    public var date: String?
    /// How much of the date the source gave: `day`, `month` or `year`.
    public var precision: String?
    /// The counts in `article_terms.terms` form.
    let encoded: Data

    /// Makes one from its parts; `terms` are (term id, count) pairs.
    public init(rowID: Int64, uid: String, date: String?, precision: String?, terms: [(id: Int64, count: Int)]) {
        self.init(
            rowID: rowID, uid: uid, date: date, precision: precision,
            encoded: TermIndex.encode(terms.map { ($0.id, $0.count) }))
    }

    /// Makes one from counts already in `article_terms.terms` form (``TermIndex/encode(_:)``).
    public init(rowID: Int64, uid: String, date: String?, precision: String?, encoded: Data) {
        self.rowID = rowID
        self.uid = uid
        self.date = date
        self.precision = precision
        self.encoded = encoded
    }

    /// The article's terms (the index's `term.id`, ascending) and how often each occurs in it,
    /// title and body.
    public var terms: [(id: Int64, count: Int)] { TermIndex.decode(encoded).map { ($0.0, $0.1) } }
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
                return DocumentTerms(
                    rowID: id, uid: row["uid"], date: row["date"], precision: row["date_precision"],
                    encoded: row["terms"])
            }
        }
    }
}
