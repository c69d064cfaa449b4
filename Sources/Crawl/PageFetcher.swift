import AsyncHTTPClient
import Foundation
import NIOCore
import SinmunCollect

/// A response as the crawler needs it.
public struct FetchedPage: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The `Content-Type` header (its charset overrides the page's own declaration).
    public var contentType: String?
    /// The response body, decompressed if the server compressed it.
    public var body: Data
    /// Seconds the server asked to wait (`Retry-After` on 429 and 503).
    public var retryAfter: Double?
    /// Where a redirect (3xx) points.
    public var location: String?

    /// A response; a test's stand-in fetcher builds them directly.
    public init(status: Int, contentType: String? = nil, body: Data, retryAfter: Double? = nil, location: String? = nil)
    {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.retryAfter = retryAfter
        self.location = location
    }

    /// The charset named in `Content-Type`, if any.
    public var headerCharset: String? {
        guard let contentType, let range = contentType.lowercased().range(of: "charset=") else { return nil }
        let value = contentType[range.upperBound...].prefix { $0 != ";" && $0 != " " }
        return value.isEmpty ? nil : String(value)
    }
}

/// Why a fetch failed, sorted by whether trying again can help.
public enum FetchError: Error, Sendable, CustomStringConvertible {
    /// Worth retrying: a timeout, a dropped connection, a refused connection.
    case transient(String)
    /// Retrying will not help: a redirect loop, a page too large.
    case permanent(String)

    /// The reason, as the crawl's failure list shows it.
    public var description: String {
        switch self {
        case .transient(let reason), .permanent(let reason): return reason
        }
    }
}

/// Something that fetches a page: the HTTP client, or a stand-in in tests.
public protocol PageFetcher: Sendable {
    /// Fetches one address without following redirects; throws ``FetchError`` when no response came.
    func fetch(_ url: String) async throws -> FetchedPage
}

/// A fetcher for runs that must not touch the network (`sinmun crawl --reparse`): every fetch
/// fails.
public struct OfflineFetcher: PageFetcher {
    /// A fetcher that never fetches.
    public init() {}
    /// Throws a permanent ``FetchError`` naming the address.
    public func fetch(_ url: String) async throws -> FetchedPage {
        throw FetchError.permanent("offline: \(url) not fetched")
    }
}

/// Fetches over HTTP with AsyncHTTPClient: an honest User-Agent, a per-request deadline, bodies
/// capped at 16 MB. Redirects are returned, not followed: the crawler follows them itself so
/// that every hop waits its turn under the rate limit and is checked against robots.txt.
public final class HTTPPageFetcher: PageFetcher {
    /// What the crawler says it is, with a way to reach the project.
    public static let defaultUserAgent =
        "Sinmun/\(SinmunVersion.current) (research crawler for press analysis; +https://github.com/sinmun/sinmun; "
        + "one request per second)"
    static let maximumBody = 16 << 20

    let client: HTTPClient
    let userAgent: String
    let timeout: Duration

    /// A client that sends `userAgent` and gives each request `timeout` to complete.
    public init(userAgent: String = HTTPPageFetcher.defaultUserAgent, timeout: Duration = .seconds(30)) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10)),
            decompression: .enabled(limit: .ratio(50)))
        configuration.connectionPool = .init(idleTimeout: .seconds(30))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.userAgent = userAgent
        self.timeout = timeout
    }

    /// Fetches one address; a timeout or a failed connection is a transient ``FetchError``, a
    /// body over 16 MB a permanent one.
    public func fetch(_ url: String) async throws -> FetchedPage {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: userAgent)
        request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
        request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        do {
            let nanoseconds =
                timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            let response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
            let buffer = try await response.body.collect(upTo: Self.maximumBody)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init)
            return FetchedPage(
                status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                body: Data(buffer.readableBytesView), retryAfter: retryAfter,
                location: response.headers.first(name: "Location"))
        } catch let error as HTTPClientError {
            if Task.isCancelled || error == .cancelled { throw CancellationError() }
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout:
                throw FetchError.transient("timed out after \(timeout)")
            default: throw FetchError.transient("HTTP client error: \(error)")
            }
        } catch is NIOTooManyBytesError {
            throw FetchError.permanent("page larger than \(Self.maximumBody >> 20) MB")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw FetchError.transient("connection failed: \(error)")
        }
    }

    /// Closes the client's connections; call once when the crawl ends.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}
