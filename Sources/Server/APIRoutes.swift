import Hummingbird
import SinmunStore

/// `/api/…`: the same corpus as JSON (Docs/openapi.yaml describes every answer).
struct APIRoutes {
    let site: DashboardSite

    /// `/api/search`'s answer.
    struct SearchPage: Encodable {
        var total: Int
        var offset: Int
        var rankedAmong: Int?
        var hits: [SearchHit]
    }

    /// `/api/codes`' answer.
    struct CodesPage: Encodable {
        var total: Int
        var offset: Int
        var articles: [CodedArticle]
    }

    var collection: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        routes.blockingGet("/api/search") { request, _ in try search(request) }
        routes.blockingGet("/api/series") { request, _ in
            let code = QueryFields(request).get("code").flatMap { $0.isEmpty ? nil : $0 }
            return try site.json(try SeriesRequest(request, code: code, site: site).run(on: site.store))
        }
        routes.blockingGet("/api/article/{id}") { _, context in
            try site.json(try site.detail(try site.articleID(context)))
        }
        routes.blockingGet("/api/codes") { request, _ in try codes(request) }
        return routes
    }

    func search(_ request: Request) throws -> Response {
        let parameters = try SearchParameters(request, codebook: site.codebook)
        let result = try parameters.run(on: site.store)
        return try site.json(
            SearchPage(
                total: result.total, offset: parameters.offset, rankedAmong: result.rankedAmong, hits: result.hits))
    }

    func codes(_ request: Request) throws -> Response {
        let parameters = try SearchParameters(request, codebook: site.codebook)
        var records: [CodedArticle] = []
        var seen = 0
        try site.store.codedArticles(codebook: site.codebook.name, filter: parameters.filter) { article in
            if seen >= parameters.offset && records.count < parameters.limit { records.append(article) }
            seen += 1
        }
        return try site.json(CodesPage(total: seen, offset: parameters.offset, articles: records))
    }
}
