import Foundation

/// Why a topic model could not be fitted.
public enum TopicError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No article of the scope is in the term index.
    case noAnalysedArticles(scope: String, articles: Int)
    /// Fewer documents than topics, or no term shared by enough of them.
    case tooFewDocuments(scope: String, documents: Int, terms: Int, topics: Int)
    /// A number of topics outside 2...50.
    case badTopicCount(Int)

    /// The message the command line prints.
    public var description: String {
        switch self {
        case .noAnalysedArticles(let scope, 0): "no article is in the scope \(scope)"
        case .noAnalysedArticles(let scope, let articles):
            "none of the \(articles) article(s) in the scope \(scope) is in the term index: run `sinmun analyze` first"
        case .tooFewDocuments(let scope, let documents, let terms, let topics):
            "the scope \(scope) has \(documents) analysed article(s) and \(terms) term(s) in at least two and at most "
                + "half of them: "
                + "too few for \(topics) topics"
        case .badTopicCount(let topics): "\(topics) topics: give between 2 and 50"
        }
    }
}
