import Foundation
import GRDB
import SinmunCollect

/// What one import did, for the summary line and `--json`.
public struct ImportReport: Codable, Sendable, Equatable {
    /// The file, folder or crawl imported.
    public var source: String
    /// The format it was read as (`kcna-json`, `rodong-jsonl`, `text` ...).
    public var format: String
    /// Records read from the source (articles and skipped ones).
    public var recordsRead = 0
    /// New articles added to the corpus.
    public var inserted = 0
    /// Records folded into an article already in the corpus: the same text listed under
    /// another section or address, an exact repeat, or a headline-only copy of a full text.
    public var merged = 0
    /// Records this source had already contributed (a re-import): nothing changed.
    public var unchanged = 0
    /// Articles this import stored without body text (photo and video items): kept for
    /// counts, not coded. Items whose text arrived later in the same import are not counted.
    public var headlineOnly = 0
    /// Headline-only articles whose full text arrived in this import.
    public var completed = 0
    /// Records that are a revised text of an article at the same address (kept as revisions).
    public var revisions = 0
    /// Near-duplicate links made between new articles and similar ones.
    public var nearDuplicateLinks = 0
    /// Records skipped for a problem, each reported in ``issues``.
    public var skipped = 0
    /// The problems met, one line each: `FILE: line N: reason`.
    public var issues: [String] = []

    /// An empty report for one source.
    public init(source: String, format: String) {
        self.source = source
        self.format = format
    }
}

/// The running state of one import.
struct IngestSession {
    var report: ImportReport
    /// The import's timestamp, recorded on every row it writes.
    let now = CorpusStore.timestamp()
    /// The writer's ``IngestStatements/commitMark()`` at this import's last transaction, and
    /// whether there was one: see `checkStillAlone(_:)`.
    var commitMark: Int64?
    var checkedOnce = false
    /// Headline-only articles inserted by this import and not yet given their text.
    var headlineOnlyInserted: Set<Int64> = []
    /// The source had no records before: no record can be a re-import, so none is looked up.
    var freshSource = false
    /// The corpus was empty when the import began (a first load) and no other writer has
    /// added an article since: identities and addresses are looked up in this import's own
    /// maps, not in the database. Checked at each transaction, so two imports into an empty
    /// corpus at once do not both insert the same article.
    var emptyCorpus = false
    /// In an empty-corpus import: article id of every identity (and revision) stored so far.
    var articleByUID: [String: Int64] = [:]
    /// In an empty-corpus import: articles by outlet, edition and address.
    var articlesByAddress: [String: [(id: Int64, hasBody: Bool)]] = [:]

    init(report: ImportReport) { self.report = report }

    static func addressKey(_ article: Article, _ url: String) -> String {
        "\(article.outlet.rawValue)\u{1F}\(article.language)\u{1F}\(url)"
    }
}

/// An article with everything the store derives from it computed ahead (off the writing
/// thread during an import): identity, content hash, MinHash signature and LSH keys, and the
/// full-text index forms.
public struct PreparedArticle: Sendable {
    /// The article as read.
    public let article: Article
    /// Its body text (`Article.body`), joined once here rather than on the writing thread.
    public let body: String
    /// Its identity (`Article.stableID`).
    public let uid: String
    /// Its `Article.contentHash`.
    public let contentHash: String
    /// Its MinHash signature; nil for a headline-only item.
    public let signature: [UInt32]?
    /// The signature as stored (`Fingerprint.encode(_:)`); nil without one.
    public let encodedSignature: Data?
    /// The signature's LSH keys (`Fingerprint.lshKeys(_:)`), empty without one.
    public let lshKeys: [Int64]
    /// The title as SQLite's full-text index reads it (``SearchText/indexForm(_:)``).
    public let indexTitle: String
    /// The body as SQLite's full-text index reads it.
    public let indexBody: String

    /// Derives everything from the article.
    public init(_ article: Article) {
        self.article = article
        uid = article.stableID
        contentHash = article.contentHash
        body = article.body
        signature = article.hasBody ? Fingerprint.minHash(body) : nil
        encodedSignature = signature.map(Fingerprint.encode)
        lshKeys = signature.map(Fingerprint.lshKeys) ?? []
        indexTitle = SearchText.indexForm(article.title)
        indexBody = SearchText.indexForm(body)
    }
}

/// Batches of prepared records handed from the reading thread to the writing one; the
/// reader waits when `capacity` batches are queued, so memory stays bounded.
final class PreparedBatchQueue: @unchecked Sendable {
    enum Item: Sendable {
        case article(PreparedArticle)
        case skipped(ImportIssue)
    }
    struct Batch: Sendable {
        var items: [Item]
        var progress: Double

