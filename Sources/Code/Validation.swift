import Foundation
import SinmunCollect
import SinmunStore

/// Human labels: a CSV with a `url` (or `id`) column and one column per code.
///
/// A cell of `1`, `yes`, `true`, `x`, `focus` or `mention` means the coder gave the article
/// the code; `0`, `no`, `false` or `none` means not; an empty cell means not judged (left
/// out of that code's figures). Columns named `title`, `date`, `coder` and `notes` are
/// ignored, so a coder can keep them for reference. See `Docs/codebooks.md`.
public struct LabelSet: Sendable {
    /// The CSV file the labels came from.
    public var file: String
    /// Code names, in column order.
    public var codes: [String]
    /// Key (url or id) → code → label.
    public var labels: [String: [String: Bool]]
    /// Keys in file order.
    public var keys: [String]
    /// The column articles are matched by: `url` or `id`.
    public var keyColumn: String
    /// Rows that could not be read, with their line.
    public var problems: [String]

    static let ignoredColumns: Set<String> = ["title", "date", "coder", "notes", "note", "outlet"]

    /// Reads a label file; bad rows go to ``problems``, a file without a key column throws.
    public static func load(path: String) throws -> LabelSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationFailure.unreadable(path: path)
        }
        var header: [String]?
        var set = LabelSet(file: path, codes: [], labels: [:], keys: [], keyColumn: "url", problems: [])
        var keyIndex = 0
        var codeColumns: [(Int, String)] = []
        try CSVParser.parse(data) { row in
            guard let values = row.strings(), row.error == nil else {
                set.problems.append("\(path): line \(row.line): \(row.error ?? "invalid UTF-8")")
                return
            }
            guard let columns = header else {
                let names = values.map { $0.trimmingCharacters(in: .whitespaces) }
                guard let key = names.firstIndex(where: { $0 == "url" || $0 == "id" }) else {
                    throw ValidationFailure.noKeyColumn(path: path, line: row.line)
                }
                keyIndex = key
                set.keyColumn = names[key]
                codeColumns = names.enumerated().filter { $0.offset != key && !ignoredColumns.contains($0.element) }.map
                { ($0.offset, $0.element) }
                set.codes = codeColumns.map(\.1)
                header = names
                return
            }
            guard values.count == columns.count else {
                set.problems.append(
                    "\(path): line \(row.line): expected \(columns.count) fields, found \(values.count)")
                return
            }
            let key = values[keyIndex].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                set.problems.append("\(path): line \(row.line): empty \(set.keyColumn)")
                return
            }
            if set.labels[key] != nil {
                set.problems.append("\(path): line \(row.line): \(key) is labelled twice; the first row is used")
                return
            }
            var labelled: [String: Bool] = [:]
            for (index, code) in codeColumns {
                switch values[index].trimmingCharacters(in: .whitespaces).lowercased() {
                case "": continue
                case "1", "yes", "true", "x", "focus", "mention": labelled[code] = true
                case "0", "no", "false", "none": labelled[code] = false
                case let other:
                    set.problems.append("\(path): line \(row.line): '\(other)' for \(code) is not a label (use 1/0)")
                }
            }
            set.labels[key] = labelled
            set.keys.append(key)
        }
        guard header != nil else { throw ValidationFailure.empty(path: path) }
        return set
    }
}

/// Why human labels could not be read or compared; its description is a message for the user.
public enum ValidationFailure: Error, CustomStringConvertible, Sendable, Equatable {
    /// The label file cannot be read.
    case unreadable(path: String)
    /// The header row (at this line) has neither a `url` nor an `id` column.
    case noKeyColumn(path: String, line: Int)
    /// The label file holds no rows at all.
    case empty(path: String)
    /// Validation was asked for without a label file.
    case noLabelFiles

    /// The message, as `sinmun validate` prints it.
    public var description: String {
        switch self {
        case .unreadable(let path): return "\(path): cannot read the label file"
        case .noKeyColumn(let path, let line): return "\(path): line \(line): the header needs a 'url' or 'id' column"
        case .empty(let path): return "\(path): the label file is empty"
        case .noLabelFiles: return "no label file given"
        }
    }
}

