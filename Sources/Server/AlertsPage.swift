import Foundation
import SinmunStore

/// The watch's alerts, newest first, with their evidence (template `alerts`).
struct AlertsPage {
    struct Evidence {
        var sentence: String
        var title: String
        var link: String
    }

    struct ArticleLink {
        var label: String
        var link: String
    }

    struct Row {
        var rule: String
        var period: String
        var trigger: String
        var firedAt: String
        var summary: String
        var evidence: [Evidence]
        var articles: [ArticleLink]
        var more: String?
    }

    var title = "Alerts"
    var count: String
    var hasRows: Bool
    var rows: [Row]
    var rules: [String]

    init(alerts: [WatchAlert], total: Int, rules: [WatchRule]) {
        count = total == alerts.count ? "\(total) alert(s)" : "the newest \(alerts.count) of \(total) alerts"
        self.rules = rules.map { "\($0.name): \($0.summary)" }
        rows = alerts.map { alert in
            Row(
                rule: alert.rule, period: alert.period, trigger: alert.trigger,
                firedAt: String(alert.firedAt.prefix(16)).replacingOccurrences(of: "T", with: " "),
                summary: alert.summary,
                evidence: alert.evidence.map {
                    Evidence(
                        sentence: $0.sentence, title: alert.title(ofArticle: $0.article), link: "/article/\($0.article)"
                    )
                },
                articles: alert.articles.map {
                    ArticleLink(label: "\($0.date ?? "undated") · \($0.title)", link: "/article/\($0.id)")
                },
                more: alert.articleCount > alert.articles.count
                    ? "and \(alert.articleCount - alert.articles.count) more" : nil)
        }
        hasRows = !rows.isEmpty
    }
}
