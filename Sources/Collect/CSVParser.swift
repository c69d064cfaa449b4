import Foundation

/// An RFC 4180 CSV parser over bytes that reports each row with the line it starts on.
///
/// Written here rather than taken from a CSV package because the importer needs what those
/// do not give together: the physical line of every row (quoted fields may span lines), a
/// row-level error for a broken quote without abandoning the file, and fields left as bytes
/// so invalid UTF-8 is reported per row.
public enum CSVParser {
    /// One record of the file, its fields still bytes.
    public struct Row: Sendable {
        /// 1-based line on which the row starts.
        public var line: Int
        /// The fields in order, unquoted, as raw bytes (see ``strings()``).
        public var fields: [[UInt8]]
        /// Byte offset just past the row, for progress.
        public var endOffset: Int
        /// Set when the row's quoting is broken (an unterminated quote).
        public var error: String?

        /// The fields as strings, or nil if any is not valid UTF-8.
        public func strings() -> [String]? {
            var out: [String] = []
            out.reserveCapacity(fields.count)
            for field in fields {
                guard let string = field.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) else {
                    return nil
                }
                out.append(string)
            }
            return out
        }
    }

    /// Hands every row of `data` to `handle` in order; `separator` is the field byte (a comma by
    /// default). A broken row comes with its ``Row/error`` set and parsing goes on.
    public static func parse(_ data: Data, separator: UInt8 = 0x2C, row handle: (Row) throws -> Void) throws {
        let bytes = [UInt8](data)
        var index = 0
        var line = 1
        // Skip a UTF-8 byte-order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count {
            let startLine = line
            let startIndex = index
            var fields: [[UInt8]] = []
            var field: [UInt8] = []
            var error: String?
            var inQuotes = false
            var atFieldStart = true
            rowLoop: while index < bytes.count {
                let byte = bytes[index]
                if inQuotes {
                    if byte == 0x22 {
                        if index + 1 < bytes.count, bytes[index + 1] == 0x22 {
                            field.append(0x22)
                            index += 2
                            continue
                        }
                        inQuotes = false
                        index += 1
                        continue
                    }
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                    index += 1
                    continue
                }
                switch byte {
                case 0x22 where atFieldStart:
                    inQuotes = true
                    atFieldStart = false
                    index += 1
                case separator:
                    fields.append(field)
                    field = []
                    atFieldStart = true
                    index += 1
                case 0x0D:
                    index += 1
                case 0x0A:
                    index += 1
                    line += 1
                    break rowLoop
                default:
                    field.append(byte)
                    atFieldStart = false
                    index += 1
                }
            }
            if inQuotes {
                // The quote never closed: report this row and resume on the next line, so one
                // stray quote does not swallow the rest of the file.
                error = "unterminated quoted field"
                let nextLine = bytes[startIndex...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
                try handle(Row(line: startLine, fields: [], endOffset: nextLine, error: error))
                index = nextLine
                line = startLine + 1
                continue
            }
            fields.append(field)
            // A blank line is not a row.
            if fields.count == 1 && fields[0].isEmpty && error == nil { continue }
            try handle(Row(line: startLine, fields: fields, endOffset: index, error: error))
        }
    }
}
