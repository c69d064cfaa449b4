import Foundation
import GRDB
import SinmunCollect

/// One evidence sentence for a code, with offsets into the article's title or body.
///
/// Offsets are UTF-8 byte offsets into the field as stored (`title` or `body`), so
/// `body.utf8[start..<end]` is the sentence and each match lies inside it.
public struct StoredEvidence: Codable, Sendable, Equatable {
    /// One cue the coder found in the sentence.
    public struct Match: Codable, Sendable, Equatable {
        /// UTF-8 byte offset where the cue begins in the field.
        public var start: Int
        /// UTF-8 byte offset just past the cue.
        public var end: Int
        /// The text matched, as printed.
        public var text: String
        /// A match at `start..<end` in the field.
        public init(start: Int, end: Int, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }
    }

    /// `title` or `body`.
    public var field: String
    /// UTF-8 byte offset where the sentence begins in the field.
    public var start: Int
    /// UTF-8 byte offset just past the sentence.
    public var end: Int
    /// The sentence as printed: the evidence an analyst quotes.
    public var sentence: String
    /// The cues inside the sentence that earned the code.
    public var matches: [Match]
    /// For an actor code, how the sentence links the actor to the concept: `speaks` (quoted on
    /// it), `subject` (the subject of a concept sentence) or `mentioned` (named near it); nil
    /// for other codes.
    public var link: String?

    /// Evidence from `field`, the sentence at `start..<end`.
    public init(field: String, start: Int, end: Int, sentence: String, matches: [Match]) {
        self.field = field
        self.start = start
        self.end = end
        self.sentence = sentence
        self.matches = matches
    }
}

/// A code assigned to an article by a codebook.
public struct StoredCode: Codable, Sendable, Equatable {
    /// The code's name in the codebook (`ai`, `state_led`, `actor_russia` ...).
    public var code: String
    /// `focus` or `mention`.
    public var level: String
    /// Share of the article's sentences that earned the code (0...1).
    public var score: Double
    /// Number of sentences that earned the code.
    public var hits: Int
    /// The sentences that earned the code, in reading order.
    public var evidence: [StoredEvidence]
    /// For an actor code, the strongest link among its evidence: `speaks`, `subject` or
    /// `mentioned`; nil for other codes.
    public var link: String?

    /// A code as the coder assigned it.
    public init(
        code: String, level: String, score: Double, hits: Int, evidence: [StoredEvidence], link: String? = nil
    ) {
        self.code = code
        self.level = level
        self.score = score
        self.hits = hits
        self.evidence = evidence
        self.link = link
    }
}

/// Reported speech the coder found in an article: who speaks, what they are reported to say.
public struct StoredQuote: Codable, Sendable, Equatable {
    /// The speaker as printed, or as resolved for a pronoun or a title alone.
    public var speaker: String
    /// `named`, `pronoun` or `title`: how the speaker was found.
    public var resolution: String
    /// The actor code the speaker belongs to, if any.
    public var actor: String?
    /// `title` or `body`.
    public var field: String
    /// UTF-8 byte offsets of the sentence in the field.
    public var sentenceStart: Int
    /// UTF-8 byte offset just past the sentence.
    public var sentenceEnd: Int
    /// The sentence as printed.
    public var sentence: String
    /// UTF-8 byte offsets of the reported words in the field; nil for a speech act that
    /// quotes nothing.
    public var quoteStart: Int?
    /// UTF-8 byte offset just past the reported words.
    public var quoteEnd: Int?
    /// The reported words as printed.
    public var quote: String?
    /// UTF-8 byte offsets in the field of the name the speaker resolves to (it may stand in an
    /// earlier sentence).
    public var speakerStart: Int?
    /// UTF-8 byte offset just past the name.
    public var speakerEnd: Int?
    /// The speech verb or noun as printed (`강조하였다`, `said`).
    public var verb: String
    /// Whether the concept (`ai`) is among the reported words.
    public var conceptInQuote: Bool

