import Foundation
import SinmunMeasure

/// One number as the report prints it: its exact value, the report.json field it comes from,
/// and its printed text. The HTML template writes it as `<data value=… data-key=…>`, so every
/// figure on the page can be checked against the JSON.
struct Figure {
    /// False for a missing value: the template prints ``text`` alone (`—`, `∞`).
    var known: Bool
    var value: String
    var key: String
    var text: String

    static func count(_ value: Int, _ key: String) -> Figure {
        Figure(known: true, value: "\(value)", key: key, text: "\(value)")
    }

    static func percent(_ value: Double?, _ key: String, digits: Int = 2) -> Figure {
        guard let value else { return .missing }
        return Figure(known: true, value: "\(value)", key: key, text: String(format: "%.\(digits)f%%", value * 100))
    }

    static func decimal(_ value: Double?, _ key: String, digits: Int = 2, missing: String = "—") -> Figure {
        guard let value else { return Figure(known: false, value: "", key: key, text: missing) }
        return Figure(known: true, value: "\(value)", key: key, text: String(format: "%.\(digits)f", value))
    }

    static func probability(_ value: Double, _ key: String) -> Figure {
        let text = value < 0.001 ? String(format: "%.1e", value) : String(format: "%.3f", value)
        return Figure(known: true, value: "\(value)", key: key, text: text)
    }

    static let missing = Figure(known: false, value: "", key: "", text: "—")
}

/// A quoted sentence with its source, ready for the templates.
struct QuoteView {
    var date: String
    var outlet: String
    var title: String
    /// A plain http(s) address, or nil (then the title is not linked).
    var url: String?
    var level: String
    var sentence: String
    /// The sentence with its matches in `<mark>`, every piece escaped by ``HTML/marked(_:byteRanges:)``.
    var sentenceHTML: String
    /// For an actor: who speaks, and how the sentence links the actor to the concept.
    var speaker: String?
    var link: String?

    init(_ quote: StudyReport.Quote) {
        speaker = quote.speaker
        link = quote.link
        date = quote.date ?? "undated"
        outlet = quote.outlet
        title = quote.title
        url = HTML.safeURL(quote.url)
        level = quote.level
        sentence = quote.sentence
        let marks = quote.marks.filter { $0.count == 2 && $0[0] >= 0 && $0[0] <= $0[1] }.map { $0[0]..<$0[1] }
        sentenceHTML = HTML.marked(quote.sentence, byteRanges: marks)
    }
}

/// What the report templates (`report`, `report-md`) render: the ``StudyReport`` with every
/// figure formatted and keyed, and its charts drawn.
struct ReportPage {
    struct Row {
        var name: String
        var articles: Figure
    }

    struct CoverageView {
        var articles: Figure
        var headlineOnly: Figure
        var undated: Figure
        var firstDate: String
        var lastDate: String
        var outlets: [Row]
        var languages: [Row]
        var unit: String
        var gapCount: Int
        var periodChart: String?
        var outletChart: String?
    }

    struct PointView {
        var period: String
        var count: Figure
        var exposure: Figure
        var share: Figure
        var lower: Figure
        var upper: Figure
    }

    struct ChangeView {
        var period: String
        var plausibleFrom: String
        var plausibleTo: String
        var before: Figure
        var after: Figure
        var likelihoodRatio: Figure
    }

    struct BurstView {
        var from: String
        var to: String
        var level: Figure
        var weight: Figure
    }

    struct VolumeView {
        var label: String
        var code: String
        var unit: String
        var total: Figure
        var exposure: Figure
        var share: Figure
        var penalty: Figure
        /// Nil when no article carries the code: then no chart, table or change is shown.
        var countChart: String?
        var shareChart: String?
        var series: [PointView]
        var changes: [ChangeView]
        var bursts: [BurstView]
    }

    struct FrameRowView {
        var label: String
        var code: String
        var articles: Figure
        var share: Figure
        var perPeriod: [Figure]
    }

    struct SideView {
        var name: String
        var from: String
        var to: String
        var count: Figure
        var articles: Figure
        var share: Figure
        var lower: Figure
        var upper: Figure
    }

