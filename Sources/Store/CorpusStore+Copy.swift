import Foundation
import GRDB
import SinmunCollect

/// The corpus as a copy between backends (`sinmun db copy`) reads and writes it: article ids in
/// batches, the rows of every ``CorpusTable`` that belong to a batch, row counts, and a batch
/// written in one transaction with its articles' full-text index entries.
extension CorpusStore {
    /// Up to `limit` article ids greater than `id`, in order: the next batch of a copy.
    public func articleIDs(after id: Int64, limit: Int) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(
                db, sql: "SELECT id FROM article WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit])
        }
    }

    /// How many articles have an id at most `id` (how far a resumed copy already is).
    public func articleCount(upTo id: Int64) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE id <= ?", arguments: [id]) ?? 0 }
    }

    /// The rows of `table` whose article id lies in `articles` (every row when the table has
    /// no article column, or `articles` is nil).
    public func rows(of table: CorpusTable, articles: ClosedRange<Int64>?) throws -> TableRows {
        let names = table.columns.map(\.name).joined(separator: ", ")
        var sql = "SELECT \(names) FROM \(table.name)"
        var arguments = StatementArguments()
        if let column = table.articleColumn, let articles {
            sql += " WHERE \(column) BETWEEN ? AND ?"
            arguments = [articles.lowerBound, articles.upperBound]
        }
        // Pages in the order they were queued (the row order), which PostgreSQL keeps as `queued`.
        if table.name == "crawl_page" { sql += " ORDER BY rowid" }
        let rows = try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
        let columns = table.columns.enumerated().map { index, column -> TableRows.Values in
            switch column.type {
            case .integer: .integers(rows.map { $0[index] as Int64? })
            case .real: .reals(rows.map { $0[index] as Double? })
            case .text: .texts(rows.map { $0[index] as String? })
            case .blob: .blobs(rows.map { $0[index] as Data? })
            }
        }
        return TableRows(table: table, columns: columns)
    }

    /// The article-id ranges a verification reads tables in, `batch` articles each: together
    /// they cover every id, so every row of a table with an article column falls in one.
    public func verificationRanges(batch: Int = 2_000) throws -> [ClosedRange<Int64>] {
        var ranges: [ClosedRange<Int64>] = []
        var lower = Int64.min
        var last: Int64 = 0
        while true {
            let ids = try articleIDs(after: last, limit: batch)
            guard let high = ids.last else { break }
            ranges.append(lower...high)
            lower = high + 1
            last = high
        }
        ranges.append(lower...Int64.max)
        return ranges
    }

    /// The digest of every row of `table`, read in `ranges` (see ``verificationRanges(batch:)``).
    public func digest(of table: CorpusTable, ranges: [ClosedRange<Int64>]) throws -> TableDigest {
        var digest = TableDigest()
        for range in table.articleColumn == nil ? [nil] : ranges.map(Optional.some) {
            digest.add(try rows(of: table, articles: range))
        }
        return digest
    }

    /// How many rows `table` holds.
    public func rowCount(of table: CorpusTable) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0 }
    }

    /// The highest article id, 0 when there is none (where a copy into this corpus resumes).
    public func lastArticleID() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM article") ?? 0 }
    }

    /// The uid of the article with this id, if there is one.
    public func articleUID(id: Int64) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT uid FROM article WHERE id = ?", arguments: [id]) }
    }

    /// Writes a batch copied from another backend in one transaction, parents first; rows
    /// already present are left as they are. Each new article is added to the full-text index
    /// as an import adds it, and each new analysis to the term index's postings.
    public func insert(_ batch: [TableRows]) throws {
        try write { db in
            for rows in batch {
                let names = rows.table.columns.map(\.name)
                let placeholders = names.map { _ in "?" }.joined(separator: ", ")
                let statement = try db.cachedStatement(
                    sql: "INSERT OR IGNORE INTO \(rows.table.name) (\(names.joined(separator: ", "))) "
                        + "VALUES (\(placeholders))")
                for row in 0..<rows.count {
                    let values = rows.columns.map { $0.databaseValue(at: row) }
                    try statement.execute(arguments: StatementArguments(values))
                    if rows.table.name == "article", db.changesCount == 1 {
                        try indexCopiedArticle(values, of: rows.table, db)
                    }
                    // The term index's postings of a copied analysis, as analyze files them.
                    if rows.table.name == "article_terms", db.changesCount == 1,
                        let terms = rows.blobs("terms")?[row], let article = rows.integers("article_id")?[row]
                    {
                        try TermIndex.filePostings(article: article, terms: TermIndex.decode(terms).map(\.0), db)
                    }
                }
            }
        }
    }

    /// Adds a copied article's title, body and facets to the contentless FTS index under its id.
    private func indexCopiedArticle(_ values: [DatabaseValue], of table: CorpusTable, _ db: Database) throws {
        func value(_ name: String) -> DatabaseValue {
            table.columns.firstIndex { $0.name == name }.map { values[$0] } ?? .null
        }
        let title = String.fromDatabaseValue(value("title")) ?? ""
        let body = String.fromDatabaseValue(value("body")) ?? ""
        let facets = SearchFacets.tokens(
            date: String.fromDatabaseValue(value("date")), outlet: String.fromDatabaseValue(value("outlet")) ?? "",
            language: String.fromDatabaseValue(value("lang")) ?? "")
        try db.cachedStatement(sql: "INSERT INTO article_fts (rowid, title, body, facets) VALUES (?, ?, ?, ?)")
            .execute(arguments: [value("id"), SearchText.indexForm(title), SearchText.indexForm(body), facets])
        // The LSH keys an import files, so later imports into this file find the copied articles'
        // near duplicates.
        if let signature = Data.fromDatabaseValue(value("minhash")) {
            for key in Fingerprint.lshKeys(Fingerprint.decode(signature)) {
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO article_lsh (key, article_id) VALUES (?, ?)")
                    .execute(arguments: [key, value("id")])
            }
        }
    }

    /// How many articles the full-text index holds.
    public func indexedArticleCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article_fts") ?? 0 }
    }
}

extension TableRows.Values {
    /// The value of one row as GRDB binds it.
    fileprivate func databaseValue(at row: Int) -> DatabaseValue {
        switch self {
        case .integers(let values): values[row]?.databaseValue ?? .null
        case .reals(let values): values[row]?.databaseValue ?? .null
        case .texts(let values): values[row]?.databaseValue ?? .null
        case .blobs(let values): values[row]?.databaseValue ?? .null
        }
    }
}
