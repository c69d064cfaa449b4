import Foundation
import GRDB
import SinmunCode
import SinmunCollect
import Testing

@testable import SinmunStore

@Suite struct DeduplicationTests {
    let fixture = """
        [{"topic": "Home News", "headline": "Factory Completed", "link": "http://k/a1", "date_str": "2024-08-01", \
        "story_text": "A new factory was completed.\\nWorkers celebrated."},
         {"topic": "Latest News", "headline": "Factory Completed\\n\\n[Juche113.8.1.]", "link": "http://k/a2", \
        "date_str": "2024-08-01", "story_text": "A new factory  was completed.\\n\\nWorkers celebrated."},
         {"topic": "Latest News", "headline": "Factory Completed", "link": "http://k/a2", "date_str": "2024-08-01", \
        "story_text": "A new factory was completed.\\nWorkers celebrated."},
         {"topic": "Photo", "headline": "Photo Item", "link": "http://k/p1", "date_str": "2024-08-02", \
        "story_text": ""},
         {"topic": "Video", "headline": "Delegation Arrives", "link": "http://k/d1", "date_str": "2024-08-03", \
        "story_text": ""},
         {"topic": "Home News", "headline": "Delegation Arrives", "link": "http://k/d1", "date_str": "2024-08-03", \
        "story_text": "The delegation arrived by air."},
         {"topic": "Home News", "headline": "Factory Completed", "link": "http://k/a3", "date_str": "2024-09-01", \
        "story_text": "A new factory was completed.\\nWorkers celebrated."}]
        """

