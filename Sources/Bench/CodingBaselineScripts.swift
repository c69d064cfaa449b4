import Foundation

/// The two Python peers of `bench coding`, each applying a `CodingBaselineSpec` to the same
/// articles (JSON Lines of `{id, title, body}`) and printing the articles each code was given.
///
/// Both implement the same rules: cues found per sentence (the title one sentence, the body
/// split at sentence ends and line breaks), a cue covered by an exclusion dropped, a context
/// rule checked against the other codes' cues in the sentences around, the roll-up to
/// `mention` or `focus`, and required codes applied until nothing changes. They differ only in
/// how they find the cues: standard-library regular expressions (what an analyst would write)
/// or one `pyahocorasick` automaton for the literal cues.
enum CodingBaselineScripts {
    /// The shared rules, then the regex matcher; `sys.argv[3] == "automaton"` swaps in
    /// pyahocorasick.
    static let python = #"""
        import json, re, sys, time
        spec = json.load(open(sys.argv[1], encoding="utf-8"))
        mode = sys.argv[3] if len(sys.argv) > 3 else "regex"
        start = time.perf_counter()
        SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
        WORD = re.compile(r"\w+")
        codes = spec["codes"]
        index = {c["name"]: i for i, c in enumerate(codes)}

        def korean_regex(term):
            letters = [re.escape(ch) for ch in term if not ch.isspace()]
            return r"\s*".join(letters)

        def compile_regex(cues):
            parts = []
            if cues["korean"]:
                parts.append("|".join(korean_regex(t) for t in cues["korean"]))
            if cues["latin"]:
                parts.append(r"(?i:(?<![^\W_])(?:" + "|".join(re.escape(t) for t in cues["latin"]) + r")(?![^\W_]))")
            if cues["acronyms"]:
                parts.append(r"(?<![^\W_])(?:" + "|".join(re.escape(t) for t in cues["acronyms"]) + r")(?![^\W_])")
            parts += ["(?:%s)" % r for r in cues["regex"]]
            return re.compile("|".join("(?:%s)" % p for p in parts)) if parts else None

        if mode == "automaton":
            import ahocorasick
            # One automaton over every literal cue: Korean matched in the text without spaces,
            # Latin in the lower-cased text with word boundaries checked after.
            korean_auto, latin_auto = ahocorasick.Automaton(), ahocorasick.Automaton()
            korean_keys, latin_keys = {}, {}
            for i, c in enumerate(codes):
                for kind, cues in (("cue", c["cues"]), ("exclusion", c["exclusions"])):
                    for t in cues["korean"]:
                        korean_keys.setdefault("".join(t.split()), []).append((i, kind))
                    for t in cues["latin"]:
                        latin_keys.setdefault(t.lower(), []).append((i, kind, False))
                    for t in cues["acronyms"]:
                        latin_keys.setdefault(t.lower(), []).append((i, kind, True))
            for key, targets in korean_keys.items():
                korean_auto.add_word(key, (len(key), targets))
            for key, targets in latin_keys.items():
                latin_auto.add_word(key, (len(key), targets))
            if korean_keys: korean_auto.make_automaton()
            if latin_keys: latin_auto.make_automaton()
            extra = [(compile_regex({"korean": [], "latin": [], "acronyms": [], "regex": c["cues"]["regex"]}),
                      compile_regex({"korean": [], "latin": [], "acronyms": [], "regex": c["exclusions"]["regex"]}))
                     for c in codes]

            def spans(text):
                out = [([], []) for _ in codes]
                positions = [i for i, ch in enumerate(text) if not ch.isspace()]
                if korean_keys:
                    squeezed = "".join(text[i] for i in positions)
                    for end, (length, targets) in korean_auto.iter(squeezed):
                        span = (positions[end - length + 1], positions[end] + 1)
                        for i, kind in targets:
                            out[i][0 if kind == "cue" else 1].append(span)
                if latin_keys:
                    lower = text.lower()
                    for end, (length, targets) in latin_auto.iter(lower):
                        s, e = end - length + 1, end + 1
                        if (s > 0 and (lower[s - 1].isalnum())) or (e < len(lower) and lower[e].isalnum()):
                            continue
                        for i, kind, exact in targets:
                            group = codes[i]["cues" if kind == "cue" else "exclusions"]
                            if exact and text[s:e] not in group["acronyms"]:
                                continue
                            out[i][0 if kind == "cue" else 1].append((s, e))
                for i, (cue, exclusion) in enumerate(extra):
                    if cue: out[i][0].extend(m.span() for m in cue.finditer(text))
                    if exclusion: out[i][1].extend(m.span() for m in exclusion.finditer(text))
                return out
        else:
            compiled = [(compile_regex(c["cues"]), compile_regex(c["exclusions"])) for c in codes]

            def spans(text):
                out = []
                for cue, exclusion in compiled:
                    hits = [m.span() for m in cue.finditer(text)] if cue else []
                    covers = [m.span() for m in exclusion.finditer(text)] if exclusion and hits else []
                    out.append((hits, covers))
                return out

        def code_article(title, body):
            sentences = [title] + [s for s in SENTENCE_END.split(body) if s.strip()]
            hits = []  # per sentence: per code, the surviving cue spans
            for sentence in sentences:
                found = spans(sentence)
                hits.append([[h for h in cue if not any(a <= h[0] and h[1] <= b for a, b in covers)]
                             for cue, covers in found])
            qualifying = [[] for _ in codes]
            for s, per_code in enumerate(hits):
                for i, c in enumerate(codes):
                    if not per_code[i]:
                        continue
                    if c.get("contextCodes"):
                        window = c.get("contextSentences") or 0
                        near = range(max(0, s - window), min(len(hits), s + window + 1))
                        others = [index[n] for n in c.get("contextCodes") if n in index]
                        ok = any(hits[t][o] for t in near for o in others)
                        if ok and window == 0 and c.get("contextWords") is not None:
                            words = [m.start() for m in WORD.finditer(sentences[s])]
                            def word_at(position):
                                return sum(1 for w in words if w <= position)
                            ok = any(abs(word_at(h[0]) - word_at(g[0])) <= c.get("contextWords")
                                     for h in per_code[i] for o in others for g in hits[s][o])
                        if not ok:
                            continue
                    qualifying[i].append(s)
            levels = {}
            for i, c in enumerate(codes):
                n = len(qualifying[i])
                if n < c["mentionSentences"]:
                    continue
                focus = n >= c["focusSentences"] or n / len(sentences) >= c["focusShare"] \
                    or (c["focusOnTitle"] and 0 in qualifying[i])
                levels[c["name"]] = "focus" if focus else "mention"
            changed = True
            while changed:
                changed = False
                for c in codes:
                    if c["name"] in levels and any(r not in levels for r in c["requires"]):
                        del levels[c["name"]]
                        changed = True
            return levels

        result = {c["name"]: [] for c in codes}
        articles = 0
        for line in open(sys.argv[2], encoding="utf-8"):
            record = json.loads(line)
            articles += 1
            for name in code_article(record["title"], record["body"]):
                result[name].append(record["id"])
        print(json.dumps({"articles": articles, "seconds": time.perf_counter() - start, "codes": result}))
        """#
}
