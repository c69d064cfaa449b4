import Foundation
import Hummingbird

/// A request's query string read as a browser writes it from a GET form
/// (`application/x-www-form-urlencoded`): `+` is a space, `%XX` a byte. Hummingbird's
/// `queryParameters` keeps `+` as it is, so a search for two words typed into a form arrived
/// as `artificial+intelligence`.
struct QueryFields {
    private var fields: [String: String] = [:]

    init(_ request: Request) {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            // The first of repeated names wins, as with `queryParameters.get`.
            if let name = parts.first, fields[name] == nil { fields[name] = parts.count > 1 ? parts[1] : "" }
        }
    }

    /// The value of `name`, or nil when absent.
    func get(_ name: String) -> String? { fields[name] }

    /// Every field, by name.
    var all: [String: String] { fields }
}
