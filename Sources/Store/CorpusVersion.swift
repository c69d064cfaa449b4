import GRDB

/// A number that changes whenever anything is committed to the corpus, by this process or any
/// other (an import, a crawl, a coder's label): what a cache of pages checks before it trusts
/// an answer it kept.
///
/// It reads SQLite's `PRAGMA data_version` on a connection of its own, which changes exactly when
/// another connection has committed since the last reading. No file is read and nothing is
/// written, so checking it costs microseconds.
public final class CorpusVersion: Sendable {
    private let connection: DatabaseQueue

    /// A watch on the corpus `store` holds, through a read-only connection of its own.
    public init(store: CorpusStore) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            connection = try DatabaseQueue(path: store.path, configuration: configuration)
        } catch {
            throw StoreError.cannotOpen(path: store.path, reason: "\(error)")
        }
    }

    /// The corpus's generation: equal to an earlier reading exactly when nothing was committed in
    /// between.
    public func current() throws -> Int {
        // One connection, always the same: its data_version only grows, by other connections' commits.
        try connection.read { try Int.fetchOne($0, sql: "PRAGMA data_version") ?? 0 }
    }
}
