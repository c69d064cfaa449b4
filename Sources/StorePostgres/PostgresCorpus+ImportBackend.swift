import Foundation
import PostgresNIO
import SinmunStore

/// Imports on PostgreSQL (`sinmun import --db postgres://…`): the same rules as SQLite's, in
/// this backend's statements (``PostgresIngestStatements``).
///
/// Several processes may import at once. Their transactions take turns (an advisory lock held
/// to each commit), as SQLite's writers do, so each sees every article the others committed;
/// two imports of the same source take turns as a whole.
extension PostgresCorpus: ImportBackend {
    /// The advisory lock an import transaction holds to its commit.
    static let ingestLock: Int64 = 0x5349_4E4D_0001
    /// The first key of the advisory lock an import holds on its source (the second is the
    /// source's id).
    static let sourceLockSpace: Int32 = 0x534E

    public func sourceID(location: String, format: String, kind: String) throws -> Int64 {
        let inserted = try rowsWaiting(
            """
            INSERT INTO source (kind, location, format, first_imported_at)
            VALUES (\(kind), \(location), \(format), \(Date().formatted(.iso8601)))
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

    public func importStart(source: Int64) throws -> (freshSource: Bool, emptyCorpus: Bool) {
        try rowsWaiting("SELECT pg_advisory_lock(\(Self.sourceLockSpace), \(Int32(truncatingIfNeeded: source)))")
        let row = try rowsWaiting(
            """
            SELECT NOT EXISTS (SELECT 1 FROM provenance WHERE source_id = \(source)),
                   NOT EXISTS (SELECT 1 FROM article)
            """
        ).first
        return try row?.decode((Bool, Bool).self) ?? (false, false)
    }

    public func ingestTransaction<T>(_ body: (any IngestStatements) throws -> T) throws -> T {
        let statements = PostgresIngestStatements(corpus: self, tokenizer: try IndexTokenizer())
        return try transactionWaiting {
            try rowsWaiting("SELECT pg_advisory_xact_lock(\(Self.ingestLock))")
            return try body(statements)
        }
    }

    public func removeSourceIfUnused(_ id: Int64) throws {
        try rowsWaiting(
            "DELETE FROM source WHERE id = \(id) AND NOT EXISTS (SELECT 1 FROM provenance WHERE source_id = \(id))")
    }

    public func endImport(source: Int64, completed: Bool) throws {
        try rowsWaiting("SELECT pg_advisory_unlock(\(Self.sourceLockSpace), \(Int32(truncatingIfNeeded: source)))")
    }
}
