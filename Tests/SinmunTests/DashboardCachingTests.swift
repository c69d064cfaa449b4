import AsyncHTTPClient
import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SinmunCode
import SinmunStore
import Testing

@testable import SinmunServer

/// The dashboard under load: conditional GETs, gzip, and answers kept only while the corpus is
/// unchanged.
@Suite struct DashboardCachingTests {
    static func app(cacheBytes: Int = 64 << 20) throws -> (some ApplicationProtocol, CorpusStore, String) {
        let (store, book, id) = try DashboardTests.setup()
        let router = try Dashboard.router(
            store: store, options: DashboardOptions(codebook: book, cacheBytes: cacheBytes), csrfToken: "t")
        return (Application(router: router), store, id)
    }

    static func get(
        _ client: some TestClientProtocol, _ uri: String, headers: HTTPFields = [:]
    ) async throws -> (HTTPResponse.Status, ByteBuffer, HTTPFields) {
        try await client.execute(uri: uri, method: .get, headers: headers) { ($0.status, $0.body, $0.headers) }
    }

    /// A generation at hand (heard from a server) is used as it is: never asked, and a change
    /// of it retires the kept pages.
    final class HeardGeneration: CorpusGeneration {
        let heard = Locked(1)
        func current() throws -> Int { throw CancellationError() }
        var waitsOnNetwork: Bool { true }
        var known: Int? { heard.value }
    }

    @Test func aGenerationAtHandIsNeverAsked() async throws {
        let (store, book, _) = try DashboardTests.setup()
        let generation = HeardGeneration()
        let router = try Dashboard.router(
            store: store, generation: generation, options: DashboardOptions(codebook: book), csrfToken: "t")
        try await Application(router: router).test(.router) { client in
            let (status, _, headers) = try await Self.get(client, "/search?q=drone")
            #expect(status == .ok)
            let (again, _, same) = try await Self.get(client, "/search?q=drone")
            #expect(again == .ok && same[.eTag] == headers[.eTag])
            generation.heard.update { $0 = 2 }
            let (after, _, _) = try await Self.get(client, "/search?q=drone")
            #expect(after == .ok)
        }
    }

    @Test func aClientHoldingThePageGets304AndNoBody() async throws {
        let (app, _, _) = try Self.app()
        try await app.test(.router) { client in
            let (status, body, headers) = try await Self.get(client, "/search?q=drone")
            let etag = try #require(headers[.eTag])
            #expect(status == .ok && body.readableBytes > 0)
            #expect(etag.hasPrefix("\"") && etag.count == 34)
            let (again, empty, sameHeaders) = try await Self.get(
                client, "/search?q=drone", headers: [.ifNoneMatch: etag])
            #expect(again == .notModified && empty.readableBytes == 0 && sameHeaders[.eTag] == etag)
            let (other, full, _) = try await Self.get(client, "/search?q=drone", headers: [.ifNoneMatch: "\"stale\""])
            #expect(other == .ok && full == body)
            // Another page has another tag; an error is never kept or tagged.
            let (_, _, farm) = try await Self.get(client, "/search?q=harvested")
            #expect(farm[.eTag] != etag)
            let (missing, _, notFound) = try await Self.get(client, "/article/0000000000000000")
            #expect(missing == .notFound && notFound[.eTag] == nil)
        }
    }

