import Foundation
import SinmunCollect
import SinmunStore

/// A first look at a real site before crawling it: robots.txt, the edition's home page, one
/// listing found there and one article of that listing, each fetched politely (the crawl's
/// rate limiter, robots rules and retries), kept raw in the database, and read by the crawl's
/// own parsers. Where the pages differ from what the parsers expect, the report says what
/// differs and where the raw page is, for a user to act on or attach to a bug report.
public struct SiteProbe: Sendable {
    let store: any CrawlBackend
    let options: CrawlOptions
    let fetcher: any PageFetcher

    /// A probe of `options.site`'s `options.language` edition at `options.baseURL` (its date
    /// range is not used), keeping the pages in `store`.
    public init(store: any CrawlBackend, options: CrawlOptions, fetcher: any PageFetcher) {
        self.store = store
        self.options = options
        self.fetcher = fetcher
    }

    /// Runs the probe's requests in order and reports on each. Only a database error throws:
    /// what the site answers, however wrong, goes into the report.
    public func run() async throws -> ProbeReport {
        var session = Session(crawler: Crawler(store: store, options: options, fetcher: fetcher))
        let robots = try await probeRobots(&session)
        switch options.site {
        case .rodong: try await probeRodong(robots: robots, &session)
        case .kcna: try await probeKCNA(robots: robots, &session)
        }
        return ProbeReport(
            site: options.site.rawValue, language: options.language, baseURL: options.baseURL, steps: session.steps)
    }

    // MARK: - Fetching

    /// The probe's state: the crawler whose fetching it borrows, and the steps so far.
    struct Session {
        let crawler: Crawler
        var summary: CrawlSummary
        var random = SystemRandomNumberGenerator()
        var steps: [ProbeReport.Step] = []

        init(crawler: Crawler) {
            self.crawler = crawler
            summary = CrawlSummary(crawl: crawler.options.crawlKey, baseURL: crawler.options.baseURL)
        }
    }

    /// One page fetched: the answer, the kept copy, the parsed document, or why there is none.
    struct Fetched {
        var url: String
        var status: Int?
        var bytes: Int?
        var snapshot: Int64?
        var document: HTMLDocument?
        var failure: String?
    }

    func fetch(_ url: String, robots: RobotsRules, _ session: inout Session) async throws -> Fetched {
        var result = Fetched(url: url)
        guard robots.allows(path: session.crawler.pathAndQuery(of: url)) else {
            result.failure = "robots.txt disallows it (not fetched)"
            return result
        }
        let page: FetchedPage
        do {
            page = try await session.crawler.fetchFollowingRedirects(
                url, robots: robots, summary: &session.summary, random: &session.random)
        } catch let failure as Crawler.PageFailure {
            result.status = failure.status
            if let body = failure.page {
                result.bytes = body.body.count
                result.snapshot = try keep(url, body)
            }
            result.failure = failure.reason
            return result
        }
        result.status = page.status
        result.bytes = page.body.count
        result.snapshot = try keep(url, page)
        do {
            if let truncated = PageParseError.truncation(of: page.body, url: url) { throw truncated }
            result.document = try HTMLDocument(data: page.body, url: url, headerCharset: page.headerCharset)
        } catch let error as PageParseError {
            result.failure = error.reason
        } catch {
            result.failure = "unreadable page: \(error)"
        }
        return result
    }

    func keep(_ url: String, _ page: FetchedPage) throws -> Int64 {
        try store.keepSnapshot(url: url, httpStatus: page.status, contentType: page.contentType, body: page.body)
    }

    /// A step for a page that could not be fetched or read at all.
    func failedStep(_ name: String, _ fetched: Fetched, expected: String, advice: String) -> ProbeReport.Step {
        ProbeReport.Step(
            name: name, url: fetched.url, status: fetched.status, bytes: fetched.bytes, snapshot: fetched.snapshot,
            expected: expected, ok: false,
            diagnosis: "\(name): \(fetched.failure ?? "no page")\(keptNote(fetched)); \(advice)")
    }

    /// Where the raw page is, for the diagnosis.
    func keptNote(_ fetched: Fetched) -> String {
        fetched.snapshot.map {
            "; the raw page is kept in the database as snapshot \($0) (sinmun crawl --snapshot \($0) prints it)"
        } ?? ""
    }

