import Foundation

/// One SVG element built from typed parts: a name, attributes, children and text.
///
/// Charts are assembled from these values rather than from strings, so every attribute value
/// and every piece of text (period labels and titles can come from state-media text) is
/// escaped exactly once, when ``rendered()`` writes the markup.
public struct SVGElement: Sendable, Equatable {
    /// The element name, such as `rect` or `text`.
    public var name: String
    /// Attributes in the order they are written.
    public var attributes: [Attribute]
    /// Child elements, written after ``text``.
    public var children: [SVGElement]
    /// Character data inside the element.
    public var text: String?

    /// One `name="value"` pair; the value is escaped when rendered.
    public struct Attribute: Sendable, Equatable {
        /// The attribute name (a constant of this code, never user text).
        public var name: String
        /// The value, escaped on output.
        public var value: String

        /// An attribute with a text value.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }

        /// An attribute with a coordinate or length, written with one decimal.
        public init(_ name: String, _ value: Double) {
            self.init(name, SVGElement.number(value))
        }
    }

    /// An element with attributes, children and text.
    public init(_ name: String, _ attributes: [Attribute] = [], text: String? = nil, children: [SVGElement] = []) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// The markup: attribute values and text escaped for HTML and SVG alike.
    public func rendered() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        out += "<" + name
        for attribute in attributes {
            out += " " + attribute.name + "=\"" + HTML.escape(attribute.value) + "\""
        }
        if text == nil && children.isEmpty {
            out += "/>"
            return
        }
        out += ">"
        if let text { out += HTML.escape(text) }
        for child in children { child.write(to: &out) }
        out += "</" + name + ">"
    }

    /// Coordinates with one decimal: enough for a 720-unit-wide chart, and short.
    static func number(_ value: Double) -> String { String(format: "%.1f", value) }
}

extension SVGElement {
    /// A `<title>` child: the tooltip a browser shows on hover.
    public static func title(_ text: String, id: String? = nil) -> SVGElement {
        SVGElement("title", id.map { [Attribute("id", $0)] } ?? [], text: text)
    }

    /// A rectangle, with an optional tooltip.
    public static func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, tooltip: String? = nil,
        extra: [Attribute] = []
    ) -> SVGElement {
        SVGElement(
            "rect",
            [.init("x", x), .init("y", y), .init("width", width), .init("height", height), .init("fill", fill)] + extra,
            children: tooltip.map { [title($0)] } ?? [])
    }

    /// A straight line; `dash` is a stroke-dasharray such as `4 3`.
    public static func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double? = nil, dash: String? = nil
    ) -> SVGElement {
        var attributes: [Attribute] = [.init("x1", x1), .init("y1", y1), .init("x2", x2), .init("y2", y2)]
        attributes.append(.init("stroke", stroke))
        if let dash { attributes.append(.init("stroke-dasharray", dash)) }
        if let width { attributes.append(.init("stroke-width", width)) }
        return SVGElement("line", attributes)
    }

    /// Text at a point; `anchor` is `start`, `middle` or `end`.
    public static func text(
        _ text: String, x: Double, y: Double, anchor: String? = nil, fill: String, tooltip: String? = nil
    ) -> SVGElement {
        var attributes: [Attribute] = [.init("x", x), .init("y", y)]
        if let anchor { attributes.append(.init("text-anchor", anchor)) }
        attributes.append(.init("fill", fill))
        // A tooltip goes first so the visible text stays the element's own character data.
        guard let tooltip else { return SVGElement("text", attributes, text: text) }
        return SVGElement("text", attributes, children: [title(tooltip), SVGElement("tspan", text: text)])
    }

    /// A circle with a tooltip.
    public static func circle(cx: Double, cy: Double, r: Double, fill: String, tooltip: String) -> SVGElement {
        SVGElement(
            "circle", [.init("cx", cx), .init("cy", cy), .init("r", r), .init("fill", fill)], children: [title(tooltip)]
        )
    }

    /// An open polyline through `points` (a caret, an arrow).
    public static func path(through points: [(Double, Double)], stroke: String, width: Double) -> SVGElement {
        let d = points.enumerated().map { "\($0 == 0 ? "M" : "L")\(number($1.0)) \(number($1.1))" }.joined(
            separator: " ")
        return SVGElement(
            "path", [.init("d", d), .init("fill", "none"), .init("stroke", stroke), .init("stroke-width", width)])
    }

    /// A link around `child`; only http(s) and site-relative targets should reach here.
    public static func link(_ href: String, _ child: SVGElement) -> SVGElement {
        SVGElement("a", [.init("href", href)], children: [child])
    }

    /// The diagonal hatch that marks periods without any article.
    static func hatch(id: String) -> SVGElement {
        SVGElement(
            "defs",
            children: [
                SVGElement(
                    "pattern",
                    [
                        .init("id", id), .init("width", "6"), .init("height", "6"),
                        .init("patternUnits", "userSpaceOnUse"), .init("patternTransform", "rotate(45)"),
                    ],
                    children: [
                        SVGElement(
                            "line",
                            [
                                .init("x1", "0"), .init("y1", "0"), .init("x2", "0"), .init("y2", "6"),
                                .init("stroke", "#bbb"), .init("stroke-width", "2"),
                            ])
                    ])
            ])
    }
}
