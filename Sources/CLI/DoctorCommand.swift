import ArgumentParser
import Foundation
import SinmunCollect
import SinmunRead
import SinmunStore

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Report what Sinmun found on this machine: the Korean analyser and its dictionary.",
        discussion: """
            Tells which MeCab library and which NK-HanDic dictionary Sinmun would use, their \
            versions and paths, and where it looked. Exits with status 1 when the Korean \
            analyser is missing (English works without it), saying what to install.
            """
    )

    @OptionGroup var analyzerOptions: AnalyzerOptions

    @Flag(name: .long, help: "Write machine-readable JSON to standard output.")
    var json = false

    struct Report: Encodable {
        var sinmun: String
        var sqlite: String
        var mecab: String?
        var dictionary: NKHanDic?
        var searched: [String]
        var koreanAnalyzer: Bool
        var problem: String?
    }

    func run() throws {
        var report = Report(
            sinmun: SinmunVersion.current, sqlite: CorpusStore.sqliteVersion, mecab: nil, dictionary: nil,
            searched: [], koreanAnalyzer: false, problem: nil)
        let environment = ProcessInfo.processInfo.environment
        if analyzerOptions.dicdir == nil, environment["SINMUN_NKHANDIC"] == nil {
            report.searched = NKHanDic.candidateFolders(environment: environment)
        }
        do {
            let analyzer = try KoreanAnalyzer(dicdir: analyzerOptions.dicdir, environment: environment)
            report.mecab = analyzer.mecabVersion
            report.dictionary = analyzer.dictionary
            report.koreanAnalyzer = true
        } catch {
            report.dictionary = try? NKHanDic.locate(option: analyzerOptions.dicdir, environment: environment)
            report.problem = error.description
        }
        if json {
            try Terminal.printJSON(report)
        } else {
            print("sinmun      \(report.sinmun)")
            print("sqlite      \(report.sqlite)")
            print("mecab       \(report.mecab.map { "\($0) (libmecab, loaded at run time)" } ?? "not loaded")")
            if let dictionary = report.dictionary {
                let version = dictionary.version ?? "unversioned"
                print("nk-handic   \(version) at \(dictionary.path) (found by \(dictionary.foundBy))")
            } else {
                print("nk-handic   not found")
                for folder in report.searched.prefix(8) { print("  searched  \(folder)") }
            }
            let korean =
                report.koreanAnalyzer ? "word-level analysis available" : "not available: \(report.problem ?? "")"
            print("korean      \(korean)")
            print("english     word-level analysis available (built in)")
        }
        if !report.koreanAnalyzer { throw ExitCode(1) }
    }
}
