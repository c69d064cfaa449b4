import Foundation
import SinmunCollect
import SinmunRead
import SinmunStore

extension QuoteEvaluation {
    /// One row of a span file: a sentence of a corpus article and who speaks in it.
    struct SpanRow {
        var id: String
        var article: String
        var sentence: Range<Int>
        var speaker: String
        var speakerSpan: Range<Int>?
        var quote: Range<Int>?
        var line: Int
    }

    /// Reads a span file (`Labels/attribution-dev.csv`).
    static func spanRows(path: String) throws -> (rows: [SpanRow], problems: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationFailure.unreadable(path: path)
        }
        var columns: [String: Int]?
        var rows: [SpanRow] = []
        var problems: [String] = []
        try CSVParser.parse(data) { row in
            guard let values = row.strings(), row.error == nil else {
                problems.append("\(path): line \(row.line): \(row.error ?? "invalid UTF-8")")
                return
            }
            guard let names = columns else {
                columns = Dictionary(values.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                guard columns?["article"] != nil, columns?["sentence_start"] != nil else {
                    throw ValidationFailure.noKeyColumn(path: path, line: row.line)
                }
                return
            }
            func text(_ name: String) -> String {
                guard let index = names[name], index < values.count else { return "" }
                return values[index].trimmingCharacters(in: .whitespaces)
            }
            func span(_ start: String, _ end: String) -> Range<Int>? {
                guard let lower = Int(text(start)), let upper = Int(text(end)), 0 <= lower, lower <= upper else {
                    return nil
                }
                return lower..<upper
            }
            guard let sentence = span("sentence_start", "sentence_end") else {
                problems.append("\(path): line \(row.line): no sentence span (two offsets, start ≤ end)")
                return
            }
            if text("speaker").isEmpty, span("speaker_start", "speaker_end") != nil {
                problems.append("\(path): line \(row.line): a speaker span without a speaker; the row is left out")
                return
            }
            rows.append(
                SpanRow(
                    id: text("id"), article: text("article"), sentence: sentence, speaker: text("speaker"),
                    speakerSpan: span("speaker_start", "speaker_end"), quote: span("quote_start", "quote_end"),
                    line: row.line))
        }
        return (rows, problems)
    }

    /// Evaluates the finder on a span file, reading each labelled article whole from `store`.
    public static func spans(path: String, store: CorpusStore, catalogue: SpeakerCatalogue) throws -> QuoteEvaluation {
        var (rows, problems) = try spanRows(path: path)
        var pairs: [(predicted: Bool, actual: Bool)] = []
        var detected: [(predicted: Bool, actual: Bool)] = []
        var errors: [Error] = []
        var quoteHits = 0
        var quoteTrials = 0
        var units = 0
        for (address, articleRows) in Dictionary(grouping: rows, by: \.article).sorted(by: { $0.key < $1.key }) {
            guard let id = try store.articleID(address: address), let article = try store.article(id: id) else {
                problems.append("\(path): not in the corpus: \(address)")
                rows.removeAll { $0.article == address }
                continue
            }
            let body = article.body
            let sentences = ArticleCoder.sentences(title: "", body: body).map { $0.start..<$0.end }
            let quotes = ReportedSpeech.quotes(in: body, sentences: sentences, catalogue: catalogue)
            for (span, labelled) in Dictionary(grouping: articleRows, by: \.sentence).sorted(by: {
                $0.key.lowerBound < $1.key.lowerBound
            }) {
                guard span.upperBound <= body.utf8.count else {
                    problems.append("\(path): line \(labelled[0].line): the span is past the end of the article")
                    continue
                }
                units += labelled.count
                // One speaker quoted twice in a sentence (`Expressing …, he stressed …`) is one unit.
                var found: [ReportedSpeech.Quote] = []
                for quote in quotes where overlap(quote.sentence, span) >= 0.5 && !quote.speaker.isEmpty {
                    if !found.contains(where: { $0.speaker == quote.speaker && $0.speakerRange == quote.speakerRange })
                    {
                        found.append(quote)
                    }
                }
                let sentence = body.utf8Slice(span)
                let speakers = labelled.filter { !$0.speaker.isEmpty }.count
                for index in 0..<max(speakers, found.isEmpty ? 1 : found.count) {
                    detected.append((index < found.count, index < speakers))
                }
                for row in labelled {
                    guard !row.speaker.isEmpty else { continue }
                    let match = found.firstIndex { quote in
                        if let mine = quote.speakerRange, let theirs = row.speakerSpan, mine.overlaps(theirs) {
                            return true
                        }
                        return sameSpeaker(quote.speaker, row.speaker)
                    }
                    if let match {
                        pairs.append((true, true))
                        if let labelledQuote = row.quote {
                            quoteTrials += 1
                            if let quote = found[match].quote, overlap(quote, labelledQuote) >= 0.5 { quoteHits += 1 }
                        }
                        found.remove(at: match)
                    } else {
                        pairs.append((false, true))
                        errors.append(
                            Error(
                                id: row.id, kind: "false negative", expected: row.speaker,
                                found: found.first?.speaker ?? "", sentence: sentence))
                    }
                }
                for extra in found {
                    pairs.append((true, false))
                    errors.append(
                        Error(
                            id: labelled[0].id, kind: "false positive",
                            expected: labelled.map(\.speaker).filter { !$0.isEmpty }.joined(separator: "; "),
                            found: extra.speaker, sentence: sentence))
                }
                if labelled.allSatisfy(\.speaker.isEmpty) && found.isEmpty { pairs.append((false, false)) }
            }
        }
        return QuoteEvaluation(
            file: path, units: units, speaker: AgreementStatistics.scores(pairs: pairs),
            detection: AgreementStatistics.scores(pairs: detected), excluded: 0,
            quoteAgreement: quoteTrials > 0 ? Double(quoteHits) / Double(quoteTrials) : nil, errors: errors,
            problems: problems)
    }
}
