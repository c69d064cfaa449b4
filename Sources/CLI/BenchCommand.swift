import ArgumentParser
import Foundation
import SinmunBench
import SinmunPostgres
import SinmunStore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Sinmun against baselines run on the same data in the same run.",
        discussion: "Build in release mode first: swift run -c release sinmun bench matcher",
        subcommands: [
            ScaleBench.self, MatcherBench.self, CodingBench.self, SearchBench.self, AnalyzeBench.self,
            KeynessBench.self, TopicsBench.self,
        ]
    )
}

struct SearchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search latency of the scale benchmark's fixed searches on a corpus database.",
        discussion: """
            Eleven queries (Korean and English words, phrases and names, a lemma search) and four \
            with the filters a dashboard sends (a year, years with an edition, an outlet). Each \
            runs ten times after a warm-up; prints each one's median and hits, then p50 and p99 \
            over all runs. With --db postgres://… the same searches run on PostgreSQL (the lemma \
            search reads the term index: run `sinmun analyze` first on either backend).

              sinmun bench search --db bench-work/bench-1000000.sqlite
              sinmun bench search --db postgres://analyst@localhost:5432/sinmun
            """
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let database = CorpusStore.resolvePath(option: common.db)
        let result: (p50: Double, p99: Double, queries: [ScaleBenchmark.QueryTiming], skipped: [String])
        let backend: String
        if PostgresLocation.isURL(database) {
            backend = "postgresql"
            result = try await PostgresCorpus.with(database) { corpus in
                try await SearchLatency.measure { query, filter in try corpus.search(query, filter: filter).total }
            }
        } else {
            backend = "sqlite"
            let store = try common.openStore()
            result = try await SearchLatency.measure { query, filter in try store.search(query, filter: filter).total }
        }
        if common.json {
            struct Output: Encodable {
                var backend: String
                var p50ms: Double
                var p99ms: Double
                var queries: [ScaleBenchmark.QueryTiming]
                var skipped: [String]
            }
            try Terminal.printJSON(
                Output(
                    backend: backend, p50ms: result.p50, p99ms: result.p99, queries: result.queries,
                    skipped: result.skipped))
            return
        }
        for query in result.queries {
            print("\(query.query.padding(34)) \(String(format: "%8.2f", query.medianMs)) ms  \(query.hits) hits")
        }
        for label in result.skipped { print("\(label.padding(34)) skipped: not on \(backend)") }
        print(String(format: "\(backend): p50 %.2f ms, p99 %.2f ms", result.p50, result.p99))
    }
}

struct CodingBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coding",
        abstract: "Coding the shared corpora with a codebook, against Python peers doing the same work.",
        discussion: """
            Times the coder alone (one thread) and `sinmun code` end to end, then two Python peers \
            generated from the same codebook (every code's expanded cues, exclusions, context rule, \
            required codes and roll-up): one with standard-library regular expressions, one with a \
            pyahocorasick automaton (pip install pyahocorasick). Each code's article set is compared \
            with Sinmun's and the differences listed; the JSON's …Versus… keys are the ratios.
            """
    )

    @Option(help: ArgumentHelp("The shared corpora folder.", valueName: "dir"))
    var corpora = "../shared/corpora"

    @Option(help: ArgumentHelp("Codebook name or file.", valueName: "name|path"))
    var codebook = "ai-discourse"

    @Flag(help: "Write the result as JSON.")
    var json = false

    func run() throws {
        let url = URL(fileURLWithPath: corpora)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ValidationError("no corpora at \(corpora); pass --corpora DIR")
        }
        let result = try CodingBenchmark(corpora: url, codebook: codebook).run(progress: { message in
            if Terminal.stderrIsTTY && !json { Terminal.error("… \(message)") }
        })
        if json {
            try Terminal.printJSON(result)
            return
        }
        let megabytes = figure(result.textMegabytes, "%.1f")
        print("\(result.articles) articles, \(megabytes) MB of text, codebook \(result.codebook)")
        print(
            "coder alone (one thread):   \(figure(result.coderCPUSecondsPerThousand, "%.3f")) "
                + "CPU s per 1,000 articles, \(figure(result.coderMBps, "%.1f")) MB/s")
        print(
            "sinmun code (end to end):   \(figure(result.runCPUSecondsPerThousand, "%.3f")) "
                + "CPU s per 1,000 articles, \(figure(result.runWallSeconds)) s wall; "
                + "\(result.articlesWithCodes) articles with codes")
        print(
            "Python, regex peer:         \(figure(result.regexBaselineSeconds)) s, "
                + "\(figure(result.regexBaselineMBps, "%.2f")) MB/s")
        print(
            "Python, pyahocorasick peer: \(figure(result.automatonBaselineSeconds)) s, "
                + "\(figure(result.automatonBaselineMBps, "%.2f")) MB/s")
        print(
            "sinmun code / regex peer: \(figure(result.codingVersusRegexBaseline, "%.1f"))×   "
                + "/ pyahocorasick peer: \(figure(result.codingVersusAutomatonBaseline, "%.1f"))×   "
                + "coder (one thread) / regex peer: \(figure(result.coderVersusRegexBaseline, "%.1f"))×")
        print("\ncode                 sinmun   regex  automaton  only sinmun  only regex")
        for row in result.agreement {
            let only = "\(row.onlySinmunCount)".padding(12) + " \(row.onlyRegexCount)"
            let regex = figure(row.regex.map(Double.init), "%.0f").padding(6)
            let automaton = figure(row.automaton.map(Double.init), "%.0f").padding(10)
            print("\(row.code.padding(20)) \(String(row.sinmun).padding(8)) \(regex) \(automaton) \(only)")
        }
        for note in result.notReproduced { print("not reproduced by the peers: \(note)") }
        for reason in result.peersNotRun { Terminal.error("not run: \(reason)") }
    }
}

