import Foundation
import PostgresNIO
import SinmunStore

/// The watch on PostgreSQL (`sinmun watch … --db postgres://…`): rules, alerts, deliveries,
/// the drop folder's files and crawl marks in the tables and with the rules of SQLite's.
///
/// One watch run at a time per database: a run holds a session advisory lock on its
/// connection, which the server lets go when the run ends or its connection drops (a killed
/// run leaves nothing behind, as SQLite's lock file does).
extension PostgresCorpus: WatchBackend {
    /// The key of the advisory lock a watch run holds.
    static let watchLock: Int64 = 0x5349_4E4D_5741  // "SINMWA"
    /// The first key of the advisory lock adding a rule holds on its name.
    static let watchRuleLockSpace: Int32 = 0x5752

    public var watchLockDescription: String { "the watch's advisory lock on \(location.redacted)" }

    public func lockWatchRuns() throws -> (any WatchRunLock)? {
        // The server grants a session a lock it holds again; a second run in this process must
        // be refused as one in another process is.
        let claimed = watchRunHeld.withLock { held -> Bool in
            guard !held else { return false }
            held = true
            return true
        }
        guard claimed else { return nil }
        do {
            guard let row = try rowsWaiting("SELECT pg_try_advisory_lock(\(Self.watchLock))").first,
                try row.decode(Bool.self)
            else {
                watchRunHeld.withLock { $0 = false }
                return nil
            }
        } catch {
            watchRunHeld.withLock { $0 = false }
            throw error
        }
        return AdvisoryWatchRunLock(corpus: self)
    }

    // MARK: - Rules

    public func addWatchRule(_ rule: WatchRule) throws {
        let json = try WatchRecords.json(rule)
        try transactionWaiting {
            // Two adds of one name at once: the second waits, then finds the first's rule.
            try rowsWaiting("SELECT pg_advisory_xact_lock(\(Self.watchRuleLockSpace), hashtext(\(rule.name)))")
            guard try rowsWaiting("SELECT 1 FROM watch_rule WHERE name = \(rule.name)").isEmpty else {
                throw WatchStoreError.ruleExists(rule.name)
            }
            let kept = try countWaiting("SELECT count(*) FROM watch_alert WHERE rule = \(rule.name)")
            if kept > 0 { throw WatchStoreError.nameHasAlerts(rule.name, count: kept) }
            try rowsWaiting(
                """
                INSERT INTO watch_rule (name, definition, built_in, enabled, created_at)
                VALUES (\(rule.name), \(json), \(rule.builtIn ? 1 : 0 as Int64), \(rule.enabled ? 1 : 0 as Int64),
                        \(CorpusStore.timestamp()))
                """)
        }
    }

    public func seedWatchRules(_ rules: [WatchRule]) throws {
        guard !rules.isEmpty else { return }
        let now = CorpusStore.timestamp()
        let (names, definitions) = (rules.map(\.name), try rules.map(WatchRecords.json))
        let builtIn = rules.map { $0.builtIn ? 1 : 0 as Int64 }
        let enabled = rules.map { $0.enabled ? 1 : 0 as Int64 }
        try rowsWaiting(
            """
            INSERT INTO watch_rule (name, definition, built_in, enabled, created_at)
            SELECT u.name, u.definition, u.built_in, u.enabled, \(now)
            FROM unnest(\(names)::text[], \(definitions)::text[], \(builtIn)::bigint[], \(enabled)::bigint[])
                 AS u(name, definition, built_in, enabled)
            ON CONFLICT (name) DO NOTHING
            """)
    }

    public func watchRules(includingDisabled: Bool) throws -> [WatchRule] {
        let rows =
            includingDisabled
            ? try rowsWaiting("SELECT definition, enabled FROM watch_rule ORDER BY built_in DESC, name")
            : try rowsWaiting(
                "SELECT definition, enabled FROM watch_rule WHERE enabled = 1 ORDER BY built_in DESC, name")
        return try rows.map(Self.watchRule)
    }

    public func watchRule(named name: String) throws -> WatchRule {
        guard let row = try rowsWaiting("SELECT definition, enabled FROM watch_rule WHERE name = \(name)").first else {
            throw WatchStoreError.noSuchRule(name, known: try watchRules(includingDisabled: true).map(\.name))
        }
        return try Self.watchRule(row)
    }

    public func removeWatchRule(named name: String, purge: Bool) throws {
        if purge, try alertCount(rule: name) > 0, (try? watchRule(named: name)) == nil {
            try rowsWaiting("DELETE FROM watch_alert WHERE rule = \(name)")
            return
        }
        let rule = try watchRule(named: name)
        try transactionWaiting {
            if rule.builtIn {
                try rowsWaiting("UPDATE watch_rule SET enabled = 0 WHERE name = \(name)")
            } else {
                try rowsWaiting("DELETE FROM watch_rule WHERE name = \(name)")
            }
            if purge { try rowsWaiting("DELETE FROM watch_alert WHERE rule = \(name)") }
        }
    }

