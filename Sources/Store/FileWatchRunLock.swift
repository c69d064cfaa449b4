import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The watch's run lock on SQLite: an exclusive lock on a file beside the database, held for
/// one watch run, so that a timer run and a manual one never deliver the same alerts twice.
/// The kernel releases it when the process dies, so a killed run leaves no stale lock behind.
final class FileWatchRunLock: WatchRunLock {
    private let descriptor: Int32

    /// Takes the lock at `path` (created if missing); nil when another process holds it.
    init?(path: String) throws {
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError.lockUnavailable(path, String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
