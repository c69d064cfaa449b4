import GRDB

/// The tokens SQLite's full-text index holds: FTS5's own tokenizer, the one `article_fts`
/// declares (`porter unicode61 remove_diacritics 2`), run outside any table.
///
/// Another backend indexes these tokens rather than tokenizing on its own, so its index holds
/// exactly what SQLite's holds (Porter stems, case and diacritics folded, the bigrams of
/// ``SearchText/indexForm(_:)``) and a query matches the same articles on both. One
/// tokenizer serves one task at a time.
public final class IndexTokenizer {
    private let queue: DatabaseQueue
    private let tokenizer: any FTS5Tokenizer

    /// The components of `article_fts`'s `tokenize=` option (migration v1, which never changes).
    static let components = ["porter", "unicode61", "remove_diacritics", "2"]

    /// A tokenizer on a private in-memory SQLite connection.
    public init() throws {
        queue = try DatabaseQueue()
        tokenizer = try queue.inDatabase { db in
            try db.makeTokenizer(FTS5TokenizerDescriptor(components: Self.components))
        }
    }

    /// The tokens of an article's title or body, in index order (a token's place in the array
    /// is its position in the column).
    public func documentTokens(of text: String) throws -> [String] {
        let indexed = SearchText.indexForm(text)
        return try queue.inDatabase { _ in try tokenizer.tokenize(document: indexed).map(\.token) }
    }

    /// The tokens FTS5 matches for a compiled phrase, in order (English words stemmed).
    public func tokens(of phrase: SearchPhrase) throws -> [String] {
        try queue.inDatabase { _ in
            try tokenizer.tokenize(query: phrase.tokens.joined(separator: " ")).map(\.token)
        }
    }
}
