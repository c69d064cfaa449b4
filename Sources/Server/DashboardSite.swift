import Foundation
import Hummingbird
import SinmunCode
import SinmunRead
import SinmunShow
import SinmunStore

/// What every feature's routes share: the corpus, the codebook, the coding forms' CSRF token,
/// the page templates, and the few ways a route answers (a page, JSON, a redirect).
struct DashboardSite: Sendable {
    let store: any DashboardBackend
    let codebook: Codebook
    let csrfToken: String
    let views: TemplateLibrary
    /// The word analyser, for what reads sentences on request (the co-occurrence network).
    let analyzer: WordAnalyzer

    var codeNames: [String] { codebook.codes.map(\.name) }

    /// A page from a template; the view's stored properties are what the template names.
    func page(_ view: Any, template: String, status: HTTPResponse.Status = .ok) throws -> Response {
        html(try views.render(view, template: template), status: status)
    }

    /// HTML already rendered (the study report).
    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// JSON with sorted keys: the API's answers are stable byte for byte.
    func json(_ value: any Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }

    /// The `{id}` of an article route: 16 hexadecimal digits.
    func articleID(_ context: some RequestContext) throws -> String {
        guard let id = context.parameters.get("id"), id.count == 16, id.allSatisfy(\.isHexDigit) else {
            throw HTTPError(.badRequest, message: "an article id is 16 hexadecimal digits")
        }
        return id
    }

    /// The article with that id, or a 404.
    func detail(_ id: String) throws -> ArticleDetail {
        guard let article = try store.article(id: id) else { throw HTTPError(.notFound, message: "no article \(id)") }
        return article
    }

    /// A coder's name as typed in a form or link; nil when empty.
    func coder(_ raw: String?) throws -> String? {
        guard let raw, !raw.isEmpty else { return nil }
        guard raw.count <= 64, raw.allSatisfy({ $0.isLetter || $0.isNumber || " _.-".contains($0) }) else {
            throw HTTPError(.badRequest, message: "a coder name is 1–64 letters, digits, spaces, '.', '_' or '-'")
        }
        return raw
    }

    /// `?name=value&…` for a link, empty values left out, everything percent-encoded.
    static func query(_ items: [(String, String?)]) -> String {
        var components = URLComponents()
        components.queryItems = items.compactMap { name, value in
            value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) }
        }
        return components.percentEncodedQuery.map { "?" + $0 } ?? ""
    }
}
