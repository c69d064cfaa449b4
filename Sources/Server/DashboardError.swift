import Foundation

/// Why the dashboard will not start.
public enum DashboardError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A non-loopback address was asked for without a token.
    case tokenRequired(host: String)

    /// The message the command line prints.
    public var description: String {
        switch self {
        case .tokenRequired(let host):
            "binding to \(host) needs a token (--token or SINMUN_TOKEN); the dashboard holds writable coding forms"
        }
    }
}
