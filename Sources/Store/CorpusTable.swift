/// A table of the corpus that every backend holds with the same columns, described once so a
/// copy between backends can read it from one and write it to the other without either
/// knowing the other's SQL.
public struct CorpusTable: Sendable, Equatable {
    /// The kind of value a column holds, as both backends store it.
    public enum ColumnType: Sendable, Equatable {
        /// A 64-bit integer.
        case integer
        /// A double.
        case real
        /// UTF-8 text.
        case text
        /// Bytes.
        case blob
    }

    /// One column.
    public struct Column: Sendable, Equatable {
        /// Its name, the same on every backend.
        public let name: String
        /// What it holds.
        public let type: ColumnType
        /// Whether it may be NULL.
        public let nullable: Bool
    }

    /// The table's name, the same on every backend.
    public let name: String
    /// Its columns, in the order copies carry them.
    public let columns: [Column]
    /// The column naming the article a row belongs to, by which copies read the table in
    /// article batches; nil for a table copied whole (`source`).
    public let articleColumn: String?

    init(_ name: String, articleColumn: String?, _ columns: [(String, ColumnType, Bool)]) {
        self.name = name
        self.articleColumn = articleColumn
        self.columns = columns.map { Column(name: $0.0, type: $0.1, nullable: $0.2) }
    }

    /// The tables a copy carries, parents before children: the articles, their addresses,
    /// sections, sources and provenance, near-duplicate pairs (by the later article, so both
    /// are there), revisions, the coding results, human labels and the term index's counts per
    /// article; then, copied whole once the articles are, the term index's terms, the crawl
    /// ledger and kept pages, and the watch's rules, alerts, deliveries and marks. The
    /// full-text index and the term index's postings are not among them: each backend builds
    /// its own from the rows copied.
    public static let copied: [CorpusTable] = [
        CorpusTable(
            "source", articleColumn: nil,
            [
                ("id", .integer, false), ("kind", .text, false), ("location", .text, false), ("format", .text, false),
                ("first_imported_at", .text, false),
            ]),
        CorpusTable(
            "article", articleColumn: "id",
            [
                ("id", .integer, false), ("uid", .text, false), ("outlet", .text, false), ("lang", .text, false),
                ("date", .text, true), ("date_precision", .text, true), ("page", .integer, true),
                ("title", .text, false), ("body", .text, false), ("byline", .text, true),
                ("content_hash", .text, false), ("minhash", .blob, true), ("synthetic", .integer, false),
                ("first_seen", .text, false), ("updated_at", .text, false),
            ]),
        CorpusTable(
            "article_url", articleColumn: "article_id", [("url", .text, false), ("article_id", .integer, false)]),
        CorpusTable(
            "article_section", articleColumn: "article_id",
            [("article_id", .integer, false), ("section", .text, false)]),
        CorpusTable(
            "provenance", articleColumn: "article_id",
            [
                ("source_id", .integer, false), ("locator", .text, false), ("article_id", .integer, false),
                ("imported_at", .text, false),
            ]),
        CorpusTable(
            "near_duplicate", articleColumn: "b",
            [("a", .integer, false), ("b", .integer, false), ("similarity", .real, false)]),
        CorpusTable(
            "article_revision", articleColumn: "article_id",
            [
                ("uid", .text, false), ("article_id", .integer, false), ("title", .text, false), ("body", .text, false),
                ("content_hash", .text, false), ("first_seen", .text, false),
            ]),
        CorpusTable(
            "coding_state", articleColumn: "article_id",
            [
                ("article_id", .integer, false), ("codebook", .text, false), ("codebook_hash", .text, false),
                ("content_hash", .text, false), ("coded_at", .text, false),
            ]),
        CorpusTable(
            "article_code", articleColumn: "article_id",
            [
                ("article_id", .integer, false), ("codebook", .text, false), ("code", .text, false),
                ("level", .text, false), ("score", .real, false), ("hits", .integer, false), ("evidence", .text, false),
                ("link", .text, true),
            ]),
        CorpusTable(
            "article_quote", articleColumn: "article_id",
            [("article_id", .integer, false), ("codebook", .text, false), ("quotes", .text, false)]),
        CorpusTable(
            "human_label", articleColumn: "article_id",
            [
                ("article_id", .integer, false), ("coder", .text, false), ("code", .text, false),
                ("value", .integer, false), ("updated_at", .text, false),
            ]),
        CorpusTable(
            "article_terms", articleColumn: "article_id",
            [
                ("article_id", .integer, false), ("content_hash", .text, false), ("analyzer", .text, false),
                ("period", .text, false), ("tokens", .integer, false), ("terms", .blob, false),
            ]),
        CorpusTable(
            "term", articleColumn: nil,
            [
                ("id", .integer, false), ("key", .text, false), ("lang", .text, false), ("lemma", .text, false),
                ("pos", .text, false), ("fold", .text, false), ("docs", .integer, false), ("tokens", .integer, false),
            ]),
        CorpusTable("term_form", articleColumn: nil, [("term_id", .integer, false), ("form", .text, false)]),
        CorpusTable(
            "term_period", articleColumn: nil,
            [
                ("term_id", .integer, false), ("period", .text, false), ("docs", .integer, false),
                ("tokens", .integer, false),
            ]),
        CorpusTable(
            "crawl_page", articleColumn: nil,
            [
                ("url", .text, false), ("crawl", .text, false), ("kind", .text, false), ("state", .text, false),
                ("listed", .text, true), ("attempts", .integer, false), ("http_status", .integer, true),
                ("reason", .text, true), ("queued_at", .text, false), ("fetched_at", .text, true),
            ]),
        CorpusTable(
            "page_snapshot", articleColumn: nil,
            [
                ("id", .integer, false), ("url", .text, false), ("fetched_at", .text, false),
                ("http_status", .integer, false), ("content_type", .text, true), ("size", .integer, false),
                ("sha256", .text, false), ("html", .blob, false),
            ]),
        CorpusTable(
            "watch_rule", articleColumn: nil,
            [
                ("name", .text, false), ("definition", .text, false), ("built_in", .integer, false),
                ("enabled", .integer, false), ("created_at", .text, false),
            ]),
        CorpusTable(
            "watch_alert", articleColumn: nil,
            [
                ("id", .integer, false), ("rule", .text, false), ("period", .text, false), ("fired_at", .text, false),
                ("alert", .text, false),
            ]),
        CorpusTable(
            "watch_delivery", articleColumn: nil,
            [
                ("alert_id", .integer, false), ("target", .text, false), ("state", .text, false),
                ("attempts", .integer, false), ("last_error", .text, true), ("delivered_at", .text, true),
            ]),
        CorpusTable(
            "watch_file", articleColumn: nil,
            [
                ("path", .text, false), ("sha256", .text, false), ("state", .text, false), ("reason", .text, true),
                ("size", .integer, true), ("modified", .real, true), ("handled_at", .text, false),
            ]),
        CorpusTable(
            "watch_crawl", articleColumn: nil,
            [("crawl", .text, false), ("complete_through", .text, false), ("updated_at", .text, false)]),
    ]

    /// The tables copied whole after the articles (all but `source`, which goes first).
    public static var copiedWhole: [CorpusTable] { copied.filter { $0.articleColumn == nil && $0.name != "source" } }
}
