import Foundation

/// The matcher's strongest peers, run on the same bytes and the same patterns in the same run:
/// Hyperscan in literal mode from C (Debian's `libhyperscan-dev`, compiled here with `cc`), and
/// the Rust Aho–Corasick crate through its Python wheel (`ahocorasick-rs`). Each reports every
/// occurrence, overlapping ones included, with its start and end, and times only the scan.
enum MatcherPeers {
    /// What a peer found and how long it took.
    struct Outcome: Codable, Sendable {
        /// Occurrences reported.
        var occurrences: Int
        /// Seconds scanning (compiling and reading left out).
        var seconds: Double
        /// Seconds compiling the patterns.
        var compileSeconds: Double
    }

    /// Hyperscan's multi-literal API, every match with its leftmost start (`HS_FLAG_SOM_LEFTMOST`,
    /// the offsets Sinmun reports), counted in the callback.
    static let hyperscanSource = #"""
        #include <hs/hs.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <time.h>

        static unsigned long long count = 0;

        static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                            unsigned int flags, void *context) {
            (void)id; (void)from; (void)to; (void)flags; (void)context;
            count++;
            return 0;
        }

        static char *slurp(const char *path, size_t *size) {
            FILE *file = fopen(path, "rb");
            if (!file) { perror(path); exit(2); }
            fseek(file, 0, SEEK_END);
            *size = (size_t)ftell(file);
            fseek(file, 0, SEEK_SET);
            char *data = malloc(*size + 1);
            if (fread(data, 1, *size, file) != *size) { perror(path); exit(2); }
            data[*size] = 0;
            fclose(file);
            return data;
        }

        static double since(struct timespec start) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            return (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
        }

        int main(int argc, char **argv) {
            if (argc != 3) { fprintf(stderr, "usage: hyperscan-peer PATTERNS TEXT\n"); return 2; }
            size_t patternBytes, textBytes;
            char *patterns = slurp(argv[1], &patternBytes);
            char *text = slurp(argv[2], &textBytes);
            unsigned int n = 0;
            for (size_t i = 0; i < patternBytes; i++) if (patterns[i] == '\n') n++;
            const char **expressions = malloc(n * sizeof(char *));
            size_t *lengths = malloc(n * sizeof(size_t));
            unsigned int *flags = malloc(n * sizeof(unsigned int));
            unsigned int *ids = malloc(n * sizeof(unsigned int));
            unsigned int k = 0;
            char *line = patterns;
            for (size_t i = 0; i < patternBytes; i++) {
                if (patterns[i] != '\n') continue;
                if (&patterns[i] > line) {
                    expressions[k] = line; lengths[k] = (size_t)(&patterns[i] - line);
                    flags[k] = HS_FLAG_SOM_LEFTMOST; ids[k] = k; k++;
                }
                line = &patterns[i + 1];
            }
            hs_database_t *database = NULL;
            hs_compile_error_t *error = NULL;
            struct timespec start;
            clock_gettime(CLOCK_MONOTONIC, &start);
            if (hs_compile_lit_multi(expressions, flags, ids, lengths, k, HS_MODE_BLOCK, NULL, &database, &error)
                != HS_SUCCESS) {
                fprintf(stderr, "hyperscan: %s\n", error->message);
                return 2;
            }
            double compileSeconds = since(start);
            hs_scratch_t *scratch = NULL;
            if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) { fprintf(stderr, "scratch\n"); return 2; }
            clock_gettime(CLOCK_MONOTONIC, &start);
            if (hs_scan(database, text, (unsigned int)textBytes, 0, scratch, on_match, NULL) != HS_SUCCESS) {
                fprintf(stderr, "hyperscan: scan failed\n");
                return 2;
            }
            double seconds = since(start);
            printf("{\"occurrences\": %llu, \"seconds\": %.6f, \"compileSeconds\": %.6f}\n",
                   count, seconds, compileSeconds);
            return 0;
        }
        """#

    /// The Rust crate's Python wheel: every occurrence, overlapping ones included, as indexes.
    static let ahoCorasickRsScript = #"""
        import json, sys, time
        import ahocorasick_rs
        patterns = [p for p in open(sys.argv[1], encoding="utf-8").read().split("\n") if p]
        text = open(sys.argv[2], encoding="utf-8").read()
        start = time.perf_counter()
        automaton = ahocorasick_rs.AhoCorasick(patterns)
        compile_seconds = time.perf_counter() - start
        start = time.perf_counter()
        matches = automaton.find_matches_as_indexes(text, overlapping=True)
        seconds = time.perf_counter() - start
        print(json.dumps({"occurrences": len(matches), "seconds": seconds, "compileSeconds": compile_seconds}))
        """#

    /// Compiles and runs the Hyperscan peer; the failure says what to install.
    static func hyperscan(patterns: URL, text: URL, in directory: URL) -> Result<Outcome, PeerUnavailable> {
        guard let compiler = ToolLookup.path(of: "cc", preferring: ["/usr/bin/cc", "/usr/bin/gcc"]) else {
            return .failure(PeerUnavailable("no C compiler (apt-get install gcc)"))
        }
        let source = directory.appendingPathComponent("hyperscan-peer.c")
        let binary = directory.appendingPathComponent("hyperscan-peer")
        do {
            try Data(hyperscanSource.utf8).write(to: source)
            let build = try PeerProcess.run(compiler, ["-O2", "-o", binary.path, source.path, "-lhs"])
            guard build.status == 0 else {
                return .failure(
                    PeerUnavailable("Hyperscan did not build (apt-get install libhyperscan-dev): \(build.error)"))
            }
            return outcome(try PeerProcess.run(binary.path, [patterns.path, text.path]), peer: "Hyperscan")
        } catch {
            return .failure(PeerUnavailable("Hyperscan: \(error)"))
        }
    }

    /// Runs the `ahocorasick-rs` peer; the failure says what to install.
    static func ahoCorasickRs(patterns: URL, text: URL, in directory: URL) -> Result<Outcome, PeerUnavailable> {
        guard let python = ToolLookup.path(of: "python3") else {
            return .failure(PeerUnavailable("no python3 on PATH"))
        }
        let script = directory.appendingPathComponent("ahocorasick-rs-peer.py")
        do {
            try Data(ahoCorasickRsScript.utf8).write(to: script)
            return outcome(
                try PeerProcess.run(python, [script.path, patterns.path, text.path]), peer: "ahocorasick-rs")
        } catch {
            return .failure(PeerUnavailable("ahocorasick-rs: \(error)"))
        }
    }

    static func outcome(
        _ run: (status: Int32, output: Data, error: String), peer: String
    ) -> Result<
        Outcome, PeerUnavailable
    > {
        guard run.status == 0, let outcome = try? JSONDecoder().decode(Outcome.self, from: run.output) else {
            let hint = peer == "ahocorasick-rs" ? " (pip install ahocorasick-rs)" : ""
            return .failure(PeerUnavailable("\(peer) did not run\(hint): \(run.error.suffix(300))"))
        }
        return .success(outcome)
    }
}
