/// A reader of one direction of one protocol for a tap (TLS, HTTP): it takes the stream chunk by
/// chunk and says what it learned and which messages it recognised.
protocol TapReader {
    /// Reads `bytes`, appending what it learned and the messages it recognised to `output`.
    mutating func consume(_ bytes: some Collection<UInt8>, into output: inout TapOutput)
}

extension TapReader {
    /// Reads `bytes`, appending what it learned to `findings` (the messages are dropped).
    mutating func consume(_ bytes: some Collection<UInt8>, into findings: inout [TapFinding]) {
        var output = TapOutput()
        consume(bytes, into: &output)
        findings += output.findings
    }
}
