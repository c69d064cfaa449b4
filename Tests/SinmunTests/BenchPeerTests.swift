import Foundation
import SinmunBench
import Testing

/// The benchmarks' peers, run small so that they cannot rot: each must find what Sinmun
/// finds. They need Debian's libhyperscan-dev and the PyPI wheels ahocorasick-rs and
/// pyahocorasick, which `.ci/run` installs; elsewhere the tests say what is missing.
@Suite("Benchmark peers: Hyperscan, ahocorasick-rs, the Python coding peers")
struct BenchPeerTests {
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    @Test("Hyperscan and the Rust crate report the same occurrences as Sinmun's matcher")
    func matcherPeers() throws {
        guard SharedCorpus.available else {
            Issue.record(SharedCorpus.skipMessage)
            return
        }
        let result = try MatcherBenchmark(corpora: SharedCorpus.root, megabytes: 2, patternCount: 300).run()
        if !result.peersNotRun.isEmpty {
            if Self.inCI { Issue.record("peers must run in CI: \(result.peersNotRun)") }
            return
        }
        #expect(result.hyperscanOccurrences == result.occurrences)
        #expect(result.ahoCorasickRsOccurrences == result.occurrences)
        #expect(result.grepMatchingLines == result.matchingLines)
        #expect(result.sinmunOccurrencesVersusHyperscan != nil && result.sinmunOccurrencesVersusAhoCorasickRs != nil)
    }

    @Test("the Python coding peers, generated from the codebook, give Sinmun's article sets")
    func codingPeers() throws {
        guard SharedCorpus.available else {
            Issue.record(SharedCorpus.skipMessage)
            return
        }
        let result = try CodingBenchmark(corpora: SharedCorpus.root).run()
        if !result.peersNotRun.isEmpty {
            if Self.inCI { Issue.record("peers must run in CI: \(result.peersNotRun)") }
            return
        }
        // The two peers apply the same rules with different matchers: they agree exactly.
        #expect(result.agreement.allSatisfy { $0.peersDisagree == 0 })
        // The concept has no context rule and no speaker: Sinmun and the regex peer agree on it.
        let ai = try #require(result.agreement.first { $0.code == "ai" })
        #expect(ai.sinmun > 0 && ai.regex == ai.sinmun && ai.onlySinmunCount == 0 && ai.onlyRegexCount == 0)
        // Elsewhere they differ only where sentence windows or reported speech do.
        let differences = result.agreement.reduce(0) { $0 + $1.onlySinmunCount + $1.onlyRegexCount }
        #expect(
            differences <= result.articlesWithCodes,
            "\(result.agreement.filter { $0.onlySinmunCount + $0.onlyRegexCount > 0 })")
        #expect(result.codingVersusRegexBaseline != nil && result.codingVersusAutomatonBaseline != nil)
    }
}
