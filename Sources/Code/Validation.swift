import Foundation
import SinmunCollect
import SinmunRead
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
    /// A sentence set's rows by id (empty for a file of article labels): the labelled text
    /// itself, coded in memory rather than looked up in the corpus.
    public var sentences: [String: LabelledSentence] = [:]

    /// Whether the file labels sentences it quotes (a `sentence` column) rather than articles
    /// of the corpus.
    public var isSentenceSet: Bool { !sentences.isEmpty }

    static let ignoredColumns: Set<String> = ["title", "date", "coder", "notes", "note", "outlet"]

    /// Reads a label file; bad rows go to ``problems``, a file without a key column throws.
    public static func load(path: String) throws -> LabelSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationFailure.unreadable(path: path)
        }
        return try parse(data, file: path)
    }

    /// Reads labels from CSV data (`file` names them in messages); bad rows go to
    /// ``problems``, data without a key column throws.
    public static func parse(_ data: Data, file path: String) throws -> LabelSet {
        var header: [String]?
        var set = LabelSet(file: path, codes: [], labels: [:], keys: [], keyColumn: "url", problems: [])
        var keyIndex = 0
        var codeColumns: [(Int, String)] = []
        var sentenceColumns: [String: Int]?
        try CSVParser.parse(data) { row in
            guard let values = row.strings(), row.error == nil else {
                set.problems.append("\(path): line \(row.line): \(row.error ?? "invalid UTF-8")")
                return
            }
            guard let columns = header else {
                let names = values.map { $0.trimmingCharacters(in: .whitespaces) }
                // A sentence file is keyed by its rows' ids (several rows may share an article's url).
                let keyNames: Set<String> = names.contains("sentence") && names.contains("id") ? ["id"] : ["url", "id"]
                guard let key = names.firstIndex(where: keyNames.contains) else {
                    throw ValidationFailure.noKeyColumn(path: path, line: row.line)
                }
                if names.contains("sentence") {
                    sentenceColumns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                }
                keyIndex = key
                set.keyColumn = names[key]
                let ignored = sentenceColumns == nil ? ignoredColumns : ignoredColumns.union(LabelledSentence.columns)
                codeColumns = names.enumerated().filter { $0.offset != key && !ignored.contains($0.element) }.map {
                    ($0.offset, $0.element)
                }
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
            if let columns = sentenceColumns {
                set.sentences[key] = LabelledSentence(key: key, values: values, columns: columns)
            }
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

    /// One code group's pooled figures.
    public struct GroupFigures: Codable, Sendable {
        /// `concept`, `frame`, `actor` or `indicator`.
        public var group: String
        /// Labelled (unit, code) pairs pooled.
        public var units: Int
        /// Micro-averaged precision, recall and F1, with intervals.
        public var scores: AgreementStatistics.Scores
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
    /// Micro-averaged figures per code group (every labelled code and unit pooled): frames
    /// and actors as a whole.
    public var groups: [GroupFigures]
    /// Label rows whose url/id is not in the corpus.
    public var unknownKeys: [String]
    /// Label columns that are not codes of the codebook.
    public var unknownCodes: [String]
    /// Label rows that could not be read, with file and line.
    public var problems: [String]
}

extension CodingBackend {
    /// Compares stored coding with label files; the first file is the reference for
    /// precision and recall, all files together for agreement. A sentence file (a `sentence`
    /// column) is coded in memory instead: its rows are not articles of the corpus.
    public func validate(
        codebook: Codebook, labelSets: [LabelSet], words: WordAnalyzer? = nil
    ) throws
        -> ValidationReport
    {
        guard let reference = labelSets.first else { throw ValidationFailure.noLabelFiles }
        if reference.isSentenceSet {
            return try ValidationReport.compare(codebook: codebook, labelSets: labelSets, words: words)
        }
        var byKey: [String: CodedArticle] = [:]
        try codedArticles(codebook: codebook.name, filter: ArticleFilter()) { article in
            byKey[article.id] = article
            for url in article.urls { byKey[url] = article }
        }
        return ValidationReport.compare(codebook: codebook, labelSets: labelSets, coded: byKey)
    }
}

extension ValidationReport {
    /// Codes the sentences of sentence label files in memory, each as an article of its own,
    /// and compares the result with their labels.
    public static func compare(
        codebook: Codebook, labelSets: [LabelSet], words: WordAnalyzer? = nil
    ) throws
        -> ValidationReport
    {
        guard !labelSets.isEmpty else { throw ValidationFailure.noLabelFiles }
        let coder = ArticleCoder(codebook: codebook, words: words)
        var byKey: [String: CodedArticle] = [:]
        for set in labelSets {
            for (key, row) in set.sentences where byKey[key] == nil {
                let codes = coder.code(title: "", body: row.text)
                byKey[key] = CodedArticle(
                    id: key, outlet: row.outlet ?? "", lang: "", date: row.date, title: row.text, urls: [],
                    sections: [], codes: Dictionary(uniqueKeysWithValues: codes.map { ($0.code, $0) }))
            }
        }
        return compare(codebook: codebook, labelSets: labelSets, coded: byKey)
    }

    /// Compares coded articles (by url or id) with label files.
    static func compare(
        codebook: Codebook, labelSets: [LabelSet], coded byKey: [String: CodedArticle]
    )
        -> ValidationReport
    {
        let labelSets = labelSets.map { $0.expanded(for: codebook) }
        let reference = labelSets[0]
        let knownCodes = Set(codebook.codes.map(\.name))
        let unknownCodes = Array(Set(labelSets.flatMap(\.codes)).subtracting(knownCodes)).sorted()
        let unknownKeys = labelSets.flatMap { set in set.keys.filter { byKey[$0] == nil }.map { "\(set.file): \($0)" } }
        let matchedKeys = reference.keys.filter { byKey[$0] != nil }
        var figures: [CodeFigures] = []
        var pairsByGroup: [CodeGroup: [(predicted: Bool, actual: Bool)]] = [:]
        for code in codebook.codes where reference.codes.contains(code.name) {
            var pairs: [(predicted: Bool, actual: Bool)] = []
            var misclassified: [Misclassified] = []
            for key in matchedKeys {
                guard let actual = reference.labels[key]?[code.name], let article = byKey[key] else { continue }
                let assigned = article.codes[code.name]
                pairs.append((assigned != nil, actual))
                if (assigned != nil) != actual {
                    misclassified.append(
                        .init(
                            kind: actual ? "false negative" : "false positive", key: key, date: article.date,
                            title: article.title, level: assigned?.level, evidence: assigned?.evidence.first?.sentence))
                }
            }
            pairsByGroup[code.group, default: []] += pairs
            let (kappa, alpha) = agreement(code: code.name, labelSets: labelSets)
            figures.append(
                .init(
                    code: code.name, labelled: pairs.count, scores: AgreementStatistics.scores(pairs: pairs),
                    misclassified: misclassified, cohensKappa: kappa, krippendorffAlpha: alpha))
        }
        let groups = CodeGroup.allCases.compactMap { group -> GroupFigures? in
            guard let pairs = pairsByGroup[group], !pairs.isEmpty else { return nil }
            return GroupFigures(
                group: group.rawValue, units: pairs.count, scores: AgreementStatistics.scores(pairs: pairs))
        }
        return ValidationReport(
            codebook: codebook.name, labelFiles: labelSets.map(\.file), articlesMatched: matchedKeys.count,
            codes: figures, groups: groups, unknownKeys: unknownKeys, unknownCodes: unknownCodes,
            problems: labelSets.flatMap(\.problems))
    }

    /// Cohen's kappa (first two files) and Krippendorff's alpha (all) for one code.
    static func agreement(code: String, labelSets: [LabelSet]) -> (kappa: Double?, alpha: Double?) {
        guard labelSets.count >= 2 else { return (nil, nil) }
        let keys = Set(labelSets.flatMap(\.keys))
        let units: [[Bool?]] = keys.sorted().map { key in labelSets.map { $0.labels[key]?[code] } }
        let both = units.filter { $0[0] != nil && $0[1] != nil }
        return (
            AgreementStatistics.cohensKappa(both.map { $0[0]! }, both.map { $0[1]! }),
            AgreementStatistics.krippendorffAlphaNominal(units)
        )
    }
}
