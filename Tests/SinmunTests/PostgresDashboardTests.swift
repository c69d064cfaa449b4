import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import SinmunCode
import SinmunServer
import SinmunStore
import Testing

@testable import SinmunPostgres

extension PostgresTests {
    /// `sinmun serve` on PostgreSQL: the same searches, listings, articles and series as the
    /// SQLite dashboard over the same corpus, labels saved through a pool of connections, and the
    /// pages of the term index, the report and alerts.
    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func theDashboardServesFromPostgresAsFromSQLite() async throws {
        let store = try TestPostgres.sharedStore()
        let book = try BuiltInCodebooks.load("ai-discourse")
        try await TestPostgres.withCorpus { corpus, url in
            _ = try await corpus.copy(from: store)
            try await PostgresCorpusPool.with(url, connections: 3) { pool in
                try await Self.compareDashboards(store: store, pool: pool, book: book)
            }
        }
    }

    private static func compareDashboards(store: CorpusStore, pool: PostgresCorpusPool, book: Codebook) async throws {
        let options = DashboardOptions(codebook: book)
        let sqlite = Application(router: try Dashboard.router(store: store, options: options, csrfToken: "t"))
        let postgres = Application(
            router: try Dashboard.router(store: pool, generation: pool, options: options, csrfToken: "t"))
        func answers(
            _ app: some ApplicationProtocol, _ uris: [String]
        ) async throws -> [(HTTPResponse.Status, String)] {
            try await app.test(.router) { client in
                var out: [(HTTPResponse.Status, String)] = []
                for uri in uris {
                    out.append(
                        try await client.execute(uri: uri, method: .get) { ($0.status, String(buffer: $0.body)) })
                }
                return out
            }
        }
        let id = try #require(try store.listArticles(filter: ArticleFilter(), limit: 1).hits.first?.id)
        // Ranked pages differ in order (BM25 against ts_rank); counts and the articles found do not.
        let searches = [
            "/api/search?q=%EC%9D%B8%EA%B3%B5%EC%A7%80%EB%8A%A5&limit=100",
            "/api/search?q=drone&limit=100&from=2021",
            "/api/search?q=%22Kim%20Jong%20Un%22&limit=5&lang=en",
        ]
        // Listings, articles and series are the same bytes.
        let exact = [
            "/api/search?limit=30", "/api/search?limit=30&offset=1400",
            "/api/search?outlet=rodong&lang=ko&limit=50",
            "/api/article/\(id)", "/api/series?query=drone&by=month", "/api/series?query=%ED%95%B5&by=year",
            "/search?outlet=kcna",
        ]
        let (fromSQLite, fromPostgres) = (
            try await answers(sqlite, searches + exact), try await answers(postgres, searches + exact)
        )
        for (index, uri) in (searches + exact).enumerated() {
            let (a, b) = (fromSQLite[index], fromPostgres[index])
            #expect(a.0 == .ok && b.0 == .ok, "\(uri): \(b.1.prefix(300))")
            if index < searches.count {
                func found(_ body: String) throws -> (Int, Set<String>) {
                    let page = try #require(
                        try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                    let hits = page["hits"] as? [[String: Any]] ?? []
                    return (page["total"] as? Int ?? -1, Set(hits.compactMap { $0["id"] as? String }))
                }
                let (sqliteFound, postgresFound) = (try found(a.1), try found(b.1))
                #expect(sqliteFound.0 == postgresFound.0 && sqliteFound.0 > 0, "\(uri)")
                if sqliteFound.0 <= 100 { #expect(sqliteFound.1 == postgresFound.1, "\(uri)") }
            } else {
                #expect(a.1 == b.1 && a.1.count > 50, "\(uri)")
            }
        }
        // A coder's labels go to PostgreSQL; the page cache's generation moves with them.
        let before = try pool.current()
        try await postgres.test(.router) { client in
            // Kept by the page cache before the labels exist, and dropped once they do.
            let empty = try await client.execute(uri: "/labels.csv?coder=Ann", method: .get) {
                String(buffer: $0.body)
            }
            #expect(empty.split(separator: "\n").count == 1)
            let saved = try await client.execute(
                uri: "/code/\(id)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=t&coder=Ann&code%5B%5D=ai&code[]=military")
            ) { $0.status }
            #expect(saved == .seeOther)
            let csv = try await client.execute(uri: "/labels.csv?coder=Ann", method: .get) {
                String(buffer: $0.body)
            }
            #expect(csv.split(separator: "\n").count == 2 && csv.hasPrefix("url,ai,"))
            let form = try await client.execute(uri: "/code/\(id)?coder=Ann", method: .get) {
                String(buffer: $0.body)
            }
            #expect(form.contains("value=\"ai\" checked") && form.contains("value=\"military\" checked"))
        }
        // The pages of the term index, the report and alerts answer from PostgreSQL too (this
        // corpus is not analysed, so as SQLite's do without an analysis).
        let others = [
            "/api/keyness?target=outlet:kcna&minCount=1", "/api/terms?by=month&minCount=1", "/alerts",
            "/alerts.atom", "/search?q=lemma%3A%EB%B0%9B%EC%95%84%EB%93%A4%EC%9D%B4%EB%8B%A4", "/report",
        ]
        let (sqliteOthers, postgresOthers) = (try await answers(sqlite, others), try await answers(postgres, others))
        for (uri, (a, b)) in zip(others, zip(sqliteOthers, postgresOthers)) {
            // Keyness, terms and the report say what to run first on both: the shared corpus is
            // neither analysed nor coded with this codebook.
            #expect(a.0 == b.0 && (b.0 == .ok || b.1.contains("first")), "\(uri): \(b.0)")
            #expect(a.1 == b.1, "\(uri)")
        }
        #expect(try pool.current() > before)
        #expect(try pool.coders() == ["Ann"])
    }
}

