import Foundation
import Hummingbird
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunRead
import SinmunShow
import SinmunStore

/// How the dashboard is served.
public struct DashboardOptions: Sendable {
    public var host: String
    public var port: Int
    /// Required on every request when set; required to bind anywhere but loopback.
    public var token: String?
    public var codebook: Codebook

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, codebook: Codebook) {
        self.host = host
        self.port = port
        self.token = token
        self.codebook = codebook
    }

    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }
}

/// Every route, for registration and for the OpenAPI file's sync test.
public enum DashboardRoutes {
    public static let all: [(method: String, path: String)] = [
        ("GET", "/"), ("GET", "/search"), ("GET", "/timeline/{code}"), ("GET", "/article/{id}"),
        ("GET", "/code"), ("GET", "/code/{id}"), ("POST", "/code/{id}"), ("GET", "/labels.csv"), ("GET", "/report"),
        ("GET", "/api/search"), ("GET", "/api/series"), ("GET", "/api/article/{id}"), ("GET", "/api/codes"),
    ]
}

/// Query parameters of a search, validated.
struct SearchParameters {
    var text: String
    var fromText: String?
    var toText: String?
    var outlet: String?
    var lang: String?
    var code: String?
    var offset: Int
    var limit: Int
    var filter: ArticleFilter

    static let maximumQueryLength = 1000

    init(_ request: Request, codebook: Codebook) throws {
        let q = request.uri.queryParameters
        text = q.get("q") ?? ""
        guard text.count <= Self.maximumQueryLength else {
            throw HTTPError(.badRequest, message: "the query is longer than \(Self.maximumQueryLength) characters")
        }
        func date(_ name: String, end: Bool) throws -> (String?, PublicationDate?) {
            guard let raw = q.get(name), !raw.isEmpty else { return (nil, nil) }
            guard raw.count <= 20, let parsed = DateParsing.parse(raw) else {
                throw HTTPError(.badRequest, message: "\(name) is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
            }
            return (raw, end ? parsed.endOfPeriod : parsed)
        }
        let (fromText, from) = try date("from", end: false)
        let (toText, to) = try date("to", end: true)
        self.fromText = fromText
        self.toText = toText
        outlet = q.get("outlet").flatMap { $0.isEmpty ? nil : $0 }
        lang = q.get("lang").flatMap { $0.isEmpty ? nil : $0 }
        if let lang, !(lang.count <= 8 && lang.allSatisfy { $0.isLetter }) {
            throw HTTPError(.badRequest, message: "lang must be a language code such as ko or en")
        }
        if let outlet, outlet.count > 40 { throw HTTPError(.badRequest, message: "outlet is too long") }
        code = q.get("code").flatMap { $0.isEmpty ? nil : $0 }
        if let code, codebook.code(named: code) == nil {
            throw HTTPError(
                .badRequest, message: "unknown code; known: \(codebook.codes.map(\.name).joined(separator: ", "))")
        }
        guard let offset = Int(q.get("offset") ?? "0"), (0...100_000).contains(offset) else {
            throw HTTPError(.badRequest, message: "offset must be a whole number from 0")
        }
        guard let limit = Int(q.get("limit") ?? "20"), (1...100).contains(limit) else {
            throw HTTPError(.badRequest, message: "limit must be from 1 to 100")
        }
        self.offset = offset
        self.limit = limit
        filter = ArticleFilter(
            from: from, to: to, outlet: outlet.map(Outlet.init(name:)), language: lang,
            codebook: code == nil ? nil : codebook.name, code: code)
    }

    func linkItems(offset: Int) -> [(String, String?)] {
        [
            ("q", text), ("from", fromText), ("to", toText), ("outlet", outlet), ("lang", lang), ("code", code),
            ("offset", String(offset)),
        ]
    }

    func run(on store: CorpusStore) throws -> SearchResult {
        let query = SearchQuery(typed: text)
        if query.isEmpty { return try store.listArticles(filter: filter, limit: limit, offset: offset) }
        return try store.search(query, filter: filter, limit: limit, offset: offset)
    }
}

/// Security headers on every response: a strict Content-Security-Policy (no script at all),
/// no sniffing, no framing, no referrer; and caching suited to each answer.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Response(
                status: error.status, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: (error.body ?? error.status.reasonPhrase) + "\n")))
        } catch {
            // Never a stack trace: the message says what failed, in general terms.
            response = Response(
                status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "internal error\n")))
        }
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = request.method == .get ? "private, max-age=30" : "no-store"
        }
        return response
    }
}

