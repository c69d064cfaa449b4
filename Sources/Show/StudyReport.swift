import Foundation
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunRead
import SinmunStore

/// Everything a study report shows, computed once and rendered three ways (HTML, Markdown,
/// JSON) so the figures agree by construction.
public struct StudyReport: Codable, Sendable {
    /// A count of articles under a key (an outlet, a language).
    public struct Count: Codable, Sendable {
        /// The outlet or language.
        public var key: String
        /// Dated articles under it.
        public var articles: Int
    }

    /// What the corpus holds in scope: the denominator every share is read against.
    public struct Coverage: Codable, Sendable {
        /// Dated articles in scope.
        public var articles: Int
        /// Articles without a date (whole corpus only; not placeable in a period).
        public var undated: Int
        /// Articles with a headline and no text (photo and video items).
        public var headlineOnly: Int
        /// The earliest date in scope.
        public var firstDate: String?
        /// The latest date in scope.
        public var lastDate: String?
        /// Articles per outlet, by name.
        public var byOutlet: [Count]
        /// Articles per edition language, by code.
        public var byLanguage: [Count]
        /// The report's period unit (month, quarter or year).
        public var period: Period
        /// Articles per period, in order; gaps are periods without any article.
        public var periods: [SeriesPoint]
        /// Articles per period and outlet (the stacked chart).
        public var periodsByOutlet: [String: [Int]]
        /// The periods without any article, drawn hatched.
        public var gaps: [String]
    }

    /// A sentence quoted as evidence, with where it was printed.
    public struct Quote: Codable, Sendable {
        /// Publication date; nil when undated.
        public var date: String?
        /// The outlet identifier (`rodong`, `kcna` ...).
        public var outlet: String
        /// The article's headline.
        public var title: String
        /// The article's first address, linked only when http(s).
        public var url: String?
        /// How the code was earned (`sentence`, `article`, ...).
        public var level: String
        /// The sentence that earned the code.
        public var sentence: String
        /// Matches as UTF-8 byte ranges of `sentence`.
        public var marks: [[Int]]
        /// For an actor: who speaks in the sentence (as printed, or resolved for a pronoun).
        public var speaker: String?
        /// For an actor: how the sentence links the actor to the concept (`speaks`, `subject`,
        /// `mentioned`).
        public var link: String?
    }

    /// How much the concept is talked about, period by period.
    public struct Volume: Codable, Sendable {
        /// The concept's code name.
        public var code: String
        /// The concept's label.
        public var label: String
        /// Articles in scope carrying the concept.
        public var total: Int
        /// All articles in scope that can be placed in a period.
        public var exposure: Int
        /// `total / exposure`; nil without exposure.
        public var share: Double?
        /// Count, share and 95% Wilson interval per period.
        public var series: [SeriesPoint]
        /// Change points (PELT, binomial cost).
        public var changes: [ChangeReport.Change]
        /// Bursts (Kleinberg's two-state automaton).
        public var bursts: [ChangeReport.BurstPeriod]
        /// Articles dated too coarsely for the period unit (a year-only date in a monthly series).
        public var imprecise: Int
    }

    /// One frame among the concept's articles.
    public struct FrameRow: Codable, Sendable {
        /// The frame's code name.
        public var code: String
        /// The frame's label.
        public var label: String
        /// Concept articles carrying the frame.
        public var articles: Int
        /// Share of the concept's articles carrying the frame.
        public var share: Double?
        /// Frame articles per half-year period (keys in `FrameSection.periods`).
        public var perPeriod: [Int]
    }

    /// Frames of the concept over half-years, and the before/after test.
    public struct FrameSection: Codable, Sendable {
        /// Half-years (`2024-H2`) with concept articles, in order.
        public var periods: [String]
        /// Concept articles per period (the denominators).
        public var conceptPerPeriod: [Int]
        /// One row per frame code.
        public var frames: [FrameRow]
        /// The before/after test; nil when there is no split or one side is empty.
        public var comparison: Comparison?
        /// Where the split is and why, or why there is no test, in words.
        public var comparisonNote: String
    }

    /// An actor cited near the concept, with quotes.
    public struct ActorRow: Codable, Sendable {
        /// The actor's code name.
        public var code: String
        /// The actor's label.
        public var label: String
        /// Concept articles citing the actor.
        public var articles: Int
        /// Up to five quotes, newest first.
        public var quotes: [Quote]
    }

    /// A sign of institutionalisation (a law, a plan, a body) and when it was seen.
    public struct IndicatorRow: Codable, Sendable {
        /// The indicator's code name.
        public var code: String
        /// The indicator's label.
        public var label: String
        /// Concept articles showing it.
        public var articles: Int
        /// The first date it was seen; nil when never.
        public var first: String?
        /// The last date it was seen.
        public var last: String?
        /// The newest example.
        public var quote: Quote?
    }

