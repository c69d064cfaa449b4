import PostgresNIO

/// A PostgreSQL `tsquery` built in Swift from index tokens and sent in the binary wire format.
///
/// The server receives a tree of lexemes and operators, never text to parse: what a user typed
/// cannot become a tsquery operator (`&`, `|`, `!`, `<->`, `:*`), a quote or SQL, and no
/// configuration re-tokenizes or stems the lexemes, which are exactly those of the index.
public indirect enum TextSearchQuery: Sendable, Equatable {
    /// One lexeme; with `prefix`, every lexeme that begins with it.
    case lexeme(String, prefix: Bool)
    /// Both sides match.
    case and(TextSearchQuery, TextSearchQuery)
    /// Either side matches.
    case or(TextSearchQuery, TextSearchQuery)
    /// The right side's match follows the left side's by `distance` positions (1: next).
    case phrase(TextSearchQuery, TextSearchQuery, distance: Int)

    /// A phrase of lexemes in a row, the last matched as a prefix if asked; nil for no lexeme.
    public static func phrase(_ lexemes: [String], lastIsPrefix: Bool) -> TextSearchQuery? {
        guard let first = lexemes.first else { return nil }
        var query = TextSearchQuery.lexeme(first, prefix: lastIsPrefix && lexemes.count == 1)
        for (index, lexeme) in lexemes.enumerated().dropFirst() {
            let prefix = lastIsPrefix && index == lexemes.count - 1
            query = .phrase(query, .lexeme(lexeme, prefix: prefix), distance: 1)
        }
        return query
    }

    /// Any of `queries`; nil for none.
    public static func any(_ queries: [TextSearchQuery]) -> TextSearchQuery? {
        guard let first = queries.first else { return nil }
        return queries.dropFirst().reduce(first) { .or($0, $1) }
    }

    /// True when matching needs positions (a phrase): an article's lexemes alone
    /// (`article_lexemes`) can rule it out but not confirm it.
    public var needsPositions: Bool {
        switch self {
        case .lexeme: false
        case .phrase: true
        case .and(let left, let right), .or(let left, let right): left.needsPositions || right.needsPositions
        }
    }

    /// The query with each phrase relaxed to all of its lexemes, in any order: what an
    /// article's lexemes without positions can answer. Every article matching the query
    /// matches this one.
    public var unordered: TextSearchQuery {
        switch self {
        case .lexeme: self
        case .and(let left, let right), .phrase(let left, let right, _): .and(left.unordered, right.unordered)
        case .or(let left, let right): .or(left.unordered, right.unordered)
        }
    }

    /// All of `queries`; nil for none.
    public static func all(_ queries: [TextSearchQuery]) -> TextSearchQuery? {
        guard let first = queries.first else { return nil }
        return queries.dropFirst().reduce(first) { .and($0, $1) }
    }

    /// How many nodes the tree has (tsqueryrecv reads the count first).
    var nodeCount: Int {
        switch self {
        case .lexeme: 1
        case .and(let left, let right), .or(let left, let right), .phrase(let left, let right, _):
            1 + left.nodeCount + right.nodeCount
        }
    }

    /// The nodes in the order PostgreSQL stores them: an operator, then its right operand,
    /// then its left.
    func write(into buffer: inout ByteBuffer) {
        switch self {
        case .lexeme(let text, let prefix):
            buffer.writeInteger(1, as: UInt8.self)  // QI_VAL
            buffer.writeInteger(0, as: UInt8.self)  // any weight
            buffer.writeInteger(prefix ? 1 : 0, as: UInt8.self)
            buffer.writeString(text)
            buffer.writeInteger(0, as: UInt8.self)
        case .and(let left, let right):
            Self.writeOperator(2, nil, left, right, into: &buffer)
        case .or(let left, let right):
            Self.writeOperator(3, nil, left, right, into: &buffer)
        case .phrase(let left, let right, let distance):
            Self.writeOperator(4, distance, left, right, into: &buffer)
        }
    }

    private static func writeOperator(
        _ code: UInt8, _ distance: Int?, _ left: TextSearchQuery, _ right: TextSearchQuery,
        into buffer: inout ByteBuffer
    ) {
        buffer.writeInteger(2, as: UInt8.self)  // QI_OPR
        buffer.writeInteger(code)  // OP_AND 2, OP_OR 3, OP_PHRASE 4
        if let distance { buffer.writeInteger(Int16(distance)) }
        right.write(into: &buffer)
        left.write(into: &buffer)
    }
}

extension TextSearchQuery: PostgresNonThrowingEncodable {
    /// `tsquery`.
    public static var psqlType: PostgresDataType { PostgresDataType(3615) }
    /// Binary.
    public static var psqlFormat: PostgresFormat { .binary }

    /// tsqueryrecv's format: the node count, then the nodes.
    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        buffer.writeInteger(Int32(nodeCount))
        write(into: &buffer)
    }
}
