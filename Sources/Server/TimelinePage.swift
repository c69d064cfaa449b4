import Foundation
import SinmunMeasure
import SinmunShow

/// A code's articles per period: bars that link to the period's articles, and the table
/// (template `timeline`).
struct TimelinePage {
    struct PeriodLink {
        var name: String
        var link: String
        var current: Bool
        var first: Bool
    }

    struct Row {
        var period: String
        var link: String
        var count: Int
        var exposure: Int
        var share: String
    }

    var title: String
    var code: String
    var total: Int
    var exposure: Int
    var periods: [PeriodLink]
    /// Nil when no article is dated: the page says so instead of drawing an empty chart.
    var chart: String?
    var rows: [Row]

    init(code: String, series: Series?, period: Period) {
        title = "Timeline: \(code)"
        self.code = code
        total = series?.total ?? 0
        exposure = series?.totalExposure ?? 0
        periods = Period.allCases.enumerated().map { i, p in
            PeriodLink(
                name: p.rawValue, link: "/timeline/\(code)" + DashboardSite.query([("by", p.rawValue)]),
                current: p == period, first: i == 0)
        }
        guard let series, !series.points.isEmpty else {
            chart = nil
            rows = []
            return
        }
        let links = series.points.map { point in
            let start = Period.firstDay(of: point.period)
            return "/search"
                + DashboardSite.query([
                    ("code", code), ("from", start), ("to", series.period == .day ? start : point.period),
                ])
        }
        let changes = ChangeAnalysis.analyse(series)
        chart = Charts.bars(
            id: "timeline", title: "\(code) per \(series.period.rawValue)",
            description: "Articles with the code per period; hatched periods have no articles.",
            labels: series.points.map(\.period), values: series.points.map { $0.count.map(Double.init) }, links: links,
            markers: Dictionary(changes.changes.map { ($0.period, "change") }, uniquingKeysWith: { a, _ in a }))
        rows = zip(series.points, links).filter { !$0.0.gap }.map { point, link in
            Row(
                period: point.period, link: link, count: point.count ?? 0, exposure: point.exposure,
                share: String(format: "%.2f%%", (point.share ?? 0) * 100))
        }
    }
}
