import Foundation
import PostgresNIO
import SinmunCollect
import SinmunStore

/// What the study report reads besides coding and the term index, on PostgreSQL (`sinmun
/// report` and `study` with `--db postgres://…`): the same counts and the same hash as SQLite's.
extension PostgresCorpus: ReportBackend {
    public func statistics() throws -> CorpusStatistics {
        func count(_ query: PostgresQuery) throws -> Int { try countWaiting(query) }
        func grouped(_ query: PostgresQuery) throws -> [String: Int] {
            var out: [String: Int] = [:]
            for row in try rowsWaiting(query) {
                let (key, count) = try row.decode((String?, Int64).self)
                out[key ?? "unknown"] = Int(count)
            }
            return out
        }
        let dates = try rowsWaiting("SELECT min(date), max(date) FROM article").first?.decode((String?, String?).self)
        return CorpusStatistics(
            articles: try count("SELECT count(*) FROM article"),
            records: try count("SELECT count(*) FROM provenance"),
            urls: try count("SELECT count(DISTINCT url) FROM article_url"),
            revisions: try count("SELECT count(*) FROM article_revision"),
            emptyBodies: try count("SELECT count(*) FROM article WHERE body = ''"),
            undated: try count("SELECT count(*) FROM article WHERE date IS NULL"),
            synthetic: try count("SELECT count(*) FROM article WHERE synthetic = 1"),
            nearDuplicatePairs: try count("SELECT count(*) FROM near_duplicate"),
            articlesWithNearDuplicates: try count(
                "SELECT count(*) FROM (SELECT a FROM near_duplicate UNION SELECT b FROM near_duplicate) n"),
            firstDate: dates?.0, lastDate: dates?.1,
            byOutlet: try grouped("SELECT outlet, count(*) FROM article GROUP BY outlet"),
            byLanguage: try grouped("SELECT lang, count(*) FROM article GROUP BY lang"),
            byMonth: try grouped("SELECT substr(date, 1, 7), count(*) FROM article WHERE date IS NOT NULL GROUP BY 1"),
            bySource: try grouped(
                """
                SELECT s.location, count(DISTINCT p.article_id)
                FROM provenance p JOIN source s ON s.id = p.source_id GROUP BY s.id
                """),
            textCharacters: try count("SELECT coalesce(sum(length(title) + length(body)), 0)::bigint FROM article"),
            analysed: try analysisCoverage().analysed,
            terms: try count("SELECT count(*) FROM term WHERE docs > 0"))
    }

    public func snapshotHash(filter: ArticleFilter) throws -> String {
        var statement = SQLStatement()
        let conditions = try Self.conditions(filter, &statement)
        statement.append(
            "SELECT a.uid || ':' || a.content_hash FROM article a WHERE true\(conditions) ORDER BY a.uid COLLATE \"C\"")
        var hasher = Fingerprint.StreamingSHA256()
        for (index, row) in try rowsWaiting(statement.query).enumerated() {
            if index > 0 { hasher.update("\n") }
            hasher.update(try row.decode(String.self))
        }
        return hasher.hexDigest()
    }
}
