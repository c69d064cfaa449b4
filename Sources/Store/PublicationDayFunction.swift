import GRDB
import GRDBSQLite

/// `sinmun_published_since(rowid)`, over the ``PublicationCalendar``: true for an article
/// published on or after a day. Registered on one connection for one statement, it is how a
/// broad search keeps its most recently published matches while FTS5 scans them: an array
/// lookup per match, where a join or an `IN (…)` list costs a B-tree probe each.
final class PublicationDayFunction {
    /// The function's name in SQL.
    static let sinceName = "sinmun_published_since"

    private let calendar: PublicationCalendar
    /// The day ordinal the function keeps articles from.
    private let since: Int32

    private init(calendar: PublicationCalendar, since: Int32) {
        self.calendar = calendar
        self.since = since
    }

    /// Runs `body` with `sinmun_published_since` registered, true from day ordinal `since`.
    static func filtering<T>(
        _ calendar: PublicationCalendar, since: Int32, _ db: Database, _ body: () throws -> T
    ) throws -> T {
        try PublicationDayFunction(calendar: calendar, since: since).registered(db, body)
    }

    /// The function on `db` while `body` runs, then removed.
    private func registered<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let name = Self.sinceName
        let box = Unmanaged.passRetained(self)
        let connection = db.sqliteConnection
        let code = sqlite3_create_function_v2(
            connection, name, 1, SQLITE_UTF8, box.toOpaque(),
            { context, _, arguments in
                guard let context, let argument = arguments?[0] else { return }
                let function = Unmanaged<PublicationDayFunction>.fromOpaque(sqlite3_user_data(context))
                    .takeUnretainedValue()
                sqlite3_result_int(context, function.call(sqlite3_value_int64(argument)) ? 1 : 0)
            },
            nil, nil,
            { pointer in
                if let pointer { Unmanaged<PublicationDayFunction>.fromOpaque(pointer).release() }
            })
        // On failure SQLite has already called the destructor, which released the box.
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register \(name)")
        }
        defer { sqlite3_create_function_v2(connection, name, 1, SQLITE_UTF8, nil, nil, nil, nil, nil) }
        return try body()
    }

    /// True for an article published on or after ``since``.
    private func call(_ id: Int64) -> Bool { calendar.day(of: id) >= since }
}
