import Foundation
import GRDB
import SinmunCollect
import Testing

@testable import SinmunStore

/// The import's fast paths (issue 19): each computes exactly what the plain form computed, so
/// databases written before and after them agree.
@Suite struct IngestFastPathTests {
    /// The signature an earlier release (692515c, per-shingle MinHash) stored for this text,
    /// read from its database. A signature computed now must equal one stored then, or an
    /// article imported today would miss its near duplicates imported before.
    @Test func minHashEqualsTheSignatureEarlierReleasesStored() throws {
        let text =
            "인공지능 기술을 농업과 공업에 도입하여 생산을 늘리는 사업이 전국적으로 힘있게 벌어지고 있다. "
            + "Scientists of the institute developed a new system for weather forecasting with machine "
            + "learning, and the results were reported to the ministry in 2026."
        let stored =
            "2972A2012CF0A90264E2F300D6D6F503C34265008E679C0054E2B3000FAA7600F0170A01B108D901E824F700"
            + "CB1F15014BF24B00725B33008B421B00D72A9801A305DD01CBBDF600E76B86000B9AFF001E9FE5012CA9D901"
            + "A42968017951B401F669270318196F01B58C1700E65433001098BF02B7936805BA960A024A4F6D095758B100"
            + "8C83230110A14F03E873930377C1510313E035002CA51D08D5F9190070D59400DF1EB50122EDFC01A195F104"
            + "DD4F70028E571E0135FC0B05879495007BC09904020F2B02DC384F00B43C3B0052DB8D001A73C9004EF83F00"
            + "48E50A0A6F34A406A88DFE00CC5402001170DF0194660B059E1557000A4542016489A800"
        let signature = try #require(Fingerprint.minHash(text))
        let hex = Fingerprint.encode(signature).map { String(format: "%02X", $0) }.joined()
        #expect(hex == stored)
        // One letter changed moves a few positions only.
        let edited = try #require(Fingerprint.minHash(text.replacingOccurrences(of: "ministry", with: "minister")))
        #expect((0.8..<1).contains(Fingerprint.estimatedSimilarity(signature, edited)))
    }

    @Test func datesAreWrittenZeroPadded() throws {
        let early = try #require(PublicationDate(year: 1946, month: 1, day: 1))
        #expect(early.isoString == "1946-01-01" && early.monthKey == "1946-01")
        let late = try #require(PublicationDate(year: 2024, month: 12, day: 31))
        #expect(late.isoString == "2024-12-31" && late.monthKey == "2024-12" && "\(late)" == "2024-12-31")
    }

