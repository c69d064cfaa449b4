import Foundation

/// The statements one import transaction runs, article by article, on a backend.
///
/// The rules of an import (what is a repeat, a revision, a completed headline, a near
/// duplicate) live once, in ``ImportBackend``'s `importArchive`; each backend supplies only
/// these statements, in its own SQL, inside the transaction ``ImportBackend/ingestTransaction(_:)``
/// opened.
public protocol IngestStatements {
    /// Told each batch of articles before they are ingested one by one, so a backend can look
    /// their near-duplicate candidates up at once (PostgreSQL saves a round trip per article,
    /// SQLite reads the LSH table in key order) and write what it has kept so far. Nothing by
    /// default.
    func prepare(_ batch: [PreparedArticle]) throws
    /// The highest article id in the corpus (0 when empty).
    func lastArticleID() throws -> Int64
    /// A number equal at two of this import's transactions exactly when no other connection
    /// committed in between; nil when the backend cannot tell (the import then stops trusting
    /// its own maps after its first transaction).
    func commitMark() throws -> Int64?
    /// True when the source already contributed the record at `locator`.
    func hasProvenance(source: Int64, locator: String) throws -> Bool
    /// The article holding this identity, as its own text or as one of its revisions.
    func articleID(uid: String) throws -> Int64?
    /// The articles listed at an address in one outlet and edition, in id order, and whether
    /// each has body text.
    func articles(atAddress url: String, outlet: String, language: String) throws -> [(id: Int64, hasBody: Bool)]
    /// An article's title and encoded MinHash signature (`Fingerprint.encode(_:)`).
    func titleAndSignature(of id: Int64) throws -> (title: String, minhash: Data?)?
    /// Keeps a revised text of article `id`; nothing when this identity is already kept.
    func insertRevision(_ prepared: PreparedArticle, of id: Int64, at now: String) throws
    /// Inserts a new article and its full-text index entry; returns its id.
    func insertArticle(_ prepared: PreparedArticle, at now: String) throws -> Int64
    /// Gives an article (headline-only until now) the text that arrived for its address: its
    /// row and index entry, keeping its date, outlet and edition, and drops its old LSH keys.
    func replaceText(of id: Int64, with prepared: PreparedArticle, at now: String) throws
    /// The articles other than `id` filed under any of these LSH keys, with their signatures.
    func nearDuplicateCandidates(keys: [Int64], excluding id: Int64) throws -> [(id: Int64, minhash: Data?)]
    /// Links two articles (`a` < `b`); false when they were linked already.
    func linkNearDuplicates(_ a: Int64, _ b: Int64, similarity: Double) throws -> Bool
    /// Files an article's LSH keys.
    func fileLSHKeys(_ keys: [Int64], of id: Int64) throws
    /// Records an address of the article; false when it was recorded already.
    func addAddress(_ url: String, of id: Int64) throws -> Bool
    /// Records a section the article was listed under (nothing when recorded already).
    func addSection(_ section: String, of id: Int64) throws
    /// Records which record of which source the article came from (nothing when recorded already).
    func addProvenance(source: Int64, locator: String, of id: Int64, at now: String) throws
}

extension IngestStatements {
    /// Nothing to look up ahead: each statement is answered where it runs.
    public func prepare(_ batch: [PreparedArticle]) throws {}
}
