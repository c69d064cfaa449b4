import Foundation
import SinmunCollect
import SinmunRead
import SinmunStore

/// Reported-speech attribution compared with hand labels: is the speaker found, and is it
/// the right one.
///
/// Two kinds of label file are read. A sentence file (a `sentence` column, with `speaker` and
/// `quote`, as in `shared/labels/ko-ai-dev`) is read sentence by sentence, so a pronoun whose
/// antecedent stood in an earlier sentence cannot be resolved there. A span file (`article`,
/// `sentence_start`, `sentence_end`, `speaker`, `speaker_start`, `speaker_end`, `quote_start`,
/// `quote_end`, as in `Labels/attribution-dev.csv`) names sentences of corpus articles, which
/// are read whole.
public struct QuoteEvaluation: Codable, Sendable {
    /// The label file.
    public var file: String
    /// Labelled units (rows) compared.
    public var units: Int
    /// Speaker precision, recall and F1 with intervals: a found speaker that is not the
    /// labelled one counts as a false positive and a false negative.
    public var speaker: AgreementStatistics.Scores
    /// Whether a speaker is found where one is labelled, whoever it is: a pronoun left
    /// unresolved counts here (a sentence file cannot give its antecedent).
    public var detection: AgreementStatistics.Scores
    /// Rows left out: in a sentence file, those whose speaker is named only by the outlet that
    /// quotes the sentence (the quote is the whole sentence), which no reading of the text finds.
    public var excluded: Int
    /// Of the speakers found right with a labelled quote, the share whose quote overlaps the
    /// labelled words by at least half (of the longer of the two).
    public var quoteAgreement: Double?
    /// The rows the finder got wrong, to read and mend the rules.
    public var errors: [Error]
    /// Rows that could not be read or placed.
    public var problems: [String]

    /// One disagreement.
    public struct Error: Codable, Sendable {
        /// The row's id.
        public var id: String
        /// `false positive`, `false negative` or `wrong speaker`.
        public var kind: String
        /// The labelled speaker ("" for none).
        public var expected: String
        /// The speaker found ("" for none).
        public var found: String
        /// The sentence (from the label file or the corpus).
        public var sentence: String
    }

    /// Whether two speaker strings name the same speaker: equal, or one contains the other,
    /// spaces and punctuation aside.
    static func sameSpeaker(_ a: String, _ b: String) -> Bool {
        func plain(_ s: String) -> String {
            String(s.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
        }
        let x = plain(a)
        let y = plain(b)
        guard !x.isEmpty, !y.isEmpty else { return false }
        return x.contains(y) || y.contains(x)
    }

    /// Overlap of two ranges relative to the longer one.
    static func overlap(_ a: Range<Int>, _ b: Range<Int>) -> Double {
        let shared = max(0, min(a.upperBound, b.upperBound) - max(a.lowerBound, b.lowerBound))
        return Double(shared) / Double(max(a.count, b.count, 1))
    }

    /// Evaluates the finder on a sentence file.
    public static func sentences(_ set: LabelSet, catalogue: SpeakerCatalogue) -> QuoteEvaluation {
        var pairs: [(predicted: Bool, actual: Bool)] = []
        var detected: [(predicted: Bool, actual: Bool)] = []
        var errors: [Error] = []
        var quoteHits = 0
        var quoteTrials = 0
        var excluded = 0
        for key in set.keys {
            guard let row = set.sentences[key] else { continue }
            let whole = row.text.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
            if row.speaker != nil,
                row.quote.map({ $0.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters)) == whole })
                    ?? false
            {
                excluded += 1
                continue
            }
            let ranges = SentenceSplitter.sentences(in: row.text).map { range -> Range<Int> in
                let lower = row.text.utf8.distance(from: row.text.startIndex, to: range.lowerBound)
                return lower..<(lower + row.text.utf8.distance(from: range.lowerBound, to: range.upperBound))
            }
            let found = ReportedSpeech.quotes(in: row.text, sentences: ranges, catalogue: catalogue).first {
                !$0.speaker.isEmpty
            }
            let expected = row.speaker ?? ""
            let right = found.map { sameSpeaker($0.speaker, expected) } ?? false
            detected.append((found != nil, !expected.isEmpty))
            record(
                &pairs, &errors, id: key, expected: expected, found: found?.speaker ?? "", right: right,
                sentence: row.text)
            if right, let labelled = row.quote, let words = row.text.range(of: labelled) {
                let lower = row.text.utf8.distance(from: row.text.startIndex, to: words.lowerBound)
                quoteTrials += 1
                if let quote = found?.quote, overlap(quote, lower..<(lower + labelled.utf8.count)) >= 0.5 {
                    quoteHits += 1
                }
            }
        }
        return QuoteEvaluation(
            file: set.file, units: detected.count, speaker: AgreementStatistics.scores(pairs: pairs),
            detection: AgreementStatistics.scores(pairs: detected), excluded: excluded,
            quoteAgreement: quoteTrials > 0 ? Double(quoteHits) / Double(quoteTrials) : nil, errors: errors,
            problems: set.problems)
    }

    /// Adds one unit's outcome: a wrong speaker is both a false positive and a false negative.
    static func record(
        _ pairs: inout [(predicted: Bool, actual: Bool)], _ errors: inout [Error], id: String, expected: String,
        found: String, right: Bool, sentence: String
    ) {
        switch (found.isEmpty, expected.isEmpty) {
        case (true, true): pairs.append((false, false))
        case (false, true):
            pairs.append((true, false))
            errors.append(Error(id: id, kind: "false positive", expected: "", found: found, sentence: sentence))
        case (true, false):
            pairs.append((false, true))
            errors.append(Error(id: id, kind: "false negative", expected: expected, found: "", sentence: sentence))
        case (false, false):
            if right {
                pairs.append((true, true))
            } else {
                pairs.append((true, false))
                pairs.append((false, true))
                errors.append(
                    Error(id: id, kind: "wrong speaker", expected: expected, found: found, sentence: sentence))
            }
        }
    }
}
