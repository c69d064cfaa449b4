import Foundation

/// The n-gram counts one size of collocations needs: for every subset of the n slots, how
/// many positions hold each combination of words in those slots. With them a candidate's 2ⁿ
/// table is 2ⁿ look-ups and an inclusion–exclusion (``CollocationStatistics/exactCounts(agreeing:)``),
/// not a scan of every position.
struct NGramCounts {
    /// Up to four word ids; slots beyond the size, or outside a subset, hold -1.
    struct Gram: Hashable {
        var a: Int32 = -1
        var b: Int32 = -1
        var c: Int32 = -1
        var d: Int32 = -1

        /// The word in slot 0...3.
        subscript(slot: Int) -> Int32 {
            get {
                switch slot {
                case 0: a
                case 1: b
                case 2: c
                default: d
                }
            }
            set {
                switch slot {
                case 0: a = newValue
                case 1: b = newValue
                case 2: c = newValue
                default: d = newValue
                }
            }
        }

        /// Slot by slot, for a deterministic choice among equally frequent forms.
        static func <= (left: Gram, right: Gram) -> Bool {
            (left.a, left.b, left.c, left.d) <= (right.a, right.b, right.c, right.d)
        }

        /// The gram with only the slots in `mask` kept.
        func keeping(_ mask: Int) -> Gram {
            Gram(
                a: mask & 1 != 0 ? a : -1, b: mask & 2 != 0 ? b : -1, c: mask & 4 != 0 ? c : -1,
                d: mask & 8 != 0 ? d : -1)
        }
    }

    /// A gram in words and in printed forms, for the most frequent printed form.
    struct Printed: Hashable {
        var words: Gram
        var forms: Gram
    }

    /// Words per n-gram.
    let size: Int
    /// Positions counted: runs of `size` words with no break.
    private(set) var positions = 0
    /// Counts by slot mask (index 1..<2ⁿ; index 0, every position, is `positions`).
    private(set) var agreeing: [[Gram: Int]]
    /// Counts of each gram with its printed forms.
    private(set) var printed: [Printed: Int] = [:]

    /// Counts every n-gram position of the sentences.
    init(size: Int, documents: [LemmaSequences.Document]) {
        self.size = size
        agreeing = Array(repeating: [:], count: 1 << size)
        let masks = 1..<(1 << size)
        for document in documents {
            for sentence in document.sentences where sentence.words.count >= size {
                var run = 0
                for end in sentence.words.indices {
                    run = sentence.words[end] == LemmaSequences.gap ? 0 : run + 1
                    guard run >= size else { continue }
                    let (gram, forms) = Self.gram(sentence, endingAt: end, size: size)
                    positions += 1
                    for mask in masks { agreeing[mask][gram.keeping(mask), default: 0] += 1 }
                    printed[Printed(words: gram, forms: forms), default: 0] += 1
                }
            }
        }
    }

    /// The words and printed forms of the n-gram ending at `end`.
    static func gram(_ sentence: LemmaSequences.Sentence, endingAt end: Int, size: Int) -> (Gram, Gram) {
        var words = Gram()
        var forms = Gram()
        for slot in 0..<size {
            words[slot] = sentence.words[end - size + 1 + slot]
            forms[slot] = sentence.forms[end - size + 1 + slot]
        }
        return (words, forms)
    }

    /// Every n-gram seen and its count.
    var candidates: [Gram: Int] { agreeing[(1 << size) - 1] }

    /// The candidate's 2ⁿ exact-pattern cells, indexed by matching-slot mask.
    func cells(of gram: Gram) -> [Int] {
        var counts = [positions]
        for mask in 1..<(1 << size) { counts.append(agreeing[mask][gram.keeping(mask)] ?? 0) }
        return CollocationStatistics.exactCounts(agreeing: counts)
    }

    /// The most frequent printed form of each of `grams`.
    func mostPrinted(_ grams: Set<Gram>) -> [Gram: Gram] {
        var best: [Gram: (forms: Gram, count: Int)] = [:]
        for (key, count) in printed where grams.contains(key.words) {
            if let current = best[key.words],
                current.count > count || (current.count == count && current.forms <= key.forms)
            {
                continue
            }
            best[key.words] = (key.forms, count)
        }
        return best.mapValues(\.forms)
    }
}
