import Foundation
import SinmunCollect
import SinmunStore
import Testing

/// The real corpora in `../shared/corpora`, read in place; tests that need them are skipped
/// with a message where the folder is absent.
enum SharedCorpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpora")

    static var available: Bool { FileManager.default.fileExists(atPath: root.path) }
    static let skipMessage: Comment = "../shared/corpora is absent: real-data test skipped"

    static var kcna: URL { root.appendingPathComponent("kcna-en-2024/headlines_2024-11-11.json") }
    static var rodongEnglish: URL { root.appendingPathComponent("rodong-en-2021-2022/rodong_top_news.jsonl") }
    static var newYear: URL { root.appendingPathComponent("new-year-addresses-ko") }
    static var korean2026: URL { root.appendingPathComponent("ko-2026-sample/kcna_rodong_ko_2026.jsonl") }

    /// One store holding all four corpora, imported once and shared by the read-only tests.
    static let allCorporaStore: Result<(CorpusStore, [ImportReport]), Error> = Result {
        let store = try CorpusStore(path: Scratch.path("all-corpora.sqlite"))
        let reports = try [kcna, rodongEnglish, newYear, korean2026].map { try store.importArchive($0) }
        return (store, reports)
    }
}

/// Temporary files for a test run.
enum Scratch {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sinmun-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func path(_ name: String) -> String {
        directory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    }

    /// Writes a fixture file and returns its URL.
    static func file(_ name: String, _ contents: String) throws -> URL {
        try bytes(name, Data(contents.utf8))
    }

    static func bytes(_ name: String, _ data: Data) throws -> URL {
        let folder = directory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    static func store() throws -> CorpusStore { try CorpusStore(path: path("test.sqlite")) }
}

/// Runs blocking work (a child process, a polling wait, a backend that waits on futures) on a
/// thread of its own. Blocking a thread of Swift's concurrency pool (two on a 2-core machine)
/// starves every other test of this process, such as one whose HTTP handler must answer.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
