import Foundation

/// What the dashboard's alerts page and feed read of the watch: rules and stored alerts.
/// ``CorpusStore`` (SQLite) and the PostgreSQL corpus both conform.
public protocol AlertBackend: Sendable {
    /// Every rule, by name (built-in ones first); disabled ones only when asked.
    func watchRules(includingDisabled: Bool) throws -> [WatchRule]
    /// Stored alerts, newest first: all, or one rule's; at most `limit`.
    func watchAlerts(rule: String?, limit: Int) throws -> [WatchAlert]
    /// How many alerts are stored, and when the last one fired (for the feed's `updated`).
    func alertCount() throws -> (count: Int, lastFiredAt: String?)
}

extension AlertBackend {
    /// The enabled rules, by name.
    public func watchRules() throws -> [WatchRule] { try watchRules(includingDisabled: false) }

    /// Stored alerts, newest first, at most `limit` (a thousand unless given).
    public func watchAlerts(limit: Int = 1000) throws -> [WatchAlert] { try watchAlerts(rule: nil, limit: limit) }
}

/// One watch run's hold on a corpus: while it lives no other watch run of the corpus starts,
/// and it is let go when released or when its process dies.
public protocol WatchRunLock: AnyObject, Sendable {}

/// What `sinmun watch` keeps between runs, on either backend: rules, alerts and their
/// deliveries, the drop folder's handled files and each crawled edition's last complete day.
///
/// An alert is stored with its deliveries in one transaction, and a rule can hold one alert
/// per period: a rerun, or a run killed at any point and rerun, neither repeats an alert nor
/// loses one. The watch run itself (collect, code, analyse, evaluate, deliver) is written once,
/// over this.
public protocol WatchBackend: CrawlBackend, ReportBackend, AlertBackend {
    /// Takes the lock one watch run holds for its whole run; nil when another run holds it.
    func lockWatchRuns() throws -> (any WatchRunLock)?
    /// Where the lock is held, for the message that another run holds it.
    var watchLockDescription: String { get }

    /// Adds a rule; throws ``WatchStoreError/ruleExists(_:)`` when the name is taken, and
    /// ``WatchStoreError/nameHasAlerts(_:count:)`` when alerts of an earlier rule of the name are kept.
    func addWatchRule(_ rule: WatchRule) throws
    /// Adds the rules not yet known (built-in ones), leaving known ones, and their enabled
    /// state, as they are.
    func seedWatchRules(_ rules: [WatchRule]) throws
    /// The rule of this name; throws ``WatchStoreError/noSuchRule(_:known:)`` when there is none.
    func watchRule(named name: String) throws -> WatchRule
    /// Removes a rule (a built-in one is disabled instead, so that it does not come back).
    /// Its alerts stay, since they happened, unless `purge` drops them and their deliveries.
    /// A rule removed earlier can still be purged of the alerts it left.
    func removeWatchRule(named name: String, purge: Bool) throws
    /// Evaluates a disabled rule again (a built-in one that `watch remove` disabled).
    func enableWatchRule(named name: String) throws
    /// How many alerts a rule has raised.
    func alertCount(rule: String) throws -> Int
    /// The periods a rule has already fired for.
    func alertPeriods(rule: String) throws -> Set<String>
    /// Stores the alerts whose rule has not fired for their period, each queued for standard
    /// output and for every target in `targets`, all in one transaction. Returns those stored,
    /// with their ids; the others had fired before and are left alone.
    @discardableResult
    func recordAlerts(_ alerts: [WatchAlert], targets: [String]) throws -> [WatchAlert]
    /// Alerts still owed to a target (or to any target), oldest first.
    func pendingDeliveries(target: String?) throws -> [PendingDelivery]
    /// Marks an alert delivered to a target.
    func markDelivered(alert: Int64, target: String) throws
    /// Records a failed attempt; the delivery stays pending for the next try.
    func markDeliveryFailed(alert: Int64, target: String, reason: String) throws
    /// Deliveries by state: how many are pending and delivered.
    func deliveryCounts() throws -> (pending: Int, delivered: Int)
    /// How a drop-folder file of this content was handled, if it was: `imported` or `failed`.
    func watchedFileState(path: String, sha256: String) throws -> String?
    /// Records that a drop-folder file of this content was imported, or failed with `reason`;
    /// `size` and `modified` (seconds since 1970) let a later run skip it without reading it.
    func recordWatchedFile(
        path: String, sha256: String, imported: Bool, reason: String?, size: Int?, modified: Double?) throws
    /// Notes a handled file's new size and time (the same content, rewritten or touched).
    func touchWatchedFile(path: String, sha256: String, size: Int?, modified: Double?) throws
    /// Whether a drop-folder file of this size and modification time was handled before.
    func watchedFileUnchanged(path: String, size: Int, modified: Double) throws -> Bool
    /// The last day of an edition's crawl known to be complete (`YYYY-MM-DD`), if any.
    func crawlCompleteThrough(crawl: String) throws -> String?
    /// Moves an edition's last complete day forward (never back).
    func setCrawlCompleteThrough(crawl: String, day: String) throws
    /// References to articles, in the order given, with one evidence sentence each where
    /// there is one.
    func alertArticles(
        _ rowIDs: [Int64], evidence source: AlertEvidenceSource
    ) throws -> (articles: [WatchAlert.ArticleReference], evidence: [WatchAlert.Evidence])
}

