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
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data, String(decoding: message, as: UTF8.self))
    }
}
