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

    /// One kind of span to mark: its opening and closing tags (fixed markup, never text) and
    /// its UTF-8 byte ranges.
    public struct Layer: Sendable {
        /// The opening tag, such as `<q class="quote">`.
        public var open: String
        /// The closing tag, such as `</q>`.
        public var close: String
        /// Where it applies.
        public var ranges: [Range<Int>]

        /// A layer of `ranges` wrapped in `open` … `close`.
        public init(open: String, close: String, ranges: [Range<Int>]) {
            self.open = open
            self.close = close
            self.ranges = ranges
        }
    }

    /// `text` with several kinds of span marked at once (a quote, its speaker, the cues inside
    /// it), nested in the order of `layers` (the first outermost); where spans cross, the
    /// inner ones are closed and reopened so the markup stays well formed. Every piece of text
    /// is escaped; ranges outside the text or splitting a character are dropped.
    public static func layered(_ text: String, layers: [Layer]) -> String {
        let bytes = Array(text.utf8)
        func isBoundary(_ offset: Int) -> Bool { offset == bytes.count || bytes[offset] & 0xC0 != 0x80 }
        let valid = layers.map { layer in
            layer.ranges.filter {
                !$0.isEmpty && $0.lowerBound >= 0 && $0.upperBound <= bytes.count && isBoundary($0.lowerBound)
                    && isBoundary($0.upperBound)
            }
        }
        var cuts = Set([0, bytes.count])
        for ranges in valid { for range in ranges { cuts.formUnion([range.lowerBound, range.upperBound]) } }
        let points = cuts.sorted()
        var out = ""
        var open: [Int] = []
        for (start, end) in zip(points, points.dropFirst()) {
            let active = valid.indices.filter { layer in valid[layer].contains { $0.contains(start) } }
            if active != open {
                // Close down to the shared prefix, then open the rest.
                var shared = 0
                while shared < min(active.count, open.count), active[shared] == open[shared] { shared += 1 }
                for layer in open[shared...].reversed() { out += layers[layer].close }
                for layer in active[shared...] { out += layers[layer].open }
                open = active
            }
            out += escape(String(decoding: bytes[start..<end], as: UTF8.self))
        }
        for layer in open.reversed() { out += layers[layer].close }
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