    struct RateRatioView {
        var ratio: Figure
        var lower: Figure
        var upper: Figure
        var pValue: Figure
    }

    struct ShiftView {
        var code: String
        var before: Figure
        var beforeOf: Figure
        var after: Figure
        var afterOf: Figure
        var estimable: Bool
        var oddsRatio: Figure
        var lower: Figure
        var upper: Figure
        var pValue: Figure
    }

    struct ComparisonView {
        var sides: [SideView]
        var rateRatio: RateRatioView?
        var codes: [ShiftView]
    }

    struct FramesView {
        var periods: [String]
        var conceptPerPeriod: [Figure]
        var rows: [FrameRowView]
        var chart: String
        var comparisonNote: String
        var comparison: ComparisonView?
    }

    struct ActorView {
        var label: String
        var articles: Figure
        var hasQuotes: Bool
        var quotes: [QuoteView]
    }

    struct ActorsView {
        var chart: String
        var rows: [ActorView]
    }

    struct IndicatorView {
        var label: String
        var articles: Figure
        var first: String
        var last: String
        var exampleHTML: String
    }

    struct ValidationView {
        var code: String
        var labelled: Figure
        var precision: Figure
        var recall: Figure
        var f1: Figure
        /// `[0.72, 0.90]`, empty when undefined.
        var precisionInterval: String
        var recallInterval: String
        var f1Interval: String
    }

    struct MethodView {
        var codebook: String
        var codebookHash: String
        var corpusHash: String
        var software: String
        var penalty: Figure
        var penaltyFactor: Double
        var hasValidation: Bool
        var validation: [ValidationView]
    }

    var title: String
    var scope: String
    var generatedAt: String
    var notes: [String]
    var coverage: CoverageView
    var volume: VolumeView?
    var frames: FramesView?
    var actors: ActorsView?
    var whatChanged: WhatChangedView?
    var hasLeaderGuidance: Bool
    var leaderGuidance: [QuoteView]
    var hasIndicators: Bool
    var indicators: [IndicatorView]
    var hasEvidence: Bool
    var evidence: [QuoteView]
    var method: MethodView

    init(_ report: StudyReport) {
        title = report.title
        scope = report.scope
        generatedAt = report.generatedAt
        notes = report.notes
        coverage = Self.coverage(report.coverage)
        let unit = report.coverage.period.rawValue
        volume = report.volume.map { Self.volume($0, unit: unit, penalty: report.method.penaltyFactor) }
        frames = report.frames.map(Self.frames)
        // Actors and indicators speak of the concept's articles: without any, they are omitted.
        let hasConcept = report.volume.map { $0.total > 0 } == true
        actors = hasConcept && !report.actors.isEmpty ? Self.actors(report.actors) : nil
        whatChanged = report.whatChanged.map(WhatChangedView.init)
        leaderGuidance = report.leaderGuidance.map(QuoteView.init)
        hasLeaderGuidance = !leaderGuidance.isEmpty
        indicators =
            hasConcept
            ? report.indicators.enumerated().map { i, row in
                IndicatorView(
                    label: row.label, articles: .count(row.articles, "indicators[\(i)].articles"),
                    first: row.first ?? "not seen", last: row.last ?? "",
                    exampleHTML: row.quote.map { QuoteView($0).sentenceHTML } ?? "")
            } : []
        hasIndicators = !indicators.isEmpty
        evidence = report.evidence.map(QuoteView.init)
        hasEvidence = !evidence.isEmpty
        method = Self.method(report.method)
    }

