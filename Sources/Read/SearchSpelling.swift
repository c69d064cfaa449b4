/// The spellings a search clause stands for: North and South Korean spelling
/// (``OrthographyFolding``) and Korean spacing, so that `노동` finds `로동`, `러시아` finds
/// `로씨야`, `국가 주도` finds `국가주도` and `국가주도` finds `국가 주도`.
public enum SearchSpelling {
    /// At most this many spellings per clause; the typed form always comes first.
    public static let limit = 48

    /// Every spelling `clause` stands for, the typed form first (`노동` → `노동`, `로동`);
    /// a clause without Hangul stands only for itself.
    public static func variants(of clause: String) -> [String] {
        let words = clause.split(separator: " ").map(String.init)
        guard words.contains(where: { $0.unicodeScalars.contains(where: Hangul.isSyllable) }) else { return [clause] }
        // Spelling variants of each word, combined.
        var spellings: [[String]] = [[]]
        for word in words {
            let options = OrthographyFolding.variants(of: word, limit: 16)
            spellings = spellings.flatMap { prefix in options.map { prefix + [$0] } }.prefix(limit).map { $0 }
        }
        var results: [String] = []
        var seen = Set<String>()
        func add(_ candidate: String) {
            if results.count < limit, seen.insert(candidate).inserted { results.append(candidate) }
        }
        for spelling in spellings {
            add(spelling.joined(separator: " "))
        }
        // Spacing: Korean words written together or apart.
        for spelling in spellings {
            if spelling.count > 1 {
                add(spelling.joined())
            } else if let word = spelling.first {
                for variant in oneSpaceSplits(word) { add(variant) }
            }
        }
        return results
    }

    /// A Hangul word of 3 to 8 syllables with one space inserted between two syllables, at
    /// each place other than before its last syllable (`국가주도` → `국가 주도`, `국 가주도`):
    /// the same word as a spacing-careless text may print it. The last syllable is often a
    /// particle, which is written solid, so it is not split off.
    static func oneSpaceSplits(_ word: String) -> [String] {
        let characters = Array(word)
        guard (3...8).contains(characters.count), characters.allSatisfy({ Hangul.decompose($0) != nil }) else {
            return []
        }
        return (1..<(characters.count - 1)).map { String(characters[..<$0]) + " " + String(characters[$0...]) }
    }
}
