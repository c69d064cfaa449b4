import Foundation
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
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite struct CommandLineTests {
    let feed = """
        {"title": "Drones Displayed", "body": "New drones were displayed at the exhibition.", "date": "2024-05-01", "outlet": "demo", "url": "http://example.org/1", "section": "Home"}
        {"title": "Drones Displayed", "body": "New drones were displayed at the exhibition.", "date": "2024-05-01", "outlet": "demo", "url": "http://example.org/2", "section": "Latest"}
        {"title": "Broken
        {"title": "인공지능 기술", "body": "인공지능기술을 도입하였다.", "date": "2024-06-02", "outlet": "demo"}
        """

    @Test func importReportsSkippedRecordsAndExitsNonZero() throws {
        #expect(FileManager.default.isExecutableFile(atPath: SinmunProcess.executable.path), "build the sinmun executable first")
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

    @Test(.enabled(if: SharedCorpus.available, SharedCorpus.skipMessage))
    func kcnaArchiveEndToEnd() throws {
        let db = Scratch.path("kcna.sqlite")
        let run = try SinmunProcess.run(["import", SharedCorpus.kcna.path, "--db", db])
        #expect(run.status == 0)
        #expect(run.stdout.contains("2111 records read, 1295 new articles, 816 merged as cross-listings or repeats"))
        let stats = try SinmunProcess.run(["stats", "--json", "--db", db])
        #expect((try stats.json() as? [String: Any])?["articles"] as? Int == 1295)
        // A rerun is idempotent.
        let again = try SinmunProcess.run(["import", SharedCorpus.kcna.path, "--db", db, "--json"])
        let files = try #require((try again.json() as? [String: Any])?["files"] as? [[String: Any]])
        #expect(files.first?["unchanged"] as? Int == 2111)
        #expect(files.first?["inserted"] as? Int == 0)
    }
}