    static func coverage(_ c: StudyReport.Coverage) -> CoverageView {
        let unit = c.period.rawValue
        func rows(_ counts: [StudyReport.Count], _ key: String) -> [Row] {
            counts.enumerated().map {
                Row(name: $1.key, articles: .count($1.articles, "coverage.\(key)[\($0)].articles"))
            }
        }
        let labels = c.periods.map(\.period)
        return CoverageView(
            articles: .count(c.articles, "coverage.articles"),
            headlineOnly: .count(c.headlineOnly, "coverage.headlineOnly"),
            undated: .count(c.undated, "coverage.undated"), firstDate: c.firstDate ?? "—", lastDate: c.lastDate ?? "—",
            outlets: rows(c.byOutlet, "byOutlet"), languages: rows(c.byLanguage, "byLanguage"), unit: unit,
            gapCount: c.gaps.count,
            periodChart: c.periods.isEmpty
                ? nil
                : SVGChart.bars(
                    .init(
                        id: "coverage", title: "Articles per \(unit)",
                        description: "Articles in the corpus per \(unit); hatched periods have no articles at all."),
                    labels: labels, values: c.periods.map { $0.gap ? nil : Double($0.exposure) }),
            outletChart: c.periods.isEmpty || c.byOutlet.count < 2
                ? nil
                : SVGChart.stacked(
                    .init(
                        id: "outlets", title: "Share of each outlet per \(unit)",
                        description: "Composition of the corpus by outlet, \(unit) by \(unit)."),
                    labels: labels, series: c.byOutlet.map { ($0.key, c.periodsByOutlet[$0.key] ?? []) }))
    }

    static func volume(_ v: StudyReport.Volume, unit: String, penalty: Double) -> VolumeView {
        let markers = Dictionary(v.changes.map { ($0.period, "change") }, uniquingKeysWith: { a, _ in a })
        let labels = v.series.map(\.period)
        let series = v.series.enumerated().filter { !$1.gap }.map { i, p in
            let key = "volume.series[\(i)]"
            return PointView(
                period: p.period, count: .count(p.count ?? 0, "\(key).count"),
                exposure: .count(p.exposure, "\(key).exposure"),
                share: .percent(p.share, "\(key).share"), lower: .percent(p.lower, "\(key).lower"),
                upper: .percent(p.upper, "\(key).upper"))
        }
        let changes = v.changes.enumerated().map { i, change in
            ChangeView(
                period: change.period, plausibleFrom: change.plausibleFrom, plausibleTo: change.plausibleTo,
                before: .percent(change.shareBefore, "volume.changes[\(i)].shareBefore"),
                after: .percent(change.shareAfter, "volume.changes[\(i)].shareAfter"),
                likelihoodRatio: .decimal(change.likelihoodRatio, "volume.changes[\(i)].likelihoodRatio", digits: 1))
        }
        let bursts = v.bursts.enumerated().map { i, burst in
            BurstView(
                from: burst.from, to: burst.to, level: .count(burst.level, "volume.bursts[\(i)].level"),
                weight: .decimal(burst.weight, "volume.bursts[\(i)].weight", digits: 1))
        }
        let drawn = v.total > 0
        return VolumeView(
            label: v.label, code: v.code, unit: unit, total: .count(v.total, "volume.total"),
            exposure: .count(v.exposure, "volume.exposure"), share: .percent(v.share, "volume.share"),
            penalty: .decimal(penalty, "method.penaltyFactor", digits: 1),
            countChart: drawn
                ? SVGChart.bars(
                    .init(
                        id: "volume-count", title: "\(v.label): articles per \(unit)",
                        description:
                            "Count of articles with the code per \(unit); dashed lines mark detected change points."),
                    labels: labels, values: v.series.map { $0.count.map(Double.init) }, markers: markers) : nil,
            shareChart: drawn
                ? SVGChart.shares(
                    .init(
                        id: "volume-share", title: "\(v.label): share of all articles per \(unit)",
                        description: "Share of the \(unit)'s articles with the code, with 95% Wilson intervals."),
                    labels: labels, values: v.series.map(\.share), lower: v.series.map(\.lower),
                    upper: v.series.map(\.upper), markers: markers) : nil,
            series: series, changes: changes, bursts: bursts)
    }

    static func frames(_ frames: StudyReport.FrameSection) -> FramesView {
        let rows = frames.frames.enumerated().map { i, row in
            FrameRowView(
                label: row.label, code: row.code, articles: .count(row.articles, "frames.frames[\(i)].articles"),
                share: .percent(row.share, "frames.frames[\(i)].share", digits: 0),
                perPeriod: row.perPeriod.enumerated().map { .count($1, "frames.frames[\(i)].perPeriod[\($0)]") })
        }
        let chart = SVGChart.horizontalBars(
            .init(
                id: "frames", title: "Share of concept articles carrying each frame",
                description: "One bar per frame: the share of the concept's articles that carry it."),
            rows: frames.frames.map { ($0.label, $0.share ?? 0, String(format: "%.0f%%", ($0.share ?? 0) * 100)) })
        return FramesView(
            periods: frames.periods,
            conceptPerPeriod: frames.conceptPerPeriod.enumerated().map { .count($1, "frames.conceptPerPeriod[\($0)]") },
            rows: rows, chart: chart, comparisonNote: frames.comparisonNote,
            comparison: frames.comparison.map(comparison))
    }