    /// A few of a page's links, for a diagnosis that shows what the page holds instead.
    func linkSample(_ document: HTMLDocument) -> (count: Int, sample: String) {
        let links = document.nodes("//a[@href]").compactMap { $0.attribute("href") }
        let sample = links.prefix(4).map { "\"\($0.prefix(80))\"" }.joined(separator: ", ")
        return (links.count, links.isEmpty ? "none" : sample)
    }

    // MARK: - robots.txt

    /// robots.txt, asked once (a probe does not insist), its redirects followed as a crawl does.
    func probeRobots(_ session: inout Session) async throws -> RobotsRules {
        let expected = "a robots.txt that lets the \(options.robotsToken) token fetch the edition (or none: HTTP 4xx)"
        var url = "\(options.baseURL)/robots.txt"
        var answer: FetchedPage?
        var failure: String?
        for _ in 0...5 {
            try await session.crawler.limiter.waitForTurn(host: session.crawler.host(of: url))
            session.summary.requests += 1
            do {
                let page = try await fetcher.fetch(url)
                if (300..<400).contains(page.status), let location = page.location,
                    let next = URL(string: location, relativeTo: URL(string: url))?.absoluteString
                {
                    url = next
                    continue
                }
                answer = page
            } catch let error as FetchError {
                failure = error.description
            }
            break
        }
        guard let answer else {
            session.steps.append(
                ProbeReport.Step(
                    name: "robots.txt", url: url, expected: expected, ok: false,
                    diagnosis: "robots.txt: \(failure ?? "more than 5 redirects"); a crawl stops when robots.txt "
                        + "cannot be read (RFC 9309): check --base-url, or try again later"))
            return .disallowAll
        }
        let snapshot = try keep(url, answer)
        var step = ProbeReport.Step(
            name: "robots.txt", url: url, status: answer.status, bytes: answer.body.count, snapshot: snapshot,
            expected: expected, ok: true)
        let rules: RobotsRules
        switch answer.status {
        case 200..<300:
            rules = RobotsRules(text: String(decoding: answer.body, as: UTF8.self), userAgent: options.robotsToken)
        case 400..<500 where answer.status != 429:
            step.recognised.append("no robots.txt (HTTP \(answer.status)): everything may be fetched")
            rules = .allowAll
        default:
            step.ok = false
            step.diagnosis =
                "robots.txt: HTTP \(answer.status); a crawl stops when robots.txt cannot be read (RFC 9309): "
                + "try again later"
            session.steps.append(step)
            return .disallowAll
        }
        let allowed = rules.allows(path: session.crawler.pathAndQuery(of: homeAddress))
        step.recognised.append("the home page \(homeAddress) is \(allowed ? "allowed" : "disallowed")")
        if let delay = rules.crawlDelay { step.recognised.append("Crawl-delay \(delay) s: the crawl goes slower") }
        if !allowed {
            step.ok = false
            step.diagnosis =
                "robots.txt: the home page is disallowed for \(options.robotsToken): a crawl will not fetch it"
        }
        session.steps.append(step)
        return rules
    }

    var homeAddress: String {
        switch options.site {
        case .rodong: return RodongSite.homeAddress(base: options.baseURL, language: options.language)
        case .kcna: return KCNASite.homeAddress(base: options.baseURL, language: options.language)
        }
    }
}

extension SiteProbe {
    /// A step for a fetched page, ok until a finding says otherwise.
    func step(_ name: String, _ fetched: Fetched, expected: String) -> ProbeReport.Step {
        ProbeReport.Step(
            name: name, url: fetched.url, status: fetched.status, bytes: fetched.bytes, snapshot: fetched.snapshot,
            expected: expected, ok: true)
    }

    /// What a page holds instead of the expected block: its element ids and paragraph classes.
    func layoutSample(_ document: HTMLDocument) -> String {
        let ids = Array(Set(document.nodes("//*[@id]").compactMap { $0.attribute("id") })).sorted().prefix(8)
        let classes = Array(Set(document.nodes("//p[@class]").compactMap { $0.attribute("class") })).sorted().prefix(8)
        let title = document.first("//title")?.text ?? ""
        return "the page has title \"\(title.prefix(60))\", element ids [\(ids.joined(separator: ", "))], "
            + "paragraph classes [\(classes.joined(separator: ", "))]"
    }

