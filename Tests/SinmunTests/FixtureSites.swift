import Foundation
import Hummingbird
import SinmunCollect

/// Small imitations of rodong.rep.kp and kcna.kp, in the project's own words, with the page
/// structure the parsers read (see the note of issue 7 for where it was learned) and the
/// failures the real servers show: missing pages, slow and refusing responses, truncated and
/// error pages, redirect loops, a wrong charset declaration, a robots.txt exclusion.
final class FixtureSite: @unchecked Sendable {
    /// Every request the server saw: path with query, in order.
    private var requests: [String] = []
    /// When set, ordinary Rodong articles carry an added sentence: the site edited them.
    var edited: Bool {
        get { lock.withLock { isEdited } }
        set { lock.withLock { isEdited = newValue } }
    }
    private var isEdited = false
    /// When set (`YYYY-MM-DD`), the last day published so far: later days are in no menu or
    /// listing and their pages answer 404, so a test can publish a new day between two runs.
    var publishedThrough: String? {
        get { lock.withLock { lastPublished } }
        set { lock.withLock { lastPublished = newValue } }
    }
    private var lastPublished: String?
    /// When set, Rodong's day-listing shortcut (`11@DATE@0`, unconfirmed) answers 404, and the
    /// crawler must find the days through the menus.
    var dayListingMissing: Bool {
        get { lock.withLock { isDayListingMissing } }
        set { lock.withLock { isDayListingMissing = newValue } }
    }
    private var isDayListingMissing = false
    /// When set, the layout the parsers expect has changed: Rodong articles lose
    /// `#articleContent`, KCNA's home page loses `div.menu-block`.
    var layoutChanged: Bool {
        get { lock.withLock { isLayoutChanged } }
        set { lock.withLock { isLayoutChanged = newValue } }
    }
    private var isLayoutChanged = false
    private var hits: [String: Int] = [:]
    private let lock = NSLock()

    func record(_ target: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        requests.append(target)
        hits[target, default: 0] += 1
        return hits[target]!
    }

    /// True for a day published by now (every day unless ``publishedThrough`` is set).
    func isPublished(_ day: String) -> Bool {
        publishedThrough.map { day <= $0 } ?? true
    }

