import PostgresNIO
import SinmunStore

/// Series, change points and comparisons on PostgreSQL (`sinmun trend`, `changepoints`,
/// `compare` with `--db postgres://…`): the same selections as SQLite's, in this backend's SQL.
extension PostgresCorpus: MeasureBackend {
    public func datedArticles(filter: ArticleFilter, withSections: Bool) throws -> [DatedArticle] {
        var statement = SQLStatement()
        let conditions = try Self.conditions(filter, &statement)
        let sections =
            withSections
            ? ", coalesce((SELECT array_agg(section ORDER BY section) FROM article_section s"
                + " WHERE s.article_id = a.id), '{}')"
            : ", '{}'::text[]"
        statement.append(
            """
            SELECT a.id, a.date, coalesce(a.date_precision, 'day'), a.outlet, a.lang\(sections)
            FROM article a WHERE a.date IS NOT NULL\(conditions) ORDER BY a.date, a.id
            """)
        return try rowsWaiting(statement.query).map { row in
            let (id, date, precision, outlet, language, sections) = try row.decode(
                (Int64, String, String, String, String, [String]).self)
            return DatedArticle(
                rowID: id, date: date, precision: precision, outlet: outlet, language: language, sections: sections)
        }
    }

    public func articlesWithCode(_ code: String, codebook: String) throws -> [Int64: (level: String, hits: Int)] {
        var out: [Int64: (level: String, hits: Int)] = [:]
        for row in try rowsWaiting(
            "SELECT article_id, level, hits FROM article_code WHERE codebook = \(codebook) AND code = \(code)")
        {
            let (id, level, hits) = try row.decode((Int64, String, Int64).self)
            out[id] = (level, Int(hits))
        }
        return out
    }

    public func articlesMatching(_ query: SearchQuery) throws -> Set<Int64> {
        guard !query.isEmpty, let compiled = try compile(query) else { return [] }
        var statement = SQLStatement()
        let matching = try Self.matching(compiled.clauses, lemmas: compiled.lemmas, ArticleFilter(), &statement)
        statement.append(matching)
        return Set(try rowsWaiting(statement.query).map { try $0.decode(Int64.self) })
    }

    public func codeSpans(codebook: String) throws -> [String: (first: String, last: String, articles: Int)] {
        var out: [String: (first: String, last: String, articles: Int)] = [:]
        for row in try rowsWaiting(
            """
            SELECT c.code, min(a.date), max(a.date), count(*) FROM article_code c JOIN article a ON a.id = c.article_id
            WHERE c.codebook = \(codebook) AND a.date IS NOT NULL GROUP BY c.code
            """)
        {
            let (code, first, last, count) = try row.decode((String, String, String, Int64).self)
            out[code] = (first, last, Int(count))
        }
        return out
    }

    public func dateRange() throws -> ClosedRange<String>? {
        guard let row = try rowsWaiting("SELECT min(date), max(date) FROM article").first,
            case let (first?, last?) = try row.decode((String?, String?).self)
        else { return nil }
        return first...last
    }
}
