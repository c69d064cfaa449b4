import Foundation

/// Fixed slots written by concurrent workers, each slot by exactly one worker: the one way
/// Sinmun spreads a batch over the cores and keeps the results in the batch's order.
public final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    /// `count` empty slots.
    public init(count: Int) { storage = Array(repeating: nil, count: count) }

    /// Fills slot `index`.
    public func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    /// The values in slot order (every slot must have been set).
    public var values: [Value] { storage.map { $0! } }

    /// `body(i)` for every `i` in `0..<count`, computed by `workers` concurrent workers (worker
    /// `w` takes `w`, `w + workers`, …), in index order.
    public static func map(count: Int, workers: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
        let slots = ResultSlots(count: count)
        let workers = max(1, min(count, workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < count {
                slots.set(index, body(index))
                index += workers
            }
        }
        return slots.values
    }
}
