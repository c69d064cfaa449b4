import Foundation
import Hummingbird
import SinmunShow
import SinmunStore

/// `/alerts` and `/alerts.atom`: what the watch has raised, as a page and as a feed.
struct AlertRoutes {
    let site: DashboardSite

    /// The newest alerts a page or the feed shows.
    static let limit = 200

    var collection: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        routes.blockingGet("/alerts") { _, _ in
            let alerts = try site.store.watchAlerts(limit: Self.limit)
            let page = AlertsPage(
                alerts: alerts, total: try site.store.alertCount().count,
                rules: try site.store.watchRules())
            return try site.page(page, template: "alerts")
        }
        routes.blockingGet("/alerts.atom") { _, _ in
            // Links are relative: a feed reader resolves them against the feed's own address.
            let feed = try AlertFeed.atom(
                alerts: try site.store.watchAlerts(limit: Self.limit), link: "/alerts",
                selfLink: "/alerts.atom",
                articleLink: { "/article/\($0)" })
            return Response(
                status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: feed)))
        }
        return routes
    }
}
