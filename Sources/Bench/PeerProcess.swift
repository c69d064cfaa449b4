import Foundation

/// Runs a benchmark peer (a Python script, a compiled C program) and collects what it says.
enum PeerProcess {
    /// Runs `executable` with `arguments` to the end: its status, standard output and standard
    /// error (read in full, for the message when it fails).
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: Data, error: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Standard error is drained on its own thread: a peer that fills the pipe's 64 kB with
        // warnings before it finishes its output would otherwise wait on us while we wait on it.
        let message = LockedData()
        let drained = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            message.set(error.fileHandleForReading.readDataToEndOfFile())
            drained.signal()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return (process.terminationStatus, data, String(decoding: message.get(), as: UTF8.self))
    }

    /// Bytes handed from the draining thread.
    private final class LockedData: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ value: Data) { lock.withLock { data = value } }
        func get() -> Data { lock.withLock { data } }
    }
}
