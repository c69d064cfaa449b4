import SinmunStore

/// What the study report reads through the pool (the dashboard's report page).
extension PostgresCorpusPool: ReportBackend {
    public func statistics() throws -> CorpusStatistics {
        try withCorpus { try $0.statistics() }
    }

    public func snapshotHash(filter: ArticleFilter) throws -> String {
        try withCorpus { try $0.snapshotHash(filter: filter) }
    }
}

/// Rules and alerts through the pool (the dashboard's alerts page and feed).
extension PostgresCorpusPool: AlertBackend {
    public func watchRules(includingDisabled: Bool) throws -> [WatchRule] {
        try withCorpus { try $0.watchRules(includingDisabled: includingDisabled) }
    }

    public func watchAlerts(rule: String?, limit: Int) throws -> [WatchAlert] {
        try withCorpus { try $0.watchAlerts(rule: rule, limit: limit) }
    }

    public func alertCount() throws -> (count: Int, lastFiredAt: String?) {
        try withCorpus { try $0.alertCount() }
    }
}
