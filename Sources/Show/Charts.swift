import Foundation

/// The report's charts for other pages (the dashboard's timelines), as inline SVG markup
/// built from ``SVGElement`` values.
public enum Charts {
    /// Bars per period; `links[i]` makes bar i a link; nil values are gaps (hatched).
    public static func bars(
        id: String, title: String, description: String, labels: [String], values: [Double?], links: [String?]? = nil,
        markers: [String: String] = [:]
    ) -> String {
        SVGChart.bars(
            .init(id: id, title: title, description: description), labels: labels, values: values, markers: markers,
            links: links)
    }
}
