import ArgumentParser
import Foundation
import SinmunCode
import SinmunRead
import SinmunStore

struct QuotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quotes",
        abstract: "List who is quoted saying what: speakers, reported words and the actors they speak for.",
        discussion: """
            `sinmun code` records the reported speech of every article the concept reaches: \
            Korean …고 말하였다 (강조하였다, 지적하였다, 밝히였다 …), …라고 하면서, 《…》 \
            quotations and 담화/연설/기자회견/대답 by a named speaker; English said, noted, \
            stressed, pointed out (that), `"…," he said`, participles (Saying that …, he …) and \
            according to. A pronoun (그는, he) or \
            a title alone (대통령은, the President) carries the last named speaker of the article. \
            Speakers are tied to actors by the codebook's names (see Docs/codebooks.md).

              sinmun quotes --actor actor_russia --concept ai
              sinmun quotes --text '로씨야대통령 뿌찐은 인공지능이 미래를 좌우한다고 강조하였다.'
              sinmun quotes --labels Labels/attribution-dev.csv

            --json writes a list of {article, date, title, speaker, actor, sentence, quote, verb, \
            conceptInQuote, start, end}; start and end are UTF-8 byte offsets of the reported \
            words in the article's body. --labels compares the speakers found with a label file \
            (a span file like Labels/attribution-dev.csv, read against the database, or a \
            sentence file like ../shared/labels/ko-ai-dev/sentences.csv) and prints precision and \
            recall with 95% intervals.
            """
    )

    @Option(help: ArgumentHelp("Only quotes of this actor code (actor_russia ...).", valueName: "code"))
    var actor: String?

    @Option(help: ArgumentHelp("Only quotes whose reported words carry this concept code.", valueName: "code"))
    var concept: String?

    @Option(help: ArgumentHelp("Find the quotes in this text instead of the database.", valueName: "text"))
    var text: String?

    @Option(help: ArgumentHelp("Compare the speakers found with a label file.", valueName: "file"))
    var labels: String?

    @Option(help: "Disagreements listed with --labels.")
    var show = 10

    @OptionGroup var codebookOption: CodebookOption
    @OptionGroup var filters: FilterOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        let codebook = try codebookOption.load()
        if let actor, codebook.code(named: actor)?.group != .actor {
            let known = codebook.codes.filter { $0.group == .actor }.map(\.name).joined(separator: ", ")
            throw ValidationError("'\(actor)' is not an actor code of \(codebook.name); actors: \(known)")
        }
        if let concept, codebook.code(named: concept)?.group != .concept {
            let known = codebook.codes.filter { $0.group == .concept }.map(\.name).joined(separator: ", ")
            throw ValidationError("'\(concept)' is not a concept code of \(codebook.name); concepts: \(known)")
        }
        if let text {
            try printFound(in: text, codebook: codebook)
        } else if let labels {
            try evaluate(labels, codebook: codebook)
        } else {
            try list(codebook: codebook)
        }
    }

    func list(codebook: Codebook) throws {
        let store = try common.openStore()
        let coverage = try store.codingCoverage(codebook: codebook.name)
        if coverage.coded < coverage.articles || coverage.hash != codebook.hash {
            Terminal.error("note: the corpus is not fully coded by this version of \(codebook.name); run `sinmun code`")
        }
        let records = try store.quoteRecords(
            codebook: codebook.name, actor: actor, conceptOnly: concept != nil, filter: try filters.filter())
        if common.json {
            try Terminal.printJSON(records)
            return
        }
        for record in records {
            let who = record.actor.map { "\(record.speaker) [\($0)]" } ?? record.speaker
            print("\(record.date ?? "undated")  \(who) \(record.verb)\(record.conceptInQuote ? "  (concept)" : "")")
            print("   « \(record.quote ?? record.sentence) »\n   \(record.title) (\(record.article))")
        }
        print("\(records.count) quote(s)")
    }

    func printFound(in text: String, codebook: Codebook) throws {
        let ranges = SentenceSplitter.sentences(in: text).map { text.utf8Offsets(of: $0) }
        let quotes = ReportedSpeech.quotes(in: text, sentences: ranges, catalogue: codebook.speakerCatalogue)
        if common.json {
            struct Found: Encodable {
                var speaker, resolution, verb: String
                var actor, quote: String?
            }
            try Terminal.printJSON(
                quotes.map {
                    Found(
                        speaker: $0.speaker, resolution: $0.resolution.rawValue, verb: $0.verb, actor: $0.actor,
                        quote: $0.quote.map { text.utf8Slice($0) })
                })
            return
        }
        for quote in quotes {
            print("\(quote.speaker) (\(quote.resolution.rawValue)\(quote.actor.map { ", \($0)" } ?? "")) \(quote.verb)")
            if let words = quote.quote { print("   « \(text.utf8Slice(words)) »") }
        }
        if quotes.isEmpty { print("no reported speech found") }
    }

    func evaluate(_ path: String, codebook: Codebook) throws {
        let set = try? LabelSet.load(path: path)
        let evaluation: QuoteEvaluation
        if let set, set.isSentenceSet {
            evaluation = QuoteEvaluation.sentences(set, catalogue: codebook.speakerCatalogue)
        } else {
            evaluation = try QuoteEvaluation.spans(
                path: path, store: try common.openStore(), catalogue: codebook.speakerCatalogue)
        }
        for problem in evaluation.problems { Terminal.error("warning: \(problem)") }
        if common.json {
            try Terminal.printJSON(evaluation)
            return
        }
        print("\(evaluation.units) labelled unit(s) in \(evaluation.file)")
        if evaluation.excluded > 0 {
            print("(\(evaluation.excluded) row(s) left out: their speaker is named only by the quoting outlet)")
        }
        print(ScoreText.header)
        print(ScoreText.row("speaker (right one)", units: evaluation.units, evaluation.speaker))
        print(ScoreText.row("speech (anyone)", units: evaluation.units, evaluation.detection))
        print(
            "quote overlaps the labelled words (right speakers with a labelled quote): "
                + ScoreText.value(evaluation.quoteAgreement))
        for error in evaluation.errors.prefix(show) {
            print("\n\(error.id)  \(error.kind): expected '\(error.expected)', found '\(error.found)'")
            print("   « \(error.sentence) »")
        }
    }
}
