import ArgumentParser
import Foundation
import SinmunCode
import SinmunMeasure
import SinmunStore

struct TermsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terms",
        abstract: "Emerging terms: per period, what surges against all earlier periods, and what is new.",
        discussion: """
            For each period of the scope (a scope as in `sinmun keyness`: code:ai from:2024 lang:ko …), \
            the terms whose frequency surges against every earlier period of the scope together \
            (G² and log ratio, as keyness computes them) and the terms printed for the first time, \
            each with example sentences of the period. The first period is the baseline.

              sinmun terms "q:인공지능" --by year
              sinmun terms "code:ai" --by quarter --json
            """
    )

    @Argument(help: ArgumentHelp("The scope (empty: the whole corpus).", valueName: "scope")) var scope = ""
    @Option(help: "Period: month, quarter or year (default: chosen by the scope's span).") var by: Period?
    @Option(help: "A term must be seen this often in the period (and, to surge, in all) to be listed.")
    var minCount = 3
    @Option(help: "Surging and new terms shown per period.") var limit = 10
    @Option(help: "Example sentences per term.") var examples = 1
    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var analyzerOptions: AnalyzerOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1") }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        guard (0...20).contains(examples) else { throw ValidationError("--examples must be between 0 and 20") }
    }

    func run() async throws {
        let codebook = try codebookOption.load()
        let parsed = try Scope(scope, codebook: codebook)
        let (period, terms) = try await common.withBackend { store in
            _ = try store.analyze(with: analyzerOptions.wordAnalyzer())
            if parsed.filter.code != nil { _ = try store.code(with: codebook) }
            let period =
                try by ?? store.dateRange().map { Period.fitting(from: $0.lowerBound, to: $0.upperBound) } ?? .month
            let terms = try store.emergingTerms(
                in: parsed, by: period, options: KeynessOptions(minCount: minCount, limit: limit, examples: examples))
            return (period, terms)
        }
        if common.json {
            try Terminal.printJSON(terms)
            return
        }
        let (open, close) = Terminal.stdoutIsTTY ? ("\u{1B}[1;33m", "\u{1B}[0m") : ("[", "]")
        print("scope \(terms.scope), by \(period.rawValue)")
        if terms.unplaced > 0 { print("\(terms.unplaced) article(s) cannot be placed in a \(period.rawValue)") }
        for entry in terms.periods {
            print("\n\(entry.period)  \(entry.documents) article(s), \(entry.earlierDocuments) before")
            if entry.earlierDocuments == 0 {
                print("  (the first period: the baseline)")
                continue
            }
            for (name, rows) in [("surging", entry.surging), ("new", entry.new)] {
                let words = rows.map {
                    "\($0.lemma) \($0.targetCount)" + ($0.referenceCount > 0 ? "/\($0.referenceCount)" : "")
                }
                print("  \(name.padding(8)) " + (words.isEmpty ? "—" : words.joined(separator: ", ")))
                for row in rows.prefix(3) {
                    for example in row.examples {
                        print("      \(row.lemma): \(KeynessCommand.marked(example, open, close))")
                    }
                }
            }
        }
    }
}
