import Foundation
import SinmunRead

/// Why collocations could not be found.
public enum CollocationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No article is in the scope.
    case noArticles(scope: String)
    /// A size outside 2...4.
    case unsupportedSizes(lower: Int, upper: Int)
    /// The scope holds Korean text and MeCab or NK-HanDic is missing.
    case analyzerUnavailable(AnalyzerError)

    /// The message the command line prints.
    public var description: String {
        switch self {
        case .noArticles(let scope): "no article is in the scope \(scope)"
        case .unsupportedSizes(let lower, let upper):
            "collocation sizes \(lower)...\(upper) are not supported; sizes run from 2 to 4 words"
        case .analyzerUnavailable(let error): "Korean text needs the word analyser: \(error)"
        }
    }
}
