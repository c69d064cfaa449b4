import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import SinmunCode
import SinmunMeasure
import SinmunRead
import SinmunServer
import SinmunShow
import SinmunStore
import Testing

@testable import SinmunPostgres

extension PostgresTests {
    /// `sinmun analyze`, the discovery measures, `lemma:` search and the study report on
    /// PostgreSQL: the shared corpora imported and analysed on both backends give the same term
    /// totals, the same keyness, emerging terms, topics, collocations and co-occurrence network,
    /// the same lemma searches, the same statistics and the same report, byte for byte; the
    /// dashboard's discovery pages answer from PostgreSQL as from SQLite.
    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func theTermIndexAndWhatReadsItEqualSQLite() async throws {
        let analyzer = WordAnalyzer(korean: try Analyzers.require())
        let book = try BuiltInCodebooks.load("ai-discourse")
        let store = try Scratch.store()
        let files = [SharedCorpus.kcna, SharedCorpus.rodongEnglish, SharedCorpus.newYear, SharedCorpus.korean2026]
        try await TestPostgres.withCorpus { corpus, url in
            let (sqlite, postgres) = try await offThePool {
                for file in files {
                    _ = try store.importArchive(file)
                    _ = try corpus.importArchive(file)
                }
                _ = try store.code(with: book)
                _ = try corpus.code(with: book)
                return (try store.analyze(with: analyzer), try corpus.analyze(with: analyzer))
            }
            #expect(sqlite.analysed == 1507 && postgres.analysed == sqlite.analysed)
            #expect(postgres.termOccurrences == sqlite.termOccurrences && postgres.skippedKorean == 0)
            #expect(try corpus.analysisCoverage() == (try store.analysisCoverage()))
            #expect(try Self.totalsByKey(corpus) == (try Self.totalsByKey(store)))
            // Ids are dense, as SQLite's: a key filed before takes no new one.
            let ids = try corpus.rowsWaiting("SELECT count(*), max(id) FROM term").first?.decode((Int64, Int64).self)
            #expect(ids?.0 == ids?.1 && (ids?.0 ?? 0) > 10_000)
            #expect(try corpus.statistics() == (try store.statistics()))
            var korean = ArticleFilter()
            korean.language = "ko"
            #expect(try corpus.snapshotHash(filter: korean) == (try store.snapshotHash(filter: korean)))
            // A second run finds everything analysed.
            let again = try await offThePool { try corpus.analyze(with: analyzer) }
            #expect(again.analysed == 0 && again.upToDate == 1507)

            // Every measure, as its JSON.
            func json(_ value: some Encodable) throws -> String {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return String(decoding: try encoder.encode(value), as: UTF8.self)
            }
            func measures(_ backend: any TermIndexBackend) throws -> [String] {
                let scope = { (text: String) throws in try Scope(text, codebook: book) }
                return [
                    try json(backend.keyness(target: try scope("lang:ko from:2026"), reference: nil).rows),
                    try json(
                        backend.keyness(
                            target: try scope("outlet:kcna"), reference: try scope("outlet:rodong lang:en"),
                            options: KeynessOptions(measure: .logratio, minCount: 3)
                        ).rows),
                    try json(backend.emergingTerms(in: try scope("lang:en"), by: .month)),
                    try json(backend.topics(in: try scope("lang:en"), options: TopicOptions(topics: 5))),
                    try json(backend.collocations(in: try scope("lang:ko"), analyzer: analyzer).rows),
                    try json(backend.coOccurrence(of: "ai", codebook: book, in: try scope(""), analyzer: analyzer)),
                ]
            }
            let (sqliteMeasures, postgresMeasures) = (try measures(store), try measures(corpus))
            for (index, (a, b)) in zip(sqliteMeasures, postgresMeasures).enumerated() {
                #expect(a == b && a.count > 100, "measure \(index)")
            }

            // Lemma searches: the same counts and the same articles.
            for text in ["lemma:인공지능", "lemma:로동", "lemma:발전 lemma:과학", "lemma:drone", "lemma:drone Korea"] {
                let query = SearchQuery(typed: text)
                let (a, b) = (try store.search(query, limit: 1000), try corpus.search(query, limit: 1000))
                #expect(a.total == b.total && a.total > 0, "\(text)")
                #expect(Set(a.hits.map(\.id)) == Set(b.hits.map(\.id)), "\(text)")
                #expect(try corpus.articlesMatching(query).count == a.total, "\(text)")
            }
            let missing = SearchQuery(typed: "lemma:없는낱말")
            #expect(try corpus.search(missing).total == 0)

            // The study report, byte for byte.
            let options = ReportOptions(generatedAt: "fixed", analyzer: analyzer)
            let (sqliteReport, postgresReport) = (
                try store.studyReport(codebook: book, options: options),
                try corpus.studyReport(codebook: book, options: options)
            )
            #expect(try ReportRenderer.html(sqliteReport) == (try ReportRenderer.html(postgresReport)))
            #expect(try json(sqliteReport) == (try json(postgresReport)))

            // The dashboard's discovery pages, from a pool.
            try await PostgresCorpusPool.with(url, connections: 2) { pool in
                let dashboard = DashboardOptions(codebook: book, analyzer: analyzer)
                let apps = (
                    Application(router: try Dashboard.router(store: store, options: dashboard, csrfToken: "t")),
                    Application(
                        router: try Dashboard.router(store: pool, generation: pool, options: dashboard, csrfToken: "t"))
                )
                let uris = [
                    "/api/keyness?target=outlet:kcna&minCount=2", "/api/terms?scope=lang:en&by=month",
                    "/keyness?target=lang:ko", "/network?code=ai", "/topics?scope=lang:en&topics=4",
                    "/search?q=lemma%3A%EC%9D%B8%EA%B3%B5%EC%A7%80%EB%8A%A5",
                ]
                let (fromSQLite, fromPostgres) = (
                    try await Self.pages(apps.0, uris), try await Self.pages(apps.1, uris)
                )
                for (uri, (a, b)) in zip(uris, zip(fromSQLite, fromPostgres)) {
                    #expect(a.0 == .ok && b.0 == .ok, "\(uri): \(b.1.prefix(300))")
                    #expect(a.1 == b.1 && a.1.count > 500, "\(uri)")
                }
            }
        }
    }

