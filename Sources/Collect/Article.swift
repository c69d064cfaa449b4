import Foundation

/// A news organisation whose articles Sinmun reads.
///
/// Known outlets have fixed identifiers (`rodong`, `kcna`); any other name is kept as a
/// lower-cased slug so that a user's own archives can carry their own outlet.
public struct Outlet: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The identifier stored with each article: `rodong`, `kcna`, or a lower-cased slug.
    public let rawValue: String
    /// Takes the identifier as given; use ``init(name:)`` to read an archive's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Rodong Sinmun (로동신문), the Workers' Party daily.
    public static let rodong = Outlet(rawValue: "rodong")
    /// The Korean Central News Agency (조선중앙통신).
    public static let kcna = Outlet(rawValue: "kcna")
    /// Used when a source does not say who published it.
    public static let unknown = Outlet(rawValue: "unknown")

    /// Reads the many ways archives spell an outlet: `KCNA`, `Korean Central News Agency`,
    /// `조선중앙통신`, `Rodong Sinmun`, `로동신문`, `rodong.rep.kp` ...
    public init(name: String) {
        let key = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let compact = Self.compact(key)
        if compact.isEmpty {
            self = .unknown
        } else if let known = Self.knownKeys[compact] {
            self = known
        } else {
            self.init(rawValue: String(key.map { $0.isLetter || $0.isNumber ? $0 : "-" }))
        }
    }

    /// How sources write the known outlets' names (besides the identifiers `kcna` and `rodong`): ``init(name:)``
    /// reads them ignoring case, spaces, dots, dashes and underscores, and ``mentioned(in:)`` finds them in text.
    static let knownNames: [(outlet: Outlet, names: [String])] = [
        (.kcna, ["KCNA", "kcna.kp", "Korean Central News Agency", "조선중앙통신", "조선중앙통신사"]),
        (.rodong, ["Rodong Sinmun", "Nodong Sinmun", "rodong.rep.kp", "로동신문", "노동신문"]),
    ]

    /// The identifiers and known names, compacted, with their outlet.
    private static let knownKeys: [String: Outlet] = Dictionary(
        knownNames.flatMap { outlet, names in ([outlet.rawValue] + names).map { (compact($0.lowercased()), outlet) } },
        uniquingKeysWith: { first, _ in first })

    private static func compact(_ key: String) -> String {
        key.filter { !$0.isWhitespace && $0 != "-" && $0 != "_" && $0 != "." }
    }

    /// A name fit for a reader.
    public var displayName: String {
        switch self {
        case .rodong: return "Rodong Sinmun"
        case .kcna: return "KCNA"
        default: return rawValue
        }
    }

    /// The identifier, as stored.
    public var description: String { rawValue }
    /// Orders outlets by identifier, so tables list them the same way every time.
    public static func < (a: Outlet, b: Outlet) -> Bool { a.rawValue < b.rawValue }
}

