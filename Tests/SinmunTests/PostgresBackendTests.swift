import Foundation
import GRDB
import PostgresNIO
import SinmunCode
import SinmunCollect
import SinmunStore
import Testing

@testable import SinmunPostgres

extension TestPostgres {
    /// Near-duplicate links as pairs of article identities, and revisions by identity: ids
    /// differ between databases filled in different orders, identities never do.
    static let linkedIdentities = """
        SELECT x.uid || ' ' || y.uid FROM near_duplicate n JOIN article x ON x.id = n.a JOIN article y ON y.id = n.b
        UNION ALL SELECT r.uid || ' of ' || a.uid FROM article_revision r JOIN article a ON a.id = r.article_id
        """
}

extension PostgresTests {
    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func importsTheSharedCorporaAsSQLiteDoes() async throws {
        let (store, sqliteReports) = try SharedCorpus.allCorporaStore.get()
        let files = [SharedCorpus.kcna, SharedCorpus.rodongEnglish, SharedCorpus.newYear, SharedCorpus.korean2026]
        try await TestPostgres.withCorpus { corpus, _ in
            let reports = try await offThePool { try files.map { try corpus.importArchive($0) } }
            // Every count of every file: new, merged, completed, revisions, near-duplicate links.
            #expect(reports == sqliteReports)
            #expect(reports.reduce(0) { $0 + $1.revisions } > 0 && reports.reduce(0) { $0 + $1.nearDuplicateLinks } > 0)
            for table in [
                "article", "article_url", "article_section", "provenance", "near_duplicate", "article_revision",
                "article_lsh",
            ] {
                let sqlite = try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") }
                #expect(
                    try await corpus.count(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")) == sqlite,
                    "\(table)")
            }
            #expect(try await corpus.snapshotHash() == (try store.snapshotHash()))
            let links = try await corpus.rows(PostgresQuery(unsafeSQL: TestPostgres.linkedIdentities))
                .map { try $0.decode(String.self) }
            let sqliteLinks = try store.read { try String.fetchAll($0, sql: TestPostgres.linkedIdentities) }
            #expect(Set(links) == Set(sqliteLinks) && links.count == sqliteLinks.count)
            // The index it wrote finds what SQLite's finds.
            for text in TestPostgres.queries {
                let query = SearchQuery(typed: text)
                #expect(try corpus.search(query).total == (try store.search(query).total), "\(text)")
            }
            // A second run changes nothing.
            let again = try await offThePool { try files.map { try corpus.importArchive($0) } }
            #expect(again.allSatisfy { $0.inserted == 0 && $0.merged == 0 && $0.unchanged == $0.recordsRead })
            #expect(
                try await corpus.rowCount(of: PostgresCorpus.table("article"))
                    == (try store.rowCount(of: PostgresCorpus.table("article"))))
        }
    }

    @Test func aStrictImportThatFailsLeavesNothingOnPostgres() async throws {
        let bad = try Scratch.file(
            "bad.jsonl",
            """
            {"title": "A", "body": "Some text.", "date": "2024-05-01", "outlet": "demo", "url": "http://example.org/a"}
            {"title": "Broken
            """)
        try await TestPostgres.withCorpus { corpus, _ in
            await #expect(throws: ImportIssue.self) {
                try await offThePool { try corpus.importArchive(bad, strict: true) }
            }
            #expect(try await corpus.count("SELECT count(*) FROM source") == 0)
            #expect(try await corpus.count("SELECT count(*) FROM article") == 0)
            // Without --strict the good record goes in and the bad one is reported.
            let report = try await offThePool { try corpus.importArchive(bad) }
            #expect(report.inserted == 1 && report.skipped == 1)
        }
    }

    /// An import into an empty corpus spanning several transactions (it keeps its in-memory maps
    /// across them, and writes each batch's rows at once) stores what SQLite stores: repeats
    /// merged by identity, headlines completed at their address, near duplicates of articles
    /// written in an earlier transaction linked, and the same ids. Texts of this test's own.
    @Test func anImportOverSeveralTransactionsStoresWhatSQLiteStores() async throws {
        let perTransaction = CorpusStore.batchSize * CorpusStore.batchesPerTransaction
        func body(_ i: Int, changed: Bool = false) -> String {
            let words = (0..<30).map { "w\(i)x\($0)" }.joined(separator: " ")
            return "County \(i) reported the harvest of \(changed ? "barley" : "wheat") and \(words)."
        }
        func record(_ i: Int, body text: String?, url: String) -> String {
            let body = text.map { #""body": "\#($0)", "# } ?? ""
            let date = "2024-0\(1 + i % 9)-1\(i % 10)"
            return #"{"title": "Report \#(i)", \#(body)"date": "\#(date)", "#
                + #""url": "\#(url)", "lang": "en", "outlet": "demo"}"#
        }
        var lines = (0..<(perTransaction + 1500)).map { record($0, body: body($0), url: "http://t/\($0)") }
        // Headline-only items in the first transaction, their text arriving in the second.
        for i in 0..<300 { lines[100 + i] = record(50_000 + i, body: nil, url: "http://t/h\(i)") }
        for i in 0..<300 {
            lines.append(record(50_000 + i, body: body(50_000 + i), url: "http://t/h\(i)"))
        }
        // Repeats and near copies, in the last transaction, of articles from the first.
        for i in 1000..<1300 { lines.append(record(i, body: body(i), url: "http://t/\(i)")) }
        for i in 2000..<2300 { lines.append(record(i, body: body(i, changed: true), url: "http://t/n\(i)")) }
        let file = try Scratch.file("transactions.jsonl", lines.joined(separator: "\n"))
        let store = try Scratch.store()
        let sqlite = try store.importArchive(file)
        #expect(sqlite.completed == 300 && sqlite.merged >= 600 && sqlite.nearDuplicateLinks >= 300)
        try await TestPostgres.withCorpus { corpus, _ in
            let postgres = try await offThePool { try corpus.importArchive(file) }
            #expect(postgres == sqlite)
            #expect(try await TestPostgres.contents(corpus) == (try Self.contents(store)))
            let ids = "SELECT id || ' ' || uid FROM article ORDER BY id"
            #expect(
                try await corpus.rows(PostgresQuery(unsafeSQL: ids)).map { try $0.decode(String.self) }
                    == (try store.read { try String.fetchAll($0, sql: ids) }))
            // A crawl's single article takes the next id, as on SQLite.
            let article = Article(
                outlet: Outlet(rawValue: "demo"), language: "en", date: PublicationDate(year: 2024, month: 9, day: 30),
                title: "One more", paragraphs: [body(99_999)], urls: ["http://t/one"],
                provenance: Provenance(source: "http://t", locator: "crawl:1"))
            let crawled = try await offThePool {
                try corpus.importArticles([article], kind: "crawl", location: "http://t", format: "test")
            }
            #expect(crawled.inserted == 1)
            #expect(try await corpus.count("SELECT max(id) FROM article") == lines.count - 600 + 1)
        }
    }

    /// SQLite's side of ``TestPostgres/contents(_:)``.
    static func contents(_ store: CorpusStore) throws -> [String] {
        try store.read { db in
            var out = try String.fetchAll(
                db, sql: "SELECT uid || ' ' || content_hash || ' ' || coalesce(date, '') FROM article ORDER BY uid")
            out += try String.fetchAll(
                db,
                sql: """
                    SELECT u.url || ' ' || a.uid FROM article_url u JOIN article a ON a.id = u.article_id
                    ORDER BY u.url
                    """)
            out += try GRDB.Row.fetchAll(
                db,
                sql: """
                    SELECT x.uid AS a, y.uid AS b, d.similarity AS s FROM near_duplicate d
                    JOIN article x ON x.id = d.a JOIN article y ON y.id = d.b ORDER BY 1, 2
                    """
            ).map { row in "near \(row["a"] as String) \(row["b"] as String) \(row["s"] as Double)" }
            let keys = try Int.fetchOne(db, sql: "SELECT count(*) FROM article_lsh") ?? 0
            out.append("SELECT count(*) FROM article_lsh: \(keys)")
            return out
        }
    }

    /// An import keeps trusting what it holds in memory (the empty-corpus shortcut) across its
    /// transactions only while no other import commits between them.
    @Test func importTurnsTellWhetherAnotherImportCameBetween() async throws {
        try await TestPostgres.withCorpus { corpus, url in
            func mark(_ corpus: PostgresCorpus) async throws -> Int64? {
                try await offThePool { try corpus.ingestTransaction { try $0.commitMark() } }
            }
            let first = try await mark(corpus)
            let second = try await mark(corpus)
            #expect(first != nil && first == second)
            // Another connection's import takes a turn in between.
            try await PostgresCorpus.with(url) { other in _ = try await mark(other) }
            let third = try await mark(corpus)
            #expect(third != second)
            #expect(try await mark(corpus) == third)
        }
    }

    /// The issue's team at work: two imports (sharing a file) and three coders at once, each a
    /// real `sinmun` process on one PostgreSQL corpus. Nothing may be lost or doubled: the corpus
    /// and its codes must equal those of one SQLite import and one coding run, in order, and so
    /// must the series, change points and comparisons read from them.
    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func twoImportsAndThreeCodersAtOnceLoseNothing() async throws {
        let (store, _) = try SharedCorpus.allCorporaStore.get()
        let sqlite = Scratch.path("team.sqlite")
        let files = [SharedCorpus.kcna, SharedCorpus.rodongEnglish, SharedCorpus.newYear, SharedCorpus.korean2026]
        let sequential = try SinmunProcess.run(["import"] + files.map(\.path) + ["--db", sqlite])
        #expect(sequential.status == 0, "\(sequential.stderr)")
        #expect(try SinmunProcess.run(["code", "--db", sqlite]).status == 0)
        let expected = try SinmunProcess.run(["codes", "--jsonl", "--db", sqlite]).stdout
        try await TestPostgres.withCorpus { corpus, url in
            let imports = try [
                [SharedCorpus.kcna, SharedCorpus.rodongEnglish],
                [SharedCorpus.rodongEnglish, SharedCorpus.newYear, SharedCorpus.korean2026, SharedCorpus.kcna],
            ].map { files in try TeamProcess(["import"] + files.map(\.path) + ["--db", url, "--json"]) }
            // Coders run again and again until both imports have ended.
            let results = try await offThePool {
                let group = DispatchGroup()
                let codedWhileImporting = Locked<[Int]>([])
                let failures = Locked<[String]>([])
                for _ in 0..<3 {
                    DispatchQueue.global().async(group: group) {
                        while imports.contains(where: \.isRunning) {
                            let run = (try? SinmunProcess.run(["code", "--db", url, "--json"]))
                            guard let run, run.status == 0,
                                let report = (try? run.json()) as? [String: Any], let coded = report["coded"] as? Int
                            else {
                                failures.update { $0.append(run?.stderr ?? "did not start") }
                                return
                            }
                            codedWhileImporting.update { $0.append(coded) }
                        }
                    }
                }
                let outputs = imports.map { $0.wait() }
                group.wait()
                return (outputs, codedWhileImporting.value, failures.value)
            }
            let (outputs, coded, failures) = results
            for output in outputs { #expect(output.status == 0, "\(output.stderr)") }
            #expect(failures.isEmpty, "\(failures)")
            #expect(coded.reduce(0, +) > 0, "the coders coded articles while the imports ran")
            let inserted = try outputs.map { output in
                let files = (try output.json() as? [String: Any])?["files"] as? [[String: Any]] ?? []
                return files.reduce(0) { $0 + ($1["inserted"] as? Int ?? 0) }
            }
            // No article inserted twice, none lost.
            let articles = try store.rowCount(of: PostgresCorpus.table("article"))
            #expect(inserted.reduce(0, +) == articles)
            #expect(try await corpus.snapshotHash() == (try store.snapshotHash()))
            for table in ["provenance", "article_url", "article_section", "near_duplicate", "article_revision"] {
                let sqliteCount = try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") }
                #expect(
                    try await corpus.count(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")) == sqliteCount,
                    "\(table)")
            }
            // A last coding run catches what changed under the coders; then the codes equal SQLite's.
            let last = try SinmunProcess.run(["code", "--db", url])
            #expect(last.status == 0, "\(last.stderr)")
            let codes = try SinmunProcess.run(["codes", "--jsonl", "--db", url])
            #expect(codes.status == 0 && codes.stdout == expected && !expected.isEmpty)
            // Series, change points and comparisons read the same articles and codes on both.
            for command in [
                ["trend", "ai", "--by", "year"], ["trend", "--query", "인공지능", "--by", "year", "--per", "outlet"],
                ["trend", "--query", "drone", "--by", "quarter", "--per", "section"],
                ["changepoints", "ai", "--by", "month"], ["compare", "ai", "--at", "2024-06-01"],
            ] {
                let (postgres, file) = (
                    try SinmunProcess.run(command + ["--json", "--db", url]),
                    try SinmunProcess.run(command + ["--json", "--db", sqlite])
                )
                #expect(postgres.status == 0 && file.status == 0, "\(command): \(postgres.stderr)")
                #expect(postgres.stdout == file.stdout && file.stdout.count > 100, "\(command)")
            }
        }
    }
}

