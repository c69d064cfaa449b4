/// One spelling of a search clause as the full-text index matches it: its query tokens in order
/// (``SearchText/queryTokens(_:)``), the last matched as a prefix when it is a lone Hangul or
/// Han character (so `년` finds `년도`).
///
/// Both backends compile a query through this type: SQLite writes it as an FTS5 phrase, the
/// PostgreSQL backend as a phrase of lexemes, so the two match the same articles.
public struct SearchPhrase: Sendable, Equatable {
    /// The query tokens, in order.
    public let tokens: [String]
    /// True when the last token is matched as a prefix of the indexed tokens.
    public let lastIsPrefix: Bool

    /// Compiles one spelling of a clause.
    public init(_ text: String) {
        let tokens = SearchText.queryTokens(text)
        self.tokens = tokens.map(\.text)
        lastIsPrefix = tokens.last?.isLoneCJK == true
    }

    /// The FTS5 form: a quoted phrase of the tokens, `*` for a prefix. Tokens hold only
    /// letters, digits and CJK characters, so the quoting cannot be broken.
    var ftsPhrase: String {
        "\"" + tokens.joined(separator: " ") + "\"" + (lastIsPrefix ? "*" : "")
    }
}