struct MatcherBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matcher",
        abstract: "The multi-pattern matcher against grep, Hyperscan, the Rust aho-corasick crate and a naive loop.",
        discussion: """
            Builds a text of real sentences from the shared corpora (repeated to the size asked), \
            draws patterns from it, and reports throughput in MB/s for counting matching lines \
            (grep -c's job) and for reporting every occurrence with offsets, against Hyperscan in \
            literal mode from C (apt-get install libhyperscan-dev; compiled here with cc) and the \
            Rust aho-corasick crate (pip install ahocorasick-rs), on the same bytes and patterns. \
            The JSON's …Versus… keys are Sinmun's throughput over each peer's.
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
        func f(_ value: Double?) -> String { figure(value, "%.1f").padding(10) }
        print(
            "text: \(result.textBytes / 1_000_000) MB of real corpus lines; \(result.patterns) patterns "
                + "(\(result.koreanPatterns) Korean); \(result.automatonStates) automaton states built in "
                + "\(figure(result.buildSeconds * 1000, "%.1f")) ms")
        print("")
        print("job                                   MB/s     result")
        print("sinmun, count matching lines      \(f(result.sinmunLinesMBps)) \(result.matchingLines) lines")
        let grepLines = result.grepMatchingLines.map(String.init) ?? "n/a"
        print("grep -F -c -f (LC_ALL=C)          \(f(result.grepMBps)) \(grepLines) lines")
        print("sinmun, every occurrence+offsets  \(f(result.sinmunOccurrencesMBps)) \(result.occurrences) occurrences")
        let sample = result.naiveSampleBytes / 1000
        let hyperscanCount = result.hyperscanOccurrences.map { "\($0) occurrences" } ?? "not run"
        print("Hyperscan (C), every occurrence   \(f(result.hyperscanMBps)) \(hyperscanCount)")
        let rustCount = result.ahoCorasickRsOccurrences.map { "\($0) occurrences" } ?? "not run"
        print("ahocorasick-rs, every occurrence  \(f(result.ahoCorasickRsMBps)) \(rustCount)")
        print("naive String.contains loop        \(f(result.naiveMBps)) (on a \(sample) kB sample)")
        print("")
        print(
            "sinmun / grep: \(figure(result.sinmunLinesVersusGrep, "%.2f"))×   "
                + "sinmun / Hyperscan: \(figure(result.sinmunOccurrencesVersusHyperscan, "%.2f"))×   "
                + "sinmun / ahocorasick-rs: \(figure(result.sinmunOccurrencesVersusAhoCorasickRs, "%.2f"))×   "
                + "sinmun / naive: \(figure(result.sinmunLinesVersusNaive, "%.1f"))×")
        if let grepLines = result.grepMatchingLines, grepLines != result.matchingLines {
            Terminal.error("warning: line counts differ from grep (\(result.matchingLines) vs \(grepLines))")
        }
        for (peer, count) in [
            ("Hyperscan", result.hyperscanOccurrences), ("ahocorasick-rs", result.ahoCorasickRsOccurrences),
        ]
        where count != nil && count != result.occurrences {
            Terminal.error("warning: \(peer) found \(count!) occurrences, Sinmun \(result.occurrences)")
        }
        for reason in result.peersNotRun { Terminal.error("not run: \(reason)") }
    }
}

struct ScaleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "The main job at growing sizes of synthetic corpus, against a Python baseline and grep.",
        discussion: """
            For each size: generate synthetic articles from real sentences of the shared corpora \
            (dated 1990–2026, a planted rise of AI sentences, marked synthetic in the store), then \
            time import, code, trend + change points and report as separate processes with their \
            peak memory, measure search latency (11 queries × 10 runs), analyze (the term index's \
            time and size), and run a Python baseline \
            (re, json, collections) and `grep -F -c` on the same file. Writes bench-scale.json and a \
            log–log plot bench-scale.svg into --workdir.

            With --db postgres://USER@HOST:PORT/DB each size's corpus goes into a fresh database \
            on that server, DB_bench_SIZE (dropped first if an earlier run left it; the role must \
            be allowed to create databases), and every step and search runs on PostgreSQL.

              swift build -c release && .build/release/sinmun bench scale --articles 10000,100000
              .build/release/sinmun bench scale --articles 100000 --db postgres://analyst@localhost:5432/sinmun
            """
    )

    @Option(help: "Sizes, comma-separated.") var articles = "10000,100000"
    @Option(help: "Seed of the synthetic corpus.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("The shared corpora folder.", valueName: "dir")) var corpora = "../shared/corpora"
    @Option(help: ArgumentHelp("Where corpora, databases and results go.", valueName: "dir")) var workdir = "bench-work"
    @Option(
        help: ArgumentHelp(
            "A PostgreSQL server to run on instead of SQLite files: postgres://USER@HOST:PORT/DB.", valueName: "url"))
    var db: String?
    @Flag(help: "Write the results as JSON to standard output.") var json = false

    func run() async throws {
        let sizes = try articles.split(separator: ",").map { text -> Int in
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n > 0 else {
                throw ValidationError("--articles takes sizes like 10000,100000")
            }
            return n
        }
        guard FileManager.default.fileExists(atPath: corpora) else {
            throw ValidationError("no corpora at \(corpora); pass --corpora DIR")
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let bench = ScaleBenchmark(
            executable: executable.path.hasPrefix("/")
                ? executable
                : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
                    CommandLine.arguments[0]),
            corpora: URL(fileURLWithPath: corpora), workdir: URL(fileURLWithPath: workdir), seed: seed,
            database: try db.map(BenchDatabase.postgres))
        var results: [ScaleBenchmark.Size] = []
        for size in sizes {
            results.append(
                try await bench.run(
                    size: size,
                    progress: { message in
                        if Terminal.stderrIsTTY && !json { Terminal.error("… \(size): \(message)") }
                    }))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(results)
        try data.write(to: URL(fileURLWithPath: workdir).appendingPathComponent("bench-scale.json"))
        try Data(ScaleBenchmark.plot(results).utf8).write(
            to: URL(fileURLWithPath: workdir).appendingPathComponent("bench-scale.svg"))
        if json {
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("backend: \(results.first?.backend ?? "sqlite")")
        print(
            "articles   input MB  text MB  db MB  db/text  search p50/p99 ms  python MB/s  grep MB/s  coding ÷ python"
                + "  coding ÷ regex peer")
        for r in results {
            let columns = [
                String(r.articles).padding(10), figure(r.inputMB, "%.1f").padding(9),
                figure(r.textMB, "%.1f").padding(8), figure(r.databaseMB, "%.1f").padding(6),
                figure(r.databaseToText).padding(8),
                (figure(r.searchP50ms) + " / " + figure(r.searchP99ms)).padding(18),
                figure(r.pythonMBps, "%.1f").padding(12), figure(r.grepMBps, "%.0f").padding(10),
                (figure(r.codingVersusPython, "%.1f") + "×").padding(16),
                figure(r.codingVersusRegexPeer, "%.1f") + "×",
            ]
            print(columns.joined(separator: " "))
        }
        for r in results where r.termIndexMB != nil {
            print(
                "term index at \(r.articles): \(figure(r.termIndexMB, "%.1f")) MB, "
                    + "\(figure(r.termIndexToText))× the text")
        }
        print("\nsearch (median ms, hits)  " + results.map { "\($0.articles)" }.joined(separator: " / "))
        for (index, query) in SearchLatency.cases.map(\.label).enumerated() {
            print(
                query.padding(34) + " "
                    + results.map { r in
                        r.queries.count > index
                            ? String(format: "%.2f ms, %d", r.queries[index].medianMs, r.queries[index].hits) : "n/a"
                    }.joined(separator: " / "))
        }
        print("\nstep                      articles   seconds   peak MB   rate")
        for r in results {
            for s in r.steps {
                let columns = [
                    s.name.padding(25), String(r.articles).padding(10), figure(s.seconds).padding(9),
                    figure(s.peakMemoryMB, "%.0f").padding(9),
                    s.rate.map { figure($0, "%.0f") + " " + (s.unit ?? "") } ?? "",
                ]
                print(columns.joined(separator: " "))
            }
        }
        print("\nwrote \(workdir)/bench-scale.json and \(workdir)/bench-scale.svg (log–log)")
    }
}

struct AnalyzeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "The Korean word-level analyser against MeCab's Python binding and the mecab command.",
        discussion: """
            On the shared Korean corpora (the New Year addresses and the 2026 sample, repeated), \
            each on both cores with the same NK-HanDic dictionary in the same run: MB/s of \
            Korean text for Sinmun, for MeCab's Python binding (mecab-python3) and for the mecab \
            command, their ratios, and peak memory.

              swift build -c release && .build/release/sinmun bench analyze
            """
    )

    @Option(help: ArgumentHelp("The shared corpora folder.", valueName: "dir")) var corpora = "../shared/corpora"
    @Option(help: "How many times the Korean corpora are repeated (about 1.8 MB each).") var repeats = 3
    @Option(help: ArgumentHelp("Where the peers' input files go.", valueName: "dir")) var workdir = "bench-work"
    @OptionGroup var analyzerOptions: AnalyzerOptions
    @Flag(help: "Write the result as JSON.") var json = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: corpora) else {
            throw ValidationError("no corpora at \(corpora); pass --corpora DIR")
        }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        let analyzer = try analyzerOptions.koreanAnalyzer()
        let result = try AnalyzerBenchmark(
            corpora: URL(fileURLWithPath: corpora), repeats: repeats, workdir: URL(fileURLWithPath: workdir)
        )
        .run(analyzer: analyzer) { message in if Terminal.stderrIsTTY && !json { Terminal.error("… \(message)") } }
        if json {
            try Terminal.printJSON(result)
            return
        }
        print(
            "\(result.documents) documents, \(figure(result.megabytes, "%.1f")) MB of Korean, "
                + "\(result.tokens) tokens; \(result.analyzer)")
        print(
            "sinmun (both cores)        \(figure(result.sinmunMBps)) MB/s  "
                + "(one core \(figure(result.sinmunOneCoreMBps)) MB/s)")
        print(
            "MeCab Python binding       \(figure(result.pythonBindingMBps)) MB/s  "
                + "→ sinmun \(figure(result.sinmunVersusPythonBinding))×")
        print(
            "mecab command              \(figure(result.mecabCommandMBps)) MB/s  "
                + "→ sinmun \(figure(result.sinmunVersusMecabCommand))×")
        print(
            "peak memory                sinmun \(figure(result.sinmunPeakMemoryMB, "%.0f")) MB, "
                + "peers \(figure(result.peersPeakMemoryMB, "%.0f")) MB")
        for note in result.notes { print("note: \(note)") }
    }
}

/// A figure of a benchmark's table: the value in `format`, or `n/a` when there is none.
private func figure(_ value: Double?, _ format: String = "%.2f") -> String {
    value.map { String(format: format, $0) } ?? "n/a"
}

struct KeynessBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyness",
        abstract: "Keyness of one month against the rest on a synthetic term index, against Python (Counter + SciPy).",
        discussion: """
            Writes a synthetic corpus of N articles (kept in --workdir for the next run), then times \
            `CorpusStore.keyness` on it and a Python baseline reading the same SQLite file (the \
            month's counts with collections.Counter; G², p and q with NumPy and SciPy) in the same \
            run: medians of three runs each, their ratio, and whether both name the same 20 terms.

              swift build -c release && .build/release/sinmun bench keyness --articles 1000000
            """
    )

    @Option(help: "Synthetic articles.") var articles = 100_000
    @Option(help: ArgumentHelp("Where the synthetic corpus and the baseline go.", valueName: "dir"))
    var workdir = "bench-work"
    @Flag(help: "Write the result as JSON.") var json = false

    func run() throws {
        guard articles >= 1000 else { throw ValidationError("--articles must be at least 1000") }
        let result = try KeynessBenchmark(articles: articles, workdir: URL(fileURLWithPath: workdir)).run { message in
            if Terminal.stderrIsTTY && !json { Terminal.error("… \(message)") }
        }
        if json {
            try Terminal.printJSON(result)
            return
        }
        print(
            "\(result.articles) synthetic articles, \(result.terms) terms; target \(KeynessBenchmark.month): "
                + "\(result.targetArticles) articles"
                + (result.buildSeconds > 0 ? String(format: " (written in %.1f s)", result.buildSeconds) : ""))
        print(String(format: "sinmun keyness   %.3f s", result.sinmunSeconds))
        if let python = result.pythonSeconds, let ratio = result.ratio {
            print(String(format: "python baseline  %.3f s   ratio %.2f (above 1: Sinmun faster)", python, ratio))
            print("same 20 most key terms: \(result.sameTopTerms == true ? "yes" : "no")")
        } else {
            print("python baseline  not run: \(result.note ?? "unknown")")
        }
    }
}
