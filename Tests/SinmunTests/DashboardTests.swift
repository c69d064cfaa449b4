import Foundation
import Hummingbird
import HummingbirdTesting
import SinmunCode
import SinmunRead
import SinmunServer
import SinmunStore
import Testing
import Yams

@Suite struct DashboardTests {
    static let feed = """
        {"title": "<script>alert('x')</script> Drone Test", \
        "body": ["The leader called for introducing artificial intelligence into drone development.", \
        "\\"><img src=x onerror=alert(1)> & more."], "date": "2024-08-26", "outlet": "kcna", \
        "url": "http://example.org/a"}
        {"title": "로동신문 사설", "body": "인공지능기술을 받아들이자. 조선로동당의 정책이다.", "date": "2024-12-10", "outlet": "rodong", \
        "lang": "ko", "url": "http://example.org/b"}
        {"title": "Farm news", "body": "Farmers harvested rice.", "date": "2024-09-02", "outlet": "kcna", \
        "url": "javascript:alert(2)"}
        """

    static func setup() throws -> (CorpusStore, Codebook, String) {
        let store = try Scratch.store()
        _ = try store.importArchive(try Scratch.file("feed.jsonl", feed))
        let book = try BuiltInCodebooks.load("ai-discourse")
        _ = try store.code(with: book)
        _ = try store.analyze(with: WordAnalyzer(dicdir: nil))
        var id = ""
        try store.codedArticles(codebook: book.name) { if $0.title.contains("Drone Test") { id = $0.id } }
        return (store, book, id)
    }

    static func app(token: String? = nil, csrf: String = "testcsrf") throws -> (some ApplicationProtocol, String) {
        let (store, book, id) = try setup()
        let router = try Dashboard.router(
            store: store, options: DashboardOptions(token: token, codebook: book), csrfToken: csrf)
        return (Application(router: router), id)
    }

