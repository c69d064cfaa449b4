import Foundation
import SinmunMeasure

/// A co-occurrence network drawn as inline SVG with a deterministic force-directed layout:
/// nodes start on a circle in a fixed order and move by Fruchterman–Reingold forces for a fixed
/// number of steps, so the same network is always drawn the same way.
public enum NetworkChart {
    /// The network as SVG: node area by sentence count, edge width by weight, labels beside nodes.
    public static func svg(_ network: CoOccurrenceNetwork, id: String = "network", title: String) -> String {
        let height = 460.0
        let positions = layout(network, width: SVGChart.width, height: height)
        let weight: (CoOccurrenceNetwork.Edge) -> Double = { network.measure == "pmi" ? $0.pmi : $0.g2 }
        let strongest = network.edges.map(weight).max() ?? 1
        var parts: [SVGElement] = []
        for edge in network.edges {
            guard let a = positions[edge.source], let b = positions[edge.target] else { continue }
            let line = SVGElement.line(
                x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: "#9ab", width: 0.8 + 3.2 * weight(edge) / strongest)
            let tooltip =
                "\(lemma(edge.source, network)) — \(lemma(edge.target, network)): \(edge.together) sentence(s), "
                + String(format: "G² %.1f, PMI %.2f", edge.g2, edge.pmi)
            parts.append(SVGElement("g", children: [.title(tooltip), line]))
        }
        let largest = Double(network.nodes.map(\.sentences).max() ?? 1)
        for node in network.nodes {
            guard let p = positions[node.term] else { continue }
            let r = 3 + 9 * (Double(node.sentences) / largest).squareRoot()
            parts.append(
                .circle(
                    cx: p.x, cy: p.y, r: r, fill: SVGChart.palette[0],
                    tooltip: "\(node.lemma): \(node.sentences) sentence(s)"))
            parts.append(.text(node.lemma, x: p.x + r + 2, y: p.y + 4, fill: "#222"))
        }
        let caption = SVGChart.Caption(
            id: id, title: title,
            description:
                "Terms that share evidence sentences; thicker lines are stronger associations (\(network.measure)).")
        return SVGChart.svg(caption, height: height, parts)
    }

    static func lemma(_ key: String, _ network: CoOccurrenceNetwork) -> String {
        network.nodes.first { $0.term == key }?.lemma ?? key
    }

    /// Node positions after a fixed Fruchterman–Reingold run inside a `width` × `height` box.
    static func layout(
        _ network: CoOccurrenceNetwork, width: Double, height: Double
    ) -> [String: (x: Double, y: Double)] {
        let keys = network.nodes.map(\.term)
        guard !keys.isEmpty else { return [:] }
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        let margin = 60.0
        let (w, h) = (width - 2 * margin, height - 2 * margin)
        var x = keys.indices.map { margin + w / 2 + w / 2 * cos(2 * .pi * Double($0) / Double(keys.count)) }
        var y = keys.indices.map { margin + h / 2 + h / 2 * sin(2 * .pi * Double($0) / Double(keys.count)) }
        let k = (w * h / Double(keys.count)).squareRoot() * 0.9
        let links = network.edges.compactMap { edge in
            index[edge.source].flatMap { a in index[edge.target].map { (a, $0) } }
        }
        var temperature = w / 8
        for _ in 0..<300 {
            var dx = [Double](repeating: 0, count: keys.count)
            var dy = dx
            for i in keys.indices {
                for j in keys.indices where j > i {
                    let (ex, ey) = (x[i] - x[j], y[i] - y[j])
                    let d = max((ex * ex + ey * ey).squareRoot(), 0.01)
                    let force = k * k / d
                    dx[i] += ex / d * force
                    dy[i] += ey / d * force
                    dx[j] -= ex / d * force
                    dy[j] -= ey / d * force
                }
            }
            for (i, j) in links {
                let (ex, ey) = (x[i] - x[j], y[i] - y[j])
                let d = max((ex * ex + ey * ey).squareRoot(), 0.01)
                let force = d * d / k
                dx[i] -= ex / d * force
                dy[i] -= ey / d * force
                dx[j] += ex / d * force
                dy[j] += ey / d * force
            }
            // Gravity towards the centre keeps separate components in view instead of at the walls.
            for i in keys.indices {
                dx[i] -= (x[i] - width / 2) * 0.4
                dy[i] -= (y[i] - height / 2) * 0.4
            }
            for i in keys.indices {
                let d = max((dx[i] * dx[i] + dy[i] * dy[i]).squareRoot(), 0.01)
                // Room on the right for the labels.
                x[i] = min(width - 2 * margin, max(margin / 2, x[i] + dx[i] / d * min(d, temperature)))
                y[i] = min(height - margin / 2, max(margin / 2, y[i] + dy[i] / d * min(d, temperature)))
            }
            temperature = max(2, temperature * 0.99)
        }
        return Dictionary(uniqueKeysWithValues: keys.indices.map { (keys[$0], (x[$0], y[$0])) })
    }
}
