import ArgumentParser
import Foundation
import SinmunPostgres
import SinmunStore

struct DbCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a corpus between SQLite and PostgreSQL, resumably, and verify the copy.",
        discussion: """
            Copies the articles with their addresses, sections, sources and provenance, \
            near-duplicate links, revisions and coding results, from a SQLite file into a \
            PostgreSQL database or back, and builds the target's full-text index (on PostgreSQL, \
            of the same tokens as SQLite's). A PostgreSQL target must exist (createdb); a SQLite \
            target is created. The target must be empty, or hold an earlier run of the same \
            copy: articles go over in batches, each in one transaction, so a copy that was \
            stopped resumes where it stopped when run again, and a rerun of a finished copy \
            writes nothing (a source that only gained articles since gets them).

            A PostgreSQL target that received articles is then vacuumed and analyzed, so its \
            first searches are planned from statistics of the copied rows. Then both sides are \
            counted and digested table by table (every value of every row) and hashed (SHA-256 \
            over every article's uid and content hash in uid order, the report's snapshot hash); \
            any difference is printed and the status is 1.

              sinmun db copy sinmun.sqlite postgres://analyst@localhost:5432/sinmun
              PGPASSWORD=… sinmun db copy sinmun.sqlite postgres://analyst@db.example.org/sinmun --json
              sinmun db copy postgres://analyst@localhost:5432/sinmun team-copy.sqlite

            The URL is postgres://USER[:PASSWORD]@HOST[:PORT]/DB, with ?sslmode=require for TLS; \
            without a password in it, PGPASSWORD is used. The term index, crawl ledger, human \
            labels and watch tables are not copied.
            """
    )

    @Argument(
        help: ArgumentHelp("The corpus to copy: a SQLite file, or postgres://USER@HOST:PORT/DB.", valueName: "from"))
    var from: String

    @Argument(
        help: ArgumentHelp("Where to: a PostgreSQL URL (from a file), or a SQLite file (from a URL).", valueName: "to"))
    var to: String

    @Option(help: "Articles per batch (one transaction each).")
    var batchSize = 500

    @Flag(name: .long, help: "Write the report as JSON to standard output.")
    var json = false

    func validate() throws {
        guard PostgresLocation.isURL(from) != PostgresLocation.isURL(to) else {
            throw ValidationError(
                "one side must be a SQLite file and the other a PostgreSQL URL (postgres://USER@HOST:PORT/DB)")
        }
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be 1 to 100000") }
    }

    func run() async throws {
        let toPostgres = PostgresLocation.isURL(to)
        // Opening a missing source file would create an empty corpus and copy nothing.
        guard !toPostgres || FileManager.default.fileExists(atPath: from) else {
            throw StoreError.cannotOpen(path: from, reason: "no such file")
        }
        let corpus = try await PostgresCorpus.open(toPostgres ? to : from)
        let bar = ProgressBar(label: "copy", enabled: Terminal.stderrIsTTY && !json)
        let report: CopyReport
        do {
            let store = try CorpusStore(path: toPostgres ? from : to)
            report =
                toPostgres
                ? try await corpus.copy(from: store, batchSize: batchSize, progress: bar.update)
                : try await corpus.copy(to: store, batchSize: batchSize, progress: bar.update)
            bar.finish()
            await corpus.close()
        } catch {
            bar.finish()
            await corpus.close()
            throw error
        }
        if json {
            try Terminal.printJSON(report)
        } else {
            print(Self.summary(report))
        }
        if report.verification?.matches != true {
            Terminal.error("the copy does not match its source: see the counts and hashes above")
            throw ExitCode(1)
        }
    }

    /// The report as a person reads it: what was copied, then each table's counts and the hashes.
    static func summary(_ report: CopyReport) -> String {
        let rate = report.seconds > 0 ? Double(report.copied) / report.seconds : 0
        var lines = [
            "copied \(report.copied) article(s) in \(report.batches) batch(es) to \(report.target) "
                + String(format: "in %.1f s (%.0f articles/s)", report.seconds, rate)
                + (report.alreadyCopied > 0 ? "; \(report.alreadyCopied) were there already" : "")
        ]
        guard let check = report.verification else { return lines.joined(separator: "\n") }
        let names = report.direction.names
        lines.append("")
        lines.append("table".padding(18) + names.source.padding(12) + names.target)
        for table in check.tables {
            let mark =
                table.source != table.target
                ? "  ← differs" : table.sourceDigest != table.targetDigest ? "  ← same count, other values" : ""
            lines.append(table.table.padding(18) + "\(table.source)".padding(12) + "\(table.target)" + mark)
        }
        lines.append("full-text index: \(check.indexedArticles) article(s)")
        lines.append("snapshot hash: \(names.source.padding(11))\(check.sourceHash)")
        lines.append("               \(names.target.padding(11))\(check.targetHash)")
        lines.append(check.matches ? "verified: every count, every row's values and the hash agree" : "MISMATCH")
        return lines.joined(separator: "\n")
    }
}
