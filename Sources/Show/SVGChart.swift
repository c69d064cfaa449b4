import Foundation

/// Escaping for text from state media (and anything else) placed in HTML or SVG.
public enum HTML {
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

/// Charts drawn as inline SVG: no script, no external font or file, readable in print.
enum SVGChart {
    static let width = 720.0
    static let fontStack =
        "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK KR', 'Nanum Gothic', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif"
    static let palette = [
        "#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#3d405b", "#c1666b", "#4f772d", "#9c6644",
    ]

    static func open(id: String, title: String, description: String, height: Double) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" width="100%" role="img" aria-labelledby="\(id)-t \(id)-d" font-family="\(fontStack)" font-size="11">
        <title id="\(id)-t">\(HTML.escape(title))</title><desc id="\(id)-d">\(HTML.escape(description))</desc>
        """
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Which period labels to print so they do not collide.
    static func labelStep(_ count: Int, room: Double) -> Int { max(1, Int((Double(count) * 48 / room).rounded(.up))) }

    /// Vertical bars per period; gaps drawn as a hatched "no data" cell; optional markers.
    static func bars(
        id: String, title: String, description: String, labels: [String], values: [Double?],
        markers: [String: String] = [:], unit: String = "", links: [String?]? = nil
    ) -> String {
        let height = 220.0
        let left = 46.0
        let right = 12.0
        let top = 14.0
        let bottom = 34.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let top_ = niceCeiling(max(1, values.compactMap { $0 }.max() ?? 1), integer: true)
        let slot = plotW / Double(max(values.count, 1))
        var svg = open(id: id, title: title, description: description, height: height)
        svg +=
            "<defs><pattern id=\"\(id)-gap\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#bbb\" stroke-width=\"2\"/></pattern></defs>"
        for tick in 0...4 {
            let value = top_ * Double(tick) / 4
            let y = top + plotH - plotH * Double(tick) / 4
            svg +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\" stroke=\"#e5e5e5\"/>"
            svg +=
                "<text x=\"\(f(left - 4))\" y=\"\(f(y + 4))\" text-anchor=\"end\" fill=\"#555\">\(HTML.escape(format(value) + unit))</text>"
        }
        let step = labelStep(values.count, room: plotW)
        for (i, value) in values.enumerated() {
            let x = left + Double(i) * slot
            if let value {
                let h = plotH * value / top_
                let bar =
                    "<rect x=\"\(f(x + slot * 0.15))\" y=\"\(f(top + plotH - h))\" width=\"\(f(slot * 0.7))\" height=\"\(f(max(h, 1)))\" fill=\"\(palette[0])\"><title>\(HTML.escape(labels[i])): \(HTML.escape(format(value) + unit))</title></rect>"
                if let link = links?[i] { svg += "<a href=\"\(HTML.escape(link))\">\(bar)</a>" } else { svg += bar }
            } else {
                svg +=
                    "<rect x=\"\(f(x + slot * 0.15))\" y=\"\(f(top))\" width=\"\(f(slot * 0.7))\" height=\"\(f(plotH))\" fill=\"url(#\(id)-gap)\" opacity=\"0.6\"><title>\(HTML.escape(labels[i])): no articles</title></rect>"
            }
            if let marker = markers[labels[i]] {
                svg +=
                    "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + plotH))\" stroke=\"#d1495b\" stroke-dasharray=\"4 3\" stroke-width=\"1.5\"/>"
                svg += "<text x=\"\(f(x + 3))\" y=\"\(f(top + 10))\" fill=\"#d1495b\">\(HTML.escape(marker))</text>"
            }
            if i % step == 0 {
                svg +=
                    "<text x=\"\(f(x + slot / 2))\" y=\"\(f(height - bottom + 14))\" text-anchor=\"middle\" fill=\"#555\">\(HTML.escape(labels[i]))</text>"
            }
        }
        svg +=
            "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(width - right))\" y2=\"\(f(top + plotH))\" stroke=\"#888\"/></svg>"
        return svg
    }

    /// Shares as points with 95% interval whiskers; gaps left empty; change markers.
    static func shares(
        id: String, title: String, description: String, labels: [String], values: [Double?], lower: [Double?],
        upper: [Double?], markers: [String: String]
    ) -> String {
        let height = 240.0
        let left = 52.0
        let right = 12.0
        let top = 14.0
        let bottom = 34.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        // Scale to the estimates, not to the widest interval: a month with one article has an
        // interval up to 80% that would flatten every other point. Whiskers beyond are clipped
        // and marked with a caret.
        let largest = values.compactMap { $0 }.max() ?? 0
        let widest = zip(values, upper).compactMap { $0 == nil ? nil : $1 }.max() ?? 0.01
        let top_ = niceCeiling(max(0.0001, min(widest, max(largest * 2.5, 0.01))), integer: false)
        let slot = plotW / Double(max(values.count, 1))
        var svg = open(id: id, title: title, description: description, height: height)
        for tick in 0...4 {
            let value = top_ * Double(tick) / 4
            let y = top + plotH - plotH * Double(tick) / 4
            svg +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\" stroke=\"#e5e5e5\"/>"
            svg +=
                "<text x=\"\(f(left - 4))\" y=\"\(f(y + 4))\" text-anchor=\"end\" fill=\"#555\">\(String(format: value * 100 < 10 ? "%.2g%%" : "%.0f%%", value * 100))</text>"
        }
        let step = labelStep(values.count, room: plotW)
        for (i, value) in values.enumerated() {
            let x = left + Double(i) * slot + slot / 2
            if let value {
                let y: (Double) -> Double = { top + plotH - plotH * min($0, top_) / top_ }
                if let lo = lower[i], let hi = upper[i] {
                    svg +=
                        "<line x1=\"\(f(x))\" y1=\"\(f(y(lo)))\" x2=\"\(f(x))\" y2=\"\(f(y(hi)))\" stroke=\"#9ab\" stroke-width=\"1.5\"/>"
                    if hi > top_ {
                        svg +=
                            "<path d=\"M\(f(x - 4)) \(f(top + 6)) L\(f(x)) \(f(top)) L\(f(x + 4)) \(f(top + 6))\" fill=\"none\" stroke=\"#9ab\" stroke-width=\"1.5\"/>"
                    }
                }
                svg +=
                    "<circle cx=\"\(f(x))\" cy=\"\(f(y(value)))\" r=\"3\" fill=\"\(palette[0])\"><title>\(HTML.escape(labels[i])): \(String(format: "%.2f%%", value * 100)) [\(String(format: "%.2f", (lower[i] ?? 0) * 100))–\(String(format: "%.2f", (upper[i] ?? 0) * 100))]</title></circle>"
            }
            if let marker = markers[labels[i]] {
                let xm = x - slot / 2
                svg +=
                    "<line x1=\"\(f(xm))\" y1=\"\(f(top))\" x2=\"\(f(xm))\" y2=\"\(f(top + plotH))\" stroke=\"#d1495b\" stroke-dasharray=\"4 3\" stroke-width=\"1.5\"/>"
                svg += "<text x=\"\(f(xm + 3))\" y=\"\(f(top + 10))\" fill=\"#d1495b\">\(HTML.escape(marker))</text>"
            }
            if i % step == 0 {
                svg +=
                    "<text x=\"\(f(x))\" y=\"\(f(height - bottom + 14))\" text-anchor=\"middle\" fill=\"#555\">\(HTML.escape(labels[i]))</text>"
            }
        }
        svg +=
            "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(width - right))\" y2=\"\(f(top + plotH))\" stroke=\"#888\"/></svg>"
        return svg
    }

    /// Stacked shares per period (each column sums to 100%), with a legend; gaps left empty.
    static func stacked(
        id: String, title: String, description: String, labels: [String], series: [(name: String, values: [Int])]
    ) -> String {
        let height = 240.0
        let left = 40.0
        let right = 12.0
        let top = 30.0
        let bottom = 34.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let slot = plotW / Double(max(labels.count, 1))
        var svg = open(id: id, title: title, description: description, height: height)
        for (k, entry) in series.enumerated() {
            let x = left + Double(k) * 110
            svg +=
                "<rect x=\"\(f(x))\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(palette[k % palette.count])\"/><text x=\"\(f(x + 14))\" y=\"15\" fill=\"#333\">\(HTML.escape(entry.name))</text>"
        }
        for tick in [0.0, 0.5, 1.0] {
            let y = top + plotH - plotH * tick
            svg +=
                "<text x=\"\(f(left - 4))\" y=\"\(f(y + 4))\" text-anchor=\"end\" fill=\"#555\">\(Int(tick * 100))%</text>"
        }
        let step = labelStep(labels.count, room: plotW)
        for (i, label) in labels.enumerated() {
            let total = series.reduce(0) { $0 + $1.values[i] }
            let x = left + Double(i) * slot
            var y = top + plotH
            if total > 0 {
                for (k, entry) in series.enumerated() where entry.values[i] > 0 {
                    let h = plotH * Double(entry.values[i]) / Double(total)
                    y -= h
                    svg +=
                        "<rect x=\"\(f(x + slot * 0.1))\" y=\"\(f(y))\" width=\"\(f(slot * 0.8))\" height=\"\(f(h))\" fill=\"\(palette[k % palette.count])\"><title>\(HTML.escape(label)) \(HTML.escape(entry.name)): \(entry.values[i]) of \(total)</title></rect>"
                }
            }
            if i % step == 0 {
                svg +=
                    "<text x=\"\(f(x + slot / 2))\" y=\"\(f(height - bottom + 14))\" text-anchor=\"middle\" fill=\"#555\">\(HTML.escape(label))</text>"
            }
        }
        svg += "</svg>"
        return svg
    }

    /// Horizontal bars for categories.
    static func horizontalBars(
        id: String, title: String, description: String, rows: [(label: String, value: Double, text: String)]
    ) -> String {
        let rowH = 22.0
        let left = 300.0
        let right = 60.0
        let top = 6.0
        let height = top * 2 + rowH * Double(max(rows.count, 1))
        let top_ = max(rows.map(\.value).max() ?? 1, 0.0001)
        var svg = open(id: id, title: title, description: description, height: height)
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowH
            let w = (width - left - right) * row.value / top_
            let label = row.label.count > 46 ? String(row.label.prefix(45)) + "…" : row.label
            svg +=
                "<text x=\"\(f(left - 6))\" y=\"\(f(y + 15))\" text-anchor=\"end\" fill=\"#333\"><title>\(HTML.escape(row.label))</title>\(HTML.escape(label))</text>"
            svg +=
                "<rect x=\"\(f(left))\" y=\"\(f(y + 4))\" width=\"\(f(max(w, 0.5)))\" height=\"\(f(rowH - 8))\" fill=\"\(palette[0])\"/>"
            svg += "<text x=\"\(f(left + w + 4))\" y=\"\(f(y + 15))\" fill=\"#333\">\(HTML.escape(row.text))</text>"
        }
        svg += "</svg>"
        return svg
    }

    /// The next "nice" number at or above `value` (1, 2, 2.5, 5 × 10ⁿ), whole when `integer`.
    static func niceCeiling(_ value: Double, integer: Bool) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2.0, 2.5, 4.0, 5.0, 10.0] where step * magnitude >= value * (1 - 1e-12) {
            let candidate = step * magnitude
            if integer { return max(4, (candidate / 4).rounded(.up) * 4) }
            return candidate
        }
        return value
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

/// The report's charts for other pages (the dashboard's timelines).
public enum Charts {
    /// Bars per period; `links[i]` makes bar i a link; nil values are gaps.
    public static func bars(
        id: String, title: String, description: String, labels: [String], values: [Double?], links: [String?]? = nil,
        markers: [String: String] = [:]
    ) -> String {
        SVGChart.bars(
            id: id, title: title, description: description, labels: labels, values: values, markers: markers,
            links: links)
    }
}