extension PostgresTests {
    /// The server closes every connection of a dashboard's pool (a restart would): the next
    /// calls connect again and answer as before.
    @Test func aPoolOutlivesItsConnectionsBeingClosed() async throws {
        try await TestPostgres.withCorpus { corpus, url in
            let feed = try Scratch.file("late.jsonl", PostgresTests.lateArticle)
            _ = try await offThePool { try corpus.importArchive(feed) }
            try await PostgresCorpusPool.with(url, connections: 2) { pool in
                let before = try await offThePool { try pool.dateRange() }
                #expect(before != nil)
                let closed = try await corpus.rows(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                    """)
                #expect(closed.count == 2)
                try await Task.sleep(for: .milliseconds(300))
                // Calls at once, so both connections are taken.
                let answers = try await offThePool {
                    let answers = Locked<[ClosedRange<String>?]>([])
                    let failures = Locked<[String]>([])
                    DispatchQueue.concurrentPerform(iterations: 6) { _ in
                        do {
                            let range = try pool.dateRange()
                            answers.update { $0.append(range) }
                        } catch {
                            failures.update { $0.append("\(error)") }
                        }
                    }
                    return (answers.value, failures.value)
                }
                #expect(answers.1.isEmpty, "\(answers.1)")
                #expect(answers.0.count == 6 && answers.0.allSatisfy { $0 == before })
                let listed = try await offThePool {
                    try pool.listArticles(filter: ArticleFilter(), limit: 5, offset: 0)
                }
                #expect(listed.total == 1)
            }
        }
    }
}

extension PostgresTests {
    /// Polls `value` every 20 ms for up to ten seconds, until it is not nil.
    static func eventually<T>(_ value: () throws -> T?) async throws -> T? {
        for _ in 0..<500 {
            if let found = try value() { return found }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// A generation that counts how often it is asked.
    final class AskedGeneration: CorpusGeneration {
        let base: any CorpusGeneration
        let asked = Locked(0)
        init(_ base: any CorpusGeneration) { self.base = base }
        func current() throws -> Int {
            asked.update { $0 += 1 }
            return try base.current()
        }
    }

    /// A dashboard hears each commit's generation on a connection of its own, instead of asking
    /// on every request; while that connection is down it asks, and it listens again after. On a
    /// standby (here: asked to poll) it reads the number over and over.
    @Test func theGenerationIsHeardAtCommitAndAskedWhileDeaf() async throws {
        try await TestPostgres.withCorpus { corpus, url in
            try await PostgresCorpusPool.with(url, connections: 1) { pool in
                let fallback = AskedGeneration(pool)
                let watch = PostgresGenerationWatch.start(pool.location, fallback: fallback)
                let first = try await Self.eventually { watch.known }
                #expect(first == (try pool.current()))
                // Another connection's import commits: its number is announced and heard.
                let article = { @Sendable (n: Int) in
                    Self.lateArticle.replacingOccurrences(of: "/late", with: "/late-\(n)")
                        .replacingOccurrences(of: "late bulletin", with: "bulletin \(n)")
                }
                _ = try await offThePool { try corpus.importArchive(try Scratch.file("g1.jsonl", article(1))) }
                let asked = try pool.current()
                #expect(asked > first ?? .max)
                #expect(try await Self.eventually { watch.known == asked ? asked : nil } == asked)
                // The server closes the listening connection: the watch asks until it listens again.
                try await corpus.rows(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                    """)
                #expect(try await Self.eventually { watch.known == nil ? true : nil } == true)
                // Deaf for a second before connecting again: meanwhile the fallback is asked.
                #expect(try await offThePool { try watch.current() } == asked)
                #expect(fallback.asked.value == 1)
                _ = try await offThePool { try corpus.importArchive(try Scratch.file("g2.jsonl", article(2))) }
                let missed = try pool.current()
                #expect(missed > asked)
                // Listening again, it starts from the number committed while it was deaf.
                #expect(try await Self.eventually { watch.known == missed ? missed : nil } == missed)
                await watch.stop()
                #expect(watch.known == nil)
                // As on a standby, which refuses LISTEN: the number is read over and over.
                let polling = PostgresGenerationWatch.start(pool.location, fallback: pool, polls: true)
                #expect(try await Self.eventually { polling.known == missed ? missed : nil } == missed)
                _ = try await offThePool { try corpus.importArchive(try Scratch.file("g3.jsonl", article(3))) }
                let polled = try pool.current()
                #expect(polled > missed)
                #expect(try await Self.eventually { polling.known == polled ? polled : nil } == polled)
                await polling.stop()
            }
        }
    }
}

extension PostgresTests {
    /// A listening watch reads the number now and then; a reading that gets no answer (here
    /// held by a lock, as a connection that died without a word would hold it) makes it close
    /// the connection, ask the fallback meanwhile, and listen anew.
    @Test func aWatchWhoseReadingsGoUnansweredConnectsAnew() async throws {
        try await TestPostgres.withCorpus { corpus, url in
            try await PostgresCorpusPool.with(url, connections: 1) { pool in
                let watch = PostgresGenerationWatch.start(
                    pool.location, fallback: pool, polls: false, intervals: (.milliseconds(100), .milliseconds(300)))
                let first = try #require(try await Self.eventually { watch.known })
                try await corpus.transaction { connection in
                    try await corpus.rows("LOCK TABLE corpus_generation IN ACCESS EXCLUSIVE MODE", on: connection)
                    #expect(try await Self.eventually { watch.known == nil ? true : nil } == true)
                }
                #expect(try await Self.eventually { watch.known } == first)
                await watch.stop()
            }
        }
    }
}
