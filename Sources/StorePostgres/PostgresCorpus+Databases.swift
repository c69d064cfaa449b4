import Foundation
import PostgresNIO

/// Databases on the server, for what makes its own (`sinmun bench scale --db postgres://…`).
extension PostgresCorpus {
    /// Makes an empty database `name` on the server `url` names, dropping one of that name
    /// first (and closing its connections), and returns its URL. The connection is made to the
    /// database `url` names without touching its schema; the role must be allowed to create
    /// databases. `name` must be lower-case letters, digits and underscores, starting with a
    /// letter: it becomes an identifier in the statement.
    public static func recreateDatabase(
        _ name: String, on url: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> String {
        guard let first = name.first, first.isASCII, first.isLowercase,
            name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }), name.count <= 63,
            var components = URLComponents(string: url)
        else { throw PostgresCorpusError.badURL(url, reason: "cannot name a database '\(name)' on it") }
        let admin = try await connect(PostgresLocation(url, environment: environment))
        do {
            try await admin.rows(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
            try await admin.rows(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        } catch {
            await admin.close()
            throw error
        }
        await admin.close()
        components.path = "/" + name
        return components.string ?? url
    }

    /// Bytes the database takes on disk (`pg_database_size`), free space in its files included.
    public func databaseBytes() throws -> Int {
        try countWaiting("SELECT pg_database_size(current_database())")
    }
}
