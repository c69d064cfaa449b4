import Foundation

/// Finds thousands of patterns in one pass over UTF-8 text (Aho–Corasick compiled to a DFA
/// over byte classes), reporting byte offsets into the original text.
///
/// Options cover what Korean and English matching need: ASCII case folding; word
/// boundaries per pattern (`AI` never inside `MAIN`); and space-insensitive matching, in which
/// spaces and tabs in both patterns and text are skipped so `국가 주도` matches `국가주도` and
/// the reverse, with offsets still pointing at the original bytes.
public struct MultiPatternMatcher: Sendable {
    /// How patterns match: case folding, skipped spaces.
    public struct Options: OptionSet, Sendable, Hashable {
        /// The option bits.
        public let rawValue: Int
        /// Options from their bits.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Fold ASCII letters: `ai` matches `AI` and `Ai`.
        public static let caseInsensitive = Options(rawValue: 1)
        /// Skip ASCII spaces and tabs in patterns and text.
        public static let ignoreSpaces = Options(rawValue: 2)
    }

    /// One occurrence: which pattern, and where, as UTF-8 byte offsets of the text.
    public struct Match: Hashable, Sendable {
        /// The pattern's index in ``MultiPatternMatcher/patterns``.
        public var pattern: Int
        /// UTF-8 byte offsets of the occurrence in the text searched.
        public var range: Range<Int>
    }

    /// The patterns, in the order given; a match names one by its index here.
    public let patterns: [String]
    /// The options the matcher was built with.
    public let options: Options
    private let wordBoundary: [Bool]
    /// Byte → class; class 0 is "no pattern uses this byte", `skipClass` marks skipped spaces.
    private let byteClass: [UInt16]
    private let classCount: Int
    private let skipClass: UInt16
    /// Dense transitions: state × class → state.
    private let delta: [Int32]
    /// The same transitions for the scanning loop: the target's row offset (state × classes),
    /// bitwise-negated when the target has outputs, so the loop needs no multiply and one
    /// sign test per byte.
    private let scan: [Int32]
    /// Per state, a slice of `outputs`: the patterns (own and inherited) ending there.
    private let outputStart: [Int32]
    private let outputCount: [Int32]
    private let outputs: [Int32]
    /// Pattern lengths in fed bytes (after case folding and space removal).
    private let patternLength: [Int]
    private let maxPatternLength: Int
    /// Whether each pattern was written with a space (`국가 주도`).
    private let patternHasSpace: [Bool]

    /// Compiles the patterns. `wordBoundaries[i]` (default: true for patterns made only of
    /// ASCII letters, digits, spaces and hyphens) requires pattern `i` to stand between
    /// non-alphanumeric ASCII bytes, or at the text's ends.
    public init(patterns: [String], wordBoundaries: [Bool]? = nil, options: Options = []) {
        self.patterns = patterns
        self.options = options
        self.wordBoundary = wordBoundaries ?? patterns.map(Self.looksLikeEnglishWord)
        let encoded = Self.encode(patterns, options: options)
        let (classes, skip, width) = Self.byteClasses(of: encoded, options: options)
        let (children, own) = Self.trie(of: encoded, classes: classes)
        let (table, outputLists) = Self.automaton(children: children, outputs: own, width: width)
        let stateCount = children.count
        var starts = [Int32](repeating: 0, count: stateCount)
        var counts = [Int32](repeating: 0, count: stateCount)
        var flat: [Int32] = []
        for state in 0..<stateCount {
            starts[state] = Int32(flat.count)
            counts[state] = Int32(outputLists[state].count)
            flat += outputLists[state]
        }
        byteClass = classes
        classCount = width
        scan = table.map { target in
            let row = target &* Int32(width)
            return counts[Int(target)] > 0 ? ~row : row
        }
        skipClass = options.contains(.ignoreSpaces) ? skip : UInt16.max
        delta = table
        outputStart = starts
        outputCount = counts
        outputs = flat
        patternLength = encoded.map(\.count)
        maxPatternLength = encoded.map(\.count).max() ?? 0
        patternHasSpace = patterns.map { $0.utf8.contains(0x20) || $0.utf8.contains(0x09) }
    }

