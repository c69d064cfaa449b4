import Foundation
import SinmunMeasure

/// A co-occurrence network drawn as inline SVG with a deterministic layout: each connected
/// component gets a cell of a grid (the largest first), and within it nodes start on a circle
/// in a fixed order and move by Fruchterman–Reingold forces for a fixed number of steps, so the
/// same network is always drawn the same way.
public enum NetworkChart {
    /// The network as SVG: node area by sentence count, edge width by weight, labels beside nodes.
    public static func svg(_ network: CoOccurrenceNetwork, id: String = "network", title: String) -> String {
        let components = Self.components(network)
        let columns = min(4, max(1, components.count))
        let rows = (components.count + columns) / columns
        let height = max(320, Double(rows) * 170)
        let positions = layout(network, components: components, width: SVGChart.width, height: height)
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

    /// The network's connected components, largest first (ties by their first term), each in
    /// node order.
    static func components(_ network: CoOccurrenceNetwork) -> [[String]] {
        var parent = Dictionary(uniqueKeysWithValues: network.nodes.map { ($0.term, $0.term) })
        func root(_ key: String) -> String {
            var key = key
            while let up = parent[key], up != key { key = up }
            return key
        }
        for edge in network.edges {
            let (a, b) = (root(edge.source), root(edge.target))
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        var groups: [String: [String]] = [:]
        for node in network.nodes { groups[root(node.term), default: []].append(node.term) }
        return groups.values.sorted { ($0.count, $1[0]) > ($1.count, $0[0]) }
    }

    /// Node positions: each component laid out inside its grid cell.
    static func layout(
        _ network: CoOccurrenceNetwork, components: [[String]], width: Double, height: Double
    ) -> [String: (x: Double, y: Double)] {
        let columns = min(4, max(1, components.count))
        let rows = max(1, (components.count + columns) / columns)
        let (cellWidth, cellHeight) = (width / Double(columns), height / Double(rows))
        var positions: [String: (x: Double, y: Double)] = [:]
        // The largest component takes two cells when it is more than a few terms.
        let wide = columns > 1 && (components.first?.count ?? 0) > 3
        for (n, keys) in components.enumerated() {
            let cell = wide && n > 0 ? n + 1 : n
            let span = wide && n == 0 ? 2.0 : 1.0
            let box = (
                x: Double(cell % columns) * cellWidth + 20, y: Double(cell / columns) * cellHeight + 20,
                width: cellWidth * span - 100, height: cellHeight - 40
            )
            let links = network.edges.filter { keys.contains($0.source) }
            for (key, point) in spring(keys, links: links, box: box) { positions[key] = point }
        }
        return positions
    }

    /// Fruchterman–Reingold inside `box` (labels need the room the box leaves on its right).
    static func spring(
        _ keys: [String], links edges: [CoOccurrenceNetwork.Edge],
        box: (x: Double, y: Double, width: Double, height: Double)
    ) -> [String: (x: Double, y: Double)] {
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        let (cx, cy) = (box.x + box.width / 2, box.y + box.height / 2)
        // A quarter turn: a pair stands upright, so its two labels do not run into each other.
        let angle = { (i: Int) in 2 * Double.pi * Double(i) / Double(keys.count) + Double.pi / 2 }
        var x = keys.indices.map { cx + box.width / 2 * cos(angle($0)) }
        var y = keys.indices.map { cy + box.height / 2 * sin(angle($0)) }
        guard keys.count > 2 else {
            return Dictionary(uniqueKeysWithValues: keys.indices.map { (keys[$0], (cx, y[$0])) })
        }
        let k = (box.width * box.height / Double(keys.count)).squareRoot() * 0.8
        let links = edges.compactMap { edge in index[edge.source].flatMap { a in index[edge.target].map { (a, $0) } } }
        // Dense components (every term linked to every other) would otherwise pull into a knot.
        let degree = max(1, Double(links.count * 2) / Double(keys.count))
        var temperature = box.width / 8
        for _ in 0..<300 {
            var (dx, dy) = ([Double](repeating: 0, count: keys.count), [Double](repeating: 0, count: keys.count))
            for i in keys.indices {
                for j in keys.indices where j > i {
                    let (ex, ey) = (x[i] - x[j], y[i] - y[j])
                    let d = max((ex * ex + ey * ey).squareRoot(), 0.01)
                    let force = k * k / d / d
                    (dx[i], dy[i], dx[j], dy[j]) = (
                        dx[i] + ex * force, dy[i] + ey * force, dx[j] - ex * force, dy[j] - ey * force
                    )
                }
            }
            for (i, j) in links {
                let (ex, ey) = (x[i] - x[j], y[i] - y[j])
                let force = (ex * ex + ey * ey).squareRoot() / k / degree
                (dx[i], dy[i], dx[j], dy[j]) = (
                    dx[i] - ex * force, dy[i] - ey * force, dx[j] + ex * force, dy[j] + ey * force
                )
            }
            for i in keys.indices {
                dx[i] -= (x[i] - cx) * 0.1
                dy[i] -= (y[i] - cy) * 0.1
                let d = max((dx[i] * dx[i] + dy[i] * dy[i]).squareRoot(), 0.01)
                x[i] = min(box.x + box.width, max(box.x, x[i] + dx[i] / d * min(d, temperature)))
                y[i] = min(box.y + box.height, max(box.y, y[i] + dy[i] / d * min(d, temperature)))
            }
            temperature = max(1, temperature * 0.99)
        }
        return Dictionary(uniqueKeysWithValues: keys.indices.map { (keys[$0], (x[$0], y[$0])) })
    }
}