    /// A Rodong link as the report shows it: the decoded id, its date, the link's text.
    func describe(_ entry: ListingEntry) -> String {
        let id = RodongPageID(address: entry.url)?.decoded ?? entry.url
        return "\(id)" + (entry.date.map { " (\($0.isoString))" } ?? "")
            + (entry.title.isEmpty ? "" : " \"\(entry.title.prefix(40))\"")
    }

    func examples(_ entries: [ListingEntry]) -> String {
        entries.isEmpty ? "" : ", e.g. " + entries.prefix(3).map(describe).joined(separator: "; ")
    }

    // MARK: - Rodong Sinmun

    func probeRodong(robots: RobotsRules, _ session: inout Session) async throws {
        let expected =
            "links to index.php?<base64 id>: menus and day listings (ids of other kinds), articles (12@DATE-Nnnn@…)"
        let home = try await fetch(homeAddress, robots: robots, &session)
        guard let document = home.document else {
            session.steps.append(
                failedStep(
                    "home page", home, expected: expected,
                    advice: "the crawl starts at this page: check --base-url and --lang"))
            return
        }
        let navigation = RodongSite.navigation(document, language: options.language)
        let articles = RodongSite.listing(document).entries
        let links = linkSample(document)
        var step = step("home page", home, expected: expected)
        step.recognised = [
            "\(links.count) links",
            "\(navigation.count) menu or listing links of this edition decode as Rodong ids\(examples(navigation))",
            "\(articles.count) article ids\(examples(articles))",
        ]
        if navigation.isEmpty {
            step.ok = false
            step.diagnosis =
                articles.isEmpty
                ? "home page: no link decodes as a Rodong id (expected index.php?<base64> links); found "
                    + "\(links.count) links, e.g. \(links.sample)\(keptNote(home))"
                : "home page: article ids but no menu link decodes as a Rodong id (expected index.php?<base64> "
                    + "menu links); a crawl finds only these articles and what the unconfirmed day-listing "
                    + "shortcut gives\(keptNote(home))"
        }
        session.steps.append(step)
        let dated = navigation.filter { $0.date != nil } + navigation.filter { $0.date == nil }
        var found = articles
        if let first = dated.first {
            let listed = try await probeRodongListing(first, robots: robots, &session)
            if !listed.isEmpty { found = listed }
        }
        if let day = found.first?.date ?? dated.first?.date {
            try await probeRodongShortcut(day, robots: robots, &session)
        }
        guard let entry = found.first else { return }
        try await probeRodongArticle(entry, robots: robots, &session)
    }

    /// A listing the home page links; a menu without article links is followed one level down,
    /// as a crawl does. Returns the article links found.
    func probeRodongListing(
        _ entry: ListingEntry, robots: RobotsRules, _ session: inout Session
    ) async throws -> [ListingEntry] {
        let expected = "links to article ids (index.php?<base64 of 12@DATE-Nnnn@…>) under page headings (1면, Page 1)"
        var entry = entry
        for level in 1...2 {
            let name = level == 1 ? "listing" : "listing, one level down"
            let fetched = try await fetch(entry.url, robots: robots, &session)
            guard let document = fetched.document else {
                session.steps.append(
                    failedStep(
                        name, fetched, expected: expected,
                        advice: "the link \(describe(entry)) leads nowhere: the site's menus may have changed"))
                return []
            }
            let articles = RodongSite.listing(document).entries
            let navigation = RodongSite.navigation(document, language: options.language)
            var step = step(name, fetched, expected: expected)
            let dates = Set(articles.compactMap { $0.date?.isoString }).sorted()
            let pages = Set(articles.compactMap(\.page)).sorted()
            step.recognised = [
                "reached by \(describe(entry))",
                "\(articles.count) article ids, dated \(dates.isEmpty ? "-" : dates.joined(separator: ", "))"
                    + examples(articles),
                pages.isEmpty
                    ? "no page headings: the page numbers come from the article pages"
                    : "newspaper pages \(pages.map(String.init).joined(separator: ", "))",
                "\(navigation.count) further menu links\(examples(navigation))",
            ]
            if articles.isEmpty, level == 1,
                let deeper = navigation.first(where: { $0.date != nil }) ?? navigation.first
            {
                step.recognised.append("a menu without articles: following \(describe(deeper))")
                session.steps.append(step)
                entry = deeper
                continue
            }
            if articles.isEmpty {
                let links = linkSample(document)
                step.ok = false
                step.diagnosis =
                    "\(name): no link decodes as a Rodong article id (expected index.php?<base64 of "
                    + "12@DATE-Nnnn@…>); found \(links.count) links, e.g. \(links.sample)\(keptNote(fetched))"
            }
            session.steps.append(step)
            return articles
        }
        return []
    }

