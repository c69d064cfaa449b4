import CZlib
import Foundation

/// zlib compression of raw pages, so a crawl can keep every page it fetched (and re-parse it
/// later without fetching again) at a fraction of the size.
public enum Deflate {
    /// Compresses `data` (zlib format, level 6).
    public static func compress(_ data: Data) -> Data {
        var bound = compressBound(uLong(data.count))
        var output = Data(count: Int(bound))
        let status = output.withUnsafeMutableBytes { out in
            data.withUnsafeBytes { input in
                compress2(
                    out.bindMemory(to: Bytef.self).baseAddress, &bound,
                    input.bindMemory(to: Bytef.self).baseAddress, uLong(data.count), 6)
            }
        }
        // compress2 only fails for lack of memory or a bad level; neither can happen here.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        output.count = Int(bound)
        return output
    }

    /// Restores data compressed by ``compress(_:)``; `size` is the original length.
    public static func decompress(_ data: Data, size: Int) throws -> Data {
        if size == 0 { return Data() }
        var length = uLong(size)
        var output = Data(count: size)
        let status = output.withUnsafeMutableBytes { out in
            data.withUnsafeBytes { input in
                uncompress(
                    out.bindMemory(to: Bytef.self).baseAddress, &length,
                    input.bindMemory(to: Bytef.self).baseAddress, uLong(data.count))
            }
        }
        guard status == Z_OK else { throw DeflateError.damaged(zlibStatus: status) }
        guard Int(length) == size else { throw DeflateError.wrongSize(expected: size, found: Int(length)) }
        return output
    }
}

/// A stored page that cannot be decompressed.
public enum DeflateError: Error, CustomStringConvertible, Sendable, Equatable {
    /// zlib refused the data (its status: `Z_DATA_ERROR`, `Z_BUF_ERROR` ...).
    case damaged(zlibStatus: Int32)
    /// The data decompressed to fewer bytes than the size recorded with it.
    case wrongSize(expected: Int, found: Int)

    /// What went wrong, for printing.
    public var description: String {
        switch self {
        case .damaged(let status): return "stored page is damaged (zlib status \(status))"
        case .wrongSize(let expected, let found):
            return "stored page is damaged (\(found) bytes decompressed, \(expected) recorded)"
        }
    }
}
