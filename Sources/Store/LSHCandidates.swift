import Foundation

/// One import transaction's near-duplicate candidates by LSH key, so that each article's
/// candidates are answered from memory: the stored articles filed under each key, looked up a
/// batch at a time, and the articles this transaction filed, whose keys a backend keeps back
/// (written sorted when the transaction ends, on SQLite; in one statement of arrays at each
/// flush, on PostgreSQL).
public struct LSHCandidates {
    /// An article and its encoded signature (`Fingerprint.encode(_:)`).
    public typealias Candidate = (id: Int64, minhash: Data?)

    private var stored: [Int64: [Candidate]] = [:]
    private var fetched: Set<Int64> = []
    private var filed: [Int64: [Candidate]] = [:]
    /// The keys each article was found or filed under, so that forgetting one is cheap.
    private var keysOf: [Int64: [Int64]] = [:]

    /// No key looked up or filed yet.
    public init() {}

    /// The keys among `keys` not looked up yet, each once, in ascending order (the order an
    /// index reads them fastest).
    public func unfetched(_ keys: some Sequence<Int64>) -> [Int64] {
        // Filtered, not `subtracting`: that walks the (large) set of keys looked up.
        Set(keys.lazy.filter { !fetched.contains($0) }).sorted()
    }

    /// Records that `keys` were looked up: a key with no stored article has none.
    public mutating func markFetched(_ keys: [Int64]) {
        for key in keys where fetched.insert(key).inserted { stored[key] = [] }
    }

    /// A stored article filed under `key`, found by a lookup.
    public mutating func addStored(key: Int64, id: Int64, minhash: Data?) {
        stored[key, default: []].append((id, minhash))
        keysOf[id, default: []].append(key)
    }

    /// An article this transaction files under `key`.
    public mutating func file(key: Int64, id: Int64, minhash: Data?) {
        filed[key, default: []].append((id, minhash))
        keysOf[id, default: []].append(key)
    }

    /// Every article other than `id` under any of `keys`, each once: stored ones first, in the
    /// order found, then those this transaction filed, in the order filed.
    public func candidates(keys: [Int64], excluding id: Int64) -> [Candidate] {
        var seen: Set<Int64> = [id]
        var found: [Candidate] = []
        for key in keys {
            for list in [stored[key], filed[key]] {
                for candidate in list ?? [] where seen.insert(candidate.id).inserted { found.append(candidate) }
            }
        }
        return found
    }

    /// Forgets an article whose text (and so signature and keys) is being replaced.
    public mutating func forget(_ id: Int64) {
        for key in keysOf.removeValue(forKey: id) ?? [] {
            stored[key]?.removeAll { $0.id == id }
            filed[key]?.removeAll { $0.id == id }
        }
    }
}
