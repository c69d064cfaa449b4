import Foundation

/// Why a peer did not run, for the benchmark's output: what to install, or what it said.
struct PeerUnavailable: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
