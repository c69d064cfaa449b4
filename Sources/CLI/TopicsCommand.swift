import ArgumentParser
import Foundation
import SinmunCode
import SinmunMeasure
import SinmunStore

struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "The topics of a scope (NMF on tf-idf), their stability, and their shares over time.",
        discussion: """
            A scope is space-separated key:value pairs: code:ai q:"state-led" from:2024-10-01 \
            to:2024-10-31 outlet:kcna lang:ko section:…; none is the whole corpus. Each analysed \
            article is a row of tf-idf weights over the term index's terms (Korean lemmas in one \
            spelling, English stems) found in at least two articles and in at most half of them, \
            the 5,000 most frequent, English function words left out; rows have unit length. The \
            matrix is factorised as W·H by nonnegative matrix factorisation (HALS, from a random \
            start fixed by --seed: the same input gives the same output).

            A topic is named by its heaviest terms and by sentences of the articles weighing most on \
            it that hold most of those terms. Every article goes to the topic with the largest \
            weight in its row of W (no outlier bin); a topic's share of a period is the share of \
            the period's articles assigned to it, with a 95% Wilson interval.

            Stability: the model is fitted again from three further seeds, the topics of each \
            refit are matched to the reported ones (Hungarian algorithm on the cosine similarity \
            of their term vectors), and the mean matched cosine is reported, overall and per topic \
            (1: every refit finds the same topic). Without --topics, the number of topics is the \
            most stable of 5, 8, 10 and 12 (ties to the larger), and the stability of each is shown.

              sinmun topics "outlet:kcna from:2024"
              sinmun topics "lang:ko" --topics 12 --by quarter --json
              sinmun topics "from:2024-10 to:2024-10" --topics 6 --seed 7 --assignments --json
            """
    )

    @Argument(help: ArgumentHelp("The scope to model (none: the whole corpus).", valueName: "scope"))
    var scope = ""
    @Option(help: "The number of topics (2–50); without it, the most stable of 5, 8, 10 and 12.")
    var topics: Int?
    @Option(
        help: ArgumentHelp(
            "Period of the shares: month, quarter or year (default: from the scope's span).", valueName: "unit"))
    var by: Period?
    @Option(help: "The seed of the random start.") var seed: UInt64 = 1
    @Option(help: "Top terms shown per topic.") var terms = 10
    @Option(help: "Example sentences per topic.") var examples = 3
    @Flag(help: "List every article's topic and weight (JSON only; it can be long).") var assignments = false
    @Flag(help: "Keep English function words (the, of, with …); they are left out by default.")
    var functionWords = false
    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var analyzerOptions: AnalyzerOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let topics, !(2...50).contains(topics) { throw ValidationError("--topics must be between 2 and 50") }
        guard (1...100).contains(terms) else { throw ValidationError("--terms must be between 1 and 100") }
        guard (0...20).contains(examples) else { throw ValidationError("--examples must be between 0 and 20") }
        if let by, by == .day || by == .week { throw ValidationError("--by must be month, quarter or year") }
        guard !assignments || common.json else { throw ValidationError("--assignments goes with --json") }
    }

    func run() async throws {
        let codebook = try codebookOption.load()
        let scope = try Scope(self.scope, codebook: codebook)
        let options = TopicOptions(
            topics: topics, period: by, seed: seed, terms: terms, examples: examples, assignments: assignments,
            functionWords: functionWords)
        let result = try await common.withBackend { store in
            _ = try store.analyze(with: analyzerOptions.wordAnalyzer())
            if scope.filter.code != nil { _ = try store.code(with: codebook) }
            return try store.topics(in: scope, options: options)
        }
        if common.json {
            try Terminal.printJSON(result)
        } else {
            printTopics(result)
            printShares(result)
        }
    }

    func printTopics(_ result: TopicModelResult) {
        print(
            "scope  \(result.scope): \(result.documents) analysed article(s), \(result.vocabulary) term(s), "
                + "seed \(result.seed)")
        let tried = result.candidates.map { "K=\($0.topics) \(Self.decimal($0.stability))" }
        print(
            result.chosenBy == "topics"
                ? "\(result.topics) topics (given); stability \(Self.decimal(result.stability))"
                : "\(result.topics) topics, the most stable of \(tried.joined(separator: ", "))")
        print(
            "stability = mean cosine of matched topics over \(result.refits) refits from other seeds (1 = identical); "
                + "reconstruction error \(Self.decimal(result.reconstructionError))")
        let (open, close) = Terminal.stdoutIsTTY ? ("\u{1B}[1;33m", "\u{1B}[0m") : ("[", "]")
        for topic in result.topicList {
            print("")
            print(
                "\(String(format: "%2d", topic.id))  \(topic.label.padding(36)) "
                    + "\(String(format: "%5.1f%%", topic.share * 100)) (\(topic.documents) articles)  "
                    + "stability \(Self.decimal(topic.stability))")
            print("    " + Self.termList(topic.terms))
            if let example = topic.examples.first {
                print("    \(example.date ?? "undated")  \(KeynessCommand.marked(example, open, close))")
            }
        }
    }

    /// Each period's share per topic, in percent: periods down, topics across.
    func printShares(_ result: TopicModelResult) {
        guard !result.periods.isEmpty else { return }
        print("")
        print(
            "share of each \(result.period.rawValue)'s articles by topic (%)"
                + (result.undated > 0
                    ? "; \(result.undated) article(s) not placed in time" : ""))
        print(
            "\("period".padding(10)) \("articles".padding(8)) "
                + result.topicList.map { "\($0.id)".padding(4) }
                .joined(separator: " "))
        for (index, period) in result.periods.enumerated() {
            let documents = result.topicList.first?.perPeriod[index].documents ?? 0
            let shares = result.topicList.map { topic in
                (topic.perPeriod[index].share.map { String(format: "%.0f", $0 * 100) } ?? "–").padding(4)
            }
            print("\(period.padding(10)) \("\(documents)".padding(8)) " + shares.joined(separator: " "))
        }
    }

    /// Terms with their weights; a lemma printed twice (two tags) shows its tag.
    static func termList(_ terms: [TopicModelResult.Term]) -> String {
        terms.map { term in
            let name = terms.filter { $0.lemma == term.lemma }.count > 1 ? "\(term.lemma)/\(term.pos)" : term.lemma
            return "\(name) \(String(format: "%.3f", term.weight))"
        }.joined(separator: ", ")
    }

    static func decimal(_ value: Double) -> String { String(format: "%.2f", value) }
}
