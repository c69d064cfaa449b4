import ArgumentParser
import Foundation
import SinmunCode
import SinmunRead
import SinmunStore

/// `--dicdir`, shared by the commands that read Korean word by word.
struct AnalyzerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "NK-HanDic's dictionary folder.",
            discussion: "Default: $SINMUN_NKHANDIC, else the installed nkhandic package's dicdir.",
            valueName: "dir"))
    var dicdir: String?

    /// The analyser for both languages; Korean only where MeCab and NK-HanDic were found.
    func wordAnalyzer() -> WordAnalyzer { WordAnalyzer(dicdir: dicdir) }

    /// The Korean analyser, or a one-line error saying what to install.
    func koreanAnalyzer() throws -> KoreanAnalyzer {
        try KoreanAnalyzer(dicdir: dicdir)
    }
}

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Build the term index: every article's words, by lemma, counted.",
        discussion: """
            Korean articles are read word by word with MeCab and NK-HanDic, the North Korean \
            dictionary: each word is counted under its lemma and tag (받아들여 and 받아들이며 \
            under 받아들이다/VV), North and South spellings under one key (로동 and 노동), \
            nouns printed as one word also as compounds (인공지능기술, and 인공지능). English \
            articles are counted by word stem. The index keeps each article's counts and each \
            term's document frequency per month; `sinmun search 'lemma:받아들이다'` reads it.

            Incremental, like `code`: only new or changed articles are analysed (and all of \
            them after a dictionary upgrade), on all cores, 2,000 articles per transaction, so a \
            killed run resumes. Without MeCab or NK-HanDic, English articles are analysed and Korean \
            ones are left for later (the command says what to install and exits with status 1).

              sinmun analyze
              sinmun analyze --dicdir ~/nkhandic/dicdir --json
            """
    )

    @OptionGroup var analyzerOptions: AnalyzerOptions
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let analyzer = analyzerOptions.wordAnalyzer()
        let bar = ProgressBar(label: "analysing", enabled: Terminal.stderrIsTTY && !common.json)
        let report = try await common.withBackend { store in
            try store.analyze(with: analyzer) { done, total in
                bar.update(total > 0 ? Double(done) / Double(total) : 1)
            }
        }
        bar.finish()
        if common.json {
            try Terminal.printJSON(report)
        } else {
            let rate = report.seconds > 0 ? report.megabytes / report.seconds : 0
            let megabytes = String(format: "%.1f", report.megabytes)
            print(
                "analysed \(report.analysed) article(s) (\(megabytes) MB, \(String(format: "%.2f", rate)) MB/s), "
                    + "\(report.upToDate) already up to date, \(report.termOccurrences) term occurrences, "
                    + "in \(String(format: "%.2f", report.seconds)) s")
            if let korean = analyzer.korean { print("Korean: \(korean.signature)") }
        }
        if report.skippedKorean > 0, let reason = analyzer.koreanUnavailable {
            Terminal.error("\(report.skippedKorean) Korean article(s) not analysed: \(reason)")
            throw ExitCode(1)
        }
    }
}
