import Foundation
import SinmunCode
import SinmunStore

extension TopicModel {
    /// The documents placed in time: the unit (given, or fitting the span of the dates), every
    /// period key from the first dated document's to the last's, each document's key (nil when
    /// undated or dated too coarsely for the unit) and how many have none.
    static func periods(
        _ documents: [DocumentTerms], unit given: Period?
    ) -> (unit: Period, keys: [String], documentKeys: [String?], undated: Int) {
        let dates = documents.compactMap(\.date).sorted()
        guard let first = dates.first, let last = dates.last else {
            return (given ?? .month, [], documents.map { _ in nil }, documents.count)
        }
        let unit = given ?? Period.fitting(from: first, to: last)
        let documentKeys = documents.map { document -> String? in
            guard let date = document.date, unit.accepts(precision: document.precision ?? "day") else { return nil }
            return unit.key(for: date)
        }
        return (unit, unit.keys(from: first, to: last), documentKeys, documentKeys.filter { $0 == nil }.count)
    }

    /// A topic's document count, overall share, stability and share in every period; its
    /// terms, label and examples come later.
    static func topic(
        id: Int, index: Int, fit: NonnegativeMatrixFactorization, assigned: [(topic: Int, weight: Double)],
        periods: (unit: Period, keys: [String], documentKeys: [String?], undated: Int), stability: Double
    ) -> TopicModelResult.Topic {
        var inPeriod: [String: Int] = [:]
        var ofTopic: [String: Int] = [:]
        for (key, assignment) in zip(periods.documentKeys, assigned) {
            guard let key else { continue }
            inPeriod[key, default: 0] += 1
            if assignment.topic == index { ofTopic[key, default: 0] += 1 }
        }
        let perPeriod = periods.keys.map { key -> TopicModelResult.PeriodShare in
            let (documents, count) = (inPeriod[key] ?? 0, ofTopic[key] ?? 0)
            let interval = AgreementStatistics.wilson(successes: count, trials: documents)
            return .init(
                period: key, documents: documents, count: count,
                share: documents > 0 ? Double(count) / Double(documents) : nil, lower: interval?.lowerBound,
                upper: interval?.upperBound)
        }
        let documents = assigned.filter { $0.topic == index }.count
        return TopicModelResult.Topic(
            id: id, label: "", terms: [], examples: [], documents: documents,
            share: Double(documents) / Double(max(1, assigned.count)), stability: stability, perPeriod: perPeriod)
    }
}
