import Foundation
import Hummingbird
import NIOPosix
import SinmunCode
import SinmunMeasure

/// `/code`, `/code/{id}` and `/labels.csv`: people label articles, and export their labels.
struct CodingRoutes {
    let site: DashboardSite

    var collection: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        routes.blockingGet("/code") { request, _ in try list(request) }
        routes.blockingGet("/code/{id}") { request, context in try form(request, context) }
        routes.post("/code/{id}") { request, context in try await save(request, context) }
        routes.blockingGet("/labels.csv") { request, _ in try labels(request) }
        routes.blockingGet("/suggest") { request, _ in try suggest(request) }
        return routes
    }

    func list(_ request: Request) throws -> Response {
        let name = try site.coder(QueryFields(request).get("coder"))
        let parameters = try SearchParameters(request, codebook: site.codebook)
        let page = CodingListPage(
            try parameters.run(on: site.store), parameters, codes: site.codeNames, coder: name,
            coders: try site.store.coders())
        return try site.page(page, template: "coding-list")
    }

    func form(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        let article = try site.detail(try site.articleID(context))
        let name = try site.coder(QueryFields(request).get("coder")) ?? ""
        let labels = name.isEmpty ? [:] : try site.store.humanLabels(articleID: article.id, coder: name)
        let page = CodingPage(
            article, codebook: site.codebook, coder: name, labels: labels, csrf: site.csrfToken,
            saved: QueryFields(request).get("saved") == "1")
        var response = try site.page(page, template: "coding")
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func save(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try site.articleID(context)
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let form: CodingForm
        do {
            form = try URLEncodedFormDecoder().decode(CodingForm.self, from: String(buffer: buffer))
        } catch {
            throw HTTPError(.badRequest, message: "the form could not be read: \(error)")
        }
        guard let csrf = form.csrf, TokenMiddleware<BasicRequestContext>.constantTimeEqual(csrf, site.csrfToken) else {
            throw HTTPError(.forbidden, message: "the form's CSRF token is missing or wrong; reload the coding page")
        }
        guard let name = try site.coder(form.coder) else { throw HTTPError(.badRequest, message: "give a coder name") }
        let chosen = Set(form.code ?? [])
        guard chosen.isSubset(of: Set(site.codeNames)) else {
            throw HTTPError(.badRequest, message: "unknown code in the form")
        }
        let labels = Dictionary(uniqueKeysWithValues: site.codeNames.map { ($0, chosen.contains($0)) })
        // The corpus is read and written synchronously: on the thread pool, as every GET is.
        try await NIOThreadPool.singleton.runIfActive { [site] in
            _ = try site.detail(id)
            try site.store.saveHumanLabels(articleID: id, coder: name, labels: labels)
        }
        let location = "/code/\(id)" + DashboardSite.query([("coder", name), ("saved", "1")])
        return Response(status: .seeOther, headers: [.location: location])
    }

    /// Terms that would extend a code, from one coder's saved labels.
    func suggest(_ request: Request) throws -> Response {
        let fields = QueryFields(request)
        let code = fields.get("code").flatMap { $0.isEmpty ? nil : $0 } ?? site.codeNames.first ?? ""
        guard site.codebook.code(named: code) != nil else {
            throw HTTPError(.badRequest, message: "no code '\(code)' in \(site.codebook.name)")
        }
        let coders = try site.store.coders()
        let coder = try site.coder(fields.get("coder")) ?? coders.first ?? ""
        var report: TermSuggestions.Report?
        var message: String?
        if coder.isEmpty {
            message = "No labels yet: label articles on the coding pages first."
        } else {
            let csv = try site.store.humanLabelCSV(coder: coder, codes: site.codeNames)
            let labels = try LabelSet.parse(Data(csv.utf8), file: "labels of \(coder)")
            do {
                report = try TermSuggestions.suggest(
                    code: code, codebook: site.codebook, labels: labels, store: site.store,
                    limit: 15)
                if report?.suggestions.isEmpty == true { message = "No term raises recall on these labels." }
            } catch let error as SuggestionError {
                message = error.description
            }
        }
        var response = try site.page(
            SuggestPage(
                code: code, coder: coder, codes: site.codeNames, coders: coders, report: report, message: message),
            template: "suggest")
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func labels(_ request: Request) throws -> Response {
        guard let name = try site.coder(QueryFields(request).get("coder")) else {
            throw HTTPError(.badRequest, message: "give coder=NAME")
        }
        let csv = try site.store.humanLabelCSV(coder: name, codes: site.codeNames)
        let file = "labels-\(name.replacingOccurrences(of: " ", with: "_")).csv"
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}