    @Test func indexFormEqualsTheScalarByScalarFormOnHardCases() {
        let texts = [
            "", "한", "x한y", "한국", "ａｂｃ　한", "漢字한글 abc 𝐀 é", "\u{1100}\u{1161}가 ", "AI기술, 2026년",
            "e\u{301}한", "\u{FF01}\u{FF5E}\u{FF5F}", "인공\u{3000}지능", "조선로동당 위원장 김정은동지", "😀한글😀",
            "日本語のテキスト", "Ünïcödé ﬁ ligature", "\u{FEFF}한\n글\t", "가나다라마바사아자차카타파하",
        ]
        for text in texts {
            #expect(SearchText.indexForm(text) == Self.scalarIndexForm(text), "\(text)")
        }
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func indexFormEqualsTheScalarByScalarFormOnEveryText() throws {
        var texts: [String] = []
        for corpus in [SharedCorpus.kcna, SharedCorpus.rodongEnglish, SharedCorpus.newYear, SharedCorpus.korean2026] {
            try ArchiveReader().read(corpus) { item in
                if case .article(let article) = item { texts += [article.title, article.body] }
            }
        }
        #expect(texts.count > 3000)
        let differing = texts.filter { SearchText.indexForm($0) != Self.scalarIndexForm($0) }
        #expect(differing.isEmpty, "\(differing.prefix(3))")
    }

    /// The index form as first written, scalar by scalar: CJK runs as bigrams set off by
    /// spaces, full-width ASCII folded.
    static func scalarIndexForm(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var run: [Unicode.Scalar] = []
        func flush() {
            guard !run.isEmpty else { return }
            out.append(" ")
            if run.count == 1 { out.append(run[0]) }
            for i in 0..<max(0, run.count - 1) {
                if i > 0 { out.append(" ") }
                out.append(run[i])
                out.append(run[i + 1])
            }
            out.append(" ")
            run = []
        }
        for scalar in text.unicodeScalars {
            if SearchText.isCJK(scalar) {
                run.append(scalar)
            } else {
                flush()
                out.append(SearchText.foldWidth(scalar))
            }
        }
        flush()
        return String(out)
    }

    @Test func candidatesComeFromStoredAndFiledArticlesEachOnce() {
        var candidates = LSHCandidates()
        #expect(candidates.unfetched([5, 3, 5, 9]) == [3, 5, 9])
        candidates.markFetched([3, 5])
        #expect(candidates.unfetched([5, 3, 9]) == [9])
        let signature = Data([1, 2, 3, 4])
        candidates.addStored(key: 3, id: 10, minhash: signature)
        candidates.addStored(key: 5, id: 10, minhash: signature)
        candidates.addStored(key: 5, id: 11, minhash: nil)
        candidates.file(key: 5, id: 20, minhash: signature)
        #expect(candidates.candidates(keys: [3, 5], excluding: 11).map(\.id) == [10, 20])
        #expect(candidates.candidates(keys: [5], excluding: 99).map(\.id) == [10, 11, 20])
        #expect(candidates.candidates(keys: [9], excluding: 99).isEmpty)
        candidates.forget(10)
        #expect(candidates.candidates(keys: [3, 5], excluding: 99).map(\.id) == [11, 20])
    }

    /// Near copies of real KCNA articles in the same batch, a later batch of the same
    /// transaction, and the next transaction: LSH keys are written only when a transaction
    /// ends, so the copies in the same transaction are found among the keys kept back.
    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func nearCopiesAreLinkedWithinABatchAcrossBatchesAndAcrossTransactions() throws {
        var originals: [Article] = []
        try ArchiveReader().read(SharedCorpus.kcna) { item in
            guard case .article(let article) = item, article.body.count > 1500, originals.count < 3,
                let signature = Fingerprint.minHash(article.body),
                originals.allSatisfy({
                    Fingerprint.estimatedSimilarity(Fingerprint.minHash($0.body) ?? [], signature) < 0.3
                })
            else { return }
            originals.append(article)
        }
        try #require(originals.count == 3)
        let perTransaction = CorpusStore.batchSize * CorpusStore.batchesPerTransaction
        // (original, copy) places in the file: same batch, next batch, next transaction.
        let places: [(original: Int, copy: Int)] = [
            (10, 11), (150, CorpusStore.batchSize + 150), (3000, perTransaction + 500),
        ]
        var lines = (0..<(perTransaction + 2000)).map { Self.fillerLine($0) }
        for (index, article) in zip(places, originals) {
            var original = article
            original.urls = ["http://example.org/original/\(index.original)"]
            lines[index.original] = DeduplicationTests.jsonLine(original)
            var edited = article
            edited.outlet = .rodong
            edited.paragraphs[edited.paragraphs.count - 1] += " (Edited.)"
            edited.urls = ["http://example.org/copy/\(index.copy)"]
            lines[index.copy] = DeduplicationTests.jsonLine(edited)
        }
        let store = try Scratch.store()
        let file = try Scratch.file("near-copies.jsonl", lines.joined(separator: "\n"))
        let report = try store.importArchive(file)
        #expect(report.inserted == lines.count && report.skipped == 0)
        #expect(report.nearDuplicateLinks == 3)
        // An empty corpus gives the records' ids in file order.
        let links = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT a, b FROM near_duplicate ORDER BY a").map { [$0[0], $0[1]] as [Int64] }
        }
        #expect(links == places.map { [Int64($0.0 + 1), Int64($0.1 + 1)] })
        let (keys, signed) = try store.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM article_lsh") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE minhash IS NOT NULL") ?? 0
            )
        }
        #expect(signed == lines.count && keys == signed * Fingerprint.lshBands)
        let again = try store.importArchive(file)
        #expect(again.unchanged == lines.count && again.nearDuplicateLinks == 0)
    }

    /// A record of made-up words (random letters from a fixed seed): unlike every other.
    static func fillerLine(_ index: Int) -> String {
        var random = SplitMix64(seed: UInt64(index))
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let words = (0..<40).map { _ in
            String((0..<Int.random(in: 4...9, using: &random)).map { _ in letters.randomElement(using: &random)! })
        }
        let object: [String: Any] = [
            "title": "Filler \(index)", "body": [words.joined(separator: " ")], "outlet": "kcna", "lang": "en",
            "date": "2024-01-01", "url": "http://example.org/filler/\(index)",
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}
