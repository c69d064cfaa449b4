/// Folds North and South Korean spelling so that a term in either finds both.
///
/// What it folds:
/// - **The initial-sound rule (두음법칙).** South Korean spelling turns a morpheme-initial ㄹ
///   into ㄴ (로동 → 노동, 락관 → 낙관) or, before ㅣ and y-vowels, into ㅇ (력사 → 역사,
///   리용 → 이용); and ㄴ before ㅣ and y-vowels into ㅇ (녀성 → 여성). North Korean spelling
///   keeps the ㄹ and ㄴ. The first syllable of a word gets both directions; because
///   compounds hide morpheme boundaries (조선노동당 / 조선로동당), later syllables get their
///   northern forms too, but not their southern ones (South Korean spelling keeps a medial
///   ㄹ: 의료, 근로).
/// - **Loanwords and names** spelled differently in the North (``loanwords``): 로씨야/러시아,
///   뿌찐/푸틴, 콤퓨터/컴퓨터, 프로그람/프로그램, 로보트/로봇, 쏘프트웨어/소프트웨어 ...
///
/// What it deliberately does not fold (false friends, see ``isFoldable(_:)``):
/// - **Single-syllable terms**: 리 (a village, a surname) is not 이 (this, two), 로 (the
///   particle "to/by") is not 노, 량 (amount) is not 양 (sheep), 력 is not 역 (station).
/// - **Latin, digits and anything not Hangul**.
/// - **Terms listed in ``unfoldedTerms``**: words whose folded spelling is a different word
///   that really occurs in North Korean text.
///
/// Folding produces alternatives; it never rewrites stored text, so every match keeps its
/// exact original offsets.
public enum OrthographyFolding {
    /// North Korean spelling → South Korean spelling of loanwords and foreign names.
    public static let loanwords: [(north: String, south: String)] = [
        ("로씨야", "러시아"), ("로므니", "러므니"), ("뿌찐", "푸틴"), ("뿌틴", "푸틴"),
        ("콤퓨터", "컴퓨터"), ("프로그람", "프로그램"), ("로보트", "로봇"), ("쏘프트웨어", "소프트웨어"),
        ("하드웨어", "하드웨어"), ("싸이버", "사이버"), ("인터네트", "인터넷"), ("네트워크", "네트워크"),
        ("쏘련", "소련"), ("쏘베트", "소비에트"), ("우크라이나", "우크라이나"), ("미싸일", "미사일"),
        ("로케트", "로켓"), ("레이자", "레이저"), ("에네르기", "에너지"), ("텔레비죤", "텔레비전"),
        ("라지오", "라디오"), ("까나다", "캐나다"), ("뽈스까", "폴란드"), ("웽그리아", "헝가리"),
        ("도이췰란드", "독일"), ("메히꼬", "멕시코"), ("꾸바", "쿠바"), ("윁남", "베트남"),
        ("벨라루씨", "벨라루스"), ("까자흐스딴", "카자흐스탄"), ("에스빠냐", "스페인"), ("이딸리아", "이탈리아"),
        ("뜨럼프", "트럼프"), ("바이덴", "바이든"), ("크레믈리", "크렘린"), ("모스크바", "모스크바"),
        ("쎈터", "센터"), ("데이터", "데이터"), ("알고리듬", "알고리즘"), ("칩", "칩"),
        ("나노", "나노"), ("디지털", "디지털"), ("쎄미나", "세미나"), ("땅크", "탱크"),
        ("뜨락또르", "트랙터"), ("까쮸샤", "카추샤"), ("쏘나타", "소나타"), ("빠스뽀르트", "여권"),
    ].filter { $0.north != $0.south }

    /// The first syllables of the loanword table's spellings: only where one stands can a
    /// loanword begin (``southernForm(_:)`` checks the table there alone).
    static let loanwordInitials: Set<Character> = Set(loanwords.flatMap { [$0.north.first!, $0.south.first!] })

    /// Words never folded, each for a reason:
    /// - North Korean text itself has both spellings as different words: 노력 (努力, effort)
    ///   and 로력 (勞力, labour force) both occur hundreds of times in the New Year addresses;
    /// - a variant occurs inside another word: 역할 (role) would find 력할 in 협력할
    ///   (to cooperate);
    /// - South Korean spelling keeps ㄹ and ㄴ in the letter names (니은, 리을) and in 녀석;
    /// - loanwords beginning with ㄹ or ㄴ would fold into other loanwords (뉴스 "news" and
    ///   유스 "youth", 라인 "line" and 나인 "nine").
    public static let unfoldedTerms: Set<String> = [
        "노력", "로력", "역할", "니은", "리을", "녀석", "뉴스", "유스", "라인", "나인", "리더", "이더",
    ]

