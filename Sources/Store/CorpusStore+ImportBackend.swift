import Foundation
import GRDB

extension CorpusStore: ImportBackend {
    public func sourceID(location: String, format: String, kind: String) throws -> Int64 {
        try write { db in
            if let id = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM source WHERE location = ? AND format = ?"),
                arguments: [location, format])
            {
                return id
            }
            try db.cachedStatement(
                sql: "INSERT INTO source (kind, location, format, first_imported_at) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [kind, location, format, Self.timestamp()])
            return db.lastInsertedRowID
        }
    }

    /// SQLite's imports need not take turns. Should a second run of the same new file start
    /// before the first commits, its skipped lookups only cost it the count of records already
    /// imported: rows already there are left as they are.
    public func beginImport(location: String, format: String) throws -> ImportSource {
        let id = try sourceID(location: location, format: format, kind: "file")
        return try read { db in
            let fresh =
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT NOT EXISTS (SELECT 1 FROM provenance WHERE source_id = ?)"),
                    arguments: [id]) ?? false
            let empty = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM article)") ?? false
            return ImportSource(id: id, location: location, format: format, freshSource: fresh, emptyCorpus: empty)
        }
    }

    /// SQLite has one writer at a time, so a write transaction already follows every other.
    public func ingestTransaction<T>(_ body: (any IngestStatements) throws -> T) throws -> T {
        try write { db in
            let statements = SQLiteIngestStatements(db: db)
            let result = try body(statements)
            try statements.flush()
            return result
        }
    }

    public func removeSourceIfUnused(_ id: Int64) throws {
        try write { db in
            try db.cachedStatement(
                sql: "DELETE FROM source WHERE id = ? AND NOT EXISTS (SELECT 1 FROM provenance WHERE source_id = ?)"
            ).execute(arguments: [id, id])
        }
    }

    /// After a completed import, gives back the pages FTS5's merges left free (databases
    /// created with incremental vacuum; a no-op for older ones).
    public func endImport(_ source: ImportSource, completed: Bool) throws {
        guard completed else { return }
        try writeWithoutTransaction { db in try db.execute(sql: "PRAGMA incremental_vacuum") }
    }

    /// A row's timestamp (ISO 8601, to the second), as both backends record it.
    public static func timestamp() -> String {
        Date().formatted(.iso8601)
    }
}
