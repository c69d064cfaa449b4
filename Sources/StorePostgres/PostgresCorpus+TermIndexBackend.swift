import Foundation
import PostgresNIO
import SinmunStore

/// The term index on PostgreSQL (`sinmun analyze` and the discovery measures with
/// `--db postgres://…`): the tables and counts of SQLite's, in this backend's SQL.
///
/// A batch of analyses is stored in one transaction of a few statements, each carrying the
/// whole batch's rows as arrays. Analysis runs take turns on an advisory lock, as SQLite's
/// writers do, so two runs at once never move one term's totals twice.
extension PostgresCorpus: TermIndexBackend {
    /// An article's term ids as the array literal (`{3,17}`) a statement casts to its
    /// `term_ids`: a statement cannot take an array of arrays of different lengths.
    static func postingsLiteral(_ ids: [Int64]) -> String {
        "{" + ids.map(String.init).joined(separator: ",") + "}"
    }

    /// The advisory lock a term-index transaction holds to its commit.
    static let termIndexLock: Int64 = 0x5349_4E4D_5445  // "SINMTE"

    /// The condition SQLite's `analysisCondition` writes, with values bound.
    private static func analysisCondition(
        signatures: [String], excludedLanguages: [String], _ statement: inout SQLStatement
    ) throws -> String {
        """
        FROM article a LEFT JOIN article_terms t ON t.article_id = a.id
        WHERE NOT (a.lang = ANY(\(try statement.bind(excludedLanguages))::text[]))
          AND (t.article_id IS NULL OR t.content_hash <> a.content_hash
               OR NOT (t.analyzer = ANY(\(try statement.bind(signatures))::text[])))
        """
    }

    public func countArticlesNeedingAnalysis(signatures: [String], excludedLanguages: [String]) throws -> Int {
        var statement = SQLStatement()
        let condition = try Self.analysisCondition(
            signatures: signatures, excludedLanguages: excludedLanguages, &statement)
        statement.append("SELECT count(*) " + condition)
        return try countWaiting(statement.query)
    }

    public func articlesNeedingAnalysis(
        signatures: [String], excludedLanguages: [String], batchSize: Int,
        _ handle: ([ArticleForAnalysis]) throws -> Void
    ) throws {
        // By id, so a batch stored by the handler is never read again.
        var lastID: Int64 = 0
        while true {
            var statement = SQLStatement()
            let condition = try Self.analysisCondition(
                signatures: signatures, excludedLanguages: excludedLanguages, &statement)
            statement.append(
                "SELECT a.id, a.lang, a.title, a.body, a.content_hash, a.date, a.date_precision " + condition
                    + " AND a.id > \(try statement.bind(lastID))"
                    + " ORDER BY a.id LIMIT \(try statement.bind(Int64(batchSize)))"
            )
            let batch = try rowsWaiting(statement.query).map { row in
                let (id, lang, title, body, hash, date, precision) = try row.decode(
                    (Int64, String, String, String, String, String?, String?).self)
                return ArticleForAnalysis(
                    rowID: id, language: lang, title: title, body: body, contentHash: hash,
                    period: TermIndex.period(date: date, precision: precision))
            }
            guard let last = batch.last else { return }
            try handle(batch)
            lastID = last.rowID
        }
    }

    public func unanalysedArticles(language: String) throws -> Int {
        try countWaiting(
            """
            SELECT count(*) FROM article a LEFT JOIN article_terms t ON t.article_id = a.id
            WHERE a.lang = \(language) AND (t.article_id IS NULL OR t.content_hash <> a.content_hash)
            """)
    }