    @Test func gzipWhereTheClientAcceptsIt() async throws {
        let (app, _, _) = try Self.app()
        try await app.test(.router) { client in
            let (_, plain, plainHeaders) = try await Self.get(client, "/report")
            #expect(plainHeaders[.contentEncoding] == nil && plainHeaders[.vary] == "Accept-Encoding")
            let (status, packed, headers) = try await Self.get(
                client, "/report", headers: [.acceptEncoding: "br;q=1.0, gzip;q=0.8"])
            #expect(status == .ok && headers[.contentEncoding] == "gzip")
            #expect(packed.readableBytes < plain.readableBytes / 2)
            // Each form has its own tag, and each revalidates only itself.
            let plainTag = try #require(plainHeaders[.eTag])
            let packedTag = try #require(headers[.eTag])
            #expect(packedTag != plainTag && packedTag.hasSuffix("-gzip\""))
            let (held, _, _) = try await Self.get(
                client, "/report", headers: [.acceptEncoding: "gzip", .ifNoneMatch: packedTag])
            let (mixed, _, _) = try await Self.get(client, "/report", headers: [.ifNoneMatch: packedTag])
            #expect(held == .notModified && mixed == .ok)
            var input = packed
            #expect(try input.decompress(with: .gzip(), allocator: ByteBufferAllocator()) == plain)
            let (_, refused, refusedHeaders) = try await Self.get(
                client, "/report", headers: [.acceptEncoding: "gzip;q=0, *"])
            #expect(refusedHeaders[.contentEncoding] == nil && refused == plain)
        }
    }

    @Test func aCommitByAnyConnectionRetiresTheKeptPages() async throws {
        let (app, store, _) = try Self.app()
        try await app.test(.router) { client in
            let (_, before, _) = try await Self.get(client, "/api/search?q=harvested")
            #expect(String(buffer: before).contains("Farm news"))
            #expect(!String(buffer: before).contains("Second harvest"))
            // Another connection to the file (as another process would be) imports an article.
            let other = try CorpusStore(path: store.path)
            let feed = """
                {"title": "Second harvest", "body": "Farmers harvested maize.", "date": "2024-10-02", \
                "outlet": "kcna", "url": "http://example.org/c"}
                """
            _ = try other.importArchive(try Scratch.file("more.jsonl", feed))
            let (_, after, _) = try await Self.get(client, "/api/search?q=harvested")
            #expect(String(buffer: after).contains("Second harvest"))
        }
    }

    @Test func fiftyConcurrentRequestsGetTheRightPages() async throws {
        let (app, _, id) = try Self.app(cacheBytes: 40_000)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // Fifty requests at once over several connections (the test client has one), twenty pages, a budget
            // too small to keep them all, and a missing article each leader fails on.
            // A connection each, and a connection deadline that a suite loading both cores cannot
            // reach (the client's default, 10 s, counts the wait for a pooled connection too).
            var configuration = HTTPClient.Configuration(
                timeout: .init(connect: .seconds(300), read: .seconds(300)))
            configuration.connectionPool = .init(
                idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 50)
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let uris = (0..<20).map { "/api/search?q=drone&limit=\($0 + 1)" } + ["/article/0000000000000000"]
            let answers: [String: Set<ByteBuffer>]
            do {
                answers = try await Self.fetchAll(uris, times: 50, port: port, with: http)
            } catch {
                // The client must be shut down however the requests end (it traps otherwise).
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
            #expect(answers.count == 21 && answers.values.allSatisfy { $0.count == 1 })
            for (uri, body) in answers where !uri.hasPrefix("/article/") {
                let (_, fresh, _) = try await Self.get(client, uri + "&fresh=1")
                #expect(body.first == fresh, "\(uri)")
            }
            #expect(try await Self.get(client, "/article/\(id)").0 == .ok)
        }
    }

    /// Requests `uris` round robin, `times` in all, all at once: each address's status checked
    /// (404 for an article, else 200) and its distinct bodies gathered.
    static func fetchAll(
        _ uris: [String], times: Int, port: Int, with http: HTTPClient
    ) async throws -> [String: Set<ByteBuffer>] {
        try await withThrowingTaskGroup(of: (String, Int, ByteBuffer).self) { group in
            for index in 0..<times {
                let uri = uris[index % uris.count]
                group.addTask {
                    // Generous: the suite runs in parallel on two cores, and the pool queues requests.
                    let response = try await http.execute(
                        HTTPClientRequest(url: "http://127.0.0.1:\(port)\(uri)"), timeout: .seconds(300))
                    return (uri, Int(response.status.code), try await response.body.collect(upTo: 1 << 20))
                }
            }
            return try await group.reduce(into: [String: Set<ByteBuffer>]()) { answers, answer in
                #expect(answer.1 == (answer.0.hasPrefix("/article/") ? 404 : 200), "\(answer.0)")
                answers[answer.0, default: []].insert(answer.2)
            }
        }
    }

