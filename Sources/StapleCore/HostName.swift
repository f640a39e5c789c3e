/// The one check of a hostname as StapleBench takes it (a scenario's sites and responder, the
/// names `serve` answers for): a lowercase DNS name.
public enum HostName {
    /// Whether `host` is a lowercase DNS name: letters, digits and hyphens, labels of 1–63
    /// characters that neither start nor end with a hyphen, 253 characters at most.
    public static func isValid(_ host: String) -> Bool {
        guard !host.isEmpty, host.count <= 253 else { return false }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
    }
}
