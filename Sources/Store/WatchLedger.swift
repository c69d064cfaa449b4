import Foundation
import GRDB

/// A watch problem with a message for the user.
public enum WatchStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A rule of this name exists already.
    case ruleExists(String)
    /// No rule has this name.
    case noSuchRule(String, known: [String])
    /// Alerts of an earlier rule of this name are kept: a new rule of the name would inherit
    /// them (and never fire for their periods).
    case nameHasAlerts(String, count: Int)

    /// The message, with what to do next.
    public var description: String {
        switch self {
        case .ruleExists(let name):
            return
                "a watch rule named '\(name)' exists already: `sinmun watch remove \(name)` first, or pick another name"
        case .noSuchRule(let name, let known):
            let list = known.isEmpty ? "there are none yet" : "known: \(known.joined(separator: ", "))"
            return "no watch rule named '\(name)'; \(list)"
        case .nameHasAlerts(let name, let count):
            return "\(count) alert(s) of an earlier rule named '\(name)' are kept, and a new rule of that name would "
                + "inherit them: pick another name, or drop them with `sinmun watch remove \(name) --purge`"
        }
    }
}

/// What `sinmun watch` keeps between runs: rules, alerts and their deliveries, the drop
/// folder's handled files and each crawled edition's last complete day.
///
/// An alert is stored with its deliveries in one transaction, and a rule can hold one alert
/// per period: a rerun, or a run killed at any point and rerun, neither repeats an alert nor
/// loses one.
extension CorpusStore: WatchBackend {
    /// The target name of standard output among an alert's deliveries.
    public static let standardOutputTarget = WatchRecords.standardOutputTarget

    /// The lock file beside the database.
    public var watchLockDescription: String { path + "-watch.lock" }

    public func lockWatchRuns() throws -> (any WatchRunLock)? {
        try FileWatchRunLock(path: watchLockDescription)
    }

    // MARK: - Rules

    /// Adds a rule; throws ``WatchStoreError/ruleExists(_:)`` when the name is taken.
    public func addWatchRule(_ rule: WatchRule) throws {
        let json = try WatchRecords.json(rule)
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM watch_rule WHERE name = ?", arguments: [rule.name]) == nil
            else { throw WatchStoreError.ruleExists(rule.name) }
            let kept = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM watch_alert WHERE rule = ?", arguments: [rule.name])
            if let kept, kept > 0 { throw WatchStoreError.nameHasAlerts(rule.name, count: kept) }
            try db.execute(
                sql: "INSERT INTO watch_rule (name, definition, built_in, enabled, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [rule.name, json, rule.builtIn, rule.enabled, Self.timestamp()])
        }
    }