    static func comparison(_ cmp: Comparison) -> ComparisonView {
        let sides = [("Before", cmp.before, "before"), ("After", cmp.after, "after")].map { name, side, key in
            let key = "frames.comparison.\(key)"
            return SideView(
                name: name, from: side.from, to: side.to, count: .count(side.count, "\(key).count"),
                articles: .count(side.articles, "\(key).articles"), share: .percent(side.share, "\(key).share"),
                lower: .percent(side.lower, "\(key).lower"), upper: .percent(side.upper, "\(key).upper"))
        }
        let rateRatio = cmp.rateRatio.map { r in
            let key = "frames.comparison.rateRatio"
            return RateRatioView(
                ratio: .decimal(r.ratio, "\(key).ratio", missing: "∞"), lower: .decimal(r.lower, "\(key).lower"),
                upper: .decimal(r.upper, "\(key).upper", missing: "∞"), pValue: .probability(r.pValue, "\(key).pValue"))
        }
        let codes = cmp.frames.enumerated().map { i, f in
            let key = "frames.comparison.frames[\(i)]"
            return ShiftView(
                code: f.code, before: .count(f.before, "\(key).before"),
                beforeOf: .count(f.beforeOf, "\(key).beforeOf"),
                after: .count(f.after, "\(key).after"), afterOf: .count(f.afterOf, "\(key).afterOf"),
                estimable: f.fisher.estimable,
                oddsRatio: .decimal(f.fisher.oddsRatio, "\(key).fisher.oddsRatio", missing: "∞"),
                lower: .decimal(f.fisher.lower, "\(key).fisher.lower"),
                upper: .decimal(f.fisher.upper, "\(key).fisher.upper", missing: "∞"),
                pValue: .probability(f.fisher.pValue, "\(key).fisher.pValue"))
        }
        return ComparisonView(sides: sides, rateRatio: rateRatio, codes: codes)
    }

    static func actors(_ actors: [StudyReport.ActorRow]) -> ActorsView {
        let chart = SVGChart.horizontalBars(
            .init(
                id: "actors", title: "Concept articles citing each actor",
                description: "Number of the concept's articles in which each actor appears near the concept."),
            rows: actors.map { ($0.label, Double($0.articles), String($0.articles)) })
        let rows = actors.enumerated().map { i, actor in
            ActorView(
                label: actor.label, articles: .count(actor.articles, "actors[\(i)].articles"),
                hasQuotes: !actor.quotes.isEmpty, quotes: actor.quotes.map(QuoteView.init))
        }
        return ActorsView(chart: chart, rows: rows)
    }

    static func method(_ m: StudyReport.Method) -> MethodView {
        let validation = (m.validation ?? []).enumerated().map { i, v in
            let key = "method.validation[\(i)]"
            func interval(_ bounds: [Double]?) -> String {
                bounds.map { String(format: "[%.2f, %.2f]", $0[0], $0[1]) } ?? ""
            }
            return ValidationView(
                code: v.code, labelled: .count(v.labelled, "\(key).labelled"),
                precision: .decimal(v.precision, "\(key).precision"), recall: .decimal(v.recall, "\(key).recall"),
                f1: .decimal(v.f1, "\(key).f1"), precisionInterval: interval(v.precisionInterval),
                recallInterval: interval(v.recallInterval), f1Interval: interval(v.f1Interval))
        }
        return MethodView(
            codebook: m.codebook, codebookHash: m.codebookHash, corpusHash: m.corpusHash, software: m.software,
            penalty: .decimal(m.penaltyFactor, "method.penaltyFactor", digits: 1), penaltyFactor: m.penaltyFactor,
            hasValidation: m.validation != nil, validation: validation)
    }
}
