import PostgresNIO

/// An error of the PostgreSQL corpus; its description is a message fit for the user, naming the
/// server by its URL without the password.
public enum PostgresCorpusError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The URL could not be read.
    case badURL(String, reason: String)
    /// The server could not be reached or refused the login.
    case cannotConnect(String, reason: String)
    /// A statement failed (`reason`: the server's message).
    case queryFailed(String, reason: String)
    /// A copy's target holds articles that did not come from this copy's source.
    case targetNotEmpty(String, source: String)
    /// An import was refused while a `db copy` into the database is unfinished.
    case copyUnfinished(String, source: String)
    /// A search used something the PostgreSQL backend does not have yet.
    case notOnPostgres(String)
    /// A quoted phrase longer than the index matches exactly (``TextSearchVector/longestPhrase`` tokens).
    case phraseTooLong(String, tokens: Int)

    /// The message, as the command line prints it.
    public var description: String {
        switch self {
        case .badURL(let url, let reason): "not a PostgreSQL URL: \(url): \(reason)"
        case .cannotConnect(let url, let reason): "cannot connect to \(url): \(reason)"
        case .queryFailed(let url, let reason): "\(url): \(reason)"
        case .targetNotEmpty(let url, let source):
            "\(url) already holds articles that were not copied from \(source); copy into an empty database"
        case .copyUnfinished(let url, let source):
            "\(url): a copy from \(source) into this database is unfinished; run `sinmun db copy` again to finish it, "
                + "then import"
        case .notOnPostgres(let feature): "\(feature) is not on PostgreSQL yet; use the SQLite corpus for it"
        case .phraseTooLong(let phrase, let tokens):
            "the phrase \"\(phrase)\" is longer than the PostgreSQL index matches exactly (\(tokens) tokens)"
        }
    }

    /// What went wrong in words: the server's own message when it sent one (PostgresNIO's
    /// description of its errors hides details on purpose).
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(underlying)" }
            return "\(error.code)"
        }
        if let error = error as? PostgresTransactionError,
            let inner = error.closureError ?? error.commitError ?? error.beginError
        {
            return reason(inner)
        }
        return "\(error)"
    }
}
