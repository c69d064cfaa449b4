import Foundation

/// Why a report could not be written.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The output path exists and is a file.
    case notAFolder(String)
    /// The output folder holds files and `--force` was not given.
    case folderNotEmpty(String)

    /// The message the command line prints.
    public var description: String {
        switch self {
        case .notAFolder(let path): "\(path) exists and is not a folder"
        case .folderNotEmpty(let path): "\(path) is not empty; pass --force to overwrite the report files in it"
        }
    }
}
