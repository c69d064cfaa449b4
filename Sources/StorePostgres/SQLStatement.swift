import PostgresNIO

/// A statement whose text is written piece by piece by Sinmun's code while every value goes
/// into a bind parameter (`$1`, `$2` …), for statements whose shape depends on the query (how
/// many clauses, which filters). Only code-written text is ever appended; values never are.
struct SQLStatement {
    private(set) var sql = ""
    private(set) var binds = PostgresBindings()

    init(_ sql: String = "") {
        self.sql = sql
    }

    /// Appends text written by Sinmun's code.
    mutating func append(_ text: String) {
        sql += text
    }

    /// Binds a value and returns its placeholder.
    mutating func bind<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value) throws -> String {
        try binds.append(value)
        return "$\(binds.count)"
    }

    /// The statement for PostgresNIO.
    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
