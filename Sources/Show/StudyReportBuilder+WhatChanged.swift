import Foundation
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunStore

extension StudyReportBuilder {
    /// The "What changed" section: found from the term index, not named by the codebook.
    func whatChanged() -> StudyReport.WhatChanged? {
        guard let concept, let last = conceptDate.values.max(), let first = conceptDate.values.min() else {
            return nil
        }
        var section = StudyReport.WhatChanged(notes: [])
        var conceptFilter = options.filter
        conceptFilter.codebook = codebook.name
        conceptFilter.code = concept.name
        let lastKey = period.key(for: last)
        let lastStart = Period.firstDay(of: lastKey)
        if first < lastStart {
            section.lastPeriod = contrast(
                conceptFilter, splitAt: lastStart, target: "\(concept.name) in \(lastKey)",
                reference: "\(concept.name) before \(lastKey)", notes: &section.notes)
        } else {
            section.notes.append(
                "Every \(concept.name) article falls in \(lastKey): there is no earlier period to compare.")
        }
        if let split = options.compareAt {
            section.atSplit = contrast(
                conceptFilter, splitAt: split, target: "\(concept.name) from \(split)",
                reference: "\(concept.name) before \(split)", notes: &section.notes)
        }
        let scope = Scope(filter: conceptFilter, text: "code:\(concept.name)")
        do {
            section.emerging = try store.latestEmergingTerms(
                in: scope, by: period, options: KeynessOptions(minCount: 2, limit: 10, examples: 1))
        } catch {
            section.notes.append("No surging or new terms: \(error)")
        }
        if let analyzer = options.analyzer {
            do {
                let network = try store.coOccurrence(
                    of: concept.name, codebook: codebook, in: scope, analyzer: analyzer,
                    options: CoOccurrenceOptions(edges: 30))
                section.network = network.edges.isEmpty ? nil : network
                if network.edges.isEmpty {
                    section.notes.append("No two terms share two of the \(network.sentences) evidence sentences.")
                }
            } catch {
                section.notes.append("No co-occurrence network: \(error)")
            }
        }
        return section
    }

    /// Keyness of the concept's articles from `split` on against those before it.
    private func contrast(
        _ filter: ArticleFilter, splitAt split: String, target: String, reference: String, notes: inout [String]
    ) -> StudyReport.WhatChanged.Contrast? {
        var after = filter
        var before = filter
        guard let start = DateParsing.parse(split), let end = DateParsing.parse(Period.dayBefore(split)) else {
            notes.append("\(split) is not a date")
            return nil
        }
        if (filter.from?.isoString ?? "") < start.isoString { after.from = start }
        if (filter.to?.isoString ?? "9999") > end.isoString { before.to = end }
        do {
            let table = try store.keyness(
                target: Scope(filter: after, text: target), reference: Scope(filter: before, text: reference),
                options: KeynessOptions(minCount: 3, limit: 15, examples: 1))
            return .init(
                target: target, reference: reference, targetDocuments: table.targetDocuments,
                referenceDocuments: table.referenceDocuments, rows: table.rows.filter { $0.g2 > 0 })
        } catch {
            notes.append("No keyness of \(target) against \(reference): \(error)")
            return nil
        }
    }
}
