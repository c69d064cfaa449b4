import Foundation
import SinmunCode
import SinmunStore

/// The calendar unit of a series.
public enum Period: String, CaseIterable, Sendable, Codable {
    case day, week, month, quarter, year

    /// The period holding an ISO date: `2024-08-26` → `2024-08` (month), `2024-W35` (ISO
    /// week), `2024-Q3`, `2024`.
    public func key(for date: String) -> String {
        let year = date.prefix(4)
        let month = Int(date.dropFirst(5).prefix(2)) ?? 1
        switch self {
        case .day: return String(date.prefix(10))
        case .month: return String(date.prefix(7))
        case .quarter: return "\(year)-Q\((month - 1) / 3 + 1)"
        case .year: return String(year)
        case .week:
            guard let day = Self.date(date) else { return String(date.prefix(10)) }
            let parts = Self.isoCalendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: day)
            return String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0)
        }
    }

    /// Whether an article dated with this precision can be placed in this period unit (a
    /// year-only date cannot be placed in a month).
    public func accepts(precision: String) -> Bool {
        switch (self, precision) {
        case (_, "day"): return true
        case (.day, _), (.week, _): return false
        case (.month, "month"), (.quarter, "month"), (.year, "month"): return true
        case (.year, "year"): return true
        default: return false
        }
    }

    /// Every period key from the one holding `from` to the one holding `to`, in order.
    public func keys(from: String, to: String) -> [String] {
        guard var day = Self.date(from), let end = Self.date(to) else { return [] }
        var keys: [String] = []
        let last = key(for: to)
        let step: Calendar.Component = self == .day ? .day : self == .week ? .day : .month
        let amount = self == .day ? 1 : self == .week ? 7 : 1
        while day <= end || keys.last != last {
            let k = key(for: Self.iso(day))
            if keys.last != k { keys.append(k) }
            if k == last { break }
            day = Self.isoCalendar.date(byAdding: step, value: amount, to: day)!
            if keys.count > 200_000 { break }
        }
        return keys
    }

    static let isoCalendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func date(_ iso: String) -> Date? {
        let parts = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return isoCalendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    static func iso(_ date: Date) -> String {
        let parts = isoCalendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}

/// One period of a series.
public struct SeriesPoint: Codable, Sendable, Equatable {
    /// The period's key (``Period/key(for:)``): `2024-03-01`, `2024-W09`, `2024-03`, `2024-Q1`, `2024`.
    public var period: String
    /// Articles in the period with the code (or matching the query); nil in a gap.
    public var count: Int?
    /// Sentences that earned the code in those articles (codes only).
    public var sentences: Int?
    /// All articles of the period under the same filters: the denominator.
    public var exposure: Int
    /// count / exposure; nil in a gap.
    public var share: Double?
    /// 95% Wilson interval of the share.
    public var lower: Double?
    /// Upper end of that interval.
    public var upper: Double?
    /// True when the corpus holds no article in the period: not a zero, a hole in the data.
    public var gap: Bool
}

/// A series for one group (all articles, or one outlet, language or section).
public struct Series: Codable, Sendable {
    /// What is counted: a code's name or a query.
    public var label: String
    /// The length of its periods.
    public var period: Period
    /// `outlet=kcna` and the like when the series is split; nil for everything together.
    public var group: String?
    /// Every period from the first to the last, gaps included, in order.
    public var points: [SeriesPoint]
    /// Articles left out because their date is coarser than the period (a year-only date
    /// cannot be placed in a month).
    public var imprecise: Int

    /// Articles counted over all periods.
    public var total: Int { points.reduce(0) { $0 + ($1.count ?? 0) } }
    /// Articles under the filters over all periods: the denominator of the overall share.
    public var totalExposure: Int { points.reduce(0) { $0 + $1.exposure } }
}

/// How to split a series.
public enum SeriesGrouping: String, CaseIterable, Sendable {
    case none, outlet, lang, section
}

/// Turns dated articles into series of counts and shares per period.
public enum SeriesBuilder {
    /// Builds series: `hit` says whether an article counts and with how many sentence hits.
    public static func build(
        label: String, articles: [DatedArticle], period: Period, grouping: SeriesGrouping = .none,
        from: String? = nil, to: String? = nil, hit: (DatedArticle) -> Int?
    ) -> [Series] {
        let placed = articles.filter { period.accepts(precision: $0.precision) }
        let imprecise = articles.count - placed.count
        guard let first = from ?? placed.first?.date, let last = to ?? placed.last?.date else {
            return [Series(label: label, period: period, group: nil, points: [], imprecise: imprecise)]
        }
        let keys = period.keys(from: first, to: last)
        func groups(of article: DatedArticle) -> [String?] {
            switch grouping {
            case .none: return [nil]
            case .outlet: return ["outlet=\(article.outlet)"]
            case .lang: return ["lang=\(article.language)"]
            case .section:
                return article.sections.isEmpty ? ["section=(none)"] : article.sections.map { "section=\($0)" }
            }
        }
        var exposure: [String?: [String: Int]] = [:]
        var counts: [String?: [String: Int]] = [:]
        var sentences: [String?: [String: Int]] = [:]
        for article in placed {
            let key = period.key(for: article.date)
            let hits = hit(article)
            for group in groups(of: article) {
                exposure[group, default: [:]][key, default: 0] += 1
                if let hits {
                    counts[group, default: [:]][key, default: 0] += 1
                    sentences[group, default: [:]][key, default: 0] += hits
                }
            }
        }
        let groupNames = exposure.keys.sorted { ($0 ?? "") < ($1 ?? "") }
        return (groupNames.isEmpty ? [nil] : groupNames).map { group in
            let points = keys.map { key -> SeriesPoint in
                let n = exposure[group]?[key] ?? 0
                guard n > 0 else {
                    return SeriesPoint(
                        period: key, count: nil, sentences: nil, exposure: 0, share: nil, lower: nil, upper: nil,
                        gap: true)
                }
                let x = counts[group]?[key] ?? 0
                let interval = AgreementStatistics.wilson(successes: x, trials: n)
                return SeriesPoint(
                    period: key, count: x, sentences: sentences[group]?[key] ?? 0, exposure: n,
                    share: Double(x) / Double(n),
                    lower: interval?.lowerBound, upper: interval?.upperBound, gap: false)
            }
            return Series(label: label, period: period, group: group, points: points, imprecise: imprecise)
        }
    }

    /// A one-line chart: ▁▂▃▄▅▆▇█ by value, a space for a gap.
    public static func sparkline(_ values: [Double?]) -> String {
        let bars = Array("▁▂▃▄▅▆▇█")
        let top = values.compactMap { $0 }.max() ?? 0
        return String(
            values.map { value -> Character in
                guard let value else { return " " }
                guard top > 0 else { return bars[0] }
                return bars[min(bars.count - 1, Int((value / top) * Double(bars.count - 1) + 0.5))]
            })
    }
}

extension Period {
    /// The ISO date before `iso`.
    public static func dayBefore(_ iso: String) -> String {
        guard let day = date(iso), let previous = isoCalendar.date(byAdding: .day, value: -1, to: day) else {
            return iso
        }
        return self.iso(previous)
    }
}

extension Period {
    /// The first day of a period key: `2024-08` → `2024-08-01`, `2024-Q3` → `2024-07-01`,
    /// `2024` → `2024-01-01`, `2024-W35` → its Monday.
    public static func firstDay(of key: String) -> String {
        if key.count == 10 { return key }
        if key.count == 4 { return key + "-01-01" }
        if key.contains("-Q"), let q = Int(key.suffix(1)) {
            return String(format: "%@-%02d-01", String(key.prefix(4)), (q - 1) * 3 + 1)
        }
        if key.contains("-W"), let year = Int(key.prefix(4)), let week = Int(key.suffix(2)),
            let day = isoCalendar.date(from: DateComponents(weekday: 2, weekOfYear: week, yearForWeekOfYear: year))
        {
            return iso(day)
        }
        return key + "-01"
    }
}
