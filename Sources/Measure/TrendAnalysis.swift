import Foundation
import SinmunCode
import SinmunCollect
import SinmunRead
import SinmunStore

/// A measuring problem with a message for the user (unknown code, empty range, ...).
public struct MeasureError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What a series counts: articles with a code, or articles matching a search.
public enum SeriesSubject: Sendable {
    case code(String, Codebook)
    case query(String)

    public var label: String {
        switch self {
        case .code(let name, _): return name
        case .query(let text): return "search: \(text)"
        }
    }
}

extension CorpusStore {
    /// The series of a code or query, per period, with exposure, share and Wilson intervals.
    public func series(
        of subject: SeriesSubject, period: Period, filter: ArticleFilter = ArticleFilter(),
        grouping: SeriesGrouping = .none, focusOnly: Bool = false
    ) throws -> [Series] {
        let articles = try datedArticles(filter: filter, withSections: grouping == .section)
        guard !articles.isEmpty else {
            throw MeasureError(try emptyRangeMessage(filter))
        }
        let hits: (DatedArticle) -> Int?
        switch subject {
        case .code(let name, let codebook):
            guard codebook.code(named: name) != nil else {
                throw MeasureError(
                    "unknown code '\(name)' in \(codebook.name); known: \(codebook.codes.map(\.name).joined(separator: ", "))"
                )
            }
            let coverage = try codingCoverage(codebook: codebook.name)
            guard coverage.coded > 0 else {
                throw MeasureError("the corpus is not coded with \(codebook.name) yet: run `sinmun code` first")
            }
            let coded = try articlesWithCode(name, codebook: codebook.name)
            hits = { article in
                guard let entry = coded[article.rowID], !focusOnly || entry.level == "focus" else { return nil }
                return entry.hits
            }
        case .query(let text):
            let query = SearchQuery(typed: text)
            guard !query.isEmpty else { throw MeasureError("nothing to search for in '\(text)'") }
            let matching = try articlesMatching(query)
            hits = { matching.contains($0.rowID) ? 0 : nil }
        }
        return SeriesBuilder.build(
            label: subject.label, articles: articles, period: period, grouping: grouping,
            from: filter.from?.isoString, to: filter.to?.isoString, hit: hits)
    }

    func emptyRangeMessage(_ filter: ArticleFilter) throws -> String {
        let stats = try statistics()
        guard let first = stats.firstDate, let last = stats.lastDate else {
            return "the corpus holds no dated articles: import an archive first"
        }
        return
            "no dated articles match (the corpus spans \(first) … \(last)\(filter.outlet.map { ", outlet \($0.rawValue)" } ?? "")\(filter.language.map { ", language \($0)" } ?? ""))"
    }
}

/// Change points and bursts of one series, with periods named.
public struct ChangeReport: Codable, Sendable {
    public struct Change: Codable, Sendable {
        /// The first period of the new regime.
        public var period: String
        public var plausibleFrom: String
        public var plausibleTo: String
        public var shareBefore: Double
        public var shareAfter: Double
        public var likelihoodRatio: Double
        public var pValue: Double
    }

    public struct BurstPeriod: Codable, Sendable {
        public var from: String
        public var to: String
        public var level: Int
        public var weight: Double
    }

    public var label: String
    public var group: String?
    public var periods: Int
    public var penaltyFactor: Double
    public var changes: [Change]
    public var bursts: [BurstPeriod]
}

public enum ChangeAnalysis {
    /// Runs both detectors on a series, skipping gaps (periods without articles).
    public static func analyse(
        _ series: Series, detector: ChangePointDetector = ChangePointDetector(),
        bursts burstDetector: BurstDetector = BurstDetector()
    ) -> ChangeReport {
        let points = series.points.filter { !$0.gap }
        let counts = points.map { $0.count ?? 0 }
        let exposures = points.map(\.exposure)
        let changes = detector.detect(counts: counts, exposures: exposures).map { change in
            ChangeReport.Change(
                period: points[change.index].period, plausibleFrom: points[change.plausibleFrom].period,
                plausibleTo: points[change.plausibleTo].period, shareBefore: change.shareBefore,
                shareAfter: change.shareAfter, likelihoodRatio: change.likelihoodRatio, pValue: change.pValue)
        }
        let bursts = burstDetector.detect(counts: counts, exposures: exposures).map {
            ChangeReport.BurstPeriod(
                from: points[$0.start].period, to: points[$0.end].period, level: $0.level, weight: $0.weight)
        }
        return ChangeReport(
            label: series.label, group: series.group, periods: points.count, penaltyFactor: detector.penaltyFactor,
            changes: changes, bursts: bursts)
    }
}

/// Before/after comparison of a code's share, and of the frames among its articles.
public struct Comparison: Codable, Sendable {
    public struct Side: Codable, Sendable {
        public var from: String
        public var to: String
        public var articles: Int
        public var count: Int
        public var share: Double?
        public var lower: Double?
        public var upper: Double?
    }

