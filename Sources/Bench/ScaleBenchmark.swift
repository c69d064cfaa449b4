import Foundation
import SinmunCode
import SinmunCollect
import SinmunRead
import SinmunStore

/// Synthetic articles assembled from real sentences of the shared corpora, dated 1990–2026,
/// with a planted rise of AI sentences; deterministic from a seed. Every record says
/// `"synthetic": true`, which the store keeps, so it can never pass for state media.
public struct SyntheticCorpus: Sendable {
    /// What was written.
    public struct Summary: Codable, Sendable {
        /// Articles written.
        public var articles: Int
        /// Size of the JSON Lines file.
        public var fileBytes: Int
        /// Bytes of titles and bodies.
        public var textBytes: Int
        /// Articles given an AI sentence by the planted trend.
        public var plantedAI: Int
    }

    /// The shared corpora folder, whose sentences are reused.
    public var corpora: URL
    /// The seed: the same seed gives the same corpus.
    public var seed: UInt64

    /// A generator over `corpora`'s sentences.
    public init(corpora: URL, seed: UInt64 = 1) {
        self.corpora = corpora
        self.seed = seed
    }

    /// Sentences of the shared corpora by language, and the AI sentences among them.
    func pools() throws -> (korean: [String], english: [String], ai: [String]) {
        var korean: [String] = []
        var english: [String] = []
        var ai: [String] = []
        let aiWords = ["인공지능", "artificial intelligence", "intelligent"]
        for source in [
            "kcna-en-2024/headlines_2024-11-11.json", "rodong-en-2021-2022/rodong_top_news.jsonl",
            "new-year-addresses-ko", "ko-2026-sample/kcna_rodong_ko_2026.jsonl",
        ] {
            try ArchiveReader().read(corpora.appendingPathComponent(source)) { item in
                guard case .article(let article) = item else { return }
                for paragraph in article.paragraphs {
                    for range in SentenceSplitter.sentences(in: paragraph) {
                        let sentence = String(paragraph[range])
                        guard sentence.count >= 20 else { continue }
                        if aiWords.contains(where: { sentence.contains($0) }) {
                            ai.append(sentence)
                            continue
                        }
                        if article.language == "ko" { korean.append(sentence) } else { english.append(sentence) }
                    }
                }
            }
        }
        return (korean, english, ai)
    }

