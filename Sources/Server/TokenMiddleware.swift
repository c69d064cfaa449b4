import Foundation
import Hummingbird

/// Requires the token on every request when one is configured: `Authorization: Bearer T`,
/// or `?token=T` once (which sets a cookie for the links that follow).
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let query = QueryFields(request).get("token")
        let cookie = request.cookies["sinmun_token"]?.value
        guard let given = bearer ?? query ?? cookie, Self.constantTimeEqual(given, token) else {
            throw HTTPError(.unauthorized, message: "a token is required: Authorization: Bearer TOKEN or ?token=TOKEN")
        }
        var response = try await next(request, context)
        if query != nil {
            response.setCookie(
                Cookie(name: "sinmun_token", value: token, path: "/", secure: false, httpOnly: true, sameSite: .strict))
        }
        return response
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