    func requestTargets() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }

    static func html(
        _ body: String, status: HTTPResponse.Status = .ok, contentType: String = "text/html; charset=utf-8"
    ) -> Response {
        Response(
            status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .found, headers: [.location: location])
    }

    // MARK: - Rodong Sinmun

    /// One article of the fixture paper.
    struct RodongFixture {
        var date: String
        var number: Int
        var page: Int
        var title: String
        var subtitle: String?
        var paragraphs: [String]
        /// How the server misbehaves for it.
        var behaviour: Behaviour = .normal

        enum Behaviour {
            case normal, missing, truncated, errorPage, redirectLoop, flaky, slow, wrongCharset, robotsExcluded,
                otherLayout, timeout
        }

        var id: RodongArticleID {
            RodongArticleID(decoded: "12@\(date)-N\(String(format: "%03d", number))@1@1@@0@\(number)")!
        }
        var target: String { "/ko/index.php?\(id.encoded)" }
        var expectedStored: Bool { [.normal, .flaky, .slow, .wrongCharset].contains(behaviour) }
    }

    static let rodongDays = ["2024-04-01", "2024-04-02", "2024-04-03"]

    /// Four ordinary articles a day (two on page 1, two on page 2), and on the second and third
    /// days one of each failure.
    static let rodongArticles: [RodongFixture] = {
        var articles: [RodongFixture] = []
        let topics = ["인공지능기술을 인민경제에 받아들이는 사업", "농업과학연구의 새 성과", "새 학년도 교육사업 준비", "지방공업공장들의 생산 정상화"]
        for (dayIndex, date) in rodongDays.enumerated() {
            for number in 1...4 {
                let topic = topics[(number - 1 + dayIndex) % topics.count]
                articles.append(
                    RodongFixture(
                        date: date, number: number, page: number <= 2 ? 1 : 2, title: "\(topic) (\(date) \(number))",
                        subtitle: number == 1 ? "시험 자료의 부제목" : nil,
                        paragraphs: [
                            "이 글은 Sinmun 시험을 위하여 쓴 \(date) \(number)번 기사이다.",
                            "\(topic)에 대한 문단이며 & 기호와 닫히지 않은 문단을 포함한다.",
                            "본사기자 시험",
                        ]))
            }
        }
        let failures: [(Int, RodongFixture.Behaviour)] = [
            (5, .missing), (6, .truncated), (7, .errorPage), (8, .redirectLoop), (9, .flaky), (10, .slow),
            (11, .wrongCharset), (12, .robotsExcluded), (13, .otherLayout),
        ]
        for (number, behaviour) in failures {
            articles.append(
                RodongFixture(
                    date: "2024-04-02", number: number, page: 3, title: "특별한 경우 \(number)",
                    paragraphs: ["경우 \(number)의 본문이다."], behaviour: behaviour))
        }
        articles.append(
            RodongFixture(
                date: "2024-04-03", number: 14, page: 3, title: "늦은 응답", paragraphs: ["응답이 늦다."], behaviour: .timeout))
        return articles
    }()

    static func rodongArticlePage(_ article: RodongFixture, layout: Bool = true) -> String {
        let (year, month, day) = (
            article.date.prefix(4), Int(article.date.dropFirst(5).prefix(2))!, Int(article.date.suffix(2))!
        )
        let juche = Int(year)! - 1911
        let subtitle = article.subtitle.map { "<p class=\"SubTitleP\">\($0)</p>" } ?? ""
        // Paragraphs left unclosed and a bare `&`, as the real pages' markup has them.
        let paragraphs = article.paragraphs.map { "<p class=\"TextP\">\($0)\n" }.joined()
        let content =
            layout
            ? """
            <div id="articleContent">
              <div class="article-head"><span id="article-date">주체\(juche)(\(year))년 \(month)월 \(day)일</span> \
            <span class="page-no">\(article.page)면</span></div>
              <div id="ContDIV">
                <p class="TitleP">\(article.title)</p>\(subtitle)
                \(paragraphs)
              </div>
              <div id="photoContent"><img src="/photo/\(article.number).jpg"><p>시험 사진 \(article.number)</p></div>
            </div>
            """
            : "<div class=\"news-body\"><h2>\(article.title)</h2>"
                + "<div>\(article.paragraphs.joined(separator: "<br>"))</div></div>"
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>로동신문</title></head>
            <body><div class="top-menu"><a href="/ko/">로동신문</a></div>
            \(content)
            </body></html>
            """
    }

    static func rodongDayListing(_ date: String) -> String {
        let articles = rodongArticles.filter { $0.date == date }
        var pages = ""
        for page in Set(articles.map(\.page)).sorted() {
            let links = articles.filter { $0.page == page }
                .map { "<li><a href=\"index.php?\($0.id.encoded)\">\($0.title)</a></li>" }.joined(separator: "\n")
            pages += "<h3>\(page)면</h3>\n<ul class=\"list\">\n\(links)\n</ul>\n"
        }
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>로동신문 \(date)</title></head>"
            + "<body><div class=\"top-menu\"><a href=\"/ko/\">첫 페지</a> "
            + "<a href=\"index.php?\(rodongNavigationID("02@1@1"))\">기사 목록</a></div>"
            + "<div class=\"issue\">\(pages)</div></body></html>"
    }

    /// The fixture's own navigation ids (the real site's are not known): `01@DATE@MENU` lists a
    /// day's articles (menu 0: the whole issue), `02@MENU@N` is page N of a section menu.
    static func rodongNavigationID(_ decoded: String) -> String {
        RodongPageID(decoded: decoded)!.encoded
    }

    /// The front page: an edition menu (other editions, not to be followed), a section menu, a
    /// date menu of the days published, the newest day's page-1 articles, and a link to
    /// another host.
    func rodongHome() -> String {
        let days = Self.rodongDays.filter(isPublished).reversed()
        let dates = days.map { "<li><a href=\"index.php?\(Self.rodongNavigationID("01@\($0)@0"))\">\($0)</a></li>" }
        let top = Self.rodongArticles.filter { $0.date == days.first && $0.page == 1 && $0.behaviour == .normal }
            .map { "<li><a href=\"index.php?\($0.id.encoded)\">\($0.title)</a></li>" }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>로동신문</title></head><body>
            <div class="edition-menu"><a href="/ko/">조선어</a> \
            <a href="/en/index.php?\(Self.rodongNavigationID("02@1@1"))">English</a> <a href="/cn/">中文</a></div>
            <div class="top-menu"><a href="/ko/">첫 페지</a> \
            <a href="index.php?\(Self.rodongNavigationID("02@1@1"))">기사 목록</a> \
            <a href="http://elsewhere.invalid/ko/index.php?\(Self.rodongNavigationID("02@9@1"))">다른 곳</a></div>
            <ul class="date-menu">\(dates.joined())</ul>
            <ul class="top-news">\(top.joined())</ul>
            </body></html>
            """
    }

    /// Page `number` of a section menu: the date menu of the days published (listings of this
    /// menu) and a link to the next page of the menu, deeper than the crawler goes.
    func rodongMenuPage(menu: String, number: Int) -> String {
        let days = Self.rodongDays.filter(isPublished).reversed()
        let dates = days.map {
            "<li><a href=\"index.php?\(Self.rodongNavigationID("01@\($0)@\(menu)"))\">\($0)</a></li>"
        }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>로동신문 기사 목록</title></head><body>
            <div class="top-menu"><a href="/ko/">첫 페지</a></div>
            <ul class="date-menu">\(dates.joined())</ul>
            <a href="index.php?\(Self.rodongNavigationID("02@\(menu)@\(number + 1)"))">더 보기</a>
            </body></html>
            """
    }

    /// The Rodong Sinmun imitation's routes.
    func rodongRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let excluded = Self.rodongArticles.first { $0.behaviour == .robotsExcluded }!
        router.get("/ko") { request, _ in
            _ = self.record(request.uri.description)
            return Self.html(self.rodongHome())
        }
        router.get("/robots.txt") { request, _ in
            _ = self.record(request.uri.description)
            return Self.html(
                "User-agent: *\nDisallow: /private/\nDisallow: \(excluded.target)\n\nUser-agent: BadBot\nDisallow: /\n",
                contentType: "text/plain")
        }
        router.get("/ko/index.php") { request, _ in
            let target = request.uri.description
            let hit = self.record(target)
            let query = request.uri.query ?? ""
            if let id = RodongArticleID(address: query) {
                guard let article = Self.rodongArticles.first(where: { $0.id == id }), self.isPublished(article.date)
                else {
                    return Self.html("<html><body>없음</body></html>", status: .notFound)
                }
                switch article.behaviour {
                case .normal:
                    var shown = article
                    if self.edited { shown.paragraphs[0] += " 편집부가 나중에 덧붙인 문장이다." }
                    return Self.html(Self.rodongArticlePage(shown, layout: !self.layoutChanged))
                case .missing:
                    return Self.html(
                        "<html><head><title>404</title></head><body>Not Found</body></html>", status: .notFound)
                case .truncated: return Self.html(String(Self.rodongArticlePage(article).prefix(420)))
                case .errorPage:
                    return Self.html("<html><head><title>오류</title></head><body><h1>페지를 찾을수 없습니다</h1></body></html>")
                case .redirectLoop: return Self.redirect("/loop/a")
                case .flaky:
                    return hit <= 2
                        ? Self.html("<html><body>busy</body></html>", status: .serviceUnavailable)
                        : Self.html(Self.rodongArticlePage(article))
                case .slow:
                    try await Task.sleep(for: .milliseconds(300))
                    return Self.html(Self.rodongArticlePage(article))
                case .wrongCharset:
                    let page = Self.rodongArticlePage(article).replacingOccurrences(
                        of: "<meta charset=\"utf-8\">",
                        with: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=euc-kr\">")
                    return Self.html(page, contentType: "text/html")
                case .robotsExcluded: return Self.html(Self.rodongArticlePage(article))
                case .otherLayout: return Self.html(Self.rodongArticlePage(article, layout: false))
                case .timeout:
                    try await Task.sleep(for: .seconds(3))
                    return Self.html(Self.rodongArticlePage(article))
                }
            }
            // A day listing at the shortcut address (`11@DATE@0`) or the menus' (`01@DATE@MENU`),
            // or a section menu (`02@MENU@N`).
            let fields = RodongPageID(address: query)?.fields ?? []
            if fields.count == 3, ["11", "01"].contains(fields[0]), Self.rodongDays.contains(fields[1]),
                self.isPublished(fields[1]), fields[0] == "01" || !self.dayListingMissing
            {
                return Self.html(Self.rodongDayListing(fields[1]))
            }
            if fields.count == 3, fields[0] == "02", let number = Int(fields[2]) {
                return Self.html(self.rodongMenuPage(menu: fields[1], number: number))
            }
            return Self.html("<html><body>없음</body></html>", status: .notFound)
        }
        router.get("/loop/a") { request, _ in
            _ = self.record(request.uri.description)
            return Self.redirect("/loop/b")
        }
        router.get("/loop/b") { request, _ in
            _ = self.record(request.uri.description)
            return Self.redirect("/loop/a")
        }
        return router
    }

    // MARK: - KCNA

    struct KCNAFixture {
        var id: String
        var section: String
        var date: PublicationDate
        var title: String
        var paragraphs: [String]
        var isPhoto = false
        var path: String { isPhoto ? "/en/media/photo/q/\(id).kcmsf" : "/en/article/q/\(id).kcmsf" }
    }

    /// Two sections of articles (newest first, three to a listing page) and a photo section;
    /// one text is listed in both article sections under two addresses, as KCNA does.
    static let kcnaItems: [KCNAFixture] = {
        var items: [KCNAFixture] = []
        for index in 0..<12 {
            let date =
                PublicationDate(year: 2024, month: 10, day: 6 - index / 2) ?? PublicationDate(
                    year: 2024, month: 9, day: 30 - (index / 2 - 6))!
            items.append(
                KCNAFixture(
                    id: String(format: "a%031x", index), section: "Top News", date: date,
                    title: "Fixture report \(index) on artificial intelligence in production",
                    paragraphs: [
                        "Pyongyang, October \(date.day) (KCNA) -- This text was written for Sinmun's tests (\(index)).",
                        "It mentions artificial intelligence and the national economy.",
                    ]))
        }
        items.append(
            KCNAFixture(
                id: String(format: "b%031x", 1), section: "Home News",
                date: PublicationDate(year: 2024, month: 10, day: 5)!,
                title: items[2].title, paragraphs: items[2].paragraphs))
        items.append(
            KCNAFixture(
                id: String(format: "b%031x", 2), section: "Home News",
                date: PublicationDate(year: 2024, month: 10, day: 4)!,
                title: "Fixture home item", paragraphs: ["A second section's own text for the tests."]))
        items.append(
            KCNAFixture(
                id: String(format: "c%031x", 1), section: "Photo",
                date: PublicationDate(year: 2024, month: 10, day: 3)!,
                title: "Fixture photo item", paragraphs: [], isPhoto: true))
        return items
    }()

    static let kcnaSections = [
        "Top News": "/en/category/articles/q/1ee9bdb7186944f765208f34ecfb5407.kcmsf",
        "Home News": "/en/category/articles/q/b2b3bcc1b0a4406ab0c36e45d5db58db.kcmsf",
        "Photo": "/en/category/photos.kcmsf",
    ]

    static func juche(_ date: PublicationDate) -> String { "[Juche\(date.year - 1911).\(date.month).\(date.day).]" }

    func kcnaRouter() -> Router<BasicRequestContext> {
        let router = Router()
        // robots.txt has moved: the crawler follows the redirect (RFC 9309) and finds none.
        router.get("/robots.txt") { request, _ in
            _ = self.record(request.uri.description)
            return Self.redirect("/site/robots.txt")
        }
        router.get("/site/robots.txt") { request, _ in
            _ = self.record(request.uri.description)
            return Self.html("not here", status: .notFound)
        }
        router.get("/en") { request, _ in
            _ = self.record(request.uri.description)
            let links = Self.kcnaSections.sorted { $0.key < $1.key }.map { "<a href=\"\($0.value)\">\($0.key)</a>" }
                .joined(separator: " ")
            let menu = self.layoutChanged ? "nav-strip" : "col-md-12 menu-block"
            return Self.html(
                "<html><head><title>KCNA</title></head>"
                    + "<body><div class=\"\(menu)\">\(links)</div></body></html>")
        }
        for (section, path) in Self.kcnaSections {
            router.get(RouterPath(path)) { request, _ in
                _ = self.record(request.uri.description)
                let page = request.uri.queryParameters.get("page", as: Int.self) ?? 1
                let all = Self.kcnaItems.filter { $0.section == section && self.isPublished($0.date.isoString) }
                    .sorted { $0.date > $1.date }
                let slice = all.dropFirst((page - 1) * 3).prefix(3)
                let items: String
                if section == "Photo" {
                    items = slice.map {
                        "<div class=\"photo\"><img src=\"x.jpg\"><span class=\"title\">"
                            + "<a href=\"\($0.path)\">\($0.title)</a>"
                            + "<span class=\"publish-time\">\(Self.juche($0.date))</span></span></div>"
                    }.joined()
                } else {
                    items =
                        "<ul class=\"article-link\">"
                        + slice.map {
                            "<li><a href=\"\($0.path)\">\($0.title)"
                                + "<span class=\"publish-time\">\(Self.juche($0.date))</span></a></li>"
                        }.joined() + "</ul>"
                }
                let next =
                    all.count > page * 3
                    ? "<div class=\"pagination\"><a href=\"\(path)?page=\(page + 1)\">\(page + 1)</a></div>" : ""
                return Self.html("<html><head><title>\(section)</title></head><body>\(items)\(next)</body></html>")
            }
        }
        for item in Self.kcnaItems {
            router.get(RouterPath(item.path)) { request, _ in
                _ = self.record(request.uri.description)
                guard self.isPublished(item.date.isoString) else {
                    return Self.html(
                        "<html><head><title>404</title></head><body>Not Found</body></html>", status: .notFound)
                }
                let paragraphs = item.paragraphs.map { "<p>\($0)</p>" }.joined()
                let content =
                    item.isPhoto
                    ? "<div class=\"photo-view\"><img src=\"x.jpg\"></div>"
                    : "<div class=\"content-wrapper\">\(paragraphs)</div>"
                return Self.html(
                    """
                    <html><head><title>KCNA</title></head><body><div class="article-main-title">\(item.title)</div>
                    <span class="publish-time">\(Self.juche(item.date))</span>\(content)</body></html>
                    """)
            }
        }
        return router
    }
}