/// Automatic coding compared with human labels.
public struct ValidationReport: Codable, Sendable {
    /// One code's figures.
    public struct CodeFigures: Codable, Sendable {
        /// The code's name.
        public var code: String
        /// Articles the reference file labels for this code and the corpus holds.
        public var labelled: Int
        /// Precision, recall and F1 against the reference file, with intervals.
        public var scores: AgreementStatistics.Scores
        /// The articles coder and reference disagree on, to read and mend the codebook.
        public var misclassified: [Misclassified]
        /// Agreement among the label files (two or more), when given.
        public var cohensKappa: Double?
        /// Krippendorff's alpha (nominal) across all the label files, when two or more are given.
        public var krippendorffAlpha: Double?
    }

    /// An article the coder and the reference labels disagree on.
    public struct Misclassified: Codable, Sendable {
        /// `false positive` (coded, not labelled) or `false negative`.
        public var kind: String
        /// The url or id the label file names it by.
        public var key: String
        /// `YYYY-MM-DD`; nil when undated.
        public var date: String?
        /// The headline.
        public var title: String
        /// The level the coder gave (`focus`, `mention`); nil for a false negative.
        public var level: String?
        /// The coder's first evidence sentence; nil for a false negative.
        public var evidence: String?
    }

    /// The codebook validated.
    public var codebook: String
    /// The label files, the reference first.
    public var labelFiles: [String]
    /// Reference rows found in the corpus.
    public var articlesMatched: Int
    /// Figures per code the reference file labels.
    public var codes: [CodeFigures]
    /// Label rows whose url/id is not in the corpus.
    public var unknownKeys: [String]
    /// Label columns that are not codes of the codebook.
    public var unknownCodes: [String]
    /// Label rows that could not be read, with file and line.
    public var problems: [String]
}

extension CorpusStore {
    /// Compares stored coding with label files; the first file is the reference for
    /// precision and recall, all files together for agreement.
    public func validate(codebook: Codebook, labelSets: [LabelSet]) throws -> ValidationReport {
        guard let reference = labelSets.first else { throw ValidationFailure.noLabelFiles }
        var byKey: [String: CodedArticle] = [:]
        try codedArticles(codebook: codebook.name) { article in
            byKey[article.id] = article
            for url in article.urls { byKey[url] = article }
        }
        let knownCodes = Set(codebook.codes.map(\.name))
        let unknownCodes = Array(Set(labelSets.flatMap(\.codes)).subtracting(knownCodes)).sorted()
        let unknownKeys = labelSets.flatMap { set in set.keys.filter { byKey[$0] == nil }.map { "\(set.file): \($0)" } }
        let matchedKeys = reference.keys.filter { byKey[$0] != nil }
        var figures: [ValidationReport.CodeFigures] = []
        for code in codebook.codes.map(\.name) where reference.codes.contains(code) {
            var pairs: [(predicted: Bool, actual: Bool)] = []
            var misclassified: [ValidationReport.Misclassified] = []
            for key in matchedKeys {
                guard let actual = reference.labels[key]?[code], let article = byKey[key] else { continue }
                let assigned = article.codes[code]
                pairs.append((assigned != nil, actual))
                if (assigned != nil) != actual {
                    misclassified.append(
                        .init(
                            kind: actual ? "false negative" : "false positive", key: key, date: article.date,
                            title: article.title, level: assigned?.level, evidence: assigned?.evidence.first?.sentence))
                }
            }
            var kappa: Double?
            var alpha: Double?
            if labelSets.count >= 2 {
                let keys = Set(labelSets.flatMap(\.keys))
                let units: [[Bool?]] = keys.sorted().map { key in labelSets.map { $0.labels[key]?[code] } }
                alpha = AgreementStatistics.krippendorffAlphaNominal(units)
                let both = units.filter { $0[0] != nil && $0[1] != nil }
                kappa = AgreementStatistics.cohensKappa(both.map { $0[0]! }, both.map { $0[1]! })
            }
            figures.append(
                .init(
                    code: code, labelled: pairs.count, scores: AgreementStatistics.scores(pairs: pairs),
                    misclassified: misclassified, cohensKappa: kappa, krippendorffAlpha: alpha))
        }
        return ValidationReport(
            codebook: codebook.name, labelFiles: labelSets.map(\.file), articlesMatched: matchedKeys.count,
            codes: figures, unknownKeys: unknownKeys, unknownCodes: unknownCodes,
            problems: labelSets.flatMap(\.problems))
    }
}
