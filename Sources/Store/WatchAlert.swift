import Foundation

/// What a watch rule raised: the period it fired for, the figure that made it fire, the
/// articles and the sentences that are the evidence.
///
/// The JSON shape (`rule`, `firedAt`, `period`, `figure`, `articles`, `evidence`, and the rest)
/// is what `watch run --json` writes one per line, what webhooks receive and what the feed
/// carries.
public struct WatchAlert: Codable, Sendable, Equatable {
    /// An article the alert is about.
    public struct ArticleReference: Codable, Sendable, Equatable {
        /// The article's stable id (as `sinmun show` takes it).
        public var id: String
        /// `YYYY-MM-DD`, when dated.
        public var date: String?
        /// The outlet identifier.
        public var outlet: String
        /// The edition's language code.
        public var lang: String
        /// The headline.
        public var title: String
        /// Its first source address, when it has one.
        public var url: String?

        /// A reference from its parts.
        public init(id: String, date: String?, outlet: String, lang: String, title: String, url: String?) {
            self.id = id
            self.date = date
            self.outlet = outlet
            self.lang = lang
            self.title = title
            self.url = url
        }
    }

    /// A sentence that earned the alert, from one of its articles.
    public struct Evidence: Codable, Sendable, Equatable {
        /// The article's stable id.
        public var article: String
        /// The sentence (or, for a search, the passage around the match) as printed.
        public var sentence: String

        /// Evidence from its parts.
        public init(article: String, sentence: String) {
            self.article = article
            self.sentence = sentence
        }
    }

    /// The alert's number in the database (nil before it is stored).
    public var id: Int64?
    /// The rule's name.
    public var rule: String
    /// When the rule fired (ISO 8601, UTC).
    public var firedAt: String
    /// The period it fired for: `2024-04-03`, `2024-04`, `2024-W14`.
    public var period: String
    /// The rule's trigger (`appearance`, `first-appearance`, `share-above`, `changepoint`).
    public var trigger: String
    /// The figure that made it fire: the articles in the period (appearance), or the period's
    /// share (share above), or the share after the change (change point).
    public var figure: Double
    /// The figure in words, with what it is measured against.
    public var summary: String
    /// How many articles the period holds for the rule (``articles`` lists at most twenty).
    public var articleCount: Int
    /// The period's selected articles, newest first.
    public var articles: [ArticleReference]
    /// Evidence sentences, at most one an article.
    public var evidence: [Evidence]

    /// The alert as JSON, keys sorted and slashes unescaped: what the store keeps, standard
    /// output prints and a webhook receives, byte for byte.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The headline of one of the alert's articles, by its id (the id itself when it is not
    /// listed), for showing evidence beside the article it comes from.
    public func title(ofArticle id: String) -> String {
        articles.first { $0.id == id }?.title ?? id
    }

    /// An alert from its parts.
    public init(
        id: Int64? = nil, rule: String, firedAt: String, period: String, trigger: String, figure: Double,
        summary: String, articleCount: Int, articles: [ArticleReference], evidence: [Evidence]
    ) {
        self.id = id
        self.rule = rule
        self.firedAt = firedAt
        self.period = period
        self.trigger = trigger
        self.figure = figure
        self.summary = summary
        self.articleCount = articleCount
        self.articles = articles
        self.evidence = evidence
    }
}

/// An alert still owed to a target: standard output or a webhook.
public struct PendingDelivery: Sendable, Equatable {
    /// The alert to deliver.
    public var alert: WatchAlert
    /// `stdout` or a webhook URL.
    public var target: String
    /// Attempts made so far, over every run.
    public var attempts: Int
    /// Why the last attempt failed.
    public var lastError: String?

    /// Makes one from its parts.
    public init(alert: WatchAlert, target: String, attempts: Int, lastError: String?) {
        self.alert = alert
        self.target = target
        self.attempts = attempts
        self.lastError = lastError
    }
}
