import Foundation
import Hummingbird
import SinmunStore

/// The one path every error takes to the client: a page for people, JSON under `/api/`.
///
/// An ``HTTPError`` keeps its status and message (they say what the request got wrong); any
/// other error is a 500 that says nothing of the code that failed, never a stack trace.
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let site: DashboardSite

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, message) = Self.describe(error)
            if request.uri.path.hasPrefix("/api/") {
                return try site.json(ErrorBody(error: message), status: status)
            }
            return try site.page(
                ErrorPage(title: status.reasonPhrase, message: message), template: "error", status: status)
        }
    }

    static func describe(_ error: any Error) -> (HTTPResponse.Status, String) {
        switch error {
        case let error as HTTPError: (error.status, error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError: (error.status, error.status.reasonPhrase)
        default: (.internalServerError, "internal error")
        }
    }

    /// What `/api/` answers on an error.
    struct ErrorBody: Encodable {
        var error: String
    }

    /// What the `error` template shows.
    struct ErrorPage {
        var title: String
        var message: String
    }
}
