/// What a tap reader learned from some bytes: findings for the privacy ledger, and the
/// messages it recognised for the wire timeline.
struct TapOutput {
    /// Hostnames and serials read in clear.
    var findings: [TapFinding] = []
    /// Messages recognised, with the stream position of their first byte.
    var sightings: [WireSighting] = []
}
