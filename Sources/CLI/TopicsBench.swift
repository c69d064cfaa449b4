import ArgumentParser
import Foundation
import SinmunBench

struct TopicsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Time and peak memory of a topic model (NMF on tf-idf) on a synthetic term index.",
        discussion: """
            Writes a synthetic corpus of N articles (120–200 Zipf-drawn term occurrences each over \
            50,000 terms, kept in --workdir for the next run), then times `sinmun topics` on all of \
            it: reading the index, the tf-idf matrix, the fit and its three refits on both cores \
            (sixteen fits with --choose), matching and assignment. Peak memory is the process's \
            maximum resident set (getrusage).

              swift build -c release && .build/release/sinmun bench topics --articles 100000
            """
    )

    @Option(help: "Synthetic articles.") var articles = 10_000
    @Option(help: "Topics to fit.") var topics = 10
    @Flag(help: "Choose the number of topics by stability among 5, 8, 10 and 12, as `sinmun topics` does.")
    var choose = false
    @Option(help: ArgumentHelp("Where the synthetic corpus goes.", valueName: "dir"))
    var workdir = "bench-work"
    @Flag(help: "Write the result as JSON.") var json = false

    func run() throws {
        guard articles >= 100 else { throw ValidationError("--articles must be at least 100") }
        guard (2...50).contains(topics) else { throw ValidationError("--topics must be between 2 and 50") }
        let benchmark = TopicBenchmark(
            articles: articles, topics: topics, choose: choose, workdir: URL(fileURLWithPath: workdir))
        let result = try benchmark.run { message in
            if Terminal.stderrIsTTY && !json { Terminal.error("… \(message)") }
        }
        if json {
            try Terminal.printJSON(result)
            return
        }
        print(
            "\(result.articles) synthetic articles, \(result.vocabulary) terms kept"
                + (result.buildSeconds > 0 ? String(format: " (written in %.1f s)", result.buildSeconds) : ""))
        let fits = result.chosen ? "chosen by stability, 16 fits" : "4 fits"
        print(
            "\(result.topics) topics (\(fits)): "
                + String(
                    format: "%.2f s, peak memory %.0f MB, stability %.2f", result.seconds, result.peakMemoryMB,
                    result.stability))
    }
}
