import Foundation

/// Which scripts a UTF-8 text holds, found faster than any pattern pass: the coder skips the
/// Korean automaton on text without Hangul and the English ones on text without Latin letters.
public enum ScriptScan {
    /// Whether UTF-8 text holds a Hangul lead byte (EA–ED) and an ASCII letter, eight bytes a
    /// step (the "has byte between" bit trick), stopping once both are seen.
    public static func hangulAndLatin(in bytes: UnsafeBufferPointer<UInt8>) -> (hangul: Bool, latin: Bool) {
        guard let base = bytes.baseAddress else { return (false, false) }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        // True when some byte b of x is below 0x80 and m < b < n.
        @inline(__always) func hasBetween(_ x: UInt64, _ m: UInt64, _ n: UInt64) -> Bool {
            let low = x & 0x7F7F_7F7F_7F7F_7F7F
            return ((ones &* (127 &+ n) &- low) & ~x & (low &+ ones &* (127 &- m)) & high) != 0
        }
        var hangul = false
        var latin = false
        var i = 0
        let n = bytes.count
        while i + 8 <= n && !(hangul && latin) {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if !latin && hasBetween(word | 0x2020_2020_2020_2020, 0x60, 0x7B) { latin = true }
            if !hangul && hasBetween(word ^ high, 0x69, 0x6E) { hangul = true }
            i += 8
        }
        while i < n && !(hangul && latin) {
            let byte = base[i]
            if byte >= 0xEA && byte <= 0xED {
                hangul = true
            } else if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A {
                latin = true
            }
            i += 1
        }
        return (hangul, latin)
    }

}
