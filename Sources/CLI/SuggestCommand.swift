import ArgumentParser
import Foundation
import SinmunCode
import SinmunMeasure
import SinmunRead
import SinmunStore

struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Propose terms that would extend a code, from labelled positives and negatives.",
        discussion: """
            Reads a label file — sentences (a `sentence` column, as in \
            ../shared/labels/ko-ai-dev/sentences.csv) or articles of the database (a `url` or `id` \
            column, as in Labels/kcna-2024-dev.csv) — and ranks the words, word pairs and Korean \
            syllable runs of the positives by keyness against the negatives (signed G², texts as \
            the unit). The strongest are tried for real: each is added to the code and the \
            labelled texts are coded again. Every proposal shows the precision, recall and F1 \
            the code would have with it (95% intervals), the change in F1, the corpus articles \
            it would add (articles with the term and the codes the code requires, not coded \
            today) and a positive sentence as evidence. Add the good ones to a copy of the \
            codebook (`sinmun codebook show ai-discourse > mine.yaml`).

              sinmun suggest state_led --labels ../shared/labels/ko-ai-dev/sentences.csv
              sinmun suggest ai --labels Labels/kcna-2024-dev.csv --db kcna.sqlite
            """
    )

    @Argument(help: ArgumentHelp("The code to extend (state_led, actor_russia ...).", valueName: "code"))
    var code: String

    @Option(help: ArgumentHelp("The label file.", valueName: "file"))
    var labels: String

    @Option(help: "Proposals listed.")
    var limit = 15

    @Flag(help: "Do not read the database (no corpus counts), even when it exists.")
    var noCorpus = false

    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var common: CommonOptions

    func run() throws {
        let codebook = try codebookOption.load()
        let set = try LabelSet.load(path: labels)
        // Sentence files need no database; article labels do, and corpus counts use it when present.
        let wantsStore =
            !set.isSentenceSet
            || (!noCorpus && FileManager.default.fileExists(atPath: CorpusStore.resolvePath(option: common.db)))
        let store = wantsStore ? try common.openStore() : nil
        let words = codebook.usesLemmas ? WordAnalyzer() : nil
        let report = try TermSuggestions.suggest(
            code: code, codebook: codebook, labels: set, store: store, words: words, limit: limit)
        for problem in report.problems { Terminal.error("warning: \(problem)") }
        if common.json {
            try Terminal.printJSON(report)
            return
        }
        let f = { (value: Double?) in ScoreText.value(value) }
        let i = ScoreText.interval
        let b = report.baseline
        print("\(report.code): \(report.positives) positive(s), \(report.negatives) negative(s) in \(report.labels)")
        print(
            "today: precision \(f(b.precision)) \(i(b.precisionInterval))  "
                + "recall \(f(b.recall)) \(i(b.recallInterval))  F1 \(f(b.f1))")
        if report.suggestions.isEmpty {
            print("no term raises recall on these labels")
            return
        }
        print("\nterm                 pos neg   G²     precision         recall            F1     ΔF1   corpus")
        for s in report.suggestions {
            let scores = s.scores
            let change: String = s.f1Change.map { String(format: "%+.2f", $0) } ?? "  -  "
            let corpus: String = s.corpusArticles.map { String($0) } ?? "-"
            var line: String = s.term.padding(20) + " " + String(s.positives).padding(4)
            line += String(s.negatives).padding(4) + String(format: "%6.1f", s.g2) + "  "
            line += f(scores.precision) + " " + i(scores.precisionInterval).padding(12) + " "
            line += f(scores.recall) + " " + i(scores.recallInterval).padding(12) + " "
            line += f(scores.f1) + "  " + change + "  " + corpus
            print(line)
            print("     « \(s.example) »")
        }
    }
}
