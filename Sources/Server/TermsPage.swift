import Foundation
import SinmunMeasure

/// Surging and new terms per period (template `terms`).
struct TermsPage {
    struct Term {
        var lemma: String
        var counts: String
        var exampleHTML: String?
    }

    struct PeriodView {
        var period: String
        var documents: Int
        var earlierDocuments: Int
        var baseline: Bool
        var surging: [Term]
        var new: [Term]
    }

    var title = "Emerging terms"
    var scope: String
    var periodOptions: [SearchForm.Option]
    var unplaced: Int?
    var periods: [PeriodView]
    var json: String

    init(scope: String, period: Period, terms: EmergingTerms?) {
        self.scope = scope
        periodOptions = [Period.month, .quarter, .year].map {
            SearchForm.Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == period)
        }
        unplaced = terms.flatMap { $0.unplaced > 0 ? $0.unplaced : nil }
        func term(_ row: KeynessRow) -> Term {
            Term(
                lemma: row.lemma,
                counts: row.referenceCount > 0 ? "\(row.targetCount)/\(row.referenceCount)" : "\(row.targetCount)",
                exampleHTML: row.examples.first.map(KeynessPage.marked))
        }
        periods = (terms?.periods ?? []).reversed().map { entry in
            PeriodView(
                period: entry.period, documents: entry.documents, earlierDocuments: entry.earlierDocuments,
                baseline: entry.earlierDocuments == 0, surging: entry.surging.map(term), new: entry.new.map(term))
        }
        json = "/api/terms" + DashboardSite.query([("scope", scope), ("by", period.rawValue)])
    }
}
