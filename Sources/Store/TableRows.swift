import Foundation

/// Rows of a ``CorpusTable`` held column by column, as a copy moves them between backends: a
/// column's values travel together, so a backend can write a whole batch in one statement.
public struct TableRows: Sendable {
    /// One column's values, one per row (nil for NULL).
    public enum Values: Sendable, Equatable {
        /// An integer column.
        case integers([Int64?])
        /// A real column.
        case reals([Double?])
        /// A text column.
        case texts([String?])
        /// A blob column.
        case blobs([Data?])

        /// How many rows the column holds.
        public var count: Int {
            switch self {
            case .integers(let values): values.count
            case .reals(let values): values.count
            case .texts(let values): values.count
            case .blobs(let values): values.count
            }
        }
    }

    /// The table the rows belong to.
    public let table: CorpusTable
    /// The values of each of the table's columns, in its column order.
    public let columns: [Values]

    /// Rows of `table`; `columns` follow its column order and hold as many values each.
    public init(table: CorpusTable, columns: [Values]) {
        precondition(columns.count == table.columns.count, "one list of values per column")
        self.table = table
        self.columns = columns
    }

    /// How many rows there are.
    public var count: Int { columns.first?.count ?? 0 }

    /// These rows `size` at a time, in order: how a large table goes over in statements of a
    /// bounded size.
    public func chunks(of size: Int) -> [TableRows] {
        stride(from: 0, to: count, by: max(size, 1)).map { start in
            let range = start..<min(start + size, count)
            return TableRows(
                table: table,
                columns: columns.map { values in
                    switch values {
                    case .integers(let all): .integers(Array(all[range]))
                    case .reals(let all): .reals(Array(all[range]))
                    case .texts(let all): .texts(Array(all[range]))
                    case .blobs(let all): .blobs(Array(all[range]))
                    }
                })
        }
    }

    /// The values of the named column, if it is a text column.
    public func texts(_ name: String) -> [String?]? {
        guard let index = table.columns.firstIndex(where: { $0.name == name }),
            case .texts(let values) = columns[index]
        else { return nil }
        return values
    }

    /// The values of the named column, if it is a blob column.
    public func blobs(_ name: String) -> [Data?]? {
        guard let index = table.columns.firstIndex(where: { $0.name == name }),
            case .blobs(let values) = columns[index]
        else { return nil }
        return values
    }

    /// The values of the named column, if it is an integer column.
    public func integers(_ name: String) -> [Int64?]? {
        guard let index = table.columns.firstIndex(where: { $0.name == name }),
            case .integers(let values) = columns[index]
        else { return nil }
        return values
    }
}