    @Test func theCacheKeepsToItsBudgetAndItsGeneration() {
        let cache = PageCache(budget: 10_000)
        func entry(_ generation: Int, _ size: Int) -> PageCache.Entry {
            PageCache.Entry(
                generation: generation, etag: "\"e\"", headers: [:], body: ByteBuffer(repeating: 1, count: size),
                gzip: nil)
        }
        for index in 0..<10 { cache.store("/p\(index)", entry(1, 2_000)) }
        #expect(cache.size.bytes <= 10_000 && cache.size.entries == 5)
        // The least recently used go first: /p5 was read, so /p6 leaves before it.
        #expect(cache.entry("/p5", generation: 1) != nil)
        cache.store("/q", entry(1, 2_000))
        #expect(cache.entry("/p5", generation: 1) != nil && cache.entry("/p6", generation: 1) == nil)
        // Too big to keep: more than a quarter of the budget.
        cache.store("/big", entry(1, 3_000))
        #expect(cache.entry("/big", generation: 1) == nil)
        // A new generation retires everything; an answer computed for an older one is not kept.
        #expect(cache.entry("/p5", generation: 2) == nil)
        cache.store("/new", entry(2, 100))
        cache.store("/late", entry(1, 100))
        #expect(cache.size.entries == 1 && cache.entry("/late", generation: 1) == nil)
    }

    @Test func requestsForAPageBeingComputedWaitForIt() async {
        let cache = PageCache(budget: 10_000)
        let (flight, leads) = cache.flight("/p", generation: 1)
        let (same, follows) = cache.flight("/p", generation: 1)
        #expect(leads && !follows && same === flight)
        // Another page, or the same page in a newer generation, is computed on its own.
        #expect(cache.flight("/q", generation: 1).leads && cache.flight("/p", generation: 2).leads)
        let waiters = (0..<5).map { _ in Task { await same.wait()?.etag } }
        let entry = PageCache.Entry(
            generation: 1, etag: "\"x\"", headers: [:], body: ByteBuffer(string: "page"), gzip: nil)
        cache.land("/p", flight, entry: entry)
        for waiter in waiters { #expect(await waiter.value == "\"x\"") }
        // Landed: a late waiter has the page at once, and the next request leads a new computation.
        #expect(await flight.wait()?.etag == "\"x\"")
        #expect(cache.flight("/p", generation: 1).leads)
    }

    @Test func acceptEncodingAndIfNoneMatchAreReadAsHTTPSays() {
        typealias Middleware = PageCacheMiddleware<BasicRequestContext>
        #expect(Middleware.acceptsGzip("gzip, deflate"))
        #expect(Middleware.acceptsGzip("br;q=1.0, gzip;q=0.8"))
        #expect(Middleware.acceptsGzip("*"))
        #expect(!Middleware.acceptsGzip("gzip;q=0"))
        #expect(!Middleware.acceptsGzip("gzip;q=0.0"))
        #expect(!Middleware.acceptsGzip("gzip;q=0, *"))
        #expect(Middleware.acceptsGzip("deflate, *;q=0.1"))
        #expect(!Middleware.acceptsGzip("identity"))
        #expect(!Middleware.acceptsGzip(nil))
        #expect(Middleware.matches("\"a\", \"b\"", "\"b\""))
        #expect(Middleware.matches("W/\"b\"", "\"b\""))
        #expect(Middleware.matches("*", "\"b\""))
        #expect(!Middleware.matches("\"a\"", "\"b\""))
    }
}
