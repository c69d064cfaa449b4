import Foundation
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunStore

/// Evaluates watch rules against the corpus as it stands: which periods each rule should
/// fire for that it has not fired for yet, with the figure, the articles and the evidence.
///
/// Evaluation reads the corpus and writes nothing, so it can run again at any time: the
/// store's one-alert-per-period key is what makes firing idempotent.
public struct WatchEvaluator: Sendable {
    /// At most this many articles are listed in an alert, newest first.
    public static let articlesPerAlert = 20
    /// At most this many evidence sentences per alert.
    public static let evidencePerAlert = 5

    let store: any WatchBackend

    /// An evaluator reading `store`.
    public init(store: any WatchBackend) {
        self.store = store
    }

    /// The alerts `rule` raises now that it has not raised before, stamped `firedAt`.
    ///
    /// A share or a change point is judged on periods that have ended before `today`: the
    /// first days of a month say little about its share, and the figure of an alert is never
    /// revised. An appearance fires as soon as the article is there.
    public func alerts(for rule: WatchRule, firedAt: String, today: PublicationDate) throws -> [WatchAlert] {
        guard let period = Period(rawValue: rule.period) else { throw WatchError.unknownPeriod(rule.period) }
        var tally = try periodTally(rule, period: period)
        if rule.trigger == .shareAbove || rule.trigger == .changepoint {
            // Keys of one unit sort as time does (2024-04 < 2024-05, 2024-W09 < 2024-W10).
            let current = period.key(for: today.isoString)
            tally.keys = tally.keys.filter { $0 < current }
        }
        let fired = try store.alertPeriods(rule: rule.name)
        let candidates: [Candidate]
        switch rule.trigger {
        case .appearance:
            candidates = tally.keys.compactMap { key in
                tally.selected[key].map { Candidate(period: key, figure: Double($0.count), summary: appeared($0, key)) }
            }
        case .firstAppearance:
            guard fired.isEmpty, let first = tally.keys.first(where: { tally.selected[$0] != nil }) else { return [] }
            let count = tally.selected[first]!.count
            candidates = [
                Candidate(
                    period: first, figure: Double(count),
                    summary: "first appearance: \(articles(count)) in \(first), none before")
            ]
        case .shareAbove:
            guard let threshold = rule.threshold, threshold >= 0, threshold < 1 else {
                throw WatchError.badThreshold(rule: rule.name)
            }
            candidates = tally.keys.compactMap { key in
                guard let hits = tally.selected[key]?.count, let total = tally.exposure[key], total > 0 else {
                    return nil
                }
                let share = Double(hits) / Double(total)
                guard share > threshold else { return nil }
                return Candidate(
                    period: key, figure: share,
                    summary: String(
                        format: "share %.3f (%d of %d articles) in %@, above %g", share, hits, total, key,
                        threshold))
            }
        case .changepoint:
            candidates = changeCandidates(tally)
        }
        let fresh = candidates.filter { !fired.contains($0.period) }
        guard !fresh.isEmpty else { return [] }
        return try fresh.map { candidate in
            try alert(
                rule, candidate, rows: tally.selected[candidate.period] ?? [], source: tally.evidence,
                firedAt: firedAt)
        }
    }

    struct Candidate {
        var period: String
        var figure: Double
        var summary: String
    }

    /// The rule's articles and all articles under its filters, by period.
    struct Tally {
        /// Where the alerts' evidence sentences come from.
        var evidence: AlertEvidenceSource
        /// Periods with any article, in order.
        var keys: [String] = []
        /// Articles under the filters, by period.
        var exposure: [String: Int] = [:]
        /// Selected articles by period: (row id, date), in date order.
        var selected: [String: [(rowID: Int64, date: String)]] = [:]
    }

    func periodTally(_ rule: WatchRule, period: Period) throws -> Tally {
        let filter = ArticleFilter(
            from: rule.since.flatMap(DateParsing.parse), outlet: rule.outlet.map(Outlet.init(name:)),
            language: rule.language)
        let (chosen, evidence) = try selection(rule)
        var tally = Tally(evidence: evidence)
        for article in try store.datedArticles(filter: filter, withSections: false)
        where period.accepts(precision: article.precision) {
            let key = period.key(for: article.date)
            if tally.exposure[key] == nil { tally.keys.append(key) }
            tally.exposure[key, default: 0] += 1
            if chosen.contains(article.rowID) { tally.selected[key, default: []].append((article.rowID, article.date)) }
        }
        return tally
    }

    /// The row ids of the articles a rule selects, and where their evidence comes from: the
    /// search's matches, or the first code's stored evidence.
    func selection(_ rule: WatchRule) throws -> (Set<Int64>, AlertEvidenceSource) {
        if let query = rule.query {
            guard rule.codes.isEmpty else { throw WatchError.badSubject(rule: rule.name) }
            let parsed = SearchQuery(typed: query)
            guard !parsed.isEmpty else { throw MeasureError.emptyQuery(query) }
            return (try store.articlesMatching(parsed), .search(parsed))
        }
        guard !rule.codes.isEmpty else { throw WatchError.badSubject(rule: rule.name) }
        let codebook = try BuiltInCodebooks.load(rule.codebook)
        var chosen: Set<Int64>?
        for code in rule.codes {
            guard codebook.code(named: code) != nil else { throw MeasureError.unknownCode(code, in: codebook) }
            let with = Set(try store.articlesWithCode(code, codebook: codebook.name).keys)
            chosen = chosen.map { $0.intersection(with) } ?? with
        }
        return (chosen ?? [], .code(codebook: codebook.name, code: rule.codes[0]))
    }

    func changeCandidates(_ tally: Tally) -> [Candidate] {
        let counts = tally.keys.map { tally.selected[$0]?.count ?? 0 }
        let exposures = tally.keys.map { tally.exposure[$0] ?? 0 }
        return ChangePointDetector().detect(counts: counts, exposures: exposures).map { change in
            let key = tally.keys[change.index]
            let direction = change.shareAfter >= change.shareBefore ? "rose" : "fell"
            return Candidate(
                period: key, figure: change.shareAfter,
                summary: String(
                    format:
                        "change point in %@: the share %@ from %.3f to %.3f (likelihood ratio %.1f, nominal p %.2g)",
                    key, direction, change.shareBefore, change.shareAfter, change.likelihoodRatio, change.pValue))
        }
    }

    func appeared(_ rows: [(rowID: Int64, date: String)], _ key: String) -> String {
        "\(articles(rows.count)) in \(key)"
    }

    func articles(_ count: Int) -> String { count == 1 ? "1 article" : "\(count) articles" }

    func alert(
        _ rule: WatchRule, _ candidate: Candidate, rows: [(rowID: Int64, date: String)],
        source: AlertEvidenceSource, firedAt: String
    ) throws -> WatchAlert {
        let newest = rows.reversed().prefix(Self.articlesPerAlert).map(\.rowID)
        let contents = try store.alertArticles(newest, evidence: source)
        return WatchAlert(
            rule: rule.name, firedAt: firedAt, period: candidate.period, trigger: rule.trigger.rawValue,
            figure: candidate.figure, summary: "\(rule.summary): \(candidate.summary)", articleCount: rows.count,
            articles: contents.articles, evidence: Array(contents.evidence.prefix(Self.evidencePerAlert)))
    }
}
