/// Why a benchmark could not run; its description is a message for the user.
public enum BenchError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The shared corpora gave no sentences to build a synthetic corpus from.
    case noSentences
    /// A file could not be created.
    case cannotCreate(path: String)
    /// A file could not be opened for writing.
    case cannotWrite(path: String)
    /// A timed `sinmun` subcommand exited with a non-zero status.
    case stepFailed(subcommand: String, status: Int32)

    /// The message, as `sinmun bench` prints it.
    public var description: String {
        switch self {
        case .noSentences: return "the shared corpora gave no sentences"
        case .cannotCreate(let path): return "cannot create \(path)"
        case .cannotWrite(let path): return "cannot write \(path)"
        case .stepFailed(let subcommand, let status): return "sinmun \(subcommand) failed with status \(status)"
        }
    }
}