/// Requires the token on every request when one is configured: `Authorization: Bearer T`,
/// or `?token=T` once (which sets a cookie for the links that follow).
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let query = request.uri.queryParameters.get("token")
        let cookie = request.cookies["sinmun_token"]?.value
        guard let given = bearer ?? query ?? cookie, Self.constantTimeEqual(given, token) else {
            throw HTTPError(.unauthorized, message: "a token is required: Authorization: Bearer TOKEN or ?token=TOKEN")
        }
        var response = try await next(request, context)
        if query != nil {
            response.setCookie(
                Cookie(name: "sinmun_token", value: token, path: "/", secure: false, httpOnly: true, sameSite: .strict))
        }
        return response
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

public enum Dashboard {
    /// The router with every page and API endpoint.
    public static func router(
        store: CorpusStore, options: DashboardOptions, csrfToken: String = randomToken()
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeadersMiddleware())
        if let token = options.token { router.add(middleware: TokenMiddleware(token: token)) }
        let codebook = options.codebook
        let codeNames = codebook.codes.map(\.name)

        @Sendable func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
            Response(
                status: status, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        @Sendable func json(_ value: any Encodable) throws -> Response {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
        }
        @Sendable func articleID(_ context: BasicRequestContext) throws -> String {
            guard let id = context.parameters.get("id"), id.count == 16, id.allSatisfy(\.isHexDigit) else {
                throw HTTPError(.badRequest, message: "an article id is 16 hexadecimal digits")
            }
            return id
        }
        @Sendable func detail(_ id: String) throws -> ArticleDetail {
            guard let article = try store.article(id: id) else {
                throw HTTPError(.notFound, message: "no article \(id)")
            }
            return article
        }
        @Sendable func coder(_ raw: String?) throws -> String? {
            guard let raw, !raw.isEmpty else { return nil }
            guard raw.count <= 64, raw.allSatisfy({ $0.isLetter || $0.isNumber || " _.-".contains($0) }) else {
                throw HTTPError(.badRequest, message: "a coder name is 1–64 letters, digits, spaces, '.', '_' or '-'")
            }
            return raw
        }

        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/search"]) }

        router.get("/search") { request, _ -> Response in
            let parameters = try SearchParameters(request, codebook: codebook)
            let result = try parameters.run(on: store)
            return html(
                DashboardPages.page(
                    "Search",
                    DashboardPages.searchForm(parameters, codes: codeNames) + DashboardPages.results(result, parameters)
                ))
        }

        router.get("/api/search") { request, _ -> Response in
            let parameters = try SearchParameters(request, codebook: codebook)
            let result = try parameters.run(on: store)
            struct Page: Encodable {
                var total: Int
                var offset: Int
                var rankedAmong: Int?
                var hits: [SearchHit]
            }
            return try json(
                Page(total: result.total, offset: parameters.offset, rankedAmong: result.rankedAmong, hits: result.hits)
            )
        }

        @Sendable func series(_ request: Request, code: String?) throws -> [Series] {
            let q = request.uri.queryParameters
            guard let period = Period(rawValue: q.get("by") ?? "month") else {
                throw HTTPError(.badRequest, message: "by must be day, week, month, quarter or year")
            }
            let text = q.get("query")
            if let text, text.count > SearchParameters.maximumQueryLength {
                throw HTTPError(.badRequest, message: "the query is too long")
            }
            let subject: SeriesSubject
            if let code {
                guard codebook.code(named: code) != nil else {
                    throw HTTPError(.notFound, message: "unknown code '\(code)'")
                }
                subject = .code(code, codebook)
            } else if let text, !text.isEmpty {
                subject = .query(text)
            } else {
                throw HTTPError(.badRequest, message: "give code=NAME or query=TEXT")
            }
            do {
                return try store.series(of: subject, period: period)
            } catch let error as MeasureError {
                throw HTTPError(.badRequest, message: error.description)
            }
        }

        router.get("/api/series") { request, _ -> Response in
            let code = request.uri.queryParameters.get("code").flatMap { $0.isEmpty ? nil : $0 }
            return try json(try series(request, code: code))
        }

        router.get("/timeline/{code}") { request, context -> Response in
            guard let code = context.parameters.get("code") else { throw HTTPError(.badRequest) }
            let all = try series(request, code: code)
            guard let s = all.first, !s.points.isEmpty else {
                return html(DashboardPages.page("Timeline: \(code)", "<p>No dated article yet.</p>"))
            }
            let changes = ChangeAnalysis.analyse(s)
            let links: [String?] = s.points.map { point in
                let start = Period.firstDay(of: point.period)
                return "/search"
                    + DashboardPages.query([
                        ("code", code), ("from", start), ("to", s.period == .day ? start : point.period),
                    ])
            }
            var body =
                "<p>\(s.total) of \(s.totalExposure) articles carry <code>\(DashboardPages.e(code))</code>. Click a bar to read its articles.</p>"
            body +=
                "<p>"
                + Period.allCases.map {
                    "<a href=\"/timeline/\(DashboardPages.e(code))?by=\($0.rawValue)\">\($0.rawValue)</a>"
                }.joined(separator: " · ") + "</p>"
            body += Charts.bars(
                id: "timeline", title: "\(code) per \(s.period.rawValue)",
                description: "Articles with the code per period; hatched periods have no articles.",
                labels: s.points.map(\.period), values: s.points.map { $0.count.map(Double.init) }, links: links,
                markers: Dictionary(changes.changes.map { ($0.period, "change") }, uniquingKeysWith: { a, _ in a }))
            body += "<table><tr><th>Period</th><th>With code</th><th>All</th><th>Share</th></tr>"
            for (point, link) in zip(s.points, links) where !point.gap {
                body +=
                    "<tr><td><a href=\"\(DashboardPages.e(link ?? ""))\">\(DashboardPages.e(point.period))</a></td><td>\(point.count ?? 0)</td><td>\(point.exposure)</td><td>\(String(format: "%.2f%%", (point.share ?? 0) * 100))</td></tr>"
            }
            body += "</table>"
            return html(DashboardPages.page("Timeline: \(code)", body))
        }

        router.get("/article/{id}") { _, context -> Response in
            let article = try detail(try articleID(context))
            return html(DashboardPages.page(article.title, DashboardPages.article(article, codebook: codebook.name)))
        }

        router.get("/api/article/{id}") { _, context -> Response in
            try json(try detail(try articleID(context)))
        }

        router.get("/api/codes") { request, _ -> Response in
            let parameters = try SearchParameters(request, codebook: codebook)
            var records: [CodedArticle] = []
            var seen = 0
            try store.codedArticles(codebook: codebook.name, filter: parameters.filter) { article in
                if seen >= parameters.offset && records.count < parameters.limit { records.append(article) }
                seen += 1
            }
            struct Page: Encodable {
                var total: Int
                var offset: Int
                var articles: [CodedArticle]
            }
            return try json(Page(total: seen, offset: parameters.offset, articles: records))
        }

        router.get("/code") { request, _ -> Response in
            let name = try coder(request.uri.queryParameters.get("coder"))
            let parameters = try SearchParameters(request, codebook: codebook)
            let list = try parameters.run(on: store)
            var body =
                "<p>Pick an article to label. Coders so far: \(try store.coders().map(DashboardPages.e).joined(separator: ", "))</p>"
            body += DashboardPages.searchForm(parameters, codes: codeNames)
            for hit in list.hits {
                body +=
                    "<div class=\"hit\"><a href=\"/code/\(DashboardPages.e(hit.id))\(DashboardPages.query([("coder", name)]))\">\(DashboardPages.e(hit.title))</a> <span class=\"meta\">\(DashboardPages.e(hit.date ?? "")) · \(DashboardPages.e(hit.outlet))</span></div>"
            }
            return html(DashboardPages.page("Coding", body))
        }

        router.get("/code/{id}") { request, context -> Response in
            let article = try detail(try articleID(context))
            let name = try coder(request.uri.queryParameters.get("coder")) ?? ""
            let labels = name.isEmpty ? [:] : try store.humanLabels(articleID: article.id, coder: name)
            var response = html(
                DashboardPages.page(
                    "Code: \(article.title)",
                    DashboardPages.codingForm(
                        article, codebook: codebook, coder: name, labels: labels, csrf: csrfToken,
                        saved: request.uri.queryParameters.get("saved") == "1")))
            response.headers[.cacheControl] = "no-store"
            return response
        }

        router.post("/code/{id}") { request, context -> Response in
            let id = try articleID(context)
            let buffer = try await request.body.collect(upTo: 64 * 1024)
            let form = FormFields(String(buffer: buffer))
            guard let csrf = form.first("csrf"), TokenMiddleware<BasicRequestContext>.constantTimeEqual(csrf, csrfToken)
            else {
                throw HTTPError(
                    .forbidden, message: "the form's CSRF token is missing or wrong; reload the coding page")
            }
            guard let name = try coder(form.first("coder")) else {
                throw HTTPError(.badRequest, message: "give a coder name")
            }
            let chosen = Set(form.all("code"))
            guard chosen.isSubset(of: Set(codeNames)) else {
                throw HTTPError(.badRequest, message: "unknown code in the form")
            }
            guard try store.article(id: id) != nil else { throw HTTPError(.notFound, message: "no article \(id)") }
            try store.saveHumanLabels(
                articleID: id, coder: name,
                labels: Dictionary(uniqueKeysWithValues: codeNames.map { ($0, chosen.contains($0)) }))
            return Response(
                status: .seeOther,
                headers: [.location: "/code/\(id)" + DashboardPages.query([("coder", name), ("saved", "1")])])
        }

        router.get("/labels.csv") { request, _ -> Response in
            guard let name = try coder(request.uri.queryParameters.get("coder")) else {
                throw HTTPError(.badRequest, message: "give coder=NAME")
            }
            let csv = try store.humanLabelCSV(coder: name, codes: codeNames)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8",
                    .contentDisposition:
                        "attachment; filename=\"labels-\(name.replacingOccurrences(of: " ", with: "_")).csv\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: csv)))
        }

        router.get("/report") { _, _ -> Response in
            let report = try store.studyReport(
                codebook: codebook, options: ReportOptions(generatedAt: ISO8601DateFormatter().string(from: Date())))
            return html(ReportRenderer.html(report))
        }
        return router
    }

    public static func randomToken() -> String {
        (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// Builds the application; refuses a non-loopback address without a token.
    public static func application(store: CorpusStore, options: DashboardOptions) throws -> some ApplicationProtocol {
        if !DashboardOptions.isLoopback(options.host) && (options.token ?? "").isEmpty {
            throw DashboardError(
                "binding to \(options.host) needs a token (--token or SINMUN_TOKEN); the dashboard holds writable coding forms"
            )
        }
        return Application(
            router: router(store: store, options: options),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "Sinmun"))
    }
}

public struct DashboardError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// application/x-www-form-urlencoded fields.
struct FormFields {
    let pairs: [(String, String)]

    init(_ body: String) {
        pairs = body.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
        }
    }

    func first(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }
    func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }
}
