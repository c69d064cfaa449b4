/// What `sinmun db copy` did: how much it copied in this run, how long it took, and the
/// verification of the result.
public struct CopyReport: Sendable, Codable, Equatable {
    /// Which way a copy goes.
    public enum Direction: String, Sendable, Codable {
        /// From a SQLite file into PostgreSQL.
        case sqliteToPostgres = "sqlite-to-postgres"
        /// From PostgreSQL into a SQLite file.
        case postgresToSQLite = "postgres-to-sqlite"

        /// The backends' names, source first, as a table's column headers print them.
        public var names: (source: String, target: String) {
            self == .sqliteToPostgres ? ("SQLite", "PostgreSQL") : ("PostgreSQL", "SQLite")
        }
    }

    /// Which way the copy went.
    public var direction: Direction
    /// The source, as given (a PostgreSQL source without its password).
    public var source: String
    /// The target (a PostgreSQL target without its password).
    public var target: String
    /// Articles in the source.
    public var articles: Int
    /// Articles a previous run had already copied (a resumed copy).
    public var alreadyCopied: Int
    /// Articles this run copied.
    public var copied: Int
    /// Batches this run wrote, each in one transaction.
    public var batches: Int
    /// Wall-clock seconds of copying (verification excluded).
    public var seconds: Double
    /// False when the run stopped before the last batch (`stopAfterBatches`); a rerun finishes.
    public var complete: Bool
    /// Counts and hashes of both sides; nil when the copy is not complete.
    public var verification: CopyVerification?
}
