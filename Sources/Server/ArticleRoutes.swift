import Hummingbird

/// `/article/{id}`: one article, its evidence marked.
struct ArticleRoutes {
    let site: DashboardSite

    var collection: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        routes.blockingGet("/article/{id}") { _, context in
            let article = try site.detail(try site.articleID(context))
            return try site.page(ArticlePage(article, codebook: site.codebook.name), template: "article")
        }
        return routes
    }
}
