import ArgumentParser
import Foundation
import SinmunCode
import SinmunCollect
import SinmunMeasure
import SinmunShow
import SinmunStore

/// Options shared by `report` and `study`.
struct ReportOptionGroup: ParsableArguments {
    @Option(help: ArgumentHelp("Folder for report.html, report.md and report.json.", valueName: "dir"))
    var out: String

    @Flag(help: "Write into --out even if it is not empty.")
    var force = false

    @OptionGroup var filters: FilterOptions

    @Option(help: ArgumentHelp("Date for the before/after test (default: the strongest change point).", valueName: "date"))
    var compareAt: String?

    @Option(name: .customLong("labels"), help: ArgumentHelp("Human labels to report validation figures (repeatable).", valueName: "file"))
    var labels: [String] = []

    @Option(help: ArgumentHelp("The generation-time line; fix it (e.g. 'fixed') for byte-identical reports.", valueName: "text"))
    var generatedAt: String?

    @Option(help: ArgumentHelp("Period unit: month, quarter or year (default: from the corpus's span).", valueName: "unit"))
    var by: Period?

    func write(store: CorpusStore, codebook: Codebook, json: Bool) throws {
        let coding = try store.code(with: codebook)
        let sets: [LabelSet]
        do { sets = try labels.map(LabelSet.load(path:)) } catch let failure as ValidationFailure { throw ValidationError(failure.description) }
        let options = ReportOptions(
            filter: try filters.filter(),
            compareAt: try compareAt.map { try parseDateOption($0, name: "--compare-at")!.isoString },
            labels: sets, generatedAt: generatedAt ?? ISO8601DateFormatter().string(from: Date()), period: by)
        let report = try store.studyReport(codebook: codebook, options: options)
        let directory = URL(fileURLWithPath: out)
        do { try ReportRenderer.write(report, to: directory, force: force) } catch let error as ReportError { throw ValidationError(error.description) }
        if json {
            struct Written: Encodable { var out: String; var files: [String]; var coded: Int; var notes: [String] }
            try Terminal.printJSON(Written(out: directory.path, files: ["report.html", "report.md", "report.json"], coded: coding.coded, notes: report.notes))
        } else {
            if coding.coded > 0 { print("coded \(coding.coded) article(s) with \(codebook.name)") }
            print("wrote \(directory.appendingPathComponent("report.html").path) (and report.md, report.json)")
            for note in report.notes { print("note: \(note)") }
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the study report: self-contained HTML with SVG charts, Markdown and JSON.",
        discussion: """
            Codes what is not yet coded, then reports: corpus coverage, the concept's volume over \
            time with intervals and change points, frames and the before/after test, actors with \
            their quotes, leader guidance, indicators of institutionalisation, an evidence table \
            and the method (codebook and corpus hashes, validation figures with --labels). The \
            same inputs give the same bytes, but for the generation line (--generated-at fixes it).

              sinmun report --out report/ --outlet kcna
            """
    )

    @Argument(help: "A built-in codebook name or a codebook file.") var codebook = "ai-discourse"
    @OptionGroup var report: ReportOptionGroup
    @OptionGroup var common: CommonOptions

    func run() throws {
        let book: Codebook
        do { book = try BuiltInCodebooks.load(codebook) } catch let error as CodebookError { throw ValidationError(error.description) }
        try report.write(store: try common.openStore(), codebook: book, json: common.json)
    }
}

struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "The main job in one command: import archives, code them, write the report.",
        discussion: """
              sinmun study ../shared/corpora/kcna-en-2024/headlines_2024-11-11.json --out report/
              sinmun study Demo/demo-corpus.jsonl --db demo.sqlite --out demo-report/
            Paths already imported are skipped record by record; with no path, the corpus in the \
            database is coded and reported as it is.
            """
    )

    @Argument(help: "Archive files or folders to import first.") var paths: [String] = []
    @Option(help: ArgumentHelp("A built-in codebook name or a codebook file.", valueName: "name|path")) var codebook = "ai-discourse"
    @OptionGroup var report: ReportOptionGroup
    @OptionGroup var common: CommonOptions

    func run() throws {
        let book: Codebook
        do { book = try BuiltInCodebooks.load(codebook) } catch let error as CodebookError { throw ValidationError(error.description) }
        let store = try common.openStore()
        var skipped = 0
        for path in paths {
            do {
                skipped += try ImportCommand.importPath(path, into: store, json: common.json).skipped
            } catch let issue as ImportIssue {
                throw ValidationError(issue.description)
            }
        }
        try report.write(store: store, codebook: book, json: common.json)
        if skipped > 0 {
            Terminal.error("\(skipped) record(s) were skipped at import; see the messages above.")
            throw ExitCode(1)
        }
    }
}