    public func enableWatchRule(named name: String) throws {
        _ = try watchRule(named: name)
        try rowsWaiting("UPDATE watch_rule SET enabled = 1 WHERE name = \(name)")
    }

    public func alertCount(rule: String) throws -> Int {
        try countWaiting("SELECT count(*) FROM watch_alert WHERE rule = \(rule)")
    }

    // MARK: - Alerts

    public func alertPeriods(rule: String) throws -> Set<String> {
        Set(try rowsWaiting("SELECT period FROM watch_alert WHERE rule = \(rule)").map { try $0.decode(String.self) })
    }

    @discardableResult
    public func recordAlerts(_ alerts: [WatchAlert], targets: [String]) throws -> [WatchAlert] {
        guard !alerts.isEmpty else { return [] }
        return try transactionWaiting {
            try refuseDuringCopy()
            var stored: [WatchAlert] = []
            for var alert in alerts {
                let json = String(decoding: try alert.json(), as: UTF8.self)
                guard
                    let row = try rowsWaiting(
                        """
                        INSERT INTO watch_alert (rule, period, fired_at, alert)
                        VALUES (\(alert.rule), \(alert.period), \(alert.firedAt), \(json))
                        ON CONFLICT (rule, period) DO NOTHING RETURNING id
                        """
                    ).first
                else { continue }
                let id = try row.decode(Int64.self)
                alert.id = id
                try rowsWaiting(
                    """
                    INSERT INTO watch_delivery (alert_id, target, state)
                    SELECT \(id), target, 'pending'
                    FROM unnest(\([WatchRecords.standardOutputTarget] + targets)::text[]) AS t(target)
                    ON CONFLICT DO NOTHING
                    """)
                stored.append(alert)
            }
            return stored
        }
    }

    public func watchAlerts(rule: String?, limit: Int) throws -> [WatchAlert] {
        let rows =
            if let rule {
                try rowsWaiting(
                    "SELECT id, alert FROM watch_alert WHERE rule = \(rule) ORDER BY id DESC LIMIT \(Int64(limit))")
            } else {
                try rowsWaiting("SELECT id, alert FROM watch_alert ORDER BY id DESC LIMIT \(Int64(limit))")
            }
        return try rows.map(Self.watchAlert)
    }

    public func alertCount() throws -> (count: Int, lastFiredAt: String?) {
        guard let row = try rowsWaiting("SELECT count(*), max(fired_at) FROM watch_alert").first else {
            return (0, nil)
        }
        let (count, last) = try row.decode((Int64, String?).self)
        return (Int(count), last)
    }

    // MARK: - Deliveries

    public func pendingDeliveries(target: String?) throws -> [PendingDelivery] {
        var statement = SQLStatement(
            """
            SELECT a.id, a.alert, d.target, d.attempts, d.last_error
            FROM watch_delivery d JOIN watch_alert a ON a.id = d.alert_id
            WHERE d.state = 'pending'
            """)
        if let target { statement.append(" AND d.target = \(try statement.bind(target))") }
        statement.append(" ORDER BY a.id, d.target")
        return try rowsWaiting(statement.query).map { row in
            let (id, alert, target, attempts, lastError) = try row.decode((Int64, String, String, Int64, String?).self)
            return PendingDelivery(
                alert: try WatchRecords.alert(json: alert, id: id), target: target, attempts: Int(attempts),
                lastError: lastError)
        }
    }

    public func markDelivered(alert: Int64, target: String) throws {
        try rowsWaiting(
            """
            UPDATE watch_delivery
            SET state = 'delivered', attempts = attempts + 1, delivered_at = \(CorpusStore.timestamp())
            WHERE alert_id = \(alert) AND target = \(target)
            """)
    }

    public func markDeliveryFailed(alert: Int64, target: String, reason: String) throws {
        try rowsWaiting(
            """
            UPDATE watch_delivery SET attempts = attempts + 1, last_error = \(reason)
            WHERE alert_id = \(alert) AND target = \(target)
            """)
    }

    public func deliveryCounts() throws -> (pending: Int, delivered: Int) {
        guard
            let row = try rowsWaiting(
                """
                SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'delivered')
                FROM watch_delivery
                """
            ).first
        else { return (0, 0) }
        let (pending, delivered) = try row.decode((Int64, Int64).self)
        return (Int(pending), Int(delivered))
    }

    // MARK: - Drop folder and crawl marks

    public func watchedFileState(path: String, sha256: String) throws -> String? {
        try rowsWaiting("SELECT state FROM watch_file WHERE path = \(path) AND sha256 = \(sha256)")
            .first?.decode(String.self)
    }

