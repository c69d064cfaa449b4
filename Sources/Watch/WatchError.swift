import Foundation

/// A watch problem with a message for the user.
public enum WatchError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A rule names a period unit Sinmun does not know.
    case unknownPeriod(String)
    /// A rule names neither codes nor a query, or both.
    case badSubject(rule: String)
    /// A share-above rule without a threshold between 0 and 1.
    case badThreshold(rule: String)
    /// An interval (`--every`) that does not read as a duration.
    case badInterval(String)
    /// A drop folder that is not a folder.
    case notAFolder(String)
    /// Another watch run holds the run lock (the lock file's path on SQLite, the advisory lock
    /// on PostgreSQL).
    case alreadyRunning(String)

    /// The message, with what to do next.
    public var description: String {
        switch self {
        case .unknownPeriod(let period):
            return "unknown period '\(period)'; known: day, week, month, quarter, year"
        case .badSubject(let rule):
            return "watch rule '\(rule)' must name codes (--code) or a search (--query), not both and not neither"
        case .badThreshold(let rule):
            return "watch rule '\(rule)': --share-above takes a share between 0 and 1 (0.2 for 20%)"
        case .badInterval(let text):
            return "'\(text)' is not an interval: write a number and a unit, as 90s, 30m, 6h or 1d"
        case .notAFolder(let path):
            return "\(path): not a folder (--import takes a drop folder whose new files are imported)"
        case .alreadyRunning(let path):
            return "another watch run is using this database (it holds \(path)); this one stops without doing anything"
        }
    }
}
