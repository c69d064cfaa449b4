import Foundation
import GRDB
import SinmunCollect
import Synchronization

/// The corpus: one SQLite file (WAL mode) holding articles, the addresses and sections they
/// were listed under, where each came from, near-duplicate links and a full-text index.
///
/// Open it once and share it; reads run concurrently, writes are serialised in transactions,
/// so a killed import leaves the file consistent and a rerun finishes the job.
public final class CorpusStore: Sendable {
    /// The default file name, in the working directory.
    public static let defaultFileName = "sinmun.sqlite"

    let pool: DatabasePool
    /// Path of the database file.
    public let path: String
    /// Articles' publication days, for broad searches' ranking windows (read when first needed).
    let calendar = Mutex(PublicationCalendar())

    /// Opens (creating if needed) the corpus at `path` and brings its schema up to date.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // For a new file only (both are fixed once tables exist): 16 KB pages hold six
            // articles of 2 KB where 4 KB pages held one and wasted the rest (the article table
            // was 1.65× its text at a million articles), and incremental vacuum lets an import
            // return the pages FTS5 merges free (13% of the file).
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") == 0 {
                try db.execute(sql: "PRAGMA page_size = 16384")
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            }
            // Large corpora: a 64 MB page cache and memory-mapped reads; SQLite's 2 MB default
            // turns every index lookup of a big import into a pread (profiled at 100k articles).
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // WAL with NORMAL sync cannot corrupt the file; a power cut may lose the last
            // transactions, which a rerun of the import or crawl restores. FULL synced every
            // commit.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// The version of the SQLite library in use.
    public static var sqliteVersion: String {
        (try? DatabaseQueue().read { try String.fetchOne($0, sql: "SELECT sqlite_version()") }) ?? "unknown"
    }

    /// Where the database lives: `--db`, else `SINMUN_DB`, else `./sinmun.sqlite`.
    public static func resolvePath(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let option, !option.isEmpty { return option }
        if let env = environment["SINMUN_DB"], !env.isEmpty { return env }
        return defaultFileName
    }

    /// Bytes of the pages in use (the file less its free pages), after a WAL checkpoint.
    public func usedBytes() throws -> Int {
        try writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            let size = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return (pages - free) * size
        }
    }

    /// The rows of `query` in article order, a batch at a time, read by keyset (`a.id` after
    /// the last one handed over), so a handler that stores results for its batch never makes
    /// another row be skipped or read twice. `query` selects `a.id` from `article a` (joins
    /// allowed) and ends with its WHERE condition; `arguments` are its own.
    func articleBatches<T>(
        _ query: String, arguments: StatementArguments, batchSize: Int,
        _ transform: (Row) -> T, _ handle: ([T]) throws -> Void
    ) throws {
        var lastID: Int64 = 0
        while true {
            let rows = try read { db in
                try Row.fetchAll(
                    db, sql: query + " AND a.id > ? ORDER BY a.id LIMIT ?", arguments: arguments + [lastID, batchSize])
            }
            guard let last = rows.last else { return }
            try handle(rows.map(transform))
            lastID = last["id"]
        }
    }

    /// Runs a read-only block against the database.
    public func read<T>(_ block: (Database) throws -> T) throws -> T {
        try pool.read(block)
    }

    /// Runs a block on the writer connection outside a transaction (pragmas).
    func writeWithoutTransaction<T>(_ block: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction(block)
    }

    /// Runs a block in one write transaction.
    public func write<T>(_ block: (Database) throws -> T) throws -> T {
        try pool.write(block)
    }
}

/// An error of the store; its description is a message fit for the user.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The database file could not be opened or migrated (`reason`: SQLite's or GRDB's account).
    case cannotOpen(path: String, reason: String)
    /// No article has this id.
    case noArticle(String)
    /// The watch's lock file cannot be opened (its path, and why).
    case lockUnavailable(String, String)

    /// The message, as the command line prints it.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open the corpus database \(path): \(reason)"
        case .noArticle(let uid): return "no article \(uid)"
        case .lockUnavailable(let path, let reason): return "\(path): cannot open the watch's lock file (\(reason))"
        }
    }
}
