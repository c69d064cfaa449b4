import Foundation
import SinmunCode
import SinmunCollect
import SinmunRead

/// Measures SinmunRead's `MultiPatternMatcher` against its peers on the same real text and the
/// same patterns in the same run: `grep -F -c -f` (matching lines), Hyperscan from C and the
/// Rust `aho-corasick` crate (every occurrence), and a plain `String.contains` loop.
public struct MatcherBenchmark: Sendable {
    /// The figures of one run, as `sinmun bench matcher --json` writes them.
    public struct Result: Codable, Sendable {
        /// Bytes of text searched.
        public var textBytes: Int
        /// Patterns searched for at once.
        public var patterns: Int
        /// How many of them are Korean.
        public var koreanPatterns: Int
        /// States of the compiled automaton.
        public var automatonStates: Int
        /// Seconds to compile the patterns.
        public var buildSeconds: Double
        /// Lines holding at least one pattern, as counted by Sinmun and by grep (must agree).
        public var matchingLines: Int
        /// grep's count; nil when grep did not run.
        public var grepMatchingLines: Int?
        /// Sinmun counting matching lines, MB/s.
        public var sinmunLinesMBps: Double
        /// `grep -F -c -f`, MB/s; nil when grep did not run.
        public var grepMBps: Double?
        /// Every occurrence with its offsets.
        public var occurrences: Int
        /// Sinmun finding every occurrence with offsets, MB/s.
        public var sinmunOccurrencesMBps: Double
        /// The naive loop runs on a sample: it is too slow for the whole text.
        public var naiveSampleBytes: Int
        /// The naive `String.contains` loop, MB/s.
        public var naiveMBps: Double
        /// Sinmun's line-counting speed over grep's (above 1: Sinmun is faster).
        public var ratioToGrep: Double?
        /// Sinmun's line-counting speed over the naive loop's.
        public var ratioToNaive: Double
        /// Hyperscan (literal mode, from C) reporting every occurrence, MB/s; nil when it did not run.
        public var hyperscanMBps: Double?
        /// Occurrences Hyperscan reported (must equal ``occurrences``).
        public var hyperscanOccurrences: Int?
        /// The Rust `aho-corasick` crate (the `ahocorasick-rs` wheel), every occurrence, MB/s.
        public var ahoCorasickRsMBps: Double?
        /// Occurrences it reported (must equal ``occurrences``).
        public var ahoCorasickRsOccurrences: Int?
        /// Sinmun counting matching lines ÷ grep.
        public var sinmunLinesVersusGrep: Double?
        /// Sinmun counting matching lines ÷ the naive loop.
        public var sinmunLinesVersusNaive: Double
        /// Sinmun's every occurrence ÷ Hyperscan's (at or above 1: Sinmun is as fast or faster).
        public var sinmunOccurrencesVersusHyperscan: Double?
        /// Sinmun's every occurrence ÷ the Rust crate's.
        public var sinmunOccurrencesVersusAhoCorasickRs: Double?
        /// Peers that did not run, and why (what to install).
        public var peersNotRun: [String] = []
    }

    /// The shared corpora folder (`../shared/corpora`), whose text is repeated to size.
    public var corpora: URL
    /// How much text to search, in MB (`--megabytes`).
    public var megabytes: Int
    /// How many patterns to search for (`--patterns`).
    public var patternCount: Int

    /// A benchmark of `patternCount` patterns drawn from the corpora over `megabytes` of their text.
    public init(corpora: URL, megabytes: Int = 200, patternCount: Int = 1000) {
        self.corpora = corpora
        self.megabytes = megabytes
        self.patternCount = patternCount
    }

