import Foundation
import SinmunCode
import SinmunCollect
import SinmunRead
import SinmunStore

/// A measuring problem (unknown code, empty range, ...); its description is a message for the user.
public enum MeasureError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The code is not in the codebook, which has the codes `known`.
    case unknownCode(String, codebook: String, known: [String])
    /// No article has been coded with the codebook yet.
    case notCoded(codebook: String)
    /// The search text holds nothing to search for.
    case emptyQuery(String)
    /// No dated article passes the filter. `corpus`: the first and last dates of the whole corpus (nil when it
    /// holds no dated articles); `outlet` and `language`: the filter's.
    case noArticles(corpus: ClosedRange<String>?, outlet: Outlet?, language: String?)
    /// A range to compare holds no article that passes the filter (`corpus`, `outlet`, `language` as for
    /// ``noArticles(corpus:outlet:language:)``).
    case emptyRange(ClosedRange<String>, corpus: ClosedRange<String>?, outlet: Outlet?, language: String?)

    /// The message, with what to do next where there is something to do.
    public var description: String {
        switch self {
        case .unknownCode(let name, let codebook, let known):
            return "unknown code '\(name)' in \(codebook); known: \(known.joined(separator: ", "))"
        case .notCoded(let codebook):
            return "the corpus is not coded with \(codebook) yet: run `sinmun code` first"
        case .emptyQuery(let text):
            return "nothing to search for in '\(text)'"
        case .noArticles(let corpus, let outlet, let language):
            return Self.noArticlesMessage(corpus: corpus, outlet: outlet, language: language)
        case .emptyRange(let range, let corpus, let outlet, let language):
            return "no articles between \(range.lowerBound) and \(range.upperBound) — "
                + Self.noArticlesMessage(corpus: corpus, outlet: outlet, language: language)
        }
    }

    private static func noArticlesMessage(corpus: ClosedRange<String>?, outlet: Outlet?, language: String?) -> String {
        guard let corpus else { return "the corpus holds no dated articles: import an archive first" }
        let outletPart = outlet.map { ", outlet \($0.rawValue)" } ?? ""
        let languagePart = language.map { ", language \($0)" } ?? ""
        return "no dated articles match (the corpus spans \(corpus.lowerBound) … \(corpus.upperBound)"
            + "\(outletPart)\(languagePart))"
    }
}

/// What a series counts: articles with a code, or articles matching a search.
public enum SeriesSubject: Sendable {
    /// Articles the codebook gave this code (at any level).
    case code(String, Codebook)
    /// Articles matching this search, typed as for `sinmun search`.
    case query(String)

    /// The series' label: the code's name, or `search: TEXT`.
    public var label: String {
        switch self {
        case .code(let name, _): return name
        case .query(let text): return "search: \(text)"
        }
    }
}

extension MeasureBackend {
    /// The series of a code or query, per period, with exposure, share and Wilson intervals.
    public func series(
        of subject: SeriesSubject, period: Period, filter: ArticleFilter = ArticleFilter(),
        grouping: SeriesGrouping = .none, focusOnly: Bool = false
    ) throws -> [Series] {
        let articles = try datedArticles(filter: filter, withSections: grouping == .section)
        guard !articles.isEmpty else {
            throw MeasureError.noArticles(
                corpus: try dateRange(), outlet: filter.outlet, language: filter.language)
        }
        let hits: (DatedArticle) -> Int?
        switch subject {
        case .code(let name, let codebook):
            guard codebook.code(named: name) != nil else { throw MeasureError.unknownCode(name, in: codebook) }
            let coverage = try codingCoverage(codebook: codebook.name)
            guard coverage.coded > 0 else { throw MeasureError.notCoded(codebook: codebook.name) }
            let coded = try articlesWithCode(name, codebook: codebook.name)
            hits = { article in
                guard let entry = coded[article.rowID], !focusOnly || entry.level == "focus" else { return nil }
                return entry.hits
            }
        case .query(let text):
            let query = SearchQuery(typed: text)
            guard !query.isEmpty else { throw MeasureError.emptyQuery(text) }
            let matching = try articlesMatching(query)
            hits = { matching.contains($0.rowID) ? 0 : nil }
        }
        return SeriesBuilder.build(
            label: subject.label, articles: articles, period: period, grouping: grouping,
            from: filter.from?.isoString, to: filter.to?.isoString, hit: hits)
    }

}

extension MeasureError {
    /// The code is not in this codebook (whose codes the error lists).
    public static func unknownCode(_ name: String, in codebook: Codebook) -> MeasureError {
        .unknownCode(name, codebook: codebook.name, known: codebook.codes.map(\.name))
    }
}

