import Foundation
import SinmunMeasure

/// The "What changed" section as the report templates show it, every figure keyed to its
/// report.json field.
struct WhatChangedView {
    struct Row {
        var lemma: String
        var pos: String
        var targetCount: Figure
        var referenceCount: Figure
        var logRatio: Figure
        var g2: Figure
        var q: Figure
        var example: String?
        var exampleDate: String
    }

    struct Contrast {
        var title: String
        var target: String
        var reference: String
        var targetDocuments: Figure
        var referenceDocuments: Figure
        var rows: [Row]
    }

    var contrasts: [Contrast]
    var hasEmerging: Bool
    var period: String
    /// `lemma (in the period / before)`, joined; nil when there are none.
    var surging: String?
    var new: String?
    var networkChart: String?
    var notes: [String]

    init(_ section: StudyReport.WhatChanged) {
        var contrasts: [Contrast] = []
        if let last = section.lastPeriod {
            contrasts.append(
                Self.contrast(last, key: "whatChanged.lastPeriod", title: "The last period against earlier"))
        }
        if let split = section.atSplit {
            contrasts.append(Self.contrast(split, key: "whatChanged.atSplit", title: "After the split against before"))
        }
        self.contrasts = contrasts
        let emerging = section.emerging
        hasEmerging = emerging != nil
        period = emerging?.period ?? ""
        let words: ([KeynessRow]) -> String? = { rows in
            rows.isEmpty
                ? nil
                : rows.map { "\($0.lemma) (\($0.targetCount)\($0.referenceCount > 0 ? "/\($0.referenceCount)" : ""))" }
                    .joined(separator: ", ")
        }
        surging = emerging.flatMap { words($0.surging) }
        new = emerging.flatMap { words($0.new) }
        networkChart = section.network.map { NetworkChart.svg($0, id: "network", title: "Terms around \($0.code)") }
        notes = section.notes
    }

    static func contrast(_ contrast: StudyReport.WhatChanged.Contrast, key: String, title: String) -> Contrast {
        Contrast(
            title: title, target: contrast.target, reference: contrast.reference,
            targetDocuments: .count(contrast.targetDocuments, "\(key).targetDocuments"),
            referenceDocuments: .count(contrast.referenceDocuments, "\(key).referenceDocuments"),
            rows: contrast.rows.enumerated().map { i, row in
                let key = "\(key).rows[\(i)]"
                return Row(
                    lemma: row.lemma, pos: row.pos, targetCount: .count(row.targetCount, "\(key).targetCount"),
                    referenceCount: .count(row.referenceCount, "\(key).referenceCount"),
                    logRatio: .decimal(row.logRatio, "\(key).logRatio"), g2: .decimal(row.g2, "\(key).g2", digits: 1),
                    q: .probability(row.q, "\(key).q"), example: row.examples.first?.sentence,
                    exampleDate: row.examples.first?.date ?? "")
            })
    }
}
