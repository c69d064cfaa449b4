import Foundation
import GRDB
import SinmunCollect
import SinmunCrawl
import SinmunStore
import Testing

@Suite("Crawling by the sites' own navigation, and relisting on a rerun", .serialized)
struct CrawlNavigationTests {
    typealias Fixture = FixtureSite.RodongFixture

    /// The requests a run made that were article pages, as (date, target) of the fixture.
    static func rodongArticleTargets(_ targets: ArraySlice<String>) -> Set<String> {
        Set(targets.filter { RodongArticleID(address: $0) != nil })
    }

    static func targets(_ fixtures: [Fixture]) -> Set<String> {
        Set(fixtures.filter { $0.behaviour != .robotsExcluded }.map(\.target))
    }

    @Test("Rodong ids of menus and days decode; navigation links stay on the host and edition")
    func navigationLinks() throws {
        let day = try #require(RodongPageID(decoded: "01@2024-04-02@0"))
        #expect(day.kind == "01" && day.date?.isoString == "2024-04-02" && day.article == nil)
        #expect(RodongPageID(address: "index.php?\(day.encoded)") == day)
        let article = try #require(RodongPageID(address: FixtureSite.rodongArticles[0].target))
        #expect(article.article == FixtureSite.rodongArticles[0].id && article.date?.isoString == "2024-04-01")
        #expect(RodongPageID(decoded: "not an id") == nil)
        #expect(RodongPageID(decoded: "02@1@1")?.date == nil)
        let shortcut = RodongSite.dayListingAddress(
            base: "http://x", language: "ko", date: try #require(DateParsing.parse("2024-04-01")))
        #expect(RodongSite.isDayListingShortcut(shortcut))
        #expect(!RodongSite.isDayListingShortcut("http://x/ko/index.php?\(day.encoded)"))

        let home = try HTMLDocument(data: Data(FixtureSite().rodongHome().utf8), url: "http://example.test/ko/")
        let links = RodongSite.navigation(home, language: "ko")
        let decoded = links.compactMap { RodongPageID(address: $0.url)?.decoded }
        // The section menu and the three days; not the English edition's menu, not the other host.
        #expect(decoded == ["02@1@1", "01@2024-04-03@0", "01@2024-04-02@0", "01@2024-04-01@0"])
        #expect(links.allSatisfy { $0.url.hasPrefix("http://example.test/ko/index.php?") })
        #expect(links.map { $0.date?.isoString } == [nil, "2024-04-03", "2024-04-02", "2024-04-01"])
        // The home page's own article links are articles, not navigation.
        #expect(RodongSite.listing(home).entries.count == 2)
    }

    @Test("the ledger relists a fetched listing once per run, never an article")
    func ledgerRelist() throws {
        let store = try Scratch.store()
        let crawl = "rodong/ko"
        let listing = ListingEntry(url: "http://x/ko/index.php?list", title: "list", depth: 1)
        let article = ListingEntry(url: "http://x/ko/index.php?article", title: "article")
        try store.enqueue(crawl: crawl, kind: .listing, entries: [listing])
        try store.enqueue(crawl: crawl, kind: .article, entries: [article])
        try store.markDone(url: listing.url, httpStatus: 200)
        try store.markDone(url: article.url, httpStatus: 200)
        #expect(try store.crawlPage(url: listing.url)?.listed?.depth == 1)

        let mark = try store.crawlRunMark(crawl: crawl)
        try store.enqueue(crawl: crawl, kind: .listing, entries: [listing], relistingFetchedBefore: mark)
        try store.enqueue(crawl: crawl, kind: .article, entries: [article], relistingFetchedBefore: mark)
        #expect(try store.crawlPage(url: listing.url)?.state == .pending)
        #expect(try store.crawlPage(url: article.url)?.state == .done)
        // Fetched again in this run: reaching it again leaves it done.
        try store.markDone(url: listing.url, httpStatus: 200)
        try store.enqueue(crawl: crawl, kind: .listing, entries: [listing], relistingFetchedBefore: mark)
        #expect(try store.crawlPage(url: listing.url)?.state == .done)
        // The next run's mark is after every fetch of this one.
        let next = try store.crawlRunMark(crawl: crawl)
        #expect(next > mark)
        try store.enqueue(crawl: crawl, kind: .listing, entries: [listing], relistingFetchedBefore: next)
        #expect(try store.crawlPage(url: listing.url)?.state == .pending)
        // The depth is written only when set.
        let json = String(decoding: try JSONEncoder().encode(article), as: UTF8.self)
        #expect(!json.contains("depth"))
    }

    @Test("Rodong: with the day-listing shortcut missing, the menus find every article of the range, and no more")
    func rodongThroughMenus() async throws {
        let store = try Scratch.store()
        try await CrawlTests.serving(.rodong) { site, port in
            site.dayListingMissing = true
            let fetcher = HTTPPageFetcher(timeout: .milliseconds(2500))
            let summary = try await Crawler(
                store: store, options: CrawlTests.options(.rodong, port: port, from: "2024-04-01", to: "2024-04-02"),
                fetcher: fetcher
            ).run()
            try await fetcher.shutdown()
            let inRange = FixtureSite.rodongArticles.filter { $0.date <= "2024-04-02" }
            let expected = inRange.filter(\.expectedStored)
            #expect(summary.articlesInserted == expected.count)
            let titles = Set(try CrawlTests.articles(store).map { $0["title"] as String })
            for fixture in expected {
                #expect(titles.contains { $0.hasPrefix(fixture.title) }, "missing \(fixture.title)")
            }
            let targets = site.requestTargets()
            // Every article of the range was asked for (but the excluded one), none of 2024-04-03.
            #expect(Self.rodongArticleTargets(targets[...]) == Self.targets(inRange))
            // The home page and the menus were read; nothing of another day, edition or depth.
            let decoded = targets.compactMap { RodongPageID(address: $0)?.decoded }
            #expect(targets.contains("/ko/"))
            #expect(
                Set(decoded.filter { $0.hasPrefix("01@") || $0.hasPrefix("02@") }) == [
                    "01@2024-04-01@0", "01@2024-04-02@0", "01@2024-04-01@1", "01@2024-04-02@1", "02@1@1", "02@1@2",
                ])
            #expect(!targets.contains { $0.hasPrefix("/en/") || $0.hasPrefix("/cn/") })
            #expect(try store.fetchedPages(crawl: "rodong/ko").allSatisfy { $0.url.hasPrefix("http://127.0.0.1:") })
            // The missing shortcut is noted, not listed as a failure to act on.
            let failures = try store.crawlFailures(crawl: "rodong/ko")
            #expect(failures.count == inRange.count - expected.count)
            #expect(failures.allSatisfy { $0.kind == .article })
            let shortcut = RodongSite.dayListingAddress(
                base: "http://127.0.0.1:\(port)", language: "ko", date: try #require(DateParsing.parse("2024-04-01")))
            let page = try #require(try store.crawlPage(url: shortcut))
            #expect(page.state == .done && page.httpStatus == 404)
            #expect(page.reason?.contains("unconfirmed day-listing shortcut") == true)
            #expect(page.reason?.contains("menus") == true)
            // Depths are kept for a resumed run.
            let menu = try #require(
                try store.crawlPage(
                    url: "http://127.0.0.1:\(port)/ko/index.php?\(FixtureSite.rodongNavigationID("02@1@2"))"))
            #expect(menu.listed?.depth == 2)
        }
    }