    /// The titles and paragraphs of every shared corpus, one per line.
    public static func realText(corpora: URL) throws -> String {
        var lines: [String] = []
        let sources = [
            "kcna-en-2024/headlines_2024-11-11.json", "rodong-en-2021-2022/rodong_top_news.jsonl",
            "new-year-addresses-ko", "ko-2026-sample/kcna_rodong_ko_2026.jsonl",
        ]
        for source in sources {
            try ArchiveReader().read(corpora.appendingPathComponent(source)) { item in
                if case .article(let article) = item {
                    lines.append(article.title)
                    lines += article.paragraphs
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Deterministic patterns from the text: Korean word stems and English words of middling
    /// frequency (the most frequent would make every line match at once and flatter the
    /// line count), about three English to one Korean.
    public static func patterns(from text: String, count: Int) -> [String] {
        var frequency: [String: Int] = [:]
        for range in KoreanMorphology.eojeols(in: text) {
            let word = String(text[range])
            if word.unicodeScalars.contains(where: Hangul.isSyllable) {
                let stem = KoreanMorphology.stripParticles(word).stem
                if stem.count >= 2 { frequency[stem, default: 0] += 1 }
            } else if word.count >= 5, word.allSatisfy({ $0.isASCII && $0.isLetter }) {
                frequency[word, default: 0] += 1
            }
        }
        let ranked = frequency.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        let korean = ranked.filter { $0.unicodeScalars.contains(where: Hangul.isSyllable) }
        let english = ranked.filter { !$0.unicodeScalars.contains(where: Hangul.isSyllable) }
        let koreanCount = count / 4
        let pick: ([String], Int, Int) -> [String] = { list, skip, wanted in
            let pool = Array(list.dropFirst(skip))
            guard !pool.isEmpty else { return [] }
            let step = max(1, pool.count / max(wanted, 1))
            return Array(stride(from: 0, to: pool.count, by: step).map { pool[$0] }.prefix(wanted))
        }
        return pick(korean, 50, koreanCount) + pick(english, 200, count - koreanCount)
    }

    /// Builds the text and patterns, then times Sinmun, grep and the naive loop on them.
    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        progress("reading the shared corpora")
        let base = try Self.realText(corpora: corpora)
        let patterns = Self.patterns(from: base, count: patternCount)
        var text = Data()
        let baseData = Data(base.utf8)
        while text.count < megabytes * 1_000_000 { text.append(baseData) }
        progress("compiling \(patterns.count) patterns")
        let clock = ContinuousClock()
        var matcher: MultiPatternMatcher!
        let build = clock.measure {
            matcher = MultiPatternMatcher(
                patterns: patterns, wordBoundaries: Array(repeating: false, count: patterns.count))
        }
        progress("Sinmun: counting matching lines in \(text.count / 1_000_000) MB")
        var lines = 0
        let lineTime = clock.measure {
            lines = text.withUnsafeBytes { matcher.countMatchingLines(in: $0.bindMemory(to: UInt8.self)) }
        }
        progress("Sinmun: every occurrence")
        var occurrences = 0
        let allTime = clock.measure {
            text.withUnsafeBytes { raw in
                matcher.forEachMatch(in: raw.bindMemory(to: UInt8.self)) { _ in occurrences += 1 }
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sinmun-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let textFile = directory.appendingPathComponent("text.txt")
        let patternFile = directory.appendingPathComponent("patterns.txt")
        try text.write(to: textFile)
        try Data((patterns.joined(separator: "\n") + "\n").utf8).write(to: patternFile)
        progress("grep -F -c -f")
        let grep = try GrepBaseline.countMatchingLines(in: textFile, patterns: patternFile)
        progress("Hyperscan (C, literal mode), every occurrence")
        let hyperscan = MatcherPeers.hyperscan(patterns: patternFile, text: textFile, in: directory)
        progress("ahocorasick-rs (Rust, through Python), every occurrence")
        let rust = MatcherPeers.ahoCorasickRs(patterns: patternFile, text: textFile, in: directory)
        progress("naive String.contains loop on a sample")
        let sample = String(decoding: baseData.prefix(1_000_000), as: UTF8.self)
        var naiveLines = 0
        let naiveTime = clock.measure {
            for line in sample.split(separator: "\n") where patterns.contains(where: { line.contains($0) }) {
                naiveLines += 1
            }
        }
        let mb = Double(text.count) / 1_000_000
        let linesMBps = mb / lineTime.seconds
        let occurrencesMBps = mb / allTime.seconds
        let naiveMBps = Double(sample.utf8.count) / 1_000_000 / naiveTime.seconds
        let hyperscanMBps = (try? hyperscan.get()).map { mb / $0.seconds }
        let rustMBps = (try? rust.get()).map { mb / $0.seconds }
        var notRun: [String] = []
        for case .failure(let reason) in [hyperscan, rust] { notRun.append(reason.description) }
        if grep == nil { notRun.append("grep is not installed") }
        return Result(
            textBytes: text.count, patterns: patterns.count,
            koreanPatterns: patterns.filter { $0.unicodeScalars.contains(where: Hangul.isSyllable) }.count,
            automatonStates: matcher.stateCount, buildSeconds: build.seconds,
            matchingLines: lines, grepMatchingLines: grep?.lines,
            sinmunLinesMBps: linesMBps, grepMBps: grep.map { mb / $0.seconds },
            occurrences: occurrences, sinmunOccurrencesMBps: occurrencesMBps,
            naiveSampleBytes: sample.utf8.count, naiveMBps: naiveMBps,
            ratioToGrep: grep.map { linesMBps / (mb / $0.seconds) }, ratioToNaive: linesMBps / naiveMBps,
            hyperscanMBps: hyperscanMBps, hyperscanOccurrences: try? hyperscan.get().occurrences,
            ahoCorasickRsMBps: rustMBps, ahoCorasickRsOccurrences: try? rust.get().occurrences,
            sinmunLinesVersusGrep: grep.map { linesMBps / (mb / $0.seconds) },
            sinmunLinesVersusNaive: linesMBps / naiveMBps,
            sinmunOccurrencesVersusHyperscan: hyperscanMBps.map { occurrencesMBps / $0 },
            sinmunOccurrencesVersusAhoCorasickRs: rustMBps.map { occurrencesMBps / $0 }, peersNotRun: notRun)
    }
}

/// `LC_ALL=C grep -F -c -f PATTERNS FILE`, the floor the benchmarks compare raw matching with.
enum GrepBaseline {
    /// The number of matching lines and the wall seconds; nil when grep is not installed.
    static func countMatchingLines(in file: URL, patterns: URL) throws -> (lines: Int, seconds: Double)? {
        guard
            let grepPath = ["/usr/bin/grep", "/bin/grep"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: grepPath)
        process.arguments = ["-F", "-c", "-f", patterns.path, file.path]
        process.environment = ["LC_ALL": "C"]
        // Read, not sent to /dev/null: GNU grep then stops at the first match (as -q does).
        let output = Pipe()
        process.standardOutput = output
        let start = ContinuousClock.now
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        let lines = Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        return (lines, elapsed.seconds)
    }
}
