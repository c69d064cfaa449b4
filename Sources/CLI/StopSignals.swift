import Foundation

/// Runs a block on SIGTERM or SIGINT instead of dying, so that a long-running command
/// (`watch run --every`) can finish its current step and exit cleanly. A second signal exits
/// at once, for a step that takes longer than the person waiting.
final class StopSignals: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]
    private let count = Counter()

    init(_ action: @escaping @Sendable () -> Void) {
        let count = self.count
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if count.increment() > 1 { exit(128 + number) }
                action()
            }
            source.resume()
            return source
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() -> Int {
            lock.withLock {
                value += 1
                return value
            }
        }
    }

    func remove() {
        for source in sources { source.cancel() }
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
    }
}
