import Foundation

/// Where the NK-HanDic dictionary lives, and which version it is.
///
/// NK-HanDic (Yoshinori Sugai, BSD-3-Clause) is a MeCab dictionary of North Korean Korean,
/// trained on Rodong Sinmun and North Korean textbooks. Its compiled files (`sys.dic`,
/// `matrix.bin`, `char.bin`, `unk.dic`, `dicrc`) ship in the PyPI package `nkhandic`, in the
/// folder `nkhandic/dicdir`. Sinmun reads those files; it never runs Python.
public struct NKHanDic: Sendable, Equatable, Codable {
    /// The dictionary folder (holding `sys.dic` and `dicrc`).
    public var path: String
    /// The dictionary's own version stamp (its `version` file), if it has one.
    public var version: String?
    /// How it was found: `--dicdir`, `SINMUN_NKHANDIC` or `nkhandic package`.
    public var foundBy: String

    /// The places searched for the installed `nkhandic` package when neither `--dicdir` nor
    /// `SINMUN_NKHANDIC` names the folder: `site-packages` and `dist-packages` beside every
    /// Python on `PATH` (virtual environments and pyenv included), `$VIRTUAL_ENV`, the user's
    /// `~/.local`, and the system prefixes.
    public static func candidateFolders(environment: [String: String]) -> [String] {
        var prefixes: [String] = []
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty { prefixes.append(venv) }
        for entry in (environment["PATH"] ?? "").split(separator: ":") where entry.hasSuffix("/bin") {
            prefixes.append(String(entry.dropLast(4)))
        }
        if let home = environment["HOME"], !home.isEmpty {
            prefixes.append(home + "/.local")
            if let versions = try? FileManager.default.contentsOfDirectory(atPath: home + "/.pyenv/versions") {
                prefixes += versions.sorted().map { home + "/.pyenv/versions/" + $0 }
            }
        }
        prefixes += ["/usr/local", "/usr", "/opt/homebrew", "/opt/local"]
        var folders: [String] = []
        var seen = Set<String>()
        let fileManager = FileManager.default
        for prefix in prefixes {
            let lib = prefix + "/lib"
            guard let pythons = try? fileManager.contentsOfDirectory(atPath: lib) else { continue }
            for python in pythons.sorted().reversed() where python.hasPrefix("python3") {
                for packages in ["site-packages", "dist-packages"] {
                    let folder = "\(lib)/\(python)/\(packages)/nkhandic/dicdir"
                    if seen.insert(folder).inserted { folders.append(folder) }
                }
            }
        }
        return folders
    }

    /// Finds the dictionary: `option` (`--dicdir`), then `SINMUN_NKHANDIC`, then the installed
    /// `nkhandic` package. Throws ``AnalyzerError/dictionaryNotFound(searched:)`` naming every
    /// place tried, or ``AnalyzerError/notADictionary(_:)`` when a named folder lacks the files.
    public static func locate(
        option: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AnalyzerError) -> NKHanDic {
        if let option, !option.isEmpty { return try named(option, foundBy: "--dicdir") }
        if let variable = environment["SINMUN_NKHANDIC"], !variable.isEmpty {
            return try named(variable, foundBy: "SINMUN_NKHANDIC")
        }
        let candidates = candidateFolders(environment: environment)
        for folder in candidates where isDictionary(folder) {
            return NKHanDic(path: folder, version: version(at: folder), foundBy: "nkhandic package")
        }
        throw .dictionaryNotFound(searched: candidates.count > 6 ? Array(candidates.prefix(6)) + ["…"] : candidates)
    }

    static func named(_ path: String, foundBy: String) throws(AnalyzerError) -> NKHanDic {
        let folder = (path as NSString).expandingTildeInPath
        // A path to the package folder itself is accepted too.
        for candidate in [folder, folder + "/dicdir"] where isDictionary(candidate) {
            return NKHanDic(path: candidate, version: version(at: candidate), foundBy: foundBy)
        }
        throw .notADictionary(folder)
    }

    static func isDictionary(_ folder: String) -> Bool {
        let fileManager = FileManager.default
        return fileManager.fileExists(atPath: folder + "/sys.dic") && fileManager.fileExists(atPath: folder + "/dicrc")
    }

    static func version(at folder: String) -> String? {
        guard let text = try? String(contentsOfFile: folder + "/version", encoding: .utf8) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// Why the Korean word-level analyser is not available, with what to do about it.
public enum AnalyzerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The MeCab library could not be loaded (the loader's message).
    case libraryNotFound(String)
    /// No NK-HanDic dictionary in any of these folders.
    case dictionaryNotFound(searched: [String])
    /// A folder named by `--dicdir` or `SINMUN_NKHANDIC` holds no dictionary.
    case notADictionary(String)
    /// MeCab refused the dictionary (its message).
    case taggerFailed(String)

    /// The one line that says what to install.
    public static let installHint =
        "install MeCab and NK-HanDic: `apt-get install libmecab2` (or `mecab`) and `pip install nkhandic`, "
        + "or point --dicdir / SINMUN_NKHANDIC at NK-HanDic's dicdir"

    /// What went wrong and what to install, as the command line prints it.
    public var description: String {
        switch self {
        case .libraryNotFound(let message):
            return "the Korean analyser needs the MeCab library, which was not found (\(message)); \(Self.installHint)"
        case .dictionaryNotFound(let searched):
            return "the Korean analyser needs the NK-HanDic dictionary, which was not found "
                + "(searched \(searched.joined(separator: ", "))); \(Self.installHint)"
        case .notADictionary(let folder):
            return "\(folder) is not a MeCab dictionary folder (no sys.dic and dicrc); \(Self.installHint)"
        case .taggerFailed(let message):
            return "MeCab could not open the dictionary: \(message)"
        }
    }
}
