import Foundation

/// A standing question `sinmun watch run` asks of the corpus after every collection: which
/// articles it selects, and what about them should raise an alert.
public struct WatchRule: Codable, Sendable, Equatable {
    /// What makes a rule fire.
    public enum Trigger: String, Codable, Sendable, CaseIterable {
        /// Once for every period that holds a selected article (a keyword alert).
        case appearance
        /// Once, for the period of the first selected article ever.
        case firstAppearance = "first-appearance"
        /// Once for every period whose share of selected articles is above ``WatchRule/threshold``.
        case shareAbove = "share-above"
        /// Once for every change point the series of selected articles shows.
        case changepoint
    }

    /// The rule's name, unique in the database (`ai-share`, `first-ind_organ`).
    public var name: String
    /// Codes an article must all have (at any level) to be selected; empty for a query rule.
    public var codes: [String]
    /// The codebook of ``codes``: a built-in name or a YAML file's path.
    public var codebook: String
    /// A search, typed as for `sinmun search`, for a query rule; nil for a code rule.
    public var query: String?
    /// What makes it fire.
    public var trigger: Trigger
    /// For ``Trigger/shareAbove``: the share (0–1) a period must exceed.
    public var threshold: Double?
    /// The calendar unit of its periods: `day`, `week`, `month`, `quarter` or `year`.
    public var period: String
    /// Only this outlet's articles (`rodong`, `kcna`).
    public var outlet: String?
    /// Only this edition (`ko`, `en`).
    public var language: String?
    /// Only articles dated on or after this day (`YYYY-MM-DD`): history before it raises nothing.
    public var since: String?
    /// Shipped with Sinmun rather than added by a user.
    public var builtIn: Bool
    /// Evaluated on every run; a removed built-in rule is disabled.
    public var enabled: Bool

    /// A rule; see the properties for what each part means.
    public init(
        name: String, codes: [String] = [], codebook: String = "ai-discourse", query: String? = nil,
        trigger: Trigger = .appearance, threshold: Double? = nil, period: String = "day", outlet: String? = nil,
        language: String? = nil, since: String? = nil, builtIn: Bool = false, enabled: Bool = true
    ) {
        self.name = name
        self.codes = codes
        self.codebook = codebook
        self.query = query
        self.trigger = trigger
        self.threshold = threshold
        self.period = period
        self.outlet = outlet
        self.language = language
        self.since = since
        self.builtIn = builtIn
        self.enabled = enabled
    }

    /// One line saying what the rule watches: `ai + ind_plan, first appearance (by day)`.
    public var summary: String {
        let subject = query.map { "search \"\($0)\"" } ?? codes.joined(separator: " + ")
        var condition: String
        switch trigger {
        case .appearance: condition = "any article"
        case .firstAppearance: condition = "first appearance"
        case .shareAbove: condition = "share above \(threshold.map { String(format: "%g", $0) } ?? "?")"
        case .changepoint: condition = "change point"
        }
        condition += " (by \(period))"
        var filters: [String] = []
        if let outlet { filters.append("outlet \(outlet)") }
        if let language { filters.append("lang \(language)") }
        if let since { filters.append("since \(since)") }
        return "\(subject), \(condition)" + (filters.isEmpty ? "" : ", " + filters.joined(separator: ", "))
    }
}
