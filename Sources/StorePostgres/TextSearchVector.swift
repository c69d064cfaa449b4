import PostgresNIO

/// A PostgreSQL `tsvector` built from the tokens SQLite's index holds and sent in the binary
/// wire format: lexemes exactly as given, never parsed, stemmed or quoted by the server.
///
/// A `tsvector` keeps at most 256 positions per lexeme and positions up to 16,383, which a
/// long article exceeds (a New Year address is 25,000 bigrams). ``chunks(of:)`` cuts a
/// column's tokens into overlapping pieces within both limits, so every phrase of up to
/// ``longestPhrase`` tokens lies whole in one piece and is found exactly.
public struct TextSearchVector: Sendable, Equatable {
    /// Each lexeme's positions (1-based, ascending), keyed by its UTF-8 bytes: Swift's `String`
    /// equality would merge canonically equivalent tokens (a compatibility ideograph and its
    /// unified form, composed and conjoining jamo) that SQLite's index keeps apart.
    public let positions: [[UInt8]: [Int]]

    /// The longest phrase, in tokens, a chunked column finds wherever it occurs.
    public static let longestPhrase = overlap + 1
    /// Tokens each chunk repeats from the end of the previous one. Below 256, so a chunk always
    /// advances: any 256 tokens fit the per-lexeme limit.
    static let overlap = 127
    static let maxPosition = 16_383
    static let maxPositionsPerLexeme = 256
    /// PostgreSQL's limit on one lexeme (longer tokens are left out; no one searches for them).
    static let maxLexemeBytes = 2_047
    /// Below PostgreSQL's 1 MB of lexeme text per tsvector.
    static let maxLexemeBytesPerVector = 900_000

    /// A vector of `tokens`, the first at position 1.
    init<Tokens: Collection>(tokens: Tokens) where Tokens.Element == String {
        var positions: [[UInt8]: [Int]] = [:]
        for (offset, token) in tokens.enumerated() where token.utf8.count <= Self.maxLexemeBytes {
            positions[Array(token.utf8), default: []].append(offset + 1)
        }
        self.positions = positions
    }

    /// The distinct lexemes of `tokens`, without positions (an article's row of
    /// `article_lexemes`); nil when their text passes PostgreSQL's limit for one vector.
    static func lexemes<Tokens: Sequence>(of tokens: Tokens) -> TextSearchVector? where Tokens.Element == String {
        var positions: [[UInt8]: [Int]] = [:]
        var bytes = 0
        for token in tokens where token.utf8.count <= maxLexemeBytes {
            let key = Array(token.utf8)
            guard positions[key] == nil else { continue }
            bytes += key.count
            guard bytes <= maxLexemeBytesPerVector else { return nil }
            positions[key] = []
        }
        return TextSearchVector(positions: positions)
    }

    private init(positions: [[UInt8]: [Int]]) {
        self.positions = positions
    }

    /// A column's tokens as one or more vectors within PostgreSQL's limits, consecutive ones
    /// sharing 127 tokens. An empty column is one empty vector.
    public static func chunks(of tokens: [String]) -> [TextSearchVector] {
        var chunks: [TextSearchVector] = []
        var start = 0
        while true {
            var counts: [[UInt8]: Int] = [:]
            var bytes = 0
            var end = start
            while end < tokens.count, end - start < maxPosition {
                let token = tokens[end]
                let key = Array(token.utf8)
                let count = counts[key, default: 0]
                guard count < maxPositionsPerLexeme else { break }
                if count == 0, token.utf8.count <= maxLexemeBytes {
                    guard bytes + token.utf8.count <= maxLexemeBytesPerVector else { break }
                    bytes += token.utf8.count
                }
                counts[key] = count + 1
                end += 1
            }
            chunks.append(TextSearchVector(tokens: tokens[start..<end]))
            guard end < tokens.count else { return chunks }
            start = max(end - overlap, start + 1)
        }
    }
}

extension TextSearchVector: PostgresNonThrowingEncodable, PostgresArrayEncodable {
    /// `tsvector`.
    public static var psqlType: PostgresDataType { PostgresDataType(3614) }
    /// `tsvector[]`.
    public static var psqlArrayType: PostgresDataType { PostgresDataType(3643) }
    /// Binary.
    public static var psqlFormat: PostgresFormat { .binary }

    /// tsvectorrecv's format: the lexeme count, then per lexeme (in byte order) its
    /// NUL-terminated text, its position count and positions (weight bits left 0, "D"); a
    /// lexeme without positions has a count of 0, as `strip` leaves it.
    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        let lexemes = positions.keys.sorted { $0.lexicographicallyPrecedes($1) }
        buffer.writeInteger(Int32(lexemes.count))
        for lexeme in lexemes {
            buffer.writeBytes(lexeme)
            buffer.writeInteger(0, as: UInt8.self)
            let list = positions[lexeme] ?? []
            buffer.writeInteger(UInt16(list.count))
            for position in list { buffer.writeInteger(UInt16(position)) }
        }
    }
}
