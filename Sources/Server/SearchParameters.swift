import Foundation
import Hummingbird
import SinmunCode
import SinmunCollect
import SinmunRead
import SinmunStore

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
        let q = QueryFields(request)
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

    func run(on store: any DashboardBackend) throws -> SearchResult {
        let query = SearchQuery(typed: text)
        if query.isEmpty { return try store.listArticles(filter: filter, limit: limit, offset: offset) }
        return try store.search(
            query, filter: filter, limit: limit, offset: offset, rankingWindow: CorpusStore.rankingWindow)
    }
}