extension PostgresTests {
    /// Two imports of different files that share records, started at once on an empty corpus,
    /// on each backend: both begin by trusting their own maps of what they stored; the second
    /// to write must notice the first and merge, not insert again. The corpus must equal one
    /// import of all the records.
    @Test func twoImportsOfOverlappingFilesAtOnceStoreEachArticleOnce() async throws {
        let whole = try KilledImportTests.bulletins(6_000)
        let lines = try String(contentsOf: whole, encoding: .utf8).split(separator: "\n")
        let halves = [lines[0..<4_000], lines[2_000...]].map { $0.joined(separator: "\n") }
        let (first, second) = (try Scratch.file("first.jsonl", halves[0]), try Scratch.file("second.jsonl", halves[1]))
        let single = Scratch.path("single.sqlite")
        #expect(try SinmunProcess.run(["import", whole.path, "--db", single]).status == 0)
        // A link's two articles in either order: which is first depends on which was stored first.
        func unordered(_ contents: [String]) -> [String] {
            contents.map { line in
                let parts = line.split(separator: " ")
                guard parts.first == "near", parts.count == 4 else { return line }
                return "near " + [parts[1], parts[2]].sorted().joined(separator: " ") + " " + parts[3]
            }.sorted()
        }
        let expected = unordered(try KilledImportTests.contents(single).filter { !$0.contains("provenance") })
        #expect(expected.contains { $0.hasPrefix("near ") })
        let articles = try CorpusStore(path: single).rowCount(of: PostgresCorpus.table("article"))

        func importBoth(into db: String) async throws -> [SinmunProcess.Output] {
            let runs = try [first, second].map { try TeamProcess(["import", $0.path, "--db", db, "--json"]) }
            return try await offThePool { runs.map { $0.wait() } }
        }
        func inserted(_ outputs: [SinmunProcess.Output]) throws -> Int {
            try outputs.map { output in
                let files = (try output.json() as? [String: Any])?["files"] as? [[String: Any]] ?? []
                return files.reduce(0) { $0 + ($1["inserted"] as? Int ?? 0) }
            }.reduce(0, +)
        }
        let file = Scratch.path("both.sqlite")
        _ = try CorpusStore(path: file)
        let onFile = try await importBoth(into: file)
        for output in onFile { #expect(output.status == 0, "\(output.stderr)") }
        #expect(try inserted(onFile) == articles)
        let onFileContents = unordered(try KilledImportTests.contents(file).filter { !$0.contains("provenance") })
        #expect(onFileContents == expected, "\(Self.difference(onFileContents, expected))")

        try await TestPostgres.withCorpus { corpus, url in
            let onServer = try await importBoth(into: url)
            for output in onServer { #expect(output.status == 0, "\(output.stderr)") }
            #expect(try inserted(onServer) == articles)
            let stored = unordered(try await TestPostgres.contents(corpus))
            let wanted = expected.filter { !$0.contains("article_fts") && !$0.hasPrefix("search ") }
            #expect(
                stored == wanted,
                "\(Self.difference(stored, wanted))")
            #expect(try await corpus.count("SELECT count(DISTINCT article_id) FROM article_fts") == articles)
        }
    }
}

extension PostgresTests {
    /// What one list of contents lacks and has beyond another, a few lines of each.
    static func difference(_ found: [String], _ wanted: [String]) -> String {
        let (missing, extra) = (Set(wanted).subtracting(found).sorted(), Set(found).subtracting(wanted).sorted())
        return "missing \(missing.prefix(3)), extra \(extra.prefix(3))"
    }
}

extension TestPostgres {
    /// ``KilledImportTests/contents(_:)`` read from PostgreSQL (the index counted apart: its
    /// rows are pieces of columns there).
    static func contents(_ corpus: PostgresCorpus) async throws -> [String] {
        var out = try await corpus.rows(
            "SELECT uid || ' ' || content_hash || ' ' || coalesce(date, '') FROM article ORDER BY uid"
        ).map { try $0.decode(String.self) }
        out += try await corpus.rows(
            "SELECT u.url || ' ' || a.uid FROM article_url u JOIN article a ON a.id = u.article_id ORDER BY u.url"
        ).map { try $0.decode(String.self) }
        out += try await corpus.rows(
            """
            SELECT x.uid, y.uid, d.similarity FROM near_duplicate d
            JOIN article x ON x.id = d.a JOIN article y ON y.id = d.b ORDER BY 1, 2
            """
        ).map { row in
            let (a, b, similarity) = try row.decode((String, String, Double).self)
            return "near \(a) \(b) \(similarity)"
        }
        out.append("SELECT count(*) FROM article_lsh: \(try await corpus.count("SELECT count(*) FROM article_lsh"))")
        return out
    }
}

/// A `sinmun` process started now and waited for later, its output collected as it runs.
final class TeamProcess: @unchecked Sendable {
    private let process = Process()
    private let out = Pipe()
    private let err = Pipe()
    private let collected = Locked<(Data, Data)>((Data(), Data()))
    private let done = DispatchGroup()

    init(_ arguments: [String]) throws {
        process.executableURL = SinmunProcess.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SINMUN_DB")
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        for (pipe, isOut) in [(out, true), (err, false)] {
            done.enter()
            DispatchQueue.global().async { [collected, done] in
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.update {
                    if isOut { $0.0 = data } else { $0.1 = data }
                }
                done.leave()
            }
        }
        do {
            try process.run()
        } catch {
            // Nothing will write to the pipes: close them so the readers end.
            try? out.fileHandleForWriting.close()
            try? err.fileHandleForWriting.close()
            throw error
        }
    }

    var isRunning: Bool { process.isRunning }

    func wait() -> SinmunProcess.Output {
        process.waitUntilExit()
        done.wait()
        let (stdout, stderr) = collected.value
        return SinmunProcess.Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A value shared between threads behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}