    /// The patterns' bytes as the automaton is fed them: ASCII letters folded and spaces and
    /// tabs dropped, as the options ask.
    private static func encode(_ patterns: [String], options: Options) -> [[UInt8]] {
        let fold: (UInt8) -> UInt8 =
            options.contains(.caseInsensitive)
            ? { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 } : { $0 }
        let skips = options.contains(.ignoreSpaces)
        return patterns.map { pattern in
            pattern.utf8.map(fold).filter { !(skips && ($0 == 0x20 || $0 == 0x09)) }
        }
    }

    /// Byte → class: one class per byte the patterns use (upper-case letters share their
    /// lower-case class when folding), 0 for the rest, and `skip` for spaces and tabs when they
    /// are skipped; `width` is the number of classes, `skip` included.
    private static func byteClasses(
        of encoded: [[UInt8]], options: Options
    ) -> (classes: [UInt16], skip: UInt16, width: Int) {
        var classes = [UInt16](repeating: 0, count: 256)
        var next: UInt16 = 1
        for bytes in encoded {
            for byte in bytes where classes[Int(byte)] == 0 {
                classes[Int(byte)] = next
                next += 1
            }
        }
        if options.contains(.caseInsensitive) {
            for upper in UInt8(0x41)...UInt8(0x5A) { classes[Int(upper)] = classes[Int(upper + 0x20)] }
        }
        let skip = next
        if options.contains(.ignoreSpaces) {
            classes[0x20] = skip
            classes[0x09] = skip
        }
        return (classes, skip, Int(next))
    }

    /// The patterns' trie over byte classes: per state its children, and the patterns ending
    /// there (state 0 is the root).
    private static func trie(
        of encoded: [[UInt8]], classes: [UInt16]
    ) -> (children: [[UInt16: Int32]], own: [[Int32]]) {
        var children: [[UInt16: Int32]] = [[:]]
        var own: [[Int32]] = [[]]
        for (index, bytes) in encoded.enumerated() where !bytes.isEmpty {
            var state = 0
            for byte in bytes {
                let c = classes[Int(byte)]
                if let child = children[state][c] {
                    state = Int(child)
                } else {
                    children.append([:])
                    own.append([])
                    children[state][c] = Int32(children.count - 1)
                    state = children.count - 1
                }
            }
            own[state].append(Int32(index))
        }
        return (children, own)
    }

    /// The trie's failure links, found in breadth-first order and folded into a dense DFA
    /// (state × class → state), with each state's patterns: its own and those it inherits.
    private static func automaton(
        children: [[UInt16: Int32]], outputs own: [[Int32]], width: Int
    ) -> (table: [Int32], outputLists: [[Int32]]) {
        let stateCount = children.count
        var table = [Int32](repeating: 0, count: stateCount * width)
        var fail = [Int32](repeating: 0, count: stateCount)
        var outputLists: [[Int32]] = own
        var queue: [Int] = []
        for c in 1..<max(width, 1) {
            if let child = children[0][UInt16(c)] {
                table[c] = child
                queue.append(Int(child))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            outputLists[state] += outputLists[Int(fail[state])]
            for c in 1..<width {
                if let child = children[state][UInt16(c)] {
                    fail[Int(child)] = table[Int(fail[state]) * width + c]
                    table[state * width + c] = child
                    queue.append(Int(child))
                } else {
                    table[state * width + c] = table[Int(fail[state]) * width + c]
                }
            }
        }
        return (table, outputLists)
    }

    /// Number of DFA states (for sizing and benchmarks).
    public var stateCount: Int { outputStart.count }

    static func looksLikeEnglishWord(_ pattern: String) -> Bool {
        !pattern.isEmpty
            && pattern.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x20 || byte == 0x2D || byte == 0x27
            }
    }

    /// Whether any pattern occurs in `text` (a cheap test before costlier reading).
    public func occurs(in text: String) -> Bool {
        var found = false
        var text = text
        text.withUTF8 { bytes in forEachMatch(in: bytes) { _ in found = true } }
        return found
    }

    /// Every occurrence in `text`, overlapping ones included, in order of their ends.
    public func matches(in text: String) -> [Match] {
        var result: [Match] = []
        var text = text
        text.withUTF8 { bytes in forEachMatch(in: bytes) { result.append($0) } }
        return result
    }

