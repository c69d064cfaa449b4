import Foundation

/// The fields the coding form posts (`application/x-www-form-urlencoded`, decoded by
/// Hummingbird's `URLEncodedFormDecoder`); checked boxes arrive as `code[]`.
struct CodingForm: Decodable {
    var csrf: String?
    var coder: String?
    var code: [String]?
}
