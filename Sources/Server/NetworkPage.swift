import Foundation
import SinmunMeasure
import SinmunShow

/// The co-occurrence network of a code's evidence sentences (template `network`).
struct NetworkPage {
    struct Edge {
        var source: String
        var target: String
        var together: Int
        var g2: String
        var pmi: String
    }

    var title: String
    var code: String
    var scope: String
    var codes: [SearchForm.Option]
    var sentences: Int
    var chart: String?
    var edges: [Edge]
    var json: String

    init(code: String, scope: String, codes: [String], network: CoOccurrenceNetwork) {
        title = "Terms around \(code)"
        self.code = code
        self.scope = scope
        self.codes = codes.map { SearchForm.Option(value: $0, label: $0, selected: $0 == code) }
        sentences = network.sentences
        chart = network.edges.isEmpty ? nil : NetworkChart.svg(network, title: "Terms around \(code)")
        let lemma = Dictionary(uniqueKeysWithValues: network.nodes.map { ($0.term, $0.lemma) })
        edges = network.edges.map {
            Edge(
                source: lemma[$0.source] ?? $0.source, target: lemma[$0.target] ?? $0.target, together: $0.together,
                g2: String(format: "%.1f", $0.g2), pmi: String(format: "%.2f", $0.pmi))
        }
        json = "/api/network" + DashboardSite.query([("code", code), ("scope", scope)])
    }
}
