import Foundation
import SinmunMeasure
import SinmunShow

/// A keyness table between two scopes (template `keyness`).
struct KeynessPage {
    struct Row {
        var lemma: String
        var pos: String
        var targetCount: Int
        var referenceCount: Int
        var logRatio: String
        var g2: String
        var q: String
        var direction: String
        var examples: [Example]
    }

    struct Example {
        var date: String
        var sentenceHTML: String
    }

    var title = "Keyness"
    var target: String
    var reference: String
    var measures: [SearchForm.Option]
    var table: Table?

    struct Table {
        var target: String
        var reference: String
        var targetDocuments: Int
        var referenceDocuments: Int
        var tested: Int
        var rows: [Row]
        var json: String
    }

    init(target: String, reference: String, measure: KeynessMeasure, table: KeynessTable?) {
        self.target = target
        self.reference = reference
        measures = KeynessMeasure.allCases.map {
            SearchForm.Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == measure)
        }
        self.table = table.map { table in
            Table(
                target: table.target, reference: table.reference, targetDocuments: table.targetDocuments,
                referenceDocuments: table.referenceDocuments, tested: table.tested,
                rows: table.rows.map(Self.row),
                json: "/api/keyness"
                    + DashboardSite.query([
                        ("target", target), ("reference", reference), ("measure", measure.rawValue),
                    ]))
        }
    }

    static func row(_ row: KeynessRow) -> Row {
        Row(
            lemma: row.lemma, pos: row.pos, targetCount: row.targetCount, referenceCount: row.referenceCount,
            logRatio: String(format: "%+.2f", row.logRatio), g2: String(format: "%+.1f", row.g2),
            q: String(format: "%.2g", row.q), direction: row.direction,
            examples: row.examples.map { Example(date: $0.date ?? "undated", sentenceHTML: Self.marked($0)) })
    }

    /// The example sentence with the term in `<mark>`, escaped.
    static func marked(_ example: KeynessRow.Example) -> String {
        HTML.marked(example.sentence, byteRanges: example.match.map { [$0] } ?? [])
    }
}
