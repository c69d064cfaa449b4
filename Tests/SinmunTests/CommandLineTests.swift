import Foundation
import GRDB
import SinmunBench
import SinmunCollect
import SinmunStore
import Testing

/// Runs the built `sinmun` executable, as a user would.
struct SinmunProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sinmun")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SINMUN_DB")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// ``run(_:environment:)`` off the concurrency pool, for tests whose own process must go on
    /// answering (a webhook receiver) while the command runs.
    static func runOffPool(_ arguments: [String], environment: [String: String] = [:]) async throws -> Output {
        try await offThePool { try run(arguments, environment: environment) }
    }
}

@Suite struct CommandLineTests {
    let feed = """
        {"title": "Drones Displayed", "body": "New drones were displayed at the exhibition.", "date": "2024-05-01", \
        "outlet": "demo", "url": "http://example.org/1", "section": "Home"}
        {"title": "Drones Displayed", "body": "New drones were displayed at the exhibition.", "date": "2024-05-01", \
        "outlet": "demo", "url": "http://example.org/2", "section": "Latest"}
        {"title": "Broken
        {"title": "인공지능 기술", "body": "인공지능기술을 도입하였다.", "date": "2024-06-02", "outlet": "demo"}
        """

    @Test func importReportsSkippedRecordsAndExitsNonZero() throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: SinmunProcess.executable.path),
            "build the sinmun executable first")
        let db = Scratch.path("cli.sqlite")
        let file = try Scratch.file("feed.jsonl", feed)
        let run = try SinmunProcess.run(["import", file.path, "--db", db, "--json"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(file.path): line 3: malformed JSON"))
        let report = try #require(try run.json() as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        #expect(files.first?["recordsRead"] as? Int == 4)
        #expect(files.first?["inserted"] as? Int == 2)
        #expect(files.first?["merged"] as? Int == 1)
        #expect(report["skipped"] as? Int == 1)

        let stats = try SinmunProcess.run(["stats", "--json", "--db", db])
        #expect(stats.status == 0)
        #expect((try stats.json() as? [String: Any])?["articles"] as? Int == 2)

        let search = try SinmunProcess.run(["search", "drone", "--json", "--db", db])
        #expect(search.status == 0)
        let hits = try #require(try search.json() as? [[String: Any]])
        #expect(hits.count == 1)
        #expect(hits.first?["title"] as? String == "Drones Displayed")
        #expect(hits.first?["date"] as? String == "2024-05-01")
        #expect(hits.first?["urls"] as? [String] == ["http://example.org/1", "http://example.org/2"])

        let korean = try SinmunProcess.run(["search", "인공지능", "--db", db])
        #expect(korean.stdout.contains("**인공지능**기술을"))
    }

    @Test func databaseComesFromTheEnvironment() throws {
        let db = Scratch.path("env.sqlite")
        let file = try Scratch.file("one.jsonl", "{\"title\": \"T\", \"body\": \"B\", \"date\": \"2024-01-01\"}\n")
        #expect(try SinmunProcess.run(["import", file.path], environment: ["SINMUN_DB": db]).status == 0)
        #expect(FileManager.default.fileExists(atPath: db))
        let stats = try SinmunProcess.run(["stats", "--json"], environment: ["SINMUN_DB": db])
        #expect((try stats.json() as? [String: Any])?["articles"] as? Int == 1)
    }

    @Test func missingFileAndBadOptionsGiveClearErrors() throws {
        let db = Scratch.path("err.sqlite")
        let missing = try SinmunProcess.run(["import", "/nonexistent/archive.json", "--db", db])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/archive.json: no such file or folder"))
        let badFormat = try SinmunProcess.run(["import", "x.json", "--format", "pdf", "--db", db])
        #expect(badFormat.status != 0)
        #expect(badFormat.stderr.contains("unknown format 'pdf'"))
        let badDate = try SinmunProcess.run(["search", "x", "--from", "soon", "--db", db])
        #expect(badDate.status != 0)
        #expect(badDate.stderr.contains("--from 'soon' is not a date"))
    }

    /// The library's errors (store, measure, codebook, labels, import) reach the user as one line, unwrapped.
    @Test func libraryErrorsPrintAsOneLine() throws {
        let db = Scratch.path("errors.sqlite")
        let cases: [([String], String)] = [
            (["trend", "ai", "--db", db], "the corpus holds no dated articles: import an archive first"),
            (["trend", "--query", "x", "--db", "/nonexistent/folder/x.sqlite"], "cannot open the corpus database "),
            (["codebook", "check", "/nonexistent/book.yaml"], "/nonexistent/book.yaml"),
            (["validate", "--labels", "/nonexistent/labels.csv", "--db", db], "cannot read the label file"),
            (["import", "x.json", "--map", "title", "--db", db], "--map: expected FIELD=SOURCE_NAME, got 'title'"),
        ]
        for (arguments, message) in cases {
            let run = try SinmunProcess.run(arguments)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stderr.hasPrefix("Error: ") && run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "one line, no usage: \(run.stderr)")
        }
    }

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func kcnaArchiveEndToEnd() throws {
        let db = Scratch.path("kcna.sqlite")
        let run = try SinmunProcess.run(["import", SharedCorpus.kcna.path, "--db", db])
        #expect(run.status == 0)
        #expect(run.stdout.contains("2111 records read, 1275 new articles, 836 merged as cross-listings or repeats"))
        let stats = try SinmunProcess.run(["stats", "--json", "--db", db])
        #expect((try stats.json() as? [String: Any])?["articles"] as? Int == 1275)
        // A rerun is idempotent.
        let again = try SinmunProcess.run(["import", SharedCorpus.kcna.path, "--db", db, "--json"])
        let files = try #require((try again.json() as? [String: Any])?["files"] as? [[String: Any]])
        #expect(files.first?["unchanged"] as? Int == 2111)
        #expect(files.first?["inserted"] as? Int == 0)
    }
}

