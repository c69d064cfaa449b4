import Foundation
import GRDB
import PostgresNIO
import SinmunBench
import SinmunCode
import SinmunCollect
import SinmunStore
import Testing

@testable import SinmunPostgres

/// The PostgreSQL server the tests use: `SINMUN_TEST_POSTGRES`, a URL whose user may create
/// databases (`scripts/throwaway-postgres start DIR` starts one and prints it). Each test makes
/// its own database with a random name and drops it after. Without the variable the tests are
/// skipped with a message — except in CI (`CI` set), where its absence fails them.
enum TestPostgres {
    static let url: String? = ProcessInfo.processInfo.environment["SINMUN_TEST_POSTGRES"].flatMap {
        $0.isEmpty ? nil : $0
    }
    static var mustRun: Bool { url != nil || ProcessInfo.processInfo.environment["CI"] != nil }
    static let skipMessage: Comment =
        "SINMUN_TEST_POSTGRES is unset (scripts/throwaway-postgres start DIR prints one): PostgreSQL tests skipped"

    struct Unset: Error, CustomStringConvertible {
        var description: String { "SINMUN_TEST_POSTGRES must be set where CI is set: the PostgreSQL tests must run" }
    }

    /// Runs `body` with the URL of a new, empty database, dropped afterwards.
    static func withDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        guard let url, var components = URLComponents(string: url) else { throw Unset() }
        let name = "sinmun_test_" + UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(16)
        let admin = try await PostgresCorpus.connect(try PostgresLocation(url))
        try await admin.rows(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        components.path = "/" + name
        let result: T
        do {
            result = try await body(components.string ?? url)
        } catch {
            _ = try? await admin.rows(PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"))
            await admin.close()
            throw error
        }
        try await admin.rows(PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"))
        await admin.close()
        return result
    }

    /// Opens a new database, runs `body` on it and closes it.
    static func withCorpus<T>(_ body: (PostgresCorpus, String) async throws -> T) async throws -> T {
        try await withDatabase { url in try await PostgresCorpus.with(url) { try await body($0, url) } }
    }

    /// The shared corpora's store, or nil (and a recorded issue) when it failed to import.
    static func sharedStore() throws -> CorpusStore {
        try SharedCorpus.allCorporaStore.get().0
    }

    /// Queries whose counts must agree between the backends: Korean words, a word with a
    /// particle, southern spellings that fold to northern ones, a single syllable (a prefix),
    /// English words and phrases, several clauses, words beside phrases, and a broad query.
    static let queries = [
        "인공지능", "로동", "노동", "조선로동당", "인민들은", "당의", "역사", "러시아", "핵", "년", "\"경제건설\"",
        "국가주도", "drone", "\"artificial intelligence\"", "\"Kim Jong Un\"", "nuclear weapons", "Korea", "2024년",
        // Words beside phrases: the words found among the lexemes, the phrases confirmed by position.
        "\"artificial intelligence\" Korea", "Kim \"nuclear weapons\"", "핵 인공지능", "조선로동당 러시아",
    ]
}

@Suite(.enabled(if: TestPostgres.mustRun, TestPostgres.skipMessage), .serialized)
struct PostgresTests {
    @Test func serverIsConfigured() throws {
        // In CI the variable must be there: the suite would otherwise pass without testing anything.
        #expect(TestPostgres.url != nil, "SINMUN_TEST_POSTGRES is unset where CI is set")
    }

    @Test func migrationsAreVersionedAndRunOnce() async throws {
        try await TestPostgres.withDatabase { url in
            let first = try await PostgresCorpus.open(url)
            let version = try await first.schemaVersion()
            await first.close()
            #expect(version == PostgresCorpus.migrations.count)
            // Opening again applies nothing twice (each version is recorded once).
            let second = try await PostgresCorpus.open(url)
            let rows = try await second.count("SELECT count(*) FROM schema_version")
            await second.close()
            #expect(rows == PostgresCorpus.migrations.count)
        }
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func copiesTheSharedCorporaAndVerifies() async throws {
        let store = try TestPostgres.sharedStore()
        try await TestPostgres.withCorpus { corpus, _ in
            let report = try await corpus.copy(from: store, batchSize: 400)
            let check = try #require(report.verification)
            #expect(report.complete && report.copied == report.articles && report.articles > 1_000)
            #expect(check.matches, "\(check)")
            #expect(check.sourceHash == (try store.snapshotHash()))
            #expect(check.tables.first { $0.table == "article" }?.target == report.articles)
            #expect(check.tables.allSatisfy { $0.source == $0.target })
            #expect(check.indexedArticles == report.articles)
            // Vacuumed and analyzed at its end (a manual vacuum; autovacuum's has its own column).
            let settled = try await corpus.count(
                """
                SELECT count(*) FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL AND last_analyze IS NOT NULL
                AND relname IN ('article', 'article_fts', 'article_lexemes')
                """)
            #expect(settled == 3)
            // The LSH keys go too, so an import on PostgreSQL finds near duplicates of copied articles.
            let keys = try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM article_lsh") }
            #expect(try await corpus.count("SELECT count(*) FROM article_lsh") == keys && (keys ?? 0) > 0)
            // A rerun of a finished copy writes nothing.
            let indexRows = try await corpus.count("SELECT count(*) FROM article_fts")
            let again = try await corpus.copy(from: store, batchSize: 400)
            #expect(again.copied == 0 && again.batches == 0 && again.alreadyCopied == report.articles)
            #expect(again.verification?.matches == true)
            #expect(try await corpus.count("SELECT count(*) FROM article_fts") == indexRows)
        }
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func aStoppedCopyResumes() async throws {
        let store = try TestPostgres.sharedStore()
        try await TestPostgres.withCorpus { corpus, _ in
            let part = try await corpus.copy(from: store, batchSize: 300, stopAfterBatches: 2)
            #expect(!part.complete && part.verification == nil && part.copied == 600)
            #expect(try await corpus.rowCount(of: PostgresCorpus.table("article")) == 600)
            // An import would take the ids the rest of the copy brings: refused until it is done.
            await #expect(throws: PostgresCorpusError.self) {
                try await offThePool { try corpus.importArchive(SharedCorpus.korean2026) }
            }
            let rest = try await corpus.copy(from: store, batchSize: 300)
            #expect(rest.alreadyCopied == 600 && rest.copied == rest.articles - 600 && rest.complete)
            #expect(rest.verification?.matches == true)
            // Finished, the copy leaves the ids to imports: new articles take ids after its own.
            let report = try await offThePool {
                try corpus.importArchive(try Scratch.file("late.jsonl", Self.lateArticle))
            }
            #expect(report.inserted == 1)
        }
    }

    static let lateArticle = """
        {"title": "A late bulletin", "body": "Seedlings were planted late.", "date": "2026-11-30", "outlet": "demo", \
        "url": "http://example.org/late"}
        """

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func copiesBackToSQLiteResumablyWithTheSameSearch() async throws {
        let store = try TestPostgres.sharedStore()
        try await TestPostgres.withCorpus { corpus, _ in
            _ = try await corpus.copy(from: store)
            let back = try CorpusStore(path: Scratch.path("back.sqlite"))
            let part = try await corpus.copy(to: back, batchSize: 500, stopAfterBatches: 1)
            #expect(!part.complete && part.copied == 500 && part.direction == .postgresToSQLite)
            let rest = try await corpus.copy(to: back, batchSize: 500)
            #expect(rest.complete && rest.alreadyCopied == 500 && rest.copied == rest.articles - 500)
            let check = try #require(rest.verification)
            #expect(check.matches, "\(check)")
            #expect(check.targetHash == (try store.snapshotHash()))
            for text in TestPostgres.queries {
                let query = SearchQuery(typed: text)
                #expect(try back.search(query).total == (try store.search(query).total), "\(text)")
            }
            // Near-duplicate keys are filed as an import files them.
            func lshRows(_ path: String) throws -> Int {
                try DatabaseQueue(path: path).read {
                    try Int.fetchOne($0, sql: "SELECT count(*) FROM article_lsh") ?? 0
                }
            }
            #expect(try lshRows(back.path) == (try lshRows(store.path)) && (try lshRows(back.path)) > 0)
            // A file holding other articles is refused.
            let other = try CorpusStore(path: Scratch.path("other.sqlite"))
            _ = try other.importArchive(try Scratch.file("other.jsonl", #"{"title": "Other", "body": "other text"}"#))
            await #expect(throws: PostgresCorpusError.targetNotEmpty(other.path, source: corpus.location.redacted)) {
                _ = try await corpus.copy(to: other)
            }
        }
    }

    @Test func aDatabaseHoldingOtherArticlesIsRefused() async throws {
        let first = try CorpusStore(path: Scratch.path("one.sqlite"))
        _ = try first.importArchive(try Scratch.file("one.jsonl", #"{"title": "One", "body": "first text"}"#))
        let second = try CorpusStore(path: Scratch.path("two.sqlite"))
        try await TestPostgres.withCorpus { corpus, _ in
            _ = try await corpus.copy(from: first)
            await #expect(throws: PostgresCorpusError.targetNotEmpty(corpus.location.redacted, source: second.path)) {
                _ = try await corpus.copy(from: second)
            }
        }
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func searchCountsEqualSQLite() async throws {
        let store = try TestPostgres.sharedStore()
        try await TestPostgres.withCorpus { corpus, _ in
            _ = try await corpus.copy(from: store)
            var found = 0
            for text in TestPostgres.queries {
                let query = SearchQuery(typed: text)
                let sqlite = try store.search(query, limit: 5)
                let postgres = try corpus.search(query, limit: 5)
                #expect(postgres.total == sqlite.total, "\(text): SQLite \(sqlite.total), PostgreSQL \(postgres.total)")
                #expect(postgres.hits.count == sqlite.hits.count, "\(text)")
                if sqlite.total > 0 { found += 1 }
            }
            #expect(found >= 12, "most queries find something, or the comparison means little")
            // A broad query is ranked among its most recently published matches, alike on both.
            var windowed = 0
            for text in TestPostgres.queries {
                let query = SearchQuery(typed: text)
                let sqlite = try store.search(query, limit: 500, rankingWindow: 40)
                let postgres = try corpus.search(query, limit: 500, rankingWindow: 40)
                guard let among = sqlite.rankedAmong else { continue }
                windowed += 1
                #expect(postgres.rankedAmong == among, "\(text)")
                #expect(Set(postgres.hits.map(\.id)) == Set(sqlite.hits.map(\.id)), "\(text)")
                // The window is every match on or after its oldest day, and no fewer than 40.
                let since = try #require(sqlite.hits.compactMap(\.date).min(), "\(text)")
                #expect(sqlite.hits.count == among && among >= 40, "\(text)")
                #expect(try store.search(query, filter: ArticleFilter().publishedOnOrAfter(since)).total == among)
                let nextDay = try #require(DateParsing.parse(since)?.nextDay)
                let newer = try store.search(query, filter: ArticleFilter(from: nextDay)).total
                #expect(newer < 40, "\(text): the window's oldest day is as late as it can be")
            }
            #expect(windowed >= 8, "most queries are broad at a window of 40")
            // Filters narrow both alike.
            let filter = ArticleFilter(
                from: PublicationDate(year: 1990), to: PublicationDate(year: 2019, month: 12, day: 31), language: "ko")
            let query = SearchQuery(typed: "핵")
            #expect(
                try corpus.search(query, filter: filter).total == (try store.search(query, filter: filter).total))
        }
    }

    /// Every connection, the first and a reconnection alike, runs with the session settings
    /// broad searches need (a lossy bitmap made `Kim Jong Un` three times slower at 1M).
    @Test func connectionsAskForTheSearchSettings() async throws {
        try await TestPostgres.withCorpus { corpus, _ in
            let reconnected = try corpus.reconnectWaiting()
            for connection in [corpus, reconnected] {
                let settings = try connection.rowsWaiting(
                    "SELECT current_setting('work_mem'), current_setting('jit')"
                ).first?.decode((String, String).self)
                #expect(settings?.0 == "64MB" && settings?.1 == "off")
            }
            await reconnected.close()
        }
    }

    /// Every ranking window over a small fixture, on both backends: the most recently published,
    /// a tie on the window's last day, too few dated (the most recently added), filters that keep
    /// or drop the undated, a page past the last hit, and a window of none or fewer.
    @Test func rankingWindowsEqualSQLite() async throws {
        let store = try CorpusStore(path: Scratch.path("harvest.sqlite"))
        _ = try store.importArchive(try Scratch.file("harvest.jsonl", DeduplicationTests.harvestReports))
        try await TestPostgres.withCorpus { corpus, _ in
            _ = try await corpus.copy(from: store)
            // The edition filter keeps the undated reports; the date filter leaves them out.
            let filters = [
                ArticleFilter(), ArticleFilter(language: "en"),
                ArticleFilter(to: PublicationDate(year: 2024, month: 8, day: 25)),
            ]
            // Two words in every report, and a phrase in reports 2 to 10 only.
            let queries = [SearchQuery("good harvest"), SearchQuery(typed: "\"good and good and good\"")]
            #expect(try store.search(queries[1]).total == 9)
            for filter in filters {
                for window in -1...11 {
                    for (limit, offset) in [(20, 0), (2, 1), (5, 30)] {
                        for query in queries {
                            let label = "\(query), window \(window), offset \(offset), filter \(filter)"
                            let sqlite = try store.search(
                                query, filter: filter, limit: limit, offset: offset, rankingWindow: window)
                            let postgres = try corpus.search(
                                query, filter: filter, limit: limit, offset: offset, rankingWindow: window)
                            #expect(postgres.total == sqlite.total, "\(label)")
                            #expect(postgres.rankedAmong == sqlite.rankedAmong, "\(label)")
                            #expect(postgres.hits.count == sqlite.hits.count, "\(label)")
                            if offset == 0 && limit >= 10 {
                                #expect(Set(postgres.hits.map(\.id)) == Set(sqlite.hits.map(\.id)), "\(label)")
                            }
                        }
                    }
                }
            }
            // Ranked best first (scores are negated ranks): report 10 says "good" most often.
            let ranked = try corpus.search(SearchQuery("good"), limit: 10)
            #expect(ranked.hits.first?.title == "Harvest report 10")
            #expect(ranked.hits.map(\.score) == ranked.hits.map(\.score).sorted())
        }
    }

    @Test func aChangeThatKeepsTheCountsIsCaught() async throws {
        let store = try CorpusStore(path: Scratch.path("changed.sqlite"))
        let lines = [
            #"{"title": "One", "body": "first text", "date": "2024-01-01"}"#,
            #"{"title": "Two", "body": "second text", "date": "2024-01-02"}"#,
        ]
        _ = try store.importArchive(try Scratch.file("changed.jsonl", lines.joined(separator: "\n")))
        try await TestPostgres.withCorpus { corpus, _ in
            #expect(try await corpus.copy(from: store).verification?.matches == true)
            // A date corrected in the file after the copy: the same rows, the same text and hash.
            try await DatabaseQueue(path: store.path).write { db in
                try db.execute(sql: "UPDATE article SET date = '2024-02-02' WHERE id = (SELECT min(id) FROM article)")
            }
            let check = try await corpus.verify(against: store)
            #expect(!check.matches && check.sourceHash == check.targetHash)
            #expect(check.tables.filter { !$0.agrees }.map(\.table) == ["article"])
            let article = try #require(check.tables.first { $0.table == "article" })
            #expect(article.source == article.target && article.sourceDigest != article.targetDigest)
        }
    }

    @Test func aRoleThatMayOnlyReadSearches() async throws {
        let store = try CorpusStore(path: Scratch.path("reader.sqlite"))
        let lines = [
            #"{"title": "Drone test", "body": "a drone and another drone", "date": "2024-08-26"}"#,
            #"{"title": "Farm", "body": "rice harvested", "date": "2024-09-02"}"#,
        ]
        _ = try store.importArchive(try Scratch.file("reader.jsonl", lines.joined(separator: "\n")))
        try await TestPostgres.withCorpus { corpus, url in
            _ = try await corpus.copy(from: store)
            // PostgreSQL 15 grants no one CREATE on the public schema: this role can only read.
            let role = "reader_" + UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(12)
            try await corpus.rows(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) LOGIN"))
            try await corpus.rows(PostgresQuery(unsafeSQL: "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role)"))
            var components = try #require(URLComponents(string: url))
            components.user = role
            do {
                let reader = try await PostgresCorpus.open(try #require(components.string))
                #expect(try reader.search(SearchQuery(typed: "drone")).total == 1)
                await reader.close()
            } catch {
                Issue.record("a read-only role could not search: \(error)")
            }
            try await corpus.rows(PostgresQuery(unsafeSQL: "DROP OWNED BY \(role)"))
            try await corpus.rows(PostgresQuery(unsafeSQL: "DROP ROLE \(role)"))
        }
    }

    @Test func operatorsAndQuotesInAQueryAreText() async throws {
        let store = try CorpusStore(path: Scratch.path("operators.sqlite"))
        let lines = [
            #"{"title": "Nuclear weapons", "body": "nuclear and weapons side by side", "date": "2024-01-01"}"#,
            #"{"title": "Weapons only", "body": "weapons without the other word", "date": "2024-01-02"}"#,
            #"{"title": "Quote's test", "body": "it's a b c", "date": "2024-01-03"}"#,
        ]
        _ = try store.importArchive(try Scratch.file("operators.jsonl", lines.joined(separator: "\n")))
        try await TestPostgres.withCorpus { corpus, _ in
            _ = try await corpus.copy(from: store)
            let hostile = [
                "nuclear & !weapons", "nuclear | weapons", "!weapons", "nuclear <-> weapons", "(nuclear) & (weapons)",
                "'nuclear'", "nuc:*", "weap:* | nuclear:A", "x'; DROP TABLE article; --", "\"it's\"", "\\' OR 1=1",
                "&|!<->()':*", "'' '", "a <2> c",
            ]
            for text in hostile {
                let query = SearchQuery(typed: text)
                #expect(try corpus.search(query).total == (try store.search(query).total), "\(text)")
            }
            // Operators are dropped as punctuation, the words kept: "nuclear & !weapons" is nuclear AND weapons.
            #expect(try corpus.search(SearchQuery(typed: "nuclear & !weapons")).total == 1)
            #expect(try await corpus.rowCount(of: PostgresCorpus.table("article")) == 3)
            // A lexeme full of tsquery syntax reaches the server as one operand, not as syntax.
            let lexeme = TextSearchQuery.lexeme("x' & !y | z:* <-> (w)", prefix: false)
            let row = try #require(try await corpus.rows("SELECT numnode(\(lexeme)), \(lexeme)::text").first)
            let (nodes, text) = try row.decode((Int32, String).self)
            #expect(nodes == 1)
            #expect(text == "'x'' & !y | z:* <-> (w)'")
        }
    }

    @Test func aPhraseDeepInALongArticleIsFound() async throws {
        // 20,000 bigrams: beyond a tsvector's 16,383 positions and 256 positions per lexeme.
        let filler = String(repeating: "가나", count: 10_000)
        let body = filler + "마지막문장"
        let line = #"{"title": "긴 글", "body": "\#(body)", "date": "2024-01-01"}"#
        let store = try CorpusStore(path: Scratch.path("long.sqlite"))
        _ = try store.importArchive(try Scratch.file("long.jsonl", line))
        try await TestPostgres.withCorpus { corpus, _ in
            _ = try await corpus.copy(from: store)
            for text in ["마지막문장", "\"나마지\"", "가나가나", "막"] {
                let query = SearchQuery(typed: text, exact: true)
                #expect(try corpus.search(query).total == 1, "\(text)")
                #expect(try store.search(query).total == 1, "\(text)")
            }
            #expect(try await corpus.count("SELECT count(*) FROM article_fts WHERE part = 1") > 1)
        }
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func commandLineCopiesAndSearches() async throws {
        let store = try TestPostgres.sharedStore()
        try await TestPostgres.withDatabase { url in
            let copy = try SinmunProcess.run(["db", "copy", store.path, url, "--json"])
            #expect(copy.status == 0, "\(copy.stderr)")
            let report = try #require(try copy.json() as? [String: Any])
            let verification = try #require(report["verification"] as? [String: Any])
            #expect(verification["matches"] as? Bool == true)
            let onPostgres = try SinmunProcess.run(["search", "로동", "--limit", "1"], environment: ["SINMUN_DB": url])
            let onSQLite = try SinmunProcess.run(["search", "로동", "--limit", "1", "--db", store.path])
            #expect(onPostgres.status == 0, "\(onPostgres.stderr)")
            #expect(onPostgres.stdout.split(separator: "\n").first == onSQLite.stdout.split(separator: "\n").first)
            // The benchmark's searches, filters included, count alike on both, the lemma search
            // too (the term index is on both).
            func benchmark(_ database: String) throws -> [String: Any] {
                let run = try SinmunProcess.run(["bench", "search", "--db", database, "--json"])
                #expect(run.status == 0, "\(run.stderr)")
                return try #require(try run.json() as? [String: Any])
            }
            func hits(_ result: [String: Any]) -> [String: Int] {
                Dictionary(
                    uniqueKeysWithValues: (result["queries"] as? [[String: Any]] ?? []).compactMap { query in
                        (query["query"] as? String).map { ($0, query["hits"] as? Int ?? -1) }
                    })
            }
            let postgres = try benchmark(url)
            let sqlite = try benchmark(store.path)
            #expect(postgres["backend"] as? String == "postgresql" && sqlite["backend"] as? String == "sqlite")
            #expect(postgres["skipped"] as? [String] == [])
            let expected = hits(sqlite)
            #expect(hits(postgres) == expected)
            #expect(expected.count == SearchLatency.cases.count)
            #expect((expected["Kim Jong Un [KCNA]"] ?? 0) > 0 && (expected["drone [2020–2022, en]"] ?? 0) > 0)
        }
    }
}

extension PostgresTests {
    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func aKilledCopyFinishesWhenRunAgain() async throws {
        let store = try TestPostgres.sharedStore()
        try await TestPostgres.withCorpus { corpus, url in
            let process = Process()
            process.executableURL = SinmunProcess.executable
            process.arguments = ["db", "copy", store.path, url, "--batch-size", "10"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Killed (SIGKILL, no clean-up) once some batches are committed.
            var progress = 0
            for _ in 0..<2_000 where progress == 0 && process.isRunning {
                try await Task.sleep(for: .milliseconds(10))
                progress = try await corpus.count("SELECT coalesce(max(last_article_id), 0) FROM copy_progress")
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let copiedBefore = try await corpus.rowCount(of: PostgresCorpus.table("article"))
            #expect(copiedBefore > 0, "the copy was killed after committing some batches")
            let rerun = try SinmunProcess.run(["db", "copy", store.path, url, "--json"])
            #expect(rerun.status == 0, "\(rerun.stderr)")
            let report = try #require(try rerun.json() as? [String: Any])
            #expect(report["alreadyCopied"] as? Int == copiedBefore)
            #expect((report["verification"] as? [String: Any])?["matches"] as? Bool == true)
        }
    }
}

/// What needs no server: URLs, connection errors, and how long columns are cut.
@Suite struct PostgresOfflineTests {
    @Test func urlsAreReadAndPasswordsNeverPrinted() throws {
        let location = try PostgresLocation("postgres://ana:s%40cret@db.example.org:6543/corpus?sslmode=require")
        #expect(location.user == "ana" && location.password == "s@cret" && location.host == "db.example.org")
        #expect(location.port == 6543 && location.database == "corpus" && location.tls == .require)
        #expect(location.redacted == "postgres://ana@db.example.org:6543/corpus")
        #expect(try PostgresLocation("postgresql://ana@[::1]/c", environment: ["PGPASSWORD": "pw"]).password == "pw")
        for bad in [
            "postgres://db.example.org/x", "postgres://ana@host", "mysql://ana@host/x", "postgres://a@h/x?ssl=1",
        ] {
            #expect(throws: PostgresCorpusError.self) { try PostgresLocation(bad) }
        }
        // The password is never printed, whether the text is refused (no database; a hash or a
        // space that makes it no URL at all) or read (a slash, which the parser may take).
        for url in [
            "postgres://ana:hunter2@host", "postgres://ana:hun/ter2@db/x", "postgres://ana:hun#ter2@db/x",
            "postgres://ana:hun ter2@db/x",
        ] {
            do {
                let location = try PostgresLocation(url)
                #expect(!location.redacted.contains("hun") && !location.redacted.contains("ter2"), "\(location)")
            } catch {
                #expect(!"\(error)".contains("hun") && !"\(error)".contains("ter2"), "\(error)")
            }
        }
        #expect(throws: PostgresCorpusError.self) { try PostgresLocation("postgres://ana:hunter2@host") }
    }

    @Test func anUnreachableServerIsNamed() async throws {
        let url = "postgres://ana:hunter2@127.0.0.1:1/corpus"
        do {
            _ = try await PostgresCorpus.open(url)
            Issue.record("connected to port 1")
        } catch {
            #expect("\(error)".hasPrefix("cannot connect to postgres://ana@127.0.0.1:1/corpus"))
            #expect(!"\(error)".contains("hunter2"))
        }
    }

    @Test func longColumnsAreCutWithinPostgresLimits() {
        var tokens: [String] = []
        for index in 0..<40_000 { tokens.append(index % 3 == 0 ? "t\(index)" : "same") }
        let chunks = TextSearchVector.chunks(of: tokens)
        #expect(chunks.count > 1)
        for chunk in chunks {
            #expect(chunk.positions.values.allSatisfy { $0.count <= 256 && ($0.last ?? 0) <= 16_383 })
        }
        // Every run of longestPhrase tokens lies whole in one chunk: the chunks start at most
        // (chunk length − overlap) apart, so consecutive ones share `overlap` tokens.
        let lengths = chunks.map { $0.positions.values.map { $0.last ?? 0 }.max() ?? 0 }
        var start = 0
        for (index, length) in lengths.enumerated().dropLast() {
            #expect(length > TextSearchVector.overlap, "chunk \(index) advances")
            start += length - TextSearchVector.overlap
        }
        #expect(start + (lengths.last ?? 0) == tokens.count)
        #expect(TextSearchVector.chunks(of: []).count == 1)
        // Tokens Swift calls equal but SQLite's index keeps apart stay apart: a compatibility
        // ideograph and its unified form, a composed syllable and its conjoining jamo.
        let vector = TextSearchVector(tokens: ["\u{F914}", "\u{6A02}", "\u{D558}", "\u{1112}\u{1161}"])
        #expect(vector.positions.count == 4)
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func theTokenizerCountsWhatSQLiteIndexed() throws {
        // Every token instance in SQLite's index of the shared corpora, counted by FTS5 itself,
        // against the tokenizer run over every title and body: the PostgreSQL index is built
        // from the same streams.
        let store = try TestPostgres.sharedStore()
        let indexed = try store.write { db -> Int in
            try db.execute(sql: "CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, article_fts, 'col')")
            defer { try? db.execute(sql: "DROP TABLE temp.vocab") }
            // The title and body; the facets column holds the filters' tokens (SearchFacets).
            return try Int.fetchOne(db, sql: "SELECT sum(cnt) FROM temp.vocab WHERE col IN ('title', 'body')") ?? 0
        }
        let tokenizer = try IndexTokenizer()
        let rows = try store.rows(of: PostgresCorpus.table("article"), articles: nil)
        var tokens = 0
        for text in (rows.texts("title") ?? []) + (rows.texts("body") ?? []) {
            tokens += try tokenizer.documentTokens(of: text ?? "").count
        }
        #expect(indexed > 100_000 && tokens == indexed)
    }

    @Test func theTokenizerHoldsWhatSQLiteIndexes() throws {
        let tokenizer = try IndexTokenizer()
        #expect(
            try tokenizer.documentTokens(of: "Drones were displayed; 인공지능기술을") == [
                "drone", "were", "displai", "인공", "공지", "지능", "능기", "기술", "술을",
            ])
        #expect(try tokenizer.tokens(of: SearchPhrase("Displayed")) == ["displai"])
        #expect(SearchPhrase("년").lastIsPrefix && !SearchPhrase("인공지능").lastIsPrefix)
    }
}
