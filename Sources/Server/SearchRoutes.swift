import Hummingbird

/// `/` and `/search`: the search page.
struct SearchRoutes {
    let site: DashboardSite

    var collection: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        routes.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/search"]) }
        routes.blockingGet("/search") { request, _ in try search(request) }
        return routes
    }

    func search(_ request: Request) throws -> Response {
        let parameters = try SearchParameters(request, codebook: site.codebook)
        let result = try parameters.run(on: site.store)
        return try site.page(SearchPage(result, parameters, codes: site.codeNames), template: "search")
    }
}