    /// The unconfirmed day-listing address: whatever it answers is only reported.
    func probeRodongShortcut(_ day: PublicationDate, robots: RobotsRules, _ session: inout Session) async throws {
        let url = RodongSite.dayListingAddress(base: options.baseURL, language: options.language, date: day)
        let fetched = try await fetch(url, robots: robots, &session)
        var step = step(
            "day listing shortcut", fetched,
            expected: "(unconfirmed) the articles of \(day.isoString); if absent, a crawl finds the days through the "
                + "menus")
        if let document = fetched.document {
            let articles = RodongSite.listing(document).entries.filter { $0.date == day }
            step.recognised = [
                articles.isEmpty
                    ? "no article of \(day.isoString): the shortcut is not the site's day listing; crawls use the menus"
                    : "\(articles.count) article ids of \(day.isoString): the shortcut works"
            ]
        } else {
            step.recognised = [
                "\(fetched.status.map { "HTTP \($0)" } ?? fetched.failure ?? "no page"): the shortcut is not the "
                    + "site's day listing; crawls use the menus"
            ]
        }
        session.steps.append(step)
    }

    func probeRodongArticle(_ entry: ListingEntry, robots: RobotsRules, _ session: inout Session) async throws {
        let expected =
            "div#articleContent › div#ContDIV with p.TitleP (title) and p.TextP (paragraphs); the date in #article-date"
        let fetched = try await fetch(entry.url, robots: robots, &session)
        guard let document = fetched.document else {
            session.steps.append(
                failedStep(
                    "article", fetched, expected: expected,
                    advice: "a listing links this article (\(describe(entry))), so the site may be refusing the crawler"
                ))
            return
        }
        var step = step("article", fetched, expected: expected)
        step.recognised = ["the id: \(describe(entry))"]
        do {
            let article = try RodongSite.article(document, language: options.language, listed: entry)
            let printed = document.first("//*[@id='article-date']").flatMap { PageDate.parse($0.text) }
            step.recognised += [
                "title: \"\(article.title.prefix(80))\"",
                "date: \(article.date?.isoString ?? "none")"
                    + (printed == nil ? " (no date printed in #article-date: the id's date is used)" : " (printed)"),
                "page: \(article.page.map(String.init) ?? "none")",
                "\(article.paragraphs.count) paragraphs" + (article.byline.map { ", byline \"\($0)\"" } ?? ""),
            ]
        } catch let error as PageParseError {
            step.ok = false
            step.diagnosis = "article page: \(error.reason); \(layoutSample(document))\(keptNote(fetched))"
        }
        session.steps.append(step)
    }
}

extension SiteProbe {
    // MARK: - KCNA

