import Foundation

/// Escaping for text from state media (and anything else) placed in HTML or SVG.
public enum HTML {
    /// `text` with `& < > " '` as entities: safe in element content and quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `text` with the UTF-8 byte ranges wrapped in `<mark>`, every piece escaped; ranges that
    /// overlap, fall outside the text or split a character are skipped, never trusted.
    public static func marked(_ text: String, byteRanges: [Range<Int>]) -> String {
        let bytes = Array(text.utf8)
        var out = ""
        var cursor = 0
        for range in byteRanges.sorted(by: { $0.lowerBound < $1.lowerBound })
        where range.lowerBound >= cursor && range.upperBound <= bytes.count && !range.isEmpty {
            out += escape(String(decoding: bytes[cursor..<range.lowerBound], as: UTF8.self))
            out += "<mark>" + escape(String(decoding: bytes[range], as: UTF8.self)) + "</mark>"
            cursor = range.upperBound
        }
        return out + escape(String(decoding: bytes[cursor...], as: UTF8.self))
    }

    /// A link target only when it is a plain http(s) address; anything else (javascript:,
    /// data:) is not linked.
    public static func safeURL(_ url: String?) -> String? {
        guard let url, url.hasPrefix("http://") || url.hasPrefix("https://"),
            !url.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" })
        else { return nil }
        return url
    }
}
