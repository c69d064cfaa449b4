import Foundation
import SinmunCollect
import SinmunStore

/// A set of articles named the same way in every discovery command, the report and the
/// dashboard: space-separated `key:value` pairs, such as
/// `code:ai from:2024-10-01 to:2024-10-31 outlet:kcna` or `lang:ko q:"국가적관리"`.
///
/// Keys: `code` (a code of the codebook in use), `q` (a search, folded as `sinmun search`
/// folds it), `from` and `to` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a year or month as `to`
/// means its last day), `outlet`, `lang`, `section`. A value with spaces goes in double
/// quotes. An empty text is the whole corpus.
public struct Scope: Sendable, Equatable, CustomStringConvertible {
    /// Dates, outlet, language and code.
    public var filter: ArticleFilter
    /// The search text of `q:`, as typed.
    public var query: String?
    /// The section of `section:`.
    public var section: String?
    /// The scope as written.
    public let text: String

    /// A scope from its parts; `text` says it in words.
    public init(filter: ArticleFilter, query: String? = nil, section: String? = nil, text: String) {
        self.filter = filter
        self.query = query
        self.section = section
        self.text = text
    }

    /// Reads a scope; `codebook` is the codebook `code:` refers to.
    public init(_ text: String, codebook: Codebook) throws(ScopeError) {
        self.text = text.trimmingCharacters(in: .whitespaces)
        filter = ArticleFilter()
        for (key, value) in try Self.pairs(text) {
            switch key {
            case "code":
                guard codebook.code(named: value) != nil else {
                    throw .unknownCode(value, known: codebook.codes.map(\.name))
                }
                filter.codebook = codebook.name
                filter.code = value
            case "q": query = value
            case "from", "to":
                guard let date = DateParsing.parse(value) else { throw .badDate(key: key, value: value) }
                if key == "from" { filter.from = date } else { filter.to = date.endOfPeriod }
            case "outlet": filter.outlet = Outlet(name: value)
            case "lang": filter.language = value
            case "section": section = value
            default: throw .unknownKey(key)
            }
        }
    }

    /// What the scope says, in words.
    public var description: String { text.isEmpty ? "the whole corpus" : text }

    /// The `key:value` pairs of a scope text, quotes removed.
    static func pairs(_ text: String) throws(ScopeError) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard !rest.isEmpty else { return pairs }
            guard let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains(where: \.isWhitespace) else {
                throw .notAPair(String(rest.prefix { !$0.isWhitespace }))
            }
            let key = String(rest[..<colon]).lowercased()
            rest = rest[rest.index(after: colon)...]
            let value: Substring
            if rest.first == "\"" {
                let body = rest.dropFirst()
                guard let close = body.firstIndex(of: "\"") else { throw .unclosedQuote(key) }
                value = body[..<close]
                rest = body[body.index(after: close)...]
            } else {
                value = rest.prefix { !$0.isWhitespace }
                rest = rest.dropFirst(value.count)
            }
            guard !value.isEmpty else { throw .emptyValue(key) }
            pairs.append((key, String(value)))
        }
    }
}

extension TermIndexBackend {
    /// The rows of the articles in a scope.
    public func articles(in scope: Scope) throws -> Set<Int64> {
        var rows = try articleIDs(filter: scope.filter, section: scope.section)
        if let text = scope.query {
            let query = SearchQuery(typed: text)
            guard !query.isEmpty else { throw ScopeError.emptyQuery(text) }
            rows.formIntersection(try articlesMatching(query))
        }
        return rows
    }
}

/// Why a scope could not be read.
public enum ScopeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A word that is not `key:value`.
    case notAPair(String)
    /// A key other than code, q, from, to, outlet, lang, section.
    case unknownKey(String)
    /// `key:` with nothing after it.
    case emptyValue(String)
    /// A `"` without its closing one.
    case unclosedQuote(String)
    /// A date that does not parse.
    case badDate(key: String, value: String)
    /// A code the codebook does not have.
    case unknownCode(String, known: [String])
    /// A `q:` with nothing to search for.
    case emptyQuery(String)

    /// The message the command line prints.
    public var description: String {
        switch self {
        case .notAPair(let word):
            "'\(word)' is not key:value; a scope is pairs like code:ai from:2024-10 outlet:kcna lang:ko q:\"word\""
        case .unknownKey(let key): "unknown scope key '\(key)'; known: code, q, from, to, outlet, lang, section"
        case .emptyValue(let key): "\(key): has no value"
        case .unclosedQuote(let key): "the quoted value of \(key): has no closing \""
        case .badDate(let key, let value): "\(key):\(value) is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        case .unknownCode(let code, let known): "unknown code '\(code)'; known: \(known.joined(separator: ", "))"
        case .emptyQuery(let text): "nothing to search for in q:\"\(text)\""
        }
    }
}
