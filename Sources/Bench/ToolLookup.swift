import Foundation

/// Finds the peers' programs (Python, mecab) the way a shell would.
enum ToolLookup {
    /// The first of `preferring` that is executable, else `name` on `PATH`, else nil.
    static func path(of name: String, preferring: [String] = []) -> String? {
        let candidates =
            preferring
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
