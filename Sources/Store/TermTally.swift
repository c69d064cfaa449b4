import Foundation
import GRDB

/// Term counts over a set of analysed articles, read from the term index: the raw material
/// of keyness and emerging terms.
public struct TermTally: Sendable, Equatable {
    /// Occurrences and documents of one term.
    public struct Count: Sendable, Equatable {
        /// Occurrences in the set.
        public var tokens: Int
        /// Articles of the set holding it.
        public var docs: Int

        /// A count from its parts.
        public init(tokens: Int, docs: Int) {
            self.tokens = tokens
            self.docs = docs
        }
    }

    /// Counts by term id (the index's `term.id`).
    public var terms: [Int64: Count]
    /// All term occurrences in the set (the 2×2 table's column total).
    public var tokens: Int
    /// Analysed articles in the set.
    public var documents: Int

    /// A tally from its parts.
    public init(terms: [Int64: Count] = [:], tokens: Int = 0, documents: Int = 0) {
        self.terms = terms
        self.tokens = tokens
        self.documents = documents
    }

    /// Adds one article's term counts.
    public mutating func add(tokens: Int, terms counts: [(Int64, Int)]) {
        documents += 1
        self.tokens += tokens
        for (term, count) in counts {
            var entry = terms[term] ?? Count(tokens: 0, docs: 0)
            entry.tokens += count
            entry.docs += 1
            terms[term] = entry
        }
    }

    /// Adds another tally (of other articles).
    public mutating func add(_ other: TermTally) {
        documents += other.documents
        tokens += other.tokens
        for (term, count) in other.terms {
            var entry = terms[term] ?? Count(tokens: 0, docs: 0)
            entry.tokens += count.tokens
            entry.docs += count.docs
            terms[term] = entry
        }
    }

    /// This tally less `other` (a subset of it): the rest of the corpus outside a target.
    public func subtracting(_ other: TermTally) -> TermTally {
        var terms = self.terms
        for (id, count) in other.terms {
            let left = Count(
                tokens: (terms[id]?.tokens ?? 0) - count.tokens, docs: (terms[id]?.docs ?? 0) - count.docs)
            terms[id] = left.tokens > 0 ? left : nil
        }
        return TermTally(terms: terms, tokens: tokens - other.tokens, documents: documents - other.documents)
    }
}

/// What the index knows of a term besides its counts.
public struct TermEntry: Sendable, Equatable {
    /// The index's key, such as `ko:인공지능/NNG` or `en:drone`.
    public var key: String
    /// The lemma as first printed.
    public var lemma: String
    /// The Sejong tag (`SL` for English).
    public var pos: String
    /// `ko` or `en`.
    public var lang: String
    /// The forms it was printed in, most frequent spellings and inflections alike.
    public var forms: [String]

    /// Makes one from its parts.
    public init(key: String, lemma: String, pos: String, lang: String, forms: [String]) {
        self.key = key
        self.lemma = lemma
        self.pos = pos
        self.lang = lang
        self.forms = forms
    }
}

extension CorpusStore {
    /// Term counts over the analysed articles among `articleIDs` (rows of `article`).
    public func termTally(of articleIDs: Set<Int64>) throws -> TermTally {
        try read { db in
            var tally = TermTally()
            let statement = try db.cachedStatement(
                sql: "SELECT tokens, terms FROM article_terms WHERE article_id = ?")
            for id in articleIDs.sorted() {
                guard let row = try Row.fetchOne(statement, arguments: [id]) else { continue }
                tally.add(tokens: row["tokens"], terms: TermIndex.decode(row["terms"]))
            }
            return tally
        }
    }

