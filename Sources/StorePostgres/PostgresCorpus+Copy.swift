import Foundation
import PostgresNIO
import SinmunCollect
import SinmunStore

/// Copying a SQLite corpus into PostgreSQL (`sinmun db copy`).
///
/// Articles go over in id order, a batch at a time, each batch in one transaction with every
/// row that belongs to its articles, their full-text index rows and term postings, and the
/// ledger's note of the last id copied (`copy_progress`). A killed copy leaves whole batches
/// behind; a rerun resumes after the last one, and a rerun of a finished copy writes nothing.
/// Once every article is over, the tables not kept by article (terms, the crawl ledger and
/// kept pages, the watch's) go over whole.
extension PostgresCorpus {
    /// Copies `store` into this database, which must be empty or hold an earlier run of the
    /// same copy (the source is known by its absolute path). `stopAfterBatches` ends the run
    /// early (a test of resuming); `progress` gets the fraction of articles copied.
    public func copy(
        from store: CorpusStore, batchSize: Int = 500, stopAfterBatches: Int? = nil,
        progress: (Double) -> Void = { _ in }
    ) async throws -> CopyReport {
        let started = Date()
        let source = URL(fileURLWithPath: store.path).standardizedFileURL.path
        var lastID = try await startCopy(of: source)
        let total = try store.rowCount(of: Self.table("article"))
        let already = try store.articleCount(upTo: lastID)
        let sources = try store.rows(of: Self.table("source"), articles: nil)
        try await transaction { connection in try await self.insert(sources, on: connection) }
        let tokenizer = try IndexTokenizer()
        var copied = 0
        var batches = 0
        while stopAfterBatches.map({ batches < $0 }) ?? true {
            let ids = try store.articleIDs(after: lastID, limit: batchSize)
            guard let first = ids.first, let last = ids.last else { break }
            let tables = try Self.articleTables.map { try store.rows(of: $0, articles: first...last) }
            let index = try Self.indexRows(of: tables[0], tokenizer)
            let lsh = Self.lshRows(of: tables[0])
            try await transaction { connection in
                for rows in tables { try await self.insert(rows, on: connection) }
                try await self.insert(index, on: connection)
                try await self.fillPostings(of: tables.first { $0.table.name == "article_terms" }, on: connection)
                if let statement = Self.insertStatement(lsh: lsh) { try await self.rows(statement, on: connection) }
                // Never backwards, should two runs of the same copy overlap (their rows are idempotent).
                try await self.rows(
                    """
                    UPDATE copy_progress SET last_article_id = greatest(last_article_id, \(last))
                    WHERE source = \(source)
                    """, on: connection)
            }
            lastID = last
            copied += ids.count
            batches += 1
            progress(Double(already + copied) / Double(max(total, 1)))
        }
        let complete = try store.articleIDs(after: lastID, limit: 1).isEmpty
        if complete {
            // Each whole table in one transaction, in statements of a bounded size.
            for table in CorpusTable.copiedWhole {
                let rows = try store.rows(of: table, articles: nil)
                try await transaction { connection in
                    for chunk in rows.chunks(of: 2_000) { try await self.insert(chunk, on: connection) }
                }
            }
            try await finishCopy(of: source)
            if copied > 0 { try await settle() }
        }
        var report = CopyReport(
            direction: .sqliteToPostgres, source: store.path, target: location.redacted, articles: total,
            alreadyCopied: already, copied: copied,
            batches: batches, seconds: Date().timeIntervalSince(started), complete: complete, verification: nil)
        if complete { report.verification = try await verify(against: store) }
        return report
    }

    /// Compares the row count and the rows' digest (`TableDigest`) of every copied table, the
    /// target index's coverage and the snapshot hash with the SQLite corpus, the source being
    /// the one `direction` names.
    public func verify(
        against store: CorpusStore, direction: CopyReport.Direction = .sqliteToPostgres
    ) async throws -> CopyVerification {
        let toPostgres = direction == .sqliteToPostgres
        var counts: [CopyVerification.TableCount] = []
        let ranges = try store.verificationRanges()
        for table in CorpusTable.copied {
            let (sqlite, postgres) = (try store.rowCount(of: table), try await rowCount(of: table))
            // Every value, not only the count: codes recomputed after a copy keep their counts.
            let (sqliteRows, postgresRows) = (
                try store.digest(of: table, ranges: ranges), try await digest(of: table, ranges: ranges)
            )
            counts.append(
                CopyVerification.TableCount(
                    table: table.name, source: toPostgres ? sqlite : postgres, target: toPostgres ? postgres : sqlite,
                    sourceDigest: "\(toPostgres ? sqliteRows : postgresRows)",
                    targetDigest: "\(toPostgres ? postgresRows : sqliteRows)"))
        }
        let (sqliteHash, postgresHash) = (try store.snapshotHash(), try await snapshotHash())
        return CopyVerification(
            tables: counts,
            indexedArticles: toPostgres
                ? try await count(
                    """
                    SELECT count(*) FROM article_lexemes l
                    WHERE EXISTS (SELECT 1 FROM article_fts f WHERE f.article_id = l.id)
                    """)
                : try store.indexedArticleCount(),
            sourceHash: toPostgres ? sqliteHash : postgresHash, targetHash: toPostgres ? postgresHash : sqliteHash)
    }

