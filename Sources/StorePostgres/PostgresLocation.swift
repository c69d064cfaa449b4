import Foundation
import PostgresNIO

/// Where a PostgreSQL corpus lives, read from a URL `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`
/// (`postgresql://` too; `?sslmode=disable|prefer|require`, default `disable`).
///
/// Without a password in the URL, `PGPASSWORD` is used, as psql does. The password never
/// appears in messages: ``redacted`` is the URL as Sinmun prints it.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted.
    public enum TLSMode: String, Sendable {
        /// Plain TCP (a loopback or private network).
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection.
        case require
    }

    /// The user to log in as.
    public let user: String
    /// The password, if any.
    public let password: String?
    /// The server's host name or address.
    public let host: String
    /// The server's port.
    public let port: Int
    /// The database's name.
    public let database: String
    /// How the connection is encrypted.
    public let tls: TLSMode

    /// True when `text` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a URL; `environment` supplies `PGPASSWORD` when the URL has no password.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func bad(_ reason: String) -> PostgresCorpusError {
            .badURL(Self.redact(text), reason: reason)
        }
        guard Self.isURL(text), let url = URLComponents(string: text) else {
            throw bad("expected postgres://USER@HOST:PORT/DB")
        }
        guard let user = url.user, !user.isEmpty else { throw bad("no user (postgres://USER@HOST/DB)") }
        guard let host = url.host, !host.isEmpty else { throw bad("no host") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw bad("no database name after the host") }
        var tls = TLSMode.disable
        for item in url.queryItems ?? [] {
            guard item.name == "sslmode", let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw bad("unknown option \(item.name)=\(item.value ?? ""); only sslmode=disable|prefer|require")
            }
            tls = mode
        }
        self.user = url.percentEncodedUser?.removingPercentEncoding ?? user
        password = url.percentEncodedPassword?.removingPercentEncoding ?? environment["PGPASSWORD"]
        self.host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        port = url.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
    }

    /// The same server with another database (to create or drop one from the maintenance database).
    public func with(database: String) -> PostgresLocation {
        PostgresLocation(user: user, password: password, host: host, port: port, database: database, tls: tls)
    }

    private init(user: String, password: String?, host: String, port: Int, database: String, tls: TLSMode) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
    }

    /// The URL without its password, as messages print it.
    public var redacted: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(hostPart):\(port)/\(database)"
    }

    /// The URL without its password.
    public var description: String { redacted }

    /// A URL as typed with any password replaced by `***`.
    static func redact(_ text: String) -> String {
        guard let url = URLComponents(string: text) else {
            // Not a URL at all (`postgres://ana:pa/ss@db/x`, a `#` or a space in the password):
            // mask whatever stands between the user's colon and the last `@`.
            return text.replacingOccurrences(
                of: "(://[^/@:]*:)[^@]*@", with: "$1***@", options: .regularExpression)
        }
        guard url.password != nil else { return text }
        var copy = url
        copy.password = "***"
        return copy.string ?? "postgres://…"
    }

    /// PostgresNIO's configuration for this location.
    func configuration() throws -> PostgresConnection.Configuration {
        let mode: PostgresConnection.Configuration.TLS
        switch tls {
        case .disable: mode = .disable
        case .prefer: mode = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: mode = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: mode)
    }
}
