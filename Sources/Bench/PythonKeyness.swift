import Foundation

/// The baseline of the keyness benchmark: Python reading the same SQLite file, summing the
/// month's term counts with `collections.Counter` and computing signed G², p and
/// Benjamini–Hochberg q for every term with NumPy and SciPy, as a careful analyst would.
enum PythonKeyness {
    struct Output: Decodable {
        var seconds: Double
        var top: [String]
    }

    static func run(database: String, month: String, workdir: URL) -> Result<Output, BenchError> {
        let script = workdir.appendingPathComponent("keyness_baseline.py")
        do {
            try Data(source.utf8).write(to: script)
        } catch {
            return .failure(.cannotWrite(path: script.path))
        }
        // The python3 on PATH: the one an analyst's NumPy and SciPy are installed for.
        guard let python = ToolLookup.path(of: "python3") else {
            return .failure(.stepFailed(subcommand: "python3 (not on PATH)", status: -1))
        }
        let run: (status: Int32, output: Data, error: String)
        do { run = try PeerProcess.run(python, [script.path, database, month]) } catch {
            return .failure(.stepFailed(subcommand: "python3", status: -1))
        }
        guard run.status == 0, let output = try? JSONDecoder().decode(Output.self, from: run.output) else {
            return .failure(.stepFailed(subcommand: "python3 (NumPy and SciPy needed)", status: run.status))
        }
        return .success(output)
    }

    static let source = #"""
        import json, sqlite3, sys, time
        from collections import Counter
        import numpy as np
        from scipy.special import xlogy
        from scipy.stats import chi2, false_discovery_control

        def decode(blob):
            out, i, previous = [], 0, 0
            while i < len(blob):
                values = []
                for _ in range(2):
                    value, shift = 0, 0
                    while True:
                        byte = blob[i]; i += 1
                        value |= (byte & 0x7F) << shift; shift += 7
                        if byte < 0x80: break
                    values.append(value)
                previous += values[0]
                out.append((previous, values[1]))
            return out

        def keyness(db, month):
            con = sqlite3.connect(db)
            target, target_tokens = Counter(), 0
            rows = con.execute(
                "SELECT t.tokens, t.terms FROM article a JOIN article_terms t ON t.article_id = a.id "
                "WHERE a.date >= ? AND a.date <= ?", (month + "-01", month + "-31"))
            for tokens, blob in rows:
                target_tokens += tokens
                for term, count in decode(blob):
                    target[term] += count
            terms = con.execute("SELECT id, key, tokens FROM term WHERE tokens > 0 ORDER BY id").fetchall()
            ids = np.array([t[0] for t in terms]); keys = [t[1] for t in terms]
            totals = np.array([t[2] for t in terms], dtype=float)
            all_tokens = con.execute("SELECT sum(tokens) FROM article_terms").fetchone()[0]
            a = np.array([target.get(int(i), 0) for i in ids], dtype=float)
            b = totals - a
            t, r = float(target_tokens), float(all_tokens - target_tokens)
            keep = (a + b) >= 5
            a, b, ids, keys = a[keep], b[keep], ids[keep], [k for k, kept in zip(keys, keep) if kept]
            n = t + r
            observed = [a, b, t - a, r - b]
            expected = [(a + b) * t / n, (a + b) * r / n, (n - a - b) * t / n, (n - a - b) * r / n]
            g2 = 2 * sum(xlogy(o, o / e) for o, e in zip(observed, expected))
            g2 = np.where(a >= expected[0], g2, -g2)
            p = chi2.sf(np.abs(g2), 1)
            q = false_discovery_control(p)
            order = sorted(range(len(keys)), key=lambda k: (-g2[k], ids[k]))
            return [keys[k] for k in order[:20]], q

        times = []
        for _ in range(3):
            start = time.perf_counter()
            top, _ = keyness(sys.argv[1], sys.argv[2])
            times.append(time.perf_counter() - start)
        print(json.dumps({"seconds": sorted(times)[1], "top": top}))
        """#
}
