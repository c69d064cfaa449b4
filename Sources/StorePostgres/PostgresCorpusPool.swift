import Foundation
import SinmunStore

/// Several connections to one PostgreSQL corpus, for a server answering many requests at once
/// (`sinmun serve --db postgres://…`). Each call takes a free connection for its length, so
/// concurrent readers run side by side on the server and a coder's labels, saved in a
/// transaction, never share a connection with another request's statements.
///
/// A connection the server closed (a restart, an idle timeout, an administrator) is replaced
/// when next taken, and a call that failed because its connection closed under it is run once
/// more on a new one, so a dashboard outlives its database server's restarts.
public final class PostgresCorpusPool: @unchecked Sendable {
    private var corpora: [PostgresCorpus]
    private let condition = NSCondition()
    private var free: [Int]

    private init(_ corpora: [PostgresCorpus]) {
        self.corpora = corpora
        location = corpora[0].location
        free = Array(corpora.indices)
    }

    /// The connection at `index`, connected again first if the server closed it.
    private func live(_ index: Int) throws -> PostgresCorpus {
        condition.lock()
        let corpus = corpora[index]
        condition.unlock()
        guard corpus.connection.isClosed else { return corpus }
        let fresh = try corpus.reconnectWaiting()
        condition.lock()
        corpora[index] = fresh
        condition.unlock()
        return fresh
    }

    /// Opens `connections` connections to the corpus a URL names (the first brings the schema
    /// up to date).
    public static func open(
        _ url: String, connections: Int = 4, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> PostgresCorpusPool {
        var corpora: [PostgresCorpus] = []
        do {
            for _ in 0..<max(1, connections) {
                corpora.append(try await PostgresCorpus.open(url, environment: environment))
            }
        } catch {
            for corpus in corpora { await corpus.close() }
            throw error
        }
        return PostgresCorpusPool(corpora)
    }

    /// Opens a pool (``open(_:connections:environment:)``), runs `body` on it and closes it,
    /// whether `body` returns or throws.
    public static func with<T>(
        _ url: String, connections: Int = 4, environment: [String: String] = ProcessInfo.processInfo.environment,
        _ body: (PostgresCorpusPool) async throws -> T
    ) async throws -> T {
        let pool = try await open(url, connections: connections, environment: environment)
        do {
            let result = try await body(pool)
            await pool.close()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }

    /// Where it lives.
    public let location: PostgresLocation

    /// Closes every connection.
    public func close() async {
        let all = condition.withLock { corpora }
        for corpus in all { await corpus.close() }
    }

    /// Runs `body` on a connection no other call is using, waiting for one to be free. A call
    /// made inside `body` on the same thread (coding saves each batch while reading the next)
    /// reuses the connection it holds rather than wait for a second.
    public func withCorpus<T>(_ body: (PostgresCorpus) throws -> T) throws -> T {
        let key = "sinmun.pool.\(ObjectIdentifier(self).hashValue)"
        if let held = Thread.current.threadDictionary[key] as? Int { return try body(try live(held)) }
        condition.lock()
        while free.isEmpty { condition.wait() }
        let index = free.removeLast()
        condition.unlock()
        Thread.current.threadDictionary[key] = index
        defer {
            Thread.current.threadDictionary[key] = nil
            condition.lock()
            free.append(index)
            condition.signal()
            condition.unlock()
        }
        let corpus = try live(index)
        do {
            return try body(corpus)
        } catch  where corpus.connection.isClosed {
            // Closed under the call (the server went away): once more, on a new connection.
            return try body(try live(index))
        }
    }
}

extension PostgresCorpusPool: DashboardBackend {
    public func search(
        _ query: SearchQuery, filter: ArticleFilter, limit: Int, offset: Int, rankingWindow: Int
    ) throws -> SearchResult {
        try withCorpus {
            try $0.search(query, filter: filter, limit: limit, offset: offset, rankingWindow: rankingWindow)
        }
    }

    public func listArticles(filter: ArticleFilter, limit: Int, offset: Int) throws -> SearchResult {
        try withCorpus { try $0.listArticles(filter: filter, limit: limit, offset: offset) }
    }

    public func article(id uid: String) throws -> ArticleDetail? {
        try withCorpus { try $0.article(id: uid) }
    }

    public func articleID(address: String) throws -> String? {
        try withCorpus { try $0.articleID(address: address) }
    }

    public func saveHumanLabels(articleID uid: String, coder: String, labels: [String: Bool]) throws {
        try withCorpus { try $0.saveHumanLabels(articleID: uid, coder: coder, labels: labels) }
    }

    public func humanLabels(articleID uid: String, coder: String) throws -> [String: Bool] {
        try withCorpus { try $0.humanLabels(articleID: uid, coder: coder) }
    }

    public func humanLabelCSV(coder: String, codes: [String]) throws -> String {
        try withCorpus { try $0.humanLabelCSV(coder: coder, codes: codes) }
    }

    public func coders() throws -> [String] {
        try withCorpus { try $0.coders() }
    }

    public func datedArticles(filter: ArticleFilter, withSections: Bool) throws -> [DatedArticle] {
        try withCorpus { try $0.datedArticles(filter: filter, withSections: withSections) }
    }

    public func articlesWithCode(_ code: String, codebook: String) throws -> [Int64: (level: String, hits: Int)] {
        try withCorpus { try $0.articlesWithCode(code, codebook: codebook) }
    }

    public func articlesMatching(_ query: SearchQuery) throws -> Set<Int64> {
        try withCorpus { try $0.articlesMatching(query) }
    }

    public func codeSpans(codebook: String) throws -> [String: (first: String, last: String, articles: Int)] {
        try withCorpus { try $0.codeSpans(codebook: codebook) }
    }

    public func dateRange() throws -> ClosedRange<String>? {
        try withCorpus { try $0.dateRange() }
    }

    public func articlesNeedingCoding(
        codebook: String, hash: String, batchSize: Int, _ handle: ([ArticleText]) throws -> Void
    ) throws {
        try withCorpus { try $0.articlesNeedingCoding(codebook: codebook, hash: hash, batchSize: batchSize, handle) }
    }

    public func saveCoding(codebook: String, hash: String, results: [(ArticleText, ArticleCoding)]) throws {
        try withCorpus { try $0.saveCoding(codebook: codebook, hash: hash, results: results) }
    }

    public func codingCoverage(codebook: String) throws -> (coded: Int, articles: Int, hash: String?) {
        try withCorpus { try $0.codingCoverage(codebook: codebook) }
    }

    public func codedArticles(codebook: String, filter: ArticleFilter, _ handle: (CodedArticle) throws -> Void) throws {
        try withCorpus { try $0.codedArticles(codebook: codebook, filter: filter, handle) }
    }
}

extension PostgresCorpusPool: CorpusGeneration {
    public func current() throws -> Int {
        try withCorpus { try $0.current() }
    }

    /// A round trip to the server.
    public var waitsOnNetwork: Bool { true }
}