/// A calendar date of publication, with how much of it the source actually gave.
///
/// A New Year address file named `1987.txt` yields 1987-01-01 with `.year` precision, so
/// monthly counts can tell it apart from an article known to the day.
public struct PublicationDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// How much of the date the source gave: the day, only the month, or only the year.
    public enum Precision: String, Sendable, Codable { case day, month, year }

    /// The year, 1000 to 9999.
    public let year: Int
    /// The month, 1 to 12 (1 when only the year is known).
    public let month: Int
    /// The day of the month (1 when only the month or year is known).
    public let day: Int
    /// Which of the fields the source actually gave.
    public let precision: Precision

    /// Returns nil for impossible dates (month 13, February 30, year 0).
    public init?(year: Int, month: Int = 1, day: Int = 1, precision: Precision = .day) {
        guard (1000...9999).contains(year), (1...12).contains(month),
            (1...PublicationDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.precision = precision
    }

    /// The last day of the period the date stands for: itself for a day, the month's last day
    /// for a month, 31 December for a year (a `--to 2024-02` means up to 2024-02-29).
    public var endOfPeriod: PublicationDate {
        switch precision {
        case .day: return self
        case .month: return PublicationDate(year: year, month: month, day: Self.daysIn(month: month, year: year))!
        case .year: return PublicationDate(year: year, month: 12, day: 31)!
        }
    }

    /// The following calendar day (at day precision); nil after 9999-12-31.
    public var nextDay: PublicationDate? {
        if day < Self.daysIn(month: month, year: year) {
            return PublicationDate(year: year, month: month, day: day + 1)
        }
        if month < 12 { return PublicationDate(year: year, month: month + 1, day: 1) }
        return PublicationDate(year: year + 1, month: 1, day: 1)
    }

    /// `YYYY-MM-DD`, the form stored and printed everywhere.
    public var isoString: String {
        // Built by hand: an import formats every article's date several times, and
        // `String(format:)` cost 2% of its reading thread.
        Self.digits([year, month, day], widths: [4, 2, 2])
    }

    /// `YYYY-MM`, the key of monthly counts.
    public var monthKey: String { Self.digits([year, month], widths: [4, 2]) }

    /// Fields zero-padded to their widths, joined by hyphens. The initialiser's bounds keep
    /// every field non-negative and within its width.
    private static func digits(_ fields: [Int], widths: [Int]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        for (index, (field, width)) in zip(fields, widths).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "-")) }
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = field
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `YYYY-MM-DD`, as ``isoString``.
    public var description: String { isoString }

    /// Calendar order; precision is ignored (1987 with year precision sorts as 1987-01-01).
    public static func < (a: PublicationDate, b: PublicationDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Where a record came from: the file (or crawl) and the place inside it.
public struct Provenance: Hashable, Sendable {
    /// The file path or URL the record was read from.
    public var source: String
    /// The record's place in it: `line 12`, `record 7`, or a file name inside a folder.
    public var locator: String

    /// Names the source and the record's place in it.
    public init(source: String, locator: String) {
        self.source = source
        self.locator = locator
    }
}

/// One article as an importer read it, cleaned but not yet deduplicated.
///
/// The store merges articles that are the same text listed under several sections or
/// addresses; see ``identityKey`` for what "the same" means.
public struct Article: Hashable, Sendable {
    /// Who published it: Rodong Sinmun, KCNA, or a user's own outlet.
    public var outlet: Outlet
    /// The edition's language as a short code: `ko`, `en`, `zh` ...
    public var language: String
    /// The date of publication; nil when the source gave none that could be read.
    public var date: PublicationDate?
    /// The newspaper page it was printed on, where the source says (Rodong Sinmun's six pages).
    public var page: Int?
    /// Sections (KCNA topics, Rodong pages' rubrics) the article was listed under.
    public var sections: [String]
    /// The headline, cleaned, with any date stamp (`[Juche113.1.2.]`) removed.
    public var title: String
    /// The body's paragraphs, in order, each cleaned; never empty strings.
    public var paragraphs: [String]
    /// The author or reporter line, where the source gives one.
    public var byline: String?
    /// Every address the article was seen at.
    public var urls: [String]
    /// The file (or crawl) and the place in it this record was read from.
    public var provenance: Provenance
    /// True for generated benchmark text (`sinmun bench scale`), never state media.
    public var synthetic = false

    /// Makes an article; empty paragraphs are dropped.
    public init(
        outlet: Outlet, language: String, date: PublicationDate?, page: Int? = nil,
        sections: [String] = [], title: String, paragraphs: [String], byline: String? = nil,
        urls: [String] = [], provenance: Provenance
    ) {
        self.outlet = outlet
        self.language = language
        self.date = date
        self.page = page
        self.sections = sections
        self.title = title
        self.paragraphs = paragraphs.filter { !$0.isEmpty }
        self.byline = byline
        self.urls = urls
        self.provenance = provenance
    }

    /// The body text: paragraphs separated by a newline.
    public var body: String { paragraphs.joined(separator: "\n") }

    /// True for headline-only items (KCNA photo and video pages have no text).
    public var hasBody: Bool { !paragraphs.isEmpty }

    /// What makes two records the same article: outlet, edition, date, title and body,
    /// with whitespace differences ignored. Headline-only items are keyed by outlet, edition,
    /// date and title. Sections, addresses and provenance are not part of it: they are what
    /// cross-listed copies differ in, and they are merged.
    public var identityKey: String {
        let date = self.date?.isoString ?? "-"
        // Folding each paragraph and joining with one space equals folding the joined body,
        // and each paragraph is usually already clean (a fast check, not a rebuild).
        let folded = paragraphs.lazy.map(Fingerprint.whitespaceFolded).filter { !$0.isEmpty }.joined(separator: " ")
        return [outlet.rawValue, language, date, Fingerprint.whitespaceFolded(title), folded].joined(
            separator: "\u{1F}")
    }

    /// A stable 16-hex-digit id derived from ``identityKey``: the same article gets the same
    /// id in every database and on every re-import.
    public var stableID: String { String(Fingerprint.sha256Hex(identityKey).prefix(16)) }

    /// SHA-256 of title and body, to tell a revised text from an unchanged one.
    public var contentHash: String { Fingerprint.sha256Hex(title + "\n" + body) }
}