    /// Writes `count` articles as JSON Lines.
    public func write(count: Int, to url: URL) throws -> Summary {
        let (korean, english, ai) = try pools()
        guard !korean.isEmpty, !english.isEmpty, !ai.isEmpty else {
            throw BenchError.noSentences
        }
        var random = SplitMix64(seed: seed)
        func pick<T>(_ array: [T]) -> T { array[Int(random.next() % UInt64(array.count))] }
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw BenchError.cannotCreate(path: url.path)
        }
        guard let handle = FileHandle(forWritingAtPath: url.path) else {
            throw BenchError.cannotWrite(path: url.path)
        }
        defer { try? handle.close() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        struct Record: Encodable {
            var title: String, body: [String], date: String, outlet: String, lang: String, url: String, synthetic = true
        }
        var summary = Summary(articles: 0, fileBytes: 0, textBytes: 0, plantedAI: 0)
        var buffer = Data()
        let days = 13_483  // 1990-01-01 … 2026-11-30
        for index in 0..<count {
            let day = Int(random.next() % UInt64(days))
            let date = Self.isoDate(daysAfter1990: day)
            let year = Int(date.prefix(4))!
            let isKorean = random.next() % 2 == 0
            let pool = isKorean ? korean : english
            var sentences = (0..<(4 + Int(random.next() % 12))).map { _ in pick(pool) }
            // The planted rise: AI sentences become frequent from 2024.
            let rate = year >= 2024 ? 0.06 : year >= 2018 ? 0.01 : 0.001
            if Double(random.next() % 1_000_000) / 1_000_000 < rate {
                sentences.insert(pick(ai), at: Int(random.next() % UInt64(sentences.count)))
                summary.plantedAI += 1
            }
            let paragraphs = stride(from: 0, to: sentences.count, by: 3).map {
                sentences[$0..<min($0 + 3, sentences.count)].joined(separator: " ")
            }
            let title = "Synthetic \(index): " + String(sentences[0].prefix(60))
            let record = Record(
                title: title, body: paragraphs, date: date, outlet: index % 3 == 0 ? "kcna" : "rodong",
                lang: isKorean ? "ko" : "en", url: "synthetic://sinmun/\(seed)/\(index)")
            buffer.append(try encoder.encode(record))
            buffer.append(0x0A)
            summary.textBytes += title.utf8.count + paragraphs.reduce(0) { $0 + $1.utf8.count + 1 }
            if buffer.count > 4_000_000 {
                handle.write(buffer)
                summary.fileBytes += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(buffer)
        summary.fileBytes += buffer.count
        summary.articles = count
        return summary
    }

    static func isoDate(daysAfter1990 days: Int) -> String {
        // days-to-civil from 1990-01-01 (7305 days after 1970-01-01).
        DateParsing.fromEpoch(Double(7305 + days) * 86_400)!.isoString
    }
}

/// `sinmun bench scale`: every step of the main job at growing sizes, each step a separate
/// process timed with its peak memory, plus a Python baseline and grep in the same run.
public struct ScaleBenchmark: Sendable {
    /// One step of the main job, run as its own `sinmun` process.
    public struct Step: Codable, Sendable {
        /// `import`, `code`, `analyze`, `trend + change points` or `report`.
        public var name: String
        /// Wall-clock seconds.
        public var seconds: Double
        /// The process's peak resident memory, where it could be read.
        public var peakMemoryMB: Double?
        /// Throughput where it means something (articles/s, MB/s).
        public var rate: Double?
        /// The unit of ``rate``.
        public var unit: String?
    }

    /// The figures at one corpus size.
    public struct Size: Codable, Sendable {
        /// Synthetic articles in the corpus.
        public var articles: Int
        /// `sqlite` or `postgresql`: where the corpus was kept.
        public var backend = "sqlite"
        /// Size of the file imported, MB.
        public var inputMB: Double
        /// Titles and bodies, MB.
        public var textMB: Double
        /// The database file after every step, MB.
        public var databaseMB: Double
        /// Database size over text size.
        public var databaseToText: Double
        /// The steps, in the order run.
        public var steps: [Step]
        /// Median search latency over the fixed queries, ms.
        public var searchP50ms: Double
        /// 99th-percentile search latency, ms.
        public var searchP99ms: Double
        /// Each fixed query's median latency and its number of matching articles.
        public var queries: [QueryTiming] = []
        /// The Python baseline (standard-library regexes, one pass) in seconds; nil without Python.
        public var pythonSeconds: Double?
        /// The same in MB/s.
        public var pythonMBps: Double?
        /// `grep -F -c` for a few AI terms over the same file, MB/s.
        public var grepMBps: Double?
        /// Sinmun coding MB/s ÷ Python baseline MB/s. That baseline is a two-regex sketch, not
        /// the codebook's work: see ``codingVersusRegexPeer`` for like against like.
        public var codingVersusPython: Double?
        /// The codebook's Python regex peer (`CodingBaselineSpec`, the same work as Sinmun) on
        /// the first ``regexPeerArticles`` articles, MB/s; nil when Python did not run it.
        public var regexPeerMBps: Double?
        /// How many articles the regex peer coded (a sample: it is slow).
        public var regexPeerArticles: Int?
        /// Sinmun coding MB/s ÷ the regex peer's.
        public var codingVersusRegexPeer: Double?
        /// What `analyze` added to the database (the term index), in MB and against the text.
        public var termIndexMB: Double?
        /// The term index's size over the text's; nil when the Korean analyser is missing.
        public var termIndexToText: Double?
    }

    /// One search query's median latency (ms) and hit count.
    public struct QueryTiming: Codable, Sendable {
        /// The query as typed, and its filter in brackets (``SearchLatency/Case/label``).
        public var query: String
        /// Median latency over the timed runs, ms.
        public var medianMs: Double
        /// Articles it matched.
        public var hits: Int
    }

    /// The `sinmun` executable whose steps are timed (build it with `-c release`).
    public var executable: URL
    /// The shared corpora folder, source of the synthetic sentences.
    public var corpora: URL
    /// Where corpora, databases and reports are written (`--workdir`).
    public var workdir: URL
    /// The synthetic corpus's seed.
    public var seed: UInt64
    /// Where each size's corpus is kept: a SQLite file in `workdir` unless given.
    public var database: BenchDatabase

    /// A benchmark that runs `executable` over synthetic corpora in `workdir`, each kept in
    /// `database` (a SQLite file in `workdir` when nil).
    public init(executable: URL, corpora: URL, workdir: URL, seed: UInt64 = 1, database: BenchDatabase? = nil) {
        self.executable = executable
        self.corpora = corpora
        self.workdir = workdir
        self.seed = seed
        self.database = database ?? .sqlite(workdir: workdir)
    }

    /// Generates `size` articles, runs and times each step, then the search latency and baselines.
    public func run(size: Int, progress: (String) -> Void = { _ in }) async throws -> Size {
        try FileManager.default.createDirectory(at: workdir, withIntermediateDirectories: true)
        let corpusFile = workdir.appendingPathComponent("synthetic-\(size).jsonl")
        let database = try await self.database.prepare(size)
        progress("generating \(size) synthetic articles")
        let summary = try SyntheticCorpus(corpora: corpora, seed: seed).write(count: size, to: corpusFile)
        let mb = Double(summary.fileBytes) / 1_000_000
        let textMB = Double(summary.textBytes) / 1_000_000
        var steps: [Step] = []
        progress("import")
        var step = try timed("import", ["import", corpusFile.path, "--db", database, "--json"])
        step.rate = Double(size) / step.seconds
        step.unit = "articles/s"
        steps.append(step)
        progress("code")
        step = try timed("code", ["code", "--db", database, "--json"])
        step.rate = textMB / step.seconds
        step.unit = "MB/s"
        steps.append(step)
        let codingMBps = step.rate
        // The term index: analyze's time, and what it adds to the file (the Korean analyser
        // is needed for the synthetic corpus's Korean articles).
        var termIndexBytes: Int?
        if WordAnalyzer().korean != nil {
            progress("analyze")
            let before = try await self.database.bytes(database)
            step = try timed("analyze", ["analyze", "--db", database, "--json"])
            step.rate = textMB / step.seconds
            step.unit = "MB/s"
            steps.append(step)
            termIndexBytes = try await self.database.bytes(database) - before
        }
        progress("trend and change points")
        steps.append(
            try timed(
                "trend + change points", ["changepoints", "ai", "--by", "month", "--db", database, "--json"]))
        progress("report")
        let reportDir = workdir.appendingPathComponent("report-\(size)")
        steps.append(
            try timed(
                "report",
                [
                    "report", "--out", reportDir.path, "--force", "--generated-at", "bench", "--db", database,
                    "--json",
                ]))
        // Search latency, in this process, every query 10 times after one warm-up.
        progress("search latency")
        let search = try await SearchLatency.measure { query, filter in
            try await self.database.search(database, query, filter)
        }
        let databaseBytes = try await self.database.size(database)
        await self.database.release(database)
        // Baselines on the same file.
        progress("Python baseline")
        let python = try runPython(corpusFile)
        progress("grep -F -c")
        let grep = try runGrep(corpusFile)
        progress("the codebook's Python regex peer, on a sample")
        let peer = try runRegexPeer(corpusFile, articles: min(size, Self.regexPeerSample))
        let peerRatio: Double? = peer.flatMap { p in codingMBps.map { $0 / p.mbps } }
        var result = Size(
            articles: size, inputMB: mb, textMB: textMB, databaseMB: Double(databaseBytes) / 1_000_000,
            databaseToText: Double(databaseBytes) / Double(max(summary.textBytes, 1)), steps: steps,
            searchP50ms: search.p50, searchP99ms: search.p99, queries: search.queries,
            pythonSeconds: python, pythonMBps: python.map { mb / $0 }, grepMBps: grep.map { mb / $0 },
            codingVersusPython: python.flatMap { p in codingMBps.map { $0 / (mb / p) } },
            termIndexMB: termIndexBytes.map { Double($0) / 1_000_000 },
            termIndexToText: termIndexBytes.map { Double($0) / Double(max(summary.textBytes, 1)) })
        result.backend = self.database.backend
        result.regexPeerMBps = peer?.mbps
        result.regexPeerArticles = peer?.articles
        result.codingVersusRegexPeer = peerRatio
        return result
    }

    /// Articles the regex peer codes at most (about a minute of Python).
    static let regexPeerSample = 5000

    /// Runs the codebook's regex peer on the corpus file's first `articles` records: MB of
    /// text per second (the same text measure as Sinmun's coding rate).
    func runRegexPeer(_ corpus: URL, articles: Int) throws -> (mbps: Double, articles: Int)? {
        struct Enough: Error {}
        var lines = Data()
        var textBytes = 0
        var count = 0
        do {
            try ArchiveReader().read(corpus, format: .jsonl) { item in
                guard case .article(let article) = item else { return }
                let body = article.paragraphs.joined(separator: "\n")
                textBytes += article.title.utf8.count + body.utf8.count
                lines += try JSONSerialization.data(withJSONObject: [
                    "id": String(count), "title": article.title, "body": body,
                ])
                lines.append(0x0A)
                count += 1
                if count == articles { throw Enough() }
            }
        } catch is Enough {}
        let sample = workdir.appendingPathComponent("regex-peer-sample.jsonl")
        try lines.write(to: sample)
        let (spec, script) = try CodingBenchmark.writePeerProgram(
            try BuiltInCodebooks.load("ai-discourse"), in: workdir)
        guard
            case .success(let outcome) = CodingBenchmark.runPeer(
                script: script, spec: spec, articles: sample, mode: "regex")
        else { return nil }
        return (Double(textBytes) / 1_000_000 / outcome.seconds, count)
    }

    /// Runs `sinmun ARGS` under GNU time for wall seconds and peak resident memory.
    func timed(_ name: String, _ arguments: [String]) throws -> Step {
        let timeFile = workdir.appendingPathComponent("time.txt")
        let process = Process()
        let gnuTime = URL(fileURLWithPath: "/usr/bin/time")
        let hasTime = FileManager.default.isExecutableFile(atPath: gnuTime.path)
        if hasTime {
            process.executableURL = gnuTime
            process.arguments = ["-f", "%e %M", "-o", timeFile.path, executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let wall = (ContinuousClock.now - start).seconds
        guard process.terminationStatus == 0 else {
            throw BenchError.stepFailed(subcommand: arguments.first ?? "", status: process.terminationStatus)
        }
        var memory: Double?
        if hasTime, let text = try? String(contentsOf: timeFile, encoding: .utf8) {
            let fields = text.split(whereSeparator: \.isWhitespace)
            memory = fields.count >= 2 ? Double(fields[1]).map { $0 / 1024 } : nil
        }
        return Step(name: name, seconds: wall, peakMemoryMB: memory)
    }

    /// What an analyst would write: the standard library's re, json and collections.
    static let pythonBaseline = #"""
        import collections, json, re, sys, time
        start = time.time()
        AI = re.compile(
            r"인공지능|지능화|지능형|기계학습|심층학습|신경망|로보트|"
            r"artificial intelligence|machine learning|neural network|intelligent", re.I)
        AI_ACRONYM = re.compile(r"\bAI\b")
        MILITARY = re.compile(r"무인기|자폭|현대전|무장장비|국방|drones?|weapons?|military|warfare|defen[cs]e", re.I)
        SENTENCE = re.compile(r"(?<=[.!?])\s+")
        months, ai_months, frames = collections.Counter(), collections.Counter(), collections.Counter()
        for line in open(sys.argv[1], encoding="utf-8"):
            record = json.loads(line)
            month = record["date"][:7]
            months[month] += 1
            text = record["title"] + "\n" + "\n".join(record["body"])
            hit = False
            for sentence in SENTENCE.split(text):
                if AI.search(sentence) or AI_ACRONYM.search(sentence):
                    hit = True
                    if MILITARY.search(sentence):
                        frames["military"] += 1
            if hit:
                ai_months[month] += 1
        print(json.dumps({
            "articles": sum(months.values()), "ai": sum(ai_months.values()), "seconds": time.time() - start}))
        """#

    func runPython(_ file: URL) throws -> Double? {
        let script = workdir.appendingPathComponent("baseline.py")
        try Data(Self.pythonBaseline.utf8).write(to: script)
        guard let python = ToolLookup.path(of: "python3", preferring: ["/usr/bin/python3", "/usr/local/bin/python3"])
        else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, file.path]
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? (ContinuousClock.now - start).seconds : nil
    }

    func runGrep(_ file: URL) throws -> Double? {
        let patterns = workdir.appendingPathComponent("ai-patterns.txt")
        try Data("인공지능\n지능화\n지능형\nartificial intelligence\nmachine learning\nintelligent\n".utf8).write(to: patterns)
        return try GrepBaseline.countMatchingLines(in: file, patterns: patterns)?.seconds
    }

    /// A log–log chart of seconds per step against articles.
    public static func plot(_ sizes: [Size]) -> String {
        guard sizes.count >= 1 else { return "" }
        let width = 640.0
        let height = 360.0
        let left = 60.0
        let bottom = 40.0
        let top = 20.0
        let right = 150.0
        let xs = sizes.map { log10(Double($0.articles)) }
        let names = sizes[0].steps.map(\.name)
        let allSeconds = sizes.flatMap { $0.steps.map { max($0.seconds, 0.001) } }
        let yMin = floor(log10(allSeconds.min() ?? 0.01))
        let yMax = ceil(log10(allSeconds.max() ?? 1))
        let xMin = floor(xs.min()!)
        let xMax = max(ceil(xs.max()!), xMin + 1)
        func x(_ v: Double) -> Double { left + (v - xMin) / (xMax - xMin) * (width - left - right) }
        func y(_ v: Double) -> Double { height - bottom - (v - yMin) / max(yMax - yMin, 1) * (height - top - bottom) }
        let colors = ["#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182"]
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "font-family=\"sans-serif\" font-size=\"11\" role=\"img\">"
            + "<title>Seconds per step against articles, log–log</title>"
        for e in stride(from: yMin, through: yMax, by: 1) {
            svg +=
                "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(e))\" y2=\"\(y(e))\" stroke=\"#eee\"/>"
                + "<text x=\"\(left - 6)\" y=\"\(y(e) + 4)\" text-anchor=\"end\">10^\(Int(e)) s</text>"
        }
        for e in stride(from: xMin, through: xMax, by: 1) {
            svg += "<text x=\"\(x(e))\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\">10^\(Int(e))</text>"
        }
        for (k, name) in names.enumerated() {
            let points = sizes.compactMap { size in
                size.steps.first { $0.name == name }.map {
                    (log10(Double(size.articles)), log10(max($0.seconds, 0.001)))
                }
            }
            let path = points.enumerated().map { "\($0 == 0 ? "M" : "L")\(x($1.0)) \(y($1.1))" }.joined(separator: " ")
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colors[k % colors.count])\" stroke-width=\"2\"/>"
            svg += points.map {
                "<circle cx=\"\(x($0.0))\" cy=\"\(y($0.1))\" r=\"3\" fill=\"\(colors[k % colors.count])\"/>"
            }.joined()
            svg +=
                "<text x=\"\(width - right + 8)\" y=\"\(top + 16 * Double(k + 1))\" "
                + "fill=\"\(colors[k % colors.count])\">\(name)</text>"
        }
        return svg
            + "<text x=\"\(left + (width - left - right) / 2)\" y=\"\(height - 6)\" text-anchor=\"middle\">"
            + "articles</text></svg>"
    }
}