    public func saveTermCounts(_ analyses: [ArticleTermCounts]) throws {
        guard !analyses.isEmpty else { return }
        try transactionWaiting {
            try rowsWaiting("SELECT pg_advisory_xact_lock(\(Self.termIndexLock))")
            try refuseDuringCopy()
            let termIDs = try self.termIDs(creating: analyses)
            var delta = TermIndexDelta()
            let rowIDs = analyses.map(\.rowID)
            // Take back what earlier analyses of these articles added.
            for row in try rowsWaiting(
                "SELECT period, terms FROM article_terms WHERE article_id = ANY(\(rowIDs))")
            {
                let (period, terms) = try row.decode((String, ByteBuffer).self)
                for (id, count) in TermIndex.decode(Data(terms.readableBytesView)) {
                    delta.add(term: id, period: period, docs: -1, tokens: -count)
                }
            }
            var rows = AnalysisRows()
            for analysis in analyses {
                var counts: [(Int64, Int)] = []
                counts.reserveCapacity(analysis.terms.count)
                for term in analysis.terms {
                    guard let id = termIDs[term.key] else { continue }
                    counts.append((id, term.count))
                    delta.add(term: id, period: analysis.period, docs: 1, tokens: term.count)
                    for form in term.forms { delta.forms.insert(TermIndexDelta.Form(term: id, form: form)) }
                }
                rows.append(analysis, counts: counts)
            }
            try rows.store(on: self)
            try delta.store(on: self)
        }
    }

    /// The id of every term key of the batch, filing the keys the index lacks in the order the
    /// batch first names them. Keys already filed are left out of the insert, so they take no
    /// identity value (an `ON CONFLICT` would use one up each time, leaving the ids sparse and
    /// the varint-coded counts longer); the advisory lock keeps other runs out meanwhile.
    private func termIDs(creating analyses: [ArticleTermCounts]) throws -> [String: Int64] {
        var seen = Set<String>()
        var keys: [String] = []
        var languages: [String] = []
        var lemmas: [String] = []
        var tags: [String] = []
        var folds: [String] = []
        for analysis in analyses {
            for term in analysis.terms where seen.insert(term.key).inserted {
                keys.append(term.key)
                languages.append(term.language)
                lemmas.append(term.lemma)
                tags.append(term.pos)
                folds.append(term.fold)
            }
        }
        guard !keys.isEmpty else { return [:] }
        try rowsWaiting(
            """
            INSERT INTO term (key, lang, lemma, pos, fold)
            SELECT * FROM unnest(\(keys)::text[], \(languages)::text[], \(lemmas)::text[], \(tags)::text[],
                                 \(folds)::text[]) AS u(key, lang, lemma, pos, fold)
            WHERE NOT EXISTS (SELECT 1 FROM term t WHERE t.key = u.key)
            """)
        var ids: [String: Int64] = [:]
        for row in try rowsWaiting("SELECT key, id FROM term WHERE key = ANY(\(keys)::text[])") {
            let (key, id) = try row.decode((String, Int64).self)
            ids[key] = id
        }
        return ids
    }

    public func analysisCoverage() throws -> AnalysisCoverage {
        AnalysisCoverage(
            analysed: try countWaiting(
                """
                SELECT count(*) FROM article_terms t JOIN article a ON a.id = t.article_id
                WHERE t.content_hash = a.content_hash
                """),
            articles: try countWaiting("SELECT count(*) FROM article"))
    }

    public func terms(fold: String, pos: String?) throws -> [IndexedTerm] {
        let ids = try termIDs(fold: fold, pos: pos)
        let entries = try termEntries(ids)
        var totals: [Int64: (docs: Int, tokens: Int)] = [:]
        for row in try rowsWaiting("SELECT id, docs, tokens FROM term WHERE id = ANY(\(ids))") {
            let (id, docs, tokens) = try row.decode((Int64, Int64, Int64).self)
            totals[id] = (Int(docs), Int(tokens))
        }
        return ids.compactMap { id in
            guard let entry = entries[id], let total = totals[id] else { return nil }
            return IndexedTerm(
                key: entry.key, lemma: entry.lemma, pos: entry.pos, lang: entry.lang, docs: total.docs,
                tokens: total.tokens, forms: entry.forms)
        }
    }

