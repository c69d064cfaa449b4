import Foundation
import SinmunCollect
import SinmunStore

/// What happened to one file of a drop folder in a run.
public struct DroppedFile: Codable, Sendable, Equatable {
    /// The file's path.
    public var path: String
    /// The format it was read as, when one was detected.
    public var format: String?
    /// True when it was imported (records it could not read are in ``report``'s issues).
    public var imported: Bool
    /// The import's counts, when it was imported.
    public var report: ImportReport?
    /// Why the file could not be imported at all.
    public var error: String?
}

/// A folder other tools drop archives into: each run imports every file it has not imported
/// in this content before, by the format detected for that file alone.
///
/// A file is known by its path and the SHA-256 of its bytes, so a file rewritten with new
/// content is imported again (the ingest merges what it already holds), and one that failed
/// is tried again only once it changes. Hidden files, partial downloads (`.part`, `.tmp`,
/// `.crdownload`) and notes (`.md`) are left alone: a tool dropping files should write
/// `NAME.part` and rename it when complete, or a half-written file may be imported (and again,
/// completed, on the next run).
public struct DropFolder: Sendable {
    /// The folder.
    public let url: URL
    let store: any WatchBackend

    /// A drop folder feeding `store`.
    public init(url: URL, store: any WatchBackend) {
        self.url = url
        self.store = store
    }

    static let ignoredSuffixes = [".part", ".tmp", ".crdownload", ".partial", ".download", "~", ".md"]

    /// The folder's files that can hold articles, sorted, in subfolders too.
    public func candidateFiles() throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WatchError.notAFolder(url.path)
        }
        guard
            let enumerator = FileManager.default.enumerator(
                at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var files: [URL] = []
        for case let found as URL in enumerator {
            // A link to a file is the file; a link into a folder is not followed.
            let file = found.resolvingSymlinksInPath()
            let name = found.lastPathComponent.lowercased()
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                !Self.ignoredSuffixes.contains(where: { name.hasSuffix($0) })
            else { continue }
            files.append(found.standardizedFileURL)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Imports the files not imported before in their present content. `onFile` hears of each
    /// file as it is handled.
    public func importNew(onFile: (DroppedFile) -> Void = { _ in }) throws -> [DroppedFile] {
        var handled: [DroppedFile] = []
        for file in try candidateFiles() {
            // Unchanged since it was handled (same size and time): not read, let alone hashed.
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            let size = (attributes?[.size] as? NSNumber)?.intValue
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970
            if let size, let modified, try store.watchedFileUnchanged(path: file.path, size: size, modified: modified) {
                continue
            }
            let data: Data
            do {
                // Read, not mapped: a file truncated by its writer while mapped would crash the run.
                data = try Data(contentsOf: file)
            } catch {
                let result = DroppedFile(
                    path: file.path, imported: false, error: "cannot read the file (\(error.localizedDescription))")
                handled.append(result)
                onFile(result)
                continue
            }
            let hash = Fingerprint.sha256Hex(data)
            if try store.watchedFileState(path: file.path, sha256: hash) != nil {
                // The same content again (rewritten, or touched): remember its new time.
                try store.touchWatchedFile(path: file.path, sha256: hash, size: size, modified: modified)
                continue
            }
            var result = DroppedFile(path: file.path, imported: false)
            do {
                let format = try ImportFormat.detect(file)
                result.format = format.rawValue
                result.report = try store.importArchive(file, format: format)
                result.imported = true
                try store.recordWatchedFile(
                    path: file.path, sha256: hash, imported: true, reason: nil, size: size, modified: modified)
            } catch let issue as ImportIssue {
                result.error = issue.description
                try store.recordWatchedFile(
                    path: file.path, sha256: hash, imported: false, reason: issue.description, size: size,
                    modified: modified)
            }
            handled.append(result)
            onFile(result)
        }
        return handled
    }
}
