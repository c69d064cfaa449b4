import Foundation
import GRDB
import SinmunCollect

/// An article as the word-level analyser reads it.
public struct ArticleForAnalysis: Sendable {
    /// The article's row in the database.
    public var rowID: Int64
    /// The edition's language code, which picks the analyser.
    public var language: String
    /// The headline.
    public var title: String
    /// The body text, paragraphs separated by newlines.
    public var body: String
    /// SHA-256 of title and body: the analysis is kept until the text changes.
    public var contentHash: String
    /// The period its counts go to (``TermIndex/period(date:precision:)``).
    public var period: String

    /// Makes one from its parts.
    public init(rowID: Int64, language: String, title: String, body: String, contentHash: String, period: String) {
        self.rowID = rowID
        self.language = language
        self.title = title
        self.body = body
        self.contentHash = contentHash
        self.period = period
    }
}

/// One term of an analysed article: its key, how it is written, and how often it occurs.
public struct TermCount: Sendable, Hashable {
    /// `ko:노동/NNG` or `en:drone`.
    public var key: String
    /// `ko` or `en`.
    public var language: String
    /// The lemma as printed (`로동`).
    public var lemma: String
    /// The Sejong tag (`NNG`, `VV` ...; `SL` for English words).
    public var pos: String
    /// The lemma folded to the one spelling keys use (`노동`), for `lemma:` searches.
    public var fold: String
    /// How many times it occurs in the article (title and body).
    public var count: Int
    /// The forms it was printed in, in this article.
    public var forms: [String]

    /// Makes one from its parts.
    public init(key: String, language: String, lemma: String, pos: String, fold: String, count: Int, forms: [String]) {
        self.key = key
        self.language = language
        self.lemma = lemma
        self.pos = pos
        self.fold = fold
        self.count = count
        self.forms = forms
    }
}

/// The analysis of one article, ready to store.
public struct ArticleTermCounts: Sendable {
    /// The article's row in the database.
    public var rowID: Int64
    /// The hash of the text analysed, so a changed text is analysed again.
    public var contentHash: String
    /// The analyser that produced it (a new dictionary version re-analyses).
    public var analyzer: String
    /// The period its document frequencies go to (`YYYY-MM`).
    public var period: String
    /// Every content word of the article, one entry per key.
    public var terms: [TermCount]

    /// Makes one from its parts.
    public init(rowID: Int64, contentHash: String, analyzer: String, period: String, terms: [TermCount]) {
        self.rowID = rowID
        self.contentHash = contentHash
        self.analyzer = analyzer
        self.period = period
        self.terms = terms
    }
}

/// A term of the index with its corpus totals.
public struct IndexedTerm: Sendable, Codable, Equatable {
    /// `ko:노동/NNG` or `en:drone`.
    public var key: String
    /// The lemma as printed.
    public var lemma: String
    /// The Sejong tag.
    public var pos: String
    /// `ko` or `en`.
    public var lang: String
    /// Document frequency: how many articles contain it.
    public var docs: Int
    /// How many times it occurs in all.
    public var tokens: Int
    /// The forms it was printed in across the corpus.
    public var forms: [String]

    /// Makes one from its parts.
    public init(key: String, lemma: String, pos: String, lang: String, docs: Int, tokens: Int, forms: [String]) {
        self.key = key
        self.lemma = lemma
        self.pos = pos
        self.lang = lang
        self.docs = docs
        self.tokens = tokens
        self.forms = forms
    }
}

/// How much of the corpus the term index covers.
public struct AnalysisCoverage: Sendable, Codable, Equatable {
    /// Articles analysed in their current version.
    public var analysed: Int
    /// All articles in the corpus.
    public var articles: Int

    /// Makes one from its parts.
    public init(analysed: Int, articles: Int) {
        self.analysed = analysed
        self.articles = articles
    }
}

/// Helpers of the term index.
public enum TermIndex {
    /// The period an article's counts are kept under: `YYYY-MM` for a day or month date,
    /// `YYYY` for a year date, `` for none.
    public static func period(date: String?, precision: String?) -> String {
        guard let date, date.count >= 7 else { return date ?? "" }
        return precision == "year" ? String(date.prefix(4)) : String(date.prefix(7))
    }