@Suite struct CodingCommandLineTests {
    @Test func codeCodesKwicAndValidate() throws {
        let db = Scratch.path("coding-cli.sqlite")
        let feed = try Scratch.file(
            "feed.jsonl",
            """
            {"title": "Drone Test", "body": "The leader called for introducing artificial intelligence into drone \
            development.", "date": "2024-08-26", "url": "http://example.org/a"}
            {"title": "Spy Statement", "body": "The intelligence agency of the enemy was exposed.", \
            "date": "2024-09-24", "url": "http://example.org/b"}
            """)
        #expect(try SinmunProcess.run(["import", feed.path, "--db", db]).status == 0)
        let code = try SinmunProcess.run(["code", "--db", db, "--json"])
        #expect(code.status == 0)
        #expect((try code.json() as? [String: Any])?["coded"] as? Int == 2)

        let codes = try SinmunProcess.run(["codes", "--json", "--db", db])
        let records = try #require(try codes.json() as? [[String: Any]])
        #expect(records.count == 2)
        let drone = try #require(records.first { $0["title"] as? String == "Drone Test" })
        #expect(drone["date"] as? String == "2024-08-26")
        #expect(drone["urls"] as? [String] == ["http://example.org/a"])
        let ai = try #require((drone["codes"] as? [String: Any])?["ai"] as? [String: Any])
        #expect(ai["level"] as? String != nil)
        let evidence = try #require(ai["evidence"] as? [[String: Any]])
        #expect(
            evidence.first?["sentence"] as? String
                == "The leader called for introducing artificial intelligence into drone development.")
        #expect(((drone["codes"] as? [String: Any])?["military"]) != nil)
        let spy = try #require(records.first { $0["title"] as? String == "Spy Statement" })
        #expect((spy["codes"] as? [String: Any])?.isEmpty == true)

        let lines = try SinmunProcess.run(["codes", "--jsonl", "--db", db])
        #expect(lines.stdout.split(separator: "\n").count == 2)

        let kwic = try SinmunProcess.run(["kwic", "artificial intelligence", "--json", "--db", db])
        let hits = try #require(try kwic.json() as? [[String: Any]])
        #expect(hits.first?["keyword"] as? String == "artificial intelligence")
        #expect(hits.first?["pre"] as? String == "The leader called for introducing ")

        let labels = try Scratch.file(
            "labels.csv",
            "url,ai,military,flavour\nhttp://example.org/a,1,1,0\nhttp://example.org/b,1,0,0\n"
                + "http://example.org/zzz,0,0,0\n")
        let validate = try SinmunProcess.run(["validate", "--labels", labels.path, "--json", "--db", db])
        #expect(validate.status == 0)
        let report = try #require(try validate.json() as? [String: Any])
        #expect((report["unknownKeys"] as? [String])?.count == 1)
        #expect(report["unknownCodes"] as? [String] == ["flavour"])
        #expect(validate.stderr.contains("not in the corpus"))
        let figures = try #require((report["codes"] as? [[String: Any]])?.first { $0["code"] as? String == "ai" })
        let scores = try #require(figures["scores"] as? [String: Any])
        #expect(scores["truePositives"] as? Int == 1)
        #expect(scores["falseNegatives"] as? Int == 1)
        #expect(scores["precision"] as? Double == 1)
        #expect(scores["recall"] as? Double == 0.5)
    }

    @Test func badCodebookNamesFileAndLine() throws {
        let book = try Scratch.file(
            "bad.yaml", "codebook: x\ncodes:\n  ai:\n    terms: [a]\n    context: {codes: [missing]}\n")
        let run = try SinmunProcess.run(["codebook", "check", book.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("\(book.path):3: code 'ai': a rule names the missing code 'missing'"))
        let db = Scratch.path("bad-book.sqlite")
        let code = try SinmunProcess.run(["code", "--codebook", book.path, "--db", db])
        #expect(code.status != 0)
    }
}

