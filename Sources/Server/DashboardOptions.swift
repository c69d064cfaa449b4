import Foundation
import SinmunCode

/// How the dashboard is served.
public struct DashboardOptions: Sendable {
    public var host: String
    public var port: Int
    /// Required on every request when set; required to bind anywhere but loopback.
    public var token: String?
    public var codebook: Codebook

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, codebook: Codebook) {
        self.host = host
        self.port = port
        self.token = token
        self.codebook = codebook
    }

    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }
}
