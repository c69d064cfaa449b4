import Foundation
import SinmunStore

/// An alert as the terminal shows it: rule, period and figure, then the evidence.
enum WatchAlertText {
    static func describe(_ alert: WatchAlert) -> String {
        var lines = ["[\(alert.rule)] \(alert.period): \(alert.summary)"]
        let titles = Dictionary(alert.articles.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        for item in alert.evidence {
            lines.append("    « \(item.sentence) » — \(titles[item.article] ?? item.article) (\(item.article))")
        }
        return lines.joined(separator: "\n")
    }
}