    /// Texts at least this long are scanned as eight interleaved streams (see
    /// ``forEachMatch(in:streams:_:)``).
    public static let interleavingThreshold = 1 << 16

    /// Calls `body` for every occurrence in `bytes`, in order of their ends.
    public func forEachMatch(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Match) -> Void) {
        forEachMatch(in: bytes, streams: bytes.count >= Self.interleavingThreshold ? 8 : 1, body)
    }

    /// Calls `body` for every occurrence in `bytes`, in order of their ends, walking the
    /// automaton over `streams` (1 or 8) parts of the text at once.
    ///
    /// One walk is a chain of dependent loads, a table lookup per byte waiting on the last
    /// (and the table of a thousand patterns does not fit the core's cache): eight walks over
    /// eight parts of the text keep eight lookups in flight. Each part's walk starts a
    /// pattern's length before the part, from the root, and reports only the occurrences
    /// ending inside it, so every occurrence is found once. The later parts' occurrences are
    /// held and reported after the first's, to keep the order. (Space-skipping matchers
    /// always walk one stream.)
    public func forEachMatch(in bytes: UnsafeBufferPointer<UInt8>, streams: Int, _ body: (Match) -> Void) {
        guard maxPatternLength > 0, let base = bytes.baseAddress else { return }
        let width = classCount
        if skipClass != UInt16.max {
            forEachMatchSkippingSpaces(in: bytes, body)
            return
        }
        if streams == 8, bytes.count >= 8 * maxPatternLength {
            forEachMatchInEightStreams(in: bytes, body)
            return
        }
        byteClass.withUnsafeBufferPointer { classes in
            scan.withUnsafeBufferPointer { scan in
                var row = 0
                for i in 0..<bytes.count {
                    let next = scan[row &+ Int(classes[Int(base[i])])]
                    if next >= 0 {
                        row = Int(next)
                        continue
                    }
                    row = Int(~next)
                    report(state: row / width, end: i + 1, bytes: bytes, start: { i + 1 - $0 }, body)
                }
            }
        }
    }

    /// Eight walks in step over eight parts of the text (see ``forEachMatch(in:streams:_:)``).
    private func forEachMatchInEightStreams(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Match) -> Void) {
        let width = classCount
        let n = bytes.count
        let overlap = maxPatternLength - 1
        // Part j owns the ends in (bounds[j], bounds[j + 1]]; its walk starts `overlap` before.
        let bounds = (0...8).map { n * $0 / 8 }
        let starts = (0..<8).map { max(0, bounds[$0] - ($0 == 0 ? 0 : overlap)) }
        var held = [[Match]](repeating: [], count: 8)
        func found(_ stream: Int, _ state: Int, _ i: Int) {
            let keep: (Match) -> Void = { match in
                guard stream == 0 || match.range.upperBound > bounds[stream] else { return }
                if stream == 0 { body(match) } else { held[stream].append(match) }
            }
            report(state: state, end: i + 1, bytes: bytes, start: { i + 1 - $0 }, keep)
        }
        byteClass.withUnsafeBufferPointer { classes in
            scan.withUnsafeBufferPointer { scan in
                guard let base = bytes.baseAddress else { return }
                let steps = (0..<8).map { bounds[$0 + 1] - starts[$0] }.min()!
                var r0 = 0
                var r1 = 0
                var r2 = 0
                var r3 = 0
                var r4 = 0
                var r5 = 0
                var r6 = 0
                var r7 = 0
                let s0 = starts[0]
                let s1 = starts[1]
                let s2 = starts[2]
                let s3 = starts[3]
                let s4 = starts[4]
                let s5 = starts[5]
                let s6 = starts[6]
                let s7 = starts[7]
                for k in 0..<steps {
                    let n0 = scan[r0 &+ Int(classes[Int(base[s0 &+ k])])]
                    let n1 = scan[r1 &+ Int(classes[Int(base[s1 &+ k])])]
                    let n2 = scan[r2 &+ Int(classes[Int(base[s2 &+ k])])]
                    let n3 = scan[r3 &+ Int(classes[Int(base[s3 &+ k])])]
                    let n4 = scan[r4 &+ Int(classes[Int(base[s4 &+ k])])]
                    let n5 = scan[r5 &+ Int(classes[Int(base[s5 &+ k])])]
                    let n6 = scan[r6 &+ Int(classes[Int(base[s6 &+ k])])]
                    let n7 = scan[r7 &+ Int(classes[Int(base[s7 &+ k])])]
                    r0 = Int(n0 >= 0 ? n0 : ~n0)
                    r1 = Int(n1 >= 0 ? n1 : ~n1)
                    r2 = Int(n2 >= 0 ? n2 : ~n2)
                    r3 = Int(n3 >= 0 ? n3 : ~n3)
                    r4 = Int(n4 >= 0 ? n4 : ~n4)
                    r5 = Int(n5 >= 0 ? n5 : ~n5)
                    r6 = Int(n6 >= 0 ? n6 : ~n6)
                    r7 = Int(n7 >= 0 ? n7 : ~n7)
                    if (n0 | n1 | n2 | n3 | n4 | n5 | n6 | n7) < 0 {
                        if n0 < 0 { found(0, r0 / width, s0 &+ k) }
                        if n1 < 0 { found(1, r1 / width, s1 &+ k) }
                        if n2 < 0 { found(2, r2 / width, s2 &+ k) }
                        if n3 < 0 { found(3, r3 / width, s3 &+ k) }
                        if n4 < 0 { found(4, r4 / width, s4 &+ k) }
                        if n5 < 0 { found(5, r5 / width, s5 &+ k) }
                        if n6 < 0 { found(6, r6 / width, s6 &+ k) }
                        if n7 < 0 { found(7, r7 / width, s7 &+ k) }
                    }
                }
                // Each walk finishes its own part alone.
                let ends = starts.map { $0 + steps }
                let rows = [r0, r1, r2, r3, r4, r5, r6, r7]
                for stream in 0..<8 {
                    var row = rows[stream]
                    for i in ends[stream]..<bounds[stream + 1] {
                        let next = scan[row &+ Int(classes[Int(base[i])])]
                        row = Int(next >= 0 ? next : ~next)
                        if next < 0 { found(stream, row / width, i) }
                    }
                }
            }
        }
        for stream in 1..<8 {
            for match in held[stream] { body(match) }
        }
    }

    /// The scanning loop when spaces in the text are skipped: a ring of the last fed bytes'
    /// offsets turns a pattern's fed length back into its start in the original text.
    private func forEachMatchSkippingSpaces(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Match) -> Void) {
        let width = classCount
        let ringSize = max(1, maxPatternLength).nextPowerOfTwo
        var ring = [Int](repeating: 0, count: ringSize)
        let mask = ringSize - 1
        let skip = skipClass
        var fed = 0
        byteClass.withUnsafeBufferPointer { classes in
            scan.withUnsafeBufferPointer { scan in
                ring.withUnsafeMutableBufferPointer { ring in
                    var row = 0
                    for i in 0..<bytes.count {
                        let c = classes[Int(bytes[i])]
                        if c == skip { continue }
                        ring[fed & mask] = i
                        fed &+= 1
                        let next = scan[row &+ Int(c)]
                        if next >= 0 {
                            row = Int(next)
                            continue
                        }
                        row = Int(~next)
                        let fedNow = fed
                        report(
                            state: row / width, end: i + 1, bytes: bytes, start: { ring[(fedNow - $0) & mask] }, body)
                    }
                }
            }
        }
    }

    /// Reports the patterns ending in `state` at `end`, those with word boundaries only when
    /// they stand between non-alphanumeric bytes.
    @inline(__always)
    private func report(
        state: Int, end: Int, bytes: UnsafeBufferPointer<UInt8>, start: (Int) -> Int, _ body: (Match) -> Void
    ) {
        let first = Int(outputStart[state])
        for k in first..<(first + Int(outputCount[state])) {
            let pattern = Int(outputs[k])
            let begin = start(patternLength[pattern])
            if wordBoundary[pattern], !Self.isBoundary(bytes, start: begin, end: end) { continue }
            // A match that crosses a skipped space must start a word: `한국` is not in
            // `위한 국가`, while `국가 주도` still finds `국가주도` and `인공 지능` finds `인공지능`.
            if skipClass != UInt16.max, let space = Self.firstSpace(bytes, begin..<end) {
                if Self.followsLetter(bytes, begin) { continue }
                // `한국` is not `한 국가` ("one state") either: a pattern written solid does not
                // match a lone syllable split off by a space.
                if !patternHasSpace[pattern], space - begin <= 3 { continue }
            }
            body(Match(pattern: pattern, range: begin..<end))
        }
    }

    /// Counts lines (separated by `\n`) holding at least one occurrence, skipping the rest of
    /// a line after its first hit: the job `grep -F -c -f` does.
    public func countMatchingLines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard maxPatternLength > 0, let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        let ignoringSpaces = skipClass != UInt16.max
        let anyBoundary = wordBoundary.contains(true)
        return byteClass.withUnsafeBufferPointer { classes -> Int in
            delta.withUnsafeBufferPointer { delta -> Int in
                outputCount.withUnsafeBufferPointer { outputCount -> Int in
                    var lines = 0
                    var state = 0
                    var i = 0
                    let n = bytes.count
                    while i < n {
                        let byte = base[i]
                        if byte == 0x0A {
                            state = 0
                            i += 1
                            continue
                        }
                        let c = classes[Int(byte)]
                        if ignoringSpaces && c == skipClass {
                            i += 1
                            continue
                        }
                        state = Int(delta[state &* classCount &+ Int(c)])
                        if outputCount[state] > 0
                            && (!anyBoundary || hasValidOutput(state: state, bytes: bytes, end: i + 1))
                        {
                            lines += 1
                            state = 0
                            // Skip the rest of the line.
                            if let newline = memchr(base + i, 0x0A, n - i) {
                                i = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
                            } else {
                                i = n
                            }
                            continue
                        }
                        i += 1
                    }
                    return lines
                }
            }
        }
    }

    private func hasValidOutput(state: Int, bytes: UnsafeBufferPointer<UInt8>, end: Int) -> Bool {
        let first = Int(outputStart[state])
        for k in first..<(first + Int(outputCount[state])) {
            let pattern = Int(outputs[k])
            // Space-skipping with word boundaries is rare; accept the hit without a start check.
            if !wordBoundary[pattern] || skipClass != UInt16.max { return true }
            if Self.isBoundary(bytes, start: end - patternLength[pattern], end: end) { return true }
        }
        return false
    }

    @inline(__always)
    static func isBoundary(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        if start > 0, isASCIIAlphanumeric(bytes[start - 1]) { return false }
        if end < bytes.count, isASCIIAlphanumeric(bytes[end]) { return false }
        return true
    }

    /// The offset of the first space or tab inside `range`, if any.
    static func firstSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        for i in range where bytes[i] == 0x20 || bytes[i] == 0x09 { return i }
        return nil
    }

    /// Whether the character just before `start` is a letter or digit of a word (ASCII, Hangul,
    /// Han): the match would begin inside a word.
    static func followsLetter(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        guard start > 0 else { return false }
        let last = bytes[start - 1]
        if last < 0x80 { return isASCIIAlphanumeric(last) }
        var lead = start - 1
        while lead > 0, bytes[lead] & 0xC0 == 0x80, start - lead < 4 { lead -= 1 }
        var value = UInt32(0)
        let length = start - lead
        switch length {
        case 2: value = UInt32(bytes[lead] & 0x1F)
        case 3: value = UInt32(bytes[lead] & 0x0F)
        case 4: value = UInt32(bytes[lead] & 0x07)
        default: return false
        }
        for i in (lead + 1)..<start { value = (value << 6) | UInt32(bytes[i] & 0x3F) }
        guard let scalar = Unicode.Scalar(value) else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    @inline(__always)
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}

extension Int {
    var nextPowerOfTwo: Int {
        var value = 1
        while value < self { value <<= 1 }
        return value
    }
}

extension MultiPatternMatcher.Match {
    /// The matched range as String indices of `text` (the text the match was found in).
    public func stringRange(in text: String) -> Range<String.Index> { text.utf8Range(range) }
}