    /// The ids of the indexed terms of a folded lemma (and tag), in id order.
    func termIDs(fold: String, pos: String?) throws -> [Int64] {
        let rows =
            if let pos {
                try rowsWaiting("SELECT id FROM term WHERE fold = \(fold) AND pos = \(pos) AND docs > 0 ORDER BY id")
            } else {
                try rowsWaiting("SELECT id FROM term WHERE fold = \(fold) AND docs > 0 ORDER BY id")
            }
        return try rows.map { try $0.decode(Int64.self) }
    }

    public func documentFrequencies(key: String) throws -> [(period: String, docs: Int, tokens: Int)] {
        try rowsWaiting(
            """
            SELECT p.period, p.docs, p.tokens FROM term_period p JOIN term t ON t.id = p.term_id
            WHERE t.key = \(key) ORDER BY p.period
            """
        ).map { row in
            let (period, docs, tokens) = try row.decode((String, Int64, Int64).self)
            return (period, Int(docs), Int(tokens))
        }
    }

    public func termTally(of articleIDs: Set<Int64>) throws -> TermTally {
        var tally = TermTally()
        for row in try rowsWaiting(
            "SELECT tokens, terms FROM article_terms WHERE article_id = ANY(\(Array(articleIDs)))")
        {
            let (tokens, terms) = try row.decode((Int64, ByteBuffer).self)
            tally.add(tokens: Int(tokens), terms: TermIndex.decode(Data(terms.readableBytesView)))
        }
        return tally
    }

    public func forEachTermCounts(
        of articleIDs: Set<Int64>,
        _ body: (_ row: Int64, _ date: String?, _ precision: String, _ tokens: Int, _ terms: [(Int64, Int)]) throws
            -> Void
    ) throws {
        let rows = try rowsWaiting(
            """
            SELECT t.article_id, a.date, coalesce(a.date_precision, 'day'), t.tokens, t.terms
            FROM article_terms t JOIN article a ON a.id = t.article_id
            WHERE t.article_id = ANY(\(Array(articleIDs)))
            ORDER BY coalesce(a.date, ''), t.article_id
            """)
        for row in rows {
            let (id, date, precision, tokens, terms) = try row.decode((Int64, String?, String, Int64, ByteBuffer).self)
            try body(id, date, precision, Int(tokens), TermIndex.decode(Data(terms.readableBytesView)))
        }
    }

    public func corpusTermTally() throws -> TermTally {
        var tally = TermTally()
        for row in try rowsWaiting("SELECT id, docs, tokens FROM term WHERE tokens > 0") {
            let (id, docs, tokens) = try row.decode((Int64, Int64, Int64).self)
            tally.terms[id] = TermTally.Count(tokens: Int(tokens), docs: Int(docs))
        }
        if let totals = try rowsWaiting("SELECT count(*), coalesce(sum(tokens), 0)::bigint FROM article_terms").first {
            let (documents, tokens) = try totals.decode((Int64, Int64).self)
            tally.documents = Int(documents)
            tally.tokens = Int(tokens)
        }
        return tally
    }

    public func termEntries(_ ids: [Int64]) throws -> [Int64: TermEntry] {
        guard !ids.isEmpty else { return [:] }
        var entries: [Int64: TermEntry] = [:]
        for row in try rowsWaiting("SELECT id, key, lemma, pos, lang FROM term WHERE id = ANY(\(ids))") {
            let (id, key, lemma, pos, lang) = try row.decode((Int64, String, String, String, String).self)
            entries[id] = TermEntry(key: key, lemma: lemma, pos: pos, lang: lang, forms: [])
        }
        for row in try rowsWaiting(
            "SELECT term_id, form FROM term_form WHERE term_id = ANY(\(ids)) ORDER BY term_id, form")
        {
            let (id, form) = try row.decode((Int64, String).self)
            entries[id]?.forms.append(form)
        }
        return entries
    }

    public func termIDs(keys: [String]) throws -> Set<Int64> {
        guard !keys.isEmpty else { return [] }
        return Set(
            try rowsWaiting("SELECT id FROM term WHERE key = ANY(\(keys)::text[])").map { try $0.decode(Int64.self) })
    }