/// Change points and bursts of one series, with periods named.
public struct ChangeReport: Codable, Sendable {
    /// A change point: the share moved from one level to another.
    public struct Change: Codable, Sendable {
        /// The first period of the new regime.
        public var period: String
        /// The earliest period where the change plausibly is.
        public var plausibleFrom: String
        /// The latest period where the change plausibly is.
        public var plausibleTo: String
        /// The share over the segment before.
        public var shareBefore: Double
        /// The share over the segment from ``period`` on.
        public var shareAfter: Double
        /// How much better two segments explain the counts than one (likelihood-ratio statistic).
        public var likelihoodRatio: Double
        /// Its nominal p-value: optimistic, since the position was chosen as the best.
        public var pValue: Double
    }

    /// A burst: a run of periods when the subject came up far more often than usual.
    public struct BurstPeriod: Codable, Sendable {
        /// The burst's first period.
        public var from: String
        /// The burst's last period (inclusive).
        public var to: String
        /// How intense it was: 1 is the first state above base.
        public var level: Int
        /// Kleinberg's weight: how much better the burst explains the run, a measure of confidence.
        public var weight: Double
    }

    /// The series' label: a code or a search.
    public var label: String
    /// The group, when the series was split (`outlet=kcna`).
    public var group: String?
    /// Periods analysed (gaps left out).
    public var periods: Int
    /// The change-point penalty factor used (`--penalty`).
    public var penaltyFactor: Double
    /// The change points, in time order.
    public var changes: [Change]
    /// The bursts, in time order.
    public var bursts: [BurstPeriod]
}

/// Finds where a series changes and when it bursts.
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
    /// One of the two date ranges compared.
    public struct Side: Codable, Sendable {
        /// First day, `YYYY-MM-DD`.
        public var from: String
        /// Last day, `YYYY-MM-DD` (inclusive).
        public var to: String
        /// Articles in the range under the filters.
        public var articles: Int
        /// Those with the code.
        public var count: Int
        /// count / articles.
        public var share: Double?
        /// 95% Wilson interval of the share.
        public var lower: Double?
        /// Upper end of that interval.
        public var upper: Double?
    }

    /// How often a frame accompanies the code before and after: is the shift more than chance?
    public struct FrameShift: Codable, Sendable {
        /// The frame's code (`state_led`).
        public var code: String
        /// Articles with the code and this frame, before.
        public var before: Int
        /// Articles with the code, before.
        public var beforeOf: Int
        /// Articles with the code and this frame, after.
        public var after: Int
        /// Articles with the code, after.
        public var afterOf: Int
        /// Fisher's exact test of the shift, with the odds ratio (after against before).
        public var fisher: ExactStatistics.FisherResult
        /// Pearson's chi-square (1 df) when every expected count is at least 5.
        public var chiSquare: Double?
        /// Its p-value, when computed.
        public var chiSquarePValue: Double?
    }

    /// When a code first and last appeared in the corpus.
    public struct Span: Codable, Sendable {
        /// The code's name.
        public var code: String
        /// Date of the first article with it.
        public var first: String
        /// Date of the last article with it.
        public var last: String
        /// Articles with it in all.
        public var articles: Int
    }

    /// The code compared.
    public var code: String
    /// The codebook it belongs to.
    public var codebook: String
    /// The earlier range.
    public var before: Side
    /// The later range.
    public var after: Side
    /// Rate of the code per article, after ÷ before.
    public var rateRatio: ExactStatistics.RateRatio?
    /// Codes that apply within this code's articles (its frames, actors, indicators).
    public var frames: [FrameShift]
    /// First and last appearance of each code the corpus holds, in codebook order.
    public var spans: [Span]
}

extension MeasureBackend {
    /// Compares two date ranges (inclusive, `YYYY-MM-DD`).
    public func compare(
        code: String, codebook: Codebook, before: ClosedRange<String>, after: ClosedRange<String>,
        filter: ArticleFilter = ArticleFilter()
    ) throws -> Comparison {
        guard let definition = codebook.code(named: code) else { throw MeasureError.unknownCode(code, in: codebook) }
        guard try codingCoverage(codebook: codebook.name).coded > 0 else {
            throw MeasureError.notCoded(codebook: codebook.name)
        }
        let articles = try datedArticles(filter: filter, withSections: false)
        let coded = try articlesWithCode(code, codebook: codebook.name)
        func side(_ range: ClosedRange<String>) throws -> (Comparison.Side, [DatedArticle]) {
            let inRange = articles.filter { range.contains($0.date) }
            guard !inRange.isEmpty else {
                throw MeasureError.emptyRange(
                    range, corpus: try dateRange(), outlet: filter.outlet, language: filter.language)
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