        /// The batch's articles, without the skipped records.
        var articles: [PreparedArticle] {
            items.compactMap { item in
                guard case .article(let prepared) = item else { return nil }
                return prepared
            }
        }
    }

    private let condition = NSCondition()
    private var batches: [Batch] = []
    private var finished = false
    private var failure: Error?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Reader side: false when the writer has stopped and reading should end.
    func push(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    func finish(error: Error?) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        failure = error
        condition.broadcast()
    }

    /// Writer side: the next batch, nil at the end; rethrows the reader's error.
    func pop() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            let batch = batches.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Writer side: stop the reader (the writer failed).
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
    }
}

extension CorpusStore {
    /// Records are read and prepared in batches of this many, handed from the reading thread
    /// to the writing one.
    public static let batchSize = 2000

    /// Batches written per transaction: a killed import loses at most this many batches and a
    /// rerun completes them. FTS5 writes a segment per transaction (its pending postings are
    /// kept in memory up to the `hashsize` migration v12 sets), so bigger transactions mean
    /// fewer segments and fewer merges: five batches import ~11% faster than one, with less
    /// peak memory (100,000 synthetic articles).
    public static let batchesPerTransaction = 5
}

extension ImportBackend {
    /// Imports an archive file or folder.
    ///
    /// Reading (parsing, clean-up, hashing, MinHash, index forms) runs on its own thread while
    /// this one writes, so an import uses two cores.
    ///
    /// - Parameters:
    ///   - url: the file or folder to import.
    ///   - format: the format to read it as; nil detects it from the name and first bytes.
    ///   - options: field names, outlet and language for records that do not give them.
    ///   - strict: stop at the first bad record and write nothing from this source.
    ///   - progress: called with the fraction read, 0...1.
    ///   - onIssue: called for each skipped record as it is found (for live reporting).
    public func importArchive(
        _ url: URL, format: ImportFormat? = nil, options: ImportOptions = ImportOptions(),
        strict: Bool = false, progress: (Double) -> Void = { _ in }, onIssue: (ImportIssue) -> Void = { _ in }
    ) throws -> ImportReport {
        let format = try format ?? ImportFormat.detect(url)
        let location = url.standardizedFileURL.path
        var session = IngestSession(report: ImportReport(source: url.path, format: format.rawValue))
        let reader = ArchiveReader(options: options)
        let source = try beginImport(location: location, format: format.rawValue)
        let sourceID = source.id
        (session.freshSource, session.emptyCorpus) = (source.freshSource, source.emptyCorpus)
        var completed = false
        defer { try? endImport(source, completed: completed) }
        if strict {
            // Read everything first: the first issue aborts before anything is written.
            var all: [PreparedArticle] = []
            do {
                try reader.read(url, format: format, progress: progress) { item in
                    session.report.recordsRead += 1
                    switch item {
                    case .article(let article): all.append(PreparedArticle(article))
                    case .skipped(let issue): throw issue
                    }
                }
            } catch let issue as ImportIssue {
                // Nothing of this source may remain, not even its source row.
                try? removeSourceIfUnused(sourceID)
                throw issue
            }
            try ingestTransaction { statements in
                try session.checkStillAlone(statements)
                try statements.prepare(all)
                for prepared in all { try ingest(prepared, sourceID: sourceID, statements, session: &session) }
            }
        } else {
            // Room for a whole transaction's batches and one more, so the reader keeps reading
            // while the writer writes.
            let queue = PreparedBatchQueue(capacity: CorpusStore.batchesPerTransaction + 1)
            let thread = Thread {
                var items: [PreparedBatchQueue.Item] = []
                var fraction = 0.0
                do {
                    try reader.read(url, format: format, progress: { fraction = $0 }) { item in
                        switch item {
                        case .article(let article): items.append(.article(PreparedArticle(article)))
                        case .skipped(let issue): items.append(.skipped(issue))
                        }
                        if items.count >= CorpusStore.batchSize {
                            guard queue.push(.init(items: items, progress: fraction)) else { throw CancellationError() }
                            items.removeAll(keepingCapacity: true)
                        }
                    }
                    _ = queue.push(.init(items: items, progress: 1))
                    queue.finish(error: nil)
                } catch {
                    queue.finish(error: error)
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
            do {
                var batches: [PreparedBatchQueue.Batch] = []
                var readerFailure: Error?
                repeat {
                    // Gathered before the transaction opens: the write lock is never held while
                    // the reader works, so other writers (a crawl, a coder) only wait for writing.
                    batches.removeAll(keepingCapacity: true)
                    do {
                        while batches.count < CorpusStore.batchesPerTransaction, let batch = try queue.pop() {
                            batches.append(batch)
                        }
                    } catch {
                        // What was read before the failure is still written, then the failure told.
                        readerFailure = error
                    }
                    guard !batches.isEmpty else { break }
                    try ingestTransaction { statements in
                        try session.checkStillAlone(statements)
                        for batch in batches {
                            try statements.prepare(batch.articles)
                            for item in batch.items {
                                session.report.recordsRead += 1
                                switch item {
                                case .article(let prepared):
                                    try ingest(prepared, sourceID: sourceID, statements, session: &session)
                                case .skipped(let issue):
                                    session.report.skipped += 1
                                    session.report.issues.append(issue.description)
                                }
                            }
                        }
                    }
                    // Reported once committed.
                    for batch in batches {
                        for case .skipped(let issue) in batch.items { onIssue(issue) }
                        progress(batch.progress)
                    }
                } while batches.count == CorpusStore.batchesPerTransaction && readerFailure == nil
                if let readerFailure { throw readerFailure }
            } catch {
                queue.cancel()
                throw error
            }
        }
        session.report.headlineOnly = session.headlineOnlyInserted.count
        completed = true
        return session.report
    }

    /// Adds articles that did not come from a file (a crawl): `location` names the source (the
    /// site and edition), each article's provenance locator its place in it. Idempotent as an
    /// import is: an article already contributed under the same locator changes nothing.
    public func importArticles(
        _ articles: [Article], kind: String, location: String, format: String
    ) throws -> ImportReport {
        var session = IngestSession(report: ImportReport(source: location, format: format))
        let prepared = articles.map(PreparedArticle.init)
        let sourceID = try self.sourceID(location: location, format: format, kind: kind)
        try ingestTransaction { statements in
            try statements.prepare(prepared)
            for article in prepared {
                session.report.recordsRead += 1
                try ingest(article, sourceID: sourceID, statements, session: &session)
            }
        }
        session.report.headlineOnly = session.headlineOnlyInserted.count
        return session.report
    }

    /// Adds one article, merging it with the copy already stored if there is one.
    func ingest(
        _ prepared: PreparedArticle, sourceID: Int64, _ statements: any IngestStatements,
        session: inout IngestSession
    ) throws {
        let article = prepared.article
        let now = session.now
        if !session.freshSource,
            try statements.hasProvenance(source: sourceID, locator: article.provenance.locator)
        {
            session.report.unchanged += 1
            return
        }
        let uid = prepared.uid
        var articleID =
            session.emptyCorpus ? session.articleByUID[uid] : try statements.articleID(uid: uid)
        if articleID != nil {
            session.report.merged += 1
        } else {
            articleID = try mergeAtSameAddress(prepared, statements, session: &session)
        }
        if articleID == nil {
            let id = try statements.insertArticle(prepared, at: now)
            articleID = id
            session.report.inserted += 1
            if !article.hasBody { session.headlineOnlyInserted.insert(id) }
            session.report.nearDuplicateLinks += try linkNearDuplicates(of: id, prepared: prepared, statements)
            if session.emptyCorpus { session.articleByUID[uid] = id }
        }
        try recordListing(of: articleID!, prepared: prepared, sourceID: sourceID, statements, session: &session)
    }

    /// Merges a new text into the article seen at the same address, when it is a headline-only
    /// copy of a known text, the text of a headline-only item, or a revised text (the site
    /// edited the article); returns that article. A different text that is neither similar nor
    /// under the same title stays a separate article (nil).
    private func mergeAtSameAddress(
        _ prepared: PreparedArticle, _ statements: any IngestStatements, session: inout IngestSession
    ) throws -> Int64? {
        let article = prepared.article
        let uid = prepared.uid
        guard let sameAddress = try sameAddressArticle(article, statements, session: session) else { return nil }
        if !article.hasBody {
            session.report.merged += 1
            return sameAddress.id
        }
        if !sameAddress.hasBody {
            try statements.replaceText(of: sameAddress.id, with: prepared, at: session.now)
            _ = try linkNearDuplicates(of: sameAddress.id, prepared: prepared, statements)
            session.report.merged += 1
            session.report.completed += 1
            session.headlineOnlyInserted.remove(sameAddress.id)
            if session.emptyCorpus {
                session.articleByUID[uid] = sameAddress.id
                for url in article.urls where !url.isEmpty {
                    let key = IngestSession.addressKey(article, url)
                    session.articlesByAddress[key] = session.articlesByAddress[key]?.map {
                        $0.id == sameAddress.id ? ($0.id, true) : $0
                    }
                }
            }
            return sameAddress.id
        }
        guard try isRevision(prepared, of: sameAddress.id, statements) else { return nil }
        try statements.insertRevision(prepared, of: sameAddress.id, at: session.now)
        session.report.merged += 1
        session.report.revisions += 1
        if session.emptyCorpus { session.articleByUID[uid] = sameAddress.id }
        return sameAddress.id
    }

    /// Records where the article was listed (its addresses and sections) and which record of
    /// the source it came from.
    private func recordListing(
        of id: Int64, prepared: PreparedArticle, sourceID: Int64, _ statements: any IngestStatements,
        session: inout IngestSession
    ) throws {
        let article = prepared.article
        for url in article.urls where !url.isEmpty {
            if try statements.addAddress(url, of: id), session.emptyCorpus {
                // A headline-only record can join an article with text: the article's state counts.
                session.articlesByAddress[IngestSession.addressKey(article, url), default: []].append(
                    (id, !session.headlineOnlyInserted.contains(id)))
            }
        }
        for section in article.sections where !section.isEmpty {
            try statements.addSection(section, of: id)
        }
        try statements.addProvenance(source: sourceID, locator: article.provenance.locator, of: id, at: session.now)
    }

    /// A text at an address already holding another text is a revision when the titles agree
    /// or the texts are at least half alike (MinHash estimate).
    private func isRevision(
        _ prepared: PreparedArticle, of id: Int64, _ statements: any IngestStatements
    ) throws
        -> Bool
    {
        guard let stored = try statements.titleAndSignature(of: id) else { return false }
        if Fingerprint.whitespaceFolded(stored.title).lowercased()
            == Fingerprint.whitespaceFolded(prepared.article.title).lowercased()
        {
            return true
        }
        guard let data = stored.minhash, let signature = prepared.signature else { return false }
        return Fingerprint.estimatedSimilarity(Fingerprint.decode(data), signature) >= 0.5
    }

    private func sameAddressArticle(
        _ article: Article, _ statements: any IngestStatements, session: IngestSession
    ) throws -> (id: Int64, hasBody: Bool)? {
        for url in article.urls where !url.isEmpty {
            let rows =
                session.emptyCorpus
                ? session.articlesByAddress[IngestSession.addressKey(article, url)] ?? []
                : try statements.articles(atAddress: url, outlet: article.outlet.rawValue, language: article.language)
            // Prefer the copy that has text.
            if let row = rows.first(where: \.hasBody) ?? rows.first { return row }
        }
        return nil
    }

    /// Links an article to every stored text whose estimated similarity reaches
    /// `Fingerprint.nearDuplicateSimilarity`, then files its own LSH keys. Candidates are
    /// found by the keys computed here, so the LSH table needs no index by article.
    /// Returns the number of links made.
    func linkNearDuplicates(
        of id: Int64, prepared: PreparedArticle, _ statements: any IngestStatements
    ) throws
        -> Int
    {
        guard let signature = prepared.signature else { return 0 }
        var links = 0
        for candidate in try statements.nearDuplicateCandidates(keys: prepared.lshKeys, excluding: id) {
            guard let otherData = candidate.minhash else { continue }
            let similarity = Fingerprint.estimatedSimilarity(signature, Fingerprint.decode(otherData))
            guard similarity >= Fingerprint.nearDuplicateSimilarity else { continue }
            if try statements.linkNearDuplicates(
                min(id, candidate.id), max(id, candidate.id), similarity: similarity)
            {
                links += 1
            }
        }
        try statements.fileLSHKeys(prepared.lshKeys, of: id)
        return links
    }
}

extension IngestSession {
    /// Drops the empty-corpus shortcut once another writer may have changed the corpus: the
    /// import's maps would no longer know every article, address and revision. At the first
    /// transaction the corpus must still be empty; at later ones no other connection may have
    /// committed since the last (by the backend's commit mark; without one, the shortcut ends).
    mutating func checkStillAlone(_ statements: any IngestStatements) throws {
        guard emptyCorpus else { return }
        let mark = try statements.commitMark()
        let alone = checkedOnce ? (mark != nil && mark == commitMark) : try statements.lastArticleID() == 0
        checkedOnce = true
        commitMark = mark
        if !alone {
            emptyCorpus = false
            articleByUID = [:]
            articlesByAddress = [:]
        }
    }
}