    public func articleTexts(
        _ articleIDs: Set<Int64>
    ) throws -> [(id: Int64, date: String?, title: String, body: String)] {
        try rowsWaiting("SELECT id, date, title, body FROM article WHERE id = ANY(\(Array(articleIDs)))")
            .map { row -> (id: Int64, date: String?, title: String, body: String) in
                let (id, date, title, body) = try row.decode((Int64, String?, String, String).self)
                return (id, date, title, body)
            }
            .sorted { ($0.date ?? "", $0.id) > ($1.date ?? "", $1.id) }
    }

    public func articleUIDs(_ rows: Set<Int64>) throws -> Set<String> {
        Set(
            try rowsWaiting("SELECT uid FROM article WHERE id = ANY(\(Array(rows)))")
                .map { try $0.decode(String.self) })
    }

    public func articleIDs(filter: ArticleFilter, section: String?) throws -> Set<Int64> {
        var statement = SQLStatement()
        let conditions = try Self.conditions(filter, &statement)
        var sql = "SELECT a.id FROM article a WHERE true\(conditions)"
        if let section {
            sql +=
                " AND EXISTS (SELECT 1 FROM article_section s WHERE s.article_id = a.id"
                + " AND s.section = \(try statement.bind(section)))"
        }
        statement.append(sql)
        return Set(try rowsWaiting(statement.query).map { try $0.decode(Int64.self) })
    }

    public func documentTerms(of articleIDs: Set<Int64>) throws -> [DocumentTerms] {
        try rowsWaiting(
            """
            SELECT a.id, a.uid, a.date, a.date_precision, t.terms
            FROM article a JOIN article_terms t ON t.article_id = a.id
            WHERE a.id = ANY(\(Array(articleIDs))) ORDER BY a.id
            """
        ).map { row in
            let (id, uid, date, precision, terms) = try row.decode((Int64, String, String?, String?, ByteBuffer).self)
            return DocumentTerms(
                rowID: id, uid: uid, date: date, precision: precision, encoded: Data(terms.readableBytesView))
        }
    }
}

/// A batch's `article_terms` rows, as the arrays one statement takes.
private struct AnalysisRows {
    var ids: [Int64] = []
    var hashes: [String] = []
    var analyzers: [String] = []
    var periods: [String] = []
    var tokens: [Int64] = []
    var terms: [ByteBuffer?] = []
    /// Each article's term ids as an array literal (`PostgresCorpus.postingsLiteral(_:)`).
    var termIDs: [String] = []

    mutating func append(_ analysis: ArticleTermCounts, counts: [(Int64, Int)]) {
        ids.append(analysis.rowID)
        hashes.append(analysis.contentHash)
        analyzers.append(analysis.analyzer)
        periods.append(analysis.period)
        tokens.append(Int64(analysis.terms.reduce(0) { $0 + $1.count }))
        terms.append(ByteBuffer(data: TermIndex.encode(counts)))
        termIDs.append(PostgresCorpus.postingsLiteral(counts.map(\.0)))
    }

    func store(on corpus: PostgresCorpus) throws {
        var statement = SQLStatement()
        let columns = [
            try statement.bind(ids) + "::bigint[]", try statement.bind(hashes) + "::text[]",
            try statement.bind(analyzers) + "::text[]", try statement.bind(periods) + "::text[]",
            try statement.bind(tokens) + "::bigint[]",
            try statement.bind(PostgresNullableArray(elements: terms)) + "::bytea[]",
            try statement.bind(termIDs) + "::text[]",
        ]
        statement.append(
            """
            INSERT INTO article_terms (article_id, content_hash, analyzer, period, tokens, terms, term_ids)
            SELECT u.id, u.hash, u.analyzer, u.period, u.tokens, u.terms, u.term_ids::bigint[]
            FROM unnest(\(columns.joined(separator: ", "))) AS u(id, hash, analyzer, period, tokens, terms, term_ids)
            ON CONFLICT (article_id) DO UPDATE SET
                content_hash = excluded.content_hash, analyzer = excluded.analyzer, period = excluded.period,
                tokens = excluded.tokens, terms = excluded.terms, term_ids = excluded.term_ids
            """)
        try corpus.rowsWaiting(statement.query)
    }
}

