import Foundation
import SinmunMeasure

/// Terms that would extend a code, from the labels coders saved in the dashboard (template
/// `suggest`).
struct SuggestPage {
    struct Row {
        var term: String
        var positives: Int
        var negatives: Int
        var g2: String
        var precision: String
        var recall: String
        var f1: String
        var change: String
        var corpus: String
        var example: String
    }

    var title = "Suggest terms"
    var codes: [SearchForm.Option]
    var coders: [SearchForm.Option]
    var code: String
    var coder: String
    /// Why nothing is shown (no coder yet, no positive label ...), or nil.
    var message: String?
    var summary: String?
    var hasRows: Bool
    var rows: [Row]

    init(
        code: String, coder: String, codes: [String], coders: [String], report: TermSuggestions.Report?,
        message: String?
    ) {
        self.code = code
        self.coder = coder
        self.codes = codes.map { SearchForm.Option(value: $0, label: $0, selected: $0 == code) }
        self.coders = coders.map { SearchForm.Option(value: $0, label: $0, selected: $0 == coder) }
        self.message = message
        func f(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "–" }
        func i(_ value: Double?, _ interval: [Double]?) -> String {
            f(value) + (interval.map { " [\(f($0[0])), \(f($0[1]))]" } ?? "")
        }
        summary = report.map {
            "\($0.positives) positive and \($0.negatives) negative label(s) by \(coder). Today: precision "
                + i($0.baseline.precision, $0.baseline.precisionInterval) + ", recall "
                + i($0.baseline.recall, $0.baseline.recallInterval) + ", F1 \(f($0.baseline.f1))."
        }
        rows = (report?.suggestions ?? []).map {
            Row(
                term: $0.term, positives: $0.positives, negatives: $0.negatives, g2: String(format: "%.1f", $0.g2),
                precision: i($0.scores.precision, $0.scores.precisionInterval),
                recall: i($0.scores.recall, $0.scores.recallInterval), f1: f($0.scores.f1),
                change: $0.f1Change.map { String(format: "%+.2f", $0) } ?? "–",
                corpus: $0.corpusArticles.map(String.init) ?? "–", example: $0.example)
        }
        hasRows = !rows.isEmpty
    }
}
