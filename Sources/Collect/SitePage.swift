import Foundation

/// One article link found on a listing page, with what the listing says about it.
public struct ListingEntry: Hashable, Sendable, Codable {
    /// Absolute address of the article page.
    public var url: String
    /// The headline as the listing prints it.
    public var title: String
    /// The date the listing (or, for Rodong Sinmun, the article id in the link) gives.
    public var date: PublicationDate?
    /// The newspaper page (1–6 for Rodong Sinmun) when the listing gives it.
    public var page: Int?
    /// The section or rubric the listing filed it under.
    public var section: String?
    /// For a page reached through the site's navigation, how many links from the home page
    /// (home 0, a menu 1, a date listing 2): kept in the ledger so a resumed crawl stops at
    /// the same depth. Nil for articles and for entries queued before depths were kept.
    public var depth: Int?

    /// An entry as a parser found it.
    public init(
        url: String, title: String, date: PublicationDate? = nil, page: Int? = nil, section: String? = nil,
        depth: Int? = nil
    ) {
        self.url = url
        self.title = title
        self.date = date
        self.page = page
        self.section = section
        self.depth = depth
    }

    enum CodingKeys: String, CodingKey { case url, title, date, page, section, depth }

    /// Reads an entry kept in the crawl ledger; the date is stored as `YYYY-MM-DD`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        title = try c.decode(String.self, forKey: .title)
        date = try c.decodeIfPresent(String.self, forKey: .date).flatMap(DateParsing.parse)
        page = try c.decodeIfPresent(Int.self, forKey: .page)
        section = try c.decodeIfPresent(String.self, forKey: .section)
        depth = try c.decodeIfPresent(Int.self, forKey: .depth)
    }

    /// Writes the entry with its date as `YYYY-MM-DD`, absent fields left out.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(date?.isoString, forKey: .date)
        try c.encodeIfPresent(page, forKey: .page)
        try c.encodeIfPresent(section, forKey: .section)
        try c.encodeIfPresent(depth, forKey: .depth)
    }
}

/// What a listing page holds: its article links and the address of the next listing page.
public struct ListingPage: Sendable, Equatable {
    /// The article links, in the listing's order.
    public var entries: [ListingEntry]
    /// The following page of the same listing (older items), when it links one.
    public var next: String?

    /// A listing page's links and, if any, the next page's address.
    public init(entries: [ListingEntry], next: String? = nil) {
        self.entries = entries
        self.next = next
    }
}

/// Pieces both sites' page parsers share.
enum SitePage {
    /// An address as written in a page, made absolute against the page's own address.
    static func resolve(_ href: String, against base: String) -> String? {
        let trimmed = href.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.lowercased().hasPrefix("javascript:"),
            !trimmed.lowercased().hasPrefix("mailto:")
        else { return nil }
        guard let url = URL(string: trimmed, relativeTo: URL(string: base)) else { return nil }
        let absolute = url.absoluteString
        return absolute.hasPrefix("http://") || absolute.hasPrefix("https://") ? absolute : nil
    }

    /// A page whose `<title>` or main heading says it is an error, served with status 200.
    static func errorPageTitle(_ document: HTMLDocument) -> String? {
        let title = document.first("//title")?.text ?? ""
        let heading = document.first("//h1")?.text ?? ""
        for text in [title, heading] where !text.isEmpty {
            let lower = text.lowercased()
            let markers = ["404", "not found", "error", "오류", "페지를 찾을수 없", "페이지를 찾을 수 없", "错误", "找不到"]
            if markers.contains(where: { lower.contains($0) }) { return text }
        }
        return nil
    }

    /// The cleaned paragraphs of a list of nodes, empty ones dropped.
    static func paragraphs(_ nodes: [HTMLNode], language: String) -> [String] {
        nodes.flatMap { TextCleanup.cleanBody($0.text, language: language) }
    }
}

/// Dates as the two sites print them.
public enum PageDate {
    /// Reads `주체113(2024)년 4월 1일 월요일`, `Juche 113 (2024), April 1`, `[Juche113.4.1.]`,
    /// `2024.04.01`, `2024-04-01`, `2024년 4월 1일` and full-width digits; nil otherwise.
    public static func parse(_ raw: String) -> PublicationDate? {
        let text = DateParsing.foldFullWidthDigits(raw)
        // "(2024)" after a Juche year: the Gregorian year is given; month and day follow.
        if let open = text.range(of: #"\((1[89]|20)\d\d\)"#, options: .regularExpression) {
            let year = Int(text[open].dropFirst().dropLast())!
            let rest = text[open.upperBound...]
            if let month = englishMonth(in: rest) {
                let day = rest.split(whereSeparator: { !$0.isNumber }).first.flatMap { Int($0) }
                if let day { return PublicationDate(year: year, month: month, day: day) }
            }
            let numbers = rest.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
            if numbers.count == 2 { return PublicationDate(year: year, month: numbers[0], day: numbers[1]) }
        }
        if let stamp = text.range(of: #"Juche ?\d{2,3}\.\d{1,2}\.\d{1,2}"#, options: .regularExpression) {
            return JucheCalendar.parseStamp(text[stamp].replacingOccurrences(of: " ", with: "")[...])
        }
        if let range = text.range(
            of: #"(1[89]|20)\d\d\s*[-./년]\s*\d{1,2}\s*[-./월]\s*\d{1,2}"#, options: .regularExpression)
        {
            let numbers = text[range].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if numbers.count == 3 { return PublicationDate(year: numbers[0], month: numbers[1], day: numbers[2]) }
        }
        return nil
    }

    private static func englishMonth(in text: Substring) -> Int? {
        let lower = text.lowercased()
        let months = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        return months.firstIndex(where: { lower.contains($0) }).map { $0 + 1 }
    }
}

extension PageParseError {
    /// The error for a page that stops before `</html>` (cut off in transit or when saved),
    /// nil for a complete one.
    public static func truncation(of body: Data, url: String) -> PageParseError? {
        let tail = String(decoding: body.suffix(2048), as: UTF8.self).lowercased()
        if tail.contains("</html>") { return nil }
        return PageParseError(url: url, reason: "truncated page: \(body.count) bytes and no closing </html>")
    }

    /// The error for a page that lacks the block a parser looks for: an error page served
    /// with status 200 when its title or heading says so, else an unexpected layout.
    public static func missingContent(in document: HTMLDocument, expected: String) -> PageParseError {
        if let title = SitePage.errorPageTitle(document) {
            return PageParseError(
                url: document.url, reason: "an error page served as a normal page (title: \(title.prefix(80)))")
        }
        return PageParseError(
            url: document.url,
            reason: "unexpected layout: \(expected) not found (page changed, truncated, or not an article)")
    }
}