    /// How the figures were made, so they can be reproduced.
    public struct Method: Codable, Sendable {
        /// The codebook's name.
        public var codebook: String
        /// SHA-256 of the codebook as used.
        public var codebookHash: String
        /// SHA-256 of the articles and texts in scope.
        public var corpusHash: String
        /// Sinmun and its version.
        public var software: String
        /// PELT's penalty, a multiple of ln(periods).
        public var penaltyFactor: Double
        /// Scores against human labels; nil without `--labels`.
        public var validation: [ValidationLine]?
    }

    /// Automatic coding against human labels, for one code.
    public struct ValidationLine: Codable, Sendable {
        /// The code name.
        public var code: String
        /// Articles a person labelled.
        public var labelled: Int
        /// Share of automatic positives the person confirmed.
        public var precision: Double?
        /// Share of the person's positives found.
        public var recall: Double?
        /// Harmonic mean of precision and recall.
        public var f1: Double?
        /// 95% Wilson interval of precision, `[lower, upper]`.
        public var precisionInterval: [Double]?
        /// 95% Wilson interval of recall.
        public var recallInterval: [Double]?
        /// Bootstrap 95% interval of F1.
        public var f1Interval: [Double]?
    }

    /// What is distinctive of the concept's latest articles: keyness against its earlier ones
    /// (and around `--compare-at`), the terms that surge or are new in the last period, and the
    /// co-occurrence network of its evidence sentences.
    public struct WhatChanged: Codable, Sendable {
        /// A keyness table between two sets of the concept's articles.
        public struct Contrast: Codable, Sendable {
            /// The target scope, in words.
            public var target: String
            /// The reference scope, in words.
            public var reference: String
            /// Analysed articles in the target.
            public var targetDocuments: Int
            /// Analysed articles in the reference.
            public var referenceDocuments: Int
            /// The most distinctive terms of the target, with an example each.
            public var rows: [KeynessRow]
        }

        /// The concept's last period against its earlier articles.
        public var lastPeriod: Contrast?
        /// After `--compare-at` against before it.
        public var atSplit: Contrast?
        /// Surging and new terms of the concept's last period.
        public var emerging: EmergingTerms.PeriodTerms?
        /// Terms sharing the concept's evidence sentences.
        public var network: CoOccurrenceNetwork?
        /// What could not be shown, and why.
        public var notes: [String]
    }

    /// The report's title (the concept's label in state media).
    public var title: String
    /// When it was made (`--generated-at` fixes it).
    public var generatedAt: String
    /// The dates, outlet and language in scope, in words.
    public var scope: String
    /// What the corpus holds in scope.
    public var coverage: Coverage
    /// The concept over time; nil without a concept code or dated articles.
    public var volume: Volume?
    /// Frames; nil without frame codes or concept articles.
    public var frames: FrameSection?
    /// Actors cited near the concept.
    public var actors: [ActorRow]
    /// Quotes of the leader's guidance, newest first.
    public var leaderGuidance: [Quote]
    /// Signs of institutionalisation.
    public var indicators: [IndicatorRow]
    /// What changed in the concept's vocabulary; nil without concept articles.
    public var whatChanged: WhatChanged?
    /// The concept's evidence sentences, newest first.
    public var evidence: [Quote]
    /// How the figures were made.
    public var method: Method
    /// Plain-language statements of what could not be shown, and why.
    public var notes: [String]
}

/// Options of `sinmun report`.
public struct ReportOptions: Sendable {
    /// The scope: dates, outlet, language.
    public var filter: ArticleFilter
    /// Split date for the before/after test; nil: the strongest change point.
    public var compareAt: String?
    /// Human labels to validate the coding against (`--labels`).
    public var labels: [LabelSet]
    /// The generation-time line; fix it for byte-identical reports.
    public var generatedAt: String
    /// How many evidence sentences the table shows.
    public var evidenceLimit: Int
    /// The period unit; nil chooses months, quarters or years from the span of the corpus.
    public var period: Period?
    /// The word analyser for the co-occurrence network of "What changed"; nil leaves it out.
    public var analyzer: WordAnalyzer?

    /// Options with the defaults `sinmun report` uses.
    public init(
        filter: ArticleFilter = ArticleFilter(), compareAt: String? = nil, labels: [LabelSet] = [],
        generatedAt: String = ISO8601DateFormatter().string(from: Date()), evidenceLimit: Int = 200,
        period: Period? = nil, analyzer: WordAnalyzer? = nil
    ) {
        self.period = period
        self.analyzer = analyzer
        self.filter = filter
        self.compareAt = compareAt
        self.labels = labels
        self.generatedAt = generatedAt
        self.evidenceLimit = evidenceLimit
    }
}

extension ReportBackend {
    /// Computes the study report for a codebook (the corpus must be coded with it).
    public func studyReport(codebook: Codebook, options: ReportOptions = ReportOptions()) throws -> StudyReport {
        var builder = StudyReportBuilder(store: self, codebook: codebook, options: options)
        return try builder.build()
    }
}
