import Foundation
import Hummingbird
import SinmunShow
import SinmunStore

/// The dashboard: search, timelines, articles, human coding and the report, served as plain
/// HTML pages (no script) and as JSON under `/api/`.
///
/// Each feature's routes are a `RouteCollection` of their own (`SearchRoutes`,
/// `TimelineRoutes`, `ArticleRoutes`, `CodingRoutes`, `ReportRoutes`, `APIRoutes`);
/// pages come from the Mustache templates in `Templates/`; every error leaves through
/// `ErrorPageMiddleware`. Routes that read the corpus run on NIO's thread pool for blocking
/// work; GET answers carry ETags, go out gzipped, and are kept until the corpus changes
/// (`PageCacheMiddleware`).
public enum Dashboard {
    /// The router with every page and API endpoint, on a SQLite corpus.
    public static func router(
        store: CorpusStore, options: DashboardOptions, csrfToken: String = randomToken()
    ) throws -> Router<BasicRequestContext> {
        try router(store: store, generation: try CorpusVersion(store: store), options: options, csrfToken: csrfToken)
    }

    /// The router with every page and API endpoint, on either backend: `generation` tells the
    /// page cache when the corpus changed.
    public static func router(
        store: any DashboardBackend, generation: any CorpusGeneration, options: DashboardOptions,
        csrfToken: String = randomToken()
    ) throws -> Router<BasicRequestContext> {
        let site = DashboardSite(
            store: store, codebook: options.codebook, csrfToken: csrfToken, views: try TemplateLibrary(bundle: .module),
            analyzer: options.analyzer)
        let router = Router()
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorPageMiddleware(site: site))
        if let token = options.token { router.add(middleware: TokenMiddleware(token: token)) }
        // After the token: a kept page is still only for those who may see it.
        router.add(
            middleware: PageCacheMiddleware(
                cache: PageCache(budget: options.cacheBytes), version: generation))
        router.addRoutes(SearchRoutes(site: site).collection)
        router.addRoutes(TimelineRoutes(site: site).collection)
        router.addRoutes(ArticleRoutes(site: site).collection)
        router.addRoutes(CodingRoutes(site: site).collection)
        router.addRoutes(ReportRoutes(site: site).collection)
        router.addRoutes(DiscoveryRoutes(site: site).collection)
        router.addRoutes(AlertRoutes(site: site).collection)
        router.addRoutes(APIRoutes(site: site).collection)
        return router
    }

    /// A fresh random token (the coding forms' CSRF token when none is given).
    public static func randomToken() -> String {
        (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// Builds the application on a SQLite corpus; refuses a non-loopback address without a token.
    public static func application(store: CorpusStore, options: DashboardOptions) throws -> some ApplicationProtocol {
        try application(store: store, generation: try CorpusVersion(store: store), options: options)
    }

    /// Builds the application on either backend; refuses a non-loopback address without a token.
    public static func application(
        store: any DashboardBackend, generation: any CorpusGeneration, options: DashboardOptions
    ) throws -> some ApplicationProtocol {
        if !DashboardOptions.isLoopback(options.host) && (options.token ?? "").isEmpty {
            throw DashboardError.tokenRequired(host: options.host)
        }
        return Application(
            router: try router(store: store, generation: generation, options: options),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "Sinmun"))
    }
}
