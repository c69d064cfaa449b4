import Foundation

/// Every route, for registration and for the OpenAPI file's sync test.
public enum DashboardRoutes {
    /// Method and path of every route, in the order they are registered.
    public static let all: [(method: String, path: String)] = [
        ("GET", "/"), ("GET", "/search"), ("GET", "/timeline/{code}"), ("GET", "/article/{id}"),
        ("GET", "/code"), ("GET", "/code/{id}"), ("POST", "/code/{id}"), ("GET", "/labels.csv"), ("GET", "/suggest"),
        ("GET", "/report"), ("GET", "/alerts"), ("GET", "/alerts.atom"),
        ("GET", "/api/search"), ("GET", "/api/series"), ("GET", "/api/article/{id}"), ("GET", "/api/codes"),
        ("GET", "/keyness"), ("GET", "/api/keyness"), ("GET", "/terms"), ("GET", "/api/terms"), ("GET", "/network"),
        ("GET", "/api/network"), ("GET", "/topics"), ("GET", "/api/topics"),
    ]
}
