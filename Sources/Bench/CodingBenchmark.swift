import Foundation
import SinmunCode
import SinmunCollect
import SinmunStore

/// Measures coding the shared corpora with a codebook: CPU time per thousand articles, both
/// for the coder alone (in memory, one thread) and for `sinmun code` end to end (reading and
/// writing the database, all cores); and, in the same run on the same articles, two Python
/// peers doing the same work from the same codebook (`CodingBaselineSpec`): one with the
/// standard library's regular expressions, one with a `pyahocorasick` automaton. Each code's
/// article set is compared with Sinmun's, and every difference listed.
public struct CodingBenchmark: Sendable {
    /// The figures of one run, as `sinmun bench coding --json` writes them.
    public struct Result: Codable, Sendable {
        /// The codebook applied.
        public var codebook: String
        /// Articles coded.
        public var articles: Int
        /// Their text (titles and bodies), in MB.
        public var textMegabytes: Double
        /// The coder alone, one thread.
        public var coderCPUSecondsPerThousand: Double
        /// The coder alone: MB of text per CPU second.
        public var coderMBps: Double
        /// `sinmun code` end to end.
        public var runCPUSecondsPerThousand: Double
        /// `sinmun code` end to end: wall-clock seconds.
        public var runWallSeconds: Double
        /// Articles that earned at least one code.
        public var articlesWithCodes: Int
        /// The regex peer, one Python process: seconds from reading the articles to the result.
        public var regexBaselineSeconds: Double?
        /// The regex peer's MB of text per second.
        public var regexBaselineMBps: Double?
        /// The pyahocorasick peer's seconds, as the regex peer's.
        public var automatonBaselineSeconds: Double?
        /// The pyahocorasick peer's MB/s.
        public var automatonBaselineMBps: Double?
        /// `sinmun code` end to end MB/s ÷ the regex peer's (the target: 10).
        public var codingVersusRegexBaseline: Double?
        /// `sinmun code` end to end MB/s ÷ the pyahocorasick peer's.
        public var codingVersusAutomatonBaseline: Double?
        /// The coder alone on one thread ÷ the regex peer (also one thread): like for like.
        public var coderVersusRegexBaseline: Double?
        /// Each code's articles by Sinmun and by each peer, with the ones they disagree on.
        public var agreement: [CodeAgreement] = []
        /// What the peers do not reproduce of Sinmun's rules.
        public var notReproduced: [String] = []
        /// Peers that did not run, and why.
        public var peersNotRun: [String] = []
    }

    /// How Sinmun and the peers agree on one code's articles.
    public struct CodeAgreement: Codable, Sendable {
        /// The code.
        public var code: String
        /// Articles Sinmun gave it.
        public var sinmun: Int
        /// Articles the regex peer gave it.
        public var regex: Int?
        /// Articles the pyahocorasick peer gave it.
        public var automaton: Int?
        /// How many articles only Sinmun gave it.
        public var onlySinmunCount: Int
        /// Up to ten of them (ids).
        public var onlySinmun: [String]
        /// How many articles only the regex peer gave it.
        public var onlyRegexCount: Int
        /// Up to ten of them.
        public var onlyRegex: [String]
        /// Articles the two peers disagree on (they should not: the same rules).
        public var peersDisagree: Int?
    }

    /// The shared corpora folder (`../shared/corpora`).
    public var corpora: URL
    /// A built-in codebook's name or a codebook file.
    public var codebook: String

    /// A benchmark of `codebook` over the shared corpora.
    public init(corpora: URL, codebook: String = "ai-discourse") {
        self.corpora = corpora
        self.codebook = codebook
    }

