/// "Did you mean …?" for names in scenario files: the closest known name by edit distance.
enum ScenarioSpelling {
    /// The known name closest to `word`, if it is close enough to be a likely typo:
    /// at most one edit for short names, up to a third of the length for longer ones.
    /// Case and `-`/`_` differences count as nothing.
    static func suggestion(for word: String, among known: [String]) -> String? {
        let target = normalized(word)
        var best: (name: String, distance: Int)?
        for name in known {
            let distance = editDistance(target, normalized(name))
            if distance < (best?.distance ?? .max) { best = (name, distance) }
        }
        guard let best, best.name != word else { return nil }
        let allowed = max(1, min(3, max(word.count, best.name.count) / 3))
        return best.distance <= allowed ? best.name : nil
    }

    /// `; did you mean 'x'?` or nothing.
    static func hint(for word: String, among known: [String]) -> String {
        suggestion(for: word, among: known).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// ` (known: a, b, c)`, listing at most 16 names.
    static func knownList(_ known: [String]) -> String {
        let shown = known.prefix(24).joined(separator: ", ")
        return " (known: \(shown)\(known.count > 24 ? ", …" : ""))"
    }

    private static func normalized(_ word: String) -> [Character] {
        Array(word.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and
    /// transpositions of neighbours each cost one.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
