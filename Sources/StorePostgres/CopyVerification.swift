/// A copy checked: every copied table's row count and the digest of its rows on both sides, the
/// articles the target's full-text index covers, and the snapshot hash (SHA-256 of every `uid:content_hash` in uid
/// order, as reports print it) of both.
public struct CopyVerification: Sendable, Codable, Equatable {
    /// One table's row counts.
    public struct TableCount: Sendable, Codable, Equatable {
        /// The table.
        public var table: String
        /// Rows in the source.
        public var source: Int
        /// Rows in the target.
        public var target: Int
        /// The digest of every value of every row in the source (`SinmunStore.TableDigest`).
        public var sourceDigest: String
        /// The same digest in the target.
        public var targetDigest: String

        /// Whether counts and digests agree.
        public var agrees: Bool { source == target && sourceDigest == targetDigest }
    }

    /// Each copied table's counts.
    public var tables: [TableCount]
    /// Articles the target's full-text index holds (should be all): on PostgreSQL, those with
    /// pieces and a row of lexemes.
    public var indexedArticles: Int
    /// The source's snapshot hash.
    public var sourceHash: String
    /// The target's snapshot hash.
    public var targetHash: String

    /// True when every count and the hashes agree and every article is indexed.
    public var matches: Bool {
        sourceHash == targetHash && tables.allSatisfy(\.agrees)
            && indexedArticles == (tables.first { $0.table == "article" }?.target ?? 0)
    }

    private enum CodingKeys: String, CodingKey {
        case tables, indexedArticles, sourceHash, targetHash, matches
    }

    /// Encodes the fields and ``matches``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tables, forKey: .tables)
        try container.encode(indexedArticles, forKey: .indexedArticles)
        try container.encode(sourceHash, forKey: .sourceHash)
        try container.encode(targetHash, forKey: .targetHash)
        try container.encode(matches, forKey: .matches)
    }

    /// Decodes the fields (``matches`` is computed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tables = try container.decode([TableCount].self, forKey: .tables)
        indexedArticles = try container.decode(Int.self, forKey: .indexedArticles)
        sourceHash = try container.decode(String.self, forKey: .sourceHash)
        targetHash = try container.decode(String.self, forKey: .targetHash)
    }

    /// A verification of these figures.
    public init(tables: [TableCount], indexedArticles: Int, sourceHash: String, targetHash: String) {
        self.tables = tables
        self.indexedArticles = indexedArticles
        self.sourceHash = sourceHash
        self.targetHash = targetHash
    }
}
