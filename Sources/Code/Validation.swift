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
    public var file: String
    /// Code names, in column order.
    public var codes: [String]
    /// Key (url or id) → code → label.
    public var labels: [String: [String: Bool]]
    /// Keys in file order.
    public var keys: [String]
    public var keyColumn: String
    /// Rows that could not be read, with their line.
    public var problems: [String]

    static let ignoredColumns: Set<String> = ["title", "date", "coder", "notes", "note", "outlet"]

    public static func load(path: String) throws -> LabelSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationFailure("\(path): cannot read the label file")
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
                    throw ValidationFailure("\(path): line \(row.line): the header needs a 'url' or 'id' column")
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
        guard header != nil else { throw ValidationFailure("\(path): the label file is empty") }
        return set
    }
}

public struct ValidationFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Automatic coding compared with human labels.
public struct ValidationReport: Codable, Sendable {
    public struct CodeFigures: Codable, Sendable {
        public var code: String
        public var labelled: Int
        public var scores: AgreementStatistics.Scores
        public var misclassified: [Misclassified]
        /// Agreement among the label files (two or more), when given.
        public var cohensKappa: Double?
        public var krippendorffAlpha: Double?
    }

    public struct Misclassified: Codable, Sendable {
        /// `false positive` (coded, not labelled) or `false negative`.
        public var kind: String
        public var key: String
        public var date: String?
        public var title: String
        public var level: String?
        public var evidence: String?
    }

    public var codebook: String
    public var labelFiles: [String]
    public var articlesMatched: Int
    public var codes: [CodeFigures]
    /// Label rows whose url/id is not in the corpus.
    public var unknownKeys: [String]
    /// Label columns that are not codes of the codebook.
    public var unknownCodes: [String]
    public var problems: [String]
}

extension CorpusStore {
    /// Compares stored coding with label files; the first file is the reference for
    /// precision and recall, all files together for agreement.
    public func validate(codebook: Codebook, labelSets: [LabelSet]) throws -> ValidationReport {
        guard let reference = labelSets.first else { throw ValidationFailure("no label file given") }
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
