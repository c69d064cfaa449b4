import Foundation
import PostgresNIO
import SinmunCode
import SinmunCollect
import SinmunRead
import SinmunStore
import SinmunWatch
import Testing

@testable import SinmunPostgres

extension PostgresTests {
    /// `sinmun watch` on PostgreSQL: three runs over a drop folder that publishes a day at a
    /// time raise the same alerts as on SQLite (rules, periods, figures, articles, evidence),
    /// each once; the files, deliveries and rules are kept as SQLite keeps them; and while one
    /// run holds the corpus, a run on another connection stops at once.
    @Test func theWatchRunsOnPostgresAsOnSQLite() async throws {
        let store = try Scratch.store()
        try await TestPostgres.withCorpus { corpus, url in
            func days(_ backend: any WatchBackend, folder: URL) async throws -> [[WatchAlert]] {
                for rule in WatchFixture.rules { try backend.addWatchRule(rule) }
                var runs: [[WatchAlert]] = []
                for day in ["2024-04-01", "2024-04-02", nil] {
                    if let day { try WatchFixture.publish(day, in: folder) }
                    let (report, printed) = try await WatchFixture.run(backend, WatchFixture.options(folder: folder))
                    #expect(report.problems.isEmpty, "\(report.problems)")
                    #expect(printed.map(\.id) == report.newAlerts.map(\.id))
                    runs.append(report.newAlerts)
                }
                return runs
            }
            let sqlite = try await days(store, folder: try WatchFixture.folder())
            let postgres = try await days(corpus, folder: try WatchFixture.folder())
            // The same alerts but for their ids and firing times.
            func comparable(_ runs: [[WatchAlert]]) -> [[String]] {
                runs.map { alerts in
                    alerts.map { alert in
                        var alert = alert
                        alert.id = nil
                        alert.firedAt = ""
                        return String(decoding: (try? alert.json()) ?? Data(), as: UTF8.self)
                    }.sorted()
                }
            }
            #expect(comparable(postgres) == comparable(sqlite))
            #expect(postgres.map(\.count) == [2, 4, 0])
            #expect(try corpus.alertCount().count == 6 && (try corpus.deliveryCounts()) == (0, 6))
            #expect(try corpus.watchRules().map(\.name) == (try store.watchRules().map(\.name)))
            #expect(
                try corpus.watchAlerts(rule: "ai-daily", limit: 10).map(\.period) == ["2024-04-02", "2024-04-01"])

            // Rules: a taken name, a purge, a built-in one disabled and enabled again.
            #expect(throws: WatchStoreError.ruleExists("ai-daily")) { try corpus.addWatchRule(WatchFixture.rules[0]) }
            try corpus.removeWatchRule(named: "ai-daily")
            #expect(throws: WatchStoreError.nameHasAlerts("ai-daily", count: 2)) {
                try corpus.addWatchRule(WatchFixture.rules[0])
            }
            try corpus.removeWatchRule(named: "ai-daily", purge: true)
            #expect(try corpus.alertCount(rule: "ai-daily") == 0)
            let builtIn = try #require(try corpus.watchRules().first { $0.builtIn })
            try corpus.removeWatchRule(named: builtIn.name)
            #expect(try corpus.watchRule(named: builtIn.name).enabled == false)
            try corpus.enableWatchRule(named: builtIn.name)
            #expect(try corpus.watchRule(named: builtIn.name).enabled)
            try corpus.setCrawlCompleteThrough(crawl: "rodong/ko", day: "2024-04-02")
            try corpus.setCrawlCompleteThrough(crawl: "rodong/ko", day: "2024-03-30")
            #expect(try corpus.crawlCompleteThrough(crawl: "rodong/ko") == "2024-04-02")

            // One run at a time, across connections; the lock goes with the run.
            try await PostgresCorpus.with(url) { other in
                var held = try corpus.lockWatchRuns()
                #expect(held != nil)
                // Refused on another connection, and to a second run on the same one.
                #expect(try other.lockWatchRuns() == nil)
                #expect(try corpus.lockWatchRuns() == nil)
                await #expect(throws: WatchError.alreadyRunning(other.watchLockDescription)) {
                    _ = try await WatchFixture.run(other, WatchFixture.options(folder: try WatchFixture.folder()))
                }
                held = nil
                // Let go, it is the other connection's to take.
                var taken = try other.lockWatchRuns()
                #expect(taken != nil && held == nil)
                #expect(try corpus.lockWatchRuns() == nil)
                taken = nil
                #expect(taken == nil)
            }
        }
    }
}