    func probeKCNA(robots: RobotsRules, _ session: inout Session) async throws {
        let expected = "the section menu: div.menu-block links to section listings (…/category/….kcmsf)"
        let home = try await fetch(homeAddress, robots: robots, &session)
        guard let document = home.document else {
            session.steps.append(
                failedStep(
                    "home page", home, expected: expected,
                    advice: "the crawl starts at this page: check --base-url and --lang"
                ))
            return
        }
        let sections = KCNASite.sections(document)
        // Section links anywhere on the page: if the menu's markup changed, the probe goes on with them.
        let elsewhere = KCNASite.categoryLinks(document)
        var step = step("home page", home, expected: expected)
        step.recognised = [
            "\(sections.count) sections in div.menu-block"
                + (sections.isEmpty ? "" : ": " + sections.prefix(6).map(\.name).joined(separator: ", "))
        ]
        if sections.isEmpty {
            let links = linkSample(document)
            step.recognised.append("\(elsewhere.count) links to /category/ pages elsewhere on the page")
            step.ok = false
            step.diagnosis =
                "home page: no section menu (expected div.menu-block links to /category/ pages); found \(links.count) "
                + "links, e.g. \(links.sample)"
                + (elsewhere.isEmpty
                    ? ""
                    : "; \(elsewhere.count) of them lead to /category/ pages outside a div.menu-block: the menu's "
                        + "markup changed, and a crawl finds no section")
                + keptNote(home)
        }
        session.steps.append(step)
        let candidates = sections.isEmpty ? elsewhere : sections
        guard let section = candidates.first(where: { $0.url.contains("/category/articles/") }) ?? candidates.first
        else { return }
        guard let entry = try await probeKCNAListing(section, robots: robots, &session) else { return }
        try await probeKCNAArticle(entry, robots: robots, &session)
    }

    /// A section listing; returns its first item.
    func probeKCNAListing(
        _ section: (name: String, url: String), robots: RobotsRules, _ session: inout Session
    ) async throws -> ListingEntry? {
        let expected =
            "ul.article-link li (a link and span.publish-time [JucheYYY.M.D.]) or div.photo|div.video span.title a; "
            + "a .pagination link to the next page"
        let fetched = try await fetch(section.url, robots: robots, &session)
        guard let document = fetched.document else {
            session.steps.append(
                failedStep(
                    "listing", fetched, expected: expected,
                    advice: "the home page links this section (\(section.name)): the site may have moved it"))
            return nil
        }
        let listing = KCNASite.listing(document, section: section.name)
        let dates = listing.entries.compactMap(\.date).map(\.isoString).sorted()
        var step = step("listing", fetched, expected: expected)
        step.recognised = [
            "section \"\(section.name)\"",
            "\(listing.entries.count) items, \(dates.count) of them dated"
                + (dates.isEmpty ? "" : " \(dates.first!) to \(dates.last!)")
                + (listing.entries.first.map { ", e.g. \"\($0.title.prefix(60))\" \($0.url)" } ?? ""),
            listing.next.map { "next page: \($0)" } ?? "no pagination link: a crawl reads only this first page",
        ]
        if listing.entries.isEmpty {
            let links = linkSample(document)
            step.ok = false
            step.diagnosis =
                "listing: no item (expected ul.article-link li or div.photo|div.video span.title a); found "
                + "\(links.count) links, e.g. \(links.sample)\(keptNote(fetched))"
        } else if dates.isEmpty {
            step.ok = false
            step.diagnosis =
                "listing: items without a date (expected span.publish-time [JucheYYY.M.D.]): a crawl cannot keep to "
                + "its dates nor tell when to stop paging\(keptNote(fetched))"
        }
        session.steps.append(step)
        return listing.entries.first
    }

    func probeKCNAArticle(_ entry: ListingEntry, robots: RobotsRules, _ session: inout Session) async throws {
        let expected = "div.content-wrapper p (text), .article-main-title or h1 (title), span.publish-time (date)"
        let fetched = try await fetch(entry.url, robots: robots, &session)
        guard let document = fetched.document else {
            session.steps.append(
                failedStep(
                    "article", fetched, expected: expected,
                    advice: "a listing links this item, so the site may be refusing the crawler"))
            return
        }
        var step = step("article", fetched, expected: expected)
        do {
            let article = try KCNASite.article(document, language: options.language, listed: entry)
            step.recognised = [
                "title: \"\(article.title.prefix(80))\"", "date: \(article.date?.isoString ?? "none")",
                "\(article.paragraphs.count) paragraphs"
                    + (entry.url.contains("/media/") ? " (a photo or video item: text is optional)" : ""),
            ]
        } catch let error as PageParseError {
            step.ok = false
            step.diagnosis = "article page: \(error.reason); \(layoutSample(document))\(keptNote(fetched))"
        }
        session.steps.append(step)
    }
}