    /// Each analysed article among `articleIDs` with its date, the date's precision and its term
    /// counts (term id, occurrences), in date order: for tallies per period.
    public func forEachTermCounts(
        of articleIDs: Set<Int64>,
        _ body: (_ row: Int64, _ date: String?, _ precision: String, _ tokens: Int, _ terms: [(Int64, Int)]) throws
            -> Void
    ) throws {
        try read { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT a.date, coalesce(a.date_precision, 'day') AS precision, t.tokens, t.terms
                    FROM article_terms t JOIN article a ON a.id = t.article_id WHERE t.article_id = ?
                    """)
            var rows: [(Int64, String?, String, Int, Data)] = []
            for id in articleIDs {
                guard let row = try Row.fetchOne(statement, arguments: [id]) else { continue }
                rows.append((id, row["date"], row["precision"], row["tokens"], row["terms"]))
            }
            for (id, date, precision, tokens, terms) in rows.sorted(by: { ($0.1 ?? "", $0.0) < ($1.1 ?? "", $1.0) }) {
                try body(id, date, precision, tokens, TermIndex.decode(terms))
            }
        }
    }

    /// Term counts over every analysed article, from the index's running totals.
    public func corpusTermTally() throws -> TermTally {
        try read { db in
            var tally = TermTally()
            let rows = try Row.fetchCursor(db, sql: "SELECT id, docs, tokens FROM term WHERE tokens > 0")
            while let row = try rows.next() {
                tally.terms[row["id"]] = TermTally.Count(tokens: row["tokens"], docs: row["docs"])
            }
            let totals = try Row.fetchOne(
                db, sql: "SELECT count(*) AS n, coalesce(sum(tokens), 0) AS t FROM article_terms")
            tally.documents = totals?["n"] ?? 0
            tally.tokens = totals?["t"] ?? 0
            return tally
        }
    }

    /// Key, lemma, tag, language and printed forms of the terms with these ids.
    public func termEntries(_ ids: [Int64]) throws -> [Int64: TermEntry] {
        try read { db in
            var entries: [Int64: TermEntry] = [:]
            let term = try db.cachedStatement(sql: "SELECT key, lemma, pos, lang FROM term WHERE id = ?")
            let forms = try db.cachedStatement(sql: "SELECT form FROM term_form WHERE term_id = ? ORDER BY form")
            for id in ids {
                guard let row = try Row.fetchOne(term, arguments: [id]) else { continue }
                entries[id] = TermEntry(
                    key: row["key"], lemma: row["lemma"], pos: row["pos"], lang: row["lang"],
                    forms: try String.fetchAll(forms, arguments: [id]))
            }
            return entries
        }
    }

    /// The ids of the terms with these keys (keys not in the index are skipped).
    public func termIDs(keys: [String]) throws -> Set<Int64> {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT id FROM term WHERE key = ?")
            return Set(try keys.compactMap { try Int64.fetchOne(statement, arguments: [$0]) })
        }
    }

    /// Date, title and text of articles, newest first (the examples' source).
    public func articleTexts(
        _ articleIDs: Set<Int64>
    ) throws -> [(id: Int64, date: String?, title: String, body: String)] {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT date, title, body FROM article WHERE id = ?")
            return try articleIDs.compactMap { id -> (id: Int64, date: String?, title: String, body: String)? in
                guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
                return (id, row["date"], row["title"], row["body"])
            }.sorted { ($0.date ?? "", $0.id) > ($1.date ?? "", $1.id) }
        }
    }

    /// The stable ids (`article.uid`) of these rows.
    public func articleUIDs(_ rows: Set<Int64>) throws -> Set<String> {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT uid FROM article WHERE id = ?")
            return Set(try rows.compactMap { try String.fetchOne(statement, arguments: [$0]) })
        }
    }

    /// The rows of the articles passing `filter` (dated or not) and, if given, listed in `section`.
    public func articleIDs(filter: ArticleFilter, section: String?) throws -> Set<Int64> {
        let (conditions, arguments) = filter.sql()
        var sql = "SELECT a.id FROM article a WHERE 1 = 1\(conditions)"
        var all = arguments
        if let section {
            sql += " AND EXISTS (SELECT 1 FROM article_section s WHERE s.article_id = a.id AND s.section = ?)"
            all += [section]
        }
        return try read { db in Set(try Int64.fetchAll(db, sql: sql, arguments: all)) }
    }
}
