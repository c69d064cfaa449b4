extension Outlet {
    /// The known outlets (``kcna``, ``rodong``) whose names a text mentions: `KCNA`, `Korean Central News Agency`,
    /// `조선중앙통신`, `Rodong Sinmun`, `<로동신문>`, `노동신문에` ... A Latin name counts as whole words (`KCNA's`
    /// counts, `KCNAX` does not); a Korean one where a word begins, particles allowed after it (`로동신문에서`).
    /// The bare word `Rodong` does not count: it also begins other papers' names (`Rodong Chongnyon`).
    public static func mentioned(in text: String) -> Set<Outlet> {
        let words = " " + Self.words(text) + " "
        var found: Set<Outlet> = []
        for (outlet, names) in knownNames {
            for name in names {
                let key = Self.words(name)
                let isKorean = key.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) }
                if words.contains(" " + key + (isKorean ? "" : " ")) {
                    found.insert(outlet)
                    break
                }
            }
        }
        return found
    }

    /// The single known outlet a text mentions; nil when it mentions none, or more than one.
    public static func onlyOneMentioned(in text: String) -> Outlet? {
        let outlets = mentioned(in: text)
        return outlets.count == 1 ? outlets.first : nil
    }

    /// Lower-cased letters and digits, every other run of characters made one space.
    private static func words(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).joined(separator: " ")
    }
}
