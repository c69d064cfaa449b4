import ArgumentParser
import Foundation
import SinmunCode
import SinmunMeasure
import SinmunShow
import SinmunStore

struct CooccurrenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cooccurrence",
        abstract: "Which terms share a code's evidence sentences: a table, JSON or an SVG network.",
        discussion: """
            Reads the evidence sentences of CODE (within a scope, written as in `sinmun keyness`), \
            splits each into lemmas (Korean through MeCab with NK-HanDic, in one spelling; English \
            stems without function words), and counts the sentences each pair of terms shares. Edges \
            are the strongest positive associations by G² (default) or PMI; the network's layout is \
            deterministic, so the same corpus always gives the same picture.

              sinmun cooccurrence ai
              sinmun cooccurrence ai --scope "lang:ko" --svg network.svg
            """
    )

    @Argument(help: "The code whose evidence sentences are read.") var code: String
    @Option(help: ArgumentHelp("Only articles in this scope.", valueName: "scope")) var scope = ""
    @Option(help: "Weigh edges by g2 or pmi.") var measure: KeynessMeasure = .g2
    @Option(help: "A pair must share at least this many sentences.") var minCount = 2
    @Option(help: "At most this many edges.") var edges = 40
    @Option(help: ArgumentHelp("Also draw the network to this SVG file.", valueName: "file")) var svg: String?
    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var analyzerOptions: AnalyzerOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard measure == .g2 || measure == .pmi else { throw ValidationError("--measure is g2 or pmi") }
        guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1") }
        guard (1...500).contains(edges) else { throw ValidationError("--edges must be between 1 and 500") }
    }

    func run() async throws {
        let codebook = try codebookOption.load()
        guard codebook.code(named: code) != nil else {
            throw ValidationError(
                "unknown code '\(code)'; known: \(codebook.codes.map(\.name).joined(separator: ", "))")
        }
        let scope = try Scope(scope, codebook: codebook)
        let network = try await common.withBackend { store in
            _ = try store.code(with: codebook)
            return try store.coOccurrence(
                of: code, codebook: codebook, in: scope, analyzer: analyzerOptions.wordAnalyzer(),
                options: CoOccurrenceOptions(measure: measure, minCount: minCount, edges: edges))
        }
        if let svg {
            let picture = NetworkChart.svg(network, title: "Terms around \(code)")
            try Data(picture.utf8).write(to: URL(fileURLWithPath: svg))
        }
        if common.json {
            try Terminal.printJSON(network)
            return
        }
        print("\(network.sentences) evidence sentence(s) of \(code) in \(network.scope); edges by \(network.measure)")
        if network.edges.isEmpty { print("no pair of terms shares \(minCount) sentences or more") }
        let lemma = Dictionary(uniqueKeysWithValues: network.nodes.map { ($0.term, $0.lemma) })
        for edge in network.edges {
            let pair = "\(lemma[edge.source] ?? edge.source) — \(lemma[edge.target] ?? edge.target)"
            print(
                pair.padding(40) + " \(edge.together)".padding(5)
                    + String(format: " G² %7.1f  PMI %5.2f", edge.g2, edge.pmi))
        }
    }
}
