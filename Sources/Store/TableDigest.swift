import Crypto
import Foundation

/// A digest of a table's rows, the same whatever order they are read in and whichever backend
/// holds them: every value of every row counts, so a copy whose row counts agree but whose
/// values differ (codes recomputed after the copy, a date corrected) is told apart.
///
/// Each row is encoded canonically (per column: a type tag, then the integer's or the double's
/// 8 bytes, or the text's or blob's length and bytes), hashed with SHA-256, and the first 16
/// bytes of the row hashes are summed modulo 2¹²⁸: rows may come in any order and in batches.
public struct TableDigest: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Rows added.
    public private(set) var rows = 0
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// An empty digest.
    public init() {}

    /// Adds every row of `batch`.
    public mutating func add(_ batch: TableRows) {
        var encoded = Data()
        for row in 0..<batch.count {
            encoded.removeAll(keepingCapacity: true)
            for column in batch.columns { Self.append(column, row: row, to: &encoded) }
            let hash = Array(SHA256.hash(data: encoded))
            let (newLow, carry) = low.addingReportingOverflow(Self.word(hash, at: 0))
            low = newLow
            high = high &+ Self.word(hash, at: 8) &+ (carry ? 1 : 0)
            rows += 1
        }
    }

    /// The row count and the sum, in hex.
    public var description: String { "\(rows):" + String(format: "%016llx%016llx", high, low) }

    static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes[offset..<(offset + 8)].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// One value, canonically: 0 for NULL, else a type tag and the value's bytes.
    static func append(_ column: TableRows.Values, row: Int, to data: inout Data) {
        switch column {
        case .integers(let values):
            guard let value = values[row] else { return data.append(0) }
            data.append(1)
            appendInteger(value, to: &data)
        case .reals(let values):
            guard let value = values[row] else { return data.append(0) }
            data.append(2)
            appendInteger(value.bitPattern, to: &data)
        case .texts(let values):
            guard let value = values[row] else { return data.append(0) }
            data.append(3)
            appendInteger(UInt32(value.utf8.count), to: &data)
            data.append(contentsOf: value.utf8)
        case .blobs(let values):
            guard let value = values[row] else { return data.append(0) }
            data.append(4)
            appendInteger(UInt32(value.count), to: &data)
            data.append(value)
        }
    }

    static func appendInteger<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}