    public struct FrameShift: Codable, Sendable {
        public var code: String
        public var before: Int
        public var beforeOf: Int
        public var after: Int
        public var afterOf: Int
        public var fisher: ExactStatistics.FisherResult
        /// Pearson's chi-square (1 df) when every expected count is at least 5.
        public var chiSquare: Double?
        public var chiSquarePValue: Double?
    }

    public struct Span: Codable, Sendable {
        public var code: String
        public var first: String
        public var last: String
        public var articles: Int
    }

    public var code: String
    public var codebook: String
    public var before: Side
    public var after: Side
    /// Rate of the code per article, after ÷ before.
    public var rateRatio: ExactStatistics.RateRatio?
    /// Codes that apply within this code's articles (its frames, actors, indicators).
    public var frames: [FrameShift]
    public var spans: [Span]
}

extension CorpusStore {
    /// Compares two date ranges (inclusive, `YYYY-MM-DD`).
    public func compare(
        code: String, codebook: Codebook, before: ClosedRange<String>, after: ClosedRange<String>,
        filter: ArticleFilter = ArticleFilter()
    ) throws -> Comparison {
        guard let definition = codebook.code(named: code) else {
            throw MeasureError(
                "unknown code '\(code)' in \(codebook.name); known: \(codebook.codes.map(\.name).joined(separator: ", "))"
            )
        }
        guard try codingCoverage(codebook: codebook.name).coded > 0 else {
            throw MeasureError("the corpus is not coded with \(codebook.name) yet: run `sinmun code` first")
        }
        let articles = try datedArticles(filter: filter)
        let coded = try articlesWithCode(code, codebook: codebook.name)
        func side(_ range: ClosedRange<String>) throws -> (Comparison.Side, [DatedArticle]) {
            let inRange = articles.filter { range.contains($0.date) }
            guard !inRange.isEmpty else {
                throw MeasureError(
                    "no articles between \(range.lowerBound) and \(range.upperBound) — "
                        + (try emptyRangeMessage(filter)))
            }
            let hits = inRange.filter { coded[$0.rowID] != nil }
            let interval = AgreementStatistics.wilson(successes: hits.count, trials: inRange.count)
            return (
                Comparison.Side(
                    from: range.lowerBound, to: range.upperBound, articles: inRange.count, count: hits.count,
                    share: Double(hits.count) / Double(inRange.count), lower: interval?.lowerBound,
                    upper: interval?.upperBound), hits
            )
        }
        let (beforeSide, beforeHits) = try side(before)
        let (afterSide, afterHits) = try side(after)
        let ratio = ExactStatistics.rateRatio(
            count1: afterSide.count, exposure1: Double(afterSide.articles),
            count2: beforeSide.count, exposure2: Double(beforeSide.articles))
        var frames: [Comparison.FrameShift] = []
        for frame in codebook.codes where frame.articleRequires.contains(definition.name) {
            let withFrame = try articlesWithCode(frame.name, codebook: codebook.name)
            let a = afterHits.filter { withFrame[$0.rowID] != nil }.count
            let b = afterHits.count - a
            let c = beforeHits.filter { withFrame[$0.rowID] != nil }.count
            let d = beforeHits.count - c
            let fisher = ExactStatistics.fisherExact(a, b, c, d)
            var chi: Double?
            var chiP: Double?
            let n = Double(a + b + c + d)
            if n > 0 {
                let rows = [Double(a + b), Double(c + d)]
                let cols = [Double(a + c), Double(b + d)]
                let expected = rows.flatMap { r in cols.map { r * $0 / n } }
                if expected.allSatisfy({ $0 >= 5 }) {
                    let observed = [a, b, c, d].map(Double.init)
                    chi = zip(observed, expected).reduce(0) { $0 + pow($1.0 - $1.1, 2) / $1.1 }
                    chiP = ExactStatistics.chiSquare1Survival(chi!)
                }
            }
            frames.append(
                .init(
                    code: frame.name, before: c, beforeOf: beforeHits.count, after: a, afterOf: afterHits.count,
                    fisher: fisher, chiSquare: chi, chiSquarePValue: chiP))
        }
        let spans = try codeSpans(codebook: codebook.name).map {
            Comparison.Span(code: $0.key, first: $0.value.first, last: $0.value.last, articles: $0.value.articles)
        }
        .sorted { a, b in
            (codebook.codes.firstIndex { $0.name == a.code } ?? 0)
                < (codebook.codes.firstIndex { $0.name == b.code } ?? 0)
        }
        return Comparison(
            code: code, codebook: codebook.name, before: beforeSide, after: afterSide, rateRatio: ratio,
            frames: frames, spans: spans)
    }
}
