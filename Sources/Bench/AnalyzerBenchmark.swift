import Foundation
import SinmunCollect
import SinmunRead

/// Measures the word-level Korean analyser against MeCab's own peers with the same
/// dictionary, on the same real Korean text, in the same run, each on both cores: MeCab's
/// Python binding (`mecab-python3`, the usual way analysts call NK-HanDic: NFD in Python,
/// `parseToNode`, surface and features read per token) and the `mecab` command (fed text
/// already decomposed, writing its standard output to /dev/null).
public struct AnalyzerBenchmark: Sendable {
    /// The figures of one run, as `sinmun bench analyze --json` writes them.
    public struct Result: Codable, Sendable {
        /// Korean text analysed (UTF-8 of the composed text), in MB.
        public var megabytes: Double
        /// Texts analysed (the corpora times the repeats).
        public var documents: Int
        /// Tokens Sinmun's analyser produced.
        public var tokens: Int
        /// Wall-clock seconds Sinmun took, on both cores.
        public var sinmunSeconds: Double
        /// Sinmun's throughput on both cores, MB/s.
        public var sinmunMBps: Double
        /// Sinmun's throughput on one core, MB/s.
        public var sinmunOneCoreMBps: Double
        /// The Python binding's throughput, MB/s; nil when it did not run.
        public var pythonBindingMBps: Double?
        /// The `mecab` command's throughput, MB/s; nil when it did not run.
        public var mecabCommandMBps: Double?
        /// Sinmun's throughput over the binding's (above 1: Sinmun is faster).
        public var sinmunVersusPythonBinding: Double?
        /// Sinmun's throughput over the `mecab` command's.
        public var sinmunVersusMecabCommand: Double?
        /// Peak resident memory of this process, and the largest of the peers' processes.
        public var sinmunPeakMemoryMB: Double
        /// The peers' largest peak resident memory; nil when neither ran.
        public var peersPeakMemoryMB: Double?
        /// The analyser measured: MeCab's and NK-HanDic's versions.
        public var analyzer: String
        /// What did not run and what is not timed, for the reader of the figures.
        public var notes: [String]
    }

    /// The shared corpora folder (`../shared/corpora`).
    public var corpora: URL
    /// How many times the Korean corpora are repeated (about 1.8 MB each time).
    public var repeats: Int
    /// Where the peers' input files are written.
    public var workdir: URL

    /// A benchmark over `corpora`'s Korean texts, repeated `repeats` times.
    public init(corpora: URL, repeats: Int = 3, workdir: URL) {
        self.corpora = corpora
        self.repeats = repeats
        self.workdir = workdir
    }

    /// The bodies of the New Year addresses and the 2026 Korean sample.
    public static func koreanTexts(corpora: URL) throws -> [String] {
        var texts: [String] = []
        for source in ["new-year-addresses-ko", "ko-2026-sample/kcna_rodong_ko_2026.jsonl"] {
            try ArchiveReader().read(corpora.appendingPathComponent(source)) { item in
                if case .article(let article) = item {
                    texts.append(([article.title] + article.paragraphs).joined(separator: "\n"))
                }
            }
        }
        return texts
    }