    public func recordWatchedFile(
        path: String, sha256: String, imported: Bool, reason: String?, size: Int?, modified: Double?
    ) throws {
        try rowsWaiting(
            """
            INSERT INTO watch_file (path, sha256, state, reason, size, modified, handled_at)
            VALUES (\(path), \(sha256), \(imported ? "imported" : "failed"), \(reason), \(size.map(Int64.init)),
                    \(modified), \(CorpusStore.timestamp()))
            ON CONFLICT (path, sha256) DO UPDATE SET
                state = excluded.state, reason = excluded.reason, size = excluded.size,
                modified = excluded.modified, handled_at = excluded.handled_at
            """)
    }

    public func touchWatchedFile(path: String, sha256: String, size: Int?, modified: Double?) throws {
        try rowsWaiting(
            """
            UPDATE watch_file SET size = \(size.map(Int64.init)), modified = \(modified)
            WHERE path = \(path) AND sha256 = \(sha256)
            """)
    }

    public func watchedFileUnchanged(path: String, size: Int, modified: Double) throws -> Bool {
        try !rowsWaiting(
            "SELECT 1 FROM watch_file WHERE path = \(path) AND size = \(Int64(size)) AND modified = \(modified) LIMIT 1"
        ).isEmpty
    }

    public func crawlCompleteThrough(crawl: String) throws -> String? {
        try rowsWaiting("SELECT complete_through FROM watch_crawl WHERE crawl = \(crawl)").first?.decode(String.self)
    }

    public func setCrawlCompleteThrough(crawl: String, day: String) throws {
        try rowsWaiting(
            """
            INSERT INTO watch_crawl (crawl, complete_through, updated_at)
            VALUES (\(crawl), \(day), \(CorpusStore.timestamp()))
            ON CONFLICT (crawl) DO UPDATE
            SET complete_through = greatest(watch_crawl.complete_through, excluded.complete_through),
                updated_at = excluded.updated_at
            """)
    }

    // MARK: - Alert contents

    public func alertArticles(
        _ rowIDs: [Int64], evidence source: AlertEvidenceSource
    ) throws -> (articles: [WatchAlert.ArticleReference], evidence: [WatchAlert.Evidence]) {
        guard !rowIDs.isEmpty else { return ([], []) }
        var found: [Int64: (reference: WatchAlert.ArticleReference, title: String, body: String)] = [:]
        for row in try rowsWaiting(
            """
            SELECT a.id, a.uid, a.date, a.outlet, a.lang, a.title, a.body,
                   (SELECT min(url) FROM article_url WHERE article_id = a.id)
            FROM article a WHERE a.id = ANY(\(rowIDs))
            """)
        {
            let (id, uid, date, outlet, lang, title, body, url) = try row.decode(
                (Int64, String, String?, String, String, String, String, String?).self)
            found[id] = (
                WatchAlert.ArticleReference(id: uid, date: date, outlet: outlet, lang: lang, title: title, url: url),
                title, body
            )
        }
        var stored: [Int64: String] = [:]
        if case .code(let codebook, let code) = source {
            for row in try rowsWaiting(
                """
                SELECT article_id, evidence FROM article_code
                WHERE codebook = \(codebook) AND code = \(code) AND article_id = ANY(\(rowIDs))
                """)
            {
                let (id, evidence) = try row.decode((Int64, String).self)
                stored[id] = evidence
            }
        }
        var articles: [WatchAlert.ArticleReference] = []
        var evidence: [WatchAlert.Evidence] = []
        for id in rowIDs {
            guard let article = found[id] else { continue }
            articles.append(article.reference)
            if let sentence = try source.sentence(storedEvidence: stored[id], title: article.title, body: article.body),
                !sentence.isEmpty
            {
                evidence.append(WatchAlert.Evidence(article: article.reference.id, sentence: sentence))
            }
        }
        return (articles, evidence)
    }

    static func watchRule(_ row: PostgresRow) throws -> WatchRule {
        let (definition, enabled) = try row.decode((String, Int64).self)
        return try WatchRecords.rule(json: definition, enabled: enabled != 0)
    }

    static func watchAlert(_ row: PostgresRow) throws -> WatchAlert {
        let (id, alert) = try row.decode((Int64, String).self)
        return try WatchRecords.alert(json: alert, id: id)
    }
}

/// A watch run's session advisory lock on PostgreSQL, let go when the run ends (or, if the
/// process dies, when the server sees its connection close).
final class AdvisoryWatchRunLock: WatchRunLock {
    private let corpus: PostgresCorpus

    init(corpus: PostgresCorpus) {
        self.corpus = corpus
    }

    deinit {
        // Should the unlock fail, the connection's end lets go of the lock (the command closes it).
        _ = try? corpus.rowsWaiting("SELECT pg_advisory_unlock(\(PostgresCorpus.watchLock))")
        corpus.watchRunHeld.withLock { $0 = false }
    }
}
