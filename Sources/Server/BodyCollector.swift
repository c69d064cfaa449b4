import Hummingbird
import NIOConcurrencyHelpers

/// A response-body writer that keeps what is written, to cache or compress it.
struct BodyCollector: ResponseBodyWriter {
    /// Everything written so far.
    let buffer = NIOLockedValueBox(ByteBuffer())

    mutating func write(_ buffer: ByteBuffer) async throws {
        self.buffer.withLockedValue { collected in
            var part = buffer
            collected.writeBuffer(&part)
        }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