/// How a batch moves the term totals, per term and per term and period, and the forms it adds.
private struct TermIndexDelta {
    struct PeriodKey: Hashable {
        var term: Int64
        var period: String
    }
    struct Form: Hashable {
        var term: Int64
        var form: String
    }
    var byTerm: [Int64: (docs: Int, tokens: Int)] = [:]
    var byPeriod: [PeriodKey: (docs: Int, tokens: Int)] = [:]
    var forms = Set<Form>()

    mutating func add(term: Int64, period: String, docs: Int, tokens: Int) {
        byTerm[term, default: (0, 0)].docs += docs
        byTerm[term, default: (0, 0)].tokens += tokens
        byPeriod[PeriodKey(term: term, period: period), default: (0, 0)].docs += docs
        byPeriod[PeriodKey(term: term, period: period), default: (0, 0)].tokens += tokens
    }

    func store(on corpus: PostgresCorpus) throws {
        // Rows in term order: statements of other writers (none while the lock is held) could
        // otherwise deadlock on them.
        let terms = byTerm.filter { $0.value.docs != 0 || $0.value.tokens != 0 }.sorted { $0.key < $1.key }
        if !terms.isEmpty {
            let (ids, docs, tokens) = (
                terms.map(\.key), terms.map { Int64($0.value.docs) }, terms.map { Int64($0.value.tokens) }
            )
            try corpus.rowsWaiting(
                """
                UPDATE term SET docs = term.docs + d.docs, tokens = term.tokens + d.tokens
                FROM unnest(\(ids)::bigint[], \(docs)::bigint[], \(tokens)::bigint[]) AS d(id, docs, tokens)
                WHERE term.id = d.id
                """)
        }
        let periods = byPeriod.filter { $0.value.docs != 0 || $0.value.tokens != 0 }
            .sorted { ($0.key.term, $0.key.period) < ($1.key.term, $1.key.period) }
        if !periods.isEmpty {
            let ids = periods.map(\.key.term)
            let names = periods.map(\.key.period)
            let (docs, tokens) = (periods.map { Int64($0.value.docs) }, periods.map { Int64($0.value.tokens) })
            try corpus.rowsWaiting(
                """
                INSERT INTO term_period (term_id, period, docs, tokens)
                SELECT * FROM unnest(\(ids)::bigint[], \(names)::text[], \(docs)::bigint[], \(tokens)::bigint[])
                ON CONFLICT (term_id, period)
                DO UPDATE SET docs = term_period.docs + excluded.docs, tokens = term_period.tokens + excluded.tokens
                """)
            // Only rows this batch took from can have emptied.
            let emptied = periods.filter { $0.value.docs < 0 }
            if !emptied.isEmpty {
                let (ids, names) = (emptied.map(\.key.term), emptied.map(\.key.period))
                try corpus.rowsWaiting(
                    """
                    DELETE FROM term_period p USING unnest(\(ids)::bigint[], \(names)::text[]) AS d(term_id, period)
                    WHERE p.term_id = d.term_id AND p.period = d.period AND p.docs <= 0 AND p.tokens <= 0
                    """)
            }
        }
        if !forms.isEmpty {
            let sorted = forms.sorted { ($0.term, $0.form) < ($1.term, $1.form) }
            let (ids, texts) = (sorted.map(\.term), sorted.map(\.form))
            try corpus.rowsWaiting(
                """
                INSERT INTO term_form (term_id, form) SELECT * FROM unnest(\(ids)::bigint[], \(texts)::text[])
                ON CONFLICT DO NOTHING
                """)
        }
    }
}