    @Test func crossListingsMergeIntoOneArticleWithAllAddresses() throws {
        let store = try Scratch.store()
        let report = try store.importArchive(try Scratch.file("dedup.json", fixture), format: .kcnaArchive)
        #expect(report.recordsRead == 7)
        // Factory (Aug 1) ×3 → 1; photo → 1; delegation video + text → 1; factory reprint Sep 1 → 1.
        #expect(report.inserted == 4)
        #expect(report.merged == 3)
        #expect(report.completed == 1)
        #expect(report.headlineOnly == 1)
        let stats = try store.statistics()
        #expect(stats.articles == 4)
        #expect(stats.records == 7)
        #expect(stats.emptyBodies == 1)
        let factory = try store.read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, body FROM article WHERE title = 'Factory Completed' AND date = '2024-08-01'")
        }
        let id: Int64 = try #require(factory)["id"]
        let urls = try store.read { db in
            try String.fetchAll(
                db, sql: "SELECT url FROM article_url WHERE article_id = ? ORDER BY url", arguments: [id])
        }
        let sections = try store.read { db in
            try String.fetchAll(
                db, sql: "SELECT section FROM article_section WHERE article_id = ? ORDER BY section", arguments: [id])
        }
        #expect(urls == ["http://k/a1", "http://k/a2"])
        #expect(sections == ["Home News", "Latest News"])
        // The video item's headline was completed by the text listed at the same address.
        let delegationBody = try store.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM article WHERE title = 'Delegation Arrives'")
        }
        #expect(delegationBody == "The delegation arrived by air.")
        let search = try store.search(SearchQuery("delegation"))
        #expect(search.total == 1)
    }

    /// Ten harvest reports, added in the reverse of publication order: report 1 is the newest;
    /// reports 5 and 6 share a day; reports 9 and 10 are undated. Report `i` says "good" `i + 1` times.
    static let harvestReports: String = {
        let days = [1: 28, 2: 27, 3: 26, 4: 25, 5: 24, 6: 24, 7: 20, 8: 12]
        return (1...10).map { i in
            let body = "The harvest in county \(i) was good\(String(repeating: " and good", count: i))."
            let date = days[i].map { #""date": "2024-08-\#($0)", "# } ?? ""
            return #"{"title": "Harvest report \#(i)", "body": "\#(body)", \#(date)"#
                + #""url": "http://k/h\#(i)", "lang": "en"}"#
        }.joined(separator: "\n")
    }()

    @Test("a broad query is counted exactly and ranked among its most recently published matches, and says so")
    func rankingWindow() throws {
        let store = try Scratch.store()
        _ = try store.importArchive(try Scratch.file("harvest.jsonl", Self.harvestReports))
        let all = try store.search(SearchQuery("harvest"), limit: 20)
        #expect(all.total == 10 && all.rankedAmong == nil && all.hits.count == 10)
        func titles(_ result: SearchResult) -> Set<String> { Set(result.hits.map(\.title)) }
        func reports(_ numbers: [Int]) -> Set<String> { Set(numbers.map { "Harvest report \($0)" }) }
        // The four most recently published, though added first.
        let windowed = try store.search(SearchQuery("harvest"), limit: 20, rankingWindow: 4)
        #expect(windowed.total == 10 && windowed.rankedAmong == 4)
        #expect(titles(windowed) == reports([1, 2, 3, 4]))
        // A window ending on a day with two matches takes both.
        let tied = try store.search(SearchQuery("harvest"), limit: 20, rankingWindow: 5)
        #expect(tied.rankedAmong == 6 && titles(tied) == reports([1, 2, 3, 4, 5, 6]))
        // With a filter the count still holds, and the window is the newest within it.
        let filtered = try store.search(
            SearchQuery("harvest"), filter: ArticleFilter(to: PublicationDate(year: 2024, month: 8, day: 25)),
            rankingWindow: 2)
        #expect(filtered.total == 5 && filtered.rankedAmong == 3)
        #expect(titles(filtered) == reports([4, 5, 6]))
        // Fewer dated matches than the window: the most recently added are ranked instead.
        let undated = try store.search(SearchQuery("harvest"), limit: 20, rankingWindow: 9)
        #expect(undated.rankedAmong == 9 && titles(undated) == reports(Array(2...10)))
        // Articles added later join the window: the calendar reads what was added since.
        let later = (11...12).map { i in
            #"{"title": "Harvest report \#(i)", "body": "The harvest in district \#(i) was late.", "#
                + #""date": "2024-08-3\#(i - 11)", "url": "http://k/h\#(i)", "lang": "en"}"#
        }
        _ = try store.importArchive(try Scratch.file("harvest-later.jsonl", later.joined(separator: "\n")))
        let again = try store.search(SearchQuery("harvest"), limit: 20, rankingWindow: 4)
        #expect(again.total == 12 && again.rankedAmong == 4 && titles(again) == reports([11, 12, 1, 2]))
        // A query of lemma clauses alone lists matches newest first, undated last; tested with
        // the term index in the analyser's tests.
    }

    @Test func revisedTextAtTheSameAddressIsARevision() throws {
        let store = try Scratch.store()
        let report = try store.importArchive(
            try Scratch.file(
                "rev.jsonl",
                """
                {"title": "Test-firing of Launcher", \
                "body": "The launcher was tested on Tuesday with great success. The officials inspected the whole \
                process of firing and expressed great satisfaction over the result of the test.", \
                "date": "2024-08-28", "url": "http://k/x"}
                {"title": "Test-fire of Launcher", \
                "body": "The launcher was test-fired on Tuesday with great success. The officials inspected the whole \
                process of firing and expressed great satisfaction over the result of the test.", \
                "date": "2024-08-28", "url": "http://k/x"}
                {"title": "Test-fire of Launcher", \
                "body": "The launcher was test-fired on Tuesday with great success. The officials inspected the whole \
                process of firing and expressed great satisfaction over the result of the test.", \
                "date": "2024-08-28", "url": "http://k/y"}
                {"title": "Other Story", "body": "A completely different article about farming and rice. Farmers \
                harvested the early crops and prepared the fields for the next season with new machines.", \
                "date": "2024-08-28", "url": "http://k/x"}
                """))
        #expect(report.inserted == 2)  // the first text, and the unrelated story at a reused address
        #expect(report.revisions == 1)
        #expect(report.merged == 2)  // the revision, and its copy listed at another address
        #expect(try store.statistics().revisions == 1)
    }

    @Test func reimportChangesNothing() throws {
        let store = try Scratch.store()
        let file = try Scratch.file("dedup.json", fixture)
        _ = try store.importArchive(file)
        let before = try store.statistics()
        let again = try store.importArchive(file)
        #expect(again.unchanged == 7)
        #expect(again.inserted == 0 && again.merged == 0)
        #expect(try store.statistics() == before)
    }

    @Test func strictStopsAtFirstBadRecordAndWritesNothing() throws {
        let store = try Scratch.store()
        let file = try Scratch.file(
            "feed.jsonl",
            """
            {"title": "One", "body": "First.", "date": "2024-05-01"}
            {"title": "Two", "body": "Second.", "date": "not a date"}
            {"title": "Three", "body": "Third.", "date": "2024-05-03"}
            """)
        #expect(throws: ImportIssue.self) { try store.importArchive(file, strict: true) }
        #expect(try store.statistics().articles == 0)
        #expect(try store.statistics().bySource.isEmpty)
        // Without --strict the good records land and the bad one is reported.
        let report = try store.importArchive(file)
        #expect(report.inserted == 2)
        #expect(report.skipped == 1)
        #expect(report.issues.first?.contains("line 2") == true)
    }

    @Test func storeErrorsNameTheCase() throws {
        let path = "/nonexistent/folder/corpus.sqlite"
        let error = #expect(throws: StoreError.self) { try CorpusStore(path: path) }
        guard case .cannotOpen(path, _) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(error?.description.hasPrefix("cannot open the corpus database \(path): ") == true)
        #expect(throws: StoreError.noArticle("0123456789abcdef")) {
            try Scratch.store().saveHumanLabels(articleID: "0123456789abcdef", coder: "Ann", labels: ["ai": true])
        }
        // A damaged raw page (zlib's Z_DATA_ERROR is -3), and one shorter than its recorded size.
        #expect(throws: DeflateError.damaged(zlibStatus: -3)) { try Deflate.decompress(Data("not zlib".utf8), size: 8) }
        let page = Deflate.compress(Data("abc".utf8))
        #expect(throws: DeflateError.wrongSize(expected: 5, found: 3)) { try Deflate.decompress(page, size: 5) }
        #expect(try Deflate.decompress(page, size: 3) == Data("abc".utf8))
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func nearDuplicatesAreLinkedNotMerged() throws {
        // A real KCNA article and a lightly edited copy of it (one sentence reworded, a
        // paragraph dropped) under another outlet; and an unrelated article.
        var real: [Article] = []
        try ArchiveReader().read(SharedCorpus.kcna) { item in
            if case .article(let a) = item, a.paragraphs.count >= 6, real.count < 2 { real.append(a) }
        }
        let original = real[0]
        var edited = original
        edited.outlet = .rodong
        edited.paragraphs[1] = edited.paragraphs[1].replacingOccurrences(of: "the", with: "this")
        edited.paragraphs.removeLast()
        edited.urls = ["http://example.org/copy"]
        edited.provenance = Provenance(source: "test", locator: "copy")
        let store = try Scratch.store()
        let file = try Scratch.file(
            "pair.jsonl", [original, edited, real[1]].map(Self.jsonLine).joined(separator: "\n"))
        let report = try store.importArchive(file)
        #expect(report.inserted == 3)
        #expect(report.nearDuplicateLinks == 1)
        let stats = try store.statistics()
        #expect(stats.articles == 3)
        #expect(stats.nearDuplicatePairs == 1)
        let similarity = try store.read { db in try Double.fetchOne(db, sql: "SELECT similarity FROM near_duplicate") }
        #expect((similarity ?? 0) >= Fingerprint.nearDuplicateSimilarity)
        // The unrelated article is far from both.
        let s0 = try #require(Fingerprint.minHash(original.body))
        let s2 = try #require(Fingerprint.minHash(real[1].body))
        #expect(Fingerprint.estimatedSimilarity(s0, s2) < 0.3)
    }

    static func jsonLine(_ article: Article) -> String {
        let object: [String: Any] = [
            "title": article.title, "body": article.paragraphs, "outlet": article.outlet.rawValue,
            "lang": article.language, "date": article.date?.isoString ?? "", "url": article.urls,
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}

@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct RealCorpusStoreTests {
    var store: CorpusStore { get throws { try SharedCorpus.allCorporaStore.get().0 } }

    @Test func kcnaArchiveDeduplicates() throws {
        let reports = try SharedCorpus.allCorporaStore.get().1
        let kcna = reports[0]
        #expect(kcna.recordsRead == 2111)
        #expect(kcna.skipped == 0)
        // 1,059 distinct texts, of which 20 are revised texts at an address already holding
        // an earlier text, plus 236 headline-only photo/video items: 1,039 + 236 = 1,275.
        #expect(kcna.inserted == 1275)
        #expect(kcna.merged == 836)
        #expect(kcna.revisions == 20)
        #expect(kcna.headlineOnly == 236)
        let stats = try store.statistics()
        #expect(stats.byOutlet["kcna"] == 1275 + 14)
        #expect(stats.revisions == 20)
        // No article listed twice: every (outlet, date, title, body) is unique.
        let repeats = try store.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM
                        (SELECT 1 FROM article GROUP BY outlet, lang, date, title, body HAVING count(*) > 1)
                    """)
        }
        #expect(repeats == 0)
        // Every record is accounted for.
        #expect(stats.records == 2111 + 133 + 73 + 26)
    }

    @Test func allCorporaImport() throws {
        let reports = try SharedCorpus.allCorporaStore.get().1
        #expect(reports.map(\.inserted) == [1275, 133, 73, 26])
        #expect(reports.allSatisfy { $0.skipped == 0 })
        let stats = try store.statistics()
        #expect(stats.articles == 1275 + 133 + 73 + 26)
        #expect(stats.byLanguage["ko"] == 73 + 26)
        #expect(stats.undated == 0)
    }

    @Test func koreanSubstringIsFoundInsideLongerWords() throws {
        let result = try store.search(SearchQuery("인공지능"))
        #expect(result.total == 1)
        let hit = try #require(result.hits.first)
        #expect(hit.date == "2026-08-19")
        #expect(hit.outlet == "kcna")
        let marked = hit.snippet.highlights.map { String(Array(hit.snippet.text)[$0]) }
        #expect(marked == ["인공지능"])
        // 로동 inside 조선로동당 in the New Year addresses and the 2026 sample.
        let rodong = try store.search(SearchQuery("로동"), limit: 100)
        #expect(rodong.total > 60)
        #expect(
            rodong.hits.allSatisfy { hit in
                hit.snippet.highlights.allSatisfy { String(Array(hit.snippet.text)[$0]) == "로동" }
            })
        // Two-syllable words work (a trigram index would miss them).
        #expect(try store.search(SearchQuery("정부")).total > 0)
    }

    @Test func englishWordsMatchTheirInflections() throws {
        let result = try store.search(SearchQuery("drone"), filter: ArticleFilter(outlet: .kcna), limit: 50)
        #expect(result.total >= 20)
        #expect(result.hits.allSatisfy { $0.outlet == "kcna" && $0.date != nil })
        let words = result.hits.flatMap { hit in
            hit.snippet.highlights.map { String(Array(hit.snippet.text)[$0]).lowercased() }
        }
        #expect(words.contains("drones"))
        #expect(words.allSatisfy { $0.hasPrefix("drone") })
        let phrase = try store.search(SearchQuery("\"artificial intelligence\""))
        #expect(phrase.total >= 3)
        #expect(phrase.hits.contains { $0.title.contains("Drones") && $0.date == "2024-08-26" })
    }

    @Test func filtersNarrowTheResults() throws {
        let all = try store.search(SearchQuery("Kim Jong Un"), limit: 1).total
        let filter = ArticleFilter(
            from: PublicationDate(year: 2024, month: 8, day: 1), to: PublicationDate(year: 2024, month: 8, day: 31))
        let august = try store.search(SearchQuery("Kim Jong Un"), filter: filter, limit: 1000)
        #expect(august.total > 0 && august.total < all)
        #expect(august.hits.allSatisfy { ($0.date ?? "") >= "2024-08-01" && ($0.date ?? "") <= "2024-08-31" })
        #expect(try store.search(SearchQuery("Kim Jong Un"), filter: ArticleFilter(language: "ko")).total == 0)
    }

    @Test(arguments: [
        "\"", "*", "NEAR(", "-", "a OR", "\"unbalanced", "AND", "title:drone", "(drone", "^drone", "drone*",
        "' OR 1=1 --", "💥", "", "   ",
    ])
    func operatorCharactersNeverFail(query: String) throws {
        _ = try store.search(SearchQuery(query))
        _ = try store.search(SearchQuery(query + " drone"))
    }
}

@Suite struct SearchQueryTests {
    @Test func queriesCompileToQuotedPhrasesOfTokens() {
        #expect(SearchQuery("인공지능").ftsExpression == "\"인공 공지 지능\"")
        #expect(SearchQuery("drone AI").ftsExpression == "\"drone\" AND \"ai\"")
        #expect(SearchQuery("\"artificial intelligence\" 로").ftsExpression == "\"artificial intelligence\" AND \"로\"*")
        #expect(SearchQuery("NEAR( \"*").clauses.map(\.text) == ["NEAR("])
        #expect(
            SearchQuery("노동 AI", expand: { $0 == "노동" ? ["로동"] : [] }).ftsExpression == "(\"노동\" OR \"로동\") AND \"ai\"")
        #expect(SearchQuery("* - ^ :").isEmpty)
        #expect(SearchQuery("２０２４년").ftsExpression == "\"2024 년\"*")
    }

    @Test func indexFormWritesBigrams() {
        #expect(SearchText.indexForm("인공지능기술을 AI") == " 인공 공지 지능 능기 기술 술을  AI")
        #expect(SearchText.indexForm("및 drones") == " 및  drones")
        #expect(SearchText.indexForm("２０２４") == "2024")
    }
}

@Suite struct DemoCorpusTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Demo/demo-corpus.jsonl")

    @Test func demoCorpusImportsAndSearches() throws {
        let store = try Scratch.store()
        let report = try store.importArchive(Self.demo)
        #expect(report.recordsRead == 9)
        #expect(report.inserted == 8)
        #expect(report.merged == 1)
        #expect(report.skipped == 0)
        #expect(try store.statistics().byOutlet == ["sinmun-demo": 8])
        #expect(try store.search(SearchQuery("인공지능")).total == 2)
        #expect(try store.search(SearchQuery("\"artificial intelligence\"")).total == 1)
        // The demo's espionage item is the trap the codebook avoids.
        let coding = try store.code(with: try BuiltInCodebooks.load("ai-discourse"))
        #expect(coding.assigned["ai"] == 4)
        var spy: CodedArticle?
        try store.codedArticles(codebook: "ai-discourse") { if $0.title.contains("Spy Agency") { spy = $0 } }
        #expect(spy?.codes.isEmpty == true)
        #expect(try store.search(SearchQuery("로동자")).total == 1)
    }
}

/// Filters answered by the full-text index's facet tokens agree with the same filters in SQL.
@Suite struct SearchFacetTests {
    @Test("date ranges, outlets and editions as facets count what SQL's conditions count")
    func facetsAgreeWithSQL() throws {
        let store = try Scratch.store()
        var random = SplitMix64(seed: 11)
        var lines: [String] = []
        for i in 0..<600 {
            let year = 2019 + Int(random.next() % 4)
            let month = 1 + Int(random.next() % 12)
            let day = 1 + Int(random.next() % 28) + (month == 1 ? Int(random.next() % 4) : 0)
            let date = i % 50 == 0 ? "" : #""date": "\#(String(format: "%04d-%02d-%02d", year, month, day))", "#
            let outlet = i % 3 == 0 ? "kcna" : "rodong"
            let lang = i % 2 == 0 ? "ko" : "en"
            lines.append(
                #"{"title": "Field note \#(i)", "body": "The field note \#(i) counts sheaves.", \#(date)"#
                    + #""outlet": "\#(outlet)", "lang": "\#(lang)", "url": "http://notes.test/\#(i)"}"#)
        }
        _ = try store.importArchive(try Scratch.file("notes.jsonl", lines.joined(separator: "\n")))
        func day() -> PublicationDate? {
            PublicationDate(
                year: 2018 + Int(random.next() % 6), month: 1 + Int(random.next() % 12),
                day: 1 + Int(random.next() % 31))
        }
        var compared = 0
        for _ in 0..<200 {
            let filter = ArticleFilter(
                from: random.next() % 4 == 0 ? nil : day(), to: random.next() % 4 == 0 ? nil : day(),
                outlet: random.next() % 3 == 0 ? .kcna : nil, language: random.next() % 3 == 0 ? "en" : nil)
            let byIndex = try store.search(SearchQuery("sheaves"), filter: filter, limit: 1).total
            let bySQL = try store.listArticles(filter: filter, limit: 1).total
            #expect(byIndex == bySQL, "\(filter)")
            if bySQL > 0 { compared += 1 }
        }
        #expect(compared > 50)
        // A typed word never matches a facet token, whatever the stemmer makes of it.
        for typed in ["y2020", "Y2020", "y2020s", "ÿ2020", "Ó107099110097", "l101110", "m202003 sheaves"] {
            #expect(try store.search(SearchQuery(typed)).total == 0, "\(typed)")
        }
        #expect(SearchQuery("sheaves").textMatch == SearchQuery("sheaves").ftsExpression)
        // A headline stored alone, then completed by its text: the index row is replaced with its
        // facets, so the filtered search finds the text once and the headline-only row is gone.
        let headline =
            #"{"title": "Late sheaves", "body": "", "date": "2021-06-05", "outlet": "kcna", "#
            + #""lang": "en", "url": "http://notes.test/late"}"#
        _ = try store.importArchive(try Scratch.file("late.jsonl", headline))
        let text =
            #"{"title": "Late sheaves", "body": "The late sheaves were stacked by the mill.", "#
            + #""date": "2021-06-05", "outlet": "kcna", "lang": "en", "url": "http://notes.test/late"}"#
        #expect(try store.importArchive(try Scratch.file("late-text.jsonl", text)).completed == 1)
        let june = ArticleFilter(
            from: PublicationDate(year: 2021, month: 6, day: 5), to: PublicationDate(year: 2021, month: 6, day: 5),
            outlet: .kcna, language: "en")
        #expect(try store.search(SearchQuery("mill"), filter: june).total == 1)
        #expect(try store.search(SearchQuery("late"), filter: june).total == 1)
        #expect(try store.search(SearchQuery("late")).total == 1)
        #expect(try store.search(SearchQuery("sheaves")).total == 601)  // the 600 notes and "Late sheaves"
    }

    @Test("a date range's tokens cover exactly its days")
    func rangesCoverTheirDays() throws {
        func days(_ tokens: [String]) -> Set<String> {
            var out = Set<String>()
            for token in tokens {
                let digits = String(token.dropFirst())
                switch token.first {
                case "y": for m in 1...12 { for d in 1...31 { out.insert(digits + String(format: "%02d%02d", m, d)) } }
                case "m": for d in 1...31 { out.insert(digits + String(format: "%02d", d)) }
                default: out.insert(digits)
                }
            }
            return out
        }
        var random = SplitMix64(seed: 5)
        for _ in 0..<300 {
            func pick() -> SearchFacets.Day {
                SearchFacets.Day(
                    year: 2020 + Int(random.next() % 3), month: 1 + Int(random.next() % 12),
                    day: 1 + Int(random.next() % 31))
            }
            let (a, b) = (pick(), pick())
            var expected = Set<String>()
            for y in 2020...2022 {
                for m in 1...12 {
                    for d in 1...31 {
                        let here = SearchFacets.Day(year: y, month: m, day: d)
                        if a <= here && here <= b { expected.insert(String(format: "%04d%02d%02d", y, m, d)) }
                    }
                }
            }
            #expect(days(SearchFacets.range(from: a, to: b)) == expected, "\(a) … \(b)")
        }
        #expect(
            SearchFacets.range(from: .init(year: 2021, month: 1, day: 1), to: .init(year: 2021, month: 12, day: 31))
                == ["y2021"])
    }
}
