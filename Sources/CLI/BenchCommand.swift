import ArgumentParser
import Foundation
import SinmunBench

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Sinmun against baselines run on the same data in the same run.",
        discussion: "Build in release mode first: swift run -c release sinmun bench matcher",
        subcommands: [MatcherBench.self, CodingBench.self]
    )
}

struct CodingBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coding",
        abstract: "CPU time to code the shared corpora with a codebook, per thousand articles."
    )

    @Option(help: ArgumentHelp("The shared corpora folder.", valueName: "dir"))
    var corpora = "../shared/corpora"

    @Option(help: ArgumentHelp("Codebook name or file.", valueName: "name|path"))
    var codebook = "ai-discourse"

    @Flag(help: "Write the result as JSON.")
    var json = false

    func run() throws {
        let url = URL(fileURLWithPath: corpora)
        guard FileManager.default.fileExists(atPath: url.path) else { throw ValidationError("no corpora at \(corpora); pass --corpora DIR") }
        let result = try CodingBenchmark(corpora: url, codebook: codebook).run(progress: { message in
            if Terminal.stderrIsTTY && !json { Terminal.error("… \(message)") }
        })
        if json { try Terminal.printJSON(result); return }
        print("\(result.articles) articles, \(String(format: "%.1f", result.textMegabytes)) MB of text, codebook \(result.codebook)")
        print("coder alone (one thread):   \(String(format: "%.3f", result.coderCPUSecondsPerThousand)) CPU s per 1,000 articles, \(String(format: "%.1f", result.coderMBps)) MB/s")
        print("sinmun code (end to end):   \(String(format: "%.3f", result.runCPUSecondsPerThousand)) CPU s per 1,000 articles, \(String(format: "%.2f", result.runWallSeconds)) s wall; \(result.articlesWithCodes) articles with codes")
    }
}

struct MatcherBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matcher",
        abstract: "The multi-pattern matcher against grep -F -c -f and a naive String.contains loop.",
        discussion: """
            Builds a text of real sentences from the shared corpora (repeated to the size asked), \
            draws patterns from it, and reports throughput in MB/s for counting matching lines \
            (grep -c's job) and for reporting every occurrence with offsets.
            """
    )

    @Option(help: "Size of the text in megabytes.")
    var megabytes = 200

    @Option(help: "Number of patterns.")
    var patterns = 1000

    @Option(help: ArgumentHelp("The shared corpora folder.", valueName: "dir"))
    var corpora = "../shared/corpora"

    @Flag(help: "Write the result as JSON.")
    var json = false

    func run() throws {
        let url = URL(fileURLWithPath: corpora)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ValidationError("no corpora at \(corpora); pass --corpora DIR")
        }
        let benchmark = MatcherBenchmark(corpora: url, megabytes: megabytes, patternCount: patterns)
        let result = try benchmark.run(progress: { message in
            if Terminal.stderrIsTTY && !json { Terminal.error("… \(message)") }
        })
        if json {
            try Terminal.printJSON(result)
            return
        }
        func f(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "n/a" }
        print("text: \(result.textBytes / 1_000_000) MB of real corpus lines; \(result.patterns) patterns (\(result.koreanPatterns) Korean); \(result.automatonStates) automaton states built in \(f(result.buildSeconds * 1000)) ms")
        print("")
        print("job                                   MB/s     result")
        print("sinmun, count matching lines      \(f(result.sinmunLinesMBps).padding(10)) \(result.matchingLines) lines")
        print("grep -F -c -f (LC_ALL=C)          \(f(result.grepMBps).padding(10)) \(result.grepMatchingLines.map(String.init) ?? "n/a") lines")
        print("sinmun, every occurrence+offsets  \(f(result.sinmunOccurrencesMBps).padding(10)) \(result.occurrences) occurrences")
        print("naive String.contains loop        \(f(result.naiveMBps).padding(10)) (on a \(result.naiveSampleBytes / 1000) kB sample)")
        print("")
        print("sinmun / grep: \(f(result.ratioToGrep))×   sinmun / naive: \(f(result.ratioToNaive))×")
        if let grepLines = result.grepMatchingLines, grepLines != result.matchingLines {
            Terminal.error("warning: line counts differ from grep (\(result.matchingLines) vs \(grepLines))")
        }
    }
}
