import Foundation
import GRDB

extension CorpusStore {
    /// The first and last publication date in the corpus (ISO text), or nil when no article
    /// is dated. Two index lookups: cheap enough for every page that picks a period by span.
    public func dateRange() throws -> ClosedRange<String>? {
        try read { db in
            guard let first = try String.fetchOne(db, sql: "SELECT min(date) FROM article"),
                let last = try String.fetchOne(db, sql: "SELECT max(date) FROM article")
            else { return nil }
            return first...last
        }
    }
}
