import Foundation
import PostgresNIO
import SinmunCollect
import SinmunStore
import Synchronization

/// The corpus on a PostgreSQL server (15 or later), for a team sharing one: the article tables
/// of the SQLite corpus with the same columns, under versioned migrations, and a full-text
/// index of the same tokens (see ``TextSearchVector``), so a search counts the same articles.
///
/// Open it with a URL (``open(_:environment:)``) and ``close()`` it. It is one connection:
/// synchronous calls from several threads take turns (a transaction holds it to its end); a
/// server answering many requests at once uses a ``PostgresCorpusPool``. `sinmun db copy`
/// fills it from a SQLite corpus.
public final class PostgresCorpus: Sendable {
    /// Where it lives.
    public let location: PostgresLocation
    let connection: PostgresConnection
    let logger: Logger
    /// Held by each synchronous statement, and by a transaction from BEGIN to COMMIT.
    let statementLock = NSRecursiveLock()
    /// Whether a watch run of this process holds the watch's lock on this connection.
    let watchRunHeld = Mutex(false)
    /// Import transactions this connection has run (see `ingestTransaction`).
    let ingestTurnsTaken = Mutex<Int64>(0)

    init(location: PostgresLocation, connection: PostgresConnection, logger: Logger) {
        self.location = location
        self.connection = connection
        self.logger = logger
    }

    /// Connects to the database a URL names and brings its schema up to date.
    public static func open(
        _ url: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> PostgresCorpus {
        let corpus = try await connect(PostgresLocation(url, environment: environment))
        do {
            try await corpus.migrate()
        } catch {
            await corpus.close()
            throw error
        }
        return corpus
    }

    /// Opens the corpus a URL names, runs `body` on it and closes it, whether `body` returns or
    /// throws.
    public static func with<T>(
        _ url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        _ body: (PostgresCorpus) async throws -> T
    ) async throws -> T {
        let corpus = try await open(url, environment: environment)
        do {
            let result = try await body(corpus)
            await corpus.close()
            return result
        } catch {
            await corpus.close()
            throw error
        }
    }

    /// Connects without touching the schema.
    static func connect(_ location: PostgresLocation) async throws -> PostgresCorpus {
        var logger = Logger(label: "sinmun.postgres")
        // PostgresNIO logs each query at debug level; the command line prints its own messages.
        logger.logLevel = .error
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try location.configuration(), id: 1, logger: logger)
            do {
                _ = try await connection.query(sessionSettings, logger: logger).collect()
            } catch {
                try? await connection.close()
                throw error
            }
            return PostgresCorpus(location: location, connection: connection, logger: logger)
        } catch {
            throw PostgresCorpusError.cannotConnect(location.redacted, reason: PostgresCorpusError.reason(error))
        }
    }

    /// The settings each connection makes for its session, in one statement once connected
    /// (a pooler may refuse them as startup parameters). A broad word's bitmap of matches
    /// outgrows PostgreSQL's default 4 MB of work memory at a million articles and turns lossy,
    /// so every row of its pages is checked again (`Kim Jong Un`'s first statement took 5.0 s,
    /// 1.5 s with 64 MB); JIT compilation cost 0.15 s of that statement and saves nothing on
    /// statements this short. Work memory is only ever raised: a server or role given more
    /// keeps it.
    static let sessionSettings: PostgresQuery = """
        SELECT set_config('jit', 'off', false),
               CASE WHEN pg_size_bytes(current_setting('work_mem')) < 64 * 1024 * 1024
                    THEN set_config('work_mem', '64MB', false) END
        """

    /// Closes the connection.
    public func close() async {
        try? await connection.close()
    }

    /// Runs a statement and collects its rows, naming the server in any error.
    @discardableResult
    func rows(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> [PostgresRow] {
        do {
            var rows: [PostgresRow] = []
            for try await row in try await (connection ?? self.connection).query(query, logger: logger) {
                rows.append(row)
            }
            return rows
        } catch let error as PostgresCorpusError {
            throw error
        } catch {
            throw PostgresCorpusError.queryFailed(location.redacted, reason: PostgresCorpusError.reason(error))
        }
    }

    /// Runs `body` in one transaction, naming the server in any error.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await connection.withTransaction(logger: logger) { try await body($0) }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError as? PostgresCorpusError { throw inner }
            throw PostgresCorpusError.queryFailed(location.redacted, reason: PostgresCorpusError.reason(error))
        } catch {
            throw PostgresCorpusError.queryFailed(location.redacted, reason: PostgresCorpusError.reason(error))
        }
    }

    /// How many rows `table` holds.
    public func rowCount(of table: CorpusTable) async throws -> Int {
        try await count(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table.name)"))
    }

    /// The single integer a counting statement returns.
    func count(_ query: PostgresQuery) async throws -> Int {
        guard let row = try await rows(query).first else { return 0 }
        return Int(try row.decode(Int64.self))
    }

    /// The same hash as `CorpusStore.snapshotHash(filter:)` of the whole corpus:
    /// SHA-256 of every article's `uid:content_hash`, one a line, in byte order of the uid.
    public func snapshotHash() async throws -> String {
        var hasher = Fingerprint.StreamingSHA256()
        var first = true
        let query: PostgresQuery = "SELECT uid || ':' || content_hash FROM article ORDER BY uid COLLATE \"C\""
        do {
            for try await line in try await connection.query(query, logger: logger).decode(String.self) {
                if !first { hasher.update("\n") }
                hasher.update(line)
                first = false
            }
        } catch {
            throw PostgresCorpusError.queryFailed(location.redacted, reason: PostgresCorpusError.reason(error))
        }
        return hasher.hexDigest()
    }

    /// The highest migration applied.
    public func schemaVersion() async throws -> Int {
        try await count("SELECT coalesce(max(version), 0)::bigint FROM schema_version")
    }
}
