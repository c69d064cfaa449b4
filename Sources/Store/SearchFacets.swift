import Foundation

/// The full-text index's third column, `facets`: tokens for an article's publication year, month
/// and day, its outlet and its edition, so that the filters a search takes are answered by the
/// index itself.
///
/// A filter used to be checked by joining every match to the articles: a word found in a third
/// of a million-article corpus, limited to one year, joined 335,000 matches to keep 9,000
/// (~200 ms). As facet tokens, the year is one more posting list, which FTS5 intersects with the
/// query's by skipping through both. The column's weight in BM25 is zero (its five tokens still
/// count in a document's length, a fraction of a percent of an article's), and a typed word
/// shaped like a facet is confined to the title and body, so no typed word can match one.
///
/// Tokens are letters then digits only (`y2024`, `m202403`, `d20240315`, outlets and editions as
/// the decimal values of their UTF-8 bytes), which the Porter stemmer leaves alone.
enum SearchFacets {
    /// True for a typed token that is, or could stem to, a facet: one of `y m d o l`, then a
    /// digit (`y2024`, and `y2024s`, which Porter may cut back to it).
    static func isFacetShaped(_ token: String) -> Bool {
        // Folded as the index's tokenizer folds (`ÿ2020` is indexed as `y2020`).
        let folded = token.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        let scalars = Array(folded.unicodeScalars.prefix(2))
        return scalars.count == 2 && "ymdol".unicodeScalars.contains(scalars[0]) && ("0"..."9").contains(scalars[1])
    }

    /// The `facets` text of an article with this `YYYY-MM-DD` date (or none), outlet and edition.
    static func tokens(date: String?, outlet: String, language: String) -> String {
        var tokens: [String] = []
        if let day = Day(date) { tokens += [year(day.year), month(day.year, day.month), self.day(day)] }
        tokens += [outletToken(outlet), languageToken(language)]
        return tokens.joined(separator: " ")
    }

    /// A date as the index's tokens read it.
    struct Day: Comparable {
        var year: Int
        var month: Int
        var day: Int

        init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// A `YYYY-MM-DD` date; nil for anything else.
        init?(_ text: String?) {
            guard let text else { return nil }
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
            else { return nil }
            self.init(year: year, month: month, day: day)
        }

        static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
    }

    static func year(_ year: Int) -> String { "y" + pad(year, 4) }
    static func month(_ year: Int, _ month: Int) -> String { "m" + pad(year, 4) + pad(month, 2) }
    static func day(_ day: Day) -> String { "d" + pad(day.year, 4) + pad(day.month, 2) + pad(day.day, 2) }
    static func outletToken(_ outlet: String) -> String { "o" + bytes(outlet) }
    static func languageToken(_ language: String) -> String { "l" + bytes(language) }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func bytes(_ text: String) -> String { text.utf8.map { pad(Int($0), 3) }.joined() }

    /// The facet tokens whose union is exactly the days from `from` through `to` (both
    /// included): whole years, whole months and single days, fewest first. A month's day tokens
    /// run to the 31st whatever its length (a day that does not exist matches nothing).
    static func range(from: Day, to: Day) -> [String] {
        guard from <= to else { return [] }
        if from.year == to.year {
            if from.month == 1 && from.day == 1 && to.month == 12 && to.day == 31 { return [year(from.year)] }
            if from.month == to.month { return days(from.year, from.month, from.day...to.day) }
            return days(from.year, from.month, from.day...31)
                + (from.month + 1..<to.month).map { month(from.year, $0) }
                + days(to.year, to.month, 1...to.day)
        }
        return range(from: from, to: Day(year: from.year, month: 12, day: 31))
            + (from.year + 1..<to.year).map(year)
            + range(from: Day(year: to.year, month: 1, day: 1), to: to)
    }

    /// The days of one month as one month token when they are all of it, else day tokens.
    private static func days(_ year: Int, _ month: Int, _ days: ClosedRange<Int>) -> [String] {
        if days == 1...31 { return [self.month(year, month)] }
        return days.map { day(Day(year: year, month: month, day: $0)) }
    }
}
