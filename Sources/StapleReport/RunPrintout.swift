/// What `staplebench run` prints after a scenario: the comparison table with its legend and
/// verdicts, who learned which hostname, and the (client, site) pairs each observer learned,
/// all fitted to `width` (see `TerminalWidth`).
public enum RunPrintout {
    /// The text, ending with a newline.
    public static func render(_ summary: Summary, ledgers: [PrivacyLedger], history: PrivacyHistory?,
                              addressNames: [String: String], width: Int) -> String {
        var text = ComparisonTable.render(summary, width: width)
        if !ledgers.isEmpty {
            text += "\nWho learned which hostname:\n"
            text += PrivacyMatrix.render(ledgers, addressNames: addressNames, width: width)
            let sentences = history?.sentences ?? []
            if !sentences.isEmpty {
                text += "\nBrowsing history learned, whole run (warm-up included):\n"
                text += sentences.flatMap { LineWrap.wrap("  " + $0, width: width, indent: 4) }
                    .map { $0 + "\n" }.joined()
            }
        }
        return text
    }
}