    /// Times `analyzer`, then the peers that are installed; `progress` names each step.
    public func run(analyzer: KoreanAnalyzer, progress: (String) -> Void = { _ in }) throws -> Result {
        try FileManager.default.createDirectory(at: workdir, withIntermediateDirectories: true)
        let base = try Self.koreanTexts(corpora: corpora)
        let documents = Array((0..<repeats).map { _ in base }.joined())
        let bytes = documents.reduce(0) { $0 + $1.utf8.count }
        let megabytes = Double(bytes) / 1_000_000
        var notes: [String] = []
        _ = analyzer.tokens(in: documents[0])  // warm the dictionary pages
        progress("Sinmun, one core")
        var start = ContinuousClock.now
        for document in base { _ = analyzer.tokens(in: document) }
        let oneCore = Double(base.reduce(0) { $0 + $1.utf8.count }) / 1_000_000 / (ContinuousClock.now - start).seconds
        progress("Sinmun, both cores")
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let counts = Counter()
        start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            var tokens = 0
            while index < documents.count {
                tokens += analyzer.tokens(in: documents[index]).count
                index += workers
            }
            counts.add(tokens)
        }
        let seconds = (ContinuousClock.now - start).seconds
        // The peers get the same documents split in as many halves as there are cores.
        var halves: [URL] = []
        var decomposedHalves: [URL] = []
        for worker in 0..<workers {
            let part = stride(from: worker, to: documents.count, by: workers).map { documents[$0] }.joined(
                separator: "\n")
            let url = workdir.appendingPathComponent("korean-\(worker).txt")
            try Data(part.utf8).write(to: url)
            halves.append(url)
            let nfd = workdir.appendingPathComponent("korean-\(worker)-nfd.txt")
            try Data(part.decomposedStringWithCanonicalMapping.utf8).write(to: nfd)
            decomposedHalves.append(nfd)
        }
        progress("MeCab's Python binding")
        let script = workdir.appendingPathComponent("mecab_binding.py")
        try Data(Self.pythonBinding.utf8).write(to: script)
        let python = ToolLookup.path(of: "python3")
        let binding = python.flatMap { python in
            try? Self.parallel(
                halves.map { (URL(fileURLWithPath: python), [script.path, analyzer.dictionary.path, $0.path]) })
        }
        if binding == nil { notes.append("MeCab's Python binding did not run (pip install mecab-python3)") }
        progress("the mecab command")
        let command = ToolLookup.path(of: "mecab").flatMap { mecab in
            try? Self.parallel(
                decomposedHalves.map {
                    (
                        URL(fileURLWithPath: mecab),
                        ["-r", "/dev/null", "-d", analyzer.dictionary.path, "-o", "/dev/null", $0.path]
                    )
                })
        }
        if command == nil { notes.append("the mecab command did not run (apt-get install mecab)") }
        notes.append(
            "the mecab command reads text decomposed beforehand (its NFD is not timed); "
                + "Sinmun and the binding decompose as they go")
        let sinmun = megabytes / seconds
        var ownUsage = rusage()
        var children = rusage()
        getrusage(RUSAGE_SELF.rawValue, &ownUsage)
        getrusage(RUSAGE_CHILDREN.rawValue, &children)
        return Result(
            megabytes: megabytes, documents: documents.count, tokens: counts.value, sinmunSeconds: seconds,
            sinmunMBps: sinmun,
            sinmunOneCoreMBps: oneCore, pythonBindingMBps: binding.map { megabytes / $0 },
            mecabCommandMBps: command.map { megabytes / $0 },
            sinmunVersusPythonBinding: binding.map { sinmun / (megabytes / $0) },
            sinmunVersusMecabCommand: command.map { sinmun / (megabytes / $0) },
            sinmunPeakMemoryMB: Double(ownUsage.ru_maxrss) / 1024,
            peersPeakMemoryMB: binding == nil && command == nil ? nil : Double(children.ru_maxrss) / 1024,
            analyzer: analyzer.signature, notes: notes)
    }

    /// Runs processes at once and returns the wall time until the last ends (nil if any failed).
    static func parallel(_ runs: [(URL, [String])]) throws -> Double? {
        let start = ContinuousClock.now
        let processes = try runs.map { executable, arguments -> Process in
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes { process.waitUntilExit() }
        guard processes.allSatisfy({ $0.terminationStatus == 0 }) else { return nil }
        return (ContinuousClock.now - start).seconds
    }

    /// The binding as its documentation shows it: NFD, then every node's surface and features.
    static let pythonBinding = #"""
        import sys, unicodedata
        import MeCab
        tagger = MeCab.Tagger('-r /dev/null -d "%s"' % sys.argv[1])
        tokens = 0
        for line in open(sys.argv[2], encoding="utf-8"):
            node = tagger.parseToNode(unicodedata.normalize("NFD", line))
            while node:
                if node.stat not in (2, 3):
                    surface, feature = node.surface, node.feature.split(",")
                    tokens += 1
                node = node.next
        print(tokens)
        """#
}

/// A total added to by several threads.
private final class Counter: @unchecked Sendable {
    private var total = 0
    private let lock = NSLock()
    func add(_ value: Int) {
        lock.lock()
        total += value
        lock.unlock()
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return total
    }
}
