import Foundation

/// Charts drawn as inline SVG: no script, no external font or file, readable in print.
///
/// Each chart is a tree of ``SVGElement`` values; nothing here writes markup by hand.
enum SVGChart {
    static let width = 720.0
    static let fontStack =
        "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK KR', 'Nanum Gothic', "
        + "'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif"
    static let palette = [
        "#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#3d405b", "#c1666b", "#4f772d", "#9c6644",
    ]
    static let changeColour = "#d1495b"

    /// What every chart names: an id for its title and description elements, and both texts.
    struct Caption {
        var id: String
        var title: String
        var description: String
    }

    /// The plot area inside a chart of the full width.
    struct Frame {
        var height: Double
        var left: Double
        var right = 12.0
        var top = 14.0
        var bottom = 34.0

        var plotWidth: Double { SVGChart.width - left - right }
        var plotHeight: Double { height - top - bottom }
        var baseline: Double { top + plotHeight }
        /// The y of `fraction` (0 at the baseline, 1 at the top).
        func y(_ fraction: Double) -> Double { baseline - plotHeight * fraction }
    }

    /// The outer `<svg>` element, labelled for screen readers.
    static func svg(_ caption: Caption, height: Double, _ children: [SVGElement]) -> String {
        SVGElement(
            "svg",
            [
                .init("xmlns", "http://www.w3.org/2000/svg"), .init("viewBox", "0 0 \(Int(width)) \(Int(height))"),
                .init("width", "100%"), .init("role", "img"),
                .init("aria-labelledby", "\(caption.id)-t \(caption.id)-d"), .init("font-family", fontStack),
                .init("font-size", "11"),
            ],
            children: [
                .title(caption.title, id: "\(caption.id)-t"),
                SVGElement("desc", [.init("id", "\(caption.id)-d")], text: caption.description),
            ] + children
        ).rendered()
    }

    /// Which period labels to print so they do not collide.
    static func labelStep(_ count: Int, room: Double) -> Int { max(1, Int((Double(count) * 48 / room).rounded(.up))) }

    /// Horizontal grid lines with their value labels, five of them from 0 to `top`.
    static func grid(_ frame: Frame, top: Double, label: (Double) -> String) -> [SVGElement] {
        (0...4).flatMap { tick -> [SVGElement] in
            let y = frame.y(Double(tick) / 4)
            return [
                .line(x1: frame.left, y1: y, x2: width - frame.right, y2: y, stroke: "#e5e5e5"),
                .text(label(top * Double(tick) / 4), x: frame.left - 4, y: y + 4, anchor: "end", fill: "#555"),
            ]
        }
    }

    /// A dashed vertical line with its label, at a change point.
    static func marker(_ text: String, x: Double, _ frame: Frame) -> [SVGElement] {
        [
            .line(x1: x, y1: frame.top, x2: x, y2: frame.baseline, stroke: changeColour, width: 1.5, dash: "4 3"),
            .text(text, x: x + 3, y: frame.top + 10, fill: changeColour),
        ]
    }

    /// The period label under slot `i`, printed only every `step` slots.
    static func periodLabel(_ text: String, x: Double, _ frame: Frame) -> SVGElement {
        .text(text, x: x, y: frame.height - frame.bottom + 14, anchor: "middle", fill: "#555")
    }

    static func axis(_ frame: Frame) -> SVGElement {
        .line(x1: frame.left, y1: frame.baseline, x2: width - frame.right, y2: frame.baseline, stroke: "#888")
    }

    /// Vertical bars per period; gaps drawn as a hatched "no data" cell; optional markers.
    static func bars(
        _ caption: Caption, labels: [String], values: [Double?], markers: [String: String] = [:], unit: String = "",
        links: [String?]? = nil
    ) -> String {
        let frame = Frame(height: 220, left: 46)
        let top = niceCeiling(max(1, values.compactMap { $0 }.max() ?? 1), integer: true)
        let slot = frame.plotWidth / Double(max(values.count, 1))
        var parts = [SVGElement.hatch(id: "\(caption.id)-gap")]
        parts += grid(frame, top: top) { format($0) + unit }
        let step = labelStep(values.count, room: frame.plotWidth)
        for (i, value) in values.enumerated() {
            let x = frame.left + Double(i) * slot
            if let value {
                let h = frame.plotHeight * value / top
                let bar = SVGElement.rect(
                    x: x + slot * 0.15, y: frame.baseline - h, width: slot * 0.7, height: max(h, 1), fill: palette[0],
                    tooltip: "\(labels[i]): \(format(value) + unit)")
                parts.append(links?[i].map { .link($0, bar) } ?? bar)
            } else {
                parts.append(
                    .rect(
                        x: x + slot * 0.15, y: frame.top, width: slot * 0.7, height: frame.plotHeight,
                        fill: "url(#\(caption.id)-gap)", tooltip: "\(labels[i]): no articles",
                        extra: [.init("opacity", "0.6")]))
            }
            if let text = markers[labels[i]] { parts += marker(text, x: x, frame) }
            if i % step == 0 { parts.append(periodLabel(labels[i], x: x + slot / 2, frame)) }
        }
        return svg(caption, height: frame.height, parts + [axis(frame)])
    }