    @Test("Rodong: a rerun with relist after a new day is published fetches that day's articles and no other")
    func rodongRelist() async throws {
        let store = try Scratch.store()
        try await CrawlTests.serving(.rodong) { site, port in
            site.dayListingMissing = true
            site.publishedThrough = "2024-04-01"
            let fetcher = HTTPPageFetcher(timeout: .milliseconds(2500))
            let first = try await Crawler(
                store: store, options: CrawlTests.options(.rodong, port: port, from: "2024-04-01", to: "2024-04-01"),
                fetcher: fetcher
            ).run()
            #expect(first.articlesInserted == 4)

            site.publishedThrough = "2024-04-02"
            var options = CrawlTests.options(.rodong, port: port, from: "2024-04-01", to: "2024-04-02")
            // Without relist, the home page and menus done before are not read again: nothing new.
            let stale = try await Crawler(store: store, options: options, fetcher: fetcher).run()
            #expect(stale.articlesInserted == 0)

            options.relist = true
            let before = site.requestTargets().count
            let second = try await Crawler(store: store, options: options, fetcher: fetcher).run()
            let newDay = FixtureSite.rodongArticles.filter { $0.date == "2024-04-02" }
            #expect(second.articlesInserted == newDay.filter(\.expectedStored).count)
            let asked = site.requestTargets()[before...]
            #expect(Self.rodongArticleTargets(asked) == Self.targets(newDay))
            // Each listing read once in the run.
            let listings = asked.filter { $0.contains("index.php") && RodongArticleID(address: $0) == nil }
            #expect(Set(listings).count == listings.count)
            #expect(asked.filter { $0 == "/ko/" }.count == 1)

            let third = try await Crawler(store: store, options: options, fetcher: fetcher).run()
            try await fetcher.shutdown()
            let afterThird = site.requestTargets()[(before + asked.count)...]
            #expect(third.articlesInserted == 0 && third.articlesMerged == 0)
            #expect(Self.rodongArticleTargets(afterThird).isEmpty)
            #expect(afterThird.contains("/ko/"))
            #expect(third.pagesFailed == 0)
        }
    }

    @Test("KCNA: a rerun with relist after a new day is published fetches that day's items and no other")
    func kcnaRelist() async throws {
        let store = try Scratch.store()
        try await CrawlTests.serving(.kcna) { site, port in
            site.publishedThrough = "2024-10-04"
            let fetcher = HTTPPageFetcher(timeout: .seconds(20))
            let first = try await Crawler(
                store: store, options: CrawlTests.options(.kcna, port: port, from: "2024-10-04", to: "2024-10-04"),
                fetcher: fetcher
            ).run()
            let day4 = FixtureSite.kcnaItems.filter { $0.date.isoString == "2024-10-04" }
            #expect(first.articlesInserted == day4.count)

            site.publishedThrough = "2024-10-05"
            var options = CrawlTests.options(.kcna, port: port, from: "2024-10-04", to: "2024-10-05")
            options.relist = true
            let before = site.requestTargets().count
            let second = try await Crawler(store: store, options: options, fetcher: fetcher).run()
            let day5 = FixtureSite.kcnaItems.filter { $0.date.isoString == "2024-10-05" }
            // One of the day's texts is listed in two sections: one article, merged.
            #expect(second.articlesInserted == day5.count - 1 && second.articlesMerged == 1)
            let asked = site.requestTargets()[before...]
            let items = Set(asked.filter { $0.contains("/article/") || $0.contains("/media/") })
            #expect(items == Set(day5.map(\.path)))
            #expect(asked.contains("/en"))

            let third = try await Crawler(store: store, options: options, fetcher: fetcher).run()
            try await fetcher.shutdown()
            let afterThird = site.requestTargets()[(before + asked.count)...]
            #expect(third.articlesInserted == 0 && third.articlesMerged == 0)
            #expect(!afterThird.contains { $0.contains("/article/") || $0.contains("/media/") })
            #expect(afterThird.contains("/en"))
            #expect(third.ledger.failed == 0)
        }
    }
}
