import ArgumentParser
import Foundation
import SinmunCode
import SinmunRead
import SinmunStore

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Compare the automatic coding with human labels.",
        discussion: """
            A label file is a CSV with a `url` (or `id`) column and one column per code: 1 \
            means the coder gave the code, 0 that they did not, empty that they did not judge \
            (title, date, coder and notes columns are ignored). The first file is the reference \
            for precision, recall and F1 (95% Wilson intervals; F1 by bootstrap); with two or more \
            files, Cohen's kappa (first two) and Krippendorff's alpha (all) per code. Labels for \
            addresses not in the corpus or columns that are not codes are reported.

              sinmun validate --labels Labels/kcna-2024-dev.csv

            A sentence file (a `sentence` column, with `ai`, `frames` and `actors` columns, as \
            in ../shared/labels/ko-ai-dev/sentences.csv) is coded in memory, each sentence as \
            an article of its own; frames are judged on every row, actors on the rows about AI:

              sinmun validate --labels ../shared/labels/ko-ai-dev/sentences.csv
            """
    )

    @Option(name: .customLong("labels"), help: ArgumentHelp("A label CSV (repeat for more coders).", valueName: "file"))
    var labels: [String] = []

    @OptionGroup var codebookOption: CodebookOption

    @Option(help: "Misclassified articles listed per code.")
    var show = 10

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard !labels.isEmpty else { throw ValidationError("give at least one --labels FILE.csv") }
    }

    func run() async throws {
        let codebook = try codebookOption.load()
        let sets = try labels.map(LabelSet.load(path:))
        let report: ValidationReport
        if sets[0].isSentenceSet {
            // The sentences are the text: coded here, no database needed.
            let words = codebook.usesLemmas ? WordAnalyzer() : nil
            report = try ValidationReport.compare(codebook: codebook, labelSets: sets, words: words)
        } else {
            report = try await common.withBackend { store in
                let coverage = try store.codingCoverage(codebook: codebook.name)
                if coverage.coded < coverage.articles || coverage.hash != codebook.hash {
                    Terminal.error(
                        "note: the corpus is not fully coded by this version of \(codebook.name); "
                            + "run `sinmun code` first")
                }
                return try store.validate(codebook: codebook, labelSets: sets)
            }
        }
        for problem in report.problems { Terminal.error("warning: \(problem)") }
        for key in report.unknownKeys { Terminal.error("warning: not in the corpus: \(key)") }
        for code in report.unknownCodes { Terminal.error("warning: not a code of \(codebook.name): \(code)") }
        if common.json {
            try Terminal.printJSON(report)
            return
        }
        print(
            sets[0].isSentenceSet
                ? "\(report.articlesMatched) labelled sentences coded"
                : "\(report.articlesMatched) labelled articles matched in the corpus "
                    + "(\(report.unknownKeys.count) not found)"
        )
        print(ScoreText.header + (sets.count > 1 ? "                 kappa  alpha" : ""))
        for figures in report.codes {
            var line = ScoreText.row(figures.code, units: figures.labelled, figures.scores)
            if sets.count > 1 {
                line += "  \(ScoreText.value(figures.cohensKappa, missing: "  - "))"
                line += "   \(ScoreText.value(figures.krippendorffAlpha, missing: "  - "))"
            }
            print(line)
        }
        if !report.groups.isEmpty { print("\nmicro-averaged by group (every labelled code pooled)") }
        for group in report.groups { print(ScoreText.row(group.group, units: group.units, group.scores)) }
        for figures in report.codes where !figures.misclassified.isEmpty && show > 0 {
            print("\n\(figures.code): \(figures.misclassified.count) misclassified")
            for item in figures.misclassified.prefix(show) {
                print("  \(item.kind)  \(item.date ?? "undated")  \(item.title)\n    \(item.key)")
                if let evidence = item.evidence { print("    « \(evidence) »") }
            }
        }
    }
}
