import Foundation
import SinmunCode
import SinmunRead

/// How the dashboard is served.
public struct DashboardOptions: Sendable {
    /// The address to listen on (loopback unless a token is set).
    public var host: String
    /// The port to listen on.
    public var port: Int
    /// Required on every request when set; required to bind anywhere but loopback.
    public var token: String?
    /// The codebook the pages filter, mark and label with.
    public var codebook: Codebook
    /// The word analyser for pages that read sentences on request (the co-occurrence network).
    public var analyzer: WordAnalyzer
    /// The most bytes of answers kept between two commits to the corpus (0: none kept; ETags
    /// and gzip still apply).
    public var cacheBytes: Int

    /// Options for a dashboard on `host:port` serving `codebook`; the analyser defaults to MeCab
    /// with NK-HanDic where they are found (English alone otherwise).
    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, codebook: Codebook,
        analyzer: WordAnalyzer = WordAnalyzer(dicdir: nil), cacheBytes: Int = 64 << 20
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.codebook = codebook
        self.analyzer = analyzer
        self.cacheBytes = cacheBytes
    }

    /// Whether `host` is this machine only (127.0.0.0/8, ::1, localhost).
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }
}
