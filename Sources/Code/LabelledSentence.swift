import Foundation

/// One row of a sentence label file: a quoted sentence with its labels, as in
/// `shared/labels/ko-ai-dev/sentences.csv`.
///
/// Columns: `id`, `sentence`, `ai` (0/1), `frames` and `actors` (`;`-separated code names;
/// `actors` may omit the `actor_` prefix), and for attribution `speaker` (as printed, or the
/// antecedent of a pronoun) and `quote` (the reported words, a substring of the sentence).
/// `date`, `outlet`, `source_url` and `note` are kept for reference.
public struct LabelledSentence: Sendable, Hashable {
    /// The row's id.
    public var key: String
    /// The sentence as printed.
    public var text: String
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as labelled.
    public var date: String?
    /// The outlet as labelled.
    public var outlet: String?
    /// The frame codes the labeller gave.
    public var frames: [String]
    /// The actors the labeller gave (code names or short names).
    public var actors: [String]
    /// Who speaks, as printed or resolved; nil when nobody does.
    public var speaker: String?
    /// The reported words; nil when none are quoted.
    public var quote: String?

    /// Columns a sentence file holds besides codes: never read as codes.
    static let columns: Set<String> = [
        "sentence", "frames", "actors", "speaker", "quote", "source_url", "url", "id", "note", "notes", "date",
        "outlet",
    ]

    init(key: String, values: [String], columns: [String: Int]) {
        func value(_ name: String) -> String? {
            guard let index = columns[name], index < values.count else { return nil }
            let trimmed = values[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        func list(_ name: String) -> [String] {
            (value(name) ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
        self.key = key
        text = value("sentence") ?? ""
        date = value("date")
        outlet = value("outlet")
        frames = list("frames")
        actors = list("actors")
        speaker = value("speaker")
        quote = value("quote")
    }
}

extension LabelSet {
    /// A sentence set's labels spelled out for `codebook`: every frame code is labelled on every
    /// row (a frame not listed is a 0), and every actor code on the rows about the concept
    /// (`ai` = 1), the question being who is cited about it. Article label files are returned as
    /// they are.
    public func expanded(for codebook: Codebook, concept: String = "ai") -> LabelSet {
        guard isSentenceSet else { return self }
        var set = self
        let frames = codebook.codes.filter { $0.group == .frame }.map(\.name)
        let actors = codebook.codes.filter { $0.group == .actor }.map(\.name)
        for key in keys {
            guard let row = sentences[key] else { continue }
            var labelled = labels[key] ?? [:]
            for frame in frames { labelled[frame] = row.frames.contains(frame) }
            if labelled[concept] == true {
                for actor in actors {
                    labelled[actor] = row.actors.contains { $0 == actor || "actor_" + $0 == actor }
                }
            }
            set.labels[key] = labelled
        }
        let unknown = Set(keys.flatMap { sentences[$0]?.frames ?? [] }).subtracting(frames)
        set.codes = codes + frames + actors + unknown.sorted()
        return set
    }
}