/// Where an alert's evidence comes from: a code's stored evidence, or a search's matches.
public enum AlertEvidenceSource: Sendable {
    /// The first evidence sentence a codebook stored for this code.
    case code(codebook: String, code: String)
    /// The passage around the search's first match in the text.
    case search(SearchQuery)

    /// The evidence sentence of an article: the first stored for the code (from its stored
    /// evidence JSON), or the passage around the search's first match in body or title.
    public func sentence(storedEvidence json: String?, title: String, body: String) throws -> String? {
        switch self {
        case .code:
            guard let json else { return nil }
            return try JSONDecoder().decode([StoredEvidence].self, from: Data(json.utf8)).first?.sentence
        case .search(let query):
            let highlighter = Highlighter(query: query)
            for text in [body, title] {
                let snippet = highlighter.snippet(of: text)
                if !snippet.highlights.isEmpty { return snippet.text }
            }
            return nil
        }
    }
}

extension WatchBackend {
    /// Removes a rule, keeping its alerts.
    public func removeWatchRule(named name: String) throws { try removeWatchRule(named: name, purge: false) }

    /// Alerts still owed to any target, oldest first.
    public func pendingDeliveries() throws -> [PendingDelivery] { try pendingDeliveries(target: nil) }

    /// Records a handled drop-folder file with no reason, size or time.
    public func recordWatchedFile(path: String, sha256: String, imported: Bool) throws {
        try recordWatchedFile(path: path, sha256: sha256, imported: imported, reason: nil, size: nil, modified: nil)
    }
}

/// Rules and alerts as both backends store them: JSON, keys sorted.
public enum WatchRecords {
    /// The target name of standard output among an alert's deliveries.
    public static let standardOutputTarget = "stdout"

    /// A rule as stored (its enabled state is a column of its own).
    public static func json(_ rule: WatchRule) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(rule), as: UTF8.self)
    }

    /// A stored rule with its enabled state.
    public static func rule(json: String, enabled: Bool) throws -> WatchRule {
        var rule = try JSONDecoder().decode(WatchRule.self, from: Data(json.utf8))
        rule.enabled = enabled
        return rule
    }

    /// A stored alert with its id.
    public static func alert(json: String, id: Int64) throws -> WatchAlert {
        var alert = try JSONDecoder().decode(WatchAlert.self, from: Data(json.utf8))
        alert.id = id
        return alert
    }
}