    /// Analyses saved again over earlier ones, and two analysis runs at once on two
    /// connections: the running totals (corpus and per period) always equal what the stored
    /// per-article counts add up to.
    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func termTotalsFollowReanalysisAndConcurrentRuns() async throws {
        let analyzer = WordAnalyzer(dicdir: nil)
        try await TestPostgres.withCorpus { corpus, url in
            try await offThePool { _ = try corpus.importArchive(SharedCorpus.kcna) }
            try await PostgresCorpus.with(url) { second in
                // Two runs at once: each article analysed by both, its counts stored twice.
                async let first = offThePool { try corpus.analyze(with: analyzer) }
                async let other = offThePool { try second.analyze(with: analyzer) }
                let runs = try await [first, other]
                #expect(runs.map(\.analysed).reduce(0, +) >= runs[0].analysed + runs[0].upToDate)
            }
            try Self.expectTotalsAddUp(corpus)
            let all = try corpus.articleIDs(filter: ArticleFilter())
            let before = try corpus.corpusTermTally()
            #expect(before.documents == all.count && before.tokens > 10_000)

            // Saved again with half the terms of each of 100 articles, under a new period:
            // the totals take back the old counts and add the new.
            var batch: [ArticleTermCounts] = []
            try corpus.articlesNeedingAnalysis(signatures: ["another analyser"], excludedLanguages: [], batchSize: 100)
            {
                articles in
                if batch.isEmpty {
                    batch = articles.map { article in
                        var counts = ArticleTerms.count(article, analyzer: analyzer)
                        counts.terms = Array(counts.terms.prefix(counts.terms.count / 2))
                        counts.period = "1999-01"
                        return counts
                    }
                }
            }
            #expect(batch.count == 100)
            try corpus.saveTermCounts(batch)
            try Self.expectTotalsAddUp(corpus)
            let after = try corpus.corpusTermTally()
            #expect(after.documents == before.documents && after.tokens < before.tokens)
            #expect(try corpus.documentFrequencies(key: batch[0].terms[0].key).first?.period == "1999-01")
        }
    }

    /// Term totals by key (ids may differ between backends filled in different orders).
    static func totalsByKey(_ backend: any TermIndexBackend) throws -> [String: TermTally.Count] {
        let tally = try backend.corpusTermTally()
        let entries = try backend.termEntries(Array(tally.terms.keys))
        return Dictionary(uniqueKeysWithValues: tally.terms.map { (entries[$0.key]?.key ?? "?", $0.value) })
    }

    /// The running totals equal the sum of the stored per-article counts, corpus and periods.
    static func expectTotalsAddUp(_ corpus: PostgresCorpus) throws {
        let all = try corpus.articleIDs(filter: ArticleFilter())
        let running = try corpus.corpusTermTally()
        let summed = try corpus.termTally(of: all)
        #expect(running == summed)
        let periods = try corpus.rowsWaiting(
            """
            SELECT count(*) FROM term_period p FULL JOIN (
                SELECT t.id AS term_id, s.period, count(*) AS docs
                FROM article_terms s JOIN term t ON t.id = ANY(s.term_ids) GROUP BY 1, 2
            ) c ON c.term_id = p.term_id AND c.period = p.period
            WHERE p.docs IS DISTINCT FROM c.docs OR (c.docs IS NOT NULL AND p.tokens < c.docs)
            """)
        #expect(try periods.first?.decode(Int64.self) == 0)
    }

    /// Each page's status and body.
    static func pages(
        _ app: some ApplicationProtocol, _ uris: [String]
    ) async throws -> [(HTTPResponse.Status, String)] {
        try await app.test(.router) { client in
            var out: [(HTTPResponse.Status, String)] = []
            for uri in uris {
                out.append(try await client.execute(uri: uri, method: .get) { ($0.status, String(buffer: $0.body)) })
            }
            return out
        }
    }
}
