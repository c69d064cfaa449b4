import Foundation

/// What an import needs of a corpus backend. ``CorpusStore`` (SQLite) and the PostgreSQL
/// corpus both conform; `importArchive` and `importArticles` are written once, over this.
public protocol ImportBackend: Sendable {
    /// The id of the source row for this location and format, created when new.
    func sourceID(location: String, format: String, kind: String) throws -> Int64
    /// Begins an import of a source: whether the source has contributed no record yet, and
    /// whether the corpus has no article. A backend shared by several processes first waits
    /// for any other import of the same source to end, so two runs of one file take turns.
    func importStart(source: Int64) throws -> (freshSource: Bool, emptyCorpus: Bool)
    /// Runs `body` in one write transaction, after every other writer's import transaction
    /// (imports never interleave), and commits it; rolls it back when `body` throws.
    func ingestTransaction<T>(_ body: (any IngestStatements) throws -> T) throws -> T
    /// Deletes a source row no record came from (a strict import that failed).
    func removeSourceIfUnused(_ id: Int64) throws
    /// Ends an import ``importStart(source:)`` began, whether it `completed` or failed:
    /// housekeeping after a completed one (SQLite gives back the pages its index merges freed),
    /// and the source free for another import.
    func endImport(source: Int64, completed: Bool) throws
}
