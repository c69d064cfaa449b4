import NIOPosix
import PostgresNIO

/// The synchronous side of the corpus, for the interfaces both backends share (``ImportBackend``
/// and ``CodingBackend`` are synchronous, as GRDB is). A statement is sent and its rows are
/// awaited on the calling thread through PostgresNIO's futures, which complete on NIO's own
/// threads, so waiting never needs a thread of Swift's concurrency pool.
extension PostgresCorpus {
    /// Runs a statement, waits for its rows and names the server in any error.
    @discardableResult
    func rowsWaiting(_ query: PostgresQuery) throws -> [PostgresRow] {
        // A transaction on another thread holds the connection to its end.
        statementLock.lock()
        defer { statementLock.unlock() }
        do {
            return try connection.query(query, logger: logger).wait().rows
        } catch {
            throw PostgresCorpusError.queryFailed(location.redacted, reason: PostgresCorpusError.reason(error))
        }
    }

    /// Connects again to where this corpus lives (its schema already up to date), waiting on
    /// the calling thread: how a pool replaces a connection the server closed.
    func reconnectWaiting() throws -> PostgresCorpus {
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: try location.configuration(), id: 1,
                logger: logger
            ).wait()
            do {
                _ = try connection.query(Self.sessionSettings, logger: logger).wait()
            } catch {
                try? connection.close().wait()
                throw error
            }
            return PostgresCorpus(location: location, connection: connection, logger: logger)
        } catch let error as PostgresCorpusError {
            throw error
        } catch {
            throw PostgresCorpusError.cannotConnect(location.redacted, reason: PostgresCorpusError.reason(error))
        }
    }

    /// The single integer a counting statement returns, waited for.
    func countWaiting(_ query: PostgresQuery) throws -> Int {
        guard let row = try rowsWaiting(query).first else { return 0 }
        return Int(try row.decode(Int64.self))
    }

    /// Runs `body` between BEGIN and COMMIT on the connection, rolling back when it throws.
    /// Other threads' statements wait until it ends, so none lands inside it. Read committed
    /// whatever the server's default: each statement after a lock must see what the lock's
    /// previous holder committed.
    func transactionWaiting<T>(_ body: () throws -> T) throws -> T {
        statementLock.lock()
        defer { statementLock.unlock() }
        try rowsWaiting("BEGIN ISOLATION LEVEL READ COMMITTED")
        do {
            let result = try body()
            try rowsWaiting("COMMIT")
            return result
        } catch {
            _ = try? rowsWaiting("ROLLBACK")
            throw error
        }
    }
}
