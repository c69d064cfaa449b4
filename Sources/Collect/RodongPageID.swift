import Foundation

/// Any id rodong.rep.kp carries base64-encoded in the query of an `index.php?…` address:
/// an article's (kind `12`, see ``RodongArticleID``) or a page that lists articles (a menu, a
/// day's issue, a section).
///
/// Only the article ids' scheme is confirmed (the 59 real addresses); what the other kinds
/// hold is not, so this reads them loosely: `@`-separated fields whose first is a number, and
/// the first field that begins with a `YYYY-MM-DD` date as the page's date. The crawler uses
/// that date only to keep out of a date range.
public struct RodongPageID: Hashable, Sendable {
    /// The decoded text (`12@2024-04-01-N025@5@1@@0@13`, `01@2024-04-01@0`).
    public let decoded: String
    /// The decoded fields, split at `@`.
    public let fields: [String]
    /// The first date among the fields, if any (`2024-04-01` of `2024-04-01-N025`).
    public let date: PublicationDate?

    /// Reads a decoded id; nil unless its first field is a number of at most four digits and
    /// the text has no control characters (a base64 query that is not an id).
    public init?(decoded: String) {
        let fields = decoded.components(separatedBy: "@")
        guard let kind = fields.first, (1...4).contains(kind.count), kind.allSatisfy(\.isASCII),
            kind.allSatisfy(\.isNumber),
            !decoded.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return nil }
        self.decoded = decoded
        self.fields = fields
        date =
            fields.dropFirst().lazy.compactMap { field -> PublicationDate? in
                guard field.count >= 10, let date = DateParsing.parse(String(field.prefix(10))), date.precision == .day
                else { return nil }
                return date
            }.first
    }

    /// Reads the base64 query of an address (or the query alone); nil when it does not decode
    /// to an id.
    public init?(address: String) {
        guard let decoded = Self.decode(address: address) else { return nil }
        self.init(decoded: decoded)
    }

    /// The page kind, the first field (`12` for an article).
    public var kind: String { fields[0] }

    /// The article id, when this is one.
    public var article: RodongArticleID? { RodongArticleID(decoded: decoded) }

    /// The decoded text of an address's base64 query, nil when the query is not base64 text.
    ///
    /// The site pads every id with `==` whatever its length (see ``RodongArticleID/encoded``):
    /// the padding is dropped and what base64 needs restored.
    public static func decode(address: String) -> String? {
        let query: String
        if let mark = address.firstIndex(of: "?") {
            query = String(address[address.index(after: mark)...])
        } else {
            query = address
        }
        var base64 = String((query.removingPercentEncoding ?? query).prefix { $0 != "=" })
        guard !base64.isEmpty else { return nil }
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8) else {
            return nil
        }
        return decoded
    }

    /// The id as it appears in an address: base64 without its padding, then `==`.
    public var encoded: String {
        String(Data(decoded.utf8).base64EncodedString().prefix { $0 != "=" }) + "=="
    }
}