    /// Term counts as varint pairs (id delta, count), ids ascending: the `article_terms.terms`
    /// format (public for the benchmarks, which build synthetic indexes).
    public static func encode(_ counts: [(Int64, Int)]) -> Data {
        var data = Data()
        data.reserveCapacity(counts.count * 3)
        var previous: Int64 = 0
        func varint(_ value: UInt64) {
            var v = value
            while v >= 0x80 {
                data.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            data.append(UInt8(v))
        }
        for (id, count) in counts.sorted(by: { $0.0 < $1.0 }) {
            varint(UInt64(id - previous))
            varint(UInt64(count))
            previous = id
        }
        return data
    }

    /// The (term id, count) pairs of ``encode(_:)``'s format.
    public static func decode(_ data: Data) -> [(Int64, Int)] {
        var result: [(Int64, Int)] = []
        var index = data.startIndex
        func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < data.endIndex {
                let byte = data[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }
        var previous: Int64 = 0
        while let delta = varint(), let count = varint() {
            previous += Int64(delta)
            result.append((previous, Int(count)))
        }
        return result
    }

    /// The `term_fts` text of a set of term ids.
    static func ftsText(_ ids: [Int64]) -> String { ids.map { "t\($0)" }.joined(separator: " ") }

    /// Files an article's postings (which terms it holds) in `term_fts`, as analyze and a copy
    /// from another backend do; an analysis without terms files none.
    static func filePostings(article: Int64, terms ids: [Int64], _ db: Database) throws {
        guard !ids.isEmpty else { return }
        try db.cachedStatement(sql: "INSERT INTO term_fts (rowid, terms) VALUES (?, ?)")
            .execute(arguments: [article, ftsText(ids.sorted())])
    }
}

extension CorpusStore {
    /// The articles an analysis run must do: those whose stored analysis is missing, is of an
    /// older text, or was made by none of `signatures`; articles of `excludedLanguages` are
    /// left alone (Korean, when the Korean analyser is missing).
    static func analysisCondition(signatures: [String], excludedLanguages: [String]) -> (String, StatementArguments) {
        func placeholders(_ values: [String]) -> String {
            values.isEmpty ? "''" : values.map { _ in "?" }.joined(separator: ", ")
        }
        let sql = """
            FROM article a LEFT JOIN article_terms t ON t.article_id = a.id
            WHERE a.lang NOT IN (\(placeholders(excludedLanguages)))
              AND (t.article_id IS NULL OR t.content_hash != a.content_hash
                   OR t.analyzer NOT IN (\(placeholders(signatures))))
            """
        return (sql, StatementArguments(excludedLanguages) + StatementArguments(signatures))
    }

    /// How many articles ``articlesNeedingAnalysis(signatures:excludedLanguages:batchSize:_:)`` will hand over.
    public func countArticlesNeedingAnalysis(signatures: [String], excludedLanguages: [String]) throws -> Int {
        let (condition, arguments) = Self.analysisCondition(
            signatures: signatures, excludedLanguages: excludedLanguages)
        return try read { db in try Int.fetchOne(db, sql: "SELECT count(*) " + condition, arguments: arguments) ?? 0 }
    }

    /// Articles an analysis run must do (see ``countArticlesNeedingAnalysis(signatures:excludedLanguages:)``),
    /// in batches.
    public func articlesNeedingAnalysis(
        signatures: [String], excludedLanguages: [String], batchSize: Int,
        _ handle: ([ArticleForAnalysis]) throws -> Void
    ) throws {
        let (condition, arguments) = Self.analysisCondition(
            signatures: signatures, excludedLanguages: excludedLanguages)
        try articleBatches(
            "SELECT a.id, a.lang, a.title, a.body, a.content_hash, a.date, a.date_precision " + condition,
            arguments: arguments, batchSize: batchSize,
            { row in
                ArticleForAnalysis(
                    rowID: row["id"], language: row["lang"], title: row["title"], body: row["body"],
                    contentHash: row["content_hash"],
                    period: TermIndex.period(date: row["date"], precision: row["date_precision"]))
            }, handle)
    }

    /// Articles of an edition language without an analysis of their current text.
    public func unanalysedArticles(language: String) throws -> Int {
        try read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM article a LEFT JOIN article_terms t ON t.article_id = a.id
                    WHERE a.lang = ? AND (t.article_id IS NULL OR t.content_hash != a.content_hash)
                    """, arguments: [language]) ?? 0
        }
    }

    /// Stores the analyses of a batch in one transaction: each article's counts replace its
    /// earlier ones, and the corpus and per-period totals move with them.
    public func saveTermCounts(_ analyses: [ArticleTermCounts]) throws {
        try write { db in
            var termIDs: [String: Int64] = [:]
            var docDelta: [Int64: (docs: Int, tokens: Int)] = [:]
            var periodDelta: [PeriodKey: (docs: Int, tokens: Int)] = [:]
            var forms = Set<FormKey>()
            for analysis in analyses {
                // Take back what an earlier analysis of the article added.
                if let old = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT period, terms FROM article_terms WHERE article_id = ?"),
                    arguments: [analysis.rowID])
                {
                    let period: String = old["period"]
                    let counts = TermIndex.decode(old["terms"])
                    if !counts.isEmpty {
                        try db.cachedStatement(
                            sql: "INSERT INTO term_fts (term_fts, rowid, terms) VALUES ('delete', ?, ?)"
                        )
                        .execute(arguments: [analysis.rowID, TermIndex.ftsText(counts.map(\.0))])
                    }
                    for (id, count) in counts {
                        docDelta[id, default: (0, 0)].docs -= 1
                        docDelta[id, default: (0, 0)].tokens -= count
                        periodDelta[PeriodKey(term: id, period: period), default: (0, 0)].docs -= 1
                        periodDelta[PeriodKey(term: id, period: period), default: (0, 0)].tokens -= count
                    }
                }
                var counts: [(Int64, Int)] = []
                counts.reserveCapacity(analysis.terms.count)
                for term in analysis.terms {
                    let id = try termID(term, db, cache: &termIDs)
                    counts.append((id, term.count))
                    docDelta[id, default: (0, 0)].docs += 1
                    docDelta[id, default: (0, 0)].tokens += term.count
                    periodDelta[PeriodKey(term: id, period: analysis.period), default: (0, 0)].docs += 1
                    periodDelta[PeriodKey(term: id, period: analysis.period), default: (0, 0)].tokens += term.count
                    for form in term.forms { forms.insert(FormKey(term: id, form: form)) }
                }
                let total = analysis.terms.reduce(0) { $0 + $1.count }
                try db.cachedStatement(
                    sql: """
                        INSERT OR REPLACE INTO article_terms (article_id, content_hash, analyzer, period, tokens, terms)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """
                ).execute(arguments: [
                    analysis.rowID, analysis.contentHash, analysis.analyzer, analysis.period, total,
                    TermIndex.encode(counts),
                ])
                try TermIndex.filePostings(article: analysis.rowID, terms: counts.map(\.0), db)
            }
            for (id, delta) in docDelta where delta.docs != 0 || delta.tokens != 0 {
                try db.cachedStatement(sql: "UPDATE term SET docs = docs + ?, tokens = tokens + ? WHERE id = ?")
                    .execute(arguments: [delta.docs, delta.tokens, id])
            }
            for (key, delta) in periodDelta where delta.docs != 0 || delta.tokens != 0 {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO term_period (term_id, period, docs, tokens) VALUES (?, ?, ?, ?)
                        ON CONFLICT (term_id, period)
                        DO UPDATE SET docs = docs + excluded.docs, tokens = tokens + excluded.tokens
                        """
                ).execute(arguments: [key.term, key.period, delta.docs, delta.tokens])
            }
            // Only rows this batch took from can have emptied (a scan of the table per batch
            // would grow with the corpus).
            for (key, delta) in periodDelta where delta.docs < 0 {
                try db.cachedStatement(
                    sql: "DELETE FROM term_period WHERE term_id = ? AND period = ? AND docs <= 0 AND tokens <= 0"
                )
                .execute(arguments: [key.term, key.period])
            }
            for form in forms {
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO term_form (term_id, form) VALUES (?, ?)")
                    .execute(arguments: [form.term, form.form])
            }
        }
    }

    private struct PeriodKey: Hashable {
        var term: Int64
        var period: String
    }
    private struct FormKey: Hashable {
        var term: Int64
        var form: String
    }

    private func termID(_ term: TermCount, _ db: Database, cache: inout [String: Int64]) throws -> Int64 {
        if let id = cache[term.key] { return id }
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM term WHERE key = ?"), arguments: [term.key])
        {
            cache[term.key] = id
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO term (key, lang, lemma, pos, fold) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [term.key, term.language, term.lemma, term.pos, term.fold])
        let id = db.lastInsertedRowID
        cache[term.key] = id
        return id
    }

    /// How much of the corpus is analysed (in its current version, by any analyser).
    public func analysisCoverage() throws -> AnalysisCoverage {
        try read { db in
            AnalysisCoverage(
                analysed: try Self.analysedArticles(db),
                articles: try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0)
        }
    }

    /// Articles whose stored analysis is of their current text.
    static func analysedArticles(_ db: Database) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT count(*) FROM article_terms t JOIN article a ON a.id = t.article_id
                WHERE t.content_hash = a.content_hash
                """) ?? 0
    }

    /// The indexed terms whose folded lemma is `fold` (and whose tag is `pos`, if given).
    public func terms(fold: String, pos: String?) throws -> [IndexedTerm] {
        try read { db in
            try Self.termIDs(fold: fold, pos: pos, db).compactMap { try Self.indexedTerm(id: $0, db) }
        }
    }

    static func termIDs(fold: String, pos: String?, _ db: Database) throws -> [Int64] {
        if let pos {
            return try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT id FROM term WHERE fold = ? AND pos = ? AND docs > 0"),
                arguments: [fold, pos])
        }
        return try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM term WHERE fold = ? AND docs > 0"), arguments: [fold])
    }

    static func indexedTerm(id: Int64, _ db: Database) throws -> IndexedTerm? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT key, lemma, pos, lang, docs, tokens FROM term WHERE id = ?"),
                arguments: [id])
        else { return nil }
        let forms = try String.fetchAll(
            db.cachedStatement(sql: "SELECT form FROM term_form WHERE term_id = ? ORDER BY form"), arguments: [id])
        return IndexedTerm(
            key: row["key"], lemma: row["lemma"], pos: row["pos"], lang: row["lang"], docs: row["docs"],
            tokens: row["tokens"], forms: forms)
    }

    /// Document frequency of a term key per period, in period order.
    public func documentFrequencies(key: String) throws -> [(period: String, docs: Int, tokens: Int)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.period, p.docs, p.tokens FROM term_period p JOIN term t ON t.id = p.term_id
                    WHERE t.key = ? ORDER BY p.period
                    """, arguments: [key]
            ).map { ($0["period"], $0["docs"], $0["tokens"]) }
        }
    }
}