extension PostgresTests {
    /// `db copy` carries what a corpus keeps besides its articles: a watch's rules, alerts,
    /// deliveries and handled files, the term index, a coder's labels, the crawl ledger and a
    /// kept page, both ways, verified table by table; the copy answers `lemma:` searches as its
    /// source does, and new alerts, pages and terms take ids after the copied ones.
    @Test func copiesTheLedgersAndTheTermIndexBothWays() async throws {
        let store = try Scratch.store()
        for rule in WatchFixture.rules { try store.addWatchRule(rule) }
        let folder = try WatchFixture.folder()
        for day in ["2024-04-01", "2024-04-02"] {
            try WatchFixture.publish(day, in: folder)
            _ = try await WatchFixture.run(store, WatchFixture.options(folder: folder))
        }
        let analyzer = WordAnalyzer(dicdir: nil)
        _ = try store.analyze(with: analyzer)
        let first = try #require(try store.listArticles(filter: ArticleFilter(), limit: 1).hits.first?.id)
        try store.saveHumanLabels(articleID: first, coder: "Ann", labels: ["ai": true, "military": false])
        try store.enqueue(
            crawl: "rodong/ko", kind: .listing,
            entries: [
                ListingEntry(url: "http://rodong.test/list/1", title: "1"),
                ListingEntry(url: "http://rodong.test/list/2", title: "2"),
            ])
        _ = try store.keepSnapshot(
            url: "http://rodong.test/list/1", httpStatus: 200, contentType: "text/html", body: Data("<p>list</p>".utf8))
        try store.setCrawlCompleteThrough(crawl: "rodong/ko", day: "2024-04-02")
        let lemma = SearchQuery(typed: "lemma:strategy")
        let found = try store.search(lemma).total
        #expect(found == 1)

        try await TestPostgres.withCorpus { corpus, _ in
            // While a copy is unfinished, writers that take ids of their own are refused.
            let part = try await corpus.copy(from: store, batchSize: 1, stopAfterBatches: 1)
            #expect(!part.complete)
            let unfinished = ArticleTermCounts(rowID: 1, contentHash: "x", analyzer: "test", period: "", terms: [])
            #expect(throws: PostgresCorpusError.self) { try corpus.saveTermCounts([unfinished]) }
            #expect(throws: PostgresCorpusError.self) {
                try corpus.recordAlerts(try store.watchAlerts(limit: 1), targets: [])
            }
            let report = try await corpus.copy(from: store)
            let check = try #require(report.verification)
            #expect(check.matches, "\(check)")
            for table in CorpusTable.copiedWhole + [
                PostgresCorpus.table("human_label"), PostgresCorpus.table("article_terms"),
            ] {
                let count = check.tables.first { $0.table == table.name }
                #expect((count?.target ?? 0) > 0 && count?.source == count?.target, "\(table.name)")
            }
            #expect(try corpus.search(lemma).total == found)
            #expect(try corpus.humanLabels(articleID: first, coder: "Ann") == ["ai": true, "military": false])
            #expect(try corpus.crawlCompleteThrough(crawl: "rodong/ko") == "2024-04-02")
            // New rows take ids after the copied ones.
            var alert = try #require(try corpus.watchAlerts(limit: 1).first)
            alert.period = "2024-05"
            #expect(try corpus.recordAlerts([alert], targets: []).count == 1)
            _ = try corpus.keepSnapshot(
                url: "http://rodong.test/list/2", httpStatus: 200, contentType: nil, body: Data("<p>two</p>".utf8))
            try corpus.saveTermCounts([
                ArticleTermCounts(
                    rowID: 1, contentHash: "changed", analyzer: "test", period: "2024-04",
                    terms: [
                        TermCount(
                            key: "en:neologism", language: "en", lemma: "neologism", pos: "SL", fold: "neologism",
                            count: 1, forms: ["neologism"])
                    ])
            ])
            #expect(try corpus.terms(fold: "neologism").count == 1)

            // And back into a new file.
            let back = try CorpusStore(path: Scratch.path("back.sqlite"))
            let returned = try await corpus.copy(to: back)
            #expect(returned.verification?.matches == true, "\(String(describing: returned.verification))")
            #expect(try back.search(SearchQuery(typed: "lemma:neologism")).total == 1)
            #expect(try back.search(lemma).total == found)
            #expect(try back.watchAlerts(limit: 100).count == (try store.watchAlerts(limit: 100).count) + 1)
        }
    }
}
