import Foundation
import Hummingbird
import SinmunCode
import SinmunMeasure
import SinmunStore

/// What a series request asks for: a code or a search, per period.
///
/// Without `by`, the period suits the corpus's span as the report chooses it
/// (``SinmunMeasure/Period/fitting(from:to:)``), so a corpus of eighty years is not drawn
/// as three hundred quarters.
struct SeriesRequest {
    var subject: SeriesSubject
    var period: Period
    /// Whether `by` was given (the page marks the chosen period either way).
    var periodGiven: Bool

    init(_ request: Request, code: String?, site: DashboardSite) throws {
        let q = QueryFields(request)
        if let by = q.get("by"), !by.isEmpty {
            guard let period = Period(rawValue: by) else {
                throw HTTPError(.badRequest, message: "by must be day, week, month, quarter or year")
            }
            self.period = period
            periodGiven = true
        } else {
            period = try site.store.dateRange().map { Period.fitting(from: $0.lowerBound, to: $0.upperBound) } ?? .month
            periodGiven = false
        }
        let text = q.get("query")
        if let text, text.count > SearchParameters.maximumQueryLength {
            throw HTTPError(.badRequest, message: "the query is too long")
        }
        if let code {
            guard site.codebook.code(named: code) != nil else {
                throw HTTPError(.notFound, message: "unknown code '\(code)'")
            }
            subject = .code(code, site.codebook)
        } else if let text, !text.isEmpty {
            subject = .query(text)
        } else {
            throw HTTPError(.badRequest, message: "give code=NAME or query=TEXT")
        }
    }

    func run(on store: any MeasureBackend) throws -> [Series] {
        do {
            return try store.series(of: subject, period: period)
        } catch let error as MeasureError {
            throw HTTPError(.badRequest, message: error.description)
        }
    }
}