    /// Whether a term is folded at all: two or more Hangul syllables and not in
    /// ``unfoldedTerms``. Single syllables are too ambiguous (리/이, 로/노, 량/양).
    public static func isFoldable(_ term: String) -> Bool {
        let syllables = term.unicodeScalars.filter(Hangul.isSyllable).count
        return syllables >= 2 && !unfoldedTerms.contains(term)
    }

    /// The spellings of a single syllable under the initial-sound rule, itself first.
    public static func syllableAlternatives(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        guard let s = Hangul.decompose(scalar) else { return [scalar] }
        let iotized = Hangul.iotizedVowels.contains(s.vowel)
        var initials: [Int] = []
        switch s.initial {
        case Hangul.Initial.rieul:
            initials = iotized ? [Hangul.Initial.ieung] : [Hangul.Initial.nieun]  // 력→역, 로→노
        case Hangul.Initial.nieun:
            initials = iotized ? [Hangul.Initial.ieung] : [Hangul.Initial.rieul]  // 녀→여, 노→로
        case Hangul.Initial.ieung where iotized:
            initials = [Hangul.Initial.rieul, Hangul.Initial.nieun]  // 역→력, 여→녀
        default:
            break
        }
        return [scalar] + initials.compactMap { Hangul.Syllable(initial: $0, vowel: s.vowel, final: s.final).scalar }
    }

    /// The northern spellings of a syllable only (ㄴ→ㄹ, ㅇ→ㄹ/ㄴ before ㅣ and y-vowels), itself first.
    public static func northernAlternatives(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        guard let s = Hangul.decompose(scalar), s.initial == Hangul.Initial.nieun || s.initial == Hangul.Initial.ieung
        else { return [scalar] }
        return syllableAlternatives(scalar)
    }

    /// Every spelling of a term under the initial-sound rule and the loanword table, the term
    /// itself first, at most `limit` in all. Terms that are not foldable come back alone.
    public static func variants(of term: String, limit: Int = 32) -> [String] {
        guard isFoldable(term) else { return [term] }
        var results: [String] = [term]
        var seen: Set<String> = [term]
        func add(_ candidate: String) {
            if results.count < limit, seen.insert(candidate).inserted { results.append(candidate) }
        }
        // Loanwords first: they are exact, and their Hangul is not subject to the rule.
        for (north, south) in loanwords {
            if term.contains(north) { add(term.replacingOccurrences(of: north, with: south)) }
            if term.contains(south) { add(term.replacingOccurrences(of: south, with: north)) }
        }
        // The initial-sound rule, syllable by syllable, earliest syllables varied first. Inside
        // a word only the northern forms are added (노→로 in 조선노동당), never the southern
        // ones: South Korean spelling keeps a medial ㄹ or ㄴ (의료, 기념), so 의료 → 의요
        // would be a non-word that, spacing ignored, matches 의 요소.
        let scalars = Array(term.unicodeScalars)
        var partials: [[Unicode.Scalar]] = [[]]
        for (position, scalar) in scalars.enumerated() {
            let options =
                position == 0 || !Hangul.isSyllable(scalars[position - 1])
                ? syllableAlternatives(scalar) : northernAlternatives(scalar)
            var next: [[Unicode.Scalar]] = []
            for partial in partials {
                for option in options where next.count < limit * 2 {
                    next.append(partial + [option])
                }
            }
            partials = next
        }
        for partial in partials {
            var string = String.UnicodeScalarView()
            string.append(contentsOf: partial)
            add(String(string))
        }
        return results
    }

    /// The South Korean form of a term, for display and for keys that must agree whichever
    /// spelling was typed: the loanword table, then the initial-sound rule on every syllable.
    public static func southernForm(_ term: String) -> String {
        guard isFoldable(term) else { return term }
        // Loanwords are replaced whole; the initial-sound rule applies to the rest only (러시아
        // must not become 너시아).
        var out = ""
        var rest = Substring(term)
        while !rest.isEmpty {
            if let first = rest.first, loanwordInitials.contains(first),
                let (north, south) = loanwords.first(where: { rest.hasPrefix($0.north) || rest.hasPrefix($0.south) })
            {
                out += south
                rest = rest.dropFirst(rest.hasPrefix(north) ? north.count : south.count)
                continue
            }
            let character = rest.removeFirst()
            guard let s = Hangul.decompose(character) else {
                out.append(character)
                continue
            }
            let iotized = Hangul.iotizedVowels.contains(s.vowel)
            var initial = s.initial
            if initial == Hangul.Initial.rieul {
                initial = iotized ? Hangul.Initial.ieung : Hangul.Initial.nieun
            } else if initial == Hangul.Initial.nieun && iotized {
                initial = Hangul.Initial.ieung
            }
            out.append(Hangul.Syllable(initial: initial, vowel: s.vowel, final: s.final).character ?? character)
        }
        return out
    }

    /// Whether two terms are the same word in different spellings.
    public static func areEquivalent(_ a: String, _ b: String) -> Bool {
        a == b || (isFoldable(a) && isFoldable(b) && southernForm(a) == southernForm(b))
    }
}
