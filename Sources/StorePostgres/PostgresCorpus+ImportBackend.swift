import Foundation
import PostgresNIO
import SinmunStore

/// Imports on PostgreSQL (`sinmun import --db postgres://…`): the same rules as SQLite's, in
/// this backend's statements (`PostgresIngestStatements`).
///
/// Several processes may import at once. Their transactions take turns (an advisory lock held
/// to each commit), as SQLite's writers do, so each sees every article the others committed;
/// two imports of the same source take turns as a whole.
extension PostgresCorpus: ImportBackend {
    /// The advisory lock an import transaction holds to its commit.
    static let ingestLock: Int64 = 0x5349_4E4D_0001
    /// The first key of the advisory lock an import holds on its source (the second is a hash
    /// of its location and format).
    static let sourceLockSpace: Int32 = 0x534E

    public func sourceID(location: String, format: String, kind: String) throws -> Int64 {
        let inserted = try rowsWaiting(
            """
            INSERT INTO source (kind, location, format, first_imported_at)
            VALUES (\(kind), \(location), \(format), \(CorpusStore.timestamp()))
            ON CONFLICT (location, format) DO NOTHING RETURNING id
            """)
        if let id = try inserted.first?.decode(Int64.self) { return id }
        guard
            let id = try rowsWaiting("SELECT id FROM source WHERE location = \(location) AND format = \(format)")
                .first?.decode(Int64.self)
        else {
            throw PostgresCorpusError.queryFailed(location, reason: "the source row vanished")
        }
        return id
    }

    /// Takes the source's turn first (a lock keyed by its location and format, so a run that
    /// waited finds the row again even if a failed strict run removed it meanwhile).
    public func beginImport(location: String, format: String) throws -> ImportSource {
        let key = location + "\u{1F}" + format
        try rowsWaiting("SELECT pg_advisory_lock(\(Self.sourceLockSpace), hashtext(\(key)))")
        do {
            let id = try sourceID(location: location, format: format, kind: "file")
            let row = try rowsWaiting(
                """
                SELECT NOT EXISTS (SELECT 1 FROM provenance WHERE source_id = \(id)), NOT EXISTS (SELECT 1 FROM article)
                """
            ).first
            let (fresh, empty) = try row?.decode((Bool, Bool).self) ?? (false, false)
            return ImportSource(id: id, location: location, format: format, freshSource: fresh, emptyCorpus: empty)
        } catch {
            _ = try? rowsWaiting("SELECT pg_advisory_unlock(\(Self.sourceLockSpace), hashtext(\(key)))")
            throw error
        }
    }

    /// Waits for the import lock, then refuses to write while a `db copy` into this database is
    /// unfinished: the copy brings its own ids, which an import would otherwise take first.
    /// Takes the next import turn (the statements' `commitMark()`), and writes what
    /// the statements kept back before committing.
    public func ingestTransaction<T>(_ body: (any IngestStatements) throws -> T) throws -> T {
        let tokenizer = try IndexTokenizer()
        return try transactionWaiting {
            try rowsWaiting("SELECT pg_advisory_xact_lock(\(Self.ingestLock))")
            try refuseDuringCopy()
            let turn = Int64(try countWaiting("SELECT nextval('ingest_turn')"))
            // This connection's own turns run consecutively: the mark stays put between two of
            // them exactly when no other connection's import took a turn in between.
            let taken = ingestTurnsTaken.withLock { taken in
                defer { taken += 1 }
                return taken
            }
            let statements = PostgresIngestStatements(corpus: self, tokenizer: tokenizer, mark: turn - taken)
            let result = try body(statements)
            try statements.flush()
            return result
        }
    }

    /// Throws ``PostgresCorpusError/copyUnfinished(_:source:)`` while a `db copy` into this
    /// database is unfinished: the copy brings its own ids (articles, terms, alerts, pages),
    /// which a writer would otherwise take first.
    func refuseDuringCopy() throws {
        if let source = try rowsWaiting("SELECT source FROM copy_progress WHERE completed_at IS NULL LIMIT 1")
            .first?.decode(String.self)
        {
            throw PostgresCorpusError.copyUnfinished(location.redacted, source: source)
        }
    }

    public func removeSourceIfUnused(_ id: Int64) throws {
        try rowsWaiting(
            "DELETE FROM source WHERE id = \(id) AND NOT EXISTS (SELECT 1 FROM provenance WHERE source_id = \(id))")
    }

    public func endImport(_ source: ImportSource, completed: Bool) throws {
        let key = source.location + "\u{1F}" + source.format
        try rowsWaiting("SELECT pg_advisory_unlock(\(Self.sourceLockSpace), hashtext(\(key)))")
        try refillLexemes()
    }

    /// Fills the rows of lexemes a `sinmun` built before migration 13 left NULL (it writes
    /// pieces only), so their articles leave the slow path of search; an article with more
    /// lexemes than one vector holds stays NULL. Under the import lock, so no import replaces
    /// an article's pieces while its lexemes are read from them.
    func refillLexemes() throws {
        try transactionWaiting {
            try rowsWaiting("SELECT pg_advisory_xact_lock(\(Self.ingestLock))")
            try rowsWaiting(
                PostgresQuery(
                    unsafeSQL: """
                        WITH refilled AS (
                            SELECT a.id, \(Self.lexemesFromPieces) AS lexemes
                            FROM article_lexemes a WHERE a.lexemes IS NULL
                        )
                        UPDATE article_lexemes l SET lexemes = r.lexemes
                        FROM refilled r WHERE l.id = r.id AND r.lexemes IS NOT NULL
                        """))
        }
    }
}
