import Hummingbird

/// `/timeline/{code}`: a code's articles per period, each bar a link to its articles.
struct TimelineRoutes {
    let site: DashboardSite

    var collection: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        routes.blockingGet("/timeline/{code}") { request, context in try timeline(request, context) }
        return routes
    }

    func timeline(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        guard let code = context.parameters.get("code") else { throw HTTPError(.badRequest) }
        let series = try SeriesRequest(request, code: code, site: site)
        let page = TimelinePage(code: code, series: try series.run(on: site.store).first, period: series.period)
        return try site.page(page, template: "timeline")
    }
}
