import Hummingbird
import NIOPosix

extension RouteCollection {
    /// A GET route whose handler reads the corpus synchronously (SQLite through GRDB): it runs on
    /// NIO's thread pool for blocking work, so the server's event loops and Swift's cooperative
    /// threads never wait on a query, and fifty requests at once queue for the pool, not for them.
    @discardableResult
    func blockingGet(
        _ path: RouterPath, use handler: @escaping @Sendable (Request, Context) throws -> Response
    ) -> Self {
        get(path) { request, context in
            try await NIOThreadPool.singleton.runIfActive { try handler(request, context) }
        }
    }
}