    /// Adds the rules not yet known (built-in ones), leaving known ones, and their enabled
    /// state, as they are.
    public func seedWatchRules(_ rules: [WatchRule]) throws {
        let encoded = try rules.map { ($0, try WatchRecords.json($0)) }
        try write { db in
            for (rule, json) in encoded {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO watch_rule (name, definition, built_in, enabled, created_at)
                        VALUES (?, ?, ?, ?, ?)
                        """, arguments: [rule.name, json, rule.builtIn, rule.enabled, Self.timestamp()])
            }
        }
    }

    /// Every rule, by name; disabled ones only when asked.
    public func watchRules(includingDisabled: Bool) throws -> [WatchRule] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT definition, enabled FROM watch_rule\(includingDisabled ? "" : " WHERE enabled = 1")"
                    + " ORDER BY built_in DESC, name"
            )
            .map(Self.watchRule)
        }
    }

    /// The rule of this name; throws ``WatchStoreError/noSuchRule(_:known:)`` when there is none.
    public func watchRule(named name: String) throws -> WatchRule {
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT definition, enabled FROM watch_rule WHERE name = ?", arguments: [name])
        }
        guard let row else {
            throw WatchStoreError.noSuchRule(name, known: try watchRules(includingDisabled: true).map(\.name))
        }
        return try Self.watchRule(row)
    }

    /// Removes a rule (a built-in one is disabled instead, so that it does not come back).
    /// Its alerts stay, since they happened, unless `purge` drops them and their deliveries.
    /// A rule removed earlier can still be purged of the alerts it left.
    public func removeWatchRule(named name: String, purge: Bool) throws {
        if purge, try alertCount(rule: name) > 0, (try? watchRule(named: name)) == nil {
            try write { db in try db.execute(sql: "DELETE FROM watch_alert WHERE rule = ?", arguments: [name]) }
            return
        }
        let rule = try watchRule(named: name)
        try write { db in
            if rule.builtIn {
                try db.execute(sql: "UPDATE watch_rule SET enabled = 0 WHERE name = ?", arguments: [name])
            } else {
                try db.execute(sql: "DELETE FROM watch_rule WHERE name = ?", arguments: [name])
            }
            if purge { try db.execute(sql: "DELETE FROM watch_alert WHERE rule = ?", arguments: [name]) }
        }
    }

    /// Evaluates a disabled rule again (a built-in one that `watch remove` disabled).
    public func enableWatchRule(named name: String) throws {
        _ = try watchRule(named: name)
        try write { db in try db.execute(sql: "UPDATE watch_rule SET enabled = 1 WHERE name = ?", arguments: [name]) }
    }

    /// How many alerts a rule has raised.
    public func alertCount(rule: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM watch_alert WHERE rule = ?", arguments: [rule]) ?? 0
        }
    }

    // MARK: - Alerts

    /// The periods a rule has already fired for.
    public func alertPeriods(rule: String) throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, sql: "SELECT period FROM watch_alert WHERE rule = ?", arguments: [rule]))
        }
    }

    /// Stores the alerts whose rule has not fired for their period, each queued for standard
    /// output and for every target in `targets`, all in one transaction. Returns those stored,
    /// with their ids; the others had fired before and are left alone.
    @discardableResult
    public func recordAlerts(_ alerts: [WatchAlert], targets: [String]) throws -> [WatchAlert] {
        try write { db in
            var stored: [WatchAlert] = []
            for var alert in alerts {
                let json = String(decoding: try alert.json(), as: UTF8.self)
                try db.execute(
                    sql: "INSERT OR IGNORE INTO watch_alert (rule, period, fired_at, alert) VALUES (?, ?, ?, ?)",
                    arguments: [alert.rule, alert.period, alert.firedAt, json])
                guard db.changesCount > 0 else { continue }
                alert.id = db.lastInsertedRowID
                for target in [Self.standardOutputTarget] + targets {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO watch_delivery (alert_id, target, state) VALUES (?, ?, 'pending')",
                        arguments: [alert.id, target])
                }
                stored.append(alert)
            }
            return stored
        }
    }

    /// Stored alerts, newest first: all, or one rule's; at most `limit`.
    public func watchAlerts(rule: String?, limit: Int) throws -> [WatchAlert] {
        try read { db in
            let condition = rule == nil ? "" : " WHERE rule = ?"
            let arguments: StatementArguments = rule.map { [$0, limit] } ?? [limit]
            return try Row.fetchAll(
                db, sql: "SELECT id, alert FROM watch_alert\(condition) ORDER BY id DESC LIMIT ?", arguments: arguments
            ).map(Self.watchAlert)
        }
    }

    /// How many alerts are stored, and when the last one fired (for the feed's `updated`).
    public func alertCount() throws -> (count: Int, lastFiredAt: String?) {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*) AS n, max(fired_at) AS last FROM watch_alert")!
            return (row["n"], row["last"])
        }
    }

    // MARK: - Deliveries

    /// Alerts still owed to a target (or to any target), oldest first.
    public func pendingDeliveries(target: String?) throws -> [PendingDelivery] {
        try read { db in
            let condition = target == nil ? "" : " AND d.target = ?"
            let arguments: StatementArguments = target.map { [$0] } ?? []
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.alert, d.target, d.attempts, d.last_error
                    FROM watch_delivery d JOIN watch_alert a ON a.id = d.alert_id
                    WHERE d.state = 'pending'\(condition) ORDER BY a.id, d.target
                    """, arguments: arguments
            ).map { row in
                PendingDelivery(
                    alert: try Self.watchAlert(row), target: row["target"], attempts: row["attempts"],
                    lastError: row["last_error"])
            }
        }
    }

