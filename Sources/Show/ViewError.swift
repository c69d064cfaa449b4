import Foundation

/// What can go wrong turning a view into a page.
public enum ViewError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The templates folder is not where the build put it (a moved binary without its resources).
    case templatesMissing(folder: String)
    /// A template does not parse.
    case badTemplate(file: String, reason: String)
    /// No template of that name.
    case templateNotFound(name: String, folder: String)

    /// The message the command line and the server print.
    public var description: String {
        switch self {
        case .templatesMissing(let folder):
            "the page templates are missing at \(folder); reinstall Sinmun with its resources"
        case .badTemplate(let file, let reason): "\(file): the template does not parse: \(reason)"
        case .templateNotFound(let name, let folder): "no template '\(name)' in \(folder)"
        }
    }
}
