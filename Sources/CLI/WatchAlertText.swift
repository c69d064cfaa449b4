import Foundation
import SinmunStore

/// An alert as the terminal shows it: rule, period and figure, then the evidence.
enum WatchAlertText {
    static func describe(_ alert: WatchAlert) -> String {
        var lines = ["[\(alert.rule)] \(alert.period): \(alert.summary)"]
        for item in alert.evidence {
            lines.append("    « \(item.sentence) » — \(alert.title(ofArticle: item.article)) (\(item.article))")
        }
        return lines.joined(separator: "\n")
    }
}