    /// The id after which this source's copy resumes; a first copy needs an empty database.
    private func startCopy(of source: String) async throws -> Int64 {
        try await transaction { connection in
            // After any import transaction under way: an import never runs beside a copy's start.
            try await self.rows("SELECT pg_advisory_xact_lock(\(Self.ingestLock))", on: connection)
            let known = try await self.rows(
                "SELECT last_article_id FROM copy_progress WHERE source = \(source) FOR UPDATE", on: connection)
            if let row = known.first { return try row.decode(Int64.self) }
            let present = try await self.rows("SELECT 1 FROM article LIMIT 1", on: connection)
            guard present.isEmpty else {
                throw PostgresCorpusError.targetNotEmpty(self.location.redacted, source: source)
            }
            try await self.rows("INSERT INTO copy_progress (source) VALUES (\(source))", on: connection)
            return 0
        }
    }

    /// Marks the copy finished (once) and moves the id sequences past the copied ids, so rows
    /// added on PostgreSQL later take new ones.
    private func finishCopy(of source: String) async throws {
        try await transaction { connection in
            for table in ["article", "source", "term", "watch_alert", "page_snapshot"] {
                try await self.rows(
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT setval(pg_get_serial_sequence('\(table)', 'id'),
                                          greatest((SELECT max(id) FROM \(table)), 1))
                            """), on: connection)
            }
            try await self.rows(
                "UPDATE copy_progress SET completed_at = now() WHERE source = \(source) AND completed_at IS NULL",
                on: connection)
        }
    }

    /// Vacuums and analyzes the database a copy filled. Without it the planner knows nothing
    /// of the new rows until autovacuum comes by, and the first searches set every row's hint
    /// bits, writing the tables once more while an analyst waits.
    private func settle() async throws {
        try await rows("VACUUM (ANALYZE)")
    }

    /// The copied tables read by article batch, `article` first.
    static var articleTables: [CorpusTable] { CorpusTable.copied.filter { $0.articleColumn != nil } }

    static func table(_ name: String) -> CorpusTable {
        guard let table = CorpusTable.copied.first(where: { $0.name == name }) else {
            preconditionFailure("\(name) is not a copied table")
        }
        return table
    }

    /// The full-text index rows of a batch of articles: per title and body, its tokens as SQLite
    /// indexes them, cut into ``TextSearchVector`` chunks.
    static func indexRows(of articles: TableRows, _ tokenizer: IndexTokenizer) throws -> IndexRows {
        var rows = IndexRows()
        let ids = articles.integers("id") ?? []
        let titles = articles.texts("title") ?? []
        let bodies = articles.texts("body") ?? []
        for (index, id) in ids.enumerated() {
            guard let id else { continue }
            try rows.append(id: id, title: titles[index] ?? "", body: bodies[index] ?? "", tokenizer)
        }
        return rows
    }

    /// One article's full-text index rows.
    static func indexRows(id: Int64, title: String, body: String, _ tokenizer: IndexTokenizer) throws -> IndexRows {
        var rows = IndexRows()
        try rows.append(id: id, title: title, body: body, tokenizer)
        return rows
    }

    /// A batch's full-text index rows, column by column: the pieces with positions
    /// (`article_fts`), and each article's lexemes without them (`article_lexemes`).
    struct IndexRows {
        var articleIDs: [Int64] = []
        var parts: [Int16] = []
        var chunks: [Int32] = []
        var terms: [TextSearchVector] = []
        var lexemeArticleIDs: [Int64] = []
        /// Nil for an article whose lexemes pass one vector's limit (a search checks its pieces).
        var lexemes: [TextSearchVector?] = []

        /// Adds an article's title (part 0) and body (part 1).
        mutating func append(id: Int64, title: String, body: String, _ tokenizer: IndexTokenizer) throws {
            let columns = [try tokenizer.documentTokens(of: title), try tokenizer.documentTokens(of: body)]
            for (part, tokens) in columns.enumerated() {
                for (number, chunk) in TextSearchVector.chunks(of: tokens).enumerated() {
                    articleIDs.append(id)
                    parts.append(Int16(part))
                    self.chunks.append(Int32(number))
                    terms.append(chunk)
                }
            }
            lexemeArticleIDs.append(id)
            lexemes.append(TextSearchVector.lexemes(of: columns.joined()))
        }
    }

    /// The LSH keys of a batch of articles (``Fingerprint/lshKeys(_:)`` of each stored
    /// signature), which an import on PostgreSQL looks near duplicates up by.
    static func lshRows(of articles: TableRows) -> (keys: [Int64], articleIDs: [Int64]) {
        let ids = articles.integers("id") ?? []
        guard let signatures = articles.blobs("minhash") else { return ([], []) }
        return lshRows(zip(ids, signatures).compactMap { id, data in id.flatMap { id in data.map { (id, $0) } } })
    }

    /// The LSH keys of articles given by id and stored signature, column by column.
    static func lshRows(_ signatures: [(id: Int64, minhash: Data)]) -> (keys: [Int64], articleIDs: [Int64]) {
        var rows: (keys: [Int64], articleIDs: [Int64]) = ([], [])
        for (id, data) in signatures {
            for key in Fingerprint.lshKeys(Fingerprint.decode(data)) {
                rows.keys.append(key)
                rows.articleIDs.append(id)
            }
        }
        return rows
    }

    /// Files the term index's postings (`article_terms.term_ids`) of copied analyses, which
    /// SQLite keeps in its own index rather than in a column.
    private func fillPostings(of rows: TableRows?, on connection: PostgresConnection) async throws {
        guard let rows, let ids = rows.integers("article_id"), let terms = rows.blobs("terms"), rows.count > 0 else {
            return
        }
        let articles = ids.map { $0 ?? 0 }
        let postings = terms.map { Self.postingsLiteral(TermIndex.decode($0 ?? Data()).map(\.0)) }
        try await self.rows(
            """
            UPDATE article_terms t SET term_ids = u.ids::bigint[]
            FROM unnest(\(articles)::bigint[], \(postings)::text[]) AS u(id, ids) WHERE t.article_id = u.id
            """, on: connection)
    }

    private func insert(_ index: IndexRows, on connection: PostgresConnection) async throws {
        guard let statement = try Self.insertStatement(index) else { return }
        try await rows(statement, on: connection)
    }

    /// Writes full-text index rows, waiting on the calling thread (an import's statements).
    func insertWaiting(_ index: IndexRows) throws {
        guard let statement = try Self.insertStatement(index) else { return }
        try rowsWaiting(statement)
    }

    /// The statement writing full-text index rows in one go; nil for none. An article's
    /// lexemes row takes its date, outlet and edition from its article row, written before;
    /// a row already there takes the new lexemes (a replaced text).
    static func insertStatement(_ index: IndexRows) throws -> PostgresQuery? {
        guard !index.articleIDs.isEmpty else { return nil }
        return try """
        WITH pieces AS (
            INSERT INTO article_fts (article_id, part, chunk, terms)
            SELECT * FROM unnest(\(index.articleIDs)::bigint[], \(index.parts)::smallint[],
                                 \(index.chunks)::integer[], \(index.terms)::tsvector[])
            ON CONFLICT DO NOTHING
        )
        INSERT INTO article_lexemes (id, date, outlet, lang, lexemes)
        SELECT a.id, a.date, a.outlet, a.lang, u.lexemes
        FROM unnest(\(index.lexemeArticleIDs)::bigint[],
                    \(PostgresNullableArray(elements: index.lexemes))::tsvector[]) AS u(id, lexemes)
        JOIN article a ON a.id = u.id
        ON CONFLICT (id) DO UPDATE SET lexemes = excluded.lexemes
        """
    }

    /// The statement filing LSH keys (``lshRows(_:)``) in one go; nil for none.
    static func insertStatement(lsh: (keys: [Int64], articleIDs: [Int64])) -> PostgresQuery? {
        guard !lsh.keys.isEmpty else { return nil }
        return """
            INSERT INTO article_lsh (key, article_id)
            SELECT * FROM unnest(\(lsh.keys)::bigint[], \(lsh.articleIDs)::bigint[])
            ON CONFLICT DO NOTHING
            """
    }

    /// Writes a batch of a table's rows in one statement, a parameter per column; rows already
    /// there are left as they are.
    private func insert(_ rows: TableRows, on connection: PostgresConnection) async throws {
        guard rows.count > 0 else { return }
        try await self.rows(try Self.insertStatement(rows), on: connection)
    }

    /// The statement writing a batch of a table's rows, a parameter per column; rows already
    /// there are left as they are, or, with `onConflict` false, fail the statement (an import's
    /// new articles: a clash is a defect to report, not a row to drop).
    static func insertStatement(_ rows: TableRows, onConflict: Bool = true) throws -> PostgresQuery {
        var statement = SQLStatement()
        var columns: [String] = []
        for values in rows.columns {
            switch values {
            case .integers(let values):
                columns.append(try statement.bind(PostgresNullableArray(elements: values)) + "::bigint[]")
            case .reals(let values):
                columns.append(try statement.bind(PostgresNullableArray(elements: values)) + "::float8[]")
            case .texts(let values):
                columns.append(try statement.bind(PostgresNullableArray(elements: values)) + "::text[]")
            case .blobs(let values):
                let buffers = values.map { $0.map { ByteBuffer(bytes: $0) } }
                columns.append(try statement.bind(PostgresNullableArray(elements: buffers)) + "::bytea[]")
            }
        }
        let names = rows.table.columns.map(\.name).joined(separator: ", ")
        statement.append(
            "INSERT INTO \(rows.table.name) (\(names)) SELECT * FROM unnest(\(columns.joined(separator: ", ")))"
                + (onConflict ? " ON CONFLICT DO NOTHING" : ""))
        return statement.query
    }
}
