import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a file beside the database, held for one watch run, so that a timer
/// run and a manual one never deliver the same alerts twice. The kernel releases it when the
/// process dies, so a killed run leaves no stale lock behind.
final class RunLock {
    private let descriptor: Int32

    /// Takes the lock at `path` (created if missing) or throws ``WatchError/alreadyRunning(_:)``.
    init(path: String) throws {
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WatchError.lockUnavailable(path, String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw WatchError.alreadyRunning(path)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
