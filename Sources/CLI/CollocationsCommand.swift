import ArgumentParser
import Foundation
import SinmunCode
import SinmunMeasure
import SinmunRead
import SinmunStore

struct CollocationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collocations",
        abstract: "Multi-word expressions of a scope, scored by λ and z, with example sentences.",
        discussion: """
            A scope is space-separated key:value pairs: code:ai q:"state-led" from:2024-10-01 \
            to:2024-10-31 outlet:kcna lang:ko section:…; none is the whole corpus. Its articles are \
            read sentence by sentence with the word analyser (Korean through MeCab and NK-HanDic): \
            content words by lemma, Korean in one spelling (로동, 노동), English by stem. An \
            expression is two to four content words in a row within a sentence; a particle, an \
            ending, punctuation or an English function word breaks a run.

            Each expression is scored as quanteda's textstat_collocations scores it (Blaheta and \
            Johnson 2001): λ, the n-way interaction of the 2ⁿ table that sorts every n-gram \
            position by which slots match the expression's words (half a count added to each \
            cell), and z = λ / σ. Sizes asked for together are ranked in one list by z; a 3- or 4-way \
            interaction scores lower than a pair, so ask for one size (--size 3) to rank its own.

              sinmun collocations "lang:ko outlet:rodong"
              sinmun collocations "outlet:kcna from:2024" --size 2..4 --min-count 10 --json
            """
    )

    @Argument(
        help: ArgumentHelp("The scope whose expressions are wanted (none: the whole corpus).", valueName: "scope"))
    var scope = ""
    @Option(help: ArgumentHelp("Sizes in words: 2, 3, 4 or a range such as 2..4.", valueName: "n|n..m"))
    var size = "2"
    @Option(help: "Score only expressions seen at least this often.") var minCount = 5
    @Option(help: "Rows to show, highest z first (0: every scored expression).") var limit = 30
    @Option(help: "Example sentences per expression.") var examples = 3
    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var analyzerOptions: AnalyzerOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard let sizes = Self.sizes(size), CollocationOptions.supportedSizes.contains(sizes.lowerBound),
            CollocationOptions.supportedSizes.contains(sizes.upperBound)
        else { throw ValidationError("--size must be 2, 3 or 4, or a range of them such as 2..4") }
        guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1") }
        guard limit >= 0 else { throw ValidationError("--limit must not be negative") }
        guard (0...20).contains(examples) else { throw ValidationError("--examples must be between 0 and 20") }
    }

    /// `3`, `2..4`, `2...4` or `2-4` as a range of sizes.
    static func sizes(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(whereSeparator: { $0 == "." || $0 == "-" }).map { Int($0) }
        guard !parts.isEmpty, parts.count <= 2, let lower = parts.first ?? nil, let upper = parts.last ?? nil,
            lower <= upper
        else { return nil }
        return lower...upper
    }

    func run() async throws {
        let codebook = try codebookOption.load()
        let scope = try Scope(self.scope, codebook: codebook)
        let options = CollocationOptions(
            sizes: Self.sizes(size) ?? 2...2, minCount: minCount, limit: limit, examples: examples)
        let table = try await common.withBackend { store in
            if scope.filter.code != nil { _ = try store.code(with: codebook) }
            return try store.collocations(in: scope, analyzer: analyzerOptions.wordAnalyzer(), options: options)
        }
        if common.json {
            try Terminal.printJSON(table.rows)
        } else {
            printTable(table)
        }
    }

    func printTable(_ table: CollocationTable) {
        let sizes = table.options.sizes
        let words = sizes.count == 1 ? "\(sizes.lowerBound)" : "\(sizes.lowerBound)–\(sizes.upperBound)"
        print(
            "scope  \(table.scope): \(table.documents) article(s), \(table.sentences) sentence(s), "
                + "\(table.words) content word(s)")
        print("\(table.scored) expression(s) of \(words) words seen at least \(minCount) times; sorted by z")
        guard !table.rows.isEmpty else {
            print("no expression of \(words) words is seen \(minCount) times or more in the scope")
            return
        }
        let (open, close) = Terminal.stdoutIsTTY ? ("\u{1B}[1;33m", "\u{1B}[0m") : ("[", "]")
        print("\("z".padding(8)) \("λ".padding(7)) \("count".padding(7)) \("size".padding(4)) collocation")
        for row in table.rows {
            let figures = [
                String(format: "%.2f", row.z).padding(8), String(format: "%.2f", row.lambda).padding(7),
                "\(row.count)".padding(7), "\(row.size)".padding(4),
            ]
            print(figures.joined(separator: " ") + row.collocation)
            for example in row.examples {
                print("    \(example.date ?? "undated")  \(KeynessCommand.marked(Self.clipped(example), open, close))")
            }
        }
    }

    /// A long sentence cut to `context` characters either side of the match, with `…` where
    /// it was cut (the table only; `--json` gives the whole sentence).
    static func clipped(_ example: KeynessRow.Example, context: Int = 100) -> KeynessRow.Example {
        let text = example.sentence
        guard let match = example.match, text.count > 2 * context + 40, match.upperBound <= text.utf8.count,
            let from = text.utf8.index(text.startIndex, offsetBy: match.lowerBound, limitedBy: text.endIndex),
            let to = text.utf8.index(text.startIndex, offsetBy: match.upperBound, limitedBy: text.endIndex)
        else { return example }
        let start = text.index(from, offsetBy: -context, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(to, offsetBy: context, limitedBy: text.endIndex) ?? text.endIndex
        let head = start == text.startIndex ? "" : "…"
        let before = head + text[start..<from]
        var clipped = example
        clipped.sentence = before + text[from..<end] + (end == text.endIndex ? "" : "…")
        clipped.match = before.utf8.count..<(before.utf8.count + match.count)
        return clipped
    }
}