    /// A quote as the coder found it.
    public init(
        speaker: String, resolution: String, actor: String?, field: String, sentenceStart: Int, sentenceEnd: Int,
        sentence: String, quoteStart: Int?, quoteEnd: Int?, quote: String?, speakerStart: Int?, speakerEnd: Int?,
        verb: String, conceptInQuote: Bool
    ) {
        self.speaker = speaker
        self.resolution = resolution
        self.actor = actor
        self.field = field
        self.sentenceStart = sentenceStart
        self.sentenceEnd = sentenceEnd
        self.sentence = sentence
        self.quoteStart = quoteStart
        self.quoteEnd = quoteEnd
        self.quote = quote
        self.speakerStart = speakerStart
        self.speakerEnd = speakerEnd
        self.verb = verb
        self.conceptInQuote = conceptInQuote
    }
}

/// What the coder made of one article: its codes and the quotes it found.
public struct ArticleCoding: Sendable, Equatable {
    /// The codes earned, in codebook order.
    public var codes: [StoredCode]
    /// The reported speech found, in reading order.
    public var quotes: [StoredQuote]

    /// A coding result.
    public init(codes: [StoredCode], quotes: [StoredQuote] = []) {
        self.codes = codes
        self.quotes = quotes
    }
}

/// An article as the coder reads it.
public struct ArticleText: Sendable {
    /// Makes one from its parts.
    public init(rowID: Int64, id: String, language: String, title: String, body: String, contentHash: String) {
        self.rowID = rowID
        self.id = id
        self.language = language
        self.title = title
        self.body = body
        self.contentHash = contentHash
    }

    /// The article's row in the database.
    public var rowID: Int64
    /// The stable 16-hex-digit id.
    public var id: String
    /// The edition's language code, which picks the patterns to match.
    public var language: String
    /// The headline.
    public var title: String
    /// The body text, paragraphs separated by newlines.
    public var body: String
    /// SHA-256 of title and body: the coding is kept until the text changes.
    public var contentHash: String
}

/// An article with its codes, as `sinmun codes` reports it.
public struct CodedArticle: Codable, Sendable {
    /// The stable 16-hex-digit id.
    public var id: String
    /// The outlet identifier.
    public var outlet: String
    /// The edition's language code.
    public var lang: String
    /// `YYYY-MM-DD`; nil when the source gave no date.
    public var date: String?
    /// The headline.
    public var title: String
    /// Every address the article was seen at, to cite it.
    public var urls: [String]
    /// The sections it was listed under.
    public var sections: [String]
    /// The codes it carries, by code name.
    public var codes: [String: StoredCode]
    /// The reported speech the coder found in it (in the articles the concept reaches).
    public var quotes: [StoredQuote]

    /// An article with its codes, as the coder left them.
    public init(
        id: String, outlet: String, lang: String, date: String?, title: String, urls: [String], sections: [String],
        codes: [String: StoredCode], quotes: [StoredQuote] = []
    ) {
        self.quotes = quotes
        self.id = id
        self.outlet = outlet
        self.lang = lang
        self.date = date
        self.title = title
        self.urls = urls
        self.sections = sections
        self.codes = codes
    }
}

extension CorpusStore {
    /// Articles the codebook has not coded in their current version, in batches.
    public func articlesNeedingCoding(
        codebook: String, hash: String, batchSize: Int = 1000,
        _ handle: ([ArticleText]) throws -> Void
    ) throws {
        try articleBatches(
            """
            SELECT a.id, a.uid, a.lang, a.title, a.body, a.content_hash FROM article a
            LEFT JOIN coding_state s ON s.article_id = a.id AND s.codebook = ?
            WHERE (s.article_id IS NULL OR s.codebook_hash != ? OR s.content_hash != a.content_hash)
            """, arguments: [codebook, hash], batchSize: batchSize,
            {
                ArticleText(
                    rowID: $0["id"], id: $0["uid"], language: $0["lang"], title: $0["title"], body: $0["body"],
                    contentHash: $0["content_hash"])
            }, handle)
    }

