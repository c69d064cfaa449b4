import ArgumentParser
import Foundation
import SinmunCode
import SinmunMeasure
import SinmunStore

struct KeynessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyness",
        abstract: "Which terms are distinctive of a scope against a reference, with example sentences.",
        discussion: """
            A scope is space-separated key:value pairs: code:ai q:"state-led" from:2024-10-01 \
            to:2024-10-31 outlet:kcna lang:ko section:…; the reference `rest` (the default) is every \
            analysed article outside the target. Terms come from the term index (`sinmun analyze`, \
            which this command brings up to date first): Korean lemmas in one spelling, English stems.

            Each row gives the counts in target and reference (tokens and articles) and the totals, \
            so every statistic can be recomputed: signed G² and χ² (negative: rarer in the target), \
            p and Benjamini–Hochberg q, and the log ratio (base 2) as the effect size, with up to three \
            sentences of the target that use the term. Definitions follow quanteda's textstat_keyness.

              sinmun keyness --target "outlet:kcna from:2024-10 to:2024-10"
              sinmun keyness --target "code:ai from:2024-12" --reference "code:ai to:2024-11" --json
              sinmun keyness --target "lang:ko from:2019 to:2019" --reference "lang:ko from:2018 to:2018" --csv
            """
    )

    @Option(help: ArgumentHelp("The scope whose distinctive terms are wanted.", valueName: "scope"))
    var target: String
    @Option(help: ArgumentHelp("The scope compared with, or `rest`.", valueName: "scope|rest"))
    var reference = "rest"
    @Option(help: "Sort by g2, chi2, pmi or logratio.") var measure: KeynessMeasure = .g2
    @Option(help: "Continuity correction of G² and χ²: none, yates or williams.")
    var correction: KeynessCorrection = .none
    @Option(help: "Test only terms seen at least this often in target and reference together.")
    var minCount = 5
    @Option(help: "Rows to show, most key first (0: every tested term).") var limit = 30
    @Option(help: "Example sentences per term.") var examples = 3
    @Flag(help: "Test English function words (the, of, with …) too; they are left out by default.")
    var functionWords = false
    @Flag(help: "Write CSV (one row per term; examples in the last columns).") var csv = false
    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var analyzerOptions: AnalyzerOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1") }
        guard limit >= 0 else { throw ValidationError("--limit must not be negative") }
        guard (0...20).contains(examples) else { throw ValidationError("--examples must be between 0 and 20") }
        guard !(csv && common.json) else { throw ValidationError("give --json or --csv, not both") }
    }

    func run() async throws {
        let codebook = try codebookOption.load()
        let targetScope = try Scope(target, codebook: codebook)
        let referenceScope = reference == "rest" ? nil : try Scope(reference, codebook: codebook)
        let options = KeynessOptions(
            measure: measure, correction: correction, minCount: minCount, limit: limit, examples: examples,
            functionWords: functionWords)
        let table = try await common.withBackend { store in
            _ = try store.analyze(with: analyzerOptions.wordAnalyzer())
            if targetScope.filter.code != nil || referenceScope?.filter.code != nil {
                _ = try store.code(with: codebook)
            }
            return try store.keyness(target: targetScope, reference: referenceScope, options: options)
        }
        if correction != .none { Terminal.error("G² and χ² with \(correction.rawValue)'s correction") }
        if common.json {
            try Terminal.printJSON(table.rows)
        } else if csv {
            print(KeynessCSV.text(table.rows))
        } else {
            printTable(table)
        }
    }

    func printTable(_ table: KeynessTable) {
        print("target     \(table.target): \(table.targetDocuments) analysed article(s)")
        print("reference  \(table.reference): \(table.referenceDocuments) analysed article(s)")
        print(
            "\(table.tested) term(s) seen at least \(minCount) times; sorted by \(measure.rawValue)"
                + (correction == .none ? "" : ", \(correction.rawValue)'s correction"))
        guard !table.rows.isEmpty else {
            print("no term is seen \(minCount) times or more in target and reference together")
            return
        }
        let (open, close) = Terminal.stdoutIsTTY ? ("\u{1B}[1;33m", "\u{1B}[0m") : ("[", "]")
        print(
            "\("lemma".padding(16)) \("pos".padding(5)) \("target".padding(8)) \("ref".padding(8)) "
                + "\("log ratio".padding(9)) \("G²".padding(10)) q")
        for row in table.rows {
            let figures = [
                "\(row.targetCount)".padding(8), "\(row.referenceCount)".padding(8),
                String(format: "%+.2f", row.logRatio).padding(9), String(format: "%+.1f", row.g2).padding(10),
                String(format: "%.2g", row.q),
            ]
            print("\(row.lemma.padding(16)) \(row.pos.padding(5)) " + figures.joined(separator: " "))
            for example in row.examples {
                print("    \(example.date ?? "undated")  \(Self.marked(example, open, close))")
            }
        }
    }

    /// The sentence with the term between `open` and `close`.
    static func marked(_ example: KeynessRow.Example, _ open: String, _ close: String) -> String {
        guard let match = example.match, match.upperBound <= example.sentence.utf8.count else {
            return example.sentence
        }
        let bytes = Array(example.sentence.utf8)
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        return text(0..<match.lowerBound) + open + text(match) + close + text(match.upperBound..<bytes.count)
    }
}

extension KeynessMeasure: ExpressibleByArgument {}
extension KeynessCorrection: ExpressibleByArgument {}

/// Keyness rows as CSV (RFC 4180): the JSON fields, then the example sentences.
enum KeynessCSV {
    static func text(_ rows: [KeynessRow]) -> String {
        let header = [
            "term", "lemma", "pos", "lang", "targetCount", "referenceCount", "targetTokens", "referenceTokens",
            "targetDocs", "referenceDocs", "g2", "chi2", "p", "q", "logRatio", "example1", "example2", "example3",
        ]
        var lines = [header.joined(separator: ",")]
        for row in rows {
            let numbers =
                [row.targetCount, row.referenceCount, row.targetTokens, row.referenceTokens]
                .map(String.init) + [String(row.targetDocs), String(row.referenceDocs)]
            let statistics = [row.g2, row.chi2, row.p, row.q, row.logRatio].map { String($0) }
            let examples = (0..<3).map { $0 < row.examples.count ? row.examples[$0].sentence : "" }
            let fields = [row.term, row.lemma, row.pos, row.lang] + numbers + statistics + examples
            lines.append(fields.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    static func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