    /// Marks an alert delivered to a target.
    public func markDelivered(alert: Int64, target: String) throws {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE watch_delivery SET state = 'delivered', attempts = attempts + 1, delivered_at = ?
                    WHERE alert_id = ? AND target = ?
                    """, arguments: [Self.timestamp(), alert, target])
        }
    }

    /// Records a failed attempt; the delivery stays pending for the next try.
    public func markDeliveryFailed(alert: Int64, target: String, reason: String) throws {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE watch_delivery SET attempts = attempts + 1, last_error = ?
                    WHERE alert_id = ? AND target = ?
                    """, arguments: [reason, alert, target])
        }
    }

    /// Deliveries by state: how many are pending and delivered.
    public func deliveryCounts() throws -> (pending: Int, delivered: Int) {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) FILTER (WHERE state = 'pending') AS pending,
                           count(*) FILTER (WHERE state = 'delivered') AS delivered
                    FROM watch_delivery
                    """)!
            return (row["pending"], row["delivered"])
        }
    }

    // MARK: - Drop folder and crawl marks

    /// How a drop-folder file of this content was handled, if it was: `imported` or `failed`.
    public func watchedFileState(path: String, sha256: String) throws -> String? {
        try read { db in
            try String.fetchOne(
                db, sql: "SELECT state FROM watch_file WHERE path = ? AND sha256 = ?", arguments: [path, sha256])
        }
    }

    /// Records that a drop-folder file of this content was imported, or failed with `reason`;
    /// `size` and `modified` (seconds since 1970) let a later run skip it without reading it.
    public func recordWatchedFile(
        path: String, sha256: String, imported: Bool, reason: String?, size: Int?, modified: Double?
    ) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO watch_file (path, sha256, state, reason, size, modified, handled_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [path, sha256, imported ? "imported" : "failed", reason, size, modified, Self.timestamp()])
        }
    }

    /// Notes a handled file's new size and time (the same content, rewritten or touched).
    public func touchWatchedFile(path: String, sha256: String, size: Int?, modified: Double?) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE watch_file SET size = ?, modified = ? WHERE path = ? AND sha256 = ?",
                arguments: [size, modified, path, sha256])
        }
    }

    /// Whether a drop-folder file of this size and modification time was handled before.
    public func watchedFileUnchanged(path: String, size: Int, modified: Double) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM watch_file WHERE path = ? AND size = ? AND modified = ?)",
                arguments: [path, size, modified]) ?? false
        }
    }

    /// The last day of an edition's crawl known to be complete (`YYYY-MM-DD`), if any.
    public func crawlCompleteThrough(crawl: String) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT complete_through FROM watch_crawl WHERE crawl = ?", arguments: [crawl])
        }
    }

    /// Moves an edition's last complete day forward (never back).
    public func setCrawlCompleteThrough(crawl: String, day: String) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO watch_crawl (crawl, complete_through, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (crawl) DO UPDATE
                    SET complete_through = max(complete_through, excluded.complete_through),
                        updated_at = excluded.updated_at
                    """, arguments: [crawl, day, Self.timestamp()])
        }
    }

    // MARK: - Alert contents

    /// References to articles, in the order given, with one evidence sentence each where
    /// there is one.
    public func alertArticles(
        _ rowIDs: [Int64], evidence source: AlertEvidenceSource
    ) throws -> (articles: [WatchAlert.ArticleReference], evidence: [WatchAlert.Evidence]) {
        return try read { db in
            var articles: [WatchAlert.ArticleReference] = []
            var evidence: [WatchAlert.Evidence] = []
            for rowID in rowIDs {
                guard
                    let row = try Row.fetchOne(
                        db.cachedStatement(
                            sql: """
                                SELECT uid, date, outlet, lang, title, body,
                                       (SELECT min(url) FROM article_url WHERE article_id = a.id) AS url
                                FROM article a WHERE id = ?
                                """), arguments: [rowID])
                else { continue }
                let reference = WatchAlert.ArticleReference(
                    id: row["uid"], date: row["date"], outlet: row["outlet"], lang: row["lang"], title: row["title"],
                    url: row["url"])
                articles.append(reference)
                var stored: String?
                if case .code(let codebook, let code) = source {
                    stored = try String.fetchOne(
                        db.cachedStatement(
                            sql: """
                                SELECT evidence FROM article_code WHERE codebook = ? AND article_id = ? AND code = ?
                                """),
                        arguments: [codebook, rowID, code])
                }
                let sentence = try source.sentence(storedEvidence: stored, title: row["title"], body: row["body"])
                if let sentence, !sentence.isEmpty {
                    evidence.append(WatchAlert.Evidence(article: reference.id, sentence: sentence))
                }
            }
            return (articles, evidence)
        }
    }

    // MARK: - Coding

    static func watchRule(_ row: Row) throws -> WatchRule {
        try WatchRecords.rule(json: row["definition"], enabled: row["enabled"])
    }

    static func watchAlert(_ row: Row) throws -> WatchAlert {
        try WatchRecords.alert(json: row["alert"], id: row["id"])
    }
}
