import Foundation

/// A Rodong Sinmun article id, as carried (base64) in the query of its address:
/// `index.php?MTJAMjAyNC0wNC0wMS1OMDI1QDVAMUBAMEAxMw==` is `12@2024-04-01-N025@5@1@@0@13`.
///
/// Fields, as read from the 59 real addresses in `shared/corpora/rodong-ko-2024-urls`: a page
/// kind (`12`, an article), the date and the article's number in that day's issue (`N025`), the
/// menu it was reached from (5 society and culture, 4 "Korea advancing", 11 editorials), the
/// listing page, the genre (`사설` for editorials), a flag and the position in the listing. The
/// newspaper page is *not* among them (a page-5 and a page-2 article share menu 5), so the page
/// comes from the day listing or the article page.
public struct RodongArticleID: Hashable, Sendable {
    /// The decoded fields, split at `@`.
    public let fields: [String]
    /// The issue's date, read from the second field (`2024-04-01-N025`).
    public let date: PublicationDate
    /// The article's number in the day's issue (`N025` → 25).
    public let number: Int

    /// Reads a decoded id (`12@2024-04-01-N025@5@1@@0@13`); nil for anything else.
    public init?(decoded: String) {
        let fields = decoded.components(separatedBy: "@")
        guard fields.count >= 2, fields[0] == "12" else { return nil }
        let key = fields[1]
        guard key.count >= 12, let date = DateParsing.parse(String(key.prefix(10))), date.precision == .day else {
            return nil
        }
        let rest = key.dropFirst(11).drop { $0 == "N" || $0 == "n" }
        guard let number = Int(rest) else { return nil }
        self.fields = fields
        self.date = date
        self.number = number
    }

    /// Reads the base64 query of an article address (or the address itself); nil when it is
    /// not a Rodong article id.
    public init?(address: String) {
        guard let decoded = RodongPageID.decode(address: address) else { return nil }
        self.init(decoded: decoded)
    }

    /// The genre field (`사설`), when set.
    public var genre: String? {
        fields.count > 4 && !fields[4].isEmpty ? fields[4] : nil
    }

    /// The id as it appears in an address: base64 of the decoded fields without its padding,
    /// then `==`, as every one of the 59 real addresses has it (standard padding would give
    /// no `=` or one for two thirds of them).
    public var encoded: String {
        String(Data(fields.joined(separator: "@").utf8).base64EncodedString().prefix { $0 != "=" }) + "=="
    }
}

/// Addresses and page parsing for rodong.rep.kp.
public enum RodongSite {
    /// The site's root; `--base-url` replaces it with a mirror or a test server.
    public static let defaultBase = "http://www.rodong.rep.kp"

    /// The site's folder of an edition: `ko`, `en`, and `cn` for Chinese (`zh`).
    public static func editionPath(_ language: String) -> String {
        language == "zh" ? "cn" : language
    }

    /// The address of an article of an edition.
    public static func articleAddress(base: String, language: String, id: RodongArticleID) -> String {
        "\(trimmed(base))/\(editionPath(language))/index.php?\(id.encoded)"
    }

    /// The address of one day's issue (the list of its articles, page by page).
    ///
    /// Not confirmed against the live site: no public scraper found documents the day-listing
    /// address, so this follows the article ids' own scheme (`11@DATE@0`, base64). The crawler
    /// relies on it only as a seed: a listing page is read by decoding the article ids it links
    /// to, whatever its own address.
    public static func dayListingAddress(base: String, language: String, date: PublicationDate) -> String {
        let id = String(Data("11@\(date.isoString)@0".utf8).base64EncodedString().prefix { $0 != "=" }) + "=="
        return "\(trimmed(base))/\(editionPath(language))/index.php?\(id)"
    }

    /// The edition's front page, where the crawl starts: its menus lead to the day listings.
    public static func homeAddress(base: String, language: String) -> String {
        "\(trimmed(base))/\(editionPath(language))/"
    }

    /// True when `url` is the day-listing address ``dayListingAddress(base:language:date:)``
    /// gives for some day: the unconfirmed shortcut, whose absence is no failure.
    public static func isDayListingShortcut(_ url: String) -> Bool {
        guard let id = RodongPageID(address: url), id.fields.count == 3, id.kind == "11", id.fields[2] == "0",
            let date = id.date
        else { return false }
        return id.fields[1] == date.isoString
    }

    /// The links of a page that lead to other listing pages of the same host and edition: an
    /// `index.php?` query that decodes to an id other than an article's (a menu, a day, a
    /// section), with the date it carries, if any. Links to other hosts or editions and to
    /// articles (see ``listing(_:)``) are left out.
    public static func navigation(_ document: HTMLDocument, language: String) -> [ListingEntry] {
        guard let here = URLComponents(string: document.url) else { return [] }
        let folder = "/\(editionPath(language))/"
        var seen: Set<String> = [document.url]
        var entries: [ListingEntry] = []
        for node in document.nodes("//a[@href]") {
            guard let href = node.attribute("href"), let url = SitePage.resolve(href, against: document.url),
                let link = URLComponents(string: url), link.host == here.host, link.port == here.port,
                link.path.hasPrefix(folder), let query = link.percentEncodedQuery, !query.isEmpty,
                let id = RodongPageID(address: query), id.article == nil, seen.insert(url).inserted
            else { continue }
            entries.append(
                ListingEntry(
                    url: url, title: TextCleanup.cleanTitle(node.text, language: language).title, date: id.date))
        }
        return entries
    }