    static func get(
        _ client: some TestClientProtocol, _ uri: String, headers: HTTPFields = [:]
    ) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        try await client.execute(uri: uri, method: .get, headers: headers) {
            ($0.status, String(buffer: $0.body), $0.headers)
        }
    }

    @Test func everyPageAndEndpointAnswers() async throws {
        let (app, id) = try Self.app()
        try await app.test(.router) { client in
            for uri in [
                "/search", "/search?q=drone", "/search?q=노동", "/timeline/ai", "/timeline/ai?by=year", "/article/\(id)",
                "/code",
                "/code/\(id)?coder=Ann", "/labels.csv?coder=Ann", "/report", "/api/search?q=drone",
                "/api/series?code=ai",
                "/api/series?query=drone&by=month", "/api/article/\(id)", "/api/codes?code=ai",
                "/keyness", "/keyness?target=outlet:kcna&minCount=1", "/api/keyness?target=outlet:kcna&minCount=1",
                "/terms", "/terms?scope=outlet:kcna&by=month", "/api/terms?by=month&minCount=1", "/network",
                "/network?code=ai", "/api/network?code=ai&minCount=1", "/topics", "/suggest", "/alerts", "/alerts.atom",
                "/suggest?code=military&coder=Ann",
            ] {
                let (status, body, headers) = try await Self.get(client, uri)
                #expect(status == .ok, "\(uri): \(status) \(body.prefix(200))")
                #expect(headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(uri)")
                #expect(headers[.xContentTypeOptions] == "nosniff")
            }
            let (status, _, headers) = try await Self.get(client, "/")
            #expect(status == .seeOther && headers[.location] == "/search")
        }
    }

    @Test func searchFindsFoldedSpellingAndEscapesText() async throws {
        let (app, _) = try Self.app()
        try await app.test(.router) { client in
            let (_, korean, _) = try await Self.get(client, "/search?q=%EB%85%B8%EB%8F%99")  // 노동
            #expect(korean.contains("<mark>로동</mark>"))
            let (_, drone, _) = try await Self.get(client, "/search?q=drone")
            #expect(!drone.contains("<script>alert"))
            #expect(drone.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            // A GET form sends spaces as '+': two words typed in the box are two words.
            let (_, typed, _) = try await Self.get(client, "/search?q=artificial+intelligence&outlet=")
            #expect(typed.contains("value=\"artificial intelligence\""))
            #expect(typed.contains("1 article(s)"))
            let (_, list, _) = try await Self.get(client, "/search?code=ai&from=2024-08&to=2024-08")
            #expect(list.contains("1 article(s)"))
        }
    }

    @Test(arguments: [
        "\"", "*", "NEAR(", "-drone", "title:drone", "' OR 1=1 --", "(((", "\"unbalanced", "<script>alert(1)</script>",
    ])
    func hostileQueriesNeverFail(query: String) async throws {
        let (app, _) = try Self.app()
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await app.test(.router) { client in
            let (status, body, _) = try await Self.get(client, "/search?q=\(encoded)")
            #expect(status == .ok)
            #expect(!body.contains("<script>alert(1)"))
            let (apiStatus, _, _) = try await Self.get(client, "/api/search?q=\(encoded)")
            #expect(apiStatus == .ok)
        }
    }

    @Test func badParametersAre400AndUnknownIds404() async throws {
        let (app, _) = try Self.app()
        let long = String(repeating: "인공지능", count: 2600)  // about 10 kB
        try await app.test(.router) { client in
            let cases: [(String, HTTPResponse.Status)] = [
                ("/search?q=\(long.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", .badRequest),
                ("/api/search?from=yesterday", .badRequest), ("/search?to=2024-13-45", .badRequest),
                ("/search?limit=0", .badRequest), ("/search?offset=-3", .badRequest),
                ("/search?code=nope", .badRequest),
                ("/search?lang=%3Cscript%3E", .badRequest),
                ("/article/zzz", .badRequest), ("/article/0123456789abcdef", .notFound),
                ("/api/article/0123456789abcdef", .notFound),
                ("/timeline/nope", .notFound), ("/api/series?by=decade&code=ai", .badRequest),
                ("/api/series", .badRequest),
                ("/code/0123456789abcdef", .notFound), ("/labels.csv", .badRequest),
                ("/labels.csv?coder=%3Cscript%3Ealert(1)%3C%2Fscript%3E", .badRequest), ("/nowhere", .notFound),
            ]
            for (uri, expected) in cases {
                let (status, body, headers) = try await Self.get(client, uri)
                #expect(status == expected, "\(uri.prefix(80)): \(status) \(body.prefix(120))")
                #expect(!body.contains("Fatal") && !body.contains(".swift"))
                // One error path: people get a page, programs under /api/ get JSON.
                if uri.hasPrefix("/api/") {
                    #expect(headers[.contentType] == "application/json", "\(uri)")
                    #expect(body.hasPrefix("{\"error\":"), "\(uri): \(body.prefix(80))")
                } else {
                    #expect(headers[.contentType]?.hasPrefix("text/html") == true, "\(uri)")
                    #expect(body.contains("<p class=\"error\">"), "\(uri): \(body.prefix(80))")
                }
            }
            // The message repeats what was asked, escaped like every other text on a page.
            let (_, page, _) = try await Self.get(client, "/timeline/a'b&c")
            #expect(page.contains("unknown code &#39;a&#39;b&amp;c&#39;"))
            let (_, api, _) = try await Self.get(client, "/api/article/0123456789abcdef")
            #expect(api == "{\"error\":\"no article 0123456789abcdef\"}")
        }
    }

    @Test func codingFormNeedsCSRFAndExportsLabels() async throws {
        let (app, id) = try Self.app(csrf: "secret-csrf")
        try await app.test(.router) { client in
            let (_, form, headers) = try await Self.get(client, "/code/\(id)?coder=Ann")
            #expect(form.contains("name=\"csrf\" value=\"secret-csrf\""))
            #expect(headers[.cacheControl] == "no-store")
            let post: (String) async throws -> (HTTPResponse.Status, HTTPFields) = { body in
                try await client.execute(
                    uri: "/code/\(id)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: body)
                ) { ($0.status, $0.headers) }
            }
            // The form posts its checkboxes as code[] (Hummingbird's URLEncodedFormDecoder reads arrays so).
            #expect(form.contains("name=\"code[]\" value=\"ai\""))
            #expect(try await post("coder=Ann&code[]=ai&code[]=military").0 == .forbidden)
            #expect(try await post("csrf=wrong&coder=Ann&code[]=ai").0 == .forbidden)
            #expect(try await post("csrf=secret-csrf&coder=%3Cscript%3E&code[]=ai").0 == .badRequest)
            #expect(try await post("csrf=secret-csrf&coder=Ann&code[]=nope").0 == .badRequest)
            // A repeated plain field is not a list: refused, not half-read.
            #expect(try await post("csrf=secret-csrf&coder=Ann&code=ai&code=military").0 == .badRequest)
            let (status, location) = try await post("csrf=secret-csrf&coder=Ann&code%5B%5D=ai&code[]=military")
            #expect(status == .seeOther)
            #expect(location[.location]?.contains("saved=1") == true)
            let (_, csv, _) = try await Self.get(client, "/labels.csv?coder=Ann")
            let lines = csv.split(separator: "\n")
            #expect(lines.first?.hasPrefix("url,ai,") == true)
            #expect(lines.count == 2)
            #expect(lines[1].hasPrefix("http://example.org/a,1,"))
            let (_, again, _) = try await Self.get(client, "/code/\(id)?coder=Ann")
            #expect(again.contains("value=\"ai\" checked"))
        }
    }

    @Test func tokenIsRequiredWhenSet() async throws {
        let (app, _) = try Self.app(token: "s3cret")
        try await app.test(.router) { client in
            #expect(try await Self.get(client, "/search").0 == .unauthorized)
            #expect(try await Self.get(client, "/search?token=wrong").0 == .unauthorized)
            #expect(
                try await Self.get(client, "/api/search?q=drone", headers: [.authorization: "Bearer s3cret"]).0 == .ok)
            let (status, _, headers) = try await Self.get(client, "/search?token=s3cret")
            #expect(status == .ok)
            #expect(headers[.setCookie]?.contains("sinmun_token=s3cret") == true)
        }
        let (store, book, _) = try Self.setup()
        #expect(throws: DashboardError.self) {
            _ = try Dashboard.application(store: store, options: DashboardOptions(host: "0.0.0.0", codebook: book))
        }
        _ = try Dashboard.application(
            store: store, options: DashboardOptions(host: "0.0.0.0", token: "t", codebook: book))
    }

    @Test func articlePageHighlightsEvidenceAndLinksOnlyHTTP() async throws {
        let (app, id) = try Self.app()
        try await app.test(.router) { client in
            let (_, page, _) = try await Self.get(client, "/article/\(id)")
            #expect(page.contains("<mark>artificial intelligence</mark>"))
            #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; more."))
            #expect(!page.contains("<img src=x"))
            let (_, farm, _) = try await Self.get(client, "/search?q=farm")
            #expect(!farm.contains("javascript:"))
        }
    }

    @Test func articlePageMarksSpeakersAndQuotesEscaped() async throws {
        let store = try Scratch.store()
        let feed = """
            {"title": "Visit", "body": "Kim Jong Un visited the institute. He stressed that artificial intelligence \
            <script>x</script> must serve the people.", "date": "2024-08-26", "outlet": "kcna", \
            "url": "http://example.org/v"}
            {"title": "Fair", "body": "Artificial intelligence robots were shown. Soldiers saw artillery.", \
            "date": "2024-09-01", "outlet": "kcna", "url": "http://example.org/f"}
            """
        _ = try store.importArchive(try Scratch.file("visit.jsonl", feed))
        let book = try BuiltInCodebooks.load("ai-discourse")
        _ = try store.code(with: book)
        var ids: [String: String] = [:]
        try store.codedArticles(codebook: book.name) { ids[$0.title] = $0.id }
        // A coder's labels feed the suggestion page.
        try store.saveHumanLabels(articleID: ids["Visit"]!, coder: "Ann", labels: ["ai": true, "military": false])
        try store.saveHumanLabels(articleID: ids["Fair"]!, coder: "Ann", labels: ["ai": true, "military": true])
        let router = try Dashboard.router(
            store: store, options: DashboardOptions(codebook: book), csrfToken: "t")
        let visit = ids["Visit"]!
        try await Application(router: router).test(.router) { client in
            let (_, page, _) = try await Self.get(client, "/article/\(visit)")
            #expect(page.contains("<span class=\"speaker\"><mark>Kim Jong Un</mark></span> visited"))
            #expect(
                page.contains("<q class=\"quote\"><mark>artificial intelligence</mark> &lt;script&gt;x&lt;/script&gt;"))
            #expect(!page.contains("<script>x"))
            #expect(page.contains("Who speaks"))
            #expect(page.contains("resolved from a pronoun"))
            #expect(page.contains("focus · speaks") || page.contains("mention · speaks"))
            let (status, suggest, _) = try await Self.get(client, "/suggest?code=military&coder=Ann")
            #expect(status == .ok)
            #expect(suggest.contains("1 positive and 1 negative label(s) by Ann"))
            #expect(suggest.contains("<strong>artillery</strong>"))
        }
    }

    @Test func openAPIDescribesEveryRoute() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Docs/openapi.yaml")
        let spec = try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any])
        let paths = try #require(spec["paths"] as? [String: Any])
        var documented = Set<String>()
        for (path, value) in paths {
            for method in (value as? [String: Any] ?? [:]).keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        let routes = Set(DashboardRoutes.all.map { "\($0.method) \($0.path)" })
        #expect(documented == routes)
    }
}
