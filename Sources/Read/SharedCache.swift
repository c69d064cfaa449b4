import Foundation

/// A dictionary of computed values shared by threads, emptied when it reaches `limit`
/// entries so it cannot grow without bound.
final class SharedCache<Key: Hashable, Value>: @unchecked Sendable {
    private var values: [Key: Value] = [:]
    private let lock = NSLock()
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The cached value for `key`, computing (outside the lock) and keeping it when absent.
    func value(for key: Key, compute: () -> Value) -> Value {
        lock.lock()
        if let value = values[key] {
            lock.unlock()
            return value
        }
        lock.unlock()
        let value = compute()
        lock.lock()
        if values.count >= limit { values.removeAll(keepingCapacity: true) }
        values[key] = value
        lock.unlock()
        return value
    }
}
