import Foundation

/// A site's robots.txt as it applies to one crawler (RFC 9309): the group naming the crawler's
/// product token, else the `*` group; the longest matching `Allow`/`Disallow` path wins, with
/// `*` and `$` patterns; and any `Crawl-delay`, which the crawler honours as a slower rate.
public struct RobotsRules: Sendable, Equatable {
    struct Rule: Sendable, Equatable {
        var allow: Bool
        var pattern: String
    }
    var rules: [Rule]
    /// Seconds between requests the site asks for, if it does.
    public var crawlDelay: Double?

    /// Rules that allow everything (robots.txt absent: 4xx).
    public static let allowAll = RobotsRules(rules: [], crawlDelay: nil)
    /// Rules that allow nothing (robots.txt unreachable: RFC 9309 says assume full disallow).
    public static let disallowAll = RobotsRules(rules: [Rule(allow: false, pattern: "/")], crawlDelay: nil)

    init(rules: [Rule], crawlDelay: Double?) {
        self.rules = rules
        self.crawlDelay = crawlDelay
    }

    /// Reads robots.txt text for the crawler whose product token is `userAgent` (`sinmun`).
    public init(text: String, userAgent: String) {
        let token = userAgent.lowercased()
        struct Group {
            var agents: [String] = []
            var rules: [Rule] = []
            var delay: Double?
        }
        var groups: [Group] = []
        var current = Group()
        var lastWasAgent = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "user-agent":
                if !lastWasAgent && (!current.agents.isEmpty) {
                    groups.append(current)
                    current = Group()
                }
                current.agents.append(value.lowercased())
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                // An empty Disallow allows everything; it adds no rule.
                if !value.isEmpty { current.rules.append(Rule(allow: field == "allow", pattern: value)) }
            case "crawl-delay":
                lastWasAgent = false
                current.delay = Double(value)
            default:
                continue
            }
        }
        if !current.agents.isEmpty { groups.append(current) }
        let mine = groups.filter { group in group.agents.contains { $0 != "*" && token.contains($0) } }
        let chosen = mine.isEmpty ? groups.filter { $0.agents.contains("*") } : mine
        rules = chosen.flatMap(\.rules)
        crawlDelay = chosen.compactMap(\.delay).max()
    }

    /// Whether the crawler may fetch this path (with its query).
    public func allows(path: String) -> Bool {
        var best: Rule?
        for rule in rules where Self.matches(pattern: rule.pattern, path: path) {
            if let current = best {
                if rule.pattern.count > current.pattern.count
                    || (rule.pattern.count == current.pattern.count && rule.allow)
                {
                    best = rule
                }
            } else {
                best = rule
            }
        }
        return best?.allow ?? true
    }

    /// `*` matches any run of characters; a final `$` anchors the end.
    static func matches(pattern: String, path: String) -> Bool {
        var pattern = Substring(pattern)
        let anchored = pattern.hasSuffix("$")
        if anchored { pattern = pattern.dropLast() }
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false)
        var rest = Substring(path)
        for (index, piece) in pieces.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(piece) else { return false }
                rest = rest.dropFirst(piece.count)
            } else if piece.isEmpty {
                continue
            } else if index == pieces.count - 1 && anchored {
                return rest.hasSuffix(piece)
            } else {
                guard let range = rest.range(of: piece) else { return false }
                rest = rest[range.upperBound...]
            }
        }
        return !anchored || rest.isEmpty || pieces.last?.isEmpty == true
    }
}