    /// Replaces the codes of these articles for a codebook, in one transaction.
    public func saveCoding(codebook: String, hash: String, results: [(ArticleText, ArticleCoding)]) throws {
        let now = Self.timestamp()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try write { db in
            for (article, coding) in results {
                try db.cachedStatement(sql: "DELETE FROM article_code WHERE codebook = ? AND article_id = ?")
                    .execute(arguments: [codebook, article.rowID])
                try db.cachedStatement(sql: "DELETE FROM article_quote WHERE codebook = ? AND article_id = ?")
                    .execute(arguments: [codebook, article.rowID])
                for code in coding.codes {
                    let evidence = String(decoding: try encoder.encode(code.evidence), as: UTF8.self)
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO article_code (article_id, codebook, code, level, score, hits, evidence, link)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """
                    ).execute(arguments: [
                        article.rowID, codebook, code.code, code.level, code.score, code.hits, evidence, code.link,
                    ])
                }
                if !coding.quotes.isEmpty {
                    try db.cachedStatement(
                        sql: "INSERT INTO article_quote (article_id, codebook, quotes) VALUES (?, ?, ?)"
                    ).execute(arguments: [
                        article.rowID, codebook, String(decoding: try encoder.encode(coding.quotes), as: UTF8.self),
                    ])
                }
                try db.cachedStatement(
                    sql: """
                        INSERT OR REPLACE INTO coding_state
                            (article_id, codebook, codebook_hash, content_hash, coded_at)
                        VALUES (?, ?, ?, ?, ?)
                        """
                ).execute(arguments: [article.rowID, codebook, hash, article.contentHash, now])
            }
        }
    }

    /// Every article with its codes for a codebook (articles without codes included, with
    /// none), in date order.
    public func codedArticles(
        codebook: String, filter: ArticleFilter = ArticleFilter(), _ handle: (CodedArticle) throws -> Void
    ) throws {
        let (conditions, arguments) = filter.sql()
        let decoder = JSONDecoder()
        try read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.id, a.uid, a.outlet, a.lang, a.date, a.title,
                           (SELECT json_group_array(url)
                            FROM (SELECT url FROM article_url WHERE article_id = a.id ORDER BY url)) AS urls,
                           (SELECT json_group_array(section)
                            FROM (SELECT section FROM article_section WHERE article_id = a.id ORDER BY section))
                           AS sections
                    FROM article a WHERE 1 = 1\(conditions) ORDER BY a.date, a.id
                    """, arguments: arguments)
            while let row = try cursor.next() {
                let id: Int64 = row["id"]
                var codes: [String: StoredCode] = [:]
                for codeRow in try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT code, level, score, hits, evidence, link FROM article_code
                            WHERE codebook = ? AND article_id = ? ORDER BY code
                            """), arguments: [codebook, id])
                {
                    let name: String = codeRow["code"]
                    let evidenceJSON: String = codeRow["evidence"]
                    codes[name] = StoredCode(
                        code: name, level: codeRow["level"], score: codeRow["score"], hits: codeRow["hits"],
                        evidence: try decoder.decode([StoredEvidence].self, from: Data(evidenceJSON.utf8)),
                        link: codeRow["link"])
                }
                var quotes: [StoredQuote] = []
                if let json = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT quotes FROM article_quote WHERE codebook = ? AND article_id = ?"),
                    arguments: [codebook, id])
                {
                    quotes = try decoder.decode([StoredQuote].self, from: Data(json.utf8))
                }
                let urls: String = row["urls"]
                let sections: String = row["sections"]
                try handle(
                    CodedArticle(
                        id: row["uid"], outlet: row["outlet"], lang: row["lang"], date: row["date"],
                        title: row["title"],
                        urls: try decoder.decode([String].self, from: Data(urls.utf8)),
                        sections: try decoder.decode([String].self, from: Data(sections.utf8)), codes: codes,
                        quotes: quotes))
            }
        }
    }

    /// How many articles a codebook has coded in their current version, and how many exist.
    public func codingCoverage(codebook: String) throws -> (coded: Int, articles: Int, hash: String?) {
        try read { db in
            let coded =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM coding_state s JOIN article a ON a.id = s.article_id
                        WHERE s.codebook = ? AND s.content_hash = a.content_hash
                        """, arguments: [codebook]) ?? 0
            let articles = try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
            let hash = try String.fetchOne(
                db, sql: "SELECT codebook_hash FROM coding_state WHERE codebook = ? LIMIT 1", arguments: [codebook])
            return (coded, articles, hash)
        }
    }
}
