/// The report's `revocation` section: every mode side by side on what matters when choosing a
/// revocation mechanism — latency (p50, p99), whether the CA learned the hostnames visited,
/// the CA's requests, the revocation bytes each handshake cost, and the exposure window.
public enum RevocationTableHTML {
    /// The column titles (without the sweep point column).
    public static let header = ["mode", "p50 ms", "p99 ms", "CA learned (pairs)", "CA requests",
                                "revocation bytes / handshake", "exposure window s", "per client s"]

    /// Whether the summary carries the revocation figures (a run's own summary does).
    public static func applies(to summary: Summary) -> Bool {
        summary.rows.contains { $0.revocation.caRequests != nil }
    }

    /// The `<table>` in a scrolling wrapper and a legend paragraph.
    public static func render(_ summary: Summary, modes: [String]) -> String {
        var html = ComparisonTableHTML.table(summary, modes: modes, header: header) { row in
            let figures = row.revocation
            let numbers = [ComparisonTable.ms(row.p50Ms), ComparisonTable.ms(row.p99Ms), ComparisonTable.pairs(row),
                           figures.caRequests.map(String.init) ?? "-",
                           figures.bytesPerHandshake.flatMap { FixedPoint.string($0, decimals: 0) } ?? "-",
                           figures.exposureWindowS.map(seconds) ?? "-",
                           figures.clients.isEmpty ? "-"
                               : figures.clients.map { "\($0.client) \(seconds($0.seconds))" }.joined(separator: ", ")]
            return numbers.map { $0 == "-" ? "—" : $0 }
        }
        html += "<p class=\"legend\">\(HTMLText.escape(legend))</p>"
        return html
    }

    /// Whole seconds, or `never refused`.
    static func seconds(_ value: Double) -> String {
        value.isInfinite ? "never refused" : (FixedPoint.string(value, decimals: 0) ?? "-")
    }

    /// What the columns mean.
    public static let legend = "CA learned: (client, site) pairs the CA's responder learned of those visited, whole run. "
        + "CA requests: OCSP, CRL and pushed-set requests, warm-up included. Revocation bytes: OCSP responses, CRLs "
        + "and pushed sets the clients downloaded, per attempt, warm-ups included (staples not counted). Exposure window: "
        + "scenario seconds from a mid-run revocation (sites[i].revoke_at) to the first refusal, the slowest client "
        + "(the largest over every (client, site) pair); never refused: some client kept accepting the certificate; "
        + "— when nothing was revoked mid-run. Per client: each client's own window (its slowest revoked site), "
        + "as in exposure.csv."
}