@Suite struct StudyCommandLineTests {
    @Test func studyImportsCodesAndReports() throws {
        let db = Scratch.path("study.sqlite")
        let out = Scratch.directory.appendingPathComponent("study-\(UUID().uuidString)").path
        let run = try SinmunProcess.run([
            "study", DemoCorpusTests.demo.path, "--db", db, "--out", out, "--generated-at", "fixed",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        for file in ["report.html", "report.md", "report.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file))
        }
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))
            as? [String: Any]
        #expect((json?["volume"] as? [String: Any])?["total"] as? Int == 4)
        // A second run into the same folder needs --force.
        let again = try SinmunProcess.run(["report", "--db", db, "--out", out])
        #expect(again.status != 0)
        #expect(again.stderr.contains("--force"))
        #expect(
            try SinmunProcess.run(["report", "--db", db, "--out", out, "--force", "--generated-at", "fixed"]).status
                == 0)
    }
}

/// The scale benchmark at a tiny size, so it cannot rot (no timing assertions).
@Suite(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
struct ScaleBenchmarkSmokeTests {
    @Test func benchmarkRunsEndToEnd() throws {
        let workdir = Scratch.directory.appendingPathComponent("bench-\(UUID().uuidString)")
        let run = try SinmunProcess.run([
            "bench", "scale", "--articles", "800", "--workdir", workdir.path, "--corpora", SharedCorpus.root.path,
            "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try #require(try run.json() as? [[String: Any]])
        let first = try #require(results.first)
        #expect(first["articles"] as? Int == 800)
        // The analyze step (and the term index's size) where the Korean analyser is installed.
        let steps =
            Analyzers.available
            ? ["import", "code", "analyze", "trend + change points", "report"]
            : ["import", "code", "trend + change points", "report"]
        #expect((first["steps"] as? [[String: Any]])?.map { $0["name"] as? String } == steps)
        if Analyzers.available {
            let ratio = try #require(first["termIndexToText"] as? Double)
            #expect(ratio > 0)
        }
        let queries = try #require(first["queries"] as? [[String: Any]])
        let hits = Dictionary(
            uniqueKeysWithValues: queries.compactMap { query in
                (query["query"] as? String).map { ($0, query["hits"] as? Int ?? -1) }
            })
        #expect(queries.count == SearchLatency.cases.count)
        #expect((hits["lemma:조선로동당"] ?? 0) > 0 || !Analyzers.available)
        // A filtered search counts within its query's matches.
        #expect((hits["경제 [2024]"] ?? 0) > 0 && (hits["경제 [2024]"] ?? 0) < (hits["경제"] ?? 0))
        #expect((hits["Kim Jong Un [KCNA]"] ?? 0) > 0 && (hits["Kim Jong Un [KCNA]"] ?? 0) < (hits["Kim Jong Un"] ?? 0))
        #expect(FileManager.default.fileExists(atPath: workdir.appendingPathComponent("bench-scale.svg").path))
        // The codebook's own Python peer ran on the same articles, and its ratio is written.
        #expect(first["regexPeerArticles"] as? Int == 800)
        #expect((first["codingVersusRegexPeer"] as? Double ?? 0) > 0)
        // The generated articles are marked synthetic in the store.
        let stats = try SinmunProcess.run([
            "stats", "--json", "--db", workdir.appendingPathComponent("bench-800.sqlite").path,
        ])
        let object = try #require(try stats.json() as? [String: Any])
        #expect(object["synthetic"] as? Int == object["articles"] as? Int)
        #expect((object["articles"] as? Int ?? 0) > 700)
    }
}

/// An import killed with SIGKILL between transactions, then run again, leaves the same corpus
/// as a clean import: articles, addresses, near-duplicate links, LSH keys and the index.
@Suite struct KilledImportTests {
    /// Bulletins of invented words, each its own text; every 500th repeats an earlier body with
    /// one word changed (a near duplicate), every 700th is listed again at a second address.
    static func bulletins(_ count: Int) throws -> URL {
        let syllables = ["ka", "ro", "mi", "tan", "sel", "vo", "ner", "qui", "bal", "dor", "fen", "gu", "hal", "jem"]
        let hangul = ["가", "로", "미", "탄", "설", "보", "너", "키", "발", "도", "펜", "구", "할", "젬"]
        var random = SplitMix64(seed: 7)
        func word(_ parts: [String]) -> String {
            (0..<(2 + Int(random.next() % 3))).map { _ in parts[Int(random.next() % UInt64(parts.count))] }.joined()
        }
        var bodies: [String] = []
        var lines: [String] = []
        for i in 0..<count {
            var text =
                (0..<40).map { _ in word(syllables) }.joined(separator: " ") + ". "
                + (0..<20).map { _ in word(hangul) }.joined(separator: " ") + "."
            if i % 500 == 499 { text = bodies[i - 250] + " Seedlings." }
            bodies.append(text)
            let date = String(format: "%04d-%02d-%02d", 1995 + i % 30, 1 + i % 12, 1 + i % 28)
            let record: [String: Any] = [
                "title": "Bulletin \(i)", "body": text, "date": date, "url": "http://bulletin.test/\(i)", "lang": "en",
            ]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self))
            if i % 700 == 0 {
                var again = record
                again["url"] = "http://bulletin.test/again/\(i)"
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: again), as: UTF8.self))
            }
        }
        return try Scratch.file("bulletins.jsonl", lines.joined(separator: "\n"))
    }

    /// What an import leaves, by stable ids (row ids may differ between runs).
    static func contents(_ path: String) throws -> [String] {
        let store = try CorpusStore(path: path)
        return try store.read { db in
            var out = try Row.fetchAll(db, sql: "SELECT uid, content_hash, date FROM article ORDER BY uid").map {
                "\($0["uid"] as String) \($0["content_hash"] as String) \($0["date"] as String? ?? "")"
            }
            out += try Row.fetchAll(
                db,
                sql: "SELECT u.url, a.uid FROM article_url u JOIN article a ON a.id = u.article_id ORDER BY u.url"
            ).map { "\($0["url"] as String) \($0["uid"] as String)" }
            out += try Row.fetchAll(
                db,
                sql: """
                    SELECT x.uid AS a, y.uid AS b, d.similarity FROM near_duplicate d
                    JOIN article x ON x.id = d.a JOIN article y ON y.id = d.b ORDER BY 1, 2
                    """
            ).map { "near \($0["a"] as String) \($0["b"] as String) \($0["similarity"] as Double)" }
            for count in [
                "SELECT count(*) FROM article_lsh", "SELECT count(*) FROM article_fts",
                "SELECT count(*) FROM provenance",
            ] {
                out.append("\(count): \(try Int.fetchOne(db, sql: count) ?? -1)")
            }
            return out
        }
            + [SearchQuery("seedlings"), SearchQuery("가로"), SearchQuery("karo")].map {
                "search \($0.clauses.map(\.text)): \(try store.search($0).total)"
            }
    }

    @Test func aKilledImportRunAgainEqualsACleanOne() async throws {
        // Its waits block: off the pool, where they would starve the other tests.
        let run = try await offThePool { try Self.killAnImportAndRunItAgain() }
        #expect(run.clean.status == 0, "\(run.clean.stderr)")
        #expect(run.atKill > 0 && run.atKill < 19_000, "killed between transactions: \(run.atKill) articles stored")
        #expect(run.rerun.status == 0, "\(run.rerun.stderr)")
        #expect(run.expected.count == run.actual.count)
        #expect(
            run.expected == run.actual,
            "first difference: \(zip(run.expected, run.actual).first { $0 != $1 }.map { "\($0)" } ?? "lengths")")
        #expect(run.expected.contains { $0.hasPrefix("near ") }, "the fixture has near duplicates")
    }

    /// A clean import, and one killed with SIGKILL after its first commit then run again: the
    /// runs, the articles stored at the kill, and both databases' contents.
    private static func killAnImportAndRunItAgain() throws -> (
        clean: SinmunProcess.Output, atKill: Int, rerun: SinmunProcess.Output, expected: [String], actual: [String]
    ) {
        // Two transactions of the import (five batches each): killed after the first commits.
        let file = try Self.bulletins(20_000)
        let clean = Scratch.path("clean.sqlite")
        let cleanRun = try SinmunProcess.run(["import", file.path, "--db", clean, "--json"])

        let killed = Scratch.path("killed.sqlite")
        _ = try CorpusStore(path: killed)  // created and migrated, so its count can be polled
        let process = Process()
        process.executableURL = SinmunProcess.executable
        process.arguments = ["import", file.path, "--db", killed]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Killed (no clean-up) once a first transaction has committed.
        let watcher = try CorpusStore(path: killed)
        var stored = 0
        // A blocking wait: a task's sleep can overrun by seconds while other tests hold the threads.
        for _ in 0..<30_000 where stored == 0 && process.isRunning {
            usleep(2_000)
            stored = try watcher.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0 }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let atKill = try watcher.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0 }
        let rerun = try SinmunProcess.run(["import", file.path, "--db", killed, "--json"])
        return (cleanRun, atKill, rerun, try Self.contents(clean), try Self.contents(killed))
    }
}