    static func trimmed(_ base: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// Reads a day listing: every link to an article id, with the newspaper page it sits under
    /// (a heading `1면`, `Page 1` or `第1版` before it) and the date its id gives.
    public static func listing(_ document: HTMLDocument) -> ListingPage {
        var entries: [ListingEntry] = []
        var seen: Set<String> = []
        var page: Int?
        // A union is returned in document order, so headings and links interleave as printed.
        let nodes = document.nodes(
            "//a[@href] | //h1 | //h2 | //h3 | //h4 | //*[\(HTMLDocument.hasClass("page-title"))]")
        for node in nodes {
            if node.name != "a" {
                if let number = pageNumber(node.text) { page = number }
                continue
            }
            guard let href = node.attribute("href"), let url = SitePage.resolve(href, against: document.url),
                let id = RodongArticleID(address: url), seen.insert(id.encoded).inserted
            else { continue }
            let title = TextCleanup.cleanTitle(node.text, language: "ko").title
            entries.append(ListingEntry(url: url, title: title, date: id.date, page: page, section: id.genre))
        }
        return ListingPage(entries: entries)
    }

    /// `1면`, `제1면`, `Page 1`, `PAGE 1`, `第1版` → 1.
    static func pageNumber(_ text: String) -> Int? {
        let folded = DateParsing.foldFullWidthDigits(text).trimmingCharacters(in: .whitespaces)
        guard folded.count <= 12,
            let range = folded.range(
                of: #"^(제\s*)?\d{1,2}\s*면$|^[Pp][Aa][Gg][Ee]\s*\d{1,2}$|^第\s*\d{1,2}\s*版$"#, options: .regularExpression
            )
        else { return nil }
        return folded[range].split(whereSeparator: { !$0.isNumber }).first.flatMap { Int($0) }
    }

    /// Reads an article page: title (`p.TitleP`; a second title paragraph is the subtitle,
    /// kept as `title / subtitle` the way the paper's own lists print it), date
    /// (`#article-date`, else the id, else the listing), page (a `N면` mark in the article's
    /// header, else the listing), paragraphs (`p.TextP`), byline (`p.WriterP`, else a closing
    /// "본사기자 …" line) and photo captions (kept as `[사진] …` paragraphs: they are printed text).
    public static func article(
        _ document: HTMLDocument, language: String, listed: ListingEntry? = nil
    ) throws -> Article {
        guard let content = document.first("//*[@id='ContDIV']") ?? document.first("//*[@id='articleContent']") else {
            throw PageParseError.missingContent(
                in: document, expected: "the article block (div#articleContent / div#ContDIV)")
        }
        let titles = content.nodes(".//p[\(HTMLDocument.hasClass("TitleP"))]").map {
            TextCleanup.cleanTitle($0.text, language: language).title
        }
        .filter { !$0.isEmpty }
        let subtitles = content.nodes(".//p[\(HTMLDocument.hasClass("SubTitleP"))]").map {
            TextCleanup.cleanTitle($0.text, language: language).title
        }
        .filter { !$0.isEmpty }
        var paragraphs = SitePage.paragraphs(
            content.nodes(".//p[\(HTMLDocument.hasClass("TextP"))]"), language: language)
        guard let title = titles.first ?? listed?.title, !title.isEmpty else {
            throw PageParseError.missingContent(in: document, expected: "the title (p.TitleP)")
        }
        guard !paragraphs.isEmpty else {
            throw PageParseError.missingContent(in: document, expected: "the text (p.TextP)")
        }
        let fullTitle = ([title] + titles.dropFirst() + subtitles).joined(separator: " / ")
        var byline = content.first(".//p[\(HTMLDocument.hasClass("WriterP"))]")?.text
        if byline == nil, let last = paragraphs.last, isByline(last) {
            byline = last
            paragraphs.removeLast()
        }
        let captionLabel = ["ko": "사진", "zh": "图片"][language] ?? "Photo"
        let captions = document.nodes(
            "//*[@id='photoContent']//*[self::p or self::span or self::figcaption][normalize-space()]"
        )
        .map(\.text).filter { !$0.isEmpty }
        var seenCaptions: Set<String> = []
        for caption in captions where seenCaptions.insert(caption).inserted {
            paragraphs.append(
                "[\(captionLabel)] \(TextCleanup.cleanBody(caption, language: language).joined(separator: " "))")
        }
        let id = RodongArticleID(address: document.url)
        let printedDate = document.first("//*[@id='article-date']").flatMap { PageDate.parse($0.text) }
        let date = printedDate ?? id?.date ?? listed?.date
        let headerPage = document.nodes(
            "//*[@id='articleContent']//*[\(HTMLDocument.hasClass("page-no")) or @id='article-page']"
        )
        .lazy.compactMap { pageNumber($0.text) }.first
        var sections: [String] = []
        if let genre = id?.genre ?? listed?.section { sections.append(genre) }
        return Article(
            outlet: .rodong, language: language, date: date, page: headerPage ?? listed?.page, sections: sections,
            title: fullTitle, paragraphs: paragraphs, byline: byline, urls: [document.url],
            provenance: Provenance(source: document.url, locator: document.url))
    }

    /// A short closing line naming the writer: `본사기자 김철`, `글 및 사진 …`, `By …`, `本报记者 …`.
    static func isByline(_ line: String) -> Bool {
        guard line.count <= 40 else { return false }
        return ["본사기자", "특파기자", "통신원", "본사 기자", "By ", "本报记者", "本报特派记者"].contains { line.hasPrefix($0) }
            || line.hasPrefix("글 ") && line.count <= 20
    }
}
