import Foundation
import Hummingbird
import SinmunShow

/// `/report`: the study report of the corpus as it is now.
struct ReportRoutes {
    let site: DashboardSite

    var collection: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        routes.blockingGet("/report") { _, _ in
            let report = try site.sqlite("The study report").studyReport(
                codebook: site.codebook,
                options: ReportOptions(generatedAt: ISO8601DateFormatter().string(from: Date())))
            return site.html(try ReportRenderer.html(report))
        }
        return routes
    }
}