    /// Shares as points with 95% interval whiskers; gaps left empty; change markers.
    static func shares(
        _ caption: Caption, labels: [String], values: [Double?], lower: [Double?], upper: [Double?],
        markers: [String: String]
    ) -> String {
        let frame = Frame(height: 240, left: 52)
        // Scale to the estimates, not to the widest interval: a month with one article has an
        // interval up to 80% that would flatten every other point. Whiskers beyond are clipped
        // and marked with a caret.
        let largest = values.compactMap { $0 }.max() ?? 0
        let widest = zip(values, upper).compactMap { $0 == nil ? nil : $1 }.max() ?? 0.01
        let top = niceCeiling(max(0.0001, min(widest, max(largest * 2.5, 0.01))), integer: false)
        let slot = frame.plotWidth / Double(max(values.count, 1))
        var parts = grid(frame, top: top) { String(format: $0 * 100 < 10 ? "%.2g%%" : "%.0f%%", $0 * 100) }
        let y: (Double) -> Double = { frame.y(min($0, top) / top) }
        let step = labelStep(values.count, room: frame.plotWidth)
        for (i, value) in values.enumerated() {
            let x = frame.left + Double(i) * slot + slot / 2
            if let value {
                if let lo = lower[i], let hi = upper[i] {
                    parts.append(.line(x1: x, y1: y(lo), x2: x, y2: y(hi), stroke: "#9ab", width: 1.5))
                    if hi > top {
                        parts.append(
                            .path(
                                through: [(x - 4, frame.top + 6), (x, frame.top), (x + 4, frame.top + 6)],
                                stroke: "#9ab", width: 1.5))
                    }
                }
                let interval = String(format: "%.2f–%.2f", (lower[i] ?? 0) * 100, (upper[i] ?? 0) * 100)
                parts.append(
                    .circle(
                        cx: x, cy: y(value), r: 3, fill: palette[0],
                        tooltip: "\(labels[i]): \(String(format: "%.2f%%", value * 100)) [\(interval)]"))
            }
            if let text = markers[labels[i]] { parts += marker(text, x: x - slot / 2, frame) }
            if i % step == 0 { parts.append(periodLabel(labels[i], x: x, frame)) }
        }
        return svg(caption, height: frame.height, parts + [axis(frame)])
    }

    /// Stacked shares per period (each column sums to 100%), with a legend; gaps left empty.
    static func stacked(_ caption: Caption, labels: [String], series: [(name: String, values: [Int])]) -> String {
        let frame = Frame(height: 240, left: 40, top: 30)
        let slot = frame.plotWidth / Double(max(labels.count, 1))
        var parts: [SVGElement] = []
        for (k, entry) in series.enumerated() {
            let x = frame.left + Double(k) * 110
            parts.append(.rect(x: x, y: 6, width: 10, height: 10, fill: palette[k % palette.count]))
            parts.append(.text(entry.name, x: x + 14, y: 15, fill: "#333"))
        }
        for tick in [0.0, 0.5, 1.0] {
            parts.append(
                .text("\(Int(tick * 100))%", x: frame.left - 4, y: frame.y(tick) + 4, anchor: "end", fill: "#555"))
        }
        let step = labelStep(labels.count, room: frame.plotWidth)
        for (i, label) in labels.enumerated() {
            let total = series.reduce(0) { $0 + $1.values[i] }
            let x = frame.left + Double(i) * slot
            var y = frame.baseline
            for (k, entry) in series.enumerated() where total > 0 && entry.values[i] > 0 {
                let h = frame.plotHeight * Double(entry.values[i]) / Double(total)
                y -= h
                parts.append(
                    .rect(
                        x: x + slot * 0.1, y: y, width: slot * 0.8, height: h, fill: palette[k % palette.count],
                        tooltip: "\(label) \(entry.name): \(entry.values[i]) of \(total)"))
            }
            if i % step == 0 { parts.append(periodLabel(label, x: x + slot / 2, frame)) }
        }
        return svg(caption, height: frame.height, parts)
    }

    /// Horizontal bars for categories.
    static func horizontalBars(_ caption: Caption, rows: [(label: String, value: Double, text: String)]) -> String {
        let rowHeight = 22.0
        let left = 300.0
        let right = 60.0
        let top = 6.0
        let height = top * 2 + rowHeight * Double(max(rows.count, 1))
        let largest = max(rows.map(\.value).max() ?? 1, 0.0001)
        var parts: [SVGElement] = []
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            let w = (width - left - right) * row.value / largest
            let label = row.label.count > 46 ? String(row.label.prefix(45)) + "…" : row.label
            parts.append(.text(label, x: left - 6, y: y + 15, anchor: "end", fill: "#333", tooltip: row.label))
            parts.append(.rect(x: left, y: y + 4, width: max(w, 0.5), height: rowHeight - 8, fill: palette[0]))
            parts.append(.text(row.text, x: left + w + 4, y: y + 15, fill: "#333"))
        }
        return svg(caption, height: height, parts)
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
