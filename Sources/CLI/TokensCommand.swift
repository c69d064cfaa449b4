import ArgumentParser
import Foundation
import SinmunCode
import SinmunRead
import SinmunStore

struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Show a text's words: surface, lemma, part of speech and offsets.",
        discussion: """
            Korean is read with MeCab and NK-HanDic (North Korean spellings, words and loanwords \
            are in the dictionary); English with Sinmun's tokenizer (the lemma is the stem). \
            Offsets are UTF-8 byte offsets into the text given (or into the article's body \
            with --article). A token may end inside a syllable (강조하였다 is 강조 + 하여 + ᆻ + \
            다), so two tokens can share one. --json writes the list as \
            [{"surface","lemma","pos","start","end","hanja"?,"northern"?}]. With no text and \
            no --article, standard input is read.

              sinmun tokens '조선로동당 중앙위원회는 인공지능기술을 적극 받아들여'
              sinmun tokens --article 1a2b3c4d5e6f --json
            """
    )

    @Argument(help: "The text to analyse.") var text: String?

    @Option(help: ArgumentHelp("Analyse this article's body instead (its id, as search shows it).", valueName: "id"))
    var article: String?

    @OptionGroup var analyzerOptions: AnalyzerOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if text != nil && article != nil { throw ValidationError("give a text or --article, not both") }
    }

    func run() throws {
        let input: String
        var language: String?
        if let article {
            guard let detail = try common.openStore().article(id: article) else {
                throw ValidationError(
                    "no article with id '\(article)' in \(CorpusStore.resolvePath(option: common.db))")
            }
            input = detail.body
            language = detail.lang
        } else if let text {
            input = text
        } else {
            input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let tokens = try analyzerOptions.wordAnalyzer().tokens(in: input, language: language)
        if common.json {
            try Terminal.printJSON(tokens)
            return
        }
        for token in tokens {
            var line = token.surface.padding(12) + token.lemma.padding(14) + token.pos.padding(5)
            line += "\(token.start)-\(token.end)"
            if let hanja = token.hanja { line += "  \(hanja)" }
            if token.northern == true { line += "  북한어" }
            print(line)
        }
        let terms = TermExtraction.occurrences(tokens, text: input)
        var seen = Set<String>()
        let listed = terms.filter { seen.insert($0.key).inserted }.map { "\($0.form)→\($0.key)" }
        if !listed.isEmpty { print("\nterms: " + listed.joined(separator: "  ")) }
    }
}
