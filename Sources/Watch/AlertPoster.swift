import AsyncHTTPClient
import Foundation
import NIOCore
import SinmunCollect

/// Something that POSTs an alert to a webhook: the HTTP client, or a stand-in in tests.
public protocol AlertPoster: Sendable {
    /// POSTs `body` (the alert's JSON) to `url` and returns the HTTP status; throws when no
    /// response came.
    func post(_ body: Data, to url: String, alertID: Int64) async throws -> Int
}

/// POSTs alerts with AsyncHTTPClient: `Content-Type: application/json`, and the alert's id in
/// `Sinmun-Alert-Id` so that a receiver can drop a repeat (a run killed after the receiver
/// answered but before the delivery was recorded sends it again: delivery is at least once).
///
/// Redirects are not followed: a client following a 301–303 would repeat the POST as a GET
/// without the alert, and the receiver's 200 would then mark an alert delivered that never
/// arrived. A redirect is a failed delivery whose reason names the new address.
public final class HTTPAlertPoster: AlertPoster {
    let client: HTTPClient
    let timeout: Duration

    /// A poster giving each request `timeout` to complete.
    public init(timeout: Duration = .seconds(20)) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)))
        configuration.connectionPool = .init(idleTimeout: .seconds(30))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
    }

    /// POSTs one alert and returns the status.
    public func post(_ body: Data, to url: String, alertID: Int64) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Sinmun/\(SinmunVersion.current) watch")
        request.headers.add(name: "Sinmun-Alert-Id", value: String(alertID))
        request.body = .bytes(ByteBuffer(bytes: body))
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    /// Closes the client's connections; call once when the run ends.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}
