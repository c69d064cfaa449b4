import Foundation
import GRDB
import SinmunCollect
import SinmunStore

/// A corpus database whose term index is synthetic: article rows (dates spread evenly over
/// 2015–2024, no text) and their term counts drawn from a Zipf law, written straight into the
/// tables `sinmun analyze` fills, with the same formats. Deterministic for a size.
struct SyntheticTermIndex {
    let articles: Int
    let vocabulary: Int

    /// The database `name`-`articles`.sqlite in `workdir`, written first if it is not there
    /// (through a `.partial` file, so a killed run never leaves half a corpus behind), and the
    /// seconds the writing took (0 when it was reused).
    static func database(
        _ name: String, articles: Int, vocabulary: Int, in workdir: URL, progress: (String) -> Void
    ) throws -> (path: String, buildSeconds: Double) {
        try FileManager.default.createDirectory(at: workdir, withIntermediateDirectories: true)
        let path = workdir.appendingPathComponent("\(name)-\(articles).sqlite").path
        guard !FileManager.default.fileExists(atPath: path) else { return (path, 0) }
        progress("writing \(articles) synthetic articles")
        let start = Date()
        try SyntheticTermIndex(articles: articles, vocabulary: vocabulary).write(to: path + ".partial")
        try FileManager.default.moveItem(atPath: path + ".partial", toPath: path)
        return (path, Date().timeIntervalSince(start))
    }

    func write(to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let store = try CorpusStore(path: path)
        var random = SplitMix64(seed: 20_241_001)
        let cumulative = Self.zipf(vocabulary, exponent: 1.07)
        var docs = [Int](repeating: 0, count: vocabulary)
        var tokens = [Int](repeating: 0, count: vocabulary)
        let start = DateComponents(calendar: Calendar(identifier: .gregorian), year: 2015, month: 1, day: 1).date!
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let batch = 20_000
        for first in stride(from: 0, to: articles, by: batch) {
            try store.write { db in
                let article = try db.makeStatement(
                    sql: """
                        INSERT INTO article (id, uid, outlet, lang, date, date_precision, title, body, content_hash,
                        first_seen, updated_at) VALUES (?, ?, ?, 'en', ?, 'day', '', '', ?, '2024-01-01', '2024-01-01')
                        """)
                let terms = try db.makeStatement(
                    sql: """
                        INSERT INTO article_terms (article_id, content_hash, analyzer, period, tokens, terms)
                        VALUES (?, ?, 'synthetic', ?, ?, ?)
                        """)
                for i in first..<min(articles, first + batch) {
                    let day = start.addingTimeInterval(Double(i) * 3652 * 86_400 / Double(articles))
                    let date = formatter.string(from: day)
                    let hash = String(format: "%016llx", SplitMix64.mix(UInt64(i)))
                    try article.execute(arguments: [i + 1, "syn\(i)", i % 3 == 0 ? "rodong" : "kcna", date, hash])
                    var counts: [Int: Int] = [:]
                    let length = 120 + Int(random.next() % 81)
                    for _ in 0..<length { counts[Self.draw(cumulative, &random), default: 0] += 1 }
                    for (term, count) in counts {
                        docs[term] += 1
                        tokens[term] += count
                    }
                    let blob = TermIndex.encode(counts.map { (Int64($0.key + 1), $0.value) })
                    try terms.execute(arguments: [i + 1, hash, String(date.prefix(7)), length, blob])
                }
            }
        }
        try store.write { db in
            let term = try db.makeStatement(
                sql: "INSERT INTO term (id, key, lang, lemma, pos, fold, docs, tokens) "
                    + "VALUES (?, ?, 'en', ?, 'SL', ?, ?, ?)")
            for id in 0..<vocabulary where tokens[id] > 0 {
                let word = String(format: "w%05d", id)
                try term.execute(arguments: [id + 1, "en:" + word, word, word, docs[id], tokens[id]])
            }
        }
    }

    /// Cumulative probabilities of a Zipf law over `n` ranks.
    static func zipf(_ n: Int, exponent: Double) -> [Double] {
        var total = 0.0
        var cumulative = (1...n).map { rank -> Double in
            total += 1 / pow(Double(rank), exponent)
            return total
        }
        for i in cumulative.indices { cumulative[i] /= total }
        return cumulative
    }

    /// A rank drawn from the cumulative law (binary search).
    static func draw(_ cumulative: [Double], _ random: inout SplitMix64) -> Int {
        let u = Double(random.next() >> 11) / Double(1 << 53)
        var (low, high) = (0, cumulative.count - 1)
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < u { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
