/// What an import needs of a corpus backend. ``CorpusStore`` (SQLite) and the PostgreSQL
/// corpus both conform; `importArchive` and `importArticles` are written once, over this.
public protocol ImportBackend: Sendable {
    /// The id of the source row for this location and format, created when new (a crawl's
    /// source, which needs no turn of its own).
    func sourceID(location: String, format: String, kind: String) throws -> Int64
    /// Begins an import of a file or folder: its source row (created when new), whether the
    /// source has contributed no record yet, and whether the corpus has no article. A backend
    /// shared by several processes first waits for any other import of the same source to end,
    /// so two runs of one file take turns.
    func beginImport(location: String, format: String) throws -> ImportSource
    /// Runs `body` in one write transaction, after every other writer's import transaction
    /// (imports never interleave), and commits it; rolls it back when `body` throws.
    func ingestTransaction<T>(_ body: (any IngestStatements) throws -> T) throws -> T
    /// Deletes a source row no record came from (a strict import that failed).
    func removeSourceIfUnused(_ id: Int64) throws
    /// Ends an import ``beginImport(location:format:)`` began, whether it `completed` or
    /// failed: housekeeping after a completed one (SQLite gives back the pages its index merges
    /// freed), and the source free for another import.
    func endImport(_ source: ImportSource, completed: Bool) throws
}

/// A source an import has begun: its row, and what the import may skip looking up.
public struct ImportSource: Sendable {
    /// The source row's id.
    public var id: Int64
    /// Where it was read from (an absolute path).
    public var location: String
    /// The format it is read as.
    public var format: String
    /// The source has contributed no record yet: no record can be a re-import.
    public var freshSource: Bool
    /// The corpus held no article when the import began.
    public var emptyCorpus: Bool

    /// Makes one from its parts.
    public init(id: Int64, location: String, format: String, freshSource: Bool, emptyCorpus: Bool) {
        self.id = id
        self.location = location
        self.format = format
        self.freshSource = freshSource
        self.emptyCorpus = emptyCorpus
    }
}
