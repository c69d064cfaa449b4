import Crypto
import Foundation

/// Content fingerprints: exact hashes for identity, MinHash for near-duplicates.
public enum Fingerprint {
    /// Lower-case hex SHA-256 of the UTF-8 bytes.
    public static func sha256Hex(_ text: String) -> String {
        sha256Hex(Data(text.utf8))
    }

    /// Lower-case hex SHA-256 of raw bytes (fetched pages).
    public static func sha256Hex(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// SHA-256 fed piece by piece, for digests of more text than should be held at once.
    public struct StreamingSHA256 {
        private var hasher = SHA256()
        /// A digest of nothing yet.
        public init() {}
        /// Feeds the UTF-8 bytes of `text`.
        public mutating func update(_ text: String) { hasher.update(data: Data(text.utf8)) }
        /// Lower-case hex of the digest of everything fed.
        public func hexDigest() -> String { Fingerprint.hex(hasher.finalize()) }
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        // Hand-rolled hex: String(format:) per byte cost more than the hash itself.
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Every run of whitespace (newlines included) as one space, trimmed at both ends.
    public static func whitespaceFolded(_ text: String) -> String {
        TextCleanup.normalizeLine(Substring(text))
    }

    /// Lower-cased letters and digits of the text, as Unicode scalar values; everything
    /// else (spaces, punctuation) dropped. ASCII takes a fast path.
    static func letterAndDigitScalars(_ text: String) -> [UInt32] {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) {
                    scalars.append(value)
                } else if (0x41...0x5A).contains(value) {
                    scalars.append(value + 0x20)
                }
            } else if (0xAC00...0xD7A3).contains(value) || (0x4E00...0x9FFF).contains(value) {
                // Hangul syllables and CJK ideographs: letters without case (the common case,
                // kept off the slower Unicode property lookup).
                scalars.append(value)
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                // Hangul and Han have no case; other scripts take their simple lower case.
                scalars.append(
                    scalar.properties.isUppercase
                        ? (scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? value) : value)
            }
        }
        return scalars
    }

    /// Width of the character shingles MinHash is computed over: five letters or digits,
    /// about a word in English and a word with its particle in Korean.
    public static let shingleWidth = 5

    /// Number of hash functions in a MinHash signature.
    public static let signatureLength = 64

    /// Locality-sensitive hashing takes this many bands of ``lshRows`` rows from the start of
    /// the signature; two texts sharing any band become candidates. Eight bands (down from
    /// sixteen) halve the LSH table and its inserts, the largest cost of an import after the
    /// full-text index (issue 9); a band's key is computed as before, so keys stored with
    /// sixteen bands still match.
    public static let lshBands = 8

    /// Rows (signature positions) per LSH band.
    public static let lshRows = 4

    /// Two texts whose estimated Jaccard similarity of shingle sets is at least this are
    /// linked as near-duplicates. See `DeduplicationTests` for the distances measured on the
    /// KCNA archive that set it.
    public static let nearDuplicateSimilarity = 0.7

    /// Texts with fewer letters and digits than this get no signature: too short to compare.
    public static let minimumSignatureLength = 100

    /// A MinHash signature of the set of 5-character shingles of the text's letters and
    /// digits, lower-cased, so spacing, punctuation and case do not matter and one method
    /// serves Korean and English. Returns nil for texts too short to compare.
    public static func minHash(_ text: String) -> [UInt32]? {
        let scalars = letterAndDigitScalars(text)
        guard scalars.count >= minimumSignatureLength else { return nil }
        // A repeated shingle cannot change a minimum, so shingles are not deduplicated (a set
        // cost more than the hashing). Each shingle is hashed and mixed once; then each of the
        // 64 hash functions takes its minimum over all of them, held in a register: 1.7x faster
        // than updating 64 minimums per shingle.
        let shingles = scalars.count - shingleWidth + 1
        var mixed = [UInt64](repeating: 0, count: shingles)
        scalars.withUnsafeBufferPointer { scalars in
            mixed.withUnsafeMutableBufferPointer { mixed in
                for start in 0..<shingles {
                    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64 over the scalars
                    for offset in 0..<shingleWidth {
                        hash = (hash ^ UInt64(scalars[start + offset])) &* 0x100_0000_01b3
                    }
                    mixed[start] = mix(hash)
                }
            }
        }
        // 64 cheap multiply–add–shift hashes of each mixed value.
        var signature = [UInt32](repeating: .max, count: signatureLength)
        mixed.withUnsafeBufferPointer { mixed in
            for i in 0..<signatureLength {
                let (multiplier, seed) = (Self.multipliers[i], Self.seeds[i])
                var least = UInt64.max
                for value in mixed { least = min(least, (multiplier &* value &+ seed) >> 32) }
                signature[i] = UInt32(truncatingIfNeeded: least)
            }
        }
        return signature
    }

    /// The share of equal positions: an unbiased estimate of the Jaccard similarity.
    public static func estimatedSimilarity(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        return Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
    }

    /// One key per LSH band (its rows hashed together). With 8 bands of 4 rows, texts of
    /// Jaccard 0.9 share a band with probability 0.9995, 0.8 with 0.985, 0.7 with 0.89, and
    /// texts of 0.3 with probability 0.06.
    public static func lshKeys(_ signature: [UInt32]) -> [Int64] {
        let rows = lshRows
        return (0..<lshBands).map { band in
            var hash: UInt64 = UInt64(band) &* 0x9e37_79b9_7f4a_7c15
            for row in 0..<rows { hash = mix(hash ^ UInt64(signature[band * rows + row])) }
            return Int64(bitPattern: hash)
        }
    }

    /// Signature bytes for storage (little-endian UInt32s) and back.
    public static func encode(_ signature: [UInt32]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(signature.count * 4)
        for value in signature {
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }
        return Data(bytes)
    }

    /// Reads a stored signature back; the inverse of ``encode(_:)``.
    public static func decode(_ data: Data) -> [UInt32] {
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - 3, by: 4).map { i in
            UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
        }
    }

    // Fixed seeds: signatures must be the same in every run and every database.
    private static let seeds: [UInt64] = (0..<UInt64(64)).map { mix($0 &* 0x2545_f491_4f6c_dd1d &+ 1) }
    private static let multipliers: [UInt64] = (0..<UInt64(64)).map { mix($0 &+ 0x5851_f42d_4c95_7f2d) | 1 }

    // A strong 64-bit finaliser (splitmix64), so that seeded hashes behave independently.
    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 { SplitMix64.mix(value) }
}
