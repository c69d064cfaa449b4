import Foundation
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunStore

/// Everything a study report shows, computed once and rendered three ways (HTML, Markdown,
/// JSON) so the figures agree by construction.
public struct StudyReport: Codable, Sendable {
    public struct Count: Codable, Sendable {
        public var key: String
        public var articles: Int
    }

    public struct Coverage: Codable, Sendable {
        public var articles: Int
        public var undated: Int
        public var headlineOnly: Int
        public var firstDate: String?
        public var lastDate: String?
        public var byOutlet: [Count]
        public var byLanguage: [Count]
        /// The report's period unit (month, quarter or year).
        public var period: Period
        /// Articles per period, in order; gaps are periods without any article.
        public var periods: [SeriesPoint]
        /// Articles per period and outlet (the stacked chart).
        public var periodsByOutlet: [String: [Int]]
        public var gaps: [String]
    }

    public struct Quote: Codable, Sendable {
        public var date: String?
        public var outlet: String
        public var title: String
        public var url: String?
        public var level: String
        public var sentence: String
        /// Matches as UTF-8 byte ranges of `sentence`.
        public var marks: [[Int]]
    }

    public struct Volume: Codable, Sendable {
        public var code: String
        public var label: String
        public var total: Int
        public var exposure: Int
        public var share: Double?
        public var series: [SeriesPoint]
        public var changes: [ChangeReport.Change]
        public var bursts: [ChangeReport.BurstPeriod]
        public var imprecise: Int
    }

    public struct FrameRow: Codable, Sendable {
        public var code: String
        public var label: String
        public var articles: Int
        /// Share of the concept's articles carrying the frame.
        public var share: Double?
        /// Frame articles per half-year period (keys in `FrameSection.periods`).
        public var perPeriod: [Int]
    }

    public struct FrameSection: Codable, Sendable {
        public var periods: [String]
        /// Concept articles per period (the denominators).
        public var conceptPerPeriod: [Int]
        public var frames: [FrameRow]
        public var comparison: Comparison?
        public var comparisonNote: String
    }

    public struct ActorRow: Codable, Sendable {
        public var code: String
        public var label: String
        public var articles: Int
        public var quotes: [Quote]
    }

    public struct IndicatorRow: Codable, Sendable {
        public var code: String
        public var label: String
        public var articles: Int
        public var first: String?
        public var last: String?
        public var quote: Quote?
    }

    public struct Method: Codable, Sendable {
        public var codebook: String
        public var codebookHash: String
        public var corpusHash: String
        public var software: String
        public var penaltyFactor: Double
        public var validation: [ValidationLine]?
    }

    public struct ValidationLine: Codable, Sendable {
        public var code: String
        public var labelled: Int
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
    }

    public var title: String
    public var generatedAt: String
    public var scope: String
    public var coverage: Coverage
    public var volume: Volume?
    public var frames: FrameSection?
    public var actors: [ActorRow]
    public var leaderGuidance: [Quote]
    public var indicators: [IndicatorRow]
    public var evidence: [Quote]
    public var method: Method
    /// Plain-language statements of what could not be shown, and why.
    public var notes: [String]
}

/// Options of `sinmun report`.
public struct ReportOptions: Sendable {
    public var filter: ArticleFilter
    /// Split date for the before/after test; nil: the strongest change point.
    public var compareAt: String?
    public var labels: [LabelSet]
    /// The generation-time line; fix it for byte-identical reports.
    public var generatedAt: String
    public var evidenceLimit: Int
    /// The period unit; nil chooses months, quarters or years from the span of the corpus.
    public var period: Period?

    public init(
        filter: ArticleFilter = ArticleFilter(), compareAt: String? = nil, labels: [LabelSet] = [],
        generatedAt: String = ISO8601DateFormatter().string(from: Date()), evidenceLimit: Int = 200,
        period: Period? = nil
    ) {
        self.period = period
        self.filter = filter
        self.compareAt = compareAt
        self.labels = labels
        self.generatedAt = generatedAt
        self.evidenceLimit = evidenceLimit
    }
}

extension CorpusStore {
    /// Computes the study report for a codebook (the corpus must be coded with it).
    public func studyReport(codebook: Codebook, options: ReportOptions = ReportOptions()) throws -> StudyReport {
        var builder = StudyReportBuilder(store: self, codebook: codebook, options: options)
        return try builder.build()
    }
}
