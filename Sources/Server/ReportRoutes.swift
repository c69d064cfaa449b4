import Foundation
import Hummingbird
import SinmunMeasure
import SinmunShow

/// `/report`: the study report of the corpus as it is now.
struct ReportRoutes {
    let site: DashboardSite

    var collection: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        routes.blockingGet("/report") { _, _ in
            do {
                let report = try site.store.studyReport(
                    codebook: site.codebook,
                    options: ReportOptions(generatedAt: ISO8601DateFormatter().string(from: Date())))
                return site.html(try ReportRenderer.html(report))
            } catch let error as MeasureError {
                // An uncoded corpus: say what to run, as the discovery pages do.
                throw HTTPError(.badRequest, message: error.description)
            }
        }
        return routes
    }
}