    /// Imports the corpora into a temporary database, then times the coder and `sinmun code`.
    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sinmun-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CorpusStore(path: directory.appendingPathComponent("bench.sqlite").path)
        progress("importing the shared corpora")
        for source in [
            "kcna-en-2024/headlines_2024-11-11.json", "rodong-en-2021-2022/rodong_top_news.jsonl",
            "new-year-addresses-ko", "ko-2026-sample/kcna_rodong_ko_2026.jsonl",
        ] {
            _ = try store.importArchive(corpora.appendingPathComponent(source))
        }
        let book = try BuiltInCodebooks.load(codebook)
        var texts: [(String, String)] = []
        try store.articlesNeedingCoding(codebook: book.name, hash: book.hash) { batch in
            texts += batch.map { ($0.title, $0.body) }
        }
        let bytes = texts.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count }
        progress("coding \(texts.count) articles in memory")
        let coder = ArticleCoder(codebook: book)
        let coderStart = Self.cpuSeconds()
        for _ in 0..<3 {
            for (title, body) in texts { _ = coder.code(title: title, body: body) }
        }
        let coderCPU = (Self.cpuSeconds() - coderStart) / 3
        progress("sinmun code end to end")
        let runStart = Self.cpuSeconds()
        let report = try store.code(with: book)
        let runCPU = Self.cpuSeconds() - runStart
        let thousands = Double(texts.count) / 1000
        let megabytes = Double(bytes) / 1_000_000
        var result = Result(
            codebook: book.name, articles: texts.count, textMegabytes: megabytes,
            coderCPUSecondsPerThousand: coderCPU / thousands, coderMBps: megabytes / coderCPU,
            runCPUSecondsPerThousand: runCPU / thousands, runWallSeconds: report.seconds,
            articlesWithCodes: report.withCodes)
        try comparePeers(&result, store: store, book: book, directory: directory, progress: progress)
        return result
    }

    /// Runs both Python peers on the same articles and fills in their figures and agreement.
    func comparePeers(
        _ result: inout Result, store: CorpusStore, book: Codebook, directory: URL, progress: (String) -> Void
    ) throws {
        let (specFile, scriptFile) = try Self.writePeerProgram(book, in: directory)
        result.notReproduced = CodingBaselineSpec(book).notReproduced
        let articlesFile = directory.appendingPathComponent("articles.jsonl")
        var sinmun: [String: Set<String>] = [:]
        var lines = Data()
        try store.codedArticles(codebook: book.name) { article in
            for code in article.codes.keys { sinmun[code, default: []].insert(article.id) }
        }
        try store.articlesNeedingCoding(codebook: "bench-export", hash: "-") { batch in
            for article in batch {
                let record = ["id": article.id, "title": article.title, "body": article.body]
                lines += try JSONSerialization.data(withJSONObject: record) + Data("\n".utf8)
            }
        }
        try lines.write(to: articlesFile)
        var peers: [String: (seconds: Double, codes: [String: Set<String>])] = [:]
        for mode in ["regex", "automaton"] {
            progress("Python peer: \(mode)")
            switch Self.runPeer(script: scriptFile, spec: specFile, articles: articlesFile, mode: mode) {
            case .success(let outcome): peers[mode] = outcome
            case .failure(let reason): result.peersNotRun.append(reason.description)
            }
        }
        let sinmunMBps = result.textMegabytes / result.runWallSeconds
        if let regex = peers["regex"] {
            result.regexBaselineSeconds = regex.seconds
            result.regexBaselineMBps = result.textMegabytes / regex.seconds
            result.codingVersusRegexBaseline = sinmunMBps / (result.textMegabytes / regex.seconds)
            result.coderVersusRegexBaseline = result.coderMBps / (result.textMegabytes / regex.seconds)
        }
        if let automaton = peers["automaton"] {
            result.automatonBaselineSeconds = automaton.seconds
            result.automatonBaselineMBps = result.textMegabytes / automaton.seconds
            result.codingVersusAutomatonBaseline = sinmunMBps / (result.textMegabytes / automaton.seconds)
        }
        result.agreement = book.codes.map { code in
            let own = sinmun[code.name] ?? []
            let regex = peers["regex"]?.codes[code.name]
            let automaton = peers["automaton"]?.codes[code.name]
            let onlySinmun = own.subtracting(regex ?? own).sorted()
            let onlyRegex = (regex ?? []).subtracting(own).sorted()
            return CodeAgreement(
                code: code.name, sinmun: own.count, regex: regex?.count, automaton: automaton?.count,
                onlySinmunCount: onlySinmun.count, onlySinmun: Array(onlySinmun.prefix(10)),
                onlyRegexCount: onlyRegex.count, onlyRegex: Array(onlyRegex.prefix(10)),
                peersDisagree: regex.flatMap { r in automaton.map { r.symmetricDifference($0).count } })
        }
    }

    /// Writes what the Python peers run: the codebook as a spec, and the script.
    static func writePeerProgram(_ book: Codebook, in directory: URL) throws -> (spec: URL, script: URL) {
        let spec = directory.appendingPathComponent("coding-peer-codebook.json")
        let script = directory.appendingPathComponent("coding-peer.py")
        try JSONEncoder().encode(CodingBaselineSpec(book)).write(to: spec)
        try Data(CodingBaselineScripts.python.utf8).write(to: script)
        return (spec, script)
    }

    /// One Python peer's seconds and article sets per code.
    static func runPeer(
        script: URL, spec: URL, articles: URL, mode: String
    ) -> Swift.Result<(seconds: Double, codes: [String: Set<String>]), PeerUnavailable> {
        guard let python = ToolLookup.path(of: "python3") else { return .failure(PeerUnavailable("no python3")) }
        struct Output: Decodable {
            var seconds: Double
            var codes: [String: [String]]
        }
        do {
            let run = try PeerProcess.run(python, [script.path, spec.path, articles.path, mode])
            guard run.status == 0, let output = try? JSONDecoder().decode(Output.self, from: run.output) else {
                let hint = mode == "automaton" ? " (pip install pyahocorasick)" : ""
                return .failure(PeerUnavailable("Python \(mode) peer did not run\(hint): \(run.error.suffix(300))"))
            }
            return .success((output.seconds, output.codes.mapValues(Set.init)))
        } catch {
            return .failure(PeerUnavailable("Python \(mode) peer: \(error)"))
        }
    }

    /// User plus system CPU time of this process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
