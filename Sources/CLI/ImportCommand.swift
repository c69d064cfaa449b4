import ArgumentParser
import Foundation
import SinmunCollect
import SinmunStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import archive files or folders into the corpus.",
        discussion: """
            Formats are detected from the name and first bytes; --format overrides:
              kcna-json     KCNA archive JSON array {topic, headline, link, date, story_text}
              rodong-jsonl  Rodong Sinmun JSON Lines {url, title, content[], byline}, date from newsID=
              text          a folder of .txt files, date from the file name (1987.txt, 2024-03-01-x.txt);
                            outlet (unless --outlet) the one a file's header names, else the one the
                            folder's SOURCE.md or README.md names (Rodong Sinmun, KCNA), else unknown
              rodong-html   saved rodong.rep.kp article pages (.html), a file or a folder
              kcna-html     saved kcna.kp article pages (.html), a file or a folder
              jsonl, json, csv   generic records; fields found by name, see --map

            With --db postgres://USER@HOST:PORT/DB the articles go to a PostgreSQL corpus, by \
            the same rules; several imports may run at once, each waiting its turn to commit.

            A folder holding JSON, JSON Lines or CSV files is imported file by file, each in the \
            format detected for it (saved pages beside them one by one, .txt files together).

            Generic field names (first found wins; --map puts yours first):
              title: title, headline      body: body, text, content, story_text
              date: date, date_str, published, pubdate     url: url, urls, link
              outlet: outlet, source, publisher            lang: lang, language
              section: section, sections, topic, category  page: page   byline: byline, author

            The same article listed under several sections or addresses is stored once with all \
            of them; re-importing a file changes nothing. A bad record is reported with its file \
            and line (or record number) and skipped; the command then exits with status 1. \
            --strict stops at the first bad record and writes nothing from that source.
            """
    )

    @Argument(help: "Files or folders to import.")
    var paths: [String]

    @Option(help: ArgumentHelp("Read every path as this format.", valueName: "format"))
    var format: String?

    @Option(
        help: ArgumentHelp(
            "Field mapping for generic formats, e.g. title=headline,body=story_text.", valueName: "mapping"))
    var map: String?

    @Option(help: ArgumentHelp("Outlet for records that name none (rodong, kcna, or any name).", valueName: "name"))
    var outlet: String?

    @Option(help: ArgumentHelp("Edition language for records that give none (ko, en, zh ...).", valueName: "code"))
    var lang: String?

    @Flag(help: "Stop at the first bad record and import nothing from that source.")
    var strict = false

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let chosenFormat: ImportFormat?
        if let format {
            guard let parsed = ImportFormat(rawValue: format) else {
                let known = ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown format '\(format)'; known: \(known)")
            }
            chosenFormat = parsed
        } else {
            chosenFormat = nil
        }
        let fieldMap = try map.map(FieldMap.init(parsing:)) ?? FieldMap()
        let options = ImportOptions(fieldMap: fieldMap, outlet: outlet.map(Outlet.init(name:)), language: lang)
        var reports: [ImportReport] = []
        var failures: [String] = []
        // A folder of data files is imported file by file, each by its own detected format.
        var sources: [(path: String, format: ImportFormat?)] = []
        for path in paths {
            if chosenFormat != nil {
                sources.append((path, chosenFormat))
                continue
            }
            do {
                sources += try ImportFormat.sources(at: URL(fileURLWithPath: path)).map { ($0.url.path, $0.format) }
            } catch {
                sources.append((path, nil))
            }
        }
        try await common.withBackend { store in
            for source in sources {
                do {
                    reports.append(
                        try Self.importPath(
                            source.path, into: store, format: source.format, options: options, strict: strict,
                            json: common.json))
                } catch let issue as ImportIssue {
                    failures.append(issue.description)
                    Terminal.error("error: \(issue)\(strict ? " (--strict: nothing imported from this source)" : "")")
                    if strict { break }
                }
            }
        }
        let skipped = reports.reduce(0) { $0 + $1.skipped }
        if common.json {
            try Terminal.printJSON(ImportOutput(files: reports, failedSources: failures, skipped: skipped))
        } else if reports.count > 1 {
            let total = reports.reduce(into: ImportReport(source: "all", format: "")) { sum, r in
                sum.recordsRead += r.recordsRead
                sum.inserted += r.inserted
                sum.merged += r.merged
                sum.unchanged += r.unchanged
                sum.skipped += r.skipped
            }
            print(
                "total: \(total.recordsRead) records read, \(total.inserted) new, \(total.merged) merged, "
                    + "\(total.unchanged) already present, \(total.skipped) skipped")
        }
        if skipped > 0 || !failures.isEmpty {
            if !common.json {
                Terminal.error(
                    "\(skipped) record(s) skipped and \(failures.count) source(s) failed; see the messages above.")
            }
            throw ExitCode(1)
        }
    }

    struct ImportOutput: Encodable {
        var files: [ImportReport]
        var failedSources: [String]
        var skipped: Int
    }

    /// Imports one file or folder with a progress bar on a terminal, reporting skipped records
    /// as they are found and the summary after (unless writing JSON).
    static func importPath(
        _ path: String, into store: any ImportBackend, format: ImportFormat? = nil,
        options: ImportOptions = ImportOptions(),
        strict: Bool = false, json: Bool
    ) throws -> ImportReport {
        let bar = ProgressBar(label: (path as NSString).lastPathComponent, enabled: Terminal.stderrIsTTY && !json)
        defer { bar.finish() }
        let report = try store.importArchive(
            URL(fileURLWithPath: path), format: format, options: options, strict: strict, progress: bar.update,
            onIssue: { issue in
                bar.finish()
                Terminal.error("skipped: \(issue)")
            })
        bar.finish()
        if !json { print(summary(report)) }
        return report
    }

    static func summary(_ r: ImportReport) -> String {
        var parts = [
            "\(r.recordsRead) records read", "\(r.inserted) new articles",
            "\(r.merged) merged as cross-listings or repeats",
        ]
        if r.unchanged > 0 { parts.append("\(r.unchanged) already imported") }
        parts.append("\(r.headlineOnly) headline-only (no text: kept for counts, not searched in body)")
        if r.completed > 0 { parts.append("\(r.completed) headline-only items completed by their text") }
        if r.revisions > 0 { parts.append("\(r.revisions) revised texts kept as revisions") }
        parts.append("\(r.nearDuplicateLinks) near-duplicate links")
        parts.append("\(r.skipped) skipped")
        return "\(r.source) [\(r.format)]: " + parts.joined(separator: ", ")
    }
}
